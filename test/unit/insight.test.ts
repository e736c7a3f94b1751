/** The why core against hand-built clusters: the scheduler's filters per node, and that the scheduler and why agree. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FILTERS, nodeInfos, resourceFilter, scheduler, staticRejection } from '../../src/controllers/scheduler.js';
import { explainScheduling } from '../../src/insight/scheduling.js';
import { explainPod } from '../../src/insight/pod.js';
import { node, pod, withWorld } from '../helpers/sim-world.js';

test('pod count: a full node is rejected by NodeResourcesFit with Too many pods and the count', () => {
  const small = node('small', 1);
  small.status!.allocatable.pods = '2';
  small.status!.capacity.pods = '2';
  withWorld(
    (w) => {
      for (const name of ['a', 'b', 'c']) w.api.create(pod(name), { trusted: true });
      scheduler.reconcile(w.api);
      const c = w.pod('c')!;
      assert.equal(c.spec.nodeName, undefined);
      assert.match(c.status.conditions[0].message, /^0\/1 nodes are available: 1 Too many pods\./);
      const answer = explainScheduling(w.api, c);
      assert.deepEqual(answer.nodes.map((n) => [n.node, n.filter, n.reasons, n.details]), [['small', 'NodeResourcesFit', ['Too many pods'], ['pods: 2 of 2 already on the node']]]);
      assert.match(answer.smallestChange!.changes[0]!, /make room on small: it already runs 2 of 2 pods/);
    },
    { nodes: [small] },
  );
});

test('the scheduler and why give the same reason per node (the FitError is built from the same filters)', () => {
  const nodes = [node('w1', 1), node('w2', 2), node('w3', 3)];
  nodes[0]!.spec = { ...nodes[0]!.spec, unschedulable: true };
  nodes[1]!.spec = { ...nodes[1]!.spec, taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] };
  withWorld(
    (w) => {
      w.api.create(pod('p', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '5', memory: '1Gi' } } }] }), { trusted: true });
      scheduler.reconcile(w.api);
      const p = w.pod('p')!;
      const message: string = p.status.conditions[0].message;
      const answer = explainScheduling(w.api, p);
      for (const v of answer.nodes) for (const r of v.reasons) assert.ok(message.includes(r), `${v.node}: ${r} not in ${message}`);
      assert.deepEqual(answer.nodes.map((v) => v.filter), ['NodeUnschedulable', 'TaintToleration', 'NodeResourcesFit']);
      assert.deepEqual(answer.nodes[2]!.details, ['cpu: requested 5, free 4 of 4 allocatable']);
      // Lowering the request is the smallest change, on the node where only resources fail.
      assert.equal(answer.smallestChange!.node, 'w3');
      assert.match(answer.smallestChange!.changes[0]!, /lower the cpu request from 5 to 4/);
      const text = explainPod(w.api, p);
      assert.equal(text.state, 'Pending');
      assert.equal(text.healthy, false);
    },
    { nodes },
  );
});

test('filters are pure: the same pod and node give the same verdict, and a passing node gives none', () => {
  const n = node('w1', 1);
  const info = nodeInfos([n], [])[0]!;
  const p = pod('p', { nodeSelector: { disktype: 'ssd' } });
  const first = staticRejection({ pod: p, volumes: [] }, info);
  assert.deepEqual(first, staticRejection({ pod: p, volumes: [] }, info));
  assert.equal(first?.filter, 'NodeAffinity');
  assert.deepEqual(first?.details, ['nodeSelector disktype=ssd: the node has no label disktype']);
  assert.equal(staticRejection({ pod: pod('q'), volumes: [] }, info), undefined);
  assert.equal(resourceFilter(info, { cpu: 1 }), undefined);
  assert.equal(FILTERS.length, 4);
});

test('why --to: the NetworkPolicy adapter reports each direction the engine decided and the rule to add', async () => {
  const { explainTraffic, loadPolicyEngine } = await import('../../src/insight/traffic.js');
  const engine = await loadPolicyEngine();
  const { existsSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  // Present exactly when this build has the dataplane's policy engine.
  assert.equal(engine !== undefined, existsSync(fileURLToPath(new URL('../../src/dataplane/policy.js', import.meta.url))));
  withWorld((w) => {
    const client = { ...pod('client', {}, { labels: { app: 'client' } }), status: { podIP: '10.244.1.2' } };
    const web = { ...pod('web', {}, { labels: { app: 'web' } }), status: { podIP: '10.244.2.2' } };
    const calls: unknown[] = [];
    const fake = {
      evaluate: (_api: unknown, from: any, to: any, port: any) => {
        calls.push([from.ip, to.ip, port]);
        return {
          allowed: false,
          egress: { isolated: false, allowed: true, policies: [], reason: 'egress is open' },
          ingress: { isolated: true, allowed: false, policies: ['default/deny'], reason: 'isolated by default/deny and no rule allows TCP/80' },
        };
      },
    };
    const e = explainTraffic(w.api, fake, client, 'pod/web', [{ pod: web, port: 80, protocol: 'TCP' }]);
    assert.deepEqual(calls, [['10.244.1.2', '10.244.2.2', { port: 80, protocol: 'TCP' }]]);
    assert.equal(e.state, 'dropped');
    assert.match(e.summary, /drop its traffic to 1 of 1 pod\(s\) of pod\/web: isolated by default\/deny/);
    assert.deepEqual(e.fixes, ['add an ingress rule to default/deny allowing default/client (its labels app=client) on TCP 80']);
  });
});
