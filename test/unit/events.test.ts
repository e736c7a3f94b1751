import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { MemoryStore } from '../../src/store/file-store.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const SOURCE = { component: 'kubelet', host: 'node-1' };

function command<T>(store: MemoryStore, fn: (api: ApiServer) => T, at = T0): T {
  return store.update((tx) => fn(new ApiServer(tx, new Registry(), new SettableClock(at))));
}

function events(store: MemoryStore): KubeObject[] {
  return store.read((snap) => snap.list('core/events').map(([, e]) => e as KubeObject));
}

test('an Event repeated about the same object folds into a count, within a command and across commands', () => {
  const store = new MemoryStore();
  const pod = command(store, (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const p = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'x' }] } });
    // Created in this command: the repeat is found among the Events recorded in it.
    api.recordEvent(p, 'Warning', 'BackOff', 'Back-off restarting failed container', SOURCE);
    api.recordEvent(p, 'Warning', 'BackOff', 'Back-off restarting failed container', SOURCE);
    return p;
  });
  assert.deepEqual(events(store).map((e) => [e.reason, e.count]), [['BackOff', 2]]);
  // A later command, with another ApiServer: the stored Event is found and counted on.
  command(store, (api) => api.recordEvent(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', SOURCE), T0 + 10_000);
  command(store, (api) => api.recordEvent(pod, 'Normal', 'Pulled', 'Container image "x" already present on machine', SOURCE), T0 + 20_000);
  const [backOff, pulled] = events(store).sort((a, b) => String(a.reason).localeCompare(b.reason));
  assert.deepEqual([backOff!.count, backOff!.firstTimestamp, backOff!.lastTimestamp], [3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:10Z']);
  assert.equal(pulled!.count, 1);
});

test('Events about different objects, or with another message, stay apart', () => {
  const store = new MemoryStore();
  command(store, (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    for (const name of ['a', 'b']) {
      const p = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
      api.recordEvent(p, 'Normal', 'Started', 'Started container c', SOURCE);
      api.recordEvent(p, 'Normal', 'Started', 'Started container d', SOURCE);
    }
  });
  assert.deepEqual(events(store).map((e) => [e.involvedObject.name, e.message, e.count]).sort(), [
    ['a', 'Started container c', 1], ['a', 'Started container d', 1], ['b', 'Started container c', 1], ['b', 'Started container d', 1],
  ]);
});

test('Events about an older object, many in one command, each fold into their own (the per-object lookup kept up to date)', () => {
  const store = new MemoryStore();
  const pod = command(store, (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const p = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'x' }] } });
    api.recordEvent(p, 'Normal', 'Created', 'Created pod: web-0', SOURCE);
    return p;
  });
  command(store, (api) => {
    for (let i = 0; i < 50; i++) api.recordEvent(pod, 'Normal', 'Created', `Created pod: web-${i % 25}`, SOURCE);
  }, T0 + 10_000);
  const counts = events(store).map((e) => [e.message, e.count] as [string, number]).sort();
  assert.equal(counts.length, 25);
  assert.deepEqual(counts.find(([m]) => m === 'Created pod: web-0'), ['Created pod: web-0', 3]);
  assert.deepEqual(counts.find(([m]) => m === 'Created pod: web-7'), ['Created pod: web-7', 2]);
});
