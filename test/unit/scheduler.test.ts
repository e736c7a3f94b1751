import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runToFixedPoint } from '../../src/controllers/loop.js';
import { fitError, namedNodes, nodeInfos, nodeInfosFromCounts, nodesOfShapes, resourceFilter, scheduler, schedulingNodes, staticRejection } from '../../src/controllers/scheduler.js';
import { nodeShape } from '../../src/controllers/informer.js';
import { getCondition, podRequests } from '../../src/sim/pods.js';
import { node, pod, withWorld } from '../helpers/sim-world.js';

const cluster = () => [node('cp', 0, { controlPlane: true }), node('w1', 1, { cpu: '1' }), node('w2', 2, { cpu: '1' })];

test('binds a pod to a worker, never to the tainted control plane', () => {
  withWorld(({ api, pod: get, events }) => {
    api.create(pod('web'));
    runToFixedPoint(api, [scheduler]);
    const p = get('web')!;
    assert.equal(p.spec.nodeName, 'w1');
    assert.equal(getCondition(p, 'PodScheduled')?.status, 'True');
    assert.deepEqual(events('Scheduled').map((e) => [e.type, e.message, e.source.component]), [['Normal', 'Successfully assigned default/web to w1', 'default-scheduler']]);
  }, { nodes: cluster() });
});

test("an unschedulable pod gets kube-scheduler's message once and stays Pending", () => {
  withWorld(({ api, pod: get, events }) => {
    api.create(pod('big', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '2' } } }] }));
    runToFixedPoint(api, [scheduler]);
    const message = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    const cond = getCondition(get('big')!, 'PodScheduled')!;
    assert.deepEqual([cond.status, cond.reason, cond.message], ['False', 'Unschedulable', message]);
    assert.equal(get('big')!.spec.nodeName, undefined);
    const failed = events('FailedScheduling');
    assert.deepEqual(failed.map((e) => [e.type, e.message, e.count]), [['Warning', message, 1]]);
    const rev = api.store.revision;
    runToFixedPoint(api, [scheduler]);
    assert.equal(api.store.revision, rev, 'a second pass writes nothing');
  }, { nodes: cluster() });
});

test('requests count against allocatable minus what is bound; the pod fits once a node is added', () => {
  withWorld(({ api, pod: get }) => {
    const half = { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '600m' } } }] };
    api.create(pod('a', half));
    api.create(pod('b', half));
    api.create(pod('c', half));
    runToFixedPoint(api, [scheduler]);
    assert.deepEqual(['a', 'b', 'c'].map((n) => get(n)!.spec.nodeName), ['w1', 'w2', undefined]);
    api.create(node('w3', 3, { cpu: '1' }), { trusted: true });
    runToFixedPoint(api, [scheduler]);
    assert.equal(get('c')!.spec.nodeName, 'w3');
    assert.equal(getCondition(get('c')!, 'PodScheduled')?.status, 'True');
  }, { nodes: cluster() });
});

test('nodeSelector, node affinity, cordon and tolerations filter nodes', () => {
  withWorld(({ api, pod: get }) => {
    api.create(pod('sel', { nodeSelector: { disk: 'ssd' } }));
    api.create(pod('cp-ok', { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
    api.create(pod('aff', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['w2'] }] }] } } } }));
    runToFixedPoint(api, [scheduler]);
    assert.equal(getCondition(get('sel')!, 'PodScheduled')?.message, "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    assert.equal(get('cp-ok')!.spec.nodeName, 'cp');
    assert.equal(get('aff')!.spec.nodeName, 'w2');
  }, { nodes: cluster() });
  withWorld(({ api, pod: get }) => {
    const cordoned = node('w1', 1);
    cordoned.spec.unschedulable = true;
    api.create(cordoned, { trusted: true });
    api.create(pod('p'));
    runToFixedPoint(api, [scheduler]);
    assert.equal(getCondition(get('p')!, 'PodScheduled')?.message, '0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });
});

test('siblings spread across nodes; too many pods is a reason', () => {
  withWorld(({ api, pod: get }) => {
    const owner = { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true }] };
    for (const n of ['r1', 'r2', 'r3']) api.create(pod(n, {}, owner));
    runToFixedPoint(api, [scheduler]);
    assert.deepEqual(new Set(['r1', 'r2', 'r3'].map((n) => get(n)!.spec.nodeName)), new Set(['w1', 'w2', 'w3']));
  }, { nodes: [node('w1', 1), node('w2', 2), node('w3', 3)] });
  assert.equal(
    fitError(2, [{ reasons: ['Too many pods'], resourceShortfall: true }, { reasons: ['Insufficient memory', 'Insufficient cpu'], resourceShortfall: true }]),
    '0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
  );
});

test('a pod pinned by metadata.name is checked against the named nodes only, and its FitError still counts every node', () => {
  const pinned = (names: string[][]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: names.map((values) => (values.length ? { matchFields: [{ key: 'metadata.name', operator: 'In', values }] } : {})) } } } });
  assert.deepEqual([...namedNodes(pod('p', pinned([['w2'], ['w1', 'gone'], []])))!].sort(), ['gone', 'w1', 'w2']);
  assert.equal(namedNodes(pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w1'] }] }, { matchExpressions: [{ key: 'disk', operator: 'Exists' }] }] } } } })), undefined, 'a term without a name pin can match any node');
  assert.equal(namedNodes(pod('p')), undefined);
  withWorld(({ api, pod: get }) => {
    api.create(pod('on-w2', pinned([['w2']])));
    api.create(pod('on-cp', pinned([['cp']])));
    api.create(pod('too-big', { ...pinned([['w1']]), containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '2' } } }] }));
    runToFixedPoint(api, [scheduler]);
    assert.equal(get('on-w2')!.spec.nodeName, 'w2');
    assert.equal(getCondition(get('on-cp')!, 'PodScheduled')?.message, "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    assert.equal(getCondition(get('too-big')!, 'PodScheduled')?.message, "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.");
  }, { nodes: cluster() });
});

test("each node's requests summed from the counted index are nodeInfos' sums from the pods, to the bit, and so are the pending pods' siblings", () => {
  withWorld(({ api }) => {
    const cpus = ['100m', '10m', '333m', '0.1', '1', '2m'];
    const mems = ['16Mi', '100M', '1.5Gi', '7'];
    for (let i = 0; i < 60; i++) {
      const resources = { requests: { cpu: cpus[i % cpus.length], memory: mems[i % mems.length], ...(i % 5 === 0 ? { 'ephemeral-storage': '1Gi' } : {}) } };
      const ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs${i % 3}`, uid: `uid-${i % 3}`, controller: true }];
      api.create(pod(`p${i}`, { nodeName: `w${1 + (i % 2)}`, containers: [{ name: 'app', image: 'nginx', resources }] }, { ownerReferences }), { trusted: true });
    }
    const pending = [pod('new', {}, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1', uid: 'uid-1', controller: true }] })];
    const nodes = api.list(api.registry.forKind('v1', 'Node')!);
    const full = nodeInfos(nodes, api.list(api.registry.forKind('v1', 'Pod')!));
    const counted = nodeInfosFromCounts(api, nodes, pending)!;
    const view = (infos: typeof full) => infos.map((i) => [i.name, i.cpuMilli, i.memoryMilli, i.otherMilli, i.reqCpu, i.reqMemory, i.pods, i.byOwner.get('uid-1') ?? 0]);
    assert.deepEqual(view(counted), view(full));
    assert.deepEqual(view(counted).map((v) => v[6]), [0, 30, 30]);
    assert.deepEqual(view(counted).map((v) => (v[3] as Map<string, number> | undefined)?.get('ephemeral-storage')), [undefined, 6 * 2 ** 30 * 1000, 6 * 2 ** 30 * 1000]);
  }, { nodes: cluster() });
});

test("the nodes read from the scheduling index are the Nodes as every filter and the scoring see them, in listing order", () => {
  withWorld(({ api }) => {
    const nodeType = api.registry.forKind('v1', 'Node')!;
    const tainted = node('b-tainted', 4);
    tainted.spec.taints = [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }, { key: 'spot', effect: 'PreferNoSchedule' }];
    tainted.metadata.labels = { ...tainted.metadata.labels, disk: 'ssd', 'topology.kubernetes.io/zone': 'z1' };
    const cordoned = node('a-cordoned', 5);
    cordoned.spec.unschedulable = true;
    const capacityOnly = node('w10', 6, { cpu: '3' });
    delete capacityOnly.status.allocatable;
    const bare = node('w9', 7);
    delete bare.metadata.labels;
    for (const n of [tainted, cordoned, capacityOnly, bare]) api.create(n, { trusted: true });
    const pods = [
      pod('plain'),
      pod('sel', { nodeSelector: { disk: 'ssd' } }),
      pod('tol', { tolerations: [{ key: 'gpu', operator: 'Exists' }, { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }),
      pod('aff', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['w1'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w9'] }] }] } } } }),
      pod('big', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '3500m', memory: '1Gi' } } }] }),
    ];
    const full = nodeInfos(api.list(nodeType), []);
    const summarised = nodeInfos(schedulingNodes(api)!, []);
    assert.deepEqual(summarised.map((i) => i.name), full.map((i) => i.name));
    assert.deepEqual(summarised.map((i) => i.name), ['a-cordoned', 'b-tainted', 'cp', 'w1', 'w10', 'w2', 'w9']);
    let rejected = 0;
    for (const p of pods) {
      full.forEach((info, i) => {
        const s = summarised[i]!;
        assert.deepEqual([s.allocatable, s.allocCpu, s.allocMemory, s.maxPods], [info.allocatable, info.allocCpu, info.allocMemory, info.maxPods]);
        const want = staticRejection({ pod: p, volumes: [] }, info);
        assert.deepEqual(staticRejection({ pod: p, volumes: [] }, s), want, `${p.metadata.name} on ${info.name}`);
        assert.deepEqual(resourceFilter(s, podRequests(p)), resourceFilter(info, podRequests(p)));
        if (want) rejected++;
      });
    }
    assert.ok(rejected > 5, 'the filters reject some of these nodes');
    // Kept up to date by the transaction's writes: a cordon shows at once.
    api.put({ ...api.tryGet(nodeType, undefined, 'w1')!, spec: { ...api.tryGet(nodeType, undefined, 'w1')!.spec, unschedulable: true } });
    assert.equal(schedulingNodes(api)!.find((n) => n.metadata.name === 'w1')!.spec.unschedulable, true);
  }, { nodes: cluster() });
});

test('the nodes read from the shapes they share are the Nodes as the scheduler reads them: labels in their order, a hostname label that is not the name kept as it is', () => {
  withWorld(({ api }) => {
    const nodeType = api.registry.forKind('v1', 'Node')!;
    const renamed = node('w3', 3);
    renamed.metadata.labels = { 'kubernetes.io/hostname': 'elsewhere', zone: 'a' };
    const last = node('w4', 4);
    last.metadata.labels = { zone: 'a', 'kubernetes.io/hostname': 'w4' };
    const deleting = node('w5', 5);
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    deleting.metadata.finalizers = ['keep'];
    for (const n of [renamed, last, deleting]) api.create(n, { trusted: true });
    const read = schedulingNodes(api)!;
    const listed = api.list(nodeType);
    assert.deepEqual(read.map((n) => n.metadata.name), listed.map((n) => n.metadata.name));
    listed.forEach((full, i) => {
      const got = read[i]!;
      assert.deepEqual(got.metadata.labels, full.metadata.labels);
      assert.deepEqual(Object.keys(got.metadata.labels ?? {}), Object.keys(full.metadata.labels ?? {}), `label order of ${full.metadata.name}`);
      assert.deepEqual([got.spec.taints, got.spec.unschedulable, got.status.allocatable], [full.spec.taints, full.spec.unschedulable, full.status.allocatable ?? full.status.capacity]);
      assert.equal(Boolean(got.metadata.deletionTimestamp), Boolean(full.metadata.deletionTimestamp));
    });
    // The workers made alike share one shape (and its objects), the hostname label apart.
    const w1 = read.find((n) => n.metadata.name === 'w1')!;
    const w2 = read.find((n) => n.metadata.name === 'w2')!;
    assert.equal(nodeShape(w1).id, nodeShape(w2).id);
    assert.equal(w1.status.allocatable, w2.status.allocatable);
    assert.notEqual(nodeShape(renamed).id, nodeShape(last).id);
  }, { nodes: cluster() });
});

test('nodes are not read from shapes that two share one id, nor for a node whose shape is missing', () => {
  const a = node('a', 1);
  const b = node('b', 2, { cpu: '2' });
  const shapeA = nodeShape(a);
  const shapeB = nodeShape(b);
  assert.notEqual(shapeA.id, shapeB.id);
  const values = [`${shapeA.id}\u0000${shapeA.json}`, `${shapeB.id}\u0000${shapeB.json}`];
  const names: Array<[string, number]> = [[`b\u0000${shapeB.id}`, 1], [`a\u0000${shapeA.id}`, 1]];
  assert.deepEqual(nodesOfShapes(values, names)!.map((n) => [n.metadata.name, n.status.allocatable.cpu]), [['a', '4'], ['b', '2']]);
  // A collision: shape B filed under A's id.
  assert.equal(nodesOfShapes([values[0]!, `${shapeA.id}\u0000${shapeB.json}`], names), undefined);
  assert.equal(nodesOfShapes([values[0]!], names), undefined);
});

test('node affinity and nodeSelector keys named like Object.prototype members are labels like any other', () => {
  withWorld(({ api, pod: get }) => {
    const term = (key: string, operator: string) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator }] }] } } });
    api.create(pod('needs-constructor', { affinity: term('constructor', 'Exists') }));
    api.create(pod('no-tostring', { affinity: term('toString', 'DoesNotExist') }));
    api.create(pod('sel-proto', { nodeSelector: JSON.parse('{"__proto__": "x"}') as Record<string, string> }));
    runToFixedPoint(api, [scheduler]);
    assert.equal(get('needs-constructor')!.spec.nodeName, undefined, 'no node has a label "constructor"');
    assert.match(getCondition(get('needs-constructor')!, 'PodScheduled')?.message ?? '', /didn't match Pod's node affinity\/selector/);
    assert.ok(get('no-tostring')!.spec.nodeName, 'no node has a label "toString"');
    assert.equal(get('sel-proto')!.spec.nodeName, undefined);
  }, { nodes: cluster() });
});

test('nodes of one shape share a filter verdict, unless the pod selects nodes by their hostname label', () => {
  const workers = [1, 2, 3, 4, 5, 6].map((i) => node(`w${i}`, i, { cpu: '1' }));
  withWorld(({ api, pod: get }) => {
    assert.equal(new Set(workers.map((w) => nodeShape(w).id)).size, 1, 'the workers share one shape');
    const hostname = 'kubernetes.io/hostname';
    const affinity = (operator: string, values: string[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: hostname, operator, values }] }] } } });
    api.create(pod('plain'));
    api.create(pod('by-selector', { nodeSelector: { [hostname]: 'w4' } }));
    api.create(pod('not-in', { affinity: affinity('NotIn', ['w1', 'w2', 'w3', 'w4', 'w5']) }));
    api.create(pod('in', { affinity: affinity('In', ['w5']) }));
    api.create(pod('nowhere', { nodeSelector: { [hostname]: 'w9' } }));
    runToFixedPoint(api, [scheduler]);
    assert.deepEqual(['plain', 'by-selector', 'not-in', 'in', 'nowhere'].map((n) => get(n)!.spec.nodeName), ['w1', 'w4', 'w6', 'w5', undefined]);
    assert.equal(getCondition(get('nowhere')!, 'PodScheduled')?.message, "0/7 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 6 node(s) didn't match Pod's node affinity/selector. preemption: 0/7 nodes are available: 7 Preemption is not helpful for scheduling.");
  }, { nodes: [node('cp', 0, { controlPlane: true }), ...workers] });
});
