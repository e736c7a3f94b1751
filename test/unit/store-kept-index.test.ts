import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileStore } from '../../src/store/file-store.js';
import { keptFromStart, setIndexFunctions } from '../../src/store/persisted-index.js';
import type { Transaction } from '../../src/store/types.js';
import { tempHome } from '../helpers/cli.js';

// Objects here are { owner }: the index `owner` files each under its owner. Every collection keeps
// it from the moment it is sharded (`*`) but `quiet`, which keeps nothing.
setIndexFunctions('test-kept', { owner: (o: { owner?: string }) => (o.owner ? [o.owner] : []) }, { quiet: [], '*': ['owner'] });

test('store index: `*` names the indexes kept from the start by every collection not named', () => {
  assert.deepEqual(keptFromStart('apps/replicasets'), ['owner']);
  assert.deepEqual(keptFromStart('quiet'), []);
  // A key named like an Object.prototype member is a collection like any other.
  assert.deepEqual(keptFromStart('constructor'), ['owner']);
});

test('store index: a collection sharded in one commit has the indexes kept from the start, filled and kept up by later commits', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => {
      for (let i = 0; i < 200; i++) {
        tx.put('apps/replicasets', `ns/rs${i}`, { owner: `d${i % 3}` });
        tx.put('quiet', `ns/q${i}`, { owner: 'x' });
      }
    });
    const root = JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));
    assert.ok(root.sharded['apps/replicasets'], 'sharded');
    assert.deepEqual(Object.keys(root.indexes['apps/replicasets'].files), ['owner']);
    assert.equal(root.indexes.quiet, undefined);
    store.update((tx) => {
      tx.put('apps/replicasets', 'ns/rs0', { owner: 'd2' });
      tx.delete('apps/replicasets', 'ns/rs1');
    });
    store.update((tx) => {
      const t = tx as Transaction;
      assert.equal(t.hasIndex!('apps/replicasets', 'owner'), true);
      assert.equal(t.hasIndex!('quiet', 'owner'), false);
      for (const d of ['d0', 'd1', 'd2']) {
        const scanned = t.list('apps/replicasets').filter(([, o]) => (o as { owner: string }).owner === d).map(([k]) => k);
        assert.deepEqual([...t.indexedKeys!('apps/replicasets', 'owner', d)!], scanned, d);
      }
    });
  } finally {
    dispose();
  }
});

test('store scan: `keys` reads only those objects, in the order given, and a key the collection lacks is reported as corrupt', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => {
      for (let i = 0; i < 200; i++) tx.put('apps/replicasets', `ns/rs${String(i).padStart(3, '0')}`, { owner: `d${i % 3}` });
    });
    store.read((snap) => {
      const keys = snap.indexedKeys!('apps/replicasets', 'owner', 'd1')!;
      assert.equal(keys.length, 67);
      const scanned = [...snap.scan!('apps/replicasets', { keys })!];
      assert.deepEqual(scanned.map(([k]) => k), [...keys]);
      assert.ok(scanned.every(([, o]) => (o as { owner: string }).owner === 'd1'));
      assert.deepEqual([...snap.scan!('apps/replicasets', { keys: ['ns/rs001', 'ns/rs004'], prefix: 'ns/rs00' })!].map(([k]) => k), ['ns/rs001', 'ns/rs004']);
      assert.throws(() => [...snap.scan!('apps/replicasets', { keys: ['ns/rs001', 'ns/rs999'] })!], /does not hold "ns\/rs999", which its index lists/);
    });
  } finally {
    dispose();
  }
});
