/**
 * RetryGenerateName (GA in Kubernetes 1.32): a create whose generated name is taken gets a new
 * suffix, up to 7 times, and only then fails, with the API server's generate-name conflict.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { ApiError } from '../../src/errors.js';
import { MemoryStore } from '../../src/store/file-store.js';

const cm = (meta: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default', ...meta } });

function withSuffixes(store: MemoryStore, suffixes: string[], fn: (api: ApiServer) => void): void {
  let i = 0;
  const nameSuffix = () => suffixes[Math.min(i++, suffixes.length - 1)]!;
  store.update((tx) => fn(new ApiServer(tx, new Registry(), new SettableClock(Date.parse('2026-01-01T00:00:00Z')), { nameSuffix })));
}

function seeded(): MemoryStore {
  const store = new MemoryStore();
  withSuffixes(store, ['aaaaa'], (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    api.create(cm({ name: 'x-aaaaa' }));
  });
  return store;
}

test('a taken generated name is generated again', () => {
  const store = seeded();
  let made: KubeObject | undefined;
  withSuffixes(store, ['aaaaa', 'aaaaa', 'aaaaa', 'bbbbb'], (api) => void (made = api.create(cm({ generateName: 'x-' }))));
  assert.equal(made!.metadata.name, 'x-bbbbb');
  assert.ok(store.read((snap) => snap.get('core/configmaps', 'default/x-bbbbb')));
});

test('after 7 retries the create fails with the generate-name conflict; a given name fails as before', () => {
  const store = seeded();
  let calls = 0;
  assert.throws(
    () => withSuffixes(store, ['aaaaa'], (api) => api.create(cm({ generateName: 'x-' }))),
    (e: unknown) =>
      e instanceof ApiError && e.code === 409 && e.reason === 'AlreadyExists' &&
      e.message === 'configmaps "x-aaaaa" already exists, the server was not able to generate a unique name for the object',
  );
  // One try and 7 retries, no more.
  const counting = new MemoryStore();
  withSuffixes(counting, ['aaaaa'], (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    api.create(cm({ name: 'x-aaaaa' }));
  });
  assert.throws(() =>
    counting.update((tx) =>
      new ApiServer(tx, new Registry(), new SettableClock(0), { nameSuffix: () => (calls++, 'aaaaa') }).create(cm({ generateName: 'x-' })),
    ),
  );
  assert.equal(calls, 8);
  assert.throws(
    () => withSuffixes(store, ['zzzzz'], (api) => api.create(cm({ name: 'x-aaaaa' }))),
    (e: unknown) => e instanceof ApiError && e.message === 'configmaps "x-aaaaa" already exists',
  );
});
