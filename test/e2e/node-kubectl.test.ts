/**
 * cordon, uncordon, taint and drain against real kubectl: the oracle serves the same nodes and
 * pods (it accepts writes without applying them, so each command starts from the same state).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle } from '../helpers/oracle.js';
import { listOf, lookup, pod, sessionFor } from '../helpers/sim-world.js';

const NOW = '2026-11-22T00:00:00Z';

/**
 * kubectl's drain gathers its refusal reasons in a Go map, so it prints the `cannot delete ...`
 * groups inside each `[...]`, and the lines it ends with, in random order: compare them as sets.
 */
function sortDrainGroups(text: string): string {
  const grouped = text.replace(/\[(cannot delete [^\]]*)\]/g, (_, inner: string) => `[${inner.split(/, (?=cannot delete )/).sort().join(', ')}]`);
  return grouped.replace(/(^cannot delete .*\n)+/gm, (lines) => `${lines.split('\n').slice(0, -1).sort().join('\n')}\n`);
}

/** A fresh cluster: a bare pod on lite-worker, lite-worker2 cordoned, lite-worker3 tainted. */
async function freshHome(): Promise<{ home: string; dispose(): void; objects: KubeObject[] }> {
  const h = tempHome();
  const session = sessionFor(h.home, NOW);
  session.write((api) => {
    api.create(pod('web', { nodeName: 'lite-worker' }, { labels: { app: 'web' } }));
    const w2 = structuredClone(lookup(api, 'Node', undefined, 'lite-worker2')!);
    w2.spec.unschedulable = true;
    api.update(w2, { trusted: true });
    const w3 = structuredClone(lookup(api, 'Node', undefined, 'lite-worker3')!);
    w3.spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }];
    api.update(w3, { trusted: true });
    const rs = api.create({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'cache', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'cache' } }, template: { metadata: { labels: { app: 'cache' } }, spec: { containers: [{ name: 'app', image: 'redis' }] } } },
    });
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'cache', uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true };
    api.create(pod('cache-1', { nodeName: 'lite-worker3', volumes: [{ name: 'scratch', emptyDir: {} }], tolerations: [{ operator: 'Exists' }] }, { labels: { app: 'cache' }, ownerReferences: [owner] }));
  });
  const objects = sessionFor(h.home, NOW).read((api) => [...listOf(api, 'Node'), ...listOf(api, 'Pod'), ...listOf(api, 'ReplicaSet', undefined, 'apps/v1'), ...listOf(api, 'DaemonSet', undefined, 'apps/v1')]);
  return { ...h, objects };
}

const COMMANDS = [
  'cordon lite-worker',
  'cordon lite-worker2',
  'uncordon lite-worker2',
  'uncordon lite-worker',
  'cordon nope',
  'cordon lite-worker --dry-run=client',
  // Every argument is split before any type is mapped.
  'uncordon x/y a/b/c',
  'cordon lite-worker x/',
  'taint nodes lite-worker3 dedicated=x:NoSchedule',
  'taint nodes lite-worker3 dedicated=x:NoSchedule --overwrite',
  'taint nodes lite-worker3 dedicated:NoSchedule-',
  'taint nodes lite-worker3 dedicated-',
  'taint nodes lite-worker other=y:NoExecute',
  'taint node lite-worker missing:NoSchedule-',
  // The first argument is always a type (lower-cased, what follows a dot ignored); names may be TYPE/NAME of any type, visited in order.
  'taint pod/web a=b:NoSchedule',
  'taint po web a=b:NoSchedule',
  'taint Deployments.apps web a=b:NoSchedule',
  'taint nope x a=b:NoSchedule',
  'taint nodes.v1 lite-worker a=b:NoSchedule --dry-run=client',
  'taint nodes lite-worker pod/web nope a=b:NoSchedule --dry-run=client',
  'taint nodes node/lite-worker2 lite-worker3 dedicated=gpu:NoSchedule',
  'taint nodes lite-worker x/y a=b:NoSchedule',
  'taint nodes a=b:NoSchedule',
  'taint nodes --all -l a=b a=b:NoSchedule',
  'drain lite-worker --dry-run=client --pod-selector app=web',
  'drain lite-worker --dry-run=client --force --pod-selector app=web',
  'drain lite-worker2 --dry-run=client --pod-selector app=web',
  'drain lite-worker3 --dry-run=client --pod-selector app=cache',
  'drain lite-worker3 --dry-run=client --pod-selector app=cache --delete-emptydir-data',
  'drain lite-worker lite-worker3 --dry-run=client --pod-selector app',
  // Two reasons on one node: one line each at the end, with or without eviction.
  'drain lite-worker3 --dry-run=client',
  'drain lite-worker3 --dry-run=client --disable-eviction',
];

for (const line of COMMANDS) {
  test(`matches real kubectl: ${line}`, { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
    const h = await freshHome();
    const oracle = await startOracle(h.objects);
    try {
      const expected = await oracle.kubectl(line.split(' '));
      const actual = await runCli(line, { home: h.home, now: NOW });
      assert.deepEqual({ ...actual, stderr: sortDrainGroups(actual.stderr) }, { ...expected, stderr: sortDrainGroups(expected.stderr) });
    } finally {
      await oracle.close();
      h.dispose();
    }
  });
}
