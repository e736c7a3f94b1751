import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { recordRequests, requestRecord, requestsServed } from '../../src/dataplane/requests.js';
import { containerUsage, podUsage } from '../../src/sim/metrics.js';
import { MemoryStore } from '../../src/store/file-store.js';

const T = Date.parse('2026-12-02T12:00:05Z');

const pod = (uid: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid, annotations },
  spec: { containers: [{ name: 'app', resources: { requests: { cpu: '200m' } } }, { name: 'side' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', state: { running: {} } }, { name: 'side', state: { running: {} } }] },
});

test('request records: 10 s buckets per container, one pod uid, 15 minutes kept', () => {
  new MemoryStore().update((tx) => {
    const p = pod('u1');
    recordRequests(tx, p, 'app', 3, T);
    recordRequests(tx, p, 'app', 4, T + 1000);
    recordRequests(tx, p, 'side', 1, T + 12_000);
    assert.deepEqual(requestRecord(tx, p)!.buckets, [[T - 5000, { app: 7 }], [T + 5000, { side: 1 }]]);
    assert.deepEqual(requestsServed(requestRecord(tx, p), T - 5000, T + 5000), { app: 7 });
    // A new pod of the same name starts afresh.
    assert.equal(requestRecord(tx, pod('u2')), undefined);
    recordRequests(tx, pod('u2'), 'app', 1, T);
    assert.deepEqual(requestRecord(tx, pod('u2'))!.buckets, [[T - 5000, { app: 1 }]]);
    recordRequests(tx, pod('u2'), 'app', 1, T + 16 * 60_000);
    assert.equal(requestRecord(tx, pod('u2'))!.buckets.length, 1, 'the bucket 16 minutes old is dropped');
  });
});

test('usage: base plus the requests of the last 30 s times their cost, per container annotations', () => {
  const p = pod('u1', { 'sim.kubectl-lite.io/cpu-usage': '20m', 'sim.kubectl-lite.io/cpu-per-request-app': '5m', 'sim.kubectl-lite.io/memory-usage': '10Mi' });
  const app = p.spec.containers[0];
  assert.deepEqual(containerUsage(p, app), { cpu: 20e6, memory: 10 * 2 ** 20 });
  // 300 requests in 30 s: 10/s at 5 ms each = 50m; 300 x 64Ki held.
  assert.deepEqual(containerUsage(p, app, 300), { cpu: 70e6, memory: 10 * 2 ** 20 + 300 * 64 * 1024 });
  new MemoryStore().update((tx) => {
    recordRequests(tx, p, 'app', 300, T);
    assert.equal(podUsage(p, tx, T)![0]!.usage.cpu, 70e6);
    // The window is the 10 s bucket being filled and the two before it.
    assert.equal(podUsage(p, tx, T + 24_999)![0]!.usage.cpu, 70e6, 'still in the window');
    assert.equal(podUsage(p, tx, T + 25_000)![0]!.usage.cpu, 20e6, 'out of it');
    // The side container served nothing: its default cost does not apply.
    assert.equal(podUsage(p, tx, T)![1]!.usage.cpu, 20e6);
  });
});
