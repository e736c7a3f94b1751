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
    for (let i = 0; i < 20; i++) api.recordEvent(pod, 'Normal', 'Created', `Created pod: web-${i % 5}`, SOURCE);
  }, T0 + 10_000);
  const counts = events(store).map((e) => [e.message, e.count] as [string, number]).sort();
  assert.deepEqual(counts, [['Created pod: web-0', 5], ['Created pod: web-1', 4], ['Created pod: web-2', 4], ['Created pod: web-3', 4], ['Created pod: web-4', 4]]);
});

const RS_SOURCE = { component: 'replicaset-controller' };

function replicaSet(store: MemoryStore): KubeObject {
  return command(store, (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    return api.create({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5c9', namespace: 'default' },
      spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'x' }] } } },
    });
  });
}

function summary(store: MemoryStore): Array<[string, number, string]> {
  return events(store).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!)).map((e) => [e.message, e.count, e.reportingComponent]);
}

test('the recorder combines similar Events: from the tenth message within ten minutes, one Event counts them, worded as the latest', () => {
  const store = new MemoryStore();
  const rs = replicaSet(store);
  command(store, (api) => {
    for (let i = 0; i < 12; i++) api.recordEvent(rs, 'Normal', 'SuccessfulCreate', `Created pod: web-5c9-${i}`, RS_SOURCE);
  }, T0 + 1000);
  assert.deepEqual(summary(store), [
    ...Array.from({ length: 9 }, (_, i) => [`Created pod: web-5c9-${i}`, 1, 'replicaset-controller'] as [string, number, string]),
    // The combined Event is the recorder's copy, without the reporting fields.
    ['(combined from similar events): Created pod: web-5c9-11', 3, ''],
  ]);
  // Another reason is another group; the combined one keeps counting in a later command.
  command(store, (api) => {
    api.recordEvent(rs, 'Normal', 'SuccessfulDelete', 'Deleted pod: web-5c9-0', RS_SOURCE);
    api.recordEvent(rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-5c9-12', RS_SOURCE);
  }, T0 + 60_000);
  const after = summary(store);
  assert.deepEqual(after.filter(([m]) => m.startsWith('(combined')), [['(combined from similar events): Created pod: web-5c9-12', 4, '']]);
  assert.deepEqual(after.filter(([m]) => m.startsWith('Deleted')), [['Deleted pod: web-5c9-0', 1, 'replicaset-controller']]);
  // Ten quiet minutes later the group starts afresh: a new message is an Event of its own.
  command(store, (api) => api.recordEvent(rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-5c9-13', RS_SOURCE), T0 + 60_000 + 601_000);
  assert.deepEqual(summary(store).at(-1), ['Created pod: web-5c9-13', 1, 'replicaset-controller']);
});

test('a source creates 25 Events about one object at once, then one every five minutes; a count is written as the recorder counts it', () => {
  const store = new MemoryStore();
  const rs = replicaSet(store);
  // A scale to 100 at one moment: 9 Events and the combined one counting the other 91.
  command(store, (api) => {
    for (let i = 0; i < 100; i++) api.recordEvent(rs, 'Normal', 'SuccessfulCreate', `Created pod: web-5c9-${i}`, RS_SOURCE);
  }, T0 + 1000);
  assert.equal(events(store).length, 10);
  assert.deepEqual(summary(store).at(-1), ['(combined from similar events): Created pod: web-5c9-99', 91, '']);
  // The bucket is empty: a new Event from that source about it is dropped; another source has a bucket of its own.
  command(store, (api) => {
    api.recordEvent(rs, 'Warning', 'FailedCreate', 'Error creating: quota', RS_SOURCE);
    api.recordEvent(rs, 'Warning', 'Odd', 'another source', { component: 'other' });
  }, T0 + 2000);
  assert.deepEqual(events(store).map((e) => e.reason).filter((r) => r !== 'SuccessfulCreate'), ['Odd']);
  // Thirty different Events about a pod at once: 25 created, the other 5 dropped.
  const pod = command(store, (api) => api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'wide', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'x' }] } }));
  command(store, (api) => {
    for (let i = 0; i < 30; i++) api.recordEvent(pod, 'Normal', `Reason${i}`, `message ${i}`, SOURCE);
  }, T0 + 3000);
  assert.equal(events(store).filter((e) => e.involvedObject.name === 'wide').length, 25);
  // Five minutes on, one token: one more new Event, the next dropped; repeats of stored ones are counted.
  command(store, (api) => {
    api.recordEvent(pod, 'Warning', 'BackOff', 'Back-off restarting failed container a', SOURCE);
    api.recordEvent(pod, 'Warning', 'Unhealthy', 'Liveness probe failed', SOURCE);
    for (let i = 0; i < 30; i++) api.recordEvent(pod, 'Warning', 'BackOff', 'Back-off restarting failed container a', SOURCE);
  }, T0 + 3000 + 300_000);
  const about = events(store).filter((e) => e.involvedObject.name === 'wide');
  assert.deepEqual([about.length, about.find((e) => e.reason === 'BackOff')?.count, about.some((e) => e.reason === 'Unhealthy')], [26, 31, false]);
});

test('the scheduler records through events.k8s.io/v1: no combining and no spam filter, a repeat counted in its Event', () => {
  const store = new MemoryStore();
  const pod = command(store, (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    return api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'x' }] } });
  });
  command(store, (api) => {
    for (let i = 0; i < 30; i++) api.recordEvent(pod, 'Warning', 'FailedScheduling', `0/${i} nodes are available`, { component: 'default-scheduler' });
    api.recordEvent(pod, 'Warning', 'FailedScheduling', '0/0 nodes are available', { component: 'default-scheduler' });
  }, T0 + 1000);
  const failed = events(store);
  assert.equal(failed.length, 30);
  assert.ok(failed.every((e) => !String(e.message).startsWith('(combined')));
  assert.equal(failed.find((e) => e.message === '0/0 nodes are available')!.count, 2);
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
