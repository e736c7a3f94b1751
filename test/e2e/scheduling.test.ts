import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { listOf, lookup, pod, sessionFor } from '../helpers/sim-world.js';

const NOW = '2026-11-22T00:00:00Z';

test('a pod too big for any node stays Pending with the scheduler message, and is scheduled on a node added later', async () => {
  const { home, dispose } = tempHome();
  try {
    const big = pod('big', { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '6' } } }] });
    sessionFor(home, NOW).write((api) => api.create(big));
    const message = '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';
    sessionFor(home, NOW).read((api) => {
      const p = lookup(api, 'Pod', 'default', 'big')!;
      assert.equal(p.status.phase, 'Pending');
      assert.equal(p.spec.nodeName, undefined);
      assert.deepEqual(p.status.conditions, [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: NOW, reason: 'Unschedulable', message }]);
      const events = listOf(api, 'Event', 'default').filter((e) => e.involvedObject.name === 'big');
      assert.deepEqual(events.map((e) => [e.type, e.reason, e.source.component, e.message]), [['Warning', 'FailedScheduling', 'default-scheduler', message]]);
    });
    assert.equal((await runCli('node add huge --cpu 8', { home, now: NOW })).code, 0);
    sessionFor(home, NOW).read((api) => {
      const p = lookup(api, 'Pod', 'default', 'big')!;
      assert.equal(p.spec.nodeName, 'huge');
      assert.equal(p.status.phase, 'Running');
      assert.equal(p.status.podIP, '10.244.4.2');
    });
  } finally {
    dispose();
  }
});

test('cordoned and tainted nodes are skipped; a toleration lets a pod onto a tainted node', async () => {
  const { home, dispose } = tempHome();
  try {
    const cli = (line: string) => runCli(line, { home, now: NOW });
    await cli('cordon lite-worker lite-worker2');
    await cli('taint nodes lite-worker3 gpu=yes:NoSchedule');
    sessionFor(home, NOW).write((api) => {
      api.create(pod('plain'));
      api.create(pod('gpu', { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' }] }));
    });
    sessionFor(home, NOW).read((api) => {
      assert.equal(lookup(api, 'Pod', 'default', 'plain')!.status.conditions[0].message,
        '0/4 nodes are available: 1 node(s) had untolerated taint {gpu: yes}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.');
      assert.equal(lookup(api, 'Pod', 'default', 'gpu')!.spec.nodeName, 'lite-worker3');
    });
    await cli('uncordon lite-worker');
    sessionFor(home, NOW).read((api) => assert.equal(lookup(api, 'Pod', 'default', 'plain')!.spec.nodeName, 'lite-worker'));
  } finally {
    dispose();
  }
});
