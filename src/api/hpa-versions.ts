/**
 * HorizontalPodAutoscaler at autoscaling/v1 and autoscaling/v2, converted as the API server
 * converts them. v2 is the storage (and preferred) version: a v1 object is stored as v2, and a
 * v2 object served at v1 keeps what v1 cannot say in the `autoscaling.alpha.kubernetes.io/*`
 * annotations, so that the round trip loses nothing.
 */
import { eventAt, eventToCore } from './event-versions.js';
import type { Registry, ResourceType } from './registry.js';
import type { KubeObject } from './types.js';

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';
/** What SetDefaults_HorizontalPodAutoscaler gives a v2 HPA without metrics. */
const DEFAULT_CPU_UTILIZATION = 80;

const cpuTarget = (utilization: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } } });

function parsed(annotations: Record<string, string>, key: string): any {
  const text = annotations[key];
  delete annotations[key];
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The HPA as autoscaling/v2 (unchanged when it already is). */
export function hpaToV2(hpa: KubeObject): KubeObject {
  if (hpa.apiVersion !== 'autoscaling/v1') return hpa;
  const { targetCPUUtilizationPercentage: target, ...spec } = hpa.spec ?? {};
  const { currentCPUUtilizationPercentage: current, ...status } = hpa.status ?? {};
  const annotations: Record<string, string> = { ...(hpa.metadata.annotations ?? {}) };
  const others = parsed(annotations, METRICS);
  const conditions = parsed(annotations, CONDITIONS);
  const currentOthers = parsed(annotations, CURRENT_METRICS);
  const behavior = parsed(annotations, BEHAVIOR);
  const metrics = [...(target !== undefined && target !== null ? [cpuTarget(target)] : []), ...(Array.isArray(others) ? others : [])];
  const currentMetrics = [
    ...(current !== undefined && current !== null ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] : []),
    ...(Array.isArray(currentOthers) ? currentOthers : []),
  ];
  const metadata = { ...hpa.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  return {
    ...hpa,
    apiVersion: 'autoscaling/v2',
    metadata,
    spec: { ...spec, metrics: metrics.length ? metrics : [cpuTarget(DEFAULT_CPU_UTILIZATION)], ...(behavior ? { behavior } : {}) },
    ...(hpa.status !== undefined
      ? { status: { ...status, ...(currentMetrics.length ? { currentMetrics } : {}), ...(Array.isArray(conditions) ? { conditions } : {}) } }
      : {}),
  };
}

/** The HPA as autoscaling/v1: the first CPU utilisation target is the v1 field, the rest annotations. */
export function hpaToV1(hpa: KubeObject): KubeObject {
  if (hpa.apiVersion !== 'autoscaling/v2') return hpa;
  const { metrics = [], behavior, ...spec } = hpa.spec ?? {};
  const { currentMetrics = [], conditions, ...status } = hpa.status ?? {};
  const isCpu = (m: any) => m?.type === 'Resource' && m.resource?.name === 'cpu';
  const cpu = (metrics as any[]).find((m) => isCpu(m) && m.resource?.target?.type === 'Utilization');
  const others = (metrics as any[]).filter((m) => m !== cpu);
  const currentCpu = (currentMetrics as any[]).find((m) => isCpu(m) && m.resource?.current?.averageUtilization !== undefined);
  const currentOthers = (currentMetrics as any[]).filter((m) => m !== currentCpu);
  const annotations: Record<string, string> = { ...(hpa.metadata.annotations ?? {}) };
  if (others.length) annotations[METRICS] = JSON.stringify(others);
  if (behavior) annotations[BEHAVIOR] = JSON.stringify(behavior);
  if (conditions?.length) annotations[CONDITIONS] = JSON.stringify(conditions);
  if (currentOthers.length) annotations[CURRENT_METRICS] = JSON.stringify(currentOthers);
  const metadata = { ...hpa.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  return {
    ...hpa,
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { ...spec, ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}) },
    ...(hpa.status !== undefined
      ? { status: { ...status, ...(currentCpu ? { currentCPUUtilizationPercentage: currentCpu.resource.current.averageUtilization } : {}) } }
      : {}),
  };
}

/** An object as the server would serve it at `apiVersion` (HPAs and Events have two versions here). */
export function servedAt(obj: KubeObject, apiVersion: string): KubeObject {
  if (obj.apiVersion === apiVersion || !apiVersion) return obj;
  if (obj.kind === 'Event') return eventAt(obj, apiVersion);
  if (obj.kind !== 'HorizontalPodAutoscaler') {
    // Another version of the same group (a custom resource's, conversion None): only apiVersion differs.
    const group = (v: string) => (v.includes('/') ? v.slice(0, v.indexOf('/')) : '');
    return group(obj.apiVersion) === group(apiVersion) ? { ...obj, apiVersion } : obj;
  }
  return apiVersion === 'autoscaling/v1' ? hpaToV1(obj) : hpaToV2(obj);
}

/**
 * Converts, in place, an object written at a version other than its storage version (a v1 HPA,
 * an events.k8s.io Event) to the stored form. True when the converted object is to be defaulted
 * again (an HPA; an Event keeps the nulls the conversion gives it, `firstTimestamp: null`, as the
 * API server's core view shows them).
 */
export function toStorageVersion(obj: KubeObject): boolean {
  const isOldHpa = obj.kind === 'HorizontalPodAutoscaler' && obj.apiVersion === 'autoscaling/v1';
  const isNewEvent = obj.kind === 'Event' && obj.apiVersion !== 'v1';
  if (!isOldHpa && !isNewEvent) return false;
  const v2 = isOldHpa ? hpaToV2(obj) : eventToCore(obj);
  // The same metadata object: the caller goes on filling it in (uid, creationTimestamp).
  const meta = obj.metadata;
  const converted = { ...v2.metadata };
  for (const k of Object.keys(meta)) delete meta[k];
  Object.assign(meta, converted);
  for (const k of Object.keys(obj)) delete obj[k];
  Object.assign(obj, v2, { metadata: meta });
  return isOldHpa;
}

/**
 * The apiVersion a type argument asks for: `horizontalpodautoscalers.v1.autoscaling` names v1,
 * `widgets.v1beta1.example.com` v1beta1; `hpa.v1.autoscaling` none (kubectl's shortcut expander drops a
 * short name's version); without a version (or for a type the argument does not resolve to alone), the
 * preferred one.
 */
export function requestedApiVersion(registry: Registry, typeArg: string, t: ResourceType): string {
  const asked = registry.lookupVersioned(typeArg);
  const version = asked && asked.type === t ? asked.version : t.version;
  return t.group ? `${t.group}/${version}` : version;
}

/** `v1` of `autoscaling/v1`. */
export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}
