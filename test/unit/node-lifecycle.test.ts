import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SettableClock } from '../../src/api/clock.js';
import type { ApiServer } from '../../src/api/server.js';
import { kubelet } from '../../src/controllers/kubelet.js';
import { settle } from '../../src/controllers/loop.js';
import { evictionTime, nodeLifecycle } from '../../src/controllers/node-lifecycle.js';
import { scheduler } from '../../src/controllers/scheduler.js';
import { setNodeStopped } from '../../src/sim/node-state.js';
import { getCondition } from '../../src/sim/pods.js';
import type { Toleration } from '../../src/sim/taints.js';
import { node, pod, T0, withWorld } from '../helpers/sim-world.js';

const CONTROLLERS = [nodeLifecycle, scheduler, kubelet];
const run = (api: ApiServer, atSeconds: number) => settle(api, api.clock as SettableClock, T0 + atSeconds * 1000, CONTROLLERS);
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace('.000', '');
const TOLERATE_300: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

test('a stopped node goes Unknown after the 50s grace, is tainted, and its pods are evicted 300s later', () => {
  withWorld(({ api, tx, pod: get, node: getNode, events }) => {
    api.create(pod('web', { tolerations: TOLERATE_300, nodeName: 'w1' }));
    api.create(pod('forever', { nodeName: 'w1', tolerations: [{ operator: 'Exists' }] }));
    run(api, 0);
    assert.equal(get('web')!.status.phase, 'Running');
    setNodeStopped(tx, 'w1', T0);
    run(api, 49);
    assert.equal(getCondition(getNode('w1')!, 'Ready')?.status, 'True');
    run(api, 50);
    const n = getNode('w1')!;
    assert.deepEqual(n.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message, c.lastTransitionTime]), [
      ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', at(50)],
      ['DiskPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', at(50)],
      ['PIDPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', at(50)],
      ['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', at(50)],
    ]);
    assert.deepEqual(n.spec.taints, [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: at(50) },
    ]);
    // About the node, and (MarkPodsNotReady) about each of its pods.
    assert.deepEqual(
      events('NodeNotReady').map((e) => [e.involvedObject.kind, e.involvedObject.name, e.type, e.message, e.source.component]).sort(),
      [
        ['Node', 'w1', 'Normal', 'Node w1 status is now: NodeNotReady', 'node-controller'],
        ['Pod', 'forever', 'Warning', 'Node is not ready', 'node-controller'],
        ['Pod', 'web', 'Warning', 'Node is not ready', 'node-controller'],
      ],
    );
    assert.equal(getCondition(get('web')!, 'Ready')?.status, 'False');
    run(api, 349);
    assert.equal(get('web')!.metadata.deletionTimestamp, undefined);
    run(api, 350);
    const evicted = get('web')!;
    assert.ok(evicted.metadata.deletionTimestamp, 'evicted pods stay Terminating while the kubelet is away');
    assert.equal(getCondition(evicted, 'DisruptionTarget')?.reason, 'DeletionByTaintManager');
    assert.equal(get('forever')!.metadata.deletionTimestamp, undefined);
    setNodeStopped(tx, 'w1', undefined);
    run(api, 360);
    assert.equal(getCondition(getNode('w1')!, 'Ready')?.status, 'True');
    assert.equal(getNode('w1')!.spec.taints, undefined);
    assert.equal(get('web'), undefined, 'the returning kubelet finishes the deletion');
    assert.equal(getCondition(get('forever')!, 'Ready')?.status, 'True');
  }, { nodes: [node('w1', 1)] });
});

test('a cordoned node carries the unschedulable taint until uncordoned', () => {
  withWorld(({ api, node: getNode }) => {
    const n = structuredClone(getNode('w1')!);
    n.spec.unschedulable = true;
    api.update(n, { trusted: true });
    run(api, 0);
    assert.deepEqual(getNode('w1')!.spec.taints, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    const back = structuredClone(getNode('w1')!);
    delete back.spec.unschedulable;
    api.update(back, { trusted: true });
    run(api, 1);
    assert.equal(getNode('w1')!.spec.taints, undefined);
  }, { nodes: [node('w1', 1)] });
});

test('pods bound to a node that no longer exists are garbage-collected', () => {
  withWorld(({ api, pod: get }) => {
    api.create(pod('orphan', { nodeName: 'gone' }));
    run(api, 0);
    assert.equal(get('orphan'), undefined);
  }, { nodes: [node('w1', 1)] });
});

test('eviction time: untolerated now, tolerated after tolerationSeconds, unlimited never', () => {
  const taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: at(10) }];
  assert.equal(evictionTime(taints, [], T0), T0);
  assert.equal(evictionTime(taints, TOLERATE_300, T0), T0 + 310_000);
  assert.equal(evictionTime(taints, [{ operator: 'Exists' }], T0), undefined);
  assert.equal(evictionTime([{ key: 'x', effect: 'NoSchedule' }], [], T0), undefined);
});
