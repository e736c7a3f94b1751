/**
 * The EndpointSlice controller: for each Service with a selector, slices of at most 100
 * endpoints (one group per distinct resolved port list), named from generateName and
 * owned by the Service. Terminating pods stay in with ready=false, terminating=true.
 */
import { jsonEqual, type ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import {
  TRIGGER_TIME,
  createUnlessForbidden,
  hasManagedEndpoints,
  isPodReady,
  podIndex,
  resolveTargetPort,
  selectPods,
  serviceLabels,
  type ServicePort,
} from './endpoints.js';
import type { Transaction } from '../store/types.js';
import { byIndex, canIndex, indexCounts } from './informer.js';
import { noteRead } from './read-tracker.js';
import { collectionKeys, EVENTS, mergeKeys, PODS, servicesConcerned, splitKey } from './queues.js';
import type { Controller } from './types.js';
import { pushTo } from '../util/group.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;
export const MIRRORING_MANAGED_BY = 'endpointslicemirroring-controller.k8s.io';
const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
const NOT_MIRRORED_ANNOTATIONS = new Set([TRIGGER_TIME, 'kubectl.kubernetes.io/last-applied-configuration']);

interface SliceContent {
  ports: unknown[] | null;
  endpoints: unknown[] | null;
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Node name → zone, for nodes that carry the topology label (only `get` is asked of it). */
export type Zones = Pick<Map<string, string>, 'get'>;

function sliceEndpoint(pod: KubeObject, svc: KubeObject, zones: Zones): Record<string, unknown> {
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = isPodReady(pod);
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const ep: Record<string, unknown> = {
    addresses: [pod.status.podIP],
    conditions: { ready: publishNotReady || (ready && !terminating), serving: ready, terminating },
  };
  if (pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name) ep.hostname = pod.spec.hostname;
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  ep.targetRef = { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid };
  const zone = pod.spec?.nodeName ? zones.get(pod.spec.nodeName) : undefined;
  if (zone) ep.zone = zone;
  return ep;
}

/** What the Service's slices should hold: endpoints grouped by port list, chunked by 100; one empty placeholder if none. */
export function desiredSlices(svc: KubeObject, pods: KubeObject[], zones: Zones = new Map()): SliceContent[] {
  const ports: ServicePort[] = svc.spec?.ports ?? [];
  const groups = new Map<string, { ports: unknown[]; endpoints: Record<string, unknown>[] }>();
  for (const pod of pods) {
    const resolved: unknown[] = [];
    for (const p of ports) {
      const target = resolveTargetPort(p, pod);
      if (target === undefined) continue;
      const ep: Record<string, unknown> = { name: p.name ?? '', port: target, protocol: p.protocol ?? 'TCP' };
      if (p.appProtocol) ep.appProtocol = p.appProtocol;
      resolved.push(ep);
    }
    if (ports.length > 0 && resolved.length === 0) continue;
    const key = JSON.stringify(resolved);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: resolved, endpoints: [] }));
    g.endpoints.push(sliceEndpoint(pod, svc, zones));
  }
  const out: SliceContent[] = [];
  for (const g of groups.values()) {
    g.endpoints.sort((a, b) => {
      const x = (a.addresses as string[])[0]!;
      const y = (b.addresses as string[])[0]!;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      out.push({ ports: g.ports.length ? g.ports : null, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  if (out.length === 0) out.push({ ports: null, endpoints: null });
  return out;
}

function sliceLabels(svc: KubeObject): Record<string, string> {
  return { ...serviceLabels(svc), [MANAGED_BY_LABEL]: MANAGED_BY, [SERVICE_NAME_LABEL]: svc.metadata.name! };
}

function newSlice(svc: KubeObject, content: SliceContent, now: string): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata.name}-`,
      namespace: svc.metadata.namespace,
      generation: 1,
      labels: sliceLabels(svc),
      annotations: { [TRIGGER_TIME]: now },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true },
      ],
    },
    addressType: 'IPv4',
    endpoints: content.endpoints,
    ports: content.ports,
  };
}

export const endpointSliceController: Controller = {
  name: 'endpointslice',
  reconcile(api: ApiServer): void {
    const svcType = api.registry.forKind('v1', 'Service')!;
    const sliceType = api.registry.forKind('discovery.k8s.io/v1', 'EndpointSlice')!;
    const services = api.list(svcType);
    const slicesByService = new Map<string, KubeObject[]>();
    const mirroredByService = new Map<string, KubeObject[]>();
    for (const slice of api.list(sliceType)) {
      const byManager = managerOf(slice) === MANAGED_BY ? slicesByService : managerOf(slice) === MIRRORING_MANAGED_BY ? mirroredByService : undefined;
      const key = serviceKeyOf(slice);
      if (byManager && key) pushTo(byManager, key, slice);
    }
    const index = podIndex(api, services);
    const zones = nodeZones(api);
    const managed = new Set<string>();
    for (const svc of services) {
      if (!hasManagedEndpoints(svc) || svc.metadata.deletionTimestamp) continue;
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      managed.add(key);
      const want = desiredSlices(svc, index.select(svc.metadata.namespace!, svc.spec.selector), zones);
      syncSlices(api, svc, want, slicesByService.get(key) ?? []);
    }
    for (const [key, slices] of slicesByService) {
      if (!managed.has(key)) for (const s of slices) api.remove(sliceType, s);
    }
    mirrorEndpoints(api, services, mirroredByService);
  },
  // A Service, its Endpoints (mirrored), its slices, and a pod to the Services selecting it; a node
  // only when its zone changed (every slice naming it would change).
  firstChangeOnly: true,
  keysFor(change, api) {
    const { collection } = change;
    if (collection === SERVICES || collection === ENDPOINTS) return [change.key];
    if (collection === SLICES) {
      return [change.old as KubeObject | undefined, api.store.get(SLICES, change.key) as KubeObject | undefined].flatMap((s) => (s && serviceKeyOf(s)) || []);
    }
    if (collection === PODS) return servicesConcerned(api, change.old as KubeObject | undefined, api.store.get(PODS, change.key) as KubeObject | undefined);
    if (collection === NODES) {
      const zone = (n: unknown) => (n as KubeObject | undefined)?.metadata.labels?.[ZONE_LABEL];
      return zone(change.old) === zone(api.store.get(NODES, change.key)) ? [] : undefined;
    }
    if (collection === EVENTS) return [];
    return undefined;
  },
  // The whole-cluster pass takes every Service and every Service its slices name (those of one gone are removed).
  allKeys(api) {
    const sliceType = api.registry.forKind('discovery.k8s.io/v1', 'EndpointSlice')!;
    const named = api.list(sliceType).flatMap((s) => serviceKeyOf(s) ?? []);
    return mergeKeys(collectionKeys(api, SERVICES), named);
  },
  reconcileKey(api: ApiServer, key: string): void {
    const [namespace, name] = splitKey(key);
    const sliceType = api.registry.forKind('discovery.k8s.io/v1', 'EndpointSlice')!;
    const svc = api.tryGet(api.registry.forKind('v1', 'Service')!, namespace, name);
    const slices = byIndex(api, SLICES, 'label', `${namespace ?? ''}\u0000${SERVICE_NAME_LABEL}=${name}`);
    const own = slices.filter((s) => managerOf(s) === MANAGED_BY);
    if (svc && hasManagedEndpoints(svc) && !svc.metadata.deletionTimestamp) {
      syncSlices(api, svc, desiredSlices(svc, selectPods(api, svc), zonesOfNodes(api)), own);
    } else {
      for (const s of own) api.remove(sliceType, s);
    }
    mirrorEndpoints(api, svc ? [svc] : [], new Map([[key, slices.filter((s) => managerOf(s) === MIRRORING_MANAGED_BY)]]));
  },
};

const SERVICES = 'core/services';
const ENDPOINTS = 'core/endpoints';
const SLICES = 'discovery.k8s.io/endpointslices';
const NODES = 'core/nodes';

const managerOf = (slice: KubeObject): string | undefined => slice.metadata.labels?.[MANAGED_BY_LABEL];

/** `namespace/service` of a slice, from its service-name label. */
function serviceKeyOf(slice: KubeObject): string | undefined {
  const name = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return name ? `${slice.metadata.namespace}/${name}` : undefined;
}

const zoneCache = new WeakMap<object, { at: number; zones: Zones }>();

/** Node name → zone, for the nodes that carry the topology label (kept while no node is written). */
function nodeZones(api: ApiServer): Zones {
  const tx = api.store as Transaction;
  const root = tx.underlying ?? tx;
  const at = api.writable ? tx.lastWrite(NODES) : -1;
  const cached = zoneCache.get(root);
  if (cached && cached.at === at && at >= 0) {
    noteRead(api, NODES);
    return cached.zones;
  }
  const zones = new Map<string, string>();
  zoneCache.set(root, { at, zones });
  for (const node of api.list(api.registry.forKind('v1', 'Node')!)) {
    const zone = node.metadata.labels?.[ZONE_LABEL];
    if (zone) zones.set(node.metadata.name!, zone);
  }
  return zones;
}

const NO_ZONES: Zones = new Map();

/**
 * Node name → zone for one Service's pods: nothing to read when no node carries the zone label
 * (the counted zone index over nodes is empty), else each node the pods name, read as asked.
 */
function zonesOfNodes(api: ApiServer): Zones {
  if (!canIndex(api)) return nodeZones(api);
  if (indexCounts(api, NODES, 'zone').size === 0) return NO_ZONES;
  const nodeType = api.registry.forKind('v1', 'Node')!;
  const seen = new Map<string, string | undefined>();
  return {
    get(name: string) {
      if (!seen.has(name)) seen.set(name, api.tryGet(nodeType, undefined, name)?.metadata.labels?.[ZONE_LABEL]);
      return seen.get(name);
    },
  };
}

/**
 * The EndpointSlice mirroring controller: Endpoints that users keep for a selectorless
 * Service are copied into slices (one per subset), owned by the Endpoints object.
 */
function mirrorEndpoints(api: ApiServer, services: KubeObject[], existing: Map<string, KubeObject[]>): void {
  const sliceType = api.registry.forKind('discovery.k8s.io/v1', 'EndpointSlice')!;
  const mirrored = new Set<string>();
  const selectorless = services.filter((s) => !hasManagedEndpoints(s) && s.spec?.type !== 'ExternalName' && !s.metadata.deletionTimestamp);
  if (selectorless.length) {
    const epType = api.registry.forKind('v1', 'Endpoints')!;
    for (const svc of selectorless) {
      const ep = api.tryGet(epType, svc.metadata.namespace, svc.metadata.name!);
      if (!ep || ep.metadata.labels?.[SKIP_MIRROR_LABEL] === 'true') continue;
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      mirrored.add(key);
      syncMirrored(api, ep, existing.get(key) ?? []);
    }
  }
  for (const [key, slices] of existing) if (!mirrored.has(key)) for (const s of slices) api.remove(sliceType, s);
}

function mirroredEndpoint(addr: any, ready: boolean): Record<string, unknown> {
  const ep: Record<string, unknown> = { addresses: [addr.ip], conditions: { ready } };
  if (addr.hostname) ep.hostname = addr.hostname;
  if (addr.nodeName) ep.nodeName = addr.nodeName;
  if (addr.targetRef) ep.targetRef = addr.targetRef;
  return ep;
}

function syncMirrored(api: ApiServer, ep: KubeObject, existing: KubeObject[]): void {
  const sliceType = api.registry.forKind('discovery.k8s.io/v1', 'EndpointSlice')!;
  const labels = { ...(ep.metadata.labels ?? {}), [MANAGED_BY_LABEL]: MIRRORING_MANAGED_BY, [SERVICE_NAME_LABEL]: ep.metadata.name! };
  const annotations = Object.fromEntries(Object.entries(ep.metadata.annotations ?? {}).filter(([k]) => !NOT_MIRRORED_ANNOTATIONS.has(k)));
  const want: SliceContent[] = ((ep.subsets ?? []) as any[]).map((subset) => ({
    endpoints: [
      ...(subset.addresses ?? []).map((a: any) => mirroredEndpoint(a, true)),
      ...(subset.notReadyAddresses ?? []).map((a: any) => mirroredEndpoint(a, false)),
    ],
    ports: (subset.ports ?? []).map((p: any) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) })),
  }));
  const spare = [...existing];
  for (const content of want) {
    const reuse = spare.shift();
    const slice: KubeObject = reuse
      ? deepClone(reuse)
      : {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            generateName: `${ep.metadata.name}-`,
            namespace: ep.metadata.namespace,
            generation: 1,
            ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: ep.metadata.name!, uid: ep.metadata.uid!, controller: true, blockOwnerDeletion: true }],
          },
          addressType: 'IPv4',
        };
    const changed = !reuse || !jsonEqual(reuse.endpoints, content.endpoints) || !jsonEqual(reuse.ports, content.ports) || !jsonEqual(reuse.metadata.labels, labels);
    if (!changed) continue;
    slice.metadata.labels = labels;
    if (Object.keys(annotations).length) slice.metadata.annotations = annotations;
    slice.endpoints = content.endpoints;
    slice.ports = content.ports;
    if (reuse) {
      slice.metadata.generation = (reuse.metadata.generation ?? 1) + 1;
      api.put(slice);
    } else {
      createUnlessForbidden(api, slice);
    }
  }
  for (const s of spare) api.remove(sliceType, s);
}

function syncSlices(api: ApiServer, svc: KubeObject, want: SliceContent[], existing: KubeObject[]): void {
  const sliceType = api.registry.forKind('discovery.k8s.io/v1', 'EndpointSlice')!;
  const labels = sliceLabels(svc);
  const spare = [...existing].sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
  const unchanged = (s: KubeObject, c: SliceContent) =>
    jsonEqual(s.endpoints ?? null, c.endpoints) && jsonEqual(s.ports ?? null, c.ports) && jsonEqual(s.metadata.labels, labels);
  // Keep slices that already hold exactly one wanted content; rewrite the rest.
  const pending: SliceContent[] = [];
  for (const c of want) {
    const i = spare.findIndex((s) => unchanged(s, c));
    if (i >= 0) spare.splice(i, 1);
    else pending.push(c);
  }
  for (const c of pending) {
    const reuse = spare.shift();
    if (!reuse) {
      createUnlessForbidden(api, newSlice(svc, c, api.now()));
      continue;
    }
    const next = deepClone(reuse);
    next.endpoints = c.endpoints;
    next.ports = c.ports;
    next.metadata.labels = labels;
    next.metadata.generation = (reuse.metadata.generation ?? 1) + 1;
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [TRIGGER_TIME]: api.now() };
    api.put(next);
  }
  for (const s of spare) api.remove(sliceType, s);
}
