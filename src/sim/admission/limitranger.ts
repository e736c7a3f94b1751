/**
 * LimitRanger: default container requests/limits from the namespace's LimitRanges, then
 * refuse pods and claims outside their min/max, with the plugin's texts.
 */
import type { ApiServer } from '../../api/server.js';
import type { KubeObject } from '../../api/types.js';
import { canonical, compare, formatQuantity, parseQuantity, ZERO, add, type Quantity, type ResourceList } from './quantity.js';
import { forbidden } from './pod.js';

const ANNOTATION = 'kubernetes.io/limit-ranger';

interface LimitItem {
  type: string;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  min?: ResourceList;
  max?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

/** A LimitRange item as SetDefaults_LimitRangeItem completes it (default ← max, defaultRequest ← default, min). */
export function effectiveItem(item: LimitItem): LimitItem {
  if (item.type !== 'Container') return item;
  const def: ResourceList = { ...(item.default ?? {}) };
  for (const [k, v] of Object.entries(item.max ?? {})) def[k] ??= v;
  const req: ResourceList = { ...(item.defaultRequest ?? {}) };
  for (const [k, v] of Object.entries(def)) req[k] ??= v;
  for (const [k, v] of Object.entries(item.min ?? {})) req[k] ??= v;
  return { ...item, default: def, defaultRequest: req };
}

function itemsOf(api: ApiServer, ns: string): LimitItem[] {
  const lrType = api.registry.forKind('v1', 'LimitRange')!;
  return api.list(lrType, ns).flatMap((lr) => ((lr.spec?.limits ?? []) as LimitItem[]).map(effectiveItem));
}

/** Defaults and checks a pod being created; returns true when it changed the pod's resources. */
export function admitPodLimits(api: ApiServer, pod: KubeObject): boolean {
  const items = itemsOf(api, pod.metadata.namespace!);
  if (items.length === 0) return false;
  const changed = applyDefaults(pod, items);
  const errors = [...checkContainers(pod, items), ...checkPod(pod, items)];
  if (errors.length) throw forbidden('pods', pod, aggregate(errors));
  return changed;
}

export function admitClaimLimits(api: ApiServer, pvc: KubeObject): void {
  const items = itemsOf(api, pvc.metadata.namespace!).filter((i) => i.type === 'PersistentVolumeClaim');
  const errors: string[] = [];
  const requests = pvc.spec?.resources?.requests ?? {};
  const limits = pvc.spec?.resources?.limits ?? {};
  for (const item of items) errors.push(...checkBounds('PersistentVolumeClaim', item, requests, limits));
  if (errors.length) throw forbidden('persistentvolumeclaims', pvc, aggregate(errors));
}

/** utilerrors.NewAggregate's message: one error as is, several in brackets. */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
}

function applyDefaults(pod: KubeObject, items: LimitItem[]): boolean {
  const defaults = items.filter((i) => i.type === 'Container');
  const notes: string[] = [];
  const apply = (containers: any[] | undefined, kind: string) => {
    for (const c of containers ?? []) {
      const resources = (c.resources ??= {});
      const setLimits: string[] = [];
      const setRequests: string[] = [];
      for (const item of defaults) {
        for (const [k, v] of Object.entries(item.default ?? {})) {
          if (resources.limits?.[k] !== undefined) continue;
          (resources.limits ??= {})[k] = canonical(v);
          setLimits.push(k);
        }
        for (const [k, v] of Object.entries(item.defaultRequest ?? {})) {
          if (resources.requests?.[k] !== undefined) continue;
          (resources.requests ??= {})[k] = canonical(v);
          setRequests.push(k);
        }
      }
      if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${kind} ${c.name}`);
      if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${kind} ${c.name}`);
    }
  };
  apply(pod.spec.containers, 'container');
  apply(pod.spec.initContainers, 'init container');
  if (notes.length === 0) return false;
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  return true;
}

function checkContainers(pod: KubeObject, items: LimitItem[]): string[] {
  const errors: string[] = [];
  for (const item of items.filter((i) => i.type === 'Container')) {
    for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
      errors.push(...checkBounds('Container', item, c.resources?.requests ?? {}, c.resources?.limits ?? {}));
    }
  }
  return errors;
}

function checkPod(pod: KubeObject, items: LimitItem[]): string[] {
  const podItems = items.filter((i) => i.type === 'Pod');
  if (podItems.length === 0) return [];
  const requests = podTotal(pod, 'requests');
  const limits = podTotal(pod, 'limits');
  return podItems.flatMap((item) => checkBounds('Pod', item, requests, limits));
}

/** A pod's effective requests or limits: containers summed, init containers as a floor. */
export function podTotal(pod: KubeObject, which: 'requests' | 'limits'): ResourceList {
  const sum = new Map<string, Quantity>();
  for (const c of pod.spec?.containers ?? []) {
    for (const [k, v] of Object.entries((c.resources?.[which] ?? {}) as ResourceList)) sum.set(k, add(sum.get(k) ?? ZERO, parseQuantity(v) ?? ZERO));
  }
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, v] of Object.entries((c.resources?.[which] ?? {}) as ResourceList)) {
      const q = parseQuantity(v) ?? ZERO;
      if (compare(q, sum.get(k) ?? ZERO) > 0) sum.set(k, q);
    }
  }
  return Object.fromEntries([...sum].map(([k, q]) => [k, formatQuantity(q)]));
}

function checkBounds(limitType: string, item: LimitItem, requests: ResourceList, limits: ResourceList): string[] {
  const errors: string[] = [];
  for (const [k, v] of sortedEntries(item.min)) {
    const enforced = canonical(v);
    const req = parseQuantity(requests[k]);
    const lim = parseQuantity(limits[k]);
    const min = parseQuantity(v)!;
    if (!req) errors.push(`minimum ${k} usage per ${limitType} is ${enforced}.  No request is specified`);
    else if (compare(req, min) < 0) errors.push(`minimum ${k} usage per ${limitType} is ${enforced}, but request is ${canonical(requests[k]!)}`);
    else if (lim && compare(lim, min) < 0) errors.push(`minimum ${k} usage per ${limitType} is ${enforced}, but limit is ${canonical(limits[k]!)}`);
  }
  for (const [k, v] of sortedEntries(item.max)) {
    const enforced = canonical(v);
    const max = parseQuantity(v)!;
    const req = parseQuantity(requests[k]);
    const lim = parseQuantity(limits[k]);
    // A PersistentVolumeClaim has no limits: its request is what is bounded.
    if (limitType === 'PersistentVolumeClaim') {
      if (!req) errors.push(`maximum ${k} usage per ${limitType} is ${enforced}.  No request is specified`);
      else if (compare(req, max) > 0) errors.push(`maximum ${k} usage per ${limitType} is ${enforced}, but request is ${canonical(requests[k]!)}`);
      continue;
    }
    if (!lim) errors.push(`maximum ${k} usage per ${limitType} is ${enforced}.  No limit is specified`);
    else if (compare(lim, max) > 0) errors.push(`maximum ${k} usage per ${limitType} is ${enforced}, but limit is ${canonical(limits[k]!)}`);
    else if (req && compare(req, max) > 0) errors.push(`maximum ${k} usage per ${limitType} is ${enforced}, but request is ${canonical(requests[k]!)}`);
  }
  for (const [k, v] of sortedEntries(item.maxLimitRequestRatio)) {
    const enforced = canonical(v);
    const req = parseQuantity(requests[k]);
    const lim = parseQuantity(limits[k]);
    if (!req || req.nanos === 0n) {
      errors.push(`${k} max limit to request ratio per ${limitType} is ${enforced}, but no request is specified or request is 0`);
    } else if (!lim) {
      errors.push(`${k} max limit to request ratio per ${limitType} is ${enforced}, but no limit is specified`);
    } else {
      const ratio = Number(lim.nanos) / Number(req.nanos);
      const max = Number(parseQuantity(v)!.nanos) / 1e9;
      if (ratio > max) errors.push(`${k} max limit to request ratio per ${limitType} is ${enforced}, but provided ratio is ${ratio.toFixed(6)}`);
    }
  }
  return errors;
}

function sortedEntries(list: ResourceList | undefined): Array<[string, string]> {
  return Object.entries(list ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
