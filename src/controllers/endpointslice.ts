/**
 * The EndpointSlice controller: for each Service with a selector, slices of at most 100
 * endpoints (one group per distinct resolved port list), named from generateName and
 * owned by the Service. Terminating pods stay in with ready=false, terminating=true.
 */
import { jsonEqual, type ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import {
  TRIGGER_TIME,
  hasManagedEndpoints,
  isPodReady,
  podIndex,
  resolveTargetPort,
  serviceLabels,
  type ServicePort,
} from './endpoints.js';
import type { Controller } from './types.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

interface SliceContent {
  ports: unknown[] | null;
  endpoints: unknown[] | null;
}

function sliceEndpoint(pod: KubeObject, svc: KubeObject): Record<string, unknown> {
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
  return ep;
}

/** What the Service's slices should hold: endpoints grouped by port list, chunked by 100; one empty placeholder if none. */
export function desiredSlices(svc: KubeObject, pods: KubeObject[]): SliceContent[] {
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
    g.endpoints.push(sliceEndpoint(pod, svc));
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
    for (const slice of api.list(sliceType)) {
      const labels = slice.metadata.labels ?? {};
      if (labels[MANAGED_BY_LABEL] !== MANAGED_BY || !labels[SERVICE_NAME_LABEL]) continue;
      const key = `${slice.metadata.namespace}/${labels[SERVICE_NAME_LABEL]}`;
      slicesByService.set(key, [...(slicesByService.get(key) ?? []), slice]);
    }
    const index = podIndex(api, services);
    const managed = new Set<string>();
    for (const svc of services) {
      if (!hasManagedEndpoints(svc) || svc.metadata.deletionTimestamp) continue;
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      managed.add(key);
      const want = desiredSlices(svc, index.select(svc.metadata.namespace!, svc.spec.selector));
      syncSlices(api, svc, want, slicesByService.get(key) ?? []);
    }
    for (const [key, slices] of slicesByService) {
      if (!managed.has(key)) for (const s of slices) api.remove(sliceType, s);
    }
  },
};

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
      api.create(newSlice(svc, c, api.now()), { trusted: true });
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
