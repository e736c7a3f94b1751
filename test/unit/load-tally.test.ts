/** The load run's tallies and request records, and the run-record carry-over that keeps other commands cheap. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { carryRunsOver, RUNS_META } from '../../src/controllers/loop.js';
import { latencySummary, parseTarget, percentile, Tally } from '../../src/dataplane/load.js';
import { REQUEST_BUCKET_MS, REQUESTS_COLLECTION, type HttpResult, type RequestRecord } from '../../src/dataplane/types.js';
import { MemoryStore } from '../../src/store/file-store.js';

const T0 = Date.parse('2026-12-02T12:00:00Z');
const pod = (name: string, uid = `uid-${name}`): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid }, spec: { nodeName: 'lite-worker' } });
const ok = (p: KubeObject, latencyMs = 1, status = 200): HttpResult => ({ ok: true, ip: '10.244.1.2', port: 80, pod: p, container: 'web', hops: [], response: { status, reason: 'OK', headers: [], body: '', latencyMs } });

test('a tally counts per pod and container, failures by cause, HTTP 5xx as failures, and a per-second timeline', () => {
  const t = new Tally(T0);
  const a = pod('a');
  const b = pod('b');
  t.record(ok(a), T0);
  t.record(ok(a), T0 + 500);
  t.record(ok(b), T0 + 1500);
  t.record(ok(b, 1, 503), T0 + 1600);
  t.record({ ok: false, error: 'timeout', message: 'node down', hops: [] }, T0 + 1700);
  t.record({ ok: false, error: 'timeout', message: 'node down', hops: [] }, T0 + 1800);
  assert.deepEqual([t.sent, t.ok, t.failed], [6, 3, 3]);
  assert.deepEqual([...t.pods.values()].map((p) => [p.name, p.served, p.containers]), [['a', 2, { web: 2 }], ['b', 1, { web: 1 }]]);
  assert.deepEqual([...t.failures.values()], [{ cause: 'HTTP 503', message: 'OK', count: 1 }, { cause: 'timeout', message: 'node down', count: 2 }]);
  assert.deepEqual(t.timeline, [{ t: 0, sent: 2, failed: 0, served: { 'default/a': 2 } }, { t: 1, sent: 4, failed: 3, served: { 'default/b': 1 } }]);
  assert.deepEqual(t.servedSince(1), { 'default/b': 1 });
});

test('request records merge into what the store holds, by 10 s bucket, drop buckets older than 15 minutes and a replaced pod\'s counts', () => {
  const t = new Tally(T0);
  const a = pod('a');
  for (let i = 0; i < 5; i++) t.record(ok(a), T0 + i * 3000);
  const existing: Record<string, RequestRecord> = {
    'default/a': { uid: 'uid-a', buckets: [[T0 - 20 * 60_000, { web: 9 }], [T0, { web: 4 }]] },
  };
  const out = t.drainRecords((k) => existing[k], T0 + 15_000);
  assert.deepEqual(out, [['default/a', { uid: 'uid-a', buckets: [[T0, { web: 8 }], [T0 + REQUEST_BUCKET_MS, { web: 1 }]] }]]);
  assert.deepEqual(t.drainRecords((k) => existing[k], T0 + 15_000), [], 'drained: nothing new to write');
  const replaced = new Tally(T0);
  replaced.record(ok(pod('a', 'uid-new')), T0);
  assert.deepEqual(replaced.drainRecords((k) => existing[k], T0), [['default/a', { uid: 'uid-new', buckets: [[T0, { web: 1 }]] }]]);
});

test('percentiles are nearest-rank', () => {
  const xs = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.deepEqual([percentile(xs, 50), percentile(xs, 90), percentile(xs, 99), percentile(xs, 100)], [50, 90, 99, 100]);
  assert.equal(percentile(new Float64Array(0), 50), undefined);
  assert.deepEqual(latencySummary([3, 1, 2]), { p50: 2, p90: 3, p99: 3, max: 3 });
});

test('targets parse as kubectl resource words, with an optional port', () => {
  assert.deepEqual(parseTarget('svc/web', 'ns'), { kind: 'service', namespace: 'ns', name: 'web' });
  assert.deepEqual(parseTarget('service/web:http', 'ns'), { kind: 'service', namespace: 'ns', name: 'web', port: 'http' });
  assert.deepEqual(parseTarget('ing/shop', 'd'), { kind: 'ingress', namespace: 'd', name: 'shop' });
  assert.deepEqual(parseTarget('http://172.18.0.3:30080/x', 'd'), { kind: 'url', url: 'http://172.18.0.3:30080/x' });
  assert.throws(() => parseTarget('deploy/web', 'd'), /the target must be/);
});

test('a records-only commit keeps the run records of controllers that do not read them', () => {
  const store = new MemoryStore();
  store.update((tx) => tx.put('core/pods', 'default/x', {}));
  const generation = store.read((s) => s.generation);
  const runs = {
    scheduler: { reads: ['core/pods', 'core/nodes'], writes: 3, atMs: T0, due: null },
    hpa: { reads: ['autoscaling/horizontalpodautoscalers', REQUESTS_COLLECTION], writes: 1, atMs: T0, due: null },
    gc: { reads: ['*'], writes: 0, atMs: T0, due: null },
  };
  store.update((tx) => tx.setMeta(RUNS_META, { build: 'dev', generation: tx.generation, runs }));
  store.update((tx) => {
    assert.equal(tx.generation, generation + 1);
    tx.put(REQUESTS_COLLECTION, 'default/x', { uid: 'u', buckets: [] });
    carryRunsOver(tx, [REQUESTS_COLLECTION]);
  });
  const book = store.read((s) => s.getMeta(RUNS_META)) as any;
  assert.equal(book.generation, generation + 1, 'the state the next command starts from');
  assert.deepEqual(Object.keys(book.runs), ['scheduler']);
  assert.equal(book.runs.scheduler.writes, 0);
});
