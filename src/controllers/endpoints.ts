/**
 * The endpoints controller: one Endpoints object per Service with a selector, listing the
 * matching pods' IPs (ready ones in `addresses`, the rest in `notReadyAddresses`) with each
 * Service port's target resolved against the pod. Also the pod index and port resolution
 * the EndpointSlice controller shares.
 */
import { mapSelectorMatches } from '../api/labels.js';
import { collectionOf } from '../api/registry.js';
import { jsonEqual, type ApiServer, type WriteOptions } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { ApiError } from '../errors.js';
import { noteRead } from './read-tracker.js';
import { indexKeys, objectsAt } from './informer.js';
import { collectionKeys, EVENTS, mergeKeys, PODS, SERVICES, servicesConcerned, splitKey } from './queues.js';
import type { Controller } from './types.js';

const ENDPOINTS = 'core/endpoints';

export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
/** An Endpoints object holds at most this many addresses; the rest are only in EndpointSlices. */
export const MAX_ENDPOINTS_ADDRESSES = 1000;

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
  appProtocol?: string;
}

/**
 * A controller's create that admission may refuse (a quota on count/endpoints, configmaps...):
 * the controller gives up for this pass and tries again on the next, as the real ones retry.
 */
export function createUnlessForbidden(api: ApiServer, obj: KubeObject, opts: WriteOptions = { trusted: true }): KubeObject | undefined {
  try {
    return api.create(obj, opts);
  } catch (err) {
    if (err instanceof ApiError && err.reason === 'Forbidden') return undefined;
    throw err;
  }
}

/**
 * Pods that have an IP and are not finished, indexed by namespace and by each label pair
 * whose key some selector uses: built once per pass, so a Service finds its pods without
 * scanning every pod.
 */
export class PodIndex {
  private readonly byLabel = new Map<string, KubeObject[]>();

  constructor(pods: Iterable<KubeObject>, selectorKeys: Set<string>) {
    for (const pod of pods) {
      if (!pod.status?.podIP || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
      for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
        if (!selectorKeys.has(k)) continue;
        const key = `${pod.metadata.namespace}\u0000${k}=${v}`;
        const list = this.byLabel.get(key);
        if (list) list.push(pod);
        else this.byLabel.set(key, [pod]);
      }
    }
  }

  /** Pods in `namespace` whose labels match the Service selector (a map of equalities). */
  select(namespace: string, selector: Record<string, string>): KubeObject[] {
    let smallest: KubeObject[] | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const list = this.byLabel.get(`${namespace}\u0000${k}=${v}`) ?? [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    return (smallest ?? []).filter((p) => mapSelectorMatches(selector, p.metadata.labels));
  }
}

/** Per store (weakly, so a committed transaction's pods are not kept alive by it). */
const lastIndexes = new WeakMap<object, { revision: number; index: PodIndex; podsRead: boolean }>();

/**
 * The index for these Services' selectors; pods are not even listed when no Service selects.
 * The EndpointSlice controller reuses the endpoints controller's index when nothing was written in between.
 */
export function podIndex(api: ApiServer, services: KubeObject[]): PodIndex {
  const { store } = api;
  const podType = api.registry.forKind('v1', 'Pod')!;
  const lastIndex = lastIndexes.get(store);
  if (lastIndex && lastIndex.revision === store.revision) {
    if (lastIndex.podsRead) noteRead(api, collectionOf(podType));
    return lastIndex.index;
  }
  const keys = new Set(services.filter(hasManagedEndpoints).flatMap((s) => Object.keys(s.spec.selector)));
  const index = new PodIndex(keys.size ? api.list(podType) : [], keys);
  lastIndexes.set(store, { revision: store.revision, index, podsRead: keys.size > 0 });
  return index;
}

/** Services the endpoint controllers manage: a non-empty selector and not ExternalName. */
export function hasManagedEndpoints(svc: KubeObject): boolean {
  return svc.spec?.type !== 'ExternalName' && Object.keys(svc.spec?.selector ?? {}).length > 0;
}

export function isPodReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** The container port a Service port sends to on this pod (FindPort): by number, or by container port name. */
export function resolveTargetPort(port: ServicePort, pod: KubeObject): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** The labels Endpoints and EndpointSlices copy from their Service. */
export function serviceLabels(svc: KubeObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (svc.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  return labels;
}

/** The pod's address entry: IP, node, hostname (for pods naming this Service as their subdomain), targetRef. */
export function podAddress(pod: KubeObject, svc: KubeObject): Record<string, unknown> {
  const addr: Record<string, unknown> = { ip: pod.status.podIP };
  if (pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name) addr.hostname = pod.spec.hostname;
  if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
  addr.targetRef = { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid };
  return addr;
}

function byIp(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const x = String(a.ip);
  const y = String(b.ip);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The subsets of a Service's Endpoints: addresses grouped by the port list they resolve to (RepackSubsets). */
export function computeSubsets(svc: KubeObject, pods: KubeObject[]): unknown[] {
  const ports: ServicePort[] = svc.spec?.ports ?? [];
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: unknown[]; addresses: Record<string, unknown>[]; notReady: Record<string, unknown>[] }>();
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp && !publishNotReady) continue;
    const resolved: unknown[] = [];
    for (const p of ports) {
      const target = resolveTargetPort(p, pod);
      if (target === undefined) continue;
      const ep: Record<string, unknown> = {};
      if (p.name) ep.name = p.name;
      ep.port = target;
      ep.protocol = p.protocol ?? 'TCP';
      if (p.appProtocol) ep.appProtocol = p.appProtocol;
      resolved.push(ep);
    }
    // A pod none of whose ports resolve is left out, except for port-less headless Services.
    if (ports.length > 0 && resolved.length === 0) continue;
    const key = JSON.stringify(resolved);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports: resolved, addresses: [], notReady: [] }));
    (publishNotReady || isPodReady(pod) ? group.addresses : group.notReady).push(podAddress(pod, svc));
  }
  return [...groups.values()].map((g) => {
    const subset: Record<string, unknown> = {};
    if (g.addresses.length) subset.addresses = g.addresses.sort(byIp);
    if (g.notReady.length) subset.notReadyAddresses = g.notReady.sort(byIp);
    if (g.ports.length) subset.ports = g.ports;
    return subset;
  });
}

export function desiredEndpoints(svc: KubeObject, pods: KubeObject[]): KubeObject {
  const subsets = computeSubsets(svc, pods);
  const labels = serviceLabels(svc);
  const ep: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace },
  };
  if (Object.keys(labels).length) ep.metadata.labels = labels;
  if (subsets.length) ep.subsets = subsets;
  if (truncate(subsets as Subset[])) ep.metadata.annotations = { [OVER_CAPACITY]: 'truncated' };
  return ep;
}

interface Subset {
  addresses?: unknown[];
  notReadyAddresses?: unknown[];
}

/** Keeps at most 1000 addresses, ready ones first (the controller's truncation); true if it cut any. */
function truncate(subsets: Subset[]): boolean {
  let budget = MAX_ENDPOINTS_ADDRESSES;
  const total = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  if (total <= budget) return false;
  for (const field of ['addresses', 'notReadyAddresses'] as const) {
    for (const s of subsets) {
      const list = s[field];
      if (!list) continue;
      list.splice(budget);
      budget -= list.length;
      if (list.length === 0) delete s[field];
    }
  }
  return true;
}

/** Whether `live` already says what `want` says (the trigger-time annotation aside). */
function sameEndpoints(live: KubeObject, want: KubeObject): boolean {
  return (
    jsonEqual(live.subsets, want.subsets) &&
    jsonEqual(live.metadata.labels ?? {}, want.metadata.labels ?? {}) &&
    live.metadata.annotations?.[OVER_CAPACITY] === want.metadata.annotations?.[OVER_CAPACITY]
  );
}

export const endpointsController: Controller = {
  name: 'endpoints',
  reconcile(api: ApiServer): void {
    const svcType = api.registry.forKind('v1', 'Service')!;
    const epType = api.registry.forKind('v1', 'Endpoints')!;
    const services = api.list(svcType);
    const live = new Map(api.list(epType).map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]));
    const index = podIndex(api, services);
    const managed = new Set<string>();
    for (const svc of services) {
      if (!hasManagedEndpoints(svc) || svc.metadata.deletionTimestamp) continue;
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      managed.add(key);
      syncEndpoints(api, svc, index.select(svc.metadata.namespace!, svc.spec.selector), live.get(key));
    }
    // Endpoints this controller wrote for a Service that is gone (or no longer selects) go too.
    const byKey = new Map(services.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s]));
    for (const [key, ep] of live) {
      if (!managed.has(key)) removeStale(api, ep, byKey.get(key));
    }
  },
  // A Service, its Endpoints, and a pod to the Services selecting it before or after.
  firstChangeOnly: true,
  keysFor(change, api) {
    if (change.collection === SERVICES || change.collection === ENDPOINTS) return [change.key];
    if (change.collection === PODS) return servicesConcerned(api, change.old as KubeObject | undefined, api.store.get(PODS, change.key) as KubeObject | undefined);
    if (change.collection === EVENTS) return [];
    return undefined;
  },
  // The whole-cluster pass syncs every Service's Endpoints and removes those of Services gone.
  allKeys: (api) => mergeKeys(collectionKeys(api, SERVICES), collectionKeys(api, ENDPOINTS)),
  reconcileKey(api: ApiServer, key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = api.tryGet(api.registry.forKind('v1', 'Service')!, namespace, name);
    const current = api.tryGet(api.registry.forKind('v1', 'Endpoints')!, namespace, name);
    if (svc && hasManagedEndpoints(svc) && !svc.metadata.deletionTimestamp) syncEndpoints(api, svc, selectPods(api, svc), current);
    else if (current) removeStale(api, current, svc);
  },
};

/** One Service's Endpoints brought to what its pods say. */
function syncEndpoints(api: ApiServer, svc: KubeObject, pods: KubeObject[], current: KubeObject | undefined): void {
  const want = desiredEndpoints(svc, pods);
  if (current && sameEndpoints(current, want)) return;
  const next = current ? deepClone(current) : want;
  next.metadata.labels = want.metadata.labels;
  if (!next.metadata.labels) delete next.metadata.labels;
  next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [TRIGGER_TIME]: api.now() };
  if (want.metadata.annotations?.[OVER_CAPACITY]) next.metadata.annotations[OVER_CAPACITY] = 'truncated';
  else delete next.metadata.annotations[OVER_CAPACITY];
  if (want.subsets) next.subsets = want.subsets;
  else delete next.subsets;
  if (current) api.put(next);
  else createUnlessForbidden(api, next);
}

/** Endpoints of a Service that no longer has managed ones: removed if this controller wrote them. */
function removeStale(api: ApiServer, ep: KubeObject, svc: KubeObject | undefined): void {
  if (!ep.metadata.annotations?.[TRIGGER_TIME]) return;
  // A Service whose selector was removed keeps its last Endpoints for the user to manage.
  if (svc && !svc.metadata.deletionTimestamp && svc.spec?.type !== 'ExternalName') return;
  api.remove(api.registry.forKind('v1', 'Endpoints')!, ep);
}

/** The pods a Service selects, as PodIndex.select gives them, through the informer's label index. */
export function selectPods(api: ApiServer, svc: KubeObject): KubeObject[] {
  const ns = svc.metadata.namespace ?? '';
  const selector: Record<string, string> = svc.spec.selector;
  let smallest: string[] | undefined;
  for (const [k, v] of Object.entries(selector)) {
    const keys = indexKeys(api, PODS, 'label', `${ns}\u0000${k}=${v}`);
    if (!smallest || keys.length < smallest.length) smallest = keys;
  }
  return objectsAt(api, PODS, smallest ?? []).filter(
    (p) => p.status?.podIP && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed' && mapSelectorMatches(selector, p.metadata.labels),
  );
}
