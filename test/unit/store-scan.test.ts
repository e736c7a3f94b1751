/**
 * Snapshot.scan: a collection's entries in key order, read a shard at a time (what `get -o json|yaml`
 * of a big List prints from), with the keys taken from the summaries.
 */
import assert from 'node:assert/strict';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileStore } from '../../src/store/file-store.js';
import { setSummaryFunctions } from '../../src/store/summaries.js';
import { tempHome } from '../helpers/cli.js';

const summary = (o: { app?: string }) => ({ app: o.app });
// The objects of one app share a shard (their names differ by a generated suffix), as a ReplicaSet's pods do.
const SUFFIXES = ['bcdfg', 'hjklm', 'npqrs', 'tvwxz'];
const objects = Array.from({ length: 50 }, (_, app) =>
  SUFFIXES.map((s, i) => [`${app % 2 ? 'blue' : 'red'}/app${app}-${s}`, { app: `a${app}`, n: i }] as const),
).flat();
const root = (home: string) => JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));

function seeded(home: string): FileStore {
  setSummaryFunctions('scan-v1', { 'core/pods': summary });
  const store = new FileStore(home);
  store.update((tx) => {
    for (const [k, v] of objects) tx.put('core/pods', k, v);
    tx.put('core/small', 'b', { app: 'x' });
    tx.put('core/small', 'a', { app: 'y' });
  });
  return store;
}

test('store scan: every entry in key order, as list gives them; filtered by key and summary before any shard is read', () => {
  const { home, dispose } = tempHome();
  try {
    const store = seeded(home);
    const shards = root(home).sharded['core/pods'].files as string[];
    assert.ok(shards.length > 1, 'sharded');
    store.read((snap) => {
      assert.deepEqual([...snap.scan!('core/pods')!], snap.list('core/pods'));
      // An inline collection is scanned from its objects.
      assert.deepEqual([...snap.scan!('core/small')!], snap.list('core/small'));
      assert.deepEqual([...snap.scan!('core/none')!], []);
    });
    // The shards none of whose keys is wanted are never read: without them, a filtered scan still works.
    const wanted = store.read((snap) => snap.list('core/pods').filter(([, v]) => (v as { app: string }).app === 'a7'));
    const keep = new Set(wanted.map(([k]) => k));
    const holding = shards.filter((f) => Object.keys(JSON.parse(readFileSync(join(home, 'objects', f), 'utf8'))).some((k) => keep.has(k)));
    assert.equal(holding.length, 1, "one app's objects share a shard");
    for (const f of shards) if (f !== holding[0]) renameSync(join(home, 'objects', f), join(home, 'objects', `${f}.away`));
    try {
      const scanned = store.read((snap) => [...snap.scan!('core/pods', { want: (_k, s) => (s as { app: string }).app === 'a7' })!]);
      assert.deepEqual(scanned, wanted);
    } finally {
      for (const f of shards) if (f !== holding[0]) renameSync(join(home, 'objects', `${f}.away`), join(home, 'objects', f));
    }
    // A shard written otherwise (indented) is parsed whole: the same entries.
    const indented = join(home, 'objects', shards[0]!);
    const compact = readFileSync(indented, 'utf8');
    writeFileSync(indented, JSON.stringify(JSON.parse(compact), null, 1));
    try {
      store.read((snap) => assert.deepEqual([...snap.scan!('core/pods')!], snap.list('core/pods')));
    } finally {
      writeFileSync(indented, compact);
    }
    // The shards are open from the moment the listing is asked for: files removed meanwhile (a commit
    // retired them, and they expired) are still read.
    const listed = store.read((snap) => snap.list('core/pods'));
    const saved = shards.map((f) => [f, readFileSync(join(home, 'objects', f), 'utf8')] as const);
    const later = store.read((snap) => snap.scan!('core/pods')!);
    for (const f of shards) rmSync(join(home, 'objects', f));
    try {
      assert.deepEqual([...later], listed);
    } finally {
      for (const [f, text] of saved) writeFileSync(join(home, 'objects', f), text);
    }
    // Within a transaction (its own writes are in no summary) there is no scan: the caller lists.
    store.update((tx) => assert.equal(tx.scan!('core/pods'), undefined));
  } finally {
    dispose();
  }
});

test('store scan: none without usable summaries; a shard that lacks a key its summary lists is reported as corrupt', () => {
  const { home, dispose } = tempHome();
  try {
    const store = seeded(home);
    setSummaryFunctions('scan-v2', { 'core/pods': summary });
    store.read((snap) => assert.equal(snap.scan!('core/pods'), undefined));
    setSummaryFunctions('scan-v1', { 'core/pods': summary });
    const file = (root(home).sharded['core/pods'].files as string[])[0]!;
    const path = join(home, 'objects', file);
    const shard = JSON.parse(readFileSync(path, 'utf8'));
    const gone = Object.keys(shard)[0]!;
    delete shard[gone];
    writeFileSync(path, JSON.stringify(shard));
    assert.throws(
      () => store.read((snap) => [...snap.scan!('core/pods')!]),
      (e: Error) => e.message.includes(path) && e.message.includes(`does not hold "${gone}"`),
    );
    rmSync(path);
    assert.throws(() => store.read((snap) => [...snap.scan!('core/pods')!]), (e: Error) => e.message.includes(`missing "${path}"`));
  } finally {
    dispose();
  }
});
