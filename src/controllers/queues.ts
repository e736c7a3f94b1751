/**
 * What the work-queue forms of the controllers share: mapping a changed pod to the owners and the
 * Services it concerns, and the per-owner view of its pods that the whole-cluster passes build for
 * everyone at once (read here through the informer indexes, see informer.ts).
 */
import { mapSelectorMatches } from '../api/labels.js';
import { collectionOf, type ResourceType } from '../api/registry.js';
import { jsonEqual, type ApiServer } from '../api/server.js';
import { objectKey, type KubeObject } from '../api/types.js';
import { byIndex } from './informer.js';
import type { OwnerIndex } from './pod-template.js';
import type { Change, Transaction } from '../store/types.js';
import { noteRead } from './read-tracker.js';
import { byteOrder } from '../store/file-store.js';
import type { Controller } from './types.js';

export const EVENTS = 'core/events';
export const NODES = 'core/nodes';
export const PODS = 'core/pods';
export const SERVICES = 'core/services';

/**
 * Every key of a collection in byte order, without parsing its objects where the store can; noted as
 * a read of the collection (a resync that found none must run again when one comes).
 */
export function collectionKeys(api: ApiServer, collection: string): string[] {
  const store = api.store;
  noteRead(api, collection);
  return store.keys?.(collection) ?? store.list(collection).map(([k]) => k);
}

/**
 * The objects of a type in listing order, each read when its turn comes (the store may drop the
 * shards read before: see file-store.ts hold), for a whole-cluster pass that needs each object only
 * for its own turn: what api.list gives, without holding the whole collection at once. An object
 * is as it is when its turn comes.
 */
export function* eachObject(api: ApiServer, type: ResourceType): Iterable<KubeObject> {
  const collection = collectionOf(type);
  for (const key of collectionKeys(api, collection)) {
    const obj = api.store.get(collection, key) as KubeObject | undefined;
    if (obj) yield obj;
  }
}

/** The keys of two listings, each in byte order, merged without duplicates. */
export function mergeKeys(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort(byteOrder);
}

/** `namespace/name` or `name` back into its parts. */
export function splitKey(key: string): [namespace: string | undefined, name: string] {
  const slash = key.indexOf('/');
  return slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
}

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/**
 * The keys of the owners of `type` a pod change concerns: the one its controller reference names
 * (before and after), and, for a pod that has none now, every owner in its namespace whose
 * selector matches it, since one of them may adopt it.
 */
export function ownerKeysForPod(
  api: ApiServer,
  type: ResourceType,
  old: KubeObject | undefined,
  cur: KubeObject | undefined,
  matcher: (owner: KubeObject) => (pod: KubeObject) => boolean,
): string[] {
  const keys: string[] = [];
  for (const pod of [old, cur]) {
    const ref = pod?.metadata.ownerReferences?.find((r) => r.controller);
    if (ref && ref.kind === type.kind && groupOf(ref.apiVersion) === type.group) keys.push(objectKey(pod!.metadata.namespace, ref.name));
  }
  if (cur && !cur.metadata.ownerReferences?.some((r) => r.controller) && !cur.metadata.deletionTimestamp) {
    for (const owner of byIndex(api, collectionOf(type), 'namespace', cur.metadata.namespace ?? '')) {
      if (matcher(owner)(cur)) keys.push(objectKey(owner.metadata.namespace, owner.metadata.name!));
    }
  }
  return keys;
}

/** The OwnerIndex a whole-cluster pass would hand `owner`'s sync: its own objects and its namespace's orphans. */
export function ownerIndexFor(api: ApiServer, type: ResourceType, owner: KubeObject): OwnerIndex {
  const collection = collectionOf(type);
  const ns = owner.metadata.namespace ?? '';
  return {
    byOwner: new Map([[owner.metadata.uid!, byIndex(api, collection, 'controller', owner.metadata.uid!)]]),
    orphansByNamespace: new Map([[ns, byIndex(api, collection, 'controller', `orphan:${ns}`)]]),
  };
}

/** Fields of metadata any update changes (bookkeeping), which no controller reads from a pod. */
const BOOKKEEPING = new Set(['resourceVersion', 'managedFields']);

/**
 * Whether a pod changed in nothing but its labels (and, `annotations`, its annotations) and the
 * bookkeeping of any update: what `kubectl label|annotate pod` does. Such a change can alter what a
 * controller computes only through those maps.
 */
export function onlyMetadataMapsChanged(old: KubeObject | undefined, cur: KubeObject | undefined, annotations: boolean): boolean {
  if (!old || !cur) return false;
  const skip = new Set(['labels', ...(annotations ? ['annotations'] : []), ...BOOKKEEPING]);
  const differ = (a: Record<string, unknown>, b: Record<string, unknown>, ignore: (k: string) => boolean): boolean => {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (!ignore(k) && !jsonEqual(a[k], b[k])) return true;
    return false;
  };
  return !differ(old, cur, (k) => k === 'metadata') && !differ(old.metadata as Record<string, unknown>, cur.metadata as Record<string, unknown>, (k) => skip.has(k));
}

/** The label keys a change added, removed or gave another value. */
function changedLabelKeys(old: KubeObject, cur: KubeObject): string[] {
  const a = old.metadata.labels ?? {};
  const b = cur.metadata.labels ?? {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !Object.hasOwn(a, k) || !Object.hasOwn(b, k) || a[k] !== b[k]);
}

/**
 * Whether a pod change cannot concern its controller of `type` (a ReplicaSet, and the Deployment
 * over it): only labels changed, and none the owner's selector or pod template mentions, so neither
 * which pods it selects nor what it counts (fully labelled replicas) can move. Any other change, a
 * pod without such a controller, or an owner not found, concerns it.
 */
export function labelChangeIgnoredByOwner(api: ApiServer, type: ResourceType, old: KubeObject | undefined, cur: KubeObject | undefined): boolean {
  if (!onlyMetadataMapsChanged(old, cur, false)) return false;
  const ref = cur!.metadata.ownerReferences?.find((r) => r.controller);
  if (!ref || ref.kind !== type.kind || groupOf(ref.apiVersion) !== type.group) return false;
  const owner = api.tryGet(type, cur!.metadata.namespace, ref.name);
  if (!owner || owner.metadata.uid !== ref.uid) return false;
  // Conservative: a key named anywhere in the selector or the template's labels counts.
  const mentioned = JSON.stringify([owner.spec?.selector, owner.spec?.template?.metadata?.labels]);
  return !changedLabelKeys(old!, cur!).some((k) => mentioned.includes(JSON.stringify(k)));
}

/**
 * The keys of the Services a pod change concerns: those whose selector matches it before or after;
 * when only its labels and annotations changed, only those that match it on one side (the others'
 * endpoints read neither map).
 */
export function servicesConcerned(api: ApiServer, old: KubeObject | undefined, cur: KubeObject | undefined): string[] {
  // The Endpoints and EndpointSlice controllers map the same changes: whether one changed only
  // metadata maps is worked out once per change (its old and current objects).
  let onlyMaps: boolean;
  const seen = old && cur ? onlyMapsMemo.get(old) : undefined;
  if (seen && seen.cur === cur) onlyMaps = seen.onlyMaps;
  else {
    onlyMaps = onlyMetadataMapsChanged(old, cur, true);
    if (old && cur) onlyMapsMemo.set(old, { cur, onlyMaps });
  }
  if (!onlyMaps) return servicesSelecting(api, [old, cur]);
  const before = new Set(servicesSelecting(api, [old]));
  const after = new Set(servicesSelecting(api, [cur]));
  return [...[...before].filter((k) => !after.has(k)), ...[...after].filter((k) => !before.has(k))];
}

/** onlyMetadataMapsChanged(old, cur, true) by the old object of a change (objects in the store are not changed in place). */
const onlyMapsMemo = new WeakMap<object, { cur: object; onlyMaps: boolean }>();

/** The keys of the Services whose selector matches the pod before or after a change. */
export function servicesSelecting(api: ApiServer, pods: Array<KubeObject | undefined>): string[] {
  const keys: string[] = [];
  for (const pod of pods) if (pod) for (const k of servicesSelectingPod(api, pod)) keys.push(k);
  return keys;
}

/**
 * The Services whose selector matches one pod depend only on its namespace and labels (and on the
 * Services): worked out once per label set while the Services stay as they are in the transaction
 * (their collection not written since), and shared by every pod with those labels (a ReplicaSet's
 * pods) and by each controller that maps pod changes to Services (Endpoints, EndpointSlices). The
 * list returned is shared: callers copy from it, never change it.
 */
const selectingMemo = new WeakMap<object, { servicesWrite: number; byLabels: Map<string, readonly string[]> }>();

export function servicesSelectingPod(api: ApiServer, pod: KubeObject): readonly string[] {
  const store = api.store as Transaction;
  const root = (store.underlying as Transaction | undefined) ?? store;
  if (typeof root.lastWrite !== 'function') return scanServicesSelecting(api, pod);
  const servicesWrite = root.lastWrite(SERVICES);
  let memo = selectingMemo.get(root);
  if (!memo || memo.servicesWrite !== servicesWrite) selectingMemo.set(root, (memo = { servicesWrite, byLabels: new Map() }));
  const id = `${pod.metadata.namespace ?? ''}\u0000${JSON.stringify(pod.metadata.labels ?? {})}`;
  const hit = memo.byLabels.get(id);
  if (hit) {
    // The read a scan would have made, for the loop's read tracking.
    noteRead(api, SERVICES);
    return hit;
  }
  const keys = scanServicesSelecting(api, pod);
  memo.byLabels.set(id, keys);
  return keys;
}

/** The Services matching one pod, through the selector index. */
export function scanServicesSelecting(api: ApiServer, pod: KubeObject): string[] {
  const keys: string[] = [];
  const labels = pod.metadata.labels ?? {};
  const ns = pod.metadata.namespace ?? '';
  for (const k of Object.keys(labels)) {
    for (const svc of byIndex(api, SERVICES, 'selector', `${ns}\u0000${k}=${labels[k]}`)) {
      if (mapSelectorMatches(svc.spec.selector, labels)) keys.push(objectKey(svc.metadata.namespace, svc.metadata.name!));
    }
  }
  return keys;
}

/** A workload controller over objects it owns (pods, ControllerRevisions), described for ownerQueue. */
export interface OwnerQueue {
  apiVersion: string;
  kind: string;
  /** The owner's selector as its claim matches owned objects (a superset does no harm: extra keys). */
  selects(owner: KubeObject, obj: KubeObject): boolean;
  /** The kinds of owned objects, each claimed with its own OwnerIndex, in the order `sync` takes them. */
  owned: Array<{ apiVersion: string; kind: string }>;
  /** Changes of other collections: their keys, or undefined for a whole-cluster run. */
  other?(change: Change, api: ApiServer): string[] | undefined;
  /** One owner's sync, as the whole-cluster pass runs it (owners being deleted are skipped first). */
  sync(api: ApiServer, type: ResourceType, owner: KubeObject, indexes: OwnerIndex[], run: Map<string, unknown>): number | undefined;
}

/**
 * keysFor and reconcileKey for a controller that syncs each owner against the objects it owns: an
 * owner is its own key, an owned object goes to its controller (or, orphaned, to the owners that
 * may adopt it), events to none.
 */
export function ownerQueue(q: OwnerQueue): Required<Pick<Controller, 'keysFor' | 'reconcileKey' | 'allKeys'>> {
  const ownerType = (api: ApiServer) => api.registry.forKind(q.apiVersion, q.kind)!;
  const ownedTypes = (api: ApiServer) => q.owned.map((o) => api.registry.forKind(o.apiVersion, o.kind)!);
  return {
    keysFor(change, api) {
      const type = ownerType(api);
      if (change.collection === collectionOf(type)) return [change.key];
      if (change.collection === EVENTS) return [];
      if (ownedTypes(api).some((t) => collectionOf(t) === change.collection)) {
        const cur = api.store.get(change.collection, change.key) as KubeObject | undefined;
        return ownerKeysForPod(api, type, change.old as KubeObject | undefined, cur, (owner) => (o) => q.selects(owner, o));
      }
      return q.other?.(change, api);
    },
    // The whole-cluster pass syncs every owner (skipping those being deleted, as reconcileKey does).
    allKeys: (api) => collectionKeys(api, collectionOf(ownerType(api))),
    reconcileKey(api, key, run) {
      const type = ownerType(api);
      const [namespace, name] = splitKey(key);
      const owner = api.tryGet(type, namespace, name);
      if (!owner || owner.metadata.deletionTimestamp) return;
      return q.sync(api, type, owner, ownedTypes(api).map((t) => ownerIndexFor(api, t, owner)), run);
    },
  };
}
