import assert from 'node:assert/strict';
import fs, { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileStore } from '../../src/store/file-store.js';
import { setIndexFunctions } from '../../src/store/persisted-index.js';
import type { Transaction } from '../../src/store/types.js';
import { tempHome } from '../helpers/cli.js';

// Objects here are { app, node }: the index `app` files each under its app; `perApp`, a counted index, counts them.
// `appByNode`, a grouped index, files each under `<node>\0<app>`, by node.
const fns = {
  app: (o: { app?: string }) => (o.app ? [o.app] : []),
  perApp: (o: { app?: string }) => (o.app ? [o.app] : []),
  appByNode: (o: { app?: string; node?: string }) => (o.app && o.node ? [`${o.node}\u0000${o.app}`] : []),
};
setIndexFunctions('test', fns, {}, { counted: ['perApp'], grouped: ['appByNode'] });

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** Five characters of the generateName alphabet, different for each i. */
const suffix = (i: number) => Array.from({ length: 5 }, (_, d) => ALPHABET[Math.floor(i / 27 ** d) % 27]).join('');
/** Pods of five ReplicaSets, named as their controller names them. */
const pods = (n: number) => Array.from({ length: n }, (_, i) => [`ns/rs${i % 5}-7c647c448-${suffix(i)}`, { app: `a${i % 5}` }] as const);

function seed(home: string): FileStore {
  const store = new FileStore(home);
  store.update((tx) => {
    for (const [k, v] of pods(200)) tx.put('core/pods', k, v);
  });
  // A reader that scanned asks the commit to keep the index.
  store.update((tx) => {
    (tx as Transaction).keepIndex!('core/pods', 'app');
    tx.setMeta('seeded', true);
  });
  return store;
}

/** Every bucket of the stored index `app` holds what a scan of the pods finds. */
function assertIndexIsScan(store: FileStore): void {
  store.update((tx) => {
    const t = tx as Transaction;
    const scanned = (v: string) => t.list('core/pods').filter(([, o]) => (o as { app: string }).app === v).map(([k]) => k);
    for (const v of ['a0', 'a1', 'a2', 'a3', 'a4']) assert.deepEqual([...t.indexedKeys!('core/pods', 'app', v)!], scanned(v), v);
  });
}

function assertCountsAreScan(store: FileStore): void {
  store.update((tx) => {
    const t = tx as Transaction;
    const scanned = new Map<string, number>();
    for (const [, o] of t.list('core/pods')) scanned.set((o as { app: string }).app, (scanned.get((o as { app: string }).app) ?? 0) + 1);
    assert.deepEqual(new Map(t.indexedCounts!('core/pods', 'perApp')), scanned);
  });
}

/** As seed, with the counted index kept too. */
function seedCounted(home: string): FileStore {
  const store = seed(home);
  store.update((tx) => {
    (tx as Transaction).keepIndex!('core/pods', 'perApp');
    tx.setMeta('counted', true);
  });
  return store;
}

const root = (home: string) => JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));

test('store index: kept once asked for, read a bucket at a time, updated by each commit from the keys it touched', () => {
  const { home, dispose } = tempHome();
  try {
    const store = seed(home);
    assert.ok(root(home).indexes['core/pods'].files.app.length >= 1);
    store.update((tx) => {
      const t = tx as Transaction;
      assert.equal(t.hasIndex!('core/pods', 'app'), true);
      assert.deepEqual([...t.indexedKeys!('core/pods', 'app', 'a1')!], pods(200).filter(([, v]) => v.app === 'a1').map(([k]) => k).sort());
      // Moved, deleted, added: the stored index is the last commit's until this one commits.
      t.put('core/pods', pods(200)[1]![0], { app: 'a2' });
      t.delete('core/pods', pods(200)[6]![0]);
      t.put('core/pods', 'ns/new', { app: 'a1' });
      assert.equal(t.indexedKeys!('core/pods', 'app', 'a1')!.length, 40);
    });
    assertIndexIsScan(store);
  } finally {
    dispose();
  }
});

test('store index: one that no longer describes the shards (another build wrote them), or whose file is gone, is not used and is rebuilt when asked', () => {
  const { home, dispose } = tempHome();
  try {
    seed(home);
    const r = root(home);
    // An older build rewrote a shard without keeping the index.
    r.sharded['core/pods'].files[0] = r.sharded['core/pods'].files[0].replace(/\.json$/, '.x.json');
    writeFileSync(join(home, 'objects', r.sharded['core/pods'].files[0]), readFileSync(join(home, 'objects', root(home).sharded['core/pods'].files[0])));
    writeFileSync(join(home, 'store.json'), JSON.stringify(r));
    new FileStore(home).update((tx) => {
      const t = tx as Transaction;
      assert.equal(t.hasIndex!('core/pods', 'app'), false);
      t.keepIndex!('core/pods', 'app');
      t.setMeta('rebuilt', true);
    });
    const again = root(home);
    new FileStore(home).read((s) => assert.equal((s as unknown as Transaction).indexedKeys!('core/pods', 'app', 'a3')!.length, 40));
    // An index file removed: unusable, never an error.
    rmSync(join(home, 'objects', again.indexes['core/pods'].files.app[0]));
    new FileStore(home).read((s) => {
      const t = s as unknown as Transaction;
      const got = ['a0', 'a1', 'a2', 'a3', 'a4'].map((v) => t.indexedKeys!('core/pods', 'app', v));
      assert.ok(got.some((g) => g === undefined));
    });
  } finally {
    dispose();
  }
});

test('store index: a collection re-sharded as it grows gets its indexes filled again with as many files as its new shard count asks', () => {
  const { home, dispose } = tempHome();
  try {
    const store = seedCounted(home);
    const before = root(home);
    const files = (r: typeof before) => r.indexes['core/pods'].files.app.length;
    const shards = (r: typeof before) => r.sharded['core/pods'].files.length;
    assert.equal(files(before), Math.max(1, Math.ceil(shards(before) / 16)));
    // Grown eightfold in one commit: re-sharded, and the index regrown with it.
    store.update((tx) => {
      for (let i = 200; i < 1600; i++) tx.put('core/pods', `ns/rs${i % 5}-7c647c448-${suffix(i)}`, { app: `a${i % 5}` });
    });
    const after = root(home);
    assert.ok(shards(after) > shards(before), 're-sharded');
    assert.equal(files(after), Math.ceil(shards(after) / 16));
    // A counted index, read whole by its reader, keeps fewer files.
    assert.equal(after.indexes['core/pods'].files.perApp.length, Math.max(1, Math.ceil(shards(after) / 64)));
    assertIndexIsScan(store);
    assertCountsAreScan(store);
    // Shrunk in one commit: re-sharded down, the index with it.
    store.update((tx) => {
      for (let i = 200; i < 1600; i++) if (i % 7 !== 0) tx.delete('core/pods', `ns/rs${i % 5}-7c647c448-${suffix(i)}`);
    });
    const shrunk = root(home);
    assert.ok(shards(shrunk) < shards(after), 're-sharded down');
    assert.equal(files(shrunk), Math.max(1, Math.ceil(shards(shrunk) / 16)));
    assertIndexIsScan(store);
    assertCountsAreScan(store);
  } finally {
    dispose();
  }
});

test('store index: a commit that re-files a collection reads back none of the objects it touched (its indexes and journal take them as it had them)', () => {
  const { home, dispose } = tempHome();
  const openSync = fs.openSync;
  try {
    const store = seedCounted(home);
    const gen = root(home).generation + 1;
    const opened: string[] = [];
    // The store imports openSync from node:fs: the builtin's named exports follow the module object once synced.
    fs.openSync = ((file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      if (flags === 'r') opened.push(String(file));
      return openSync(file, flags as fs.OpenMode, mode);
    }) as typeof fs.openSync;
    syncBuiltinESMExports();
    // Grown past its shards with keys whose buckets move (one relabelled, one deleted): re-filed.
    store.update((tx) => {
      tx.put('core/pods', pods(200)[1]![0], { app: 'a3' });
      tx.delete('core/pods', pods(200)[2]![0]);
      for (let i = 200; i < 1600; i++) tx.put('core/pods', `ns/rs${i % 5}-7c647c448-${suffix(i)}`, { app: `a${i % 5}` });
    });
    fs.openSync = openSync;
    syncBuiltinESMExports();
    const after = root(home);
    assert.equal(after.generation, gen);
    assert.ok(after.sharded['core/pods'].files.every((f: string) => f.endsWith(`.${gen}.json`)), 're-filed');
    assert.deepEqual(opened.filter((f) => f.endsWith(`.${gen}.json`)), [], 'a file this commit wrote was read back');
    assertIndexIsScan(store);
    assertCountsAreScan(store);
    // The journal has each change as the commit left it.
    const last = JSON.parse(readFileSync(join(home, 'journal.jsonl'), 'utf8').trim().split('\n').at(-1)!) as { g: number; ch: Array<[string, string, string, unknown]> };
    assert.equal(last.g, gen);
    assert.equal(last.ch.length, 1 + 1 + 1400);
    const change = (key: string) => last.ch.find(([, k]) => k === key)?.slice(2);
    assert.deepEqual(change(pods(200)[1]![0]), ['MODIFIED', { app: 'a3' }]);
    assert.deepEqual(change(pods(200)[2]![0]), ['DELETED', { app: 'a2' }]);
    assert.deepEqual(change(`ns/rs0-7c647c448-${suffix(1500)}`), ['ADDED', { app: 'a0' }]);
  } finally {
    fs.openSync = openSync;
    syncBuiltinESMExports();
    dispose();
  }
});

test('store index: a commit that re-shards a collection and moves its index buckets retires none of the files it names (they outlive the grace period)', () => {
  const { home, dispose } = tempHome();
  try {
    let now = 1_000_000;
    const store = new FileStore(home, () => now);
    store.update((tx) => {
      for (const [k, v] of pods(200)) tx.put('core/pods', k, v);
    });
    store.update((tx) => {
      (tx as Transaction).keepIndex!('core/pods', 'app');
      (tx as Transaction).keepIndex!('core/pods', 'perApp');
      tx.setMeta('seeded', true);
    });
    const before = root(home);
    // Grown past its shards in one commit that also changes the buckets of keys already filed.
    store.update((tx) => {
      tx.put('core/pods', pods(200)[1]![0], { app: 'a3' });
      for (let i = 200; i < 1600; i++) tx.put('core/pods', `ns/rs${i % 5}-7c647c448-${suffix(i)}`, { app: `a${i % 5}` });
    });
    const after = root(home);
    assert.ok(after.sharded['core/pods'].files.length > before.sharded['core/pods'].files.length, 're-sharded');
    const named = new Set(Object.values(after.indexes['core/pods'].files as Record<string, string[]>).flat());
    assert.deepEqual((after.retired ?? []).filter(([f]: [string]) => named.has(f)), [], 'a named index file is on the retired list');
    // Past the grace period, the next commits remove what was retired: the index is still whole.
    now += 120_000;
    store.update((tx) => tx.setMeta('later', 1));
    store.update((tx) => {
      assert.equal((tx as Transaction).hasIndex!('core/pods', 'app'), true);
    });
    assertIndexIsScan(store);
    assertCountsAreScan(store);
  } finally {
    dispose();
  }
});

test('store: the pods of one owner (generated-name suffix) share a shard; format 2 and 3 stores are read and re-sharded by their first write', () => {
  const { home, dispose } = tempHome();
  try {
    seed(home);
    const r = root(home);
    assert.equal(r.format, 4);
    assert.equal(r.sharded['core/pods'].hash, 'mixed');
    const shardOfOwner = new Map<string, string>();
    for (const f of r.sharded['core/pods'].files as string[]) {
      for (const key of Object.keys(JSON.parse(readFileSync(join(home, 'objects', f), 'utf8')))) {
        const owner = key.slice(0, key.lastIndexOf('-'));
        assert.match(key.slice(owner.length + 1), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
        assert.equal(shardOfOwner.get(owner) ?? f, f, `${key} is not with the other pods of ${owner}`);
        shardOfOwner.set(owner, f);
      }
    }
    assert.equal(shardOfOwner.size, 5);

    // A format 2 store (keys hashed up to their last '.') and a format 3 one (by group, unmixed): one shard file each.
    for (const [format, hash] of [[2, 'stem'], [3, 'group']] as const) {
      const { home: old, dispose: disposeOld } = tempHome();
      try {
        mkdirSync(join(old, 'objects'));
        const all = Object.fromEntries(pods(100));
        writeFileSync(join(old, 'objects', 'core_pods.0.1.json'), JSON.stringify(all));
        writeFileSync(join(old, 'store.json'), JSON.stringify({ format, revision: 1, generation: 1, meta: {}, inline: {}, sharded: { 'core/pods': { count: 100, files: ['core_pods.0.1.json'], hash } } }));
        const store = new FileStore(old);
        store.read((s) => assert.equal(s.list('core/pods').length, 100));
        store.update((tx) => tx.put('core/pods', 'ns/one-more', { app: 'a0' }));
        assert.equal(root(old).format, 4);
        assert.equal(root(old).sharded['core/pods'].hash, 'mixed');
        new FileStore(old).read((s) => {
          assert.equal(s.list('core/pods').length, 101);
          assert.deepEqual(s.get('core/pods', pods(100)[42]![0]), pods(100)[42]![1]);
        });
        // A store from a newer kubectl-lite is refused, untouched.
        writeFileSync(join(old, 'store.json'), JSON.stringify({ ...root(old), format: 5 }));
        assert.throws(() => new FileStore(old).read(() => undefined), /written by a newer kubectl-lite \(store format 5/);
      } finally {
        disposeOld();
      }
    }
  } finally {
    dispose();
  }
});

test('store index: a counted one keeps how many keys each value has, updated by each commit; a count that does not add up is not used', () => {
  const { home, dispose } = tempHome();
  try {
    const store = seedCounted(home);
    const counted = (t: Transaction) => Object.fromEntries(t.indexedCounts!('core/pods', 'perApp')!);
    const scanned = (t: Transaction) => {
      const out: Record<string, number> = {};
      for (const [, o] of t.list('core/pods')) out[(o as { app: string }).app] = (out[(o as { app: string }).app] ?? 0) + 1;
      return out;
    };
    store.update((tx) => {
      const t = tx as Transaction;
      assert.deepEqual(counted(t), { a0: 40, a1: 40, a2: 40, a3: 40, a4: 40 });
      assert.equal(t.indexedKeys!('core/pods', 'perApp', 'a0'), undefined, 'a counted index has no keys to give');
      t.put('core/pods', pods(200)[1]![0], { app: 'a2' });
      t.delete('core/pods', pods(200)[6]![0]);
      t.put('core/pods', 'ns/new', { app: 'a9' });
      t.put('core/pods', pods(200)[0]![0], { app: 'a0' });
      assert.deepEqual(counted(t), { a0: 40, a1: 40, a2: 40, a3: 40, a4: 40 }, "the last commit's counts until this one commits");
    });
    store.read((s) => {
      const t = s as unknown as Transaction;
      assert.deepEqual(counted(t), scanned(t));
      assert.deepEqual(counted(t), { a0: 40, a1: 38, a2: 41, a3: 40, a4: 40, a9: 1 });
    });
    // A file whose counts are not positive integers is not used.
    const file = root(home).indexes['core/pods'].files.perApp[0];
    writeFileSync(join(home, 'objects', file), JSON.stringify({ a0: -3 }));
    new FileStore(home).read((s) => assert.equal((s as unknown as Transaction).indexedCounts!('core/pods', 'perApp'), undefined));
  } finally {
    dispose();
  }
});

test('store index: a grouped one holds every value of a group in one file', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => {
      pods(600).forEach(([k, v], i) => tx.put('core/pods', k, { ...v, node: `n${i % 7}` }));
      (tx as Transaction).keepIndex!('core/pods', 'appByNode');
    });
    const files = root(home).indexes['core/pods'].files.appByNode as string[];
    assert.ok(files.length >= 2);
    for (const f of files) {
      const groups = new Set(Object.keys(JSON.parse(readFileSync(join(home, 'objects', f), 'utf8'))).map((v) => v.split('\u0000')[0]));
      for (const g of groups) assert.ok(files.filter((other) => Object.keys(JSON.parse(readFileSync(join(home, 'objects', other), 'utf8'))).some((v) => v.startsWith(`${g}\u0000`))).length === 1, `group ${g} is in one file`);
    }
    store.update((tx) => {
      const t = tx as Transaction;
      const group = (g: string) => Object.fromEntries(t.indexedGroup!('core/pods', 'appByNode', g)!.map(([v, keys]) => [v, keys.length]));
      const n3: Record<string, number> = {};
      pods(600).forEach(([, v], i) => {
        if (i % 7 === 3) n3[`n3\u0000${v.app}`] = (n3[`n3\u0000${v.app}`] ?? 0) + 1;
      });
      assert.deepEqual(group('n3'), n3);
      assert.equal(Object.values(n3).reduce((a, b) => a + b), 86);
      assert.deepEqual(group('n9'), {});
      // Each node's group holds its own pods alone, however many groups share its file.
      for (let n = 0; n < 7; n++) assert.equal(Object.values(group(`n${n}`)).reduce((a, b) => a + b, 0), Math.ceil((600 - n) / 7));
      t.put('core/pods', 'ns/late', { app: 'a7', node: 'n9' });
    });
    store.read((s) => assert.deepEqual((s as unknown as Transaction).indexedGroup!('core/pods', 'appByNode', 'n9'), [['n9\u0000a7', ['ns/late']]]));
  } finally {
    dispose();
  }
});

test('store index: files a commit edits (the untouched key lists copied as bytes) hold what an index filled anew holds', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => {
      pods(600).forEach(([k, v], i) => tx.put('core/pods', k, { ...v, node: `n${i % 7}` }));
      for (const name of ['app', 'perApp', 'appByNode']) (tx as Transaction).keepIndex!('core/pods', name);
    });
    // Commits that read some buckets, move keys between buckets, empty one, and add new ones.
    store.update((tx) => {
      const t = tx as Transaction;
      assert.equal(t.indexedKeys!('core/pods', 'app', 'a1')!.length, 120);
      assert.equal(t.indexedGroup!('core/pods', 'appByNode', 'n3')!.length, 5);
      pods(600).slice(0, 50).forEach(([k], i) => t.put('core/pods', k, { app: 'a7', node: `n${i % 3}` }));
      pods(600).filter(([, v]) => v.app === 'a4').forEach(([k]) => t.delete('core/pods', k));
      t.put('core/pods', 'ns/x-"quoted"\\', { app: 'a"q', node: 'n\u00e9' });
    });
    store.update((tx) => tx.put('core/pods', pods(600)[7]![0], { app: 'a8', node: 'n9' }));
    const stored = (name: string) => {
      const out: Record<string, unknown> = {};
      for (const f of root(home).indexes['core/pods'].files[name] as string[]) Object.assign(out, JSON.parse(readFileSync(join(home, 'objects', f), 'utf8')));
      return out;
    };
    const before = { app: stored('app'), perApp: stored('perApp'), appByNode: stored('appByNode') };
    // Filled anew from the collection by a store that finds them unusable.
    const r = root(home);
    r.indexes['core/pods'].version = 'other';
    writeFileSync(join(home, 'store.json'), JSON.stringify(r));
    new FileStore(home).update((tx) => {
      for (const name of ['app', 'perApp', 'appByNode']) (tx as Transaction).keepIndex!('core/pods', name);
      tx.setMeta('refilled', true);
    });
    const sorted = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
    for (const name of ['app', 'perApp', 'appByNode'] as const) assert.deepEqual(sorted(stored(name)), sorted(before[name]), name);
    assert.deepEqual(before.app['a"q'], ['ns/x-"quoted"\\']);
    assert.equal(before.app.a4, undefined, 'an emptied bucket is gone');
  } finally {
    dispose();
  }
});

test('store index: a counted value in another file than its own is counted once, refused when in two, and a commit that moves it drops the index', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    // Enough pods for more than 64 shards: a counted index of two files.
    store.update((tx) => {
      for (const [k, v] of pods(1100)) tx.put('core/pods', k, v);
    });
    store.update((tx) => {
      (tx as Transaction).keepIndex!('core/pods', 'perApp');
      tx.setMeta('seeded', true);
    });
    const files: string[] = root(home).indexes['core/pods'].files.perApp;
    assert.ok(files.length >= 2, `the counted index has ${files.length} file(s)`);
    const path = (i: number) => join(home, 'objects', files[i]!);
    const read = (i: number) => JSON.parse(readFileSync(path(i), 'utf8')) as Record<string, number>;
    const holder = files.findIndex((_, i) => read(i).a1 !== undefined);
    const other = (holder + 1) % files.length;
    const kept = read(holder);
    const a1 = kept.a1!;
    delete kept.a1;
    const counts = (t: Transaction) => Object.fromEntries(t.indexedCounts!('core/pods', 'perApp') ?? []);
    const all = { a0: 220, a1: 220, a2: 220, a3: 220, a4: 220 };
    // The same value in two files: not used.
    writeFileSync(path(other), JSON.stringify({ ...read(other), a1 }));
    new FileStore(home).read((s) => assert.equal((s as unknown as Transaction).indexedCounts!('core/pods', 'perApp'), undefined));
    // In the other file only: counted once.
    writeFileSync(path(holder), JSON.stringify(kept));
    new FileStore(home).read((s) => assert.deepEqual(counts(s as unknown as Transaction), all));
    // A commit that takes a pod off a1 does not find a1 where it belongs: the index is dropped (the next
    // reader that counts makes it anew), never kept wrong.
    const reopened = new FileStore(home);
    reopened.update((tx) => tx.put('core/pods', pods(1100)[1]![0], { app: 'a2' }));
    reopened.read((s) => assert.equal((s as unknown as Transaction).indexedCounts!('core/pods', 'perApp'), undefined));
    reopened.update((tx) => {
      (tx as Transaction).keepIndex!('core/pods', 'perApp');
      tx.setMeta('kept', true);
    });
    reopened.read((s) => assert.deepEqual(counts(s as unknown as Transaction), { ...all, a1: 219, a2: 221 }));
  } finally {
    dispose();
  }
});
