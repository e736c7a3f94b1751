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

test('the index of Events by involved object files the Events about the pods of one ReplicaSet in one file; they are found and folded through it', async () => {
  const { FileStore } = await import('../../src/store/file-store.js');
  const { tempHome } = await import('../helpers/cli.js');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { involvedValue } = await import('../../src/controllers/informer.js');
  assert.equal(involvedValue('web-7d4b9c8f5d-x2k9p', 'u1'), 'web-7d4b9c8f5d\u0000u1');
  assert.equal(involvedValue('web-7d4b9c8f5d', 'u2'), 'web-7d4b9c8f5d\u0000u2');
  // A suffix not of the generated alphabet (vowels) is part of the name.
  assert.equal(involvedValue('web-abcde', 'u3'), 'web-abcde\u0000u3');
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    const fileCommand = <T>(fn: (api: ApiServer) => T, at = T0): T => store.update((tx) => fn(new ApiServer(tx, new Registry(), new SettableClock(at))));
    const gen = 'bcdfghjklmnpqrstvwxz';
    const pods = fileCommand((api) => {
      api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
      const out: KubeObject[] = [];
      for (let i = 0; i < 100; i++) {
        const name = `web-7d4b9c8f5d-${[...String(i).padStart(5, '0')].map((d) => gen[Number(d)]).join('')}`;
        const p = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'x' }] } });
        for (const reason of ['Pulling', 'Pulled', 'Created', 'Started']) api.recordEvent(p, 'Normal', reason, `${reason} a`, SOURCE);
        out.push(p);
      }
      return out;
    });
    const root = JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));
    const files: string[] = root.indexes['core/events'].files.involved;
    const used = files.filter((f) => readFileSync(join(home, 'objects', f), 'utf8') !== '{}');
    assert.ok(files.length > 1, `index files: ${files.length}`);
    assert.equal(used.length, 1, 'the Events about the pods of one ReplicaSet are in one index file');
    // A later command finds a pod's Events through the index (describe's lookup) and folds a repeat into them.
    fileCommand((api) => {
      const found = api.eventsInvolving(pods[42]!.metadata.uid!, pods[42]!.metadata.name!, 'default')!;
      assert.deepEqual(found.map((e) => e.reason).sort(), ['Created', 'Pulled', 'Pulling', 'Started']);
      api.recordEvent(pods[42]!, 'Normal', 'Pulled', 'Pulled a', SOURCE);
    }, T0 + 5000);
    store.read((snap) => {
      // And a reader outside a transaction (describe), through the index the last commit left.
      const read = new ApiServer(snap as never, new Registry(), new SettableClock(T0 + 6000)).eventsInvolving(pods[7]!.metadata.uid!, pods[7]!.metadata.name!, 'default');
      assert.deepEqual(read?.map((e) => e.involvedObject.name), Array(4).fill(pods[7]!.metadata.name));
      const about = snap.list('core/events').map(([, e]) => e as KubeObject).filter((e) => e.involvedObject.uid === pods[42]!.metadata.uid);
      assert.deepEqual(about.map((e) => [e.reason, e.count]).sort(), [['Created', 1], ['Pulled', 2], ['Pulling', 1], ['Started', 1]]);
    });
  } finally {
    dispose();
  }
});
