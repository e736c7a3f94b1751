/** Ingress routing as ingress-nginx does it: host, path types, longest match, default backend, ports, TLS, 404/503. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { buildIngressTable, ingressNginx, nginxPage, prefixMatches, routeIngress, servedByIngressNginx } from '../../src/dataplane/ingress.js';
import type { HttpRequest, HttpResult, World } from '../../src/dataplane/types.js';
import { MemoryStore } from '../../src/store/file-store.js';
import type { Snapshot } from '../../src/store/types.js';

const svcBackend = (name: string, port: number | string) => ({ service: { name, port: typeof port === 'number' ? { number: port } : { name: port } } });
const path = (p: string, pathType: string, svc: string, port: number | string = 80) => ({ path: p, pathType, backend: svcBackend(svc, port) });

function ingress(name: string, spec: any, opts: { created?: string; annotations?: Record<string, string>; ns?: string } = {}): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: opts.ns ?? 'default', creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z', annotations: opts.annotations },
    spec: { ingressClassName: 'nginx', ...spec },
  };
}

/** Where a request goes: `svc:port path`, `404`, or `308 location`. */
function where(ings: KubeObject[], host: string, p: string, tls = false): string {
  const r = routeIngress(buildIngressTable(ings), host, p, tls);
  if (r.kind === 'not-found') return '404';
  if (r.kind === 'redirect') return `308 ${r.location}`;
  return r.backend ? `${r.backend.service}:${r.backend.port}` : 'no-service';
}

describe('ingress routing', () => {
  const main = ingress('main', {
    rules: [
      { host: 'shop.example.com', http: { paths: [path('/', 'Prefix', 'front'), path('/api', 'Prefix', 'api', 8080), path('/api/v2/health', 'Exact', 'health', 'http')] } },
      { host: '*.example.com', http: { paths: [path('/', 'Prefix', 'wild')] } },
      { http: { paths: [path('/static', 'ImplementationSpecific', 'static')] } },
    ],
  });

  test('host: exact name first, then a wildcard covering one label, then the catch-all', () => {
    assert.equal(where([main], 'shop.example.com', '/'), 'front:80');
    assert.equal(where([main], 'SHOP.example.com:8080', '/'), 'front:80');
    assert.equal(where([main], 'blog.example.com', '/x'), 'wild:80');
    // A wildcard matches exactly one label: not two, not none.
    assert.equal(where([main], 'a.blog.example.com', '/x'), '404');
    assert.equal(where([main], 'example.com', '/x'), '404');
    assert.equal(where([main], '172.18.0.2', '/static/app.js'), 'static:80');
  });

  test('Prefix matches by path element; Exact only the same path; the longest match wins', () => {
    assert.equal(where([main], 'shop.example.com', '/api'), 'api:8080');
    assert.equal(where([main], 'shop.example.com', '/api/'), 'api:8080');
    assert.equal(where([main], 'shop.example.com', '/api/v1/items?x=1'), 'api:8080');
    assert.equal(where([main], 'shop.example.com', '/apis'), 'front:80');
    assert.equal(where([main], 'shop.example.com', '/api/v2/health'), 'health:http');
    assert.equal(where([main], 'shop.example.com', '/api/v2/health/'), 'api:8080');
    assert.ok(prefixMatches('/foo/', '/foo'));
    assert.ok(!prefixMatches('/foo/bar', '/foo/barbaz'));
    assert.ok(prefixMatches('/', '/anything'));
  });

  test('ImplementationSpecific is an nginx prefix location (a plain string prefix), a case-insensitive regex with use-regex', () => {
    assert.equal(where([main], 'any.host', '/staticfiles'), 'static:80');
    assert.equal(where([main], 'any.host', '/Static'), '404');
    const rx = ingress('rx', { rules: [{ host: 'rx.test', http: { paths: [path('/v[0-9]+/items', 'ImplementationSpecific', 'items')] } }] }, { annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } });
    assert.equal(where([rx], 'rx.test', '/V2/items/7'), 'items:80');
    assert.equal(where([rx], 'rx.test', '/vx/items'), '404');
  });

  test('default backend: for the hosts of its Ingress, and for the catch-all from an Ingress without rules', () => {
    const withDefault = ingress('d', { defaultBackend: svcBackend('fallback', 80), rules: [{ host: 'a.test', http: { paths: [path('/app', 'Prefix', 'app')] } }] });
    assert.equal(where([withDefault], 'a.test', '/app/1'), 'app:80');
    assert.equal(where([withDefault], 'a.test', '/other'), 'fallback:80');
    assert.equal(where([withDefault], 'b.test', '/other'), '404');
    const onlyDefault = ingress('only', { defaultBackend: svcBackend('catch', 'web') });
    assert.equal(where([withDefault, onlyDefault], 'b.test', '/other'), 'catch:web');
  });

  test('the oldest Ingress keeps a host and path two of them claim; Ingresses of other classes are ignored', () => {
    const older = ingress('older', { rules: [{ host: 'x.test', http: { paths: [path('/', 'Prefix', 'old')] } }] }, { created: '2026-01-01T00:00:00Z' });
    const newer = ingress('newer', { rules: [{ host: 'x.test', http: { paths: [path('/', 'Prefix', 'new'), path('/n', 'Prefix', 'n')] } }] }, { created: '2026-01-02T00:00:00Z' });
    assert.equal(where([newer, older], 'x.test', '/'), 'old:80');
    assert.equal(where([newer, older], 'x.test', '/n'), 'n:80');
    const traefik = ingress('t', { ingressClassName: 'traefik', rules: [{ host: 't.test', http: { paths: [path('/', 'Prefix', 't')] } }] });
    assert.equal(servedByIngressNginx(traefik), false);
    assert.equal(where([traefik], 't.test', '/'), '404');
    const classless = ingress('c', { ingressClassName: undefined, rules: [{ host: 'c.test', http: { paths: [path('/', 'Prefix', 'c')] } }] });
    assert.equal(servedByIngressNginx(classless), true, 'kind runs it with --watch-ingress-without-class=true');
  });

  test('TLS hosts: plain HTTP gets a 308 to https, unless ssl-redirect is false', () => {
    const tls = ingress('tls', { tls: [{ hosts: ['secure.test'], secretName: 's' }], rules: [{ host: 'secure.test', http: { paths: [path('/', 'Prefix', 'sec')] } }] });
    assert.equal(where([tls], 'secure.test', '/a?b=1'), '308 https://secure.test/a?b=1');
    assert.equal(where([tls], 'secure.test', '/a', true), 'sec:80');
    const off = ingress('tls', { ...tls.spec }, { annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } });
    assert.equal(where([off], 'secure.test', '/a'), 'sec:80');
  });
});

describe('ingressNginx server behaviour', () => {
  function worldWith(objs: Array<[string, string, unknown]>): World {
    const store = new MemoryStore();
    store.update((tx) => {
      for (const [c, k, v] of objs) tx.put(c, k, v);
    });
    const snap = store.read((s) => s) as Snapshot;
    let seed = 1;
    return { snap, now: Date.parse('2026-12-02T16:00:00Z'), random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) };
  }
  const ing = ingress('web', {
    rules: [{ host: 'web.test', http: { paths: [path('/', 'Prefix', 'web', 'http'), path('/empty', 'Prefix', 'empty', 80), path('/nosvc', 'Prefix', 'missing', 80)] } }],
  });
  const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
  const slice = (svcName: string, eps: Array<[string, boolean, string]>) => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name: `${svcName}-abc`, namespace: 'default', labels: { 'kubernetes.io/service-name': svcName } },
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: eps.map(([ip, ready, pod]) => ({ addresses: [ip], conditions: { ready }, targetRef: { kind: 'Pod', name: pod, namespace: 'default' } })),
  });
  const world = worldWith([
    ['networking.k8s.io/ingresses', 'default/web', ing],
    ['core/services', 'default/web', svc('web')],
    ['core/services', 'default/empty', svc('empty')],
    ['discovery.k8s.io/endpointslices', 'default/web-abc', slice('web', [['10.244.1.5', true, 'web-1'], ['10.244.2.5', true, 'web-2'], ['10.244.3.5', false, 'web-3']])],
    ['discovery.k8s.io/endpointslices', 'default/empty-abc', slice('empty', [['10.244.1.9', false, 'empty-1']])],
  ]);
  const self = { pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ingress-nginx-controller-x', namespace: 'ingress-nginx' } } as KubeObject, container: 'controller' };
  const req = (p: string, host = 'web.test'): HttpRequest => ({ method: 'GET', host, path: p, headers: {}, ip: '172.18.0.2', port: 80 });
  const sent: HttpRequest[] = [];
  const forward = (r: HttpRequest): HttpResult => {
    sent.push(r);
    return { ok: true, ip: r.ip, port: r.port, hops: [], response: { status: 200, reason: 'OK', headers: [], body: 'hi\n', latencyMs: 1 } };
  };

  test('forwards round robin to the ready endpoints only, with the X-Forwarded headers', () => {
    sent.length = 0;
    for (let i = 0; i < 6; i++) {
      const r = ingressNginx(world, self, req('/x'), forward) as HttpResult;
      assert.ok('ok' in r && r.ok);
    }
    assert.deepEqual(sent.map((r) => `${r.ip}:${r.port}`).sort(), ['10.244.1.5:8080', '10.244.1.5:8080', '10.244.1.5:8080', '10.244.2.5:8080', '10.244.2.5:8080', '10.244.2.5:8080']);
    assert.equal(sent[0]!.headers['X-Forwarded-Host'], 'web.test');
    assert.equal(sent[0]!.headers['X-Forwarded-Proto'], 'http');
    assert.match(sent[0]!.headers['X-Request-ID']!, /^[0-9a-f]{32}$/);
  });

  test('404 where nothing matches, 503 where the backend has no ready endpoint or does not exist: nginx pages', () => {
    const nf = ingressNginx(world, self, req('/', 'other.test'), forward) as any;
    assert.equal(nf.status, 404);
    assert.equal(nf.body, nginxPage(404));
    assert.match(nf.body, /<center><h1>404 Not Found<\/h1><\/center>\r\n<hr><center>nginx<\/center>/);
    for (const p of ['/empty', '/nosvc']) {
      const r = ingressNginx(world, self, req(p), forward) as any;
      assert.equal(r.status, 503, p);
      assert.equal(r.reason, 'Service Temporarily Unavailable');
      assert.deepEqual(r.headers.map(([k]: [string]) => k), ['Date', 'Content-Type', 'Content-Length', 'Connection']);
      assert.equal(r.headers[0][1], 'Wed, 02 Dec 2026 16:00:00 GMT');
    }
  });
});
