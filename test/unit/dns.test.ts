import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lookup, resolvConf } from '../../src/dataplane/dns.js';
import { compareIP } from '../../src/dataplane/world.js';
import { NET_PROGRAMS } from '../../src/userland/net-tools.js';
import { deployment, from, NetCluster, pod, runProgram, service } from './net-harness.js';

const nslookup = NET_PROGRAMS.nslookup!;
const byAddress = (a: string, b: string) => compareIP(a, b);
const HEAD = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n';

function cluster(): NetCluster {
  const c = new NetCluster();
  c.apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } },
    deployment('web', 2),
    service('web'),
    { ...service('db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] }, 'prod') },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'prod' },
      spec: {
        serviceName: 'db',
        replicas: 2,
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'pg', image: 'postgres:16', ports: [{ containerPort: 5432, name: 'pg' }] }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'db.prod.svc.cluster.local' } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'search', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'search.example.com' } },
    pod('client'),
  );
  return c;
}

test('resolv.conf for each dnsPolicy, as the kubelet writes it', () => {
  const c = new NetCluster();
  const w = c.world();
  const p = (spec: Record<string, unknown>) => ({ ...pod('x', spec), metadata: { name: 'x', namespace: 'prod' } });
  assert.equal(resolvConf(w, p({})), 'search prod.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  assert.equal(resolvConf(w, p({ dnsPolicy: 'Default' })), 'nameserver 172.18.0.1\noptions ndots:0\n');
  assert.equal(resolvConf(w, p({ hostNetwork: true })), 'nameserver 172.18.0.1\noptions ndots:0\n');
  assert.equal(resolvConf(w, p({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' })), 'search prod.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  assert.equal(
    resolvConf(w, p({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['corp.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } })),
    'search corp.example\nnameserver 1.1.1.1\noptions ndots:2 edns0\n',
  );
  assert.equal(
    resolvConf(w, p({ dnsConfig: { searches: ['corp.example'], options: [{ name: 'ndots', value: '1' }] } })),
    'search prod.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:1\n',
  );
});

test('nslookup of a Service by its short name: the search path, A then AAAA, busybox 1.36 output and exit code', async () => {
  const c = cluster();
  const ip = c.service('web').spec.clusterIP;
  const r = await runProgram(nslookup, c.world(), from(c.pod('client')), ['nslookup', 'web']);
  assert.equal(
    r.stdout,
    HEAD +
      `Name:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n` +
      "** server can't find web.svc.cluster.local: NXDOMAIN\n\n** server can't find web.cluster.local: NXDOMAIN\n\n" +
      '\n' +
      "** server can't find web.svc.cluster.local: NXDOMAIN\n\n** server can't find web.cluster.local: NXDOMAIN\n\n",
  );
  // busybox exits 1 when any of its queries failed.
  assert.equal(r.code, 1);
});

test('nslookup of a fully qualified Service name, and of web.default through musl (curl) and busybox (nslookup)', async () => {
  const c = cluster();
  const ip = c.service('web').spec.clusterIP;
  const client = c.pod('client');
  const fq = await runProgram(nslookup, c.world(), from(client), ['nslookup', 'web.default.svc.cluster.local']);
  assert.equal(fq.stdout, `${HEAD}Name:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n\n`);
  assert.equal(fq.code, 0);
  // A name with a dot: busybox nslookup does not search; the resolver of every other program does (ndots:5).
  const dotted = await runProgram(nslookup, c.world(), from(client), ['nslookup', 'web.default']);
  assert.equal(dotted.stdout, `${HEAD}** server can't find web.default: NXDOMAIN\n\n** server can't find web.default: NXDOMAIN\n\n`);
  for (const name of ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local']) {
    const res = lookup(c.world(), from(client), name);
    assert.equal(res.status, 'ok', name);
    assert.deepEqual(res.status === 'ok' && res.records.map((x) => [x.name, x.value]), [['web.default.svc.cluster.local', ip]], name);
  }
});

test('headless Service: the ready pods, and StatefulSet pods by hostname.subdomain', async () => {
  const c = cluster();
  const [db0, db1] = [c.pod('db-0', 'prod'), c.pod('db-1', 'prod')];
  const client = from(c.pod('client'));
  const r = await runProgram(nslookup, c.world(), client, ['nslookup', 'db.prod.svc.cluster.local']);
  const byIP = [db0.status.podIP, db1.status.podIP].sort(byAddress);
  assert.equal(r.stdout, `${HEAD}Name:\tdb.prod.svc.cluster.local\nAddress: ${byIP[0]}\nName:\tdb.prod.svc.cluster.local\nAddress: ${byIP[1]}\n\n\n`);
  const one = await runProgram(nslookup, c.world(), client, ['nslookup', 'db-1.db.prod.svc.cluster.local']);
  assert.equal(one.stdout, `${HEAD}Name:\tdb-1.db.prod.svc.cluster.local\nAddress: ${db1.status.podIP}\n\n\n`);
  // Not ready: left out, unless the Service publishes not-ready addresses.
  c.apply(
    pod('hl-a', {}, { labels: { app: 'hl' } }),
    pod('hl-b', {}, { labels: { app: 'hl' }, annotations: { 'sim.kubectl-lite.io/ready': 'false' } }),
    service('hl', { selector: { app: 'hl' }, clusterIP: 'None' }),
    service('hl-all', { selector: { app: 'hl' }, clusterIP: 'None', publishNotReadyAddresses: true }),
  );
  const [a, b] = [c.pod('hl-a').status.podIP, c.pod('hl-b').status.podIP];
  const ips = (name: string) => {
    const res = lookup(c.world(), client, name);
    return res.status === 'ok' ? res.records.map((x) => x.value) : res.status;
  };
  assert.deepEqual(ips('hl'), [a]);
  assert.deepEqual(ips('hl-all'), [a, b].sort(byAddress));
  c.with((api) => api.delete(api.registry.forKind('v1', 'Pod')!, 'default', 'hl-a'));
  // No ready endpoint: the name does not exist.
  assert.equal(ips('hl'), 'nxdomain');
});

test('SRV for a named port, ExternalName as a CNAME, pod A records, NXDOMAIN', async () => {
  const c = cluster();
  const client = from(c.pod('client'));
  const w = c.world();
  const srv = await runProgram(nslookup, w, client, ['nslookup', '-type=srv', '_http._tcp.web.default.svc.cluster.local']);
  assert.equal(srv.stdout, `${HEAD}_http._tcp.web.default.svc.cluster.local\tservice = 0 100 80 web.default.svc.cluster.local\n\n`);
  const db0 = c.pod('db-0', 'prod');
  const db1 = c.pod('db-1', 'prod');
  const hsrv = await runProgram(nslookup, w, client, ['nslookup', '-type=srv', '_pg._tcp.db.prod.svc.cluster.local']);
  const hosts = [db0, db1].sort((x, y) => byAddress(x.status.podIP, y.status.podIP)).map((p) => p.metadata.name);
  assert.equal(
    hsrv.stdout,
    `${HEAD}_pg._tcp.db.prod.svc.cluster.local\tservice = 0 50 5432 ${hosts[0]}.db.prod.svc.cluster.local\n_pg._tcp.db.prod.svc.cluster.local\tservice = 0 50 5432 ${hosts[1]}.db.prod.svc.cluster.local\n\n`,
  );
  const ext = await runProgram(nslookup, w, client, ['nslookup', 'ext.default.svc.cluster.local']);
  const [first, second] = [db0.status.podIP, db1.status.podIP].sort(byAddress);
  assert.equal(
    ext.stdout,
    `${HEAD}ext.default.svc.cluster.local\tcanonical name = db.prod.svc.cluster.local\nName:\tdb.prod.svc.cluster.local\nAddress: ${first}\nName:\tdb.prod.svc.cluster.local\nAddress: ${second}\n\next.default.svc.cluster.local\tcanonical name = db.prod.svc.cluster.local\n\n`,
  );
  const podA = await runProgram(nslookup, w, client, ['nslookup', '10-244-1-5.prod.pod.cluster.local']);
  assert.equal(podA.stdout, `${HEAD}Name:\t10-244-1-5.prod.pod.cluster.local\nAddress: 10.244.1.5\n\n\n`);
  const nx = await runProgram(nslookup, w, client, ['nslookup', 'nosuch.default.svc.cluster.local']);
  assert.equal(nx.stdout, `${HEAD}** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n`);
  assert.equal(nx.code, 1);
});

test('busybox:1.28 prints the old format, with the search path applied', async () => {
  const c = cluster();
  c.apply(pod('old', { containers: [{ name: 'main', image: 'busybox:1.28' }] }));
  const ip = c.service('web').spec.clusterIP;
  const r = await runProgram(nslookup, c.world(), from(c.pod('old')), ['nslookup', 'web']);
  assert.equal(r.stdout, `Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web\nAddress 1: ${ip} web.default.svc.cluster.local\n`);
  assert.equal(r.code, 0);
  const nx = await runProgram(nslookup, c.world(), from(c.pod('old')), ['nslookup', 'nosuch']);
  assert.equal(nx.stderr, "nslookup: can't resolve 'nosuch'\n");
  assert.equal(nx.code, 1);
});

test('a deleted Service stops resolving', async () => {
  const c = cluster();
  const client = from(c.pod('client'));
  c.with((api) => api.delete(api.registry.forKind('v1', 'Service')!, 'default', 'web'));
  assert.equal(lookup(c.world(), client, 'web.default.svc.cluster.local').status, 'nxdomain');
});

test('DNS times out with CoreDNS scaled to 0, and comes back when it is scaled up', async () => {
  const c = cluster();
  c.scale('Deployment', 'coredns', 0, 'kube-system');
  const client = from(c.pod('client'));
  const r = await runProgram(nslookup, c.world(), client, ['nslookup', 'web']);
  assert.equal(r.stdout, ';; connection timed out; no servers could be reached\n\n');
  assert.equal(r.code, 1);
  assert.equal(r.elapsed, 5000);
  const res = lookup(c.world(), client, 'web');
  assert.equal(res.status, 'timeout');
  const curl = await runProgram(NET_PROGRAMS.curl!, c.world(), client, ['curl', '-sS', 'web']);
  assert.equal(curl.stderr, 'curl: (6) Could not resolve host: web\n');
  assert.equal(curl.code, 6);
  const dig = await runProgram(NET_PROGRAMS.dig!, c.world(), client, ['dig', '+short', 'web.default.svc.cluster.local']);
  assert.equal(dig.code, 9);
  assert.match(dig.stdout, /;; no servers could be reached\n$/);
  c.scale('Deployment', 'coredns', 1, 'kube-system');
  assert.equal(lookup(c.world(), client, 'web').status, 'ok');
});

test('dig +short, +search, SRV; getent hosts', async () => {
  const c = cluster();
  const ip = c.service('web').spec.clusterIP;
  const client = from(c.pod('client'));
  const w = c.world();
  const dig = NET_PROGRAMS.dig!;
  assert.equal((await runProgram(dig, w, client, ['dig', '+short', 'web.default.svc.cluster.local'])).stdout, `${ip}\n`);
  // Without +search, dig asks for the name as given.
  assert.equal((await runProgram(dig, w, client, ['dig', '+short', 'web'])).stdout, '');
  assert.equal((await runProgram(dig, w, client, ['dig', '+short', '+search', 'web'])).stdout, `${ip}\n`);
  assert.equal((await runProgram(dig, w, client, ['dig', '+short', 'SRV', '_http._tcp.web.default.svc.cluster.local'])).stdout, '0 100 80 web.default.svc.cluster.local.\n');
  const full = await runProgram(dig, w, client, ['dig', 'web.default.svc.cluster.local']);
  assert.match(full.stdout, /;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: \d+\n;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n/);
  assert.match(full.stdout, new RegExp(`;; ANSWER SECTION:\nweb\\.default\\.svc\\.cluster\\.local\\.\t30\tIN\tA\t${ip.replace(/\./g, '\\.')}\n`));
  const getent = NET_PROGRAMS.getent!;
  assert.deepEqual(await runProgram(getent, w, client, ['getent', 'hosts', 'web']).then((r) => [r.stdout, r.code]), [`${ip.padEnd(15)} web.default.svc.cluster.local\n`, 0]);
  assert.deepEqual(await runProgram(getent, w, client, ['getent', 'hosts', 'nosuch']).then((r) => [r.stdout, r.code]), ['', 2]);
});
