/**
 * The eviction subresource (`POST pods/NAME/eviction`), as the API server answers it: a pod whose
 * PodDisruptionBudget allows no disruption now is not evicted (429, the budget's numbers in the
 * cause), one it allows is counted against it (disruptionsAllowed down by one, the pod listed in
 * disruptedPods), given the DisruptionTarget condition and deleted. A pod that is Pending, finished
 * or already being deleted is deleted without asking a budget, and a pod that is not Ready only while
 * the budget is met (unhealthyPodEvictionPolicy IfHealthyBudget, the default; AlwaysAllow: always).
 */
import { isPodReady } from '../controllers/endpoints.js';
import { ApiError, type StatusDetails } from '../errors.js';
import { POD_CONDITION_ORDER, setCondition } from '../sim/pods.js';
import { labelSelectorMatches } from './labels.js';
import type { ApiServer, DeleteOptions } from './server.js';
import { deepClone, type KubeObject } from './types.js';

/** policy/v1: an empty selector picks every pod of the namespace; none picks none. */
export function budgetSelects(pdb: KubeObject, pod: KubeObject): boolean {
  const selector = pdb.spec?.selector;
  if (selector === undefined || selector === null) return false;
  return labelSelectorMatches(selector, pod.metadata.labels ?? {});
}

/** The PodDisruptionBudgets of the pod's namespace that select it. */
export function budgetsSelecting(api: ApiServer, pod: KubeObject): KubeObject[] {
  return api.list(api.registry.forKind('policy/v1', 'PodDisruptionBudget')!, pod.metadata.namespace).filter((pdb) => budgetSelects(pdb, pod));
}

function tooManyRequests(message: string, cause?: string): ApiError {
  // The budget's cause names no field (StatusCause.field is omitempty).
  const details = cause ? ({ causes: [{ reason: 'DisruptionBudget', message: cause }] } as unknown as StatusDetails) : {};
  return new ApiError('TooManyRequests', 429, message, details);
}

/** Evicts the pod, or throws the API server's refusal. */
export function evictPod(api: ApiServer, namespace: string | undefined, name: string, opts: DeleteOptions = {}): void {
  const podType = api.registry.forKind('v1', 'Pod')!;
  const pod = api.get(podType, namespace, name);
  const phase = pod.status?.phase;
  const ignoresBudgets = phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || Boolean(pod.metadata.deletionTimestamp);
  const budgets = ignoresBudgets ? [] : budgetsSelecting(api, pod);
  if (budgets.length > 1) {
    throw new ApiError('InternalError', 500, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  const pdb = budgets[0];
  if (pdb) {
    const status = pdb.status ?? {};
    if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) {
      throw tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", `The disruption budget ${pdb.metadata.name} is still being processed by the server.`);
    }
    const healthyBudget = (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0;
    const unhealthyMayGo = !isPodReady(pod) && (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' || healthyBudget);
    if (!unhealthyMayGo) {
      if ((status.disruptionsAllowed ?? 0) < 0) throw new ApiError('Forbidden', 403, 'pdb disruptions allowed is negative');
      if ((status.disruptionsAllowed ?? 0) === 0) {
        throw tooManyRequests(
          "Cannot evict pod as it would violate the pod's disruption budget.",
          `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
        );
      }
      if (!opts.dryRun) {
        const next = deepClone(pdb);
        next.status = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1, disruptedPods: { ...(status.disruptedPods ?? {}), [name]: api.now() } };
        api.put(next);
      }
    }
  }
  if (!opts.dryRun && !pod.metadata.deletionTimestamp) {
    const next = deepClone(pod);
    next.status = { ...(next.status ?? {}) };
    next.status.conditions = setCondition(next.status.conditions, { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' }, api.now(), POD_CONDITION_ORDER);
    api.put(next);
  }
  api.delete(podType, namespace, name, opts);
}
