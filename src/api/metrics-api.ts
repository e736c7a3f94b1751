/**
 * The resource metrics API (`metrics.k8s.io/v1beta1`, PodMetrics and NodeMetrics) as the
 * simulated cluster's metrics-server serves it. Nothing is stored: each object is computed, when
 * it is read, from the usage model (src/sim/metrics.ts) at the simulated moment. `kubectl-lite
 * top`, `get podmetrics|nodemetrics`, serve (so the real `kubectl top`) and the HPA controller all
 * read these objects, so they agree.
 *
 * As metrics-server has it: CPU in nanocores (`"9559630n"`, canonical so `"20m"` when whole
 * millicores), memory as the working set in binary units (`"22244Ki"`), `window` the span the CPU
 * rate covers, labels copied from the pod or node. A container has a sample once it has run for
 * one scrape interval (metrics-server needs two scrapes of its CPU counter); a pod without any
 * such container, a pod that is not Running or is terminating, and anything on a node whose
 * kubelet is stopped have none (kubectl then says `metrics not available yet`).
 */
import type { ResourceType } from './registry.js';
import { notFound } from '../errors.js';
import type { KubeObject } from './types.js';
import { nodeUsage, podUsage, USAGE_WINDOW_MS, type Usage } from '../sim/metrics.js';
import { stoppedNodes } from '../sim/node-state.js';
import type { ApiServer } from './server.js';

export const METRICS_GROUP = 'metrics.k8s.io';
/** metrics-server's `--metric-resolution`: how often it scrapes each kubelet. */
export const METRIC_RESOLUTION_MS = 15_000;
const WINDOW = `${USAGE_WINDOW_MS / 1000}s`;

/** A Quantity's canonical text for a whole number of units at 10^(3k) or 2^(10k) steps. */
function scaled(n: number, suffixes: string[], step: number): string {
  let i = 0;
  while (n !== 0 && n % step === 0 && i < suffixes.length - 1) {
    n /= step;
    i++;
  }
  return `${n}${suffixes[i]}`;
}

/** Nanocores as metrics-server writes them: `9559630n`, `20m`, `1`. */
export const cpuQuantity = (nanocores: number): string => scaled(Math.round(nanocores), ['n', 'u', 'm', ''], 1000);
/** Bytes in binary units: `22244Ki`, `20Mi`. */
export const memoryQuantity = (bytes: number): string => scaled(Math.round(bytes), ['', 'Ki', 'Mi', 'Gi', 'Ti'], 1024);

const CPU_SCALE: Record<string, number> = { n: 1, u: 1e3, m: 1e6, '': 1e9 };
const MEM_SCALE: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

/** The usage of a metrics object's `usage` map, exactly (the forms above). */
export function usageOf(usage: Record<string, string> | undefined): Usage {
  const cpu = /^(\d+)(n|u|m|)$/.exec(usage?.cpu ?? '');
  const mem = /^(\d+)(Ki|Mi|Gi|Ti|)$/.exec(usage?.memory ?? '');
  return {
    cpu: cpu ? Number(cpu[1]) * CPU_SCALE[cpu[2]!]! : 0,
    memory: mem ? Number(mem[1]) * MEM_SCALE[mem[2]!]! : 0,
  };
}

const usageMap = (u: Usage) => ({ cpu: cpuQuantity(u.cpu), memory: memoryQuantity(u.memory) });

function metadata(obj: KubeObject, now: string): Record<string, unknown> {
  const m: Record<string, unknown> = { name: obj.metadata.name };
  if (obj.metadata.namespace) m.namespace = obj.metadata.namespace;
  m.creationTimestamp = now;
  if (obj.metadata.labels) m.labels = { ...obj.metadata.labels };
  return m;
}

/** Names of the containers of a pod that have run a whole scrape interval by `nowMs`. */
function sampledContainers(pod: KubeObject, nowMs: number): Set<string> {
  const out = new Set<string>();
  for (const s of pod.status?.containerStatuses ?? []) {
    const started = Date.parse(s.state?.running?.startedAt ?? '');
    if (!Number.isNaN(started) && nowMs - started >= METRIC_RESOLUTION_MS) out.add(s.name);
  }
  return out;
}

/** One pod's PodMetrics at the simulated moment, or undefined when metrics-server has no sample of it. */
export function podMetrics(api: ApiServer, pod: KubeObject, stopped = stoppedNodes(api.store)): KubeObject | undefined {
  if (pod.spec?.nodeName && stopped.has(pod.spec.nodeName)) return undefined;
  const nowMs = api.clock.now().getTime();
  const sampled = sampledContainers(pod, nowMs);
  const containers = (podUsage(pod, api.store, nowMs) ?? []).filter((c) => sampled.has(c.name));
  if (containers.length === 0) return undefined;
  const now = api.now();
  return {
    kind: 'PodMetrics',
    apiVersion: `${METRICS_GROUP}/v1beta1`,
    metadata: metadata(pod, now),
    timestamp: now,
    window: WINDOW,
    containers: containers.map((c) => ({ name: c.name, usage: usageMap(c.usage) })),
  } as KubeObject;
}

/** One node's NodeMetrics (its pods' usage and the system's), or undefined while its kubelet is stopped. */
export function nodeMetrics(api: ApiServer, node: KubeObject, podsOnNode: KubeObject[], stopped = stoppedNodes(api.store)): KubeObject | undefined {
  if (stopped.has(node.metadata.name!)) return undefined;
  const now = api.now();
  // The node's own usage counts every running container, sampled by the pod metrics or not yet.
  const usage = nodeUsage(podsOnNode, api.store, api.clock.now().getTime());
  return { kind: 'NodeMetrics', apiVersion: `${METRICS_GROUP}/v1beta1`, metadata: metadata(node, now), timestamp: now, window: WINDOW, usage: usageMap(usage) } as KubeObject;
}

const coreType = (api: ApiServer, plural: string) => api.registry.resolve(plural);

/** Every PodMetrics (one namespace, or all) or NodeMetrics there is now, in the store's order. */
export function listMetrics(request: ApiServer, type: ResourceType, namespace?: string, podsOf?: (namespace: string | undefined) => KubeObject[]): KubeObject[] {
  request.request('list', type, type.namespaced ? namespace : undefined);
  // What metrics-server reads to answer is its own business, not the requester's.
  const api = request.asSystem();
  const stopped = stoppedNodes(api.store);
  const podNamespace = type.kind === 'PodMetrics' ? namespace : undefined;
  const pods = podsOf ? podsOf(podNamespace) : api.list(coreType(api, 'pods'), podNamespace);
  if (type.kind === 'PodMetrics') return pods.flatMap((p) => podMetrics(api, p, stopped) ?? []);
  const byNode = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (n) byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  return api.list(coreType(api, 'nodes')).flatMap((n) => nodeMetrics(api, n, byNode.get(n.metadata.name!) ?? [], stopped) ?? []);
}

/**
 * One metrics object by name, failing as metrics-server does: the pod's or node's own NotFound
 * when it does not exist, `podmetrics.metrics.k8s.io "NS/NAME" not found` when it has no sample.
 */
export function getMetrics(request: ApiServer, type: ResourceType, namespace: string | undefined, name: string): KubeObject {
  request.request('get', type, type.namespaced ? namespace : undefined, name);
  const api = request.asSystem();
  if (type.kind === 'PodMetrics') {
    const pod = api.get(coreType(api, 'pods'), namespace, name);
    const m = podMetrics(api, pod);
    if (!m) throw notFound('podmetrics', METRICS_GROUP, `${namespace}/${name}`);
    return m;
  }
  const node = api.get(coreType(api, 'nodes'), undefined, name);
  const pods = api.list(coreType(api, 'pods')).filter((p) => p.spec?.nodeName === name);
  const m = nodeMetrics(api, node, pods);
  if (!m) throw notFound('nodemetrics', METRICS_GROUP, name);
  return m;
}

