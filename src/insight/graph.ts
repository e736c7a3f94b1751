/**
 * The pictures' model: objects as vertices with a status, and edges labelled with what flows
 * (ports, addresses). `tree` and `map` draw one rooted part of it (src/insight/draw.ts), the
 * dashboard the whole cluster (clusterView). Everything is read from the store at one moment.
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { SERVICE_NAME_LABEL } from '../controllers/endpointslice.js';
import { podCells } from '../printers/table/pods.js';
import { getCondition, nodeReady } from '../sim/pods.js';
import { ingressBackends } from './workloads.js';

export interface Vertex {
  id: string;
  kind: string;
  name: string;
  namespace?: string;
  /** A short status (`Running 1/1`, `Ready`, `3/3 ready`). */
  status: string;
  ok: boolean;
  /** More facts worth a glance (IP, type, revision). */
  info?: string;
}

export interface Edge {
  from: string;
  to: string;
  label?: string;
}

export interface Graph {
  root: string;
  vertices: Vertex[];
  edges: Edge[];
}

export const idOf = (o: KubeObject): string => `${String(o.kind).toLowerCase()}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
const ownedBy = (o: KubeObject, owner: KubeObject) => (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);

class Builder {
  readonly vertices = new Map<string, Vertex>();
  readonly edges: Edge[] = [];
  constructor(readonly api: ApiServer) {}
  add(o: KubeObject): string {
    const id = idOf(o);
    if (!this.vertices.has(id)) this.vertices.set(id, vertexOf(o, this.api.clock.now()));
    return id;
  }
  link(from: string, to: string, label?: string): void {
    this.edges.push(label ? { from, to, label } : { from, to });
  }
  graph(root: string): Graph {
    return { root, vertices: [...this.vertices.values()], edges: this.edges };
  }
  type(apiVersion: string, kind: string) {
    return this.api.registry.forKind(apiVersion, kind)!;
  }
}

export function vertexOf(o: KubeObject, now: Date): Vertex {
  const base = { id: idOf(o), kind: o.kind!, name: o.metadata.name!, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) };
  const st = o.status ?? {};
  switch (o.kind) {
    case 'Pod': {
      const cells = podCells(o, now);
      const ready = getCondition(o, 'Ready')?.status === 'True';
      return { ...base, status: `${cells.status} ${cells.ready}`, ok: ready, info: st.podIP };
    }
    case 'Node': {
      const ready = nodeReady(o);
      const status = `${ready ? 'Ready' : 'NotReady'}${o.spec?.unschedulable ? ',SchedulingDisabled' : ''}`;
      return { ...base, status, ok: ready && !o.spec?.unschedulable };
    }
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet': {
      const want = o.spec?.replicas ?? 1;
      const ready = st.readyReplicas ?? 0;
      const rev = o.metadata.annotations?.['deployment.kubernetes.io/revision'];
      return { ...base, status: `${ready}/${want} ready`, ok: ready >= want, ...(rev ? { info: `revision ${rev}` } : {}) };
    }
    case 'DaemonSet': {
      const want = st.desiredNumberScheduled ?? 0;
      const ready = st.numberReady ?? 0;
      return { ...base, status: `${ready}/${want} ready`, ok: ready >= want };
    }
    case 'Job':
      return { ...base, status: `${st.succeeded ?? 0}/${o.spec?.completions ?? 1} complete`, ok: (st.failed ?? 0) === 0 };
    case 'Service': {
      const ports = (o.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
      return { ...base, status: `${o.spec?.type ?? 'ClusterIP'} ${o.spec?.clusterIP ?? ''}`.trim(), ok: true, info: ports };
    }
    case 'EndpointSlice': {
      const eps = (o.endpoints ?? []) as any[];
      const ready = eps.filter((e) => e.conditions?.ready).length;
      return { ...base, status: `${ready}/${eps.length} ready`, ok: eps.length > 0 && ready === eps.length };
    }
    case 'Ingress': {
      const addr = (st.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname).join(',');
      return { ...base, status: addr || '<no address>', ok: Boolean(addr), info: o.spec?.ingressClassName };
    }
    default:
      return { ...base, status: '', ok: true };
  }
}

/** A workload and what it owns, down to the pods' nodes: Deployment → ReplicaSets → Pods → Nodes (CronJob → Jobs → Pods, ...). */
export function ownerGraph(api: ApiServer, root: KubeObject): Graph {
  const b = new Builder(api);
  const ns = root.metadata.namespace;
  const rsType = b.type('apps/v1', 'ReplicaSet');
  const jobType = b.type('batch/v1', 'Job');
  const podType = b.type('v1', 'Pod');
  const nodeType = b.type('v1', 'Node');
  const pods = api.list(podType, ns);
  const walk = (o: KubeObject): void => {
    const id = b.add(o);
    if (o.kind === 'Pod') {
      const nodeName = o.spec?.nodeName;
      const node = nodeName ? api.tryGet(nodeType, undefined, nodeName) : undefined;
      if (node) b.link(id, b.add(node), 'runs on');
      return;
    }
    const children: KubeObject[] = [];
    if (o.kind === 'Deployment') {
      const rev = (rs: KubeObject) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
      children.push(...api.list(rsType, ns).filter((rs) => ownedBy(rs, o)).sort((x, y) => rev(y) - rev(x)));
    } else if (o.kind === 'CronJob') children.push(...api.list(jobType, ns).filter((j) => ownedBy(j, o)));
    children.push(...pods.filter((p) => ownedBy(p, o)).sort((x, y) => x.metadata.name!.localeCompare(y.metadata.name!)));
    for (const c of children) {
      b.link(id, idOf(c));
      walk(c);
    }
  };
  walk(root);
  return b.graph(idOf(root));
}

/** How traffic reaches pods: Service → EndpointSlices → Pods → Nodes, with the ports at each hop. */
export function serviceGraph(api: ApiServer, svc: KubeObject, b = new Builder(api)): Graph {
  const ns = svc.metadata.namespace;
  const id = b.add(svc);
  const sliceType = b.type('discovery.k8s.io/v1', 'EndpointSlice');
  const podType = b.type('v1', 'Pod');
  const nodeType = b.type('v1', 'Node');
  const ports = (svc.spec?.ports ?? []) as any[];
  const slices = api.list(sliceType, ns).filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name);
  const proto = (p: any) => (p.protocol && p.protocol !== 'TCP' ? `/${p.protocol}` : '');
  for (const slice of slices) {
    const sid = b.add(slice);
    const slicePorts = (slice.ports ?? []) as any[];
    // One port: the pod's line shows ip:port; several: the slice's line has them, the pod's its IP.
    const onePort = slicePorts.length === 1 ? `:${slicePorts[0].port}` : '';
    // Service port -> targetPort, and the number a named targetPort resolved to in this slice.
    const hops = ports.map((p) => {
      const target = p.targetPort ?? p.port;
      const resolved = slicePorts.find((sp) => (sp.name ?? '') === (p.name ?? ''))?.port;
      return `${p.port}${proto(p)}${p.nodePort ? `(node ${p.nodePort})` : ''}->${target}${resolved !== undefined && String(resolved) !== String(target) ? `=${resolved}` : ''}`;
    });
    b.link(id, sid, hops.join(' ') || undefined);
    for (const ep of (slice.endpoints ?? []) as any[]) {
      const ref = ep.targetRef;
      const pod = ref?.kind === 'Pod' ? api.tryGet(podType, ref.namespace ?? ns, ref.name) : undefined;
      const addr = `${ep.addresses?.[0] ?? '?'}${onePort}${ep.conditions?.ready ? '' : ' (not ready)'}`;
      if (!pod) continue;
      const pid = b.add(pod);
      b.link(sid, pid, addr);
      const node = pod.spec?.nodeName ? api.tryGet(nodeType, undefined, pod.spec.nodeName) : undefined;
      if (node) b.link(pid, b.add(node), 'runs on');
    }
  }
  return b.graph(id);
}

/** Ingress → Services (by rule) → their endpoints. */
export function ingressGraph(api: ApiServer, ing: KubeObject): Graph {
  const b = new Builder(api);
  const id = b.add(ing);
  const svcType = b.type('v1', 'Service');
  const seen = new Set<string>();
  for (const backend of ingressBackends(ing)) {
    const svc = api.tryGet(svcType, ing.metadata.namespace, backend.service);
    if (!svc) continue;
    b.link(id, idOf(svc), `${backend.rule} -> :${backend.port}`);
    if (seen.has(idOf(svc))) continue;
    seen.add(idOf(svc));
    serviceGraph(api, svc, b);
  }
  return b.graph(id);
}

/** The whole cluster (or one namespace) for the dashboard: nodes, pods, Services, Ingresses and their links. */
export interface ClusterView {
  namespaces: string[];
  nodes: Array<Vertex & { pods: Vertex[] }>;
  unscheduled: Vertex[];
  services: Array<Vertex & { endpoints: Array<{ pod: string; ready: boolean; address: string }> }>;
  ingresses: Array<Vertex & { services: Array<{ service: string; rule: string }> }>;
}

export function clusterView(api: ApiServer, namespace?: string): ClusterView {
  const now = api.clock.now();
  const t = (apiVersion: string, kind: string) => api.registry.forKind(apiVersion, kind)!;
  const nsOK = (o: KubeObject) => !namespace || o.metadata.namespace === namespace;
  const pods = api.list(t('v1', 'Pod')).filter(nsOK);
  const byNode = new Map<string, Vertex[]>();
  const unscheduled: Vertex[] = [];
  for (const p of pods) {
    const v = vertexOf(p, now);
    const n = p.spec?.nodeName;
    if (!n) unscheduled.push(v);
    else byNode.set(n, [...(byNode.get(n) ?? []), v]);
  }
  const nodes = api.list(t('v1', 'Node')).map((n) => ({ ...vertexOf(n, now), pods: byNode.get(n.metadata.name!) ?? [] }));
  const slices = api.list(t('discovery.k8s.io/v1', 'EndpointSlice')).filter(nsOK);
  const services = api.list(t('v1', 'Service')).filter(nsOK).map((svc) => {
    const endpoints = slices
      .filter((s) => s.metadata.namespace === svc.metadata.namespace && s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name)
      .flatMap((s) => ((s.endpoints ?? []) as any[]).filter((e) => e.targetRef?.kind === 'Pod').map((e) => ({
        pod: `pod/${e.targetRef.namespace ?? svc.metadata.namespace}/${e.targetRef.name}`,
        ready: Boolean(e.conditions?.ready),
        address: `${e.addresses?.[0]}:${((s.ports ?? []) as any[]).map((p) => p.port).join(',')}`,
      })));
    return { ...vertexOf(svc, now), endpoints };
  });
  const ingresses = api.list(t('networking.k8s.io/v1', 'Ingress')).filter(nsOK).map((ing) => ({
    ...vertexOf(ing, now),
    services: ingressBackends(ing).map((b) => ({ service: `service/${ing.metadata.namespace}/${b.service}`, rule: `${b.rule} -> :${b.port}` })),
  }));
  const namespaces = api.list(t('v1', 'Namespace')).map((n) => n.metadata.name!);
  return { namespaces, nodes, unscheduled, services, ingresses };
}
