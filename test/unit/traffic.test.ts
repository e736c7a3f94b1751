import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from '../../src/dataplane/connect.js';
import { http } from '../../src/dataplane/http.js';
import type { HttpRequest, Origin, World } from '../../src/dataplane/types.js';
import { buildWorld } from '../../src/dataplane/world.js';
import { NET_PROGRAMS } from '../../src/userland/net-tools.js';
import { deployment, from, HOST, NetCluster, pod, runProgram, service } from './net-harness.js';

function get(world: World, origin: Origin, ip: string, port = 80, host = 'web'): ReturnType<typeof http> {
  const req: HttpRequest = { method: 'GET', host, path: '/', headers: {}, ip, port };
  return http(world, origin, req);
}

/** Requests per pod name. */
function spread(world: World, origin: Origin, ip: string, n: number, port = 80): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = get(world, origin, ip, port);
    const key = r.ok ? r.pod!.metadata.name! : `error:${r.error}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

test('kube-proxy: 1,000 requests over 3 ready pods, uniformly at random (seeded), each between 250 and 420', () => {
  const c = new NetCluster();
  c.apply(deployment('web', 3), service('web'), pod('client'));
  const ip = c.service('web').spec.clusterIP;
  const counts = spread(c.world(42), from(c.pod('client')), ip, 1000);
  assert.equal(counts.size, 3, JSON.stringify([...counts]));
  for (const [name, n] of counts) assert.ok(n >= 250 && n <= 420, `${name}: ${n}`);
  // Same seed, same run.
  assert.deepEqual([...spread(c.world(42), from(c.pod('client')), ip, 1000)], [...counts]);
});

test('a not-ready pod gets no requests; a terminating one gets no new connections; no ready endpoint: refused', () => {
  const c = new NetCluster();
  c.apply(
    pod('a', { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] }, { labels: { app: 'web' } }),
    pod('b', { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] }, { labels: { app: 'web' }, annotations: { 'sim.kubectl-lite.io/ready': 'false' } }),
    pod('t', { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] }, { labels: { app: 'web' }, annotations: { 'sim.kubectl-lite.io/stop-delay': '30s' } }),
    service('web'),
    pod('client'),
  );
  c.with((api) => api.delete(api.registry.forKind('v1', 'Pod')!, 'default', 't'));
  assert.ok(c.pod('t').metadata.deletionTimestamp);
  const ip = c.service('web').spec.clusterIP;
  assert.deepEqual([...spread(c.world(), from(c.pod('client')), ip, 200)], [['a', 200]]);
  c.with((api) => api.delete(api.registry.forKind('v1', 'Pod')!, 'default', 'a'));
  const r = get(c.world(), from(c.pod('client')), ip);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error, 'refused');
  // curl's wording for it.
  return runProgram(NET_PROGRAMS.curl!, c.world(), from(c.pod('client')), ['curl', '-sS', 'web']).then((res) => {
    assert.equal(res.code, 7);
    assert.equal(res.stderr, 'curl: (7) Failed to connect to web port 80 after 1 ms: Couldn\'t connect to server\n');
  });
});

test('sessionAffinity: ClientIP sticks to one endpoint for a client, from one command to the next', () => {
  const c = new NetCluster();
  c.apply(deployment('web', 3), service('web', { sessionAffinity: 'ClientIP' }), pod('client'), pod('client2'));
  const ip = c.service('web').spec.clusterIP;
  const one = spread(c.world(1), from(c.pod('client')), ip, 100);
  assert.equal(one.size, 1);
  assert.deepEqual([...spread(c.world(2), from(c.pod('client')), ip, 50)], [[[...one.keys()][0]!, 50]]);
});

test('port → targetPort by number and by name, resolved per pod; a target no container listens on: refused', () => {
  const c = new NetCluster();
  c.apply(
    pod('a', { containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 8080, name: 'web' }] }] }, { labels: { app: 'named' } }),
    pod('b', { containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 9090, name: 'web' }] }] }, { labels: { app: 'named' } }),
    service('named', { ports: [{ port: 80, targetPort: 'web' }] }),
    pod('c', { containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 8080 }] }] }, { labels: { app: 'wrong' } }),
    service('wrong', { ports: [{ port: 80, targetPort: 8081 }] }),
    pod('client'),
  );
  const w = c.world();
  const seen = new Map<string, number>();
  for (let i = 0; i < 40; i++) {
    const r = connect(w, from(c.pod('client')), c.service('named').spec.clusterIP, 80);
    assert.ok(r.ok);
    seen.set(r.pod!.metadata.name!, r.port);
  }
  assert.deepEqual([...seen].sort(), [['a', 8080], ['b', 9090]]);
  const wrong = connect(w, from(c.pod('client')), c.service('wrong').spec.clusterIP, 80);
  assert.equal(!wrong.ok && wrong.error, 'refused');
});

test('NodePort on every node, LoadBalancer IP, externalTrafficPolicy: Local, from the host', () => {
  const c = new NetCluster();
  c.apply(deployment('web', 1, { nodeName: 'lite-worker' }), service('web', { type: 'NodePort' }), service('web-local', { selector: { app: 'web' }, type: 'LoadBalancer', externalTrafficPolicy: 'Local' }));
  const w = c.world();
  const np = c.service('web').spec.ports[0].nodePort;
  for (const n of ['lite-control-plane', 'lite-worker', 'lite-worker2', 'lite-worker3']) {
    const r = get(w, HOST, c.nodeIP(n), np);
    assert.ok(r.ok, n);
    assert.equal(r.response.status, 200);
  }
  const local = c.service('web-local');
  const lnp = local.spec.ports[0].nodePort;
  assert.ok(get(w, HOST, c.nodeIP('lite-worker'), lnp).ok);
  const dropped = get(w, HOST, c.nodeIP('lite-worker2'), lnp);
  assert.equal(!dropped.ok && dropped.error, 'timeout');
  const lb = local.status.loadBalancer.ingress[0].ip;
  const viaLb = get(w, HOST, lb, 80);
  assert.ok(viaLb.ok);
  assert.match(viaLb.response.body, /^web-/);
  // The host has no route to ClusterIPs or pod IPs.
  assert.equal((get(w, HOST, local.spec.clusterIP, 80) as { error?: string }).error, 'timeout');
});

test('internalTrafficPolicy: Local sends only to endpoints on the client node, else drops', () => {
  const c = new NetCluster();
  c.apply(
    deployment('web', 1, { nodeName: 'lite-worker' }),
    service('web', { internalTrafficPolicy: 'Local' }),
    pod('near', { nodeName: 'lite-worker' }),
    pod('far', { nodeName: 'lite-worker2' }),
  );
  const ip = c.service('web').spec.clusterIP;
  assert.ok(get(c.world(), from(c.pod('near')), ip).ok);
  const far = get(c.world(), from(c.pod('far')), ip);
  assert.equal(!far.ok && far.error, 'timeout');
});

test('ClusterIPs do not answer ping; pod IPs do; pods on a stopped node time out', async () => {
  const c = new NetCluster();
  c.apply(deployment('web', 1, { nodeName: 'lite-worker2' }), service('web'), pod('client', { nodeName: 'lite-worker' }));
  const client = from(c.pod('client'));
  const ping = NET_PROGRAMS.ping!;
  const svc = await runProgram(ping, c.world(), client, ['ping', '-c', '2', '-W', '1', 'web']);
  assert.match(svc.stdout, /^PING web \(10\.\d+\.\d+\.\d+\): 56 data bytes\n\n--- web ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n$/);
  assert.equal(svc.code, 1);
  const web = c.pods('default', 'app=web')[0]!;
  const podPing = await runProgram(ping, c.world(), client, ['ping', '-c', '2', web.status.podIP]);
  assert.match(podPing.stdout, /seq=0 ttl=62 time=\d\.\d{3} ms\n.*seq=1 ttl=62/s);
  assert.match(podPing.stdout, /2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min\/avg\/max = [\d.]+\/[\d.]+\/[\d.]+ ms\n$/);
  c.stopNode('lite-worker2');
  const r = await runProgram(NET_PROGRAMS.curl!, c.world(), client, ['curl', '-sS', '-m', '3', `http://${web.status.podIP}/`]);
  assert.equal(r.code, 28);
  assert.equal(r.stderr, 'curl: (28) Connection timed out after 3001 milliseconds\n');
  assert.equal(r.elapsed, 3000);
});

test('localhost reaches the container of the pod listening on the port; a port clash: the second container crash-loops', () => {
  const c = new NetCluster();
  c.apply(
    pod('db', {
      containers: [
        { name: 'postgres', image: 'postgres:16', ports: [{ containerPort: 5432 }] },
        { name: 'shipper', image: 'fluent-bit', ports: [{ containerPort: 2020 }] },
      ],
    }),
    pod('clash', {
      containers: [
        { name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] },
        { name: 'b', image: 'nginx', ports: [{ containerPort: 80 }] },
      ],
    }),
    pod('annotated', { containers: [{ name: 'app', image: 'x' }] }, { annotations: { 'sim.kubectl-lite.io/listen': '7000' } }),
  );
  const w = c.world();
  const db = c.pod('db');
  const toPg = connect(w, from(db, 'shipper'), '127.0.0.1', 5432);
  assert.ok(toPg.ok);
  assert.equal(toPg.container, 'postgres');
  assert.equal((connect(w, from(db, 'shipper'), '127.0.0.1', 5433) as { error?: string }).error, 'refused');
  const clash = c.pod('clash');
  const b = clash.status.containerStatuses.find((s: any) => s.name === 'b');
  assert.equal(b.state.waiting?.reason, 'CrashLoopBackOff');
  assert.equal(b.lastState.terminated.exitCode, 1);
  assert.equal(clash.status.containerStatuses.find((s: any) => s.name === 'a').ready, true);
  const r = connect(w, from(clash, 'b'), '127.0.0.1', 80);
  assert.ok(r.ok);
  assert.equal(r.container, 'a');
  assert.ok(connect(w, from(c.pod('annotated')), '127.0.0.1', 7000).ok);
});

test('the default server: annotations set status, body, latency and a share of failures', async () => {
  const c = new NetCluster();
  c.apply(
    deployment('web', 1, {}, { annotations: { 'sim.kubectl-lite.io/http-status': '503', 'sim.kubectl-lite.io/http-latency': '250ms' } }),
    deployment('flaky', 1, {}, { annotations: { 'sim.kubectl-lite.io/http-error-rate': '30%' } }),
    deployment('hello', 1, {}, { annotations: { 'sim.kubectl-lite.io/http-body': 'hello world' } }),
    service('web'),
    service('flaky'),
    service('hello'),
    pod('client'),
  );
  const client = from(c.pod('client'));
  const curl = NET_PROGRAMS.curl!;
  const r = await runProgram(curl, c.world(), client, ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total}\\n', 'web']);
  assert.equal(r.stdout, '503 0.250400\n');
  const f = await runProgram(curl, c.world(), client, ['curl', '-sS', '-f', 'web']);
  assert.equal(f.stderr, 'curl: (22) The requested URL returned error: 503\n');
  assert.equal(f.code, 22);
  const h = await runProgram(curl, c.world(), client, ['curl', '-s', 'hello']);
  assert.equal(h.stdout, 'hello world\n');
  const w = c.world(7);
  let failed = 0;
  for (let i = 0; i < 1000; i++) {
    const res = get(w, client, c.service('flaky').spec.clusterIP);
    if (res.ok && res.response.status === 500) failed++;
  }
  assert.ok(failed > 240 && failed < 360, String(failed));
  const plain = get(c.world(), client, c.service('hello').spec.clusterIP);
  assert.ok(plain.ok);
});

test('the default body names the pod, container, node, pod IP and the request', () => {
  const c = new NetCluster();
  c.apply(deployment('web', 1), service('web'), pod('client'));
  const web = c.pods('default', 'app=web')[0]!;
  const r = get(c.world(), from(c.pod('client')), c.service('web').spec.clusterIP);
  assert.ok(r.ok);
  assert.equal(r.response.body, `${web.metadata.name} (container web, node ${web.spec.nodeName}, IP ${web.status.podIP}): GET / Host: web from ${c.pod('client').status.podIP}\n`);
});

test('100,000 requests through one World take well under a second', () => {
  const c = new NetCluster();
  c.apply(deployment('web', 20), service('web'), pod('client'));
  const snapWorld = c.world();
  const w = buildWorld(snapWorld.snap, snapWorld.now, 3);
  const client = from(c.pod('client'));
  const ip = c.service('web').spec.clusterIP;
  const start = performance.now();
  for (let i = 0; i < 100_000; i++) get(w, client, ip);
  const ms = performance.now() - start;
  // Generous: the machine is shared; the point is the indexes are built once, not per request.
  assert.ok(ms < 5000, `${ms} ms`);
});
