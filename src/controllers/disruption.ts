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
import { scaledReplicas } from '../api/subresources.js';
import { goQuote } from '../printers/go-values.js';
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

/**
 * The scale of the pods' controllers, each counted once (getExpectedScale): a ReplicaSet's pods count
 * their Deployment's replicas, any other controller's its Scale's (a DaemonSet or a Job has none:
 * the count fails). Pods without a controller are left out and named.
 */
function expectedScale(api: ApiServer, pods: KubeObject[]): { count: number; unmanaged: string[] } | { error: string } {
  const seen = new Set<string>();
  const unmanaged: string[] = [];
  let count = 0;
  const find = (ref: { apiVersion: string; kind: string; name: string; uid?: string }, namespace: string | undefined) => {
    const type = api.registry.forKind(ref.apiVersion, ref.kind);
    const obj = type && api.tryGet(type, namespace, ref.name);
    return type && obj && (!ref.uid || obj.metadata.uid === ref.uid) ? { type, obj } : undefined;
  };
  for (const pod of pods) {
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
    if (!ref) {
      unmanaged.push(pod.metadata.name!);
      continue;
    }
    if (seen.has(ref.uid)) continue;
    let owner = find(ref, pod.metadata.namespace);
    if (owner?.obj.kind === 'ReplicaSet') {
      const up = owner.obj.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
      owner = (up && find(up, pod.metadata.namespace)) || owner;
    }
    const replicas = owner && scaledReplicas(api, owner.type, owner.obj);
    if (owner === undefined || replicas === undefined) return { error: `found no controllers for pod ${goQuote(pod.metadata.name!)}` };
    seen.add(ref.uid);
    if (seen.has(owner.obj.metadata.uid!)) continue;
    seen.add(owner.obj.metadata.uid!);
    count += replicas;
  }
  return { count, unmanaged };
}

type BudgetEvent = ['Normal' | 'Warning', string, string];

/**
 * What the budget's status should be now, and the Events its sync records; `due`: when a disrupted
 * pod's entry expires. A count that fails is the controller's fail-safe: the status as it was with
 * no disruption allowed and the condition saying why (SyncFailed).
 */
export function budgetStatus(api: ApiServer, pdb: KubeObject): { status: Record<string, unknown>; due?: number; events: BudgetEvent[] } {
  const nowMs = api.clock.now().getTime();
  const pods = podsOf(api, pdb);
  const spec = pdb.spec ?? {};
  const events: BudgetEvent[] = [];
  if (pods.length === 0) events.push(['Normal', 'NoPods', 'No matching pods found']);
  let expected: number;
  let desired: number;
  const scaled = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null ? 'maxUnavailable' : typeof spec.minAvailable === 'string' ? 'minAvailable' : undefined;
  if (scaled) {
    const scale = expectedScale(api, pods);
    if ('error' in scale) {
      events.push(['Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${scale.error}`]);
      return { status: failSafe(api, pdb, scale.error), events };
    }
    if (scale.unmanaged.length) events.push(['Warning', 'UnmanagedPods', unmanagedMessage(pdb)]);
    expected = scale.count;
    const value = scaledValue(spec[scaled], expected, true, '0');
    desired = scaled === 'maxUnavailable' ? Math.max(0, expected - value) : value;
  } else if (typeof spec.minAvailable === 'number') {
    expected = pods.length;
    desired = spec.minAvailable;
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
  const generation = pdb.metadata.generation ?? 1;
  const condition = allowedCondition(api, pdb, allowed > 0 ? 'True' : 'False', allowed > 0 ? 'SufficientPods' : 'InsufficientPods', '', generation);
  const status: Record<string, unknown> = { observedGeneration: generation };
  if (Object.keys(disrupted).length) status.disruptedPods = disrupted;
  Object.assign(status, { disruptionsAllowed: allowed, currentHealthy: healthy, desiredHealthy: desired, expectedPods: expected, conditions: [condition] });
  return { status, due, events };
}

/** The DisruptionAllowed condition as apimeta.SetStatusCondition leaves it: its transition time kept while its status is. */
function allowedCondition(api: ApiServer, pdb: KubeObject, status: string, reason: string, message: string, observedGeneration: number): Record<string, unknown> {
  const old = ((pdb.status?.conditions ?? []) as Array<Record<string, unknown>>).find((c) => c.type === 'DisruptionAllowed');
  const condition: Record<string, unknown> = { type: 'DisruptionAllowed', status };
  if (observedGeneration) condition.observedGeneration = observedGeneration;
  return Object.assign(condition, { lastTransitionTime: old && old.status === status ? old.lastTransitionTime : api.now(), reason, message });
}

/** failSafe: the status as it was, no disruption allowed, and the condition's SyncFailed with the error. */
function failSafe(api: ApiServer, pdb: KubeObject, error: string): Record<string, unknown> {
  const old = (pdb.status ?? {}) as Record<string, unknown>;
  const observed = typeof old.observedGeneration === 'number' ? old.observedGeneration : 0;
  const status: Record<string, unknown> = {};
  if (observed) status.observedGeneration = observed;
  if (old.disruptedPods && Object.keys(old.disruptedPods).length) status.disruptedPods = old.disruptedPods;
  const int = (k: string) => (typeof old[k] === 'number' ? old[k] : 0);
  Object.assign(status, { disruptionsAllowed: 0, currentHealthy: int('currentHealthy'), desiredHealthy: int('desiredHealthy'), expectedPods: int('expectedPods') });
  const others = ((old.conditions ?? []) as Array<Record<string, unknown>>).filter((c) => c.type !== 'DisruptionAllowed');
  status.conditions = [...others, allowedCondition(api, pdb, 'False', 'SyncFailed', error, observed)];
  return status;
}

/** The UnmanagedPods warning, the selector as its generated Go String() prints it. */
function unmanagedMessage(pdb: KubeObject): string {
  return `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelector(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`;
}

function goLabelSelector(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return 'nil';
  const s = selector as { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key?: string; operator?: string; values?: string[] }> };
  const labels = Object.keys(s.matchLabels ?? {}).sort().map((k) => `${k}: ${s.matchLabels![k]},`).join('');
  const expressions = (s.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key ?? ''},Operator:${e.operator ?? ''},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}

const COMPONENT = { component: 'controllermanager' };

/**
 * Brings one budget's status up to now. Its Events are recorded when the status is written: the
 * controller records them at every sync, and a sync here is a change to the budget's status.
 */
function reconcileBudget(api: ApiServer, key: string): number | undefined {
  const [namespace, name] = splitKey(key);
  const pdb = api.tryGet(pdbType(api), namespace, name);
  if (!pdb || pdb.metadata.deletionTimestamp) return undefined;
  const { status, due, events } = budgetStatus(api, pdb);
  if (!jsonEqual(status, pdb.status)) {
    const next = deepClone(pdb);
    next.status = status;
    api.put(next);
    for (const [type, reason, message] of events) api.recordEvent(pdb, type, reason, message, COMPONENT);
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
