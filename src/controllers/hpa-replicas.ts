/**
 * The HorizontalPodAutoscaler's arithmetic, as kube-controller-manager has it
 * (pkg/controller/podautoscaler: replica_calculator.go, the normalisation in horizontal.go):
 * pure functions over pods, their metric samples and the controller's remembered
 * recommendations and scale events. Values are milli-units (MilliValue), as there.
 */
import type { KubeObject } from '../api/types.js';
import { parseQuantity as parseExact, milliValue } from '../printers/describe/quantity.js';
import { getCondition } from './pod-template.js';

/** --horizontal-pod-autoscaler-tolerance */
export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** --horizontal-pod-autoscaler-initial-readiness-delay */
export const INITIAL_READINESS_DELAY_MS = 30_000;
/** --horizontal-pod-autoscaler-downscale-stabilization */
export const DOWNSCALE_STABILISATION_MS = 5 * 60_000;
/** Without `behavior`: at most double, or 4, per scale-up. */
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

export interface PodMetric {
  /** Milli-units (millicores, millibytes, milli-requests per second). */
  value: number;
  timestamp: number;
  windowMs: number;
}
export type PodMetrics = Map<string, PodMetric>;

/** The quantity's MilliValue (rounded up, as resource.Quantity does). */
export function milli(q: unknown): number {
  return milliValue(parseExact(q as string));
}

const ms = (t: string | undefined): number | undefined => (t ? Date.parse(t) : undefined);

/** groupPods: which pods count, which are not ready yet, which have no sample, which are ignored. */
export function groupPods(pods: KubeObject[], metrics: PodMetrics, resource: string, nowMs: number) {
  let readyPodCount = 0;
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  for (const pod of pods) {
    const name = pod.metadata.name!;
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const cond = getCondition(pod.status, 'Ready');
      const start = ms(pod.status?.startTime);
      let notReady: boolean;
      if (!cond || start === undefined) notReady = true;
      else {
        const transition = ms(cond.lastTransitionTime) ?? 0;
        if (start + CPU_INITIALIZATION_PERIOD_MS > nowMs) {
          // Still initialising: not ready, or no whole window sampled since it turned ready.
          notReady = cond.status === 'False' || metric.timestamp < transition + metric.windowMs;
        } else {
          // Unready and never been ready.
          notReady = cond.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
        }
      }
      if (notReady) {
        unready.add(name);
        continue;
      }
    }
    readyPodCount++;
  }
  return { readyPodCount, unready, missing, ignored };
}

/** calculatePodRequests: each pod's request for the resource (one container's, or all of them). */
export function podRequests(pods: KubeObject[], container: string, resource: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always')];
    for (const c of containers) {
      if (container && container !== c.name) continue;
      const request = c.resources?.requests?.[resource];
      if (request === undefined) throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
      sum += milli(request);
    }
    out.set(pod.metadata.name!, sum);
  }
  return out;
}

/** GetResourceUtilizationRatio */
export function utilizationRatio(metrics: PodMetrics, requests: Map<string, number>, target: number) {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [name, m] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) throw new Error('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(metricsTotal / entries) };
}

/** GetMetricUsageRatio */
function usageRatio(metrics: PodMetrics, target: number) {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / target, usage };
}

function dropAll(metrics: PodMetrics, names: Set<string>): void {
  for (const n of names) metrics.delete(n);
}

function zero(metrics: PodMetrics, names: Iterable<string>, value = 0): void {
  for (const n of names) metrics.set(n, { value, timestamp: 0, windowMs: 0 });
}

/** The samples that count (ignored and unready pods' dropped), with the groups; errors when none do. */
function counted(pods: KubeObject[], sampled: PodMetrics, resource: string, nowMs: number) {
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const metrics = new Map(sampled);
  const { readyPodCount, unready, missing, ignored } = groupPods(pods, metrics, resource, nowMs);
  dropAll(metrics, ignored);
  dropAll(metrics, unready);
  if (metrics.size === 0) throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  return { metrics, readyPodCount, unready, missing };
}

/** GetResourceReplicas: a utilisation target (percent of request). */
export function resourceReplicas(
  currentReplicas: number, targetUtilization: number, resource: string, container: string, pods: KubeObject[], sampled: PodMetrics, nowMs: number,
): { replicas: number; utilization: number; rawUtilization: number } {
  const { metrics, readyPodCount, unready, missing } = counted(pods, sampled, resource, nowMs);
  const requests = podRequests(pods, container, resource);
  const first = utilizationRatio(metrics, requests, targetUtilization);
  const result = (replicas: number) => ({ replicas, utilization: first.utilization, rawUtilization: first.rawAverage });
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1 - first.ratio) <= TOLERANCE) return result(currentReplicas);
    return result(Math.ceil(first.ratio * readyPodCount));
  }
  if (missing.size > 0) {
    if (first.ratio < 1) {
      // On a scale-down, missing pods count as using their request, or the target if higher.
      const fallback = Math.max(100, targetUtilization);
      for (const n of missing) metrics.set(n, { value: Math.trunc((requests.get(n)! * fallback) / 100), timestamp: 0, windowMs: 0 });
    } else if (first.ratio > 1) {
      zero(metrics, missing);
    }
  }
  if (scaleUpWithUnready) zero(metrics, unready);
  const next = utilizationRatio(metrics, requests, targetUtilization).ratio;
  return result(rebalanced(currentReplicas, first.ratio, next, metrics.size));
}

/** The second look of both calculators, once missing and unready pods are filled in. */
function rebalanced(currentReplicas: number, ratio: number, newRatio: number, counted: number): number {
  if (Math.abs(1 - newRatio) <= TOLERANCE || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return currentReplicas;
  const replicas = Math.ceil(newRatio * counted);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) return currentReplicas;
  return replicas;
}

/** calcPlainMetricReplicas: an average value per pod (Resource averageValue, Pods metrics). */
export function plainMetricReplicas(
  currentReplicas: number, targetUsage: number, resource: string, pods: KubeObject[], sampled: PodMetrics, nowMs: number,
): { replicas: number; usage: number } {
  const { metrics, readyPodCount, unready, missing } = counted(pods, sampled, resource, nowMs);
  const first = usageRatio(metrics, targetUsage);
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1 - first.ratio) <= TOLERANCE) return { replicas: currentReplicas, usage: first.usage };
    return { replicas: Math.ceil(first.ratio * readyPodCount), usage: first.usage };
  }
  if (missing.size > 0) {
    // On a scale-down missing pods count as using exactly the target; on a scale-up, nothing.
    zero(metrics, missing, first.ratio < 1 ? targetUsage : 0);
  }
  if (scaleUpWithUnready) zero(metrics, unready);
  const next = usageRatio(metrics, targetUsage).ratio;
  return { replicas: rebalanced(currentReplicas, first.ratio, next, metrics.size), usage: first.usage };
}

/** getReadyPodsCount */
function readyPods(pods: KubeObject[]): number {
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  return pods.filter((p) => p.status?.phase === 'Running' && getCondition(p.status, 'Ready')?.status === 'True').length;
}

/** GetObjectMetricReplicas (target value) through getUsageRatioReplicaCount. */
export function objectReplicas(currentReplicas: number, usage: number, targetUsage: number, pods: KubeObject[]): number {
  const ratio = usage / targetUsage;
  if (currentReplicas === 0) return Math.ceil(ratio);
  if (Math.abs(1 - ratio) <= TOLERANCE) return currentReplicas;
  let ready: number;
  try {
    ready = readyPods(pods);
  } catch (e) {
    throw new Error(`unable to calculate ready pods: ${(e as Error).message}`);
  }
  return Math.ceil(ratio * ready);
}

/** GetObjectPerPodMetricReplicas (target averageValue): the object's value over the target replicas. */
export function objectPerPodReplicas(statusReplicas: number, usage: number, targetAverage: number): { replicas: number; usage: number } {
  let replicas = statusReplicas;
  const ratio = usage / (targetAverage * replicas);
  if (Math.abs(1 - ratio) > TOLERANCE) replicas = Math.ceil(usage / targetAverage);
  return { replicas, usage: Math.ceil(usage / statusReplicas) };
}

// ---- Normalisation: stabilisation windows, behavior policies, min/max ----

/** What the controller remembers per HPA between syncs (in kube-controller-manager, in memory). */
export interface Memory {
  /** [time, unstabilised recommendation] */
  recommendations: Array<[number, number]>;
  /** [time, replicas added] / [time, replicas removed] */
  scaleUp: Array<[number, number]>;
  scaleDown: Array<[number, number]>;
}

export interface Verdict {
  replicas: number;
  /** The AbleToScale condition (status True) the normalisation sets. */
  able: { reason: string; message: string };
  limited: { status: 'True' | 'False'; reason: string; message: string };
}

interface Rules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: Array<{ type: 'Pods' | 'Percent'; value: number; periodSeconds: number }>;
}

const READY_FOR_NEW_SCALE = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const DOWN_STABILISED = { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
const UP_STABILISED = { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' };
const WITHIN_RANGE = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
const TOO_FEW = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
const TOO_MANY = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
const UP_LIMIT = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
const DOWN_LIMIT = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' };

/** Records a recommendation, replacing one older than every cutoff if there is one. */
function remember(list: Array<[number, number]>, old: number, value: number, nowMs: number): void {
  if (old >= 0) list[old] = [nowMs, value];
  else list.push([nowMs, value]);
}

/** The normalisation without `behavior`: the 5-minute scale-down window, then min/max and the scale-up limit. */
export function normalizeDesiredReplicas(mem: Memory, current: number, desired: number, min: number, max: number, nowMs: number): Verdict {
  let stabilised = desired;
  let old = -1;
  const cutoff = nowMs - DOWNSCALE_STABILISATION_MS;
  mem.recommendations.forEach(([at, rec], i) => {
    if (at < cutoff) old = i;
    else if (rec > stabilised) stabilised = rec;
  });
  remember(mem.recommendations, old, desired, nowMs);
  const able = stabilised !== desired ? DOWN_STABILISED : READY_FOR_NEW_SCALE;
  const upLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
  let maxAllowed = max;
  let limit = TOO_MANY;
  if (max > upLimit) {
    maxAllowed = upLimit;
    limit = UP_LIMIT;
  }
  let replicas = stabilised;
  let why = WITHIN_RANGE;
  if (stabilised < min) {
    replicas = min;
    why = TOO_FEW;
  } else if (stabilised > maxAllowed) {
    replicas = maxAllowed;
    why = limit;
  }
  return { replicas, able, limited: { status: replicas === stabilised ? 'False' : 'True', ...why } };
}

/** Replicas changed by the scale events within the last `periodSeconds`. */
function changedInPeriod(events: Array<[number, number]>, periodSeconds: number, nowMs: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  return events.reduce((n, [at, change]) => (at > cutoff ? n + change : n), 0);
}

/** calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors */
export function scaleLimit(up: boolean, current: number, mem: Memory, rules: Rules, nowMs: number): number {
  const select = rules.selectPolicy ?? 'Max';
  if (select === 'Disabled') return current;
  // Scaling up, the Max policy allows the largest count; scaling down, the smallest.
  const pickLargest = (select === 'Min') !== up;
  let result = pickLargest ? -Infinity : Infinity;
  for (const p of rules.policies ?? []) {
    const start = current - changedInPeriod(mem.scaleUp, p.periodSeconds, nowMs) + changedInPeriod(mem.scaleDown, p.periodSeconds, nowMs);
    let proposed: number;
    if (up) proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    else proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pickLargest ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** normalizeDesiredReplicasWithBehaviors: stabilisation windows both ways, then the policies' rate limits. */
export function normalizeWithBehaviors(
  mem: Memory, behavior: { scaleUp: Rules; scaleDown: Rules }, current: number, desired: number, min: number, max: number, nowMs: number,
): Verdict {
  const upCutoff = nowMs - (behavior.scaleUp.stabilizationWindowSeconds ?? 0) * 1000;
  const downCutoff = nowMs - (behavior.scaleDown.stabilizationWindowSeconds ?? DOWNSCALE_STABILISATION_MS / 1000) * 1000;
  let upRec = desired;
  let downRec = desired;
  let old = -1;
  mem.recommendations.forEach(([at, rec], i) => {
    if (at > upCutoff) upRec = Math.min(rec, upRec);
    if (at > downCutoff) downRec = Math.max(rec, downRec);
    if (at < upCutoff && at < downCutoff) old = i;
  });
  let stabilised = current;
  if (stabilised < upRec) stabilised = upRec;
  if (stabilised > downRec) stabilised = downRec;
  remember(mem.recommendations, old, desired, nowMs);
  const able = stabilised === desired ? READY_FOR_NEW_SCALE : desired >= current ? UP_STABILISED : DOWN_STABILISED;

  let replicas = stabilised;
  let why = WITHIN_RANGE;
  if (stabilised > current) {
    const limit = Math.max(scaleLimit(true, current, mem, behavior.scaleUp, nowMs), current);
    const [maxAllowed, reason] = max > limit ? [limit, UP_LIMIT] : [max, TOO_MANY];
    if (stabilised > maxAllowed) [replicas, why] = [maxAllowed, reason];
  } else if (stabilised < current) {
    const limit = Math.min(scaleLimit(false, current, mem, behavior.scaleDown, nowMs), current);
    const [minAllowed, reason] = min < limit ? [limit, DOWN_LIMIT] : [min, TOO_FEW];
    if (stabilised < minAllowed) [replicas, why] = [minAllowed, reason];
  }
  return { replicas, able, limited: { status: replicas === stabilised ? 'False' : 'True', ...why } };
}

/** storeScaleEvent: kept only with `behavior`, and only as long as its longest policy period. */
export function storeScaleEvent(mem: Memory, behavior: { scaleUp: Rules; scaleDown: Rules } | undefined, before: number, after: number, nowMs: number): void {
  if (!behavior || before === after) return;
  const up = after > before;
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  const longest = Math.max(0, ...(rules.policies ?? []).map((p) => p.periodSeconds));
  const list = up ? mem.scaleUp : mem.scaleDown;
  const kept = list.filter(([at]) => at > nowMs - longest * 1000);
  kept.push([nowMs, Math.abs(after - before)]);
  if (up) mem.scaleUp = kept;
  else mem.scaleDown = kept;
}
