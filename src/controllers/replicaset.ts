/**
 * ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas active pods
 * per ReplicaSet, claiming pods by selector and ownerReference, and reports status.
 * ReplicationControllers run through the same manager with their map selector.
 */
import { fromLabelSelector, matches } from '../api/labels.js';
import { collectionOf, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import type { Controller } from './types.js';
import { collectionKeys, EVENTS, labelChangeIgnoredByOwner, ownerIndexFor, ownerKeysForPod, splitKey } from './queues.js';
import {
  availableAt, claim, createOwned, deleteIfPresent, earliest, indexByController, isPodActive, isPodAvailable, isPodReady,
  podFromTemplate, podType, writeStatus, type OwnerIndex,
} from './pod-template.js';

export interface ReplicaManagerKind {
  apiVersion: string;
  kind: string;
  component: string;
  /** The owner's pod selector, parsed once per sync. */
  matcher(owner: KubeObject): (pod: KubeObject) => boolean;
}

export const REPLICASET_KIND: ReplicaManagerKind = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  component: 'replicaset-controller',
  matcher(rs) {
    const selector = fromLabelSelector(rs.spec?.selector);
    return (pod) => selector !== null && matches(selector, pod.metadata.labels);
  },
};

export function manageReplicasController(name: string, kind: ReplicaManagerKind): Controller {
  const ownerType = (api: ApiServer) => api.registry.forKind(kind.apiVersion, kind.kind)!;
  return {
    name,
    reconcile(api: ApiServer): number | void {
      const type = ownerType(api);
      const owners = api.list(type);
      if (owners.length === 0) return;
      const index = indexByController(api.list(podType(api)));
      let next: number | undefined;
      for (const owner of owners) next = earliest(next, syncReplicas(api, type, kind, owner, index));
      return next;
    },
    // A pod change goes to the owner its controller reference names (before and after the change)
    // and, for a pod without one, to every owner in its namespace whose selector matches it (adoption).
    firstChangeOnly: true,
    keysFor(change, api) {
      const type = ownerType(api);
      const owners = collectionOf(type);
      if (change.collection === owners) return [change.key];
      if (change.collection === EVENTS) return [];
      if (change.collection !== collectionOf(podType(api))) return undefined;
      if (labelChangeIgnoredByOwner(api, type, change.old as KubeObject | undefined, api.store.get(change.collection, change.key) as KubeObject | undefined)) return [];
      return ownerKeysForPod(api, type, change.old as KubeObject | undefined, api.store.get(change.collection, change.key) as KubeObject | undefined, kind.matcher);
    },
    allKeys: (api) => collectionKeys(api, collectionOf(ownerType(api))),
    reconcileKey(api: ApiServer, key: string): number | void {
      const type = ownerType(api);
      const [namespace, name] = splitKey(key);
      const owner = api.tryGet(type, namespace, name);
      if (!owner) return;
      return syncReplicas(api, type, kind, owner, ownerIndexFor(api, podType(api), owner));
    },
  };
}

/**
 * kube-controller-manager's burstReplicas: one sync creates at most this many pods and the next
 * pass creates more, so a huge but valid replica count makes progress without any one pass doing
 * unbounded work (and the settle budget in loop.ts leaves the rest to the next command).
 */
export const BURST_REPLICAS = 500;

/** syncReplicaSet: one owner against the pods it owns. Returns when a pod will become available. */
export function syncReplicas(api: ApiServer, type: ResourceType, kind: ReplicaManagerKind, owner: KubeObject, index: OwnerIndex): number | undefined {
  const pods = claim(api, owner, index, kind.matcher(owner));
  let active = pods.filter(isPodActive);
  if (!owner.metadata.deletionTimestamp) active = manageReplicas(api, kind, owner, active);
  const live = api.tryGet(type, owner.metadata.namespace, owner.metadata.name!);
  if (!live) return undefined;
  const nowMs = api.clock.now().getTime();
  writeStatus(api, live, calculateStatus(live, active, nowMs));
  const minReady = live.spec?.minReadySeconds ?? 0;
  return earliest(...active.map((p) => availableAt(p, minReady, nowMs)));
}

/** manageReplicas: creates or deletes the difference; returns the active pods afterwards. */
function manageReplicas(api: ApiServer, kind: ReplicaManagerKind, owner: KubeObject, active: KubeObject[]): KubeObject[] {
  const want = owner.spec?.replicas ?? 1;
  const diff = active.length - want;
  const component = { component: kind.component };
  if (diff < 0) {
    const after = [...active];
    for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) {
      const pod = createOwned(api, podFromTemplate(owner.spec?.template, owner), owner, kind.component, { adopt: true });
      if (!pod) break;
      after.push(pod);
      api.recordEvent(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, component);
    }
    return after;
  }
  if (diff > 0) {
    const victims = new Set(podsToDelete(active, diff));
    for (const pod of victims) {
      if (deleteIfPresent(api, podType(api), pod)) {
        api.recordEvent(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, component);
      }
    }
    return active.filter((p) => !victims.has(p));
  }
  return active;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * getPodsToDelete / ActivePods ordering: unscheduled before scheduled, pending before
 * running, not ready before ready, more restarts first, newer before older.
 */
export function podsToDelete(active: KubeObject[], count: number): KubeObject[] {
  const rank = (p: KubeObject): Array<number | string> => [
    p.spec?.nodeName ? 1 : 0,
    PHASE_RANK[p.status?.phase ?? 'Pending'] ?? 0,
    isPodReady(p) ? 1 : 0,
    -restarts(p),
    p.metadata.creationTimestamp ?? '',
  ];
  const sorted = [...active].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length - 1; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
    const ta = ra[4] as string;
    const tb = rb[4] as string;
    return ta === tb ? 0 : ta > tb ? -1 : 1;
  });
  return sorted.slice(0, count);
}

function restarts(p: KubeObject): number {
  return ((p.status?.containerStatuses ?? []) as Array<{ restartCount?: number }>).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

/** calculateStatus (replica_set_utils.go), from the pods observed. */
export function calculateStatus(owner: KubeObject, active: KubeObject[], nowMs: number): Record<string, unknown> {
  const templateLabels: Record<string, string> = owner.spec?.template?.metadata?.labels ?? {};
  const minReady = owner.spec?.minReadySeconds ?? 0;
  const fullyLabeled = active.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v));
  const status: Record<string, unknown> = {
    replicas: active.length,
    fullyLabeledReplicas: fullyLabeled.length,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: active.filter((p) => isPodAvailable(p, minReady, nowMs)).length,
    observedGeneration: owner.metadata.generation,
  };
  // omitempty fields
  for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (status[k] === 0) delete status[k];
  if (owner.status?.conditions?.length) status.conditions = owner.status.conditions;
  return status;
}

export const replicaSetController = manageReplicasController('replicaset', REPLICASET_KIND);
