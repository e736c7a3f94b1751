/** `kubectl-lite load`: how requests spread over pods, failover on the simulated clock, Ingress routing, -o json, the live form. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REQUESTS_COLLECTION, type RequestRecord } from '../../src/dataplane/types.js';
import { BIN, REPO_ROOT, runCli, tempHome } from '../helpers/cli.js';
import { sessionFor } from '../helpers/sim-world.js';

const NOW = '2026-12-02T12:00:00Z';
const WEB = join(REPO_ROOT, 'manifests', 'web.yaml');
const ING = join(REPO_ROOT, 'manifests', 'ingress');

async function json(args: string, home: string): Promise<any> {
  const r = await runCli(`${args} -o json`, { home, now: NOW });
  assert.equal(r.stderr, '', args);
  assert.equal(r.code, 0, args);
  return JSON.parse(r.stdout);
}

const served = (doc: any) => Object.fromEntries(doc.pods.map((p: any) => [p.name, p.served]));

describe('load over a Service', () => {
  test('1,000 requests over 3 ready pods: each serves between 250 and 420; the run is reproducible by seed; records are written once', async () => {
    const { home, dispose } = tempHome();
    try {
      await runCli(['apply', '-f', WEB], { home, now: NOW });
      const doc = await json('load svc/web --requests 1000 --seed 42', home);
      assert.equal(doc.pods.length, 3);
      for (const p of doc.pods) assert.ok(p.served >= 250 && p.served <= 420, `${p.name} served ${p.served}`);
      assert.deepEqual([doc.requests, doc.succeeded, doc.failed], [1000, 1000, 0]);
      const again = await json('load svc/web --requests 1000 --seed 42', home);
      assert.deepEqual(served(again), served(doc));
      // Both runs are in the store, per pod and container, in aggregate.
      const records = sessionFor(home, NOW).read((api) => api.store.list(REQUESTS_COLLECTION)) as Array<[string, RequestRecord]>;
      assert.equal(records.length, 3);
      let total = 0;
      for (const [key, rec] of records) {
        assert.equal(rec.buckets.length, 1, key);
        total += rec.buckets[0]![1].web!;
      }
      assert.equal(total, 2000);
    } finally {
      dispose();
    }
  });

  test('a pod that is not ready gets no request, and is shown with 0', async () => {
    const { home, dispose } = tempHome();
    try {
      await runCli(['apply', '-f', WEB], { home, now: NOW });
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-unready', labels: { app: 'web' }, annotations: { 'sim.kubectl-lite.io/ready': 'false' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.26', ports: [{ name: 'http', containerPort: 80 }] }] } };
      assert.equal((await runCli('apply -f -', { home, now: NOW, stdin: JSON.stringify(pod) })).code, 0);
      const doc = await json('load svc/web --requests 600 --seed 1', home);
      assert.equal(doc.pods.length, 4);
      assert.equal(served(doc)['web-unready'], 0);
      assert.equal(doc.succeeded, 600);
      const text = await runCli('load svc/web --requests 10', { home, now: NOW });
      assert.match(text.stdout, /^web-unready +lite-worker\d? +0 +0\.0% *$/m);
    } finally {
      dispose();
    }
  });

  test('-o json has the documented shape', async () => {
    const { home, dispose } = tempHome();
    try {
      await runCli(['apply', '-f', WEB], { home, now: NOW });
      const doc = await json('load svc/web --requests 5 --seed 9', home);
      assert.deepEqual(Object.keys(doc), ['target', 'address', 'from', 'mode', 'seed', 'durationSeconds', 'stopped', 'requests', 'succeeded', 'failed', 'pods', 'failures', 'statusCodes', 'latencyMs']);
      assert.equal(doc.target, 'svc/web');
      assert.match(doc.address, /^10\.\d+\.\d+\.\d+:80$/);
      assert.deepEqual([doc.from, doc.mode, doc.seed], ['host', 'requests', 9]);
      assert.deepEqual(Object.keys(doc.pods[0]), ['namespace', 'name', 'node', 'served', 'containers']);
      assert.deepEqual(doc.statusCodes, { 200: 5 });
      assert.deepEqual(Object.keys(doc.latencyMs), ['p50', 'p90', 'p99', 'max']);
      assert.ok(doc.latencyMs.p50 > 0);
    } finally {
      dispose();
    }
  });

  test('bad input: one line, exit 1, nothing sent', async () => {
    const { home, dispose } = tempHome();
    try {
      const cases: Array<[string, RegExp]> = [
        ['load svc/nope --requests 3', /^Error from server \(NotFound\): services "nope" not found\n$/],
        ['load deploy/web', /^error: the target must be svc\/NAME, ingress\/NAME, pod\/NAME or an http:\/\/ URL, not "deploy\/web"\n$/],
        ['load svc/web -o yaml', /^error: unable to match a printer suitable for the output format "yaml", allowed formats are: json\n$/],
        ['load svc/web --duration 1x', /^error: invalid argument "1x" for "--duration" flag: time: invalid duration "1x"\n$/],
        ["load svc/web --at 10s=version", /^error: --at and --script need --simulate/],
        ['load svc/web --rate -3', /^error: invalid argument "-3" for "--rate" flag/],
      ];
      await runCli(['apply', '-f', WEB], { home, now: NOW });
      for (const [args, re] of cases) {
        const r = await runCli(args, { home, now: NOW });
        assert.equal(r.code, 1, args);
        assert.match(r.stderr, re, args);
        assert.equal(r.stdout, '', args);
      }
    } finally {
      dispose();
    }
  });
});

describe('failover on the simulated clock', () => {
  test('a node stopped and its pod evicted: requests fail only until the endpoints move, and those are counted', async () => {
    const { home, dispose } = tempHome();
    try {
      await runCli(['apply', '-f', WEB], { home, now: NOW });
      const script = join(home, 'failover.txt');
      writeFileSync(script, '# stop a worker 30 s in\n30s node stop lite-worker2\n');
      const doc = await json(`load svc/web --simulate --rate 10 --duration 7m --seed 5 --script ${script}`, home);
      assert.equal(doc.mode, 'simulate');
      assert.deepEqual(doc.actions, [{ atSeconds: 30, command: 'node stop lite-worker2', exitCode: 0, output: 'node/lite-worker2 stopped\n' }]);
      assert.equal(doc.requests, 4200);
      assert.equal(doc.timeline.length, 420);
      const failing = doc.timeline.filter((s: any) => s.failed > 0).map((s: any) => s.t);
      assert.ok(failing.length > 0, 'requests sent to the stopped node before it is NotReady fail');
      assert.ok(failing[0] >= 30, `first failure at ${failing[0]}s`);
      // The node is NotReady after the 50 s grace period; its pod's endpoint goes then, and no request fails after.
      assert.ok(failing[failing.length - 1]! <= 81, `last failure at ${failing[failing.length - 1]}s`);
      const failed = doc.timeline.reduce((n: number, s: any) => n + s.failed, 0);
      assert.equal(doc.failed, failed);
      assert.equal(doc.failures.reduce((n: number, f: any) => n + f.count, 0), failed);
      assert.match(doc.failures[0].message, /on node lite-worker2, which is not responding/);
      assert.equal(doc.succeeded + doc.failed, doc.requests);
      // Evicted after 300 s: a replacement pod elsewhere takes traffic by the end.
      const replacement = doc.pods.find((p: any) => p.node !== 'lite-worker2' && doc.timeline[0].served[`default/${p.name}`] === undefined);
      assert.ok(replacement && replacement.served > 0, JSON.stringify(doc.pods));
      // The cluster's clock moved on by the run's duration.
      const age = await runCli('get pods --no-headers', { home, now: NOW });
      assert.match(age.stdout, / 7m\d*s?\s/);
    } finally {
      dispose();
    }
  });
});

describe('load through the Ingress', () => {
  test('each rule form routes as ingress-nginx does; 404 and 503 come from the controller; an unserved class is refused', async () => {
    const { home, dispose } = tempHome();
    try {
      for (const f of ['apps.yaml', 'ingress.yaml', 'other-class.yaml']) await runCli(['apply', '-f', join(ING, f)], { home, now: NOW });
      const extra = {
        apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'extra' },
        spec: {
          ingressClassName: 'nginx',
          rules: [{ host: 'extra.test', http: { paths: [
            { path: '/files', pathType: 'ImplementationSpecific', backend: { service: { name: 'api', port: { name: 'web' } } } },
            { path: '/down', pathType: 'Prefix', backend: { service: { name: 'nothing-here', port: { number: 80 } } } },
          ] } }],
        },
      };
      await runCli('apply -f -', { home, now: NOW, stdin: JSON.stringify(extra) });
      const where = async (host: string, path: string) => {
        const doc = await json(`load ingress/shop --requests 4 --seed 1 --host-header ${host} --path ${path}`, home);
        const pods = doc.pods.filter((p: any) => p.served > 0).map((p: any) => p.name.split('-')[0]);
        return `${Object.keys(doc.statusCodes).join(',')} ${[...new Set(pods)].join(',')}`;
      };
      assert.equal(await where('shop.example.com', '/'), '200 shop');
      assert.equal(await where('shop.example.com', '/api/v1'), '200 api', 'Prefix, named port');
      assert.equal(await where('shop.example.com', '/apiary'), '200 shop', 'Prefix matches whole path elements');
      assert.equal(await where('shop.example.com', '/healthz'), '200 api', 'Exact, port by number');
      assert.equal(await where('shop.example.com', '/healthz/x'), '200 shop', 'Exact does not match below it');
      assert.equal(await where('eu.shop.example.com', '/x'), '200 shop', 'wildcard host');
      assert.equal(await where('extra.test', '/filesystem'), '200 api', 'ImplementationSpecific: an nginx prefix');
      assert.equal(await where('extra.test', '/other'), '404 ingress', 'no rule, no default backend for this host: 404');
      assert.equal(await where('unknown.test', '/'), '404 ingress');
      const down = await json('load ingress/shop --requests 3 --host-header extra.test --path /down', home);
      assert.deepEqual([down.statusCodes, down.failed, down.failures[0].cause], [{ 503: 3 }, 3, 'HTTP 503']);
      const r = await runCli('load ingress/elsewhere --requests 3', { home, now: NOW });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: ingress "elsewhere" has no address: its class "traefik" is not served by any ingress controller in the cluster/);
    } finally {
      dispose();
    }
  });

  test('the default backend of an Ingress without rules takes what no host matches', async () => {
    const { home, dispose } = tempHome();
    try {
      await runCli(['apply', '-f', join(ING, 'apps.yaml')], { home, now: NOW });
      const fallback = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'fallback' }, spec: { defaultBackend: { service: { name: 'api', port: { number: 8080 } } } } };
      await runCli('apply -f -', { home, now: NOW, stdin: JSON.stringify(fallback) });
      const doc = await json('load http://localhost/anything --requests 4 --host-header whatever.test', home);
      assert.deepEqual(doc.statusCodes, { 200: 4 });
      assert.ok(doc.pods.every((p: any) => p.name.startsWith('api-')));
    } finally {
      dispose();
    }
  });
});

describe('the live form', () => {
  test('paces by the machine clock even when the wall clock is pinned, and ends after its duration', { timeout: 30_000 }, async () => {
    const { home, dispose } = tempHome();
    try {
      await runCli(['apply', '-f', WEB], { home, now: NOW });
      const doc = await json('load svc/web --rate 40 --duration 1s', home);
      assert.deepEqual([doc.mode, doc.requests, doc.failed, doc.stopped], ['live', 40, 0, false]);
      assert.equal(doc.pods.reduce((n: number, p: any) => n + p.served, 0), 40);
    } finally {
      dispose();
    }
  });

  test('stops on SIGINT with its summary, and removes its side file', { timeout: 30_000 }, async () => {
    const { home, dispose } = tempHome();
    try {
      await runCli(['apply', '-f', WEB], { home, now: NOW });
      const child = spawn(process.execPath, [BIN, 'load', 'svc/web', '--rate', '40', '--duration', '5m'], { env: { PATH: process.env.PATH, KUBECTL_LITE_HOME: home, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const traffic = join(home, 'clusters', 'lite', 'traffic');
      const sideFile = join(traffic, `${child.pid}.json`);
      for (let i = 0; i < 100 && !existsSync(sideFile); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(existsSync(sideFile), `no side file after 10 s; stderr: ${stderr}`);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      assert.equal(stderr, '');
      assert.equal(code, 0);
      assert.match(stdout, /^load svc\/web \(.*\): 40 requests\/s, [\d.]+s of 5m0s, stopped\n/);
      assert.match(stdout, /^REQUESTS +OK +FAILED/m);
      assert.deepEqual(readdirSync(traffic), []);
    } finally {
      dispose();
    }
  });
});
