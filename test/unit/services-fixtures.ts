/** Hand-built cluster states for the services/storage/admission unit tests (no test cases here). */
import { SettableClock } from '../../src/api/clock.js';
import { builtinRegistry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { serverHooks } from '../../src/sim/hooks.js';
import { MemoryStore } from '../../src/store/file-store.js';

export const T0 = Date.parse('2025-05-01T10:00:00Z');

/** Runs `fn` against a fresh in-memory cluster with namespaces `default` and `other` (and their `default` accounts). */
export function withCluster<T>(fn: (api: ApiServer, clock: SettableClock) => T, store = new MemoryStore()): T {
  return store.update((tx) => {
    const clock = new SettableClock(T0);
    const api = new ApiServer(tx, builtinRegistry, clock, serverHooks);
    for (const name of ['default', 'other']) {
      if (!api.namespaceExists(name)) {
        api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
        api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
      }
    }
    return fn(api, clock);
  });
}

export function service(name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) }, spec };
}

export interface PodShape {
  name: string;
  labels?: Record<string, string>;
  ip?: string;
  ready?: boolean;
  node?: string;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  namespace?: string;
}

/** A pod as the scheduler and kubelet would have left it: on a node, Running, with an IP and a Ready condition. */
export function runningPod(api: ApiServer, p: PodShape): KubeObject {
  const created = api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: p.namespace ?? 'default', labels: p.labels ?? { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...(p.ports ? { ports: p.ports } : {}) }] },
  });
  const pod = structuredClone(created);
  pod.spec.nodeName = p.node ?? 'kind-worker';
  pod.status = {
    phase: 'Running',
    podIP: p.ip ?? '10.244.1.5',
    conditions: [{ type: 'Ready', status: p.ready === false ? 'False' : 'True' }],
  };
  return api.put(pod);
}
