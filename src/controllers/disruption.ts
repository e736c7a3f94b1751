/**
 * The disruption controller: each PodDisruptionBudget's status, from the pods its selector picks in
 * its namespace, as kube-controller-manager computes it. `expectedPods` is the number of those pods
 * for an integer minAvailable, else the scale of their controllers (a Deployment's replicas, through
 * its ReplicaSets; a ReplicaSet's, a StatefulSet's, a ReplicationController's); `desiredHealthy` is
 * minAvailable (a percentage of the expected count, rounded up) or the expected count less
 * maxUnavailable (rounded up); `currentHealthy` counts the Ready pods not being deleted and not
 * evicted in the last two minutes (`disruptedPods`, which the eviction API writes); and
 * `disruptionsAllowed` is what is left above the desired count. The eviction API
 * (src/api/eviction.ts) refuses an eviction the budget does not allow.
 *
 * Work-queue shaped: a budget is its own key; a pod concerns the budgets of its namespace that select
 * it (before or after the change), a workload's scale those of its namespace.
 */
import { budgetSelects } from '../api/eviction.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { jsonEqual } from '../api/server.js';
import { isTerminal } from '../sim/pods.js';
import { scaledValue } from './deployment.js';
import { isPodReady } from './endpoints.js';
import { collectionKeys, EVENTS, PODS, splitKey } from './queues.js';
import type { Controller } from './types.js';

export const PDBS = 'policy/poddisruptionbudgets';
/** How long an evicted pod is kept out of currentHealthy while it has not been deleted (DeletionTimeout). */
export const DISRUPTED_POD_TIMEOUT_MS = 2 * 60 * 1000;
const SCALED = new Set(['apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'core/replicationcontrollers']);

function pdbType(api: ApiServer) {
  return api.registry.forKind('policy/v1', 'PodDisruptionBudget')!;
}

/** The pods the budget's selector picks. */
function podsOf(api: ApiServer, pdb: KubeObject): KubeObject[] {
  return api.list(api.registry.forKind('v1', 'Pod')!, pdb.metadata.namespace).filter((p) => budgetSelects(pdb, p));
}

/** The scale of the pods' controllers, each counted once (getExpectedScale); pods without one are left out. */
function expectedScale(api: ApiServer, pods: KubeObject[]): number {
  const seen = new Set<string>();
  let total = 0;
  const count = (kind: string, apiVersion: string, namespace: string | undefined, name: string): KubeObject | undefined => {
    const type = api.registry.forKind(apiVersion, kind);
    return type ? api.tryGet(type, namespace, name) : undefined;
  };
  for (const pod of pods) {
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
    if (!ref) continue;
    let owner = count(ref.kind, ref.apiVersion, pod.metadata.namespace, ref.name);
    if (owner?.kind === 'ReplicaSet') {
      const up = owner.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
      const deployment = up && count('Deployment', up.apiVersion, pod.metadata.namespace, up.name);
      if (deployment) owner = deployment;
    }
    if (!owner || seen.has(owner.metadata.uid!)) continue;
    seen.add(owner.metadata.uid!);
    total += typeof owner.spec?.replicas === 'number' ? owner.spec.replicas : 1;
  }
  return total;
}

/** What the budget's status should be now; `due`: when a disrupted pod's entry expires. */
export function budgetStatus(api: ApiServer, pdb: KubeObject): { status: Record<string, unknown>; due?: number } {
  const nowMs = api.clock.now().getTime();
  const pods = podsOf(api, pdb);
  const spec = pdb.spec ?? {};
  let expected: number;
  let desired: number;
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    expected = expectedScale(api, pods);
    desired = Math.max(0, expected - scaledValue(spec.maxUnavailable, expected, true, '0'));
  } else if (typeof spec.minAvailable === 'number') {
    expected = pods.length;
    desired = spec.minAvailable;
  } else if (typeof spec.minAvailable === 'string') {
    expected = expectedScale(api, pods);
    desired = scaledValue(spec.minAvailable, expected, true, '0');
  } else {
    expected = pods.length;
    desired = 0;
  }
  // Evicted pods stay counted out until they are deleted, or for two minutes.
  const disrupted: Record<string, string> = {};
  let due: number | undefined;
  const byName = new Map(pods.map((p) => [p.metadata.name!, p]));
  for (const [name, at] of Object.entries((pdb.status?.disruptedPods ?? {}) as Record<string, string>)) {
    const pod = byName.get(name);
    const expires = Date.parse(at) + DISRUPTED_POD_TIMEOUT_MS;
    if (!pod || pod.metadata.deletionTimestamp || !(expires > nowMs)) continue;
    disrupted[name] = at;
    due = due === undefined ? expires : Math.min(due, expires);
  }
  const healthy = pods.filter((p) => !p.metadata.deletionTimestamp && !isTerminal(p) && !Object.hasOwn(disrupted, p.metadata.name!) && isPodReady(p)).length;
  const allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
  const reason = allowed > 0 ? 'SufficientPods' : 'InsufficientPods';
  const old = ((pdb.status?.conditions ?? []) as Array<Record<string, unknown>>).find((c) => c.type === 'DisruptionAllowed');
  const condStatus = allowed > 0 ? 'True' : 'False';
  const condition = {
    type: 'DisruptionAllowed',
    status: condStatus,
    observedGeneration: pdb.metadata.generation ?? 1,
    lastTransitionTime: old && old.status === condStatus ? old.lastTransitionTime : api.now(),
    reason,
    message: '',
  };
  const status: Record<string, unknown> = { observedGeneration: pdb.metadata.generation ?? 1 };
  if (Object.keys(disrupted).length) status.disruptedPods = disrupted;
  Object.assign(status, { disruptionsAllowed: allowed, currentHealthy: healthy, desiredHealthy: desired, expectedPods: expected, conditions: [condition] });
  return { status, due };
}

/** Brings one budget's status up to now. */
function reconcileBudget(api: ApiServer, key: string): number | undefined {
  const [namespace, name] = splitKey(key);
  const pdb = api.tryGet(pdbType(api), namespace, name);
  if (!pdb || pdb.metadata.deletionTimestamp) return undefined;
  const { status, due } = budgetStatus(api, pdb);
  if (!jsonEqual(status, pdb.status)) {
    const next = deepClone(pdb);
    next.status = status;
    api.put(next);
  }
  return due;
}

export const disruptionController: Controller = {
  name: 'disruption',
  reconcile(api) {
    let wake: number | undefined;
    for (const key of collectionKeys(api, PDBS)) {
      const due = reconcileBudget(api, key);
      if (due !== undefined && (wake === undefined || due < wake)) wake = due;
    }
    return wake;
  },
  keysFor(change, api) {
    if (change.collection === PDBS) return [change.key];
    if (change.collection === EVENTS) return [];
    if (change.collection !== PODS && !SCALED.has(change.collection)) return undefined;
    // Most clusters have no budget: nothing to map.
    const budgets = collectionKeys(api, PDBS);
    if (budgets.length === 0) return [];
    const [namespace] = splitKey(change.key);
    const inNamespace = budgets.filter((k) => splitKey(k)[0] === namespace);
    if (change.collection !== PODS || inNamespace.length === 0) return inNamespace;
    const pods = [change.old as KubeObject | undefined, api.store.get(change.collection, change.key) as KubeObject | undefined].filter((p): p is KubeObject => p !== undefined);
    return inNamespace.filter((k) => {
      const pdb = api.tryGet(pdbType(api), namespace, splitKey(k)[1]);
      return pdb !== undefined && pods.some((p) => budgetSelects(pdb, p));
    });
  },
  reconcileKey: (api, key) => reconcileBudget(api, key),
  allKeys: (api) => collectionKeys(api, PDBS),
};
