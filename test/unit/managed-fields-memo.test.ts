/**
 * The managedFields a create stamps are computed once per content and shared, frozen, between the
 * objects made from one template at one moment (src/api/managed-fields/record.ts): each object
 * gets exactly what it would get computed alone, and no write through one changes another's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { MemoryStore } from '../../src/store/file-store.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function command<T>(store: MemoryStore, fn: (api: ApiServer) => T, at = T0): T {
  return store.update((tx) => fn(new ApiServer(tx, new Registry(), new SettableClock(at))));
}

const pod = (name: string, labels: Record<string, string> = { app: 'web' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, generateName: 'web-', namespace: 'default', labels },
  spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
});

const stored = (store: MemoryStore, name: string): KubeObject =>
  store.read((snap) => snap.get('core/pods', `default/${name}`) as KubeObject);

test('objects of the same content share frozen entries, equal to those computed for one alone', () => {
  const alone = new MemoryStore();
  command(alone, (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    api.create(pod('solo'), { fieldManager: 'kube-controller-manager' });
  });
  const store = new MemoryStore();
  const [a, b] = command(store, (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    return [api.create(pod('a'), { fieldManager: 'kube-controller-manager' }), api.create(pod('b'), { fieldManager: 'kube-controller-manager' })];
  });
  const mf = (o: KubeObject) => o.metadata.managedFields as Array<Record<string, unknown>>;
  assert.deepEqual(mf(a!), mf(stored(alone, 'solo')));
  assert.deepEqual(mf(b!), mf(a!));
  // Shared, and frozen: neither in place nor through another object can they change.
  assert.equal(mf(b!)[0], mf(a!)[0]);
  assert.notEqual(mf(b!), mf(a!), 'each object has its own list');
  assert.throws(() => {
    (mf(a!)[0]!.fieldsV1 as Record<string, unknown>)['f:spec'] = {};
  }, TypeError);
  assert.throws(() => {
    mf(a!)[0]!.manager = 'someone';
  }, TypeError);
  assert.deepEqual(mf(b!), mf(stored(alone, 'solo')));
});

test('a later write to one of them leaves the others as they were', () => {
  const store = new MemoryStore();
  command(store, (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    for (const name of ['a', 'b']) api.create(pod(name), { fieldManager: 'kube-controller-manager' });
    const a = api.get(api.registry.forKind('v1', 'Pod')!, 'default', 'a');
    // A controller's status write and a user's label, on `a` only.
    api.put({ ...a, status: { phase: 'Running', podIP: '10.0.0.2', podIPs: [{ ip: '10.0.0.2' }] } });
    const live = api.get(api.registry.forKind('v1', 'Pod')!, 'default', 'a');
    api.update({ ...live, metadata: { ...live.metadata, labels: { app: 'web', extra: 'x' } } }, { fieldManager: 'kubectl-label' });
  });
  const a = stored(store, 'a').metadata.managedFields as Array<Record<string, any>>;
  const b = stored(store, 'b').metadata.managedFields as Array<Record<string, any>>;
  assert.deepEqual(a.map((e) => e.manager), ['kube-controller-manager', 'kubectl-label', 'kubelet']);
  assert.deepEqual(b.map((e) => e.manager), ['kube-controller-manager']);
  assert.ok(!('f:extra' in b[0]!.fieldsV1['f:metadata']['f:labels']));
  assert.ok('f:extra' in a[1]!.fieldsV1['f:metadata']['f:labels']);
});

test('content that differs (a label, the time) gets its own entries', () => {
  const store = new MemoryStore();
  const [a, b] = command(store, (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    return [
      api.create(pod('a'), { fieldManager: 'kube-controller-manager' }),
      api.create(pod('b', { app: 'web', tier: 'front' }), { fieldManager: 'kube-controller-manager' }),
    ];
  });
  const c = command(store, (api) => api.create(pod('c'), { fieldManager: 'kube-controller-manager' }), T0 + 5_000);
  const fa = (a!.metadata.managedFields as any[])[0];
  const fb = (b!.metadata.managedFields as any[])[0];
  const fc = (c.metadata.managedFields as any[])[0];
  assert.ok('f:tier' in fb.fieldsV1['f:metadata']['f:labels']);
  assert.ok(!('f:tier' in fa.fieldsV1['f:metadata']['f:labels']));
  assert.equal(fa.time, '2026-01-01T00:00:00Z');
  assert.equal(fc.time, '2026-01-01T00:00:05Z');
  assert.deepEqual(fc.fieldsV1, fa.fieldsV1);
});
