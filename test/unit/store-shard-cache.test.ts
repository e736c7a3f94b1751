/**
 * The shards a view holds are bounded (file-store.ts hold): past the budget, the oldest it has not
 * written are dropped and read again when asked for. Run with a budget of a few kilobytes here, so
 * that a transaction reading every object drops most shards on the way.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileStore as Store } from '../../src/store/file-store.js';

// Read as the store module loads: set before anything imports it.
process.env.KUBECTL_LITE_SHARD_CACHE_MB = '0.004';
const { FileStore, MemoryStore } = await import('../../src/store/file-store.js');
const { setSummaryFunctions } = await import('../../src/store/summaries.js');
const { tempHome } = await import('../helpers/cli.js');

// Objects of one app share a shard (names that differ by a generated suffix), as a ReplicaSet's pods do.
const SUFFIXES = ['bcdfg', 'hjklm', 'npqrs', 'tvwxz'];
const objects = Array.from({ length: 120 }, (_, app) => SUFFIXES.map((s, i) => [`ns${app % 3}/app${app}-${s}`, { app: `a${app}`, n: i, pad: 'x'.repeat(200) }] as const)).flat();
const sorted = objects.map(([k]) => k).sort();

function seeded(home: string, summaries: boolean): Store {
  setSummaryFunctions(summaries ? 'cache-v1' : 'cache-none', summaries ? { 'core/pods': (o: { app?: string }) => ({ app: o.app }) } : {});
  const store = new FileStore(home);
  store.update((tx) => {
    for (const [k, v] of objects) tx.put('core/pods', k, v);
  });
  return store;
}

for (const summaries of [true, false]) {
  test(`store shard cache (${summaries ? 'keys from summaries' : 'keys from shards'}): shards dropped past the budget are read again; written ones are kept`, () => {
    const { home, dispose } = tempHome();
    try {
      const store = seeded(home, summaries);
      store.update((tx) => {
        assert.deepEqual(tx.keys!('core/pods'), sorted, 'every key, in byte order, none parsed');
        // A write to the first object's shard, then every object read (the shards read before are dropped).
        const [firstKey] = objects[0]!;
        tx.put('core/pods', firstKey, { app: 'changed' });
        for (const [k, v] of objects) {
          if (k === firstKey) continue;
          assert.deepEqual(tx.get('core/pods', k), v, k);
        }
        assert.deepEqual(tx.get('core/pods', firstKey), { app: 'changed' }, 'a written shard is never dropped');
        // Objects read again from their files are as before; a listing gives every one.
        assert.deepEqual(tx.get('core/pods', objects[5]![0]), objects[5]![1]);
        assert.equal(tx.list('core/pods').length, objects.length);
        tx.delete('core/pods', objects[9]![0]);
        assert.deepEqual(tx.keys!('core/pods'), sorted.filter((k) => k !== objects[9]![0]));
      });
      store.read((snap) => {
        const want = new Map<string, unknown>(objects);
        want.set(objects[0]![0], { app: 'changed' });
        want.delete(objects[9]![0]);
        assert.deepEqual(new Map(snap.list('core/pods')), want, 'the commit wrote what the transaction made, nothing lost');
      });
    } finally {
      dispose();
    }
  });
}

test('store keys: an inline collection, and a memory store', () => {
  const store = new MemoryStore();
  store.update((tx) => {
    tx.put('core/small', 'b', 1);
    tx.put('core/small', 'a', 2);
    assert.deepEqual(tx.keys!('core/small'), ['a', 'b']);
    assert.deepEqual(tx.keys!('core/none'), []);
  });
});
