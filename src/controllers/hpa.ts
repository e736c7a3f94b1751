/**
 * HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go), work-queue
 * shaped: its queue holds HPA keys, each due 15 s after it was last processed (the first time
 * 15 s after the HPA was created: the controller adds every key with the resync delay, even on
 * create and update), as kube-controller-manager's --horizontal-pod-autoscaler-sync-period. A
 * due key is reconciled from its whole current state: the target's scale, the pods its selector
 * matches and their metrics at that moment (src/sim/metrics.ts, what metrics-server and a
 * custom metrics adapter would serve). What the real controller keeps in memory between syncs
 * (recommendations for the stabilisation windows, recent scale events for the policies, when
 * the key was last processed) is kept in the internal collection HPA_MEMORY.
 */
import { fromLabelSelector, mapSelectorMatches, matches } from '../api/labels.js';
import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { objectKey, type KubeObject } from '../api/types.js';
import { hpaToV2 } from '../api/hpa-versions.js';
import { canonical } from '../printers/describe/quantity.js';
import { podMetrics, usageOf } from '../api/metrics-api.js';
import { servedInWindow, USAGE_WINDOW_MS, type Usage } from '../sim/metrics.js';
import type { Transaction } from '../store/types.js';
import {
  milli, normalizeDesiredReplicas, normalizeWithBehaviors, objectPerPodReplicas, objectReplicas, plainMetricReplicas, resourceReplicas,
  storeScaleEvent, type Memory, type PodMetrics, type Verdict,
} from './hpa-replicas.js';
import { podType, type Condition } from './pod-template.js';
import type { Controller } from './types.js';

/** --horizontal-pod-autoscaler-sync-period */
export const SYNC_PERIOD_MS = 15_000;
/** Internal collection: what the controller remembers per HPA key (`namespace/name`). */
export const HPA_MEMORY = 'sim/hpa';
const COMPONENT = { component: 'horizontal-pod-autoscaler' };
/** The custom metric the simulation serves for pods and objects: requests served per second. */
export const REQUESTS_METRICS = new Set(['requests-per-second', 'requests_per_second', 'http_requests_per_second']);

interface Remembered extends Memory {
  uid: string;
  lastSyncMs: number;
}

const hpaTypeOf = (api: ApiServer): ResourceType => api.registry.forKind('autoscaling/v2', 'HorizontalPodAutoscaler')!;

export const hpaController: Controller = {
  name: 'horizontal-pod-autoscaler',
  reconcile(api: ApiServer): number | void {
    const type = hpaTypeOf(api);
    const hpas = api.list(type);
    const memory = api.store.list(HPA_MEMORY) as Array<[string, Remembered]>;
    if (hpas.length === 0 && memory.length === 0) return;
    const nowMs = api.clock.now().getTime();
    const remembered = new Map(memory);
    // The work queue: every key whose sync period has come round.
    const queue: string[] = [];
    let wake: number | undefined;
    for (const hpa of hpas) {
      const key = objectKey(hpa.metadata.namespace, hpa.metadata.name!);
      const mem = remembered.get(key);
      const due = mem && mem.uid === hpa.metadata.uid ? mem.lastSyncMs + SYNC_PERIOD_MS : Date.parse(hpa.metadata.creationTimestamp ?? '') + SYNC_PERIOD_MS;
      if (!(due > nowMs)) queue.push(key);
      else wake = wake === undefined ? due : Math.min(wake, due);
      remembered.delete(key);
    }
    // Keys whose HPA is gone: forget them, as the controller does on deletion.
    for (const key of remembered.keys()) (api.store as Transaction).delete(HPA_MEMORY, key);
    for (const key of queue) {
      syncKey(api, type, key, nowMs);
      const next = nowMs + SYNC_PERIOD_MS;
      wake = wake === undefined ? next : Math.min(wake, next);
    }
    return wake;
  },
};

/** reconcileKey: one HPA from its whole current state. */
function syncKey(api: ApiServer, type: ResourceType, key: string, nowMs: number): void {
  const [ns, name] = key.split('/') as [string, string];
  const stored = api.tryGet(type, ns, name);
  if (!stored) return;
  const prev = api.store.get(HPA_MEMORY, key) as Remembered | undefined;
  const mem: Remembered = prev && prev.uid === stored.metadata.uid
    ? { ...prev, recommendations: [...prev.recommendations], scaleUp: [...prev.scaleUp], scaleDown: [...prev.scaleDown], lastSyncMs: nowMs }
    : { uid: stored.metadata.uid!, lastSyncMs: nowMs, recommendations: [], scaleUp: [], scaleDown: [] };
  const hpa = hpaToV2(stored);
  const status = reconcileAutoscaler(api, hpa, mem, nowMs);
  (api.store as Transaction).put(HPA_MEMORY, key, mem);
  const next = { ...hpa, status };
  if (stored.apiVersion !== 'autoscaling/v2' || JSON.stringify(stored.status) !== JSON.stringify(status)) api.put(next);
}

// ---- the target's scale subresource ----

interface Scale {
  type: ResourceType;
  object: KubeObject;
  specReplicas: number;
  statusReplicas: number;
  /** The pods the scale's status.selector selects; undefined without a selector. */
  selects: ((pod: KubeObject) => boolean) | undefined;
}

const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);

function getScale(api: ApiServer, namespace: string, ref: { apiVersion?: string; kind?: string; name?: string }): Scale {
  const gv = ref.apiVersion ?? '';
  const group = gv.includes('/') ? gv.slice(0, gv.indexOf('/')) : '';
  const type = api.registry.types.find((t) => t.group === group && t.kind === ref.kind);
  if (!type) throw new Error(`unable to determine resource for scale target reference: no matches for kind "${ref.kind}" in group "${group}"`);
  if (!SCALABLE.has(`${type.group}/${type.kind}`)) throw new Error('the server could not find the requested resource');
  const object = api.tryGet(type, namespace, ref.name ?? '');
  if (!object) throw new Error(`${type.group ? `${type.plural}.${type.group}` : type.plural} "${ref.name}" not found`);
  let selects: Scale['selects'];
  if (type.kind === 'ReplicationController') {
    const sel = object.spec?.selector ?? object.spec?.template?.metadata?.labels;
    if (sel && Object.keys(sel).length) selects = (p) => mapSelectorMatches(sel, p.metadata.labels);
  } else {
    const sel = fromLabelSelector(object.spec?.selector);
    if (sel && sel.length) selects = (p) => matches(sel, p.metadata.labels);
  }
  return { type, object, specReplicas: object.spec?.replicas ?? 1, statusReplicas: object.status?.replicas ?? 0, selects };
}

// ---- conditions ----

function setCondition(conditions: Condition[], type: string, status: 'True' | 'False', reason: string, message: string, now: string): void {
  let c = conditions.find((x) => x.type === type);
  if (!c) {
    c = { type, status: '' };
    conditions.push(c);
  }
  if (c.status !== status) c.lastTransitionTime = now;
  c.status = status;
  c.reason = reason;
  c.message = message;
}

// ---- metrics ----

/** What the metrics APIs give the controller for one pod: undefined when they have no sample. */
type Sampler = (pod: KubeObject) => number | undefined;

function resourceSampler(api: ApiServer, resource: string, container: string, nowMs: number): Sampler {
  return (pod) => {
    // The PodMetrics object metrics-server would serve (src/api/metrics-api.ts), as the real controller reads it.
    const usage: Array<{ name: string; usage: Usage }> = (podMetrics(api, pod)?.containers ?? []).map((c: any) => ({ name: c.name as string, usage: usageOf(c.usage) }));
    if (usage.length === 0) return undefined;
    const picked = container ? usage.filter((c: { name: string }) => c.name === container) : usage;
    if (picked.length === 0) return undefined;
    if (resource === 'cpu') return picked.reduce((n, c) => n + Math.ceil(c.usage.cpu / 1e6), 0);
    if (resource === 'memory') return picked.reduce((n, c) => n + c.usage.memory * 1000, 0);
    return undefined;
  };
}

/** requests-per-second of one pod, in milli-requests per second. */
function requestsSampler(api: ApiServer, nowMs: number): Sampler {
  return (pod) => {
    if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
    const served = Object.values(servedInWindow(api.store, pod, nowMs)).reduce((a, b) => a + b, 0);
    return Math.round((served * 1000 * 1000) / USAGE_WINDOW_MS);
  };
}

function sample(pods: KubeObject[], sampler: Sampler, nowMs: number): PodMetrics {
  const out: PodMetrics = new Map();
  for (const pod of pods) {
    const v = sampler(pod);
    if (v !== undefined) out.set(pod.metadata.name!, { value: v, timestamp: nowMs, windowMs: USAGE_WINDOW_MS });
  }
  return out;
}

const milliQuantity = (v: number): string => canonical(`${Math.round(v)}m`);

/** The pods behind an object the custom metrics adapter knows (for Object metrics). */
function podsBehind(api: ApiServer, ns: string, ref: { kind?: string; name?: string; apiVersion?: string }): KubeObject[] {
  const pods = api.list(podType(api), ns);
  const find = (apiVersion: string, kind: string, name: string) => {
    const t = api.registry.forKind(apiVersion, kind);
    return t ? api.tryGet(t, ns, name) : undefined;
  };
  const notFound = (what: string) => new Error(`the server could not find the requested resource (get ${what} ${ref.name})`);
  const selected = (sel: Record<string, string> | undefined) => (sel && Object.keys(sel).length ? pods.filter((p) => mapSelectorMatches(sel, p.metadata.labels)) : []);
  switch (ref.kind) {
    case 'Pod': {
      const pod = pods.find((p) => p.metadata.name === ref.name);
      if (!pod) throw notFound('pods');
      return [pod];
    }
    case 'Service': {
      const svc = find('v1', 'Service', ref.name ?? '');
      if (!svc) throw notFound('services');
      return selected(svc.spec?.selector);
    }
    case 'Ingress': {
      const ing = find('networking.k8s.io/v1', 'Ingress', ref.name ?? '');
      if (!ing) throw notFound('ingresses.networking.k8s.io');
      const names = new Set<string>();
      const add = (b: any) => b?.service?.name && names.add(b.service.name);
      add(ing.spec?.defaultBackend);
      for (const r of ing.spec?.rules ?? []) for (const p of r.http?.paths ?? []) add(p.backend);
      return [...names].flatMap((n) => selected(find('v1', 'Service', n)?.spec?.selector));
    }
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet': {
      const owner = find('apps/v1', ref.kind, ref.name ?? '');
      if (!owner) throw notFound(`${ref.kind.toLowerCase()}s.apps`);
      const sel = fromLabelSelector(owner.spec?.selector);
      return sel && sel.length ? pods.filter((p) => matches(sel, p.metadata.labels)) : [];
    }
    default:
      throw new Error(`the server could not find the metric ${JSON.stringify(ref.name)} for ${String(ref.kind).toLowerCase()}s`);
  }
}

interface Proposal {
  replicas: number;
  name: string;
  status: Record<string, unknown>;
}

class MetricError extends Error {
  constructor(readonly reason: string, readonly inner: string, wrapped: string) {
    super(wrapped);
  }
}

/** computeReplicasForMetric: one metric's replica proposal and status, or a MetricError. */
function computeForMetric(api: ApiServer, hpa: KubeObject, spec: any, scale: Scale, pods: KubeObject[], nowMs: number): Proposal {
  const ns = hpa.metadata.namespace!;
  switch (spec?.type) {
    case 'Resource':
    case 'ContainerResource': {
      const isContainer = spec.type === 'ContainerResource';
      const src = (isContainer ? spec.containerResource : spec.resource) ?? {};
      const resource: string = src.name ?? '';
      const container: string = isContainer ? (src.container ?? '') : '';
      const reason = isContainer ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
      const wrap = (inner: string) => new MetricError(reason, inner, isContainer ? `failed to get ${resource} container metric value: ${inner}` : `failed to get ${resource} resource metric value: ${inner}`);
      const what = isContainer ? `${resource} container resource` : `${resource} resource`;
      const key = isContainer ? 'containerResource' : 'resource';
      const statusOf = (current: Record<string, unknown>) => ({ type: spec.type, [key]: { name: resource, ...(isContainer ? { container } : {}), current } });
      const metrics = () => {
        const m = sample(pods, resourceSampler(api, resource, container, nowMs), nowMs);
        if (m.size === 0) throw new Error(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
        return m;
      };
      if (src.target?.averageValue !== undefined) {
        try {
          const r = plainMetricReplicas(scale.specReplicas, milli(src.target.averageValue), resource, pods, metrics(), nowMs);
          return { replicas: r.replicas, name: what, status: statusOf({ averageValue: milliQuantity(r.usage) }) };
        } catch (e) {
          throw wrap(`failed to get ${resource} usage: ${(e as Error).message}`);
        }
      }
      if (src.target?.averageUtilization === undefined) {
        throw wrap('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
      }
      try {
        const r = resourceReplicas(scale.specReplicas, src.target.averageUtilization, resource, container, pods, metrics(), nowMs);
        return {
          replicas: r.replicas,
          name: `${what} utilization (percentage of request)`,
          status: statusOf({ averageUtilization: r.utilization, averageValue: milliQuantity(r.rawUtilization) }),
        };
      } catch (e) {
        throw wrap(`failed to get ${resource} utilization: ${(e as Error).message}`);
      }
    }
    case 'Pods': {
      const metricName: string = spec.pods?.metric?.name ?? '';
      try {
        if (!REQUESTS_METRICS.has(metricName)) {
          throw new Error(`unable to get metric ${metricName}: unable to fetch metrics from custom metrics API: the server could not find the metric ${metricName} for pods`);
        }
        const m = sample(pods, requestsSampler(api, nowMs), nowMs);
        if (m.size === 0) throw new Error(`unable to get metric ${metricName}: no metrics returned from custom metrics API`);
        const r = plainMetricReplicas(scale.specReplicas, milli(spec.pods?.target?.averageValue), '', pods, m, nowMs);
        return {
          replicas: r.replicas,
          name: `pods metric ${metricName}`,
          status: { type: 'Pods', pods: { metric: spec.pods.metric, current: { averageValue: milliQuantity(r.usage) } } },
        };
      } catch (e) {
        const inner = (e as Error).message;
        throw new MetricError('FailedGetPodsMetric', inner, `failed to get pods metric value: ${inner}`);
      }
    }
    case 'Object': {
      const o = spec.object ?? {};
      const metricName: string = o.metric?.name ?? '';
      const ref = o.describedObject ?? {};
      try {
        let usage: number;
        try {
          if (!REQUESTS_METRICS.has(metricName)) throw new Error(`unable to fetch metrics from custom metrics API: the server could not find the metric ${metricName} for ${String(ref.kind).toLowerCase()}s ${ref.name}`);
          const sampler = requestsSampler(api, nowMs);
          usage = podsBehind(api, ns, ref).reduce((n, p) => n + (sampler(p) ?? 0), 0);
        } catch (e) {
          // The controller's own wording (its arguments in this order).
          throw new Error(`unable to get metric ${metricName}: ${ref.kind} on ${ns} ${ref.name}/${(e as Error).message}`);
        }
        const current: Record<string, unknown> = {};
        let replicas: number;
        if (o.target?.type === 'AverageValue' || (o.target?.averageValue !== undefined && o.target?.value === undefined)) {
          const r = objectPerPodReplicas(scale.statusReplicas, usage, milli(o.target.averageValue));
          replicas = r.replicas;
          current.averageValue = milliQuantity(r.usage);
        } else if (o.target?.value !== undefined) {
          replicas = objectReplicas(scale.specReplicas, usage, milli(o.target.value), pods);
          current.value = milliQuantity(usage);
        } else {
          throw new Error('invalid object metric source: neither a value target nor an average value target was set');
        }
        return { replicas, name: `${ref.kind} metric ${metricName}`, status: { type: 'Object', object: { describedObject: ref, metric: o.metric, current } } };
      } catch (e) {
        const inner = (e as Error).message;
        throw new MetricError('FailedGetObjectMetric', inner, `failed to get object metric value: ${inner}`);
      }
    }
    case 'External': {
      const metricName: string = spec.external?.metric?.name ?? '';
      const inner = `unable to get external metric ${ns}/${metricName}/nil: unable to fetch metrics from external metrics API: the server could not find the requested resource (get ${metricName}.external.metrics.k8s.io)`;
      throw new MetricError('FailedGetExternalMetric', inner, `failed to get ${metricName} external metric value: ${inner}`);
    }
    default: {
      const inner = `unknown metric source type ${JSON.stringify(spec?.type ?? '')}`;
      throw new MetricError('InvalidMetricSourceType', inner, inner);
    }
  }
}

/** reconcileAutoscaler: returns the new status; may scale the target and record events. */
function reconcileAutoscaler(api: ApiServer, hpa: KubeObject, mem: Remembered, nowMs: number): Record<string, unknown> {
  const now = api.now();
  const old = hpa.status ?? {};
  const conditions: Condition[] = (old.conditions ?? []).map((c: Condition) => ({ ...c }));
  const warn = (reason: string, message: string) => api.recordEvent(hpa, 'Warning', reason, message, COMPONENT);
  const statusWith = (current: number, desired: number, metrics: unknown[] | undefined, rescaled: boolean): Record<string, unknown> => {
    const s: Record<string, unknown> = {};
    if (current) s.currentReplicas = current;
    s.desiredReplicas = desired;
    const last = rescaled ? now : old.lastScaleTime;
    if (last) s.lastScaleTime = last;
    if (metrics?.length) s.currentMetrics = metrics;
    if (conditions.length) s.conditions = conditions;
    return s;
  };
  const spec = hpa.spec ?? {};
  let scale: Scale;
  try {
    scale = getScale(api, hpa.metadata.namespace!, spec.scaleTargetRef ?? {});
  } catch (e) {
    const msg = (e as Error).message;
    warn('FailedGetScale', msg);
    setCondition(conditions, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${msg}`, now);
    return { ...old, ...(conditions.length ? { conditions } : {}) };
  }
  setCondition(conditions, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale", now);
  const current = scale.specReplicas;
  if (mem.recommendations.length === 0) mem.recommendations.push([nowMs, current]);
  const min: number = spec.minReplicas ?? 1;
  const max: number = spec.maxReplicas ?? 0;
  let desired = 0;
  let reason = '';
  let rescale = true;
  let metricStatuses: unknown[] | undefined;
  if (current === 0 && min !== 0) {
    rescale = false;
    setCondition(conditions, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', now);
  } else if (current > max) {
    reason = 'Current number of replicas above Spec.MaxReplicas';
    desired = max;
  } else if (current < min) {
    reason = 'Current number of replicas below Spec.MinReplicas';
    desired = min;
  } else {
    const computed = computeReplicasForMetrics(api, hpa, scale, conditions, now, nowMs);
    metricStatuses = computed.statuses;
    if (computed.replicas === -1) {
      warn('FailedComputeMetricsReplicas', computed.error!);
      return statusWith(current, old.desiredReplicas ?? 0, metricStatuses, false);
    }
    desired = computed.replicas;
    if (desired > current) reason = `${computed.metric} above target`;
    if (desired < current) reason = 'All metrics below target';
    const behavior = spec.behavior;
    let verdict: Verdict;
    if (behavior) {
      verdict = normalizeWithBehaviors(mem, { scaleUp: behavior.scaleUp ?? {}, scaleDown: behavior.scaleDown ?? {} }, current, desired, min, max, nowMs);
    } else {
      verdict = normalizeDesiredReplicas(mem, current, desired, min, max, nowMs);
    }
    setCondition(conditions, 'AbleToScale', 'True', verdict.able.reason, verdict.able.message, now);
    setCondition(conditions, 'ScalingLimited', verdict.limited.status, verdict.limited.reason, verdict.limited.message, now);
    desired = verdict.replicas;
    rescale = desired !== current;
  }
  if (rescale) {
    const copy = structuredClone(scale.object);
    copy.spec = { ...(copy.spec ?? {}), replicas: desired };
    try {
      api.update(copy);
    } catch (e) {
      const msg = (e as Error).message;
      warn('FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${msg}`);
      setCondition(conditions, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${msg}`, now);
      return statusWith(current, old.desiredReplicas ?? 0, metricStatuses, false);
    }
    setCondition(conditions, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`, now);
    api.recordEvent(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, COMPONENT);
    storeScaleEvent(mem, spec.behavior ? { scaleUp: spec.behavior.scaleUp ?? {}, scaleDown: spec.behavior.scaleDown ?? {} } : undefined, current, desired, nowMs);
  } else {
    desired = current;
  }
  return statusWith(current, desired, metricStatuses, rescale);
}

/** computeReplicasForMetrics: the largest proposal of the valid metrics; -1 when it must not scale. */
function computeReplicasForMetrics(api: ApiServer, hpa: KubeObject, scale: Scale, conditions: Condition[], now: string, nowMs: number) {
  const specs: any[] = hpa.spec?.metrics ?? [];
  if (!scale.selects) {
    api.recordEvent(hpa, 'Warning', 'SelectorRequired', 'selector is required', COMPONENT);
    setCondition(conditions, 'ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector", now);
    return { replicas: -1, metric: '', statuses: undefined, error: 'selector is required' };
  }
  const pods = api.list(podType(api), hpa.metadata.namespace).filter(scale.selects);
  const statuses: unknown[] = [];
  let replicas = 0;
  let metric = '';
  let invalid = 0;
  let first: MetricError | undefined;
  for (const spec of specs) {
    try {
      const p = computeForMetric(api, hpa, spec, scale, pods, nowMs);
      statuses.push(p.status);
      if (replicas === 0 || p.replicas > replicas) {
        replicas = p.replicas;
        metric = p.name;
      }
    } catch (e) {
      if (!(e instanceof MetricError)) throw e;
      // The event and the condition carry the inner error; the summary the wrapped one.
      api.recordEvent(hpa, 'Warning', e.reason, e.inner, COMPONENT);
      statuses.push({ type: '' });
      if (!first) first = e;
      invalid++;
    }
  }
  const error = first ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first.message}` : undefined;
  if (invalid >= specs.length || (invalid > 0 && replicas < scale.specReplicas)) {
    setCondition(conditions, 'ScalingActive', 'False', first!.reason, `the HPA was unable to compute the replica count: ${first!.inner}`, now);
    return { replicas: -1, metric: '', statuses, error };
  }
  setCondition(conditions, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`, now);
  return { replicas, metric, statuses, error };
}
