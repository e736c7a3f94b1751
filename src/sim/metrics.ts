/**
 * Simulated resource usage, as metrics-server would report it. Deterministic: each running
 * container uses a stable fraction (20-80%, from a hash of the pod uid and container name) of
 * what it requests, or a small amount when it requests nothing; a node adds system overhead.
 */
import type { KubeObject } from '../api/types.js';
import { parseQuantity } from './quantity.js';

export interface Usage {
  /** CPU in nanocores. */
  cpu: number;
  /** Memory in bytes. */
  memory: number;
}

/** A resource quantity as a number of base units; 0 when absent or malformed. */
export function quantityValue(q: string | number | undefined): number {
  const v = parseQuantity(q);
  return Number.isNaN(v) ? 0 : v;
}

function fraction(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return 0.2 + ((h >>> 0) % 600) / 1000;
}

export function containerUsage(pod: KubeObject, container: any): Usage {
  const f = fraction(`${pod.metadata.uid}/${container.name}`);
  const req = container.resources?.requests ?? container.resources?.limits ?? {};
  const cpu = req.cpu !== undefined ? quantityValue(req.cpu) * f : 0.001 + 0.004 * f;
  const memory = req.memory !== undefined ? quantityValue(req.memory) * f : (2 + 18 * f) * 1024 * 1024;
  return { cpu: Math.round(cpu * 1e9), memory: Math.round(memory) };
}

/** Usage of each running container of a pod (metrics-server reports only running pods). */
export function podUsage(pod: KubeObject): Array<{ name: string; usage: Usage }> | undefined {
  if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
  const running = new Set((pod.status?.containerStatuses ?? []).filter((s: any) => s.state?.running).map((s: any) => s.name));
  return (pod.spec?.containers ?? []).filter((c: any) => running.has(c.name)).map((c: any) => ({ name: c.name, usage: containerUsage(pod, c) }));
}

const NODE_OVERHEAD: Usage = { cpu: 60e6, memory: 420 * 1024 * 1024 };

/** A node's usage: its pods' plus the system's own. */
export function nodeUsage(podsOnNode: KubeObject[]): Usage {
  const total = { ...NODE_OVERHEAD };
  for (const pod of podsOnNode) {
    for (const c of podUsage(pod) ?? []) {
      total.cpu += c.usage.cpu;
      total.memory += c.usage.memory;
    }
  }
  return total;
}
