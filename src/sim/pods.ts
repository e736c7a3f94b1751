/** Small facts about pods that several simulated components need. */
import type { KubeObject } from '../api/types.js';
import { parseResources } from './quantity.js';

/** The order in which the kubelet reports pod conditions (and describe prints them). */
export const POD_CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled', 'DisruptionTarget'];

/** The exit code of a container the kubelet killed (SIGKILL): after a failed probe, or when a deleted pod's grace period ran out. */
export const KILLED_EXIT_CODE = 137;

export function isTerminal(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The pod's effective requests: max(sum of containers, any init container), requests defaulting to limits. */
export function podRequests(pod: KubeObject): Record<string, number> {
  const total: Record<string, number> = {};
  const requestsOf = (c: any) => ({ ...parseResources(c.resources?.limits), ...parseResources(c.resources?.requests) });
  for (const c of pod.spec?.containers ?? []) {
    for (const [k, v] of Object.entries(requestsOf(c))) total[k] = (total[k] ?? 0) + v;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, v] of Object.entries(requestsOf(c))) total[k] = Math.max(total[k] ?? 0, v);
  }
  for (const [k, v] of Object.entries(parseResources(pod.spec?.overhead))) total[k] = (total[k] ?? 0) + v;
  return total;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime?: null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/**
 * Sets a condition, keeping lastTransitionTime when the status did not change.
 * Returns the new list (in `order` when given, else appended).
 */
export function setCondition(conditions: PodCondition[] | undefined, next: Omit<PodCondition, 'lastTransitionTime' | 'lastProbeTime'>, now: string, order?: string[]): PodCondition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const old = i >= 0 ? list[i] : undefined;
  const cond: PodCondition = { lastProbeTime: null, lastTransitionTime: old && old.status === next.status ? old.lastTransitionTime : now, ...next };
  if (!cond.reason) delete cond.reason;
  if (!cond.message) delete cond.message;
  const ordered: PodCondition = { type: cond.type, status: cond.status, lastProbeTime: null, lastTransitionTime: cond.lastTransitionTime };
  if (cond.reason) ordered.reason = cond.reason;
  if (cond.message) ordered.message = cond.message;
  if (i >= 0) list[i] = ordered;
  else list.push(ordered);
  if (order) list.sort((a, b) => rank(order, a.type) - rank(order, b.type));
  return list;
}

function rank(order: string[], type: string): number {
  const i = order.indexOf(type);
  return i < 0 ? order.length : i;
}

export function getCondition(obj: KubeObject, type: string): PodCondition | undefined {
  return (obj.status?.conditions as PodCondition[] | undefined)?.find((c) => c.type === type);
}

/** `ns/name` of a pod, as kubelet messages print it (`web_default` is kubelet's own form). */
export function podRef(pod: KubeObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** A node's readiness as the node lifecycle controller last wrote it. */
export function nodeReady(node: KubeObject): boolean {
  return getCondition(node, 'Ready')?.status === 'True';
}
