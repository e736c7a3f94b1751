import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileStore } from '../../src/store/file-store.js';
import { setSummaryFunctions } from '../../src/store/summaries.js';
import type { Transaction } from '../../src/store/types.js';
import { tempHome } from '../helpers/cli.js';

// Objects here are { app, big }: the summary keeps `app` alone.
const summary = (o: { app?: string }) => ({ app: o.app });
const objects = (n: number) => Array.from({ length: n }, (_, i) => [`ns/p${i}`, { app: `a${i % 7}`, big: 'x'.repeat(100) }] as const);
const expected = (n: number, change: (k: string) => string | undefined = () => undefined) =>
  objects(n)
    .map(([k, v]) => [k, { app: change(k) ?? v.app }] as [string, unknown])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));

const root = (home: string) => JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));
const summaryFiles = (home: string) => readdirSync(join(home, 'objects')).filter((f) => f.startsWith('summary.'));

/** A store with 300 objects in core/pods (sharded) and whatever `more` puts, summaries at version v1. */
function seeded(home: string, more: (tx: Transaction) => void = () => undefined): FileStore {
  setSummaryFunctions('v1', { 'core/pods': summary });
  const store = new FileStore(home);
  store.update((tx) => {
    for (const [k, v] of objects(300)) tx.put('core/pods', k, v);
    more(tx);
  });
  return store;
}

test('store summaries: written beside every shard of a summarised collection, kept up by each commit, listed in key order', () => {
  const { home, dispose } = tempHome();
  try {
    const store = seeded(home, (tx) => tx.put('core/other', 'x', { app: 'none' }));
    const shards = root(home).sharded['core/pods'].files as string[];
    assert.ok(shards.length > 1);
    assert.deepEqual(summaryFiles(home).sort(), shards.map((f) => `summary.${f}`).sort());
    store.read((snap) => assert.deepEqual(snap.listSummaries!('core/pods'), expected(300)));
    // An inline collection has none: its listing is the objects.
    store.read((snap) => assert.equal(snap.listSummaries!('core/other'), undefined));
    store.update((tx) => {
      tx.put('core/pods', 'ns/p1', { app: 'changed', big: '' });
      tx.delete('core/pods', 'ns/p2');
      // A transaction's own writes are not in the files: it gets none.
      assert.equal(tx.listSummaries!('core/pods'), undefined);
    });
    const after = expected(300, (k) => (k === 'ns/p1' ? 'changed' : undefined)).filter(([k]) => k !== 'ns/p2');
    store.read((snap) => assert.deepEqual(snap.listSummaries!('core/pods'), after));
  } finally {
    dispose();
  }
});

test('store summaries: not used when made by another version, written by a build without them, or unreadable; made again by the next commit', () => {
  const { home, dispose } = tempHome();
  try {
    const store = seeded(home);
    setSummaryFunctions('v2', { 'core/pods': summary });
    store.read((snap) => assert.equal(snap.listSummaries!('core/pods'), undefined));
    // One write rewrites every summary (not only its shard's) under the new version.
    store.update((tx) => tx.put('core/pods', 'ns/p1', { app: 'a1', big: '' }));
    store.read((snap) => assert.deepEqual(snap.listSummaries!('core/pods'), expected(300)));

    // A build that registers no summary function writes a shard without its summary: the record goes.
    setSummaryFunctions('v2', {});
    store.update((tx) => tx.put('core/pods', 'ns/p3', { app: 'a3', big: '' }));
    assert.equal(root(home).summaries, undefined);
    setSummaryFunctions('v2', { 'core/pods': summary });
    store.read((snap) => assert.equal(snap.listSummaries!('core/pods'), undefined));
    // A commit that does not write the collection makes them too (the first after an upgrade does).
    store.update((tx) => tx.setMeta('other', 1));
    store.read((snap) => assert.deepEqual(snap.listSummaries!('core/pods'), expected(300)));
    store.update((tx) => tx.put('core/pods', 'ns/p4', { app: 'a4', big: '' }));
    store.read((snap) => assert.deepEqual(snap.listSummaries!('core/pods'), expected(300)));

    // A summary file that is garbled, or holds other keys than its shard's count says, is not used.
    const [first] = summaryFiles(home).filter((f) => root(home).sharded['core/pods'].files.includes(f.slice('summary.'.length)));
    const file = join(home, 'objects', first!);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, '{"ns/p1": ');
    store.read((snap) => assert.equal(snap.listSummaries!('core/pods'), undefined));
    writeFileSync(file, '{}');
    store.read((snap) => assert.equal(snap.listSummaries!('core/pods'), undefined));
    writeFileSync(file, good);
    store.read((snap) => assert.deepEqual(snap.listSummaries!('core/pods'), expected(300)));
  } finally {
    dispose();
  }
});

test('store: a collection that grows or shrinks past a power of two is re-filed a group of shards at a time, objects, summaries and order intact', () => {
  const { home, dispose } = tempHome();
  try {
    const store = seeded(home);
    const counts: number[] = [root(home).sharded['core/pods'].files.length];
    const check = (n: number, change?: (k: string) => string | undefined) => {
      const files = root(home).sharded['core/pods'].files as string[];
      counts.push(files.length);
      // (The replaced shards and their summaries stay a while for readers of the old root.)
      const present = new Set(summaryFiles(home));
      assert.deepEqual(files.filter((f) => !present.has(`summary.${f}`)), []);
      new FileStore(home).read((snap) => {
        assert.deepEqual(snap.listSummaries!('core/pods'), expected(n, change));
        assert.equal(snap.list('core/pods').length, n);
      });
    };
    // Growing: one commit adds objects and changes one already stored (its shard is in memory, dirty).
    store.update((tx) => {
      for (const [k, v] of objects(3000)) if (!tx.get('core/pods', k)) tx.put('core/pods', k, v);
      tx.put('core/pods', 'ns/p5', { app: 'changed', big: '' });
    });
    const changed = (k: string) => (k === 'ns/p5' ? 'changed' : undefined);
    check(3000, changed);
    // Grown with room to spare: more objects fit without another re-shard.
    store.update((tx) => {
      for (const [k, v] of objects(5000)) if (!tx.get('core/pods', k)) tx.put('core/pods', k, v);
    });
    check(5000, changed);
    // Shrinking.
    store.update((tx) => {
      for (let i = 600; i < 5000; i++) tx.delete('core/pods', `ns/p${i}`);
    });
    check(600, changed);
    // 300 objects are given room for 1,200 (32 shards of 64); 3,000 outgrow them and get room for 12,000.
    assert.deepEqual(counts, [32, 256, 256, 32]);
  } finally {
    dispose();
  }
});

test('store meta: keys named like Object.prototype members are keys like any other', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.read((snap) => {
      assert.equal(snap.getMeta('toString'), undefined);
      assert.equal(snap.getMeta('__proto__'), undefined);
    });
    store.update((tx) => {
      tx.setMeta('__proto__', { polluted: true });
      tx.setMeta('constructor', 1);
    });
    store.read((snap) => {
      assert.deepEqual(snap.getMeta('__proto__'), { polluted: true });
      assert.equal(snap.getMeta('constructor'), 1);
      assert.equal(snap.getMeta('polluted'), undefined);
      assert.equal(snap.getMeta('hasOwnProperty'), undefined);
    });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  } finally {
    dispose();
  }
});
