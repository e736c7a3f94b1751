/**
 * The values of one group of a grouped index kept in the store (a node's pod addresses), as a
 * transaction sees them: the stored ones, less those whose keys it took away, plus its own.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import { indexGroupValues } from '../../src/controllers/informer.js';
import { FileStore } from '../../src/store/file-store.js';
import type { Transaction } from '../../src/store/types.js';
import { tempHome } from '../helpers/cli.js';

const pod = (name: string, node: string, ip: string | undefined, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] },
  status: ip === undefined ? {} : { podIP: ip },
});

const addressesOf = (values: Set<string>, node: string) => [...values].map((v) => v.slice(node.length + 1)).sort();

test('a node\'s addresses from the stored podIP index follow the transaction: deleted, moved, relabelled and new pods', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    // Enough pods for the collection to be sharded, so that its indexes are kept in the store.
    store.update((tx) => {
      for (let i = 0; i < 200; i++) tx.put('core/pods', `default/p${i}`, pod(`p${i}`, `n${i % 4}`, `10.0.${i % 4}.${Math.floor(i / 4) + 2}`));
    });
    store.update((tx) => {
      assert.equal((tx as Transaction).hasIndex!('core/pods', 'podIP'), true, 'the index is kept in the store');
      const api = new ApiServer(tx, new Registry(), new SettableClock(0));
      const before = addressesOf(indexGroupValues(api, 'core/pods', 'podIP', 'n1'), 'n1');
      assert.equal(before.length, 50);
      tx.delete('core/pods', 'default/p1'); // 10.0.1.2 goes
      tx.put('core/pods', 'default/p5', pod('p5', 'n1', '10.0.1.3', { relabelled: 'yes' })); // stays
      tx.put('core/pods', 'default/p9', pod('p9', 'n1', '10.0.1.99')); // 10.0.1.4 moves to .99
      tx.put('core/pods', 'default/p13', pod('p13', 'n2', '10.0.1.5')); // leaves the node
      tx.put('core/pods', 'default/new', pod('new', 'n1', '10.0.1.200'));
      const expected = [...before.filter((ip) => !['10.0.1.2', '10.0.1.4', '10.0.1.5'].includes(ip)), '10.0.1.99', '10.0.1.200'].sort();
      assert.deepEqual(addressesOf(indexGroupValues(api, 'core/pods', 'podIP', 'n1'), 'n1'), expected);
      assert.ok(addressesOf(indexGroupValues(api, 'core/pods', 'podIP', 'n2'), 'n2').includes('10.0.1.5'));
    });
  } finally {
    dispose();
  }
});
