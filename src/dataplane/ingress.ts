/**
 * Ingress routing as ingress-nginx does it, as pure functions over the store's objects:
 * which Ingresses the controller serves, which backend a request reaches (host exact or
 * wildcard, Exact / Prefix / ImplementationSpecific paths, the longest match, default
 * backends, TLS redirects), and `ingressNginx`, the ServerBehaviour of the controller's pod:
 * it answers 404/503/308 itself with nginx's pages and forwards everything else to a ready
 * endpoint of the backend Service (ingress-nginx talks to endpoints, not to the ClusterIP).
 */
import type { KubeObject } from '../api/types.js';
import { httpDate } from './http.js';
import { servedByIngressNginx } from './ingress-class.js';
import { indexOf } from './world.js';
import type { HttpRequest, HttpResponse, HttpResult, ServerBehaviour, World } from './types.js';

export { ingressClassOf, servedByIngressNginx } from './ingress-class.js';

const ANN_USE_REGEX = 'nginx.ingress.kubernetes.io/use-regex';
const ANN_REWRITE = 'nginx.ingress.kubernetes.io/rewrite-target';
const ANN_SSL_REDIRECT = 'nginx.ingress.kubernetes.io/ssl-redirect';

export interface ServiceBackend {
  namespace: string;
  service: string;
  port: number | string | undefined;
}

/** Where the routing sent a request. */
export type Route =
  | { kind: 'backend'; ingress: KubeObject; host: string; path: string; pathType: string; backend: ServiceBackend | undefined }
  /** No rule and no default backend: the controller's own 404. */
  | { kind: 'not-found'; host: string }
  /** A TLS host asked for over plain HTTP: ingress-nginx's 308 to https. */
  | { kind: 'redirect'; host: string; location: string };

interface Location {
  path: string;
  pathType: string;
  regex?: RegExp;
  ingress: KubeObject;
  backend: ServiceBackend | undefined;
}

interface Server {
  locations: Location[];
  /** The default backend of the Ingress that defined this host (first by age), if it has one. */
  fallback?: { ingress: KubeObject; backend: ServiceBackend | undefined };
  tls: boolean;
  sslRedirect: boolean;
  regex: boolean;
}

/** The servers ingress-nginx builds from every Ingress it serves, by host (`_`: the catch-all server). */
export interface IngressTable {
  exact: Map<string, Server>;
  /** `*.example.com` keyed by `example.com`. */
  wildcard: Map<string, Server>;
  catchAll: Server;
}

function backendOf(ns: string, b: any): ServiceBackend | undefined {
  if (!b?.service?.name) return undefined;
  const port = b.service.port?.number ?? b.service.port?.name;
  return { namespace: ns, service: String(b.service.name), port };
}

const age = (o: KubeObject) => String(o.metadata.creationTimestamp ?? '');

/** Oldest first, as ingress-nginx orders Ingresses: the oldest wins a conflicting host and path. */
function byAge(a: KubeObject, b: KubeObject): number {
  const d = age(a).localeCompare(age(b));
  if (d !== 0) return d;
  const ka = `${a.metadata.namespace}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function newServer(): Server {
  return { locations: [], tls: false, sslRedirect: false, regex: false };
}

/** Builds the routing table from the Ingresses the controller serves (others are ignored). */
export function buildIngressTable(ingresses: KubeObject[]): IngressTable {
  const table: IngressTable = { exact: new Map(), wildcard: new Map(), catchAll: newServer() };
  const serverFor = (host: string | undefined): Server => {
    if (!host) return table.catchAll;
    const h = host.toLowerCase();
    const map = h.startsWith('*.') ? table.wildcard : table.exact;
    const key = h.startsWith('*.') ? h.slice(2) : h;
    let s = map.get(key);
    if (!s) map.set(key, (s = newServer()));
    return s;
  };
  const served = ingresses.filter((i) => servedByIngressNginx(i) && !i.metadata.deletionTimestamp).sort(byAge);
  for (const ing of served) {
    const ns = ing.metadata.namespace ?? 'default';
    const ann = ing.metadata.annotations ?? {};
    const regex = ann[ANN_USE_REGEX] === 'true' || ANN_REWRITE in ann;
    const redirect = ann[ANN_SSL_REDIRECT] !== 'false';
    const defaultBackend = ing.spec?.defaultBackend ? { ingress: ing, backend: backendOf(ns, ing.spec.defaultBackend) } : undefined;
    const tlsHosts = new Set<string>();
    for (const t of ing.spec?.tls ?? []) for (const h of t?.hosts ?? []) tlsHosts.add(String(h).toLowerCase());
    // Only an Ingress without rules gives the catch-all server its default backend; one with rules
    // gives it to the hosts its rules name.
    const rules = (ing.spec?.rules ?? []) as any[];
    if (defaultBackend && rules.length === 0 && !table.catchAll.fallback) table.catchAll.fallback = defaultBackend;
    for (const rule of rules) {
      const server = serverFor(rule?.host);
      if (regex) server.regex = true;
      if (defaultBackend && rule?.host && !server.fallback) server.fallback = defaultBackend;
      if (rule?.host && tlsHosts.has(String(rule.host).toLowerCase())) {
        server.tls = true;
        if (redirect) server.sslRedirect = true;
      }
      for (const p of rule?.http?.paths ?? []) {
        const path = String(p?.path || '/');
        const pathType = String(p?.pathType ?? 'ImplementationSpecific');
        if (server.locations.some((l) => l.path === path && l.pathType === pathType)) continue; // the older Ingress keeps it
        server.locations.push({ path, pathType, ingress: ing, backend: backendOf(ns, p?.backend) });
      }
    }
  }
  for (const s of [table.catchAll, ...table.exact.values(), ...table.wildcard.values()]) finishServer(s);
  return table;
}

/**
 * nginx's order: the longest path first, an Exact location before any other of the same length.
 * On a host where some Ingress asks for regular expressions (`use-regex`, `rewrite-target`),
 * ingress-nginx makes every Prefix and ImplementationSpecific path a case-insensitive regex.
 */
function finishServer(s: Server): void {
  for (const l of s.locations) {
    if (s.regex && l.pathType !== 'Exact') {
      try {
        l.regex = new RegExp(`^(?:${l.path})`, 'i');
      } catch {
        l.regex = /(?!)/; // nginx refuses such a configuration; the location never matches
      }
    }
  }
  s.locations.sort((a, b) => b.path.length - a.path.length || Number(b.pathType === 'Exact') - Number(a.pathType === 'Exact'));
}

/** Prefix by path element: `/foo` matches `/foo`, `/foo/` and `/foo/bar`, never `/foobar`; a trailing `/` is ignored. */
export function prefixMatches(rulePath: string, path: string): boolean {
  const p = rulePath.length > 1 && rulePath.endsWith('/') ? rulePath.replace(/\/+$/, '') : rulePath;
  if (p === '/' || p === '') return true;
  return path === p || path.startsWith(p + '/');
}

function locationMatches(l: Location, path: string): boolean {
  if (l.pathType === 'Exact') return path === l.path;
  if (l.regex) return l.regex.test(path);
  if (l.pathType === 'Prefix') return prefixMatches(l.path, path);
  // ImplementationSpecific without regex: an nginx prefix location, a plain string prefix.
  return path.startsWith(l.path);
}

/** The host without its port, lowercased (`Web.Example.com:8080` → `web.example.com`). */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

/** The server a host reaches: an exact name, else a wildcard covering exactly one more label, else the catch-all. */
function serverForHost(table: IngressTable, host: string): { server: Server; name: string } {
  const exact = table.exact.get(host);
  if (exact) return { server: exact, name: host };
  const dot = host.indexOf('.');
  if (dot > 0) {
    const wild = table.wildcard.get(host.slice(dot + 1));
    if (wild) return { server: wild, name: `*.${host.slice(dot + 1)}` };
  }
  return { server: table.catchAll, name: '_' };
}

/** Routes one request (Host header, path with any query, over TLS or not). */
export function routeIngress(table: IngressTable, hostHeader: string, rawPath: string, tls: boolean): Route {
  const host = hostName(hostHeader);
  const { server, name } = serverForHost(table, host);
  if (server.sslRedirect && !tls) return { kind: 'redirect', host: name, location: `https://${host}${rawPath || '/'}` };
  const q = rawPath.search(/[?#]/);
  const path = (q >= 0 ? rawPath.slice(0, q) : rawPath) || '/';
  for (const l of server.locations) {
    if (locationMatches(l, path)) return { kind: 'backend', ingress: l.ingress, host: name, path: l.path, pathType: l.pathType, backend: l.backend };
  }
  const fb = server.fallback;
  if (fb) return { kind: 'backend', ingress: fb.ingress, host: name, path: '(default backend)', pathType: '', backend: fb.backend };
  return { kind: 'not-found', host: name };
}

// ---------------------------------------------------------------------------------------------
// Upstreams: the ready endpoints of a backend Service's port, as ingress-nginx's upstream lists.

export interface Upstream {
  ip: string;
  port: number;
  pod?: string;
}

const INGRESSES = 'networking.k8s.io/ingresses';

interface WorldCache {
  table: IngressTable;
  upstreams: Map<string, Upstream[]>;
  /** Round-robin position per upstream (ingress-nginx's default `load-balance: round_robin`). */
  cursor: Map<string, number>;
}

const caches = new WeakMap<World, WorldCache>();

function cacheFor(world: World): WorldCache {
  let c = caches.get(world);
  if (!c) {
    const ingresses = world.snap.list(INGRESSES).map(([, o]) => o as KubeObject);
    c = { table: buildIngressTable(ingresses), upstreams: new Map(), cursor: new Map() };
    caches.set(world, c);
  }
  return c;
}

/** The ready endpoints behind a Service port (by number or by name), from the World's EndpointSlice index. */
export function upstreamsOf(world: World, backend: ServiceBackend): Upstream[] {
  const ix = indexOf(world);
  const svc = ix.service(backend.namespace, backend.service);
  if (!svc) return [];
  const sp = ((svc.spec?.ports ?? []) as any[]).find((p) => (typeof backend.port === 'number' ? p.port === backend.port : p.name === backend.port));
  if (!sp) return [];
  const name = sp.name ?? '';
  return ix
    .endpoints(svc)
    .filter((e) => e.ready && !e.terminating && e.ports.has(name))
    .map((e) => ({ ip: e.ip, port: e.ports.get(name)!, pod: e.pod?.metadata.name }));
}

function upstreamsFor(world: World, cache: WorldCache, b: ServiceBackend): Upstream[] {
  const key = `${b.namespace}/${b.service}:${b.port}`;
  let u = cache.upstreams.get(key);
  if (!u) cache.upstreams.set(key, (u = upstreamsOf(world, b)));
  return u;
}

// ---------------------------------------------------------------------------------------------
// The controller pod's behaviour.

const REASONS: Record<number, string> = {
  308: 'Permanent Redirect',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** nginx's own error page, as ingress-nginx serves it (server tokens off: just `nginx`). */
export function nginxPage(status: number): string {
  const title = `${status} ${REASONS[status] ?? ''}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** The controller answering a request itself (no upstream): a few hundred microseconds. */
function ownResponse(world: World, status: number, extra: Array<[string, string]> = []): HttpResponse {
  const body = nginxPage(status);
  return {
    status,
    reason: REASONS[status] ?? '',
    headers: [['Date', httpDate(world.now)], ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', 'keep-alive'], ...extra],
    body,
    latencyMs: 0.3,
  };
}

function requestId(world: World): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += Math.floor(world.random() * 16).toString(16);
  return s;
}

/**
 * The ServerBehaviour of the ingress-nginx controller pod (`sim.kubectl-lite.io/server: ingress-nginx`):
 * route by the Ingresses in the store at this moment, answer 404/503/308 itself, and forward the
 * rest to one ready endpoint of the backend (round robin), adding the X-Forwarded-* headers.
 */
export const ingressNginx: ServerBehaviour = (world, self, req, forward) => {
  const cache = cacheFor(world);
  const route = routeIngress(cache.table, req.host, req.path, Boolean(req.tls));
  if (route.kind === 'not-found') return ownResponse(world, 404);
  if (route.kind === 'redirect') return ownResponse(world, 308, [['Location', route.location]]);
  const ups = route.backend ? upstreamsFor(world, cache, route.backend) : [];
  if (ups.length === 0) return ownResponse(world, 503);
  const key = `${route.backend!.namespace}/${route.backend!.service}:${route.backend!.port}`;
  const at = cache.cursor.get(key) ?? Math.floor(world.random() * ups.length);
  cache.cursor.set(key, at + 1);
  const up = ups[at % ups.length]!;
  const proto = req.tls ? 'https' : 'http';
  const clientIp = req.headers['x-real-ip'] ?? '172.18.0.1';
  const upstreamReq: HttpRequest = {
    method: req.method,
    host: req.host,
    path: req.path,
    headers: {
      ...req.headers,
      'X-Request-ID': requestId(world),
      'X-Real-IP': clientIp,
      'X-Forwarded-For': clientIp,
      'X-Forwarded-Host': hostName(req.host),
      'X-Forwarded-Port': String(req.port),
      'X-Forwarded-Proto': proto,
      'X-Forwarded-Scheme': proto,
      'X-Scheme': proto,
    },
    ip: up.ip,
    port: up.port,
  };
  const result: HttpResult = forward(upstreamReq);
  const hop = { what: 'ingress' as const, detail: `${self.pod.metadata.name}: host ${route.host} path ${route.path}${route.pathType ? ` (${route.pathType})` : ''} -> ${route.backend!.service}:${route.backend!.port} (${up.ip}:${up.port}) [${route.ingress.metadata.namespace}/${route.ingress.metadata.name}]` };
  if (!result.ok) {
    // The upstream refused or never answered: nginx's 502 or 504.
    return ownResponse(world, result.error === 'timeout' ? 504 : 502);
  }
  return { ...result, hops: [hop, ...result.hops], response: { ...result.response, latencyMs: result.response.latencyMs + 0.5 } };
};
