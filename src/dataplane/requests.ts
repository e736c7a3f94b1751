/**
 * Requests served per pod (REQUESTS_COLLECTION): written in aggregate by whatever sends traffic
 * (`load`, in-cluster clients), read by the usage model (src/sim/metrics.ts), which `top`, the
 * metrics API objects and the HPA share. A record belongs to one pod uid; a record left by a
 * deleted pod of the same name is replaced, not added to.
 */
import type { KubeObject } from '../api/types.js';
import type { Snapshot, Transaction } from '../store/types.js';
import { REQUEST_BUCKET_MS, REQUESTS_COLLECTION, type RequestRecord } from './types.js';

/** Buckets older than this (before the newest write) are dropped. */
export const REQUESTS_KEPT_MS = 15 * 60_000;

function keyOf(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/** The pod's record, or undefined when it has none (or only a stale one of an earlier pod of that name). */
export function requestRecord(snap: Snapshot, pod: KubeObject): RequestRecord | undefined {
  const rec = snap.get(REQUESTS_COLLECTION, keyOf(pod)) as RequestRecord | undefined;
  return rec && rec.uid === pod.metadata.uid ? rec : undefined;
}

/**
 * Adds `count` requests served by one container of a pod at simulated time `nowMs` (one store
 * write; call it once per pod and container per second of traffic at most, not per request).
 */
export function recordRequests(tx: Transaction, pod: KubeObject, container: string, count: number, nowMs: number): void {
  if (!(count > 0) || !pod.metadata.uid) return;
  const start = Math.floor(nowMs / REQUEST_BUCKET_MS) * REQUEST_BUCKET_MS;
  const old = requestRecord(tx, pod);
  const buckets = (old?.buckets ?? []).filter(([at]) => at > start - REQUESTS_KEPT_MS).map(([at, by]): [number, Record<string, number>] => [at, { ...by }]);
  let bucket = buckets.find(([at]) => at === start);
  if (!bucket) {
    bucket = [start, {}];
    buckets.push(bucket);
    buckets.sort((a, b) => a[0] - b[0]);
  }
  bucket[1][container] = (bucket[1][container] ?? 0) + Math.round(count);
  const rec: RequestRecord = { uid: pod.metadata.uid, buckets };
  tx.put(REQUESTS_COLLECTION, keyOf(pod), rec);
}

/**
 * Requests each container served in the buckets that overlap [fromMs, toMs): a bucket counts whole
 * when it starts inside the range, so the bucket holding `toMs - 1` (the one being filled) counts.
 */
export function requestsServed(rec: RequestRecord | undefined, fromMs: number, toMs: number): Record<string, number> {
  const out: Record<string, number> = {};
  if (!rec) return out;
  const first = Math.floor(fromMs / REQUEST_BUCKET_MS) * REQUEST_BUCKET_MS;
  for (const [at, by] of rec.buckets) {
    if (at < first || at >= toMs) continue;
    for (const [c, n] of Object.entries(by)) out[c] = (out[c] ?? 0) + n;
  }
  return out;
}
