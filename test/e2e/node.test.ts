import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { listOf, lookup, sessionFor } from '../helpers/sim-world.js';

const NOW = '2026-11-22T00:00:00Z';

async function withHome(fn: (cli: (line: string) => ReturnType<typeof runCli>, home: string) => Promise<void>): Promise<void> {
  const { home, dispose } = tempHome();
  try {
    await fn((line) => runCli(line, { home, now: NOW }), home);
  } finally {
    dispose();
  }
}

test('cordon and uncordon print what kubectl prints and set spec.unschedulable', async () => {
  await withHome(async (cli, home) => {
    assert.deepEqual(await cli('cordon lite-worker'), { stdout: 'node/lite-worker cordoned\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('cordon node/lite-worker'), { stdout: 'node/lite-worker already cordoned\n', stderr: '', code: 0 });
    sessionFor(home, NOW).read((api) => {
      const n = lookup(api, 'Node', undefined, 'lite-worker')!;
      assert.equal(n.spec.unschedulable, true);
      assert.deepEqual(n.spec.taints, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    });
    assert.deepEqual(await cli('uncordon lite-worker --dry-run=client'), { stdout: 'node/lite-worker uncordoned (dry run)\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('uncordon lite-worker missing'), { stdout: '', stderr: 'Error from server (NotFound): nodes "missing" not found\n', code: 1 });
    assert.deepEqual(await cli('uncordon -l kubernetes.io/hostname=lite-worker'), { stdout: 'node/lite-worker uncordoned\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('cordon'), { stdout: '', stderr: "error: USAGE: cordon NODE [flags]\nSee 'kubectl-lite cordon -h' for help and examples\n", code: 1 });
  });
});

test('taint adds, refuses duplicates without --overwrite, modifies and removes', async () => {
  await withHome(async (cli, home) => {
    // kubectl's taint line names no dry run (checked against kubectl v1.32 through serve).
    assert.deepEqual(await cli('taint nodes lite-worker dedicated=gpu:NoSchedule --dry-run=client'), { stdout: 'node/lite-worker tainted\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('taint nodes lite-worker dedicated=gpu:NoSchedule --dry-run=server'), { stdout: 'node/lite-worker tainted\n', stderr: '', code: 0 });
    sessionFor(home, NOW).read((api) => assert.equal(lookup(api, 'Node', undefined, 'lite-worker')!.spec.taints, undefined, 'a dry run changes nothing'));
    assert.deepEqual(await cli('taint nodes lite-worker dedicated=gpu:NoSchedule'), { stdout: 'node/lite-worker tainted\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('taint nodes lite-worker dedicated=cpu:NoSchedule'), {
      stdout: '',
      stderr: 'error: node lite-worker already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
      code: 1,
    });
    assert.deepEqual(await cli('taint node lite-worker dedicated=cpu:NoSchedule --overwrite'), { stdout: 'node/lite-worker modified\n', stderr: '', code: 0 });
    sessionFor(home, NOW).read((api) => assert.deepEqual(lookup(api, 'Node', undefined, 'lite-worker')!.spec.taints, [{ key: 'dedicated', value: 'cpu', effect: 'NoSchedule' }]));
    assert.deepEqual(await cli('taint nodes lite-worker dedicated-'), { stdout: 'node/lite-worker untainted\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('taint nodes lite-worker dedicated:NoSchedule-'), { stdout: '', stderr: 'error: taint "dedicated:NoSchedule" not found\n', code: 1 });
    assert.deepEqual(await cli('taint nodes lite-worker bad:Sometimes'), { stdout: '', stderr: "error: invalid taint effect: Sometimes, unsupported taint effect\nSee 'kubectl-lite taint -h' for help and examples\n", code: 1 });
    assert.deepEqual(await cli('taint pods web a=b:NoSchedule'), { stdout: '', stderr: 'error: invalid resource type pods, only node types are supported\n', code: 1 });
    assert.deepEqual(await cli('taint nodes lite-worker'), { stdout: '', stderr: 'error: at least one taint update is required\n', code: 1 });
    // Each clash is the removal's key=effect, in the additions' order (kubectl v1.32 through serve).
    const both = (names: string) => ({ stdout: '', stderr: `error: can not both modify and remove the following taint(s) in the same command: ${names}\n`, code: 1 });
    assert.deepEqual(await cli('taint nodes lite-worker a=b:NoExecute a:NoExecute-'), both('a=NoExecute'));
    assert.deepEqual(await cli('taint nodes lite-worker a=b:NoExecute c=d:NoSchedule c- a-'), both('a=, c='));
    assert.deepEqual(await cli('taint nodes lite-worker a=b:NoExecute a- a:NoExecute-'), both('a=, a=NoExecute'));
  });
});

test('drain refuses unmanaged pods without --force, then evicts them and reports the node drained', async () => {
  await withHome(async (cli, home) => {
    sessionFor(home, NOW).write((api) =>
      api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, spec: { nodeName: 'lite-worker', containers: [{ name: 'app', image: 'nginx' }] } }),
    );
    const refused = 'cannot delete cannot delete Pods that declare no controller (use --force to override): default/web';
    assert.deepEqual(await cli('drain lite-worker --pod-selector app=web'), {
      stdout: 'node/lite-worker cordoned\n',
      stderr: `error: unable to drain node "lite-worker" due to error: ${refused}, continuing command...\nThere are pending nodes to be drained:\n lite-worker\n${refused}\n`,
      code: 1,
    });
    assert.deepEqual(await cli('drain lite-worker --pod-selector app=web --force'), {
      stdout: 'node/lite-worker already cordoned\nevicting pod default/web\npod/web evicted\nnode/lite-worker drained\n',
      stderr: 'Warning: deleting Pods that declare no controller: default/web\n',
      code: 0,
    });
    sessionFor(home, NOW).read((api) => assert.equal(lookup(api, 'Pod', 'default', 'web'), undefined));
  });
});

test('node add, remove, stop and start reshape the cluster', async () => {
  await withHome(async (cli, home) => {
    assert.deepEqual(await cli('node add extra --cpu 16'), { stdout: 'node/extra created\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('node add extra'), { stdout: '', stderr: 'error: node "extra" already exists\n', code: 1 });
    sessionFor(home, NOW).read((api) => {
      const n = lookup(api, 'Node', undefined, 'extra')!;
      assert.deepEqual([n.spec.podCIDR, n.status.addresses[0].address, n.status.capacity.cpu], ['10.244.4.0/24', '172.18.0.6', '16']);
    });
    assert.deepEqual(await cli('node stop extra'), { stdout: 'node/extra stopped\n', stderr: '', code: 0 });
    await cli('cluster advance 49s');
    sessionFor(home, NOW).read((api) => assert.equal(lookup(api, 'Node', undefined, 'extra')!.status.conditions[3].status, 'True'));
    await cli('cluster advance 1s');
    sessionFor(home, NOW).read((api) => {
      const n = lookup(api, 'Node', undefined, 'extra')!;
      assert.equal(n.status.conditions[3].status, 'Unknown');
      assert.deepEqual(n.spec.taints.map((t: any) => `${t.key}:${t.effect}`), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
      assert.deepEqual(listOf(api, 'Event', 'default').filter((e) => e.reason === 'NodeNotReady').map((e) => e.message), ['Node extra status is now: NodeNotReady']);
    });
    assert.deepEqual(await cli('node start extra'), { stdout: 'node/extra started\n', stderr: '', code: 0 });
    sessionFor(home, NOW).read((api) => {
      const n = lookup(api, 'Node', undefined, 'extra')!;
      assert.equal(n.status.conditions[3].status, 'True');
      assert.equal(n.spec.taints, undefined);
    });
    assert.deepEqual(await cli('node remove extra'), { stdout: 'node "extra" deleted\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('node stop extra'), { stdout: '', stderr: 'Error from server (NotFound): nodes "extra" not found\n', code: 1 });
  });
});
