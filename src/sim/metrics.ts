/**
 * Simulated resource usage, as metrics-server would report it, computed from the store at one
 * simulated moment. Each running container uses its base (idle) usage plus what the requests it
 * served in the last USAGE_WINDOW_MS cost (src/dataplane/requests.ts keeps them): CPU is the
 * request rate times the CPU time of one request, memory the base plus what each of those
 * requests holds. The base is a stable share of what the container requests (from a hash of the
 * pod uid and container name), or a small amount when it requests nothing; annotations override
 * every part (see src/sim/README.md). A node adds system overhead.
 */
import type { KubeObject } from '../api/types.js';
import { requestRecord, requestsServed } from '../dataplane/requests.js';
import { REQUEST_BUCKET_MS } from '../dataplane/types.js';
import type { Snapshot } from '../store/types.js';
import { annotationFor } from './behaviour.js';
import { parseQuantity } from './quantity.js';

export interface Usage {
  /** CPU in nanocores. */
  cpu: number;
  /** Memory in bytes. */
  memory: number;
}

/** The span a sample covers (metrics-server's `window`): requests served in it make the usage. */
export const USAGE_WINDOW_MS = 30_000;
/** CPU time one request costs (core-seconds) and memory it holds (bytes) when no annotation says otherwise. */
export const DEFAULT_CPU_PER_REQUEST = 0.01;
export const DEFAULT_MEMORY_PER_REQUEST = 64 * 1024;

/** A resource quantity as a number of base units; 0 when absent or malformed. */
export function quantityValue(q: string | number | undefined): number {
  const v = parseQuantity(q);
  return Number.isNaN(v) ? 0 : v;
}

/** A quantity annotation's value, or the fallback when it is absent or malformed. */
function quantityAnnotation(pod: KubeObject, key: string, container: string, fallback: number): number {
  const text = annotationFor(pod, key, container);
  if (text === undefined) return fallback;
  const v = parseQuantity(text);
  return Number.isNaN(v) || v < 0 ? fallback : v;
}

function fraction(seed: string, low: number, high: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return low + (((h >>> 0) % 1000) / 1000) * (high - low);
}

/** Idle usage: 5-25% of the CPU request and 20-80% of the memory request, or small amounts without. */
export function baseUsage(pod: KubeObject, container: any): Usage {
  const seed = `${pod.metadata.uid}/${container.name}`;
  const f = fraction(seed, 0, 1);
  const req = container.resources?.requests ?? container.resources?.limits ?? {};
  const cpuDefault = req.cpu !== undefined ? quantityValue(req.cpu) * (0.05 + 0.2 * f) : 0.001 + 0.004 * f;
  const memDefault = req.memory !== undefined ? quantityValue(req.memory) * (0.2 + 0.6 * f) : (2 + 18 * f) * 1024 * 1024;
  return {
    cpu: quantityAnnotation(pod, 'cpu-usage', container.name, cpuDefault),
    memory: quantityAnnotation(pod, 'memory-usage', container.name, memDefault),
  };
}

/** One container's usage, given how many requests it served in the window. */
export function containerUsage(pod: KubeObject, container: any, served = 0): Usage {
  const base = baseUsage(pod, container);
  const cpuPer = quantityAnnotation(pod, 'cpu-per-request', container.name, DEFAULT_CPU_PER_REQUEST);
  const memPer = quantityAnnotation(pod, 'memory-per-request', container.name, DEFAULT_MEMORY_PER_REQUEST);
  const cpu = base.cpu + (served / (USAGE_WINDOW_MS / 1000)) * cpuPer;
  const memory = base.memory + served * memPer;
  // The working set is whole pages (4 KiB), so metrics-server's binary quantities come out in Ki.
  return { cpu: Math.round(cpu * 1e9), memory: Math.round(memory / 4096) * 4096 };
}

/** Requests each container of the pod served in the window ending at `nowMs`. */
export function servedInWindow(snap: Snapshot, pod: KubeObject, nowMs: number): Record<string, number> {
  return requestsServed(requestRecord(snap, pod), nowMs - USAGE_WINDOW_MS + REQUEST_BUCKET_MS, nowMs + 1);
}

/**
 * Usage of each running container of a pod at `nowMs` (metrics-server reports only running
 * pods); `snap` holds the request records (without it, idle usage).
 */
export function podUsage(pod: KubeObject, snap?: Snapshot, nowMs = 0): Array<{ name: string; usage: Usage }> | undefined {
  if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
  const running = new Set((pod.status?.containerStatuses ?? []).filter((s: any) => s.state?.running).map((s: any) => s.name));
  const served = snap ? servedInWindow(snap, pod, nowMs) : {};
  return (pod.spec?.containers ?? []).filter((c: any) => running.has(c.name)).map((c: any) => ({ name: c.name, usage: containerUsage(pod, c, served[c.name] ?? 0) }));
}

const NODE_OVERHEAD: Usage = { cpu: 60e6, memory: 420 * 1024 * 1024 };

/** A node's usage: its pods' plus the system's own. */
export function nodeUsage(podsOnNode: KubeObject[], snap?: Snapshot, nowMs = 0): Usage {
  const total = { ...NODE_OVERHEAD };
  for (const pod of podsOnNode) {
    for (const c of podUsage(pod, snap, nowMs) ?? []) {
      total.cpu += c.usage.cpu;
      total.memory += c.usage.memory;
    }
  }
  return total;
}
