/**
 * ResourceQuota: what each object counts against a quota (the quota evaluators), the
 * namespace's usage, and the admission check that refuses creates over a hard limit.
 */
import { qualifiedName, type ResourceType } from '../../api/registry.js';
import type { ApiServer } from '../../api/server.js';
import type { KubeObject } from '../../api/types.js';
import { podTotal } from './limitranger.js';
import { forbidden } from './pod.js';
import { add, compare, formatQuantity, parseQuantity, ZERO, type Quantity, type ResourceList } from './quantity.js';
import { pushTo } from '../../util/group.js';

type Usage = Map<string, Quantity>;

const ONE: Quantity = { nanos: 1_000_000_000n, binary: false };
const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];
/** Resources every container must state when a quota limits them (a historical rule of the pod evaluator). */
const MUST_SPECIFY = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

function isTerminal(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function qosBestEffort(pod: KubeObject): boolean {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].every(
    (c: any) => Object.keys(c.resources?.requests ?? {}).length === 0 && Object.keys(c.resources?.limits ?? {}).length === 0,
  );
}

/** What one object uses, by quota resource name. Terminal pods use nothing. */
export function usageOf(type: ResourceType, obj: KubeObject): Usage {
  const u: Usage = new Map();
  const set = (k: string, q: Quantity) => u.set(k, q);
  const countKey = type.group ? `count/${type.plural}.${type.group}` : `count/${type.plural}`;
  if (type.kind === 'Pod' && isTerminal(obj)) return u;
  set(countKey, ONE);
  switch (type.kind) {
    case 'Pod': {
      set('pods', ONE);
      const requests = podTotal(obj, 'requests');
      const limits = podTotal(obj, 'limits');
      for (const r of COMPUTE) {
        if (requests[r] !== undefined) {
          set(r, parseQuantity(requests[r])!);
          set(`requests.${r}`, parseQuantity(requests[r])!);
        }
        if (limits[r] !== undefined) set(`limits.${r}`, parseQuantity(limits[r])!);
      }
      break;
    }
    case 'Service': {
      set('services', ONE);
      const t = obj.spec?.type;
      if (t === 'LoadBalancer') set('services.loadbalancers', ONE);
      if (t === 'NodePort' || t === 'LoadBalancer') {
        const n = (obj.spec?.ports ?? []).filter((p: any) => p.nodePort).length;
        set('services.nodeports', { nanos: BigInt(n) * ONE.nanos, binary: false });
      }
      break;
    }
    case 'PersistentVolumeClaim': {
      set('persistentvolumeclaims', ONE);
      const storage = parseQuantity(obj.spec?.resources?.requests?.storage) ?? ZERO;
      set('requests.storage', storage);
      const cls = obj.spec?.storageClassName;
      if (cls) {
        set(`${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, ONE);
        set(`${cls}.storageclass.storage.k8s.io/requests.storage`, storage);
      }
      break;
    }
    case 'ConfigMap':
    case 'Secret':
    case 'ReplicationController':
    case 'ResourceQuota':
      set(type.plural, ONE);
      break;
  }
  return u;
}

/** The types whose objects a hard list can count. */
function typesFor(api: ApiServer, hard: string[]): ResourceType[] {
  const kinds = new Set<string>();
  for (const k of hard) {
    if (k.startsWith('count/')) {
      const t = api.registry.types.find((t) => `count/${qualifiedName(t)}` === k);
      if (t) kinds.add(`${t.group}/${t.kind}`);
    } else if (k === 'pods' || COMPUTE.some((r) => k === r || k.endsWith(`.${r}`) && !k.includes('storageclass'))) kinds.add('/Pod');
    else if (k.startsWith('services')) kinds.add('/Service');
    else if (k === 'persistentvolumeclaims' || k.includes('storage')) kinds.add('/PersistentVolumeClaim');
    else if (['configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas'].includes(k)) {
      kinds.add(`/${{ configmaps: 'ConfigMap', secrets: 'Secret', replicationcontrollers: 'ReplicationController', resourcequotas: 'ResourceQuota' }[k]}`);
    }
  }
  return api.registry.types.filter((t) => kinds.has(`${t.group}/${t.kind}`));
}

/** Whether a quota's scopes select this object (pods only; other kinds match unscoped quotas). */
function inScope(quota: KubeObject, type: ResourceType, obj: KubeObject): boolean {
  const scopes: string[] = quota.spec?.scopes ?? [];
  if (scopes.length === 0) return true;
  if (type.kind !== 'Pod') return false;
  return scopes.every((s) => {
    switch (s) {
      case 'BestEffort': return qosBestEffort(obj);
      case 'NotBestEffort': return !qosBestEffort(obj);
      case 'Terminating': return obj.spec?.activeDeadlineSeconds != null;
      case 'NotTerminating': return obj.spec?.activeDeadlineSeconds == null;
      default: return true;
    }
  });
}

/** The quota's used list: every hard resource, zero when nothing uses it. */
export function quotaUsage(api: ApiServer, quota: KubeObject): ResourceList {
  const hard = Object.keys(quota.spec?.hard ?? {});
  const total: Usage = new Map(hard.map((k) => [k, ZERO]));
  const ns = quota.metadata.namespace!;
  for (const type of typesFor(api, hard)) {
    for (const obj of api.list(type, ns)) {
      if (!inScope(quota, type, obj)) continue;
      for (const [k, q] of usageOf(type, obj)) if (total.has(k)) total.set(k, add(total.get(k)!, q));
    }
  }
  const hardList = quota.spec.hard as ResourceList;
  // Usage prints in the hard value's style (`1Gi` → binary), as the controller's quantities do.
  return Object.fromEntries(
    [...total].map(([k, q]) => [k, formatQuantity({ nanos: q.nanos, binary: q.binary || !!parseQuantity(hardList[k])?.binary })]),
  );
}

/** The ResourceQuota admission check for a create in a namespace with quotas. */
export function admitQuota(api: ApiServer, obj: KubeObject, type: ResourceType): void {
  const quotaType = api.registry.forKind('v1', 'ResourceQuota')!;
  const quotas = api.list(quotaType, obj.metadata.namespace);
  if (quotas.length === 0) return;
  const delta = usageOf(type, obj);
  for (const quota of quotas) {
    if (!inScope(quota, type, obj)) continue;
    const hard = (quota.spec?.hard ?? {}) as ResourceList;
    const tracked = Object.keys(hard).filter((k) => delta.has(k) || (type.kind === 'Pod' && MUST_SPECIFY.has(k)));
    if (type.kind === 'Pod') checkContainersSpecify(obj, quota, tracked);
    const requested = [...delta].filter(([k, q]) => k in hard && q.nanos !== 0n);
    if (requested.length === 0) continue;
    const used = quotaUsage(api, quota);
    const exceeded = requested
      .filter(([k, q]) => compare(add(parseQuantity(used[k]) ?? ZERO, q), parseQuantity(hard[k]) ?? ZERO) > 0)
      .map(([k]) => k)
      .sort();
    if (exceeded.length === 0) continue;
    const print = (f: (k: string) => string) => exceeded.map((k) => `${k}=${f(k)}`).join(',');
    throw forbidden(
      qualifiedName(type),
      obj,
      `exceeded quota: ${quota.metadata.name}, requested: ${print((k) => formatQuantity(delta.get(k)!))}, used: ${print((k) => used[k] ?? '0')}, limited: ${print((k) => formatQuantity(parseQuantity(hard[k])!))}`,
    );
  }
}

function checkContainersSpecify(pod: KubeObject, quota: KubeObject, tracked: string[]): void {
  const required = tracked.filter((k) => MUST_SPECIFY.has(k));
  if (required.length === 0) return;
  const missing = new Map<string, string[]>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const have = new Set<string>();
    for (const r of Object.keys(c.resources?.requests ?? {})) have.add(r).add(`requests.${r}`);
    for (const r of Object.keys(c.resources?.limits ?? {})) have.add(`limits.${r}`);
    for (const r of required) if (!have.has(r)) pushTo(missing, r, c.name);
  }
  if (missing.size === 0) return;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...new Set(missing.get(r))].sort().join(',')}`);
  throw forbidden('pods', pod, `failed quota: ${quota.metadata.name}: must specify ${parts.join('; ')}`);
}
