import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { connect } from '../../src/dataplane/connect.js';
import { lookup } from '../../src/dataplane/dns.js';
import { evaluatePolicies } from '../../src/dataplane/policy.js';
import { NET_PROGRAMS } from '../../src/userland/net-tools.js';
import { from, NetCluster, pod, runProgram } from './net-harness.js';


function policy(name: string, spec: Record<string, unknown>, ns = 'prod'): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

/** prod: api (8080 named http, 9000-9010 listened), db (5432); dev: client; default: other. */
function cluster(...policies: KubeObject[]): NetCluster {
  const c = new NetCluster();
  c.apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { env: 'prod' } } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev', labels: { env: 'dev' } } },
    {
      ...pod('api', { containers: [{ name: 'api', image: 'x', ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 9005 }] }] }, { labels: { app: 'api' } }),
      metadata: { name: 'api', namespace: 'prod', labels: { app: 'api' }, annotations: { 'sim.kubectl-lite.io/listen': '8080,9005,9020' } },
    },
    { ...pod('db', { containers: [{ name: 'pg', image: 'postgres', ports: [{ containerPort: 5432 }] }] }), metadata: { name: 'db', namespace: 'prod', labels: { app: 'db' } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'prod' }, spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] } },
    { ...pod('web'), metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } } },
    { ...pod('client'), metadata: { name: 'client', namespace: 'dev', labels: { app: 'client' } } },
    { ...pod('tester'), metadata: { name: 'tester', namespace: 'dev', labels: { role: 'tester' } } },
    ...policies,
  );
  return c;
}

function reach(c: NetCluster, fromPod: [string, string], toPod: [string, string], port: number): 'ok' | 'refused' | 'timeout' | 'unreachable' | 'no-such-host' {
  const src = c.pod(fromPod[1], fromPod[0]);
  const dst = c.pod(toPod[1], toPod[0]);
  const r = connect(c.world(), from(src), dst.status.podIP, port);
  return r.ok ? 'ok' : r.error;
}

test('default deny ingress: every pod of the namespace isolated; allowed again by a policy (the union)', () => {
  const c = cluster(policy('deny', { podSelector: {}, policyTypes: ['Ingress'] }));
  assert.equal(reach(c, ['prod', 'web'], ['prod', 'api'], 8080), 'timeout');
  const d = evaluatePolicies(c.world(), { ip: c.pod('web', 'prod').status.podIP, pod: c.pod('web', 'prod') }, { ip: c.pod('api', 'prod').status.podIP, pod: c.pod('api', 'prod') }, { port: 8080 });
  assert.equal(d.allowed, false);
  assert.deepEqual(d.ingress.policies, ['prod/deny']);
  assert.match(d.ingress.reason, /isolated for Ingress by NetworkPolicy prod\/deny and no rule allows TCP\/8080 from 10\.244/);
  c.apply(policy('allow-web', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }));
  assert.equal(reach(c, ['prod', 'web'], ['prod', 'api'], 8080), 'ok');
  assert.equal(reach(c, ['prod', 'db'], ['prod', 'api'], 8080), 'timeout');
  const ok = evaluatePolicies(c.world(), { ip: c.pod('web', 'prod').status.podIP, pod: c.pod('web', 'prod') }, { ip: c.pod('api', 'prod').status.podIP, pod: c.pod('api', 'prod') }, { port: 8080 });
  assert.deepEqual(ok.ingress.rule, { policy: 'prod/allow-web', index: 1 });
});

test('podSelector only matches pods of the policy namespace; namespaceSelector; both together (AND) vs two peers (OR)', () => {
  const podOnly = cluster(policy('p', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] }));
  assert.equal(reach(podOnly, ['dev', 'client'], ['prod', 'api'], 8080), 'timeout');
  const nsOnly = cluster(policy('p', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'dev' } } }] }] }));
  assert.equal(reach(nsOnly, ['dev', 'client'], ['prod', 'api'], 8080), 'ok');
  assert.equal(reach(nsOnly, ['prod', 'web'], ['prod', 'api'], 8080), 'timeout');
  const both = cluster(policy('p', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'dev' } }, podSelector: { matchLabels: { role: 'tester' } } }] }] }));
  assert.equal(reach(both, ['dev', 'tester'], ['prod', 'api'], 8080), 'ok');
  assert.equal(reach(both, ['dev', 'client'], ['prod', 'api'], 8080), 'timeout');
  const either = cluster(policy('p', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'dev' } } }, { podSelector: { matchLabels: { role: 'tester' } } }] }] }));
  assert.equal(reach(either, ['dev', 'client'], ['prod', 'api'], 8080), 'ok');
  // The automatic kubernetes.io/metadata.name label selects a namespace by name.
  const byName = cluster(policy('p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dev' } } }] }] }));
  assert.equal(reach(byName, ['dev', 'client'], ['prod', 'api'], 8080), 'ok');
});

test('ipBlock with except', () => {
  const c = cluster();
  const client = c.pod('client', 'dev').status.podIP as string;
  c.apply(policy('p', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.244.0.0/16', except: [`${client}/32`] } }] }] }));
  assert.equal(reach(c, ['dev', 'client'], ['prod', 'api'], 8080), 'timeout');
  assert.equal(reach(c, ['dev', 'tester'], ['prod', 'api'], 8080), 'ok');
});

test('ports: by number, by name, a range with endPort; policyTypes decide the directions', () => {
  const named = cluster(policy('p', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 'http' }] }] }));
  assert.equal(reach(named, ['prod', 'web'], ['prod', 'api'], 8080), 'ok');
  assert.equal(reach(named, ['prod', 'web'], ['prod', 'api'], 9005), 'timeout');
  const range = cluster(policy('p', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 9000, endPort: 9010, protocol: 'TCP' }] }] }));
  assert.equal(reach(range, ['prod', 'web'], ['prod', 'api'], 9005), 'ok');
  assert.equal(reach(range, ['prod', 'web'], ['prod', 'api'], 9020), 'timeout');
  assert.equal(reach(range, ['prod', 'web'], ['prod', 'api'], 8080), 'timeout');
  // An egress-only policy leaves ingress open.
  const egressOnly = cluster(policy('p', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'] }));
  assert.equal(reach(egressOnly, ['prod', 'web'], ['prod', 'api'], 8080), 'ok');
  assert.equal(reach(egressOnly, ['prod', 'api'], ['prod', 'db'], 5432), 'timeout');
});

test('egress: default deny drops DNS too (curl and nslookup time out); allowing UDP 53 to kube-system brings it back', async () => {
  const c = cluster(policy('deny-egress', { podSelector: {}, policyTypes: ['Egress'] }));
  const web = from(c.pod('web', 'prod'));
  assert.equal(lookup(c.world(), web, 'db').status, 'timeout');
  const ns = await runProgram(NET_PROGRAMS.nslookup!, c.world(), web, ['nslookup', 'db']);
  assert.equal(ns.stdout, ';; connection timed out; no servers could be reached\n\n');
  const curl = await runProgram(NET_PROGRAMS.curl!, c.world(), web, ['curl', '-sS', '-m', '2', 'http://db:5432/']);
  assert.equal(curl.stderr, 'curl: (28) Resolving timed out after 2000 milliseconds\n');
  assert.equal(curl.code, 28);
  c.apply(
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    }),
  );
  assert.equal(lookup(c.world(), web, 'db').status, 'ok');
  // DNS resolves, the connection itself is still dropped: curl's connect timeout.
  const again = await runProgram(NET_PROGRAMS.curl!, c.world(), web, ['curl', '-sS', '--connect-timeout', '3', 'http://db:5432/']);
  assert.equal(again.stderr, 'curl: (28) Failed to connect to db port 5432 after 3001 ms: Timeout was reached\n');
  c.apply(policy('allow-db', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] }] }));
  const ok = await runProgram(NET_PROGRAMS.curl!, c.world(), web, ['curl', '-s', 'http://db:5432/']);
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /^db \(container pg/);
});

test('a policy in one namespace does not touch pods of another; traffic within a pod is never isolated', () => {
  const c = cluster(policy('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }, 'dev'));
  assert.equal(reach(c, ['prod', 'web'], ['prod', 'api'], 8080), 'ok');
  assert.equal(reach(c, ['dev', 'client'], ['prod', 'api'], 8080), 'timeout');
  const self = connect(c.world(), from(c.pod('client', 'dev')), c.pod('client', 'dev').status.podIP, 1);
  assert.equal(!self.ok && self.error, 'refused');
});
