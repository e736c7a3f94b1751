/**
 * Simulated resource usage, as metrics-server would report it. Deterministic: each running
 * container uses a stable fraction (20-80%, from a hash of the pod uid and container name) of
 * what it requests, or a small amount when it requests nothing; a node adds system overhead.
 */
import type { KubeObject } from '../api/types.js';

export interface Usage {
  /** CPU in nanocores. */
  cpu: number;
  /** Memory in bytes. */
  memory: number;
}

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

/** A resource quantity (`250m`, `64Mi`, `2`, `1e3`) as a number of base units. */
export function quantityValue(q: string | number | undefined): number {
  if (q === undefined || q === null) return 0;
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return 0;
  return parseFloat(m[1]!) * (SUFFIX[m[2]!] ?? 1);
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
