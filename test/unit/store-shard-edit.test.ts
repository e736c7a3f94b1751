/**
 * A transaction holds a shard as its bytes and parses only the objects asked for
 * (src/store/shard-edit.ts); what it writes back must be what parsing the whole shard, editing it and
 * serialising it whole gives.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileStore } from '../../src/store/file-store.js';
import { shardEntries } from '../../src/store/peek.js';
import { ShardEdit } from '../../src/store/shard-edit.js';
import { setSummaryFunctions } from '../../src/store/summaries.js';
import { tempHome } from '../helpers/cli.js';

const obj = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, namespace: 'ns' }, spec: { note: 'a "quoted" {brace} \\ [x] é 😀', list: [{ a: '}' }] }, ...extra });

function edit(whole: Record<string, unknown>): ShardEdit {
  const bytes = Buffer.from(JSON.stringify(whole));
  return ShardEdit.ofBytes(bytes, shardEntries(bytes)!, JSON.parse);
}

test('ShardEdit: gets, puts and deletes, written back, are what the whole shard edited and serialised gives', () => {
  const keys = ['ns/a', 'ns/b', 'ns/"c"', 'ns/d', 'ns/e', 'constructor', '__proto__', 'toString'];
  const whole: Record<string, unknown> = Object.create(null);
  for (const k of keys) whole[k] = obj(k);
  // Every subset of operations over a few keys: untouched, read, changed in place, replaced, deleted; plus new keys.
  const ops = ['none', 'get', 'mutate', 'set', 'delete'] as const;
  for (let seed = 0; seed < 200; seed++) {
    const shard = edit(whole);
    const expected: Record<string, unknown> = structuredClone({ ...whole });
    let r = seed;
    for (const k of keys) {
      const op = ops[r % ops.length]!;
      r = Math.floor(r / ops.length) + seed * 7;
      if (op === 'get') assert.deepEqual(shard.get(k), whole[k]);
      else if (op === 'mutate') {
        (shard.get(k) as { spec: { n?: number } }).spec.n = seed;
        (expected[k] as { spec: { n?: number } }).spec.n = seed;
      } else if (op === 'set') {
        shard.set(k, obj(k, { v: seed }));
        expected[k] = obj(k, { v: seed });
      } else if (op === 'delete') {
        assert.equal(shard.delete(k), true);
        assert.equal(shard.delete(k), false);
        delete expected[k];
      }
    }
    if (seed % 3 === 0) {
      shard.set(`ns/new${seed}`, obj('new'));
      expected[`ns/new${seed}`] = obj('new');
    }
    for (const k of [...keys, 'valueOf', 'ns/zz']) assert.equal(shard.has(k), Object.hasOwn(expected, k), `${seed} has ${k}`);
    assert.deepEqual(new Set(shard.keys()), new Set(Object.keys(expected)), `${seed} keys`);
    const chunks = shard.text();
    const text = typeof chunks === 'string' ? chunks : Buffer.concat(chunks).toString();
    const written = JSON.parse(text);
    assert.deepEqual(written, JSON.parse(JSON.stringify(expected)), `seed ${seed}`);
    // What it wrote is a shard as JSON.stringify writes one (read back the same way).
    assert.ok(shardEntries(Buffer.from(text)), `seed ${seed}: well-formed`);
    assert.deepEqual({ ...shard.all() }, JSON.parse(JSON.stringify(expected)));
  }
  // Untouched: written back byte for byte; a key that is no object's is absent, whatever Object.prototype has.
  const untouched = edit(whole);
  assert.equal(untouched.get('ns/zz'), undefined);
  assert.equal(untouched.get('hasOwnProperty'), undefined);
  assert.equal(Buffer.concat(untouched.text() as Buffer[]).toString(), JSON.stringify(whole));
  assert.equal(Object.getPrototypeOf(untouched.all()), null);
});

test('store: a transaction that changes one object of a shard writes the others unchanged, and its summaries as a whole summary would be', () => {
  const { home, dispose } = tempHome();
  try {
    setSummaryFunctions('t', { 'core/pods': (o: { metadata: { name: string }; v?: number }) => [o.metadata.name, o.v ?? 0] });
    const store = new FileStore(home);
    const names = Array.from({ length: 300 }, (_, i) => `p${i}`);
    store.update((tx) => {
      for (const n of names) tx.put('core/pods', `ns/${n}`, obj(n));
    });
    store.update((tx) => {
      tx.put('core/pods', 'ns/p7', obj('p7', { v: 7 }));
      tx.delete('core/pods', 'ns/p8');
      tx.put('core/pods', 'ns/p-new', obj('p-new', { v: 1 }));
      assert.deepEqual(tx.get('core/pods', 'ns/p9'), obj('p9'));
    });
    const root = JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));
    const all: Record<string, unknown> = {};
    for (const f of root.sharded['core/pods'].files) {
      const shard = JSON.parse(readFileSync(join(home, 'objects', f), 'utf8'));
      Object.assign(all, shard);
      const summary = JSON.parse(readFileSync(join(home, 'objects', `summary.${f}`), 'utf8'));
      assert.deepEqual(summary, Object.fromEntries(Object.entries(shard).map(([k, o]) => [k, [(o as { metadata: { name: string } }).metadata.name, (o as { v?: number }).v ?? 0]])));
    }
    const expected = Object.fromEntries(names.filter((n) => n !== 'p8').map((n) => [`ns/${n}`, n === 'p7' ? obj(n, { v: 7 }) : obj(n)]));
    expected['ns/p-new'] = obj('p-new', { v: 1 });
    assert.deepEqual(all, expected);
    assert.equal(root.sharded['core/pods'].count, 300);
    store.read((snap) => assert.deepEqual(snap.list('core/pods').map(([k]) => k), Object.keys(expected).sort()));
  } finally {
    dispose();
  }
});
