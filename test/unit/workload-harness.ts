/** A small in-memory cluster for controller unit tests: run controllers to a fixed point, play the kubelet by hand. */
import { SettableClock } from '../../src/api/clock.js';
import { builtinRegistry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import { deepClone, type KubeObject } from '../../src/api/types.js';
import { targetNode } from '../../src/controllers/daemonset.js';
import type { Controller } from '../../src/controllers/types.js';
import { MemoryStore } from '../../src/store/file-store.js';

export const T0 = Date.parse('2026-11-21T10:00:00Z');

export class Cluster {
  readonly store = new MemoryStore();
  readonly clock = new SettableClock(T0);
  constructor(
    readonly controllers: Controller[],
    public kubelet: 'ready' | 'none' | 'complete' = 'ready',
    bootstrap: (api: ApiServer) => void = createNamespaces,
  ) {
    this.with(bootstrap);
  }

  with<T>(fn: (api: ApiServer) => T): T {
    return this.store.update((tx) => fn(new ApiServer(tx, builtinRegistry, this.clock)));
  }

  /** Runs controllers (and the pretend kubelet) until a pass writes nothing; returns the passes taken. */
  settle(maxPasses = 100): number {
    for (let i = 1; i <= maxPasses; i++) if (!this.step()) return i;
    throw new Error('did not settle');
  }

  /** One pass of controllers and kubelet; true when it wrote something. */
  step(): boolean {
    const before = this.store.read((s) => s.revision);
    this.with((api) => {
      for (const c of this.controllers) c.reconcile(api);
      if (this.kubelet !== 'none') runKubelet(api, this.kubelet);
    });
    return this.store.read((s) => s.revision) !== before;
  }

  /** One pass of the controllers only; returns the earliest timed work. */
  pass(): number | undefined {
    return this.with((api) => {
      let next: number | undefined;
      for (const c of this.controllers) {
        const t = c.reconcile(api);
        if (typeof t === 'number' && (next === undefined || t < next)) next = t;
      }
      return next;
    });
  }

  list(apiVersion: string, kind: string, ns?: string): KubeObject[] {
    return this.with((api) => api.list(api.registry.forKind(apiVersion, kind)!, ns));
  }

  get(apiVersion: string, kind: string, name: string, ns = 'default'): KubeObject | undefined {
    return this.with((api) => api.tryGet(api.registry.forKind(apiVersion, kind)!, ns, name));
  }

  create(obj: KubeObject): KubeObject {
    return this.with((api) => api.create(obj));
  }

  update(apiVersion: string, kind: string, name: string, change: (o: KubeObject) => void, ns = 'default'): KubeObject {
    return this.with((api) => {
      const copy = deepClone(api.get(api.registry.forKind(apiVersion, kind)!, ns, name));
      change(copy);
      return api.update(copy);
    });
  }

  events(): string[] {
    return this.list('v1', 'Event').map((e) => `${e.source.component} ${e.reason} ${e.message}`);
  }
}

function createNamespaces(api: ApiServer): void {
  for (const name of ['default', 'kube-system']) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** Makes pods Running and Ready at once (restartPolicy Always) or Succeeded (Never/OnFailure when 'complete'); removes deleted pods. */
export function runKubelet(api: ApiServer, mode: 'ready' | 'complete'): void {
  const podType = api.registry.forKind('v1', 'Pod')!;
  const someNode = api.list(api.registry.forKind('v1', 'Node')!)[0]?.metadata.name ?? 'node-1';
  for (const pod of api.list(podType)) {
    if (pod.metadata.deletionTimestamp) {
      api.remove(podType, pod);
      continue;
    }
    if (pod.status?.startTime) continue; // already started (the API server may have set a Pending phase)
    const copy = deepClone(pod);
    const finishes = mode === 'complete' && (pod.spec?.restartPolicy === 'Never' || pod.spec?.restartPolicy === 'OnFailure');
    copy.spec.nodeName ??= targetNode(pod) ?? someNode;
    copy.status = { ...(pod.status ?? {}), ...(finishes ? succeededStatus(api.now()) : readyStatus(api.now())) };
    // The simulation's "never ready" annotation (src/sim/behaviour.ts), honoured here too.
    if (pod.metadata.annotations?.[NEVER_READY[0]] === NEVER_READY[1]) copy.status.conditions[0].status = 'False';
    api.put(copy);
  }
}

/** Pod annotation that keeps a simulated container from ever becoming ready. */
export const NEVER_READY = ['sim.kubectl-lite.io/ready', 'false'] as const;

/** A deployment whose pods run but never become ready. */
export function neverReady(obj: KubeObject): KubeObject {
  obj.spec.template.metadata.annotations = { ...(obj.spec.template.metadata.annotations ?? {}), [NEVER_READY[0]]: NEVER_READY[1] };
  return obj;
}

export function readyStatus(now: string): Record<string, unknown> {
  return {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
    startTime: now,
  };
}

export function succeededStatus(now: string): Record<string, unknown> {
  return { phase: 'Succeeded', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }], startTime: now };
}

export function deployment(name: string, replicas: number, image = 'nginx:1.27', extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image }] } },
      ...extra,
    },
  };
}
