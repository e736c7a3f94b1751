/**
 * Work queues: the transaction's change log, the informer indexes kept from it, and the loop running
 * a controller per key (reconcileKey) for the changes since its last run, with the whole-cluster
 * reconcile as the fallback and KUBECTL_LITE_CHECK_SETTLE as the proof.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { CONTROLLERS } from '../../src/controllers/index.js';
import { byIndex } from '../../src/controllers/informer.js';
import { settle, SettleError } from '../../src/controllers/loop.js';
import type { Controller } from '../../src/controllers/types.js';
import { serverHooks } from '../../src/sim/hooks.js';
import { MemoryStore } from '../../src/store/file-store.js';
import type { Transaction } from '../../src/store/types.js';
import { node, T0 } from '../helpers/sim-world.js';

test('a transaction logs each put and delete with the value it replaced', () => {
  new MemoryStore().update((tx) => {
    tx.put('c', 'a', { v: 1 });
    tx.setMeta('m', 1);
    const mark = tx.writes;
    tx.put('c', 'a', { v: 2 });
    tx.put('d', 'b', { v: 3 });
    assert.equal(tx.delete('c', 'a'), true);
    assert.equal(tx.delete('c', 'missing'), false);
    const log = tx.changesSince!(mark).map((ch) => [ch.collection, ch.key, ch.old]);
    assert.deepEqual(log, [['c', 'a', { v: 1 }], ['d', 'b', undefined], ['c', 'a', { v: 2 }]]);
    assert.equal(tx.changesSince!(0).length, 4);
    assert.equal(tx.changesSince!(tx.writes).length, 0);
    // The same log, one collection at a time.
    assert.deepEqual(tx.changesOf!('c', mark).map((ch) => [ch.key, ch.old]), [['a', { v: 1 }], ['a', { v: 2 }]]);
    assert.deepEqual(tx.changesOf!('d', 0).map((ch) => ch.key), ['b']);
    assert.deepEqual(tx.changesOf!('c', tx.writes), []);
    assert.deepEqual(tx.changesOf!('none', 0), []);
  });
});

/** A small cluster in memory, and a function that runs one "command" (a transaction that settles) on it. */
function cluster(controllers: Controller[] = CONTROLLERS) {
  const store = new MemoryStore();
  const clock = new SettableClock(T0);
  const command = <T>(fn: (api: ApiServer) => T): T =>
    store.update((tx: Transaction) => {
      const api = new ApiServer(tx, new Registry(), clock, serverHooks);
      const result = fn(api);
      settle(api, clock, clock.millis, controllers);
      return result;
    });
  command((api) => {
    for (const name of ['default', 'kube-system']) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { trusted: true });
    for (let i = 1; i <= 3; i++) api.create(node(`w${i}`, i), { trusted: true });
  });
  return { store, clock, command };
}

const labels = { app: 'web' };
const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
};
const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: labels, ports: [{ port: 80 }] } };

/** Wraps controllers to count whole-cluster runs and per-key runs. */
function counting(controllers: Controller[]) {
  const full = new Map<string, number>();
  const keyed = new Map<string, string[]>();
  const wrapped = controllers.map((c): Controller => {
    const w: Controller = { ...c, reconcile: (api) => (full.set(c.name, (full.get(c.name) ?? 0) + 1), c.reconcile(api)) };
    if (c.reconcileKey) w.reconcileKey = (api, key, run) => (keyed.set(c.name, [...(keyed.get(c.name) ?? []), key]), c.reconcileKey!(api, key, run));
    return w;
  });
  return { wrapped, full, keyed, reset: () => (full.clear(), keyed.clear()) };
}

const podType = (api: ApiServer) => api.registry.forKind('v1', 'Pod')!;
const webPods = (api: ApiServer) => api.list(podType(api), 'default').filter((p) => p.metadata.labels?.app === 'web');

/** Runs `fn` with KUBECTL_LITE_CHECK_SETTLE set to `value` (unset: undefined). */
function withCheck<T>(value: string | undefined, fn: () => T): T {
  const before = process.env.KUBECTL_LITE_CHECK_SETTLE;
  if (value === undefined) delete process.env.KUBECTL_LITE_CHECK_SETTLE;
  else process.env.KUBECTL_LITE_CHECK_SETTLE = value;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.KUBECTL_LITE_CHECK_SETTLE;
    else process.env.KUBECTL_LITE_CHECK_SETTLE = before;
  }
}

// Counts whole-cluster runs, which the settle check (on for the suite) adds to: it is off here.
test('after a pod is relabelled, the ReplicaSet, Endpoints and EndpointSlice controllers reconcile only the keys it concerns', () => withCheck(undefined, () => {
  const counts = counting(CONTROLLERS);
  const { command } = cluster(counts.wrapped);
  command((api) => {
    api.create(deployment);
    api.create(service);
  });
  counts.reset();
  const moved = command((api) => {
    const pod = structuredClone(webPods(api)[0]!);
    pod.metadata.labels = { app: 'other' };
    api.update(pod);
    return pod.metadata.name!;
  });
  const rsName = command((api) => api.list(api.registry.forKind('apps/v1', 'ReplicaSet')!, 'default')[0]!.metadata.name!);
  for (const name of ['replicaset', 'endpoints', 'endpointslice']) {
    assert.equal(counts.full.get(name) ?? 0, 0, `${name} ran over the whole cluster`);
  }
  assert.deepEqual([...new Set(counts.keyed.get('replicaset'))], [`default/${rsName}`]);
  assert.deepEqual([...new Set(counts.keyed.get('endpoints'))], ['default/web']);
  command((api) => {
    const pods = webPods(api);
    assert.equal(pods.length, 3, 'the ReplicaSet released the pod and made another');
    assert.ok(!pods.some((p) => p.metadata.name === moved));
    const ep = api.get(api.registry.forKind('v1', 'Endpoints')!, 'default', 'web');
    const ips = ep.subsets[0].addresses.map((a: any) => a.targetRef.name).sort();
    assert.deepEqual(ips, pods.map((p) => p.metadata.name).sort());
    const slices = byIndex(api, 'discovery.k8s.io/endpointslices', 'label', 'default\u0000kubernetes.io/service-name=web');
    assert.equal(slices.length, 1);
    assert.deepEqual(slices[0]!.endpoints.map((e: any) => e.targetRef.name).sort(), ips);
  });
}));

test('a change a controller cannot map to keys makes it reconcile the whole cluster', () => {
  const counts = counting(CONTROLLERS);
  const { command } = cluster(counts.wrapped);
  command((api) => api.create(deployment));
  counts.reset();
  command((api) => api.create({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l', namespace: 'default' }, spec: { limits: [] } }));
  command((api) => {
    const pod = structuredClone(webPods(api)[0]!);
    pod.metadata.labels = { ...pod.metadata.labels, extra: 'x' };
    api.update(pod);
  });
  // The ReplicaSet controller read LimitRanges when it created pods: a LimitRange change is not one of its keys.
  assert.ok((counts.full.get('replicaset') ?? 0) >= 1);
});

test('KUBECTL_LITE_CHECK_SETTLE fails a settle whose work queue missed a key', () => {
  // An Endpoints controller that maps pod changes to no key at all: its queue misses the Service.
  const blind = CONTROLLERS.map((c): Controller => (c.name === 'endpoints' ? { ...c, keysFor: (ch, api) => (ch.collection === 'core/pods' ? [] : c.keysFor!(ch, api)) } : c));
  const { command } = cluster(blind);
  withCheck(undefined, () =>
    command((api) => {
      api.create(deployment);
      api.create(service);
    }),
  );
  const relabel = () =>
    command((api) => {
      const pod = structuredClone(webPods(api)[0]!);
      pod.metadata.labels = { app: 'other' };
      api.update(pod);
    });
  withCheck('1', () =>
    assert.throws(relabel, (e: unknown) => e instanceof SettleError && /incremental settle differs from a full one: controller endpoints still writes \(core\/endpoints default\/web\)/.test((e as Error).message)),
  );
});

test('an index is kept from the change log: a put, a relabel and a delete show at once', () => {
  const { command } = cluster();
  command((api) => {
    const cm = (name: string, l: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels: l } });
    api.create(cm('a', { tier: 'x' }));
    const names = () => byIndex(api, 'core/configmaps', 'label', 'default\u0000tier=x').map((o) => o.metadata.name);
    assert.deepEqual(names(), ['a']);
    api.create(cm('b', { tier: 'x' }));
    assert.deepEqual(names(), ['a', 'b']);
    const a = structuredClone(api.get(api.registry.forKind('v1', 'ConfigMap')!, 'default', 'a'));
    a.metadata.labels = { tier: 'y' };
    api.update(a);
    assert.deepEqual(names(), ['b']);
    api.delete(api.registry.forKind('v1', 'ConfigMap')!, 'default', 'b');
    assert.deepEqual(names(), []);
    assert.deepEqual(byIndex(api, 'core/configmaps', 'label', 'default\u0000tier=y').map((o) => o.metadata.name), ['a']);
  });
});
