/**
 * The node view the kubelet and node lifecycle read per pod (src/controllers/node-view.ts): what
 * the counted `nodeView` index gives for a node is what reading the Node gives, as the transaction
 * changes the nodes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { nodeSummary, plainName, summarize } from '../../src/controllers/node-view.js';
import { nodeViewValue } from '../../src/sim/node-addresses.js';
import { MemoryStore } from '../../src/store/file-store.js';
import { node, T0 } from '../helpers/sim-world.js';

test('a node as the index gives it is the node as read, through taints, conditions, a new node and a deleted one', () => {
  const store = new MemoryStore();
  store.update((tx) => {
    const api = new ApiServer(tx, new Registry(), new SettableClock(T0));
    const nodeType = api.registry.forKind('v1', 'Node')!;
    for (let i = 1; i <= 4; i++) api.create(node(`w${i}`, i), { trusted: true });
    // A run reads its first few nodes whole and then the index: three rounds of five ask the
    // index for every node in the last.
    const same = (label: string) => {
      const run = new Map<string, unknown>();
      for (let round = 0; round < 3; round++) {
        for (const name of ['w1', 'w2', 'w3', 'w4', 'w5']) {
          const live = api.tryGet(nodeType, undefined, name);
          assert.deepEqual(nodeSummary(api, run, name), live && summarize(live), `${label}, round ${round}: ${name}`);
        }
      }
      assert.ok(run.has('nodeView'), `${label}: the index was read`);
    };
    same('created');
    const first = nodeSummary(api, new Map(), 'w1')!;
    assert.deepEqual(first, { podCIDR: '10.244.1.0/24', hostIP: first.hostIP, healthy: true });
    assert.match(first.hostIP, /^\d+\.\d+\.\d+\.\d+$/);
    const w2 = api.get(nodeType, undefined, 'w2');
    api.put({ ...w2, spec: { ...w2.spec, taints: [{ key: 'k', effect: 'NoExecute' }] } } as KubeObject);
    const w3 = api.get(nodeType, undefined, 'w3');
    api.put({ ...w3, status: { ...w3.status, conditions: w3.status.conditions.map((c: any) => (c.type === 'Ready' ? { ...c, status: 'Unknown' } : c)) } } as KubeObject);
    api.create(node('w5', 5), { trusted: true });
    api.remove(nodeType, api.get(nodeType, undefined, 'w4'));
    same('changed');
    assert.equal(nodeSummary(api, new Map(), 'w2')!.healthy, false);
    assert.equal(nodeSummary(api, new Map(), 'w3')!.healthy, false);
    assert.equal(nodeSummary(api, new Map(), 'w4'), undefined);
  });
});

test('the name a node view starts with is read without parsing it only when JSON wrote it as it is', () => {
  for (const name of ['w1', 'scale-worker4999', '', 'a,b', 'with"quote', 'back\\slash', 'tab\there', 'é']) {
    const n = node('w1', 1);
    n.metadata.name = name;
    const value = nodeViewValue(n);
    const plain = plainName(value);
    if (plain !== undefined) assert.equal(plain, name, value);
    else assert.ok(/["\\\t]/.test(name), `${JSON.stringify(name)} is plain but was not read so`);
    assert.equal(JSON.parse(value)[0], name);
  }
  assert.equal(plainName('[null,null,"",false]'), undefined);
  assert.equal(plainName('["a\\",",1]'), undefined);
});
