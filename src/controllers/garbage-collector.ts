/**
 * Garbage collector: dependents whose owners are all gone are deleted (background);
 * owners in foreground deletion (finalizer foregroundDeletion) have their dependents
 * deleted first and lose the finalizer once none that block remain. Orphaning is done by
 * the API server's delete. One pass indexes every object by uid once.
 */
import { collectionOf, type ResourceType } from '../api/registry.js';
import { jsonEqual, type ApiServer } from '../api/server.js';
import { deepClone, objectKey, type KubeObject, type OwnerReference } from '../api/types.js';
import { byIndex, canIndex } from './informer.js';
import { byteOrder } from '../store/file-store.js';
import { collectionKeys, eachObject, EVENTS } from './queues.js';
import type { Controller } from './types.js';

const FOREGROUND = 'foregroundDeletion';

interface Entry {
  type: ResourceType;
  obj: KubeObject;
}

export const garbageCollector: Controller = {
  name: 'garbage-collector',
  reconcile(api: ApiServer): void {
    const byUid = new Map<string, Entry>();
    const dependents: Entry[] = [];
    for (const type of api.registry.types) {
      if (type.kind === 'Event') continue;
      // Each object read in its turn and only what the collector decides on kept: a listing of
      // every collection would hold the whole cluster at once.
      for (const obj of eachObject(api, type)) {
        const entry = { type, obj: ownershipOf(obj) };
        byUid.set(obj.metadata.uid!, entry);
        if (obj.metadata.ownerReferences?.length) dependents.push(entry);
      }
    }
    const blockers = new Map<string, number>();
    for (const dep of dependents) {
      const refs = dep.obj.metadata.ownerReferences!;
      const present = refs.filter((r) => ownerExists(byUid, r, dep.obj));
      const foregroundOwners = present.filter((r) => isForegroundDeleting(byUid.get(r.uid)!.obj));
      if (present.length === 0) {
        deleteDependent(api, dep, 'Background');
        continue;
      }
      if (foregroundOwners.length > 0) {
        deleteDependent(api, dep, 'Foreground');
        for (const r of foregroundOwners) if (r.blockOwnerDeletion) blockers.set(r.uid, (blockers.get(r.uid) ?? 0) + 1);
        continue;
      }
      if (present.length < refs.length) {
        const live = api.tryGet(dep.type, dep.obj.metadata.namespace, dep.obj.metadata.name!);
        if (live?.metadata.uid === dep.obj.metadata.uid) dropDanglingRefs(api, live!, present);
      }
    }
    for (const { type, obj } of byUid.values()) {
      if (!isForegroundDeleting(obj) || blockers.has(obj.metadata.uid!)) continue;
      const live = api.tryGet(type, obj.metadata.namespace, obj.metadata.name!);
      if (!live) continue;
      const copy = deepClone(live);
      copy.metadata.finalizers = copy.metadata.finalizers!.filter((f) => f !== FOREGROUND);
      if (copy.metadata.finalizers.length === 0) delete copy.metadata.finalizers;
      api.update(copy, { trusted: true });
    }
  },
  // An object with owners, created or changed, is checked against its owners (key
  // `collection|key`). A deletion, or a change in how an object is being deleted, also concerns
  // its dependents (found through the informer's owner index) and, when it was one, its owners in
  // foreground deletion, which may now have nothing left that blocks them (key
  // `owner|collection|key|uid`: the object with that uid under that key, as an owner).
  keysFor(change, api) {
    if (change.collection === EVENTS) return [];
    const cur = api.store.get(change.collection, change.key) as KubeObject | undefined;
    const old = change.old as KubeObject | undefined;
    const keys: string[] = [];
    if (!cur || (old && (old.metadata.uid !== cur.metadata.uid || deletionState(old) !== deletionState(cur)))) {
      if (!canIndex(api)) return undefined;
      for (const obj of [old, cur]) {
        if (!obj?.metadata.uid) continue;
        keys.push(`owner|${change.collection}|${change.key}|${obj.metadata.uid}`);
        for (const ref of obj.metadata.ownerReferences ?? []) {
          const ownerType = api.registry.forKind(ref.apiVersion, ref.kind);
          if (!ownerType) return undefined;
          keys.push(`owner|${collectionOf(ownerType)}|${objectKey(ownerType.namespaced ? obj.metadata.namespace : undefined, ref.name)}|${ref.uid}`);
        }
      }
    }
    if (!cur) return keys;
    const refs = cur.metadata.ownerReferences ?? [];
    if (refs.length === 0) return keys;
    // An update that left the owner references and the deletion state as they were cannot change
    // what the collector decides about the object (a pod's status, a Lease's renewal): its owners'
    // comings and goings are queued from their side, above.
    if (old && old.metadata.uid === cur.metadata.uid && deletionState(old) === deletionState(cur) && jsonEqual(old.metadata.ownerReferences, cur.metadata.ownerReferences)) return keys;
    // An owner kind this cluster cannot resolve is for the whole-cluster pass, which finds owners by uid.
    if (!refs.every((r) => api.registry.forKind(r.apiVersion, r.kind))) return undefined;
    keys.push(`${change.collection}|${change.key}`);
    return keys;
  },
  // The whole-cluster pass checks every object as a dependent and, in foreground deletion, as an
  // owner: key `resync|collection|key` does both for one object.
  allKeys(api) {
    const keys: string[] = [];
    for (const type of api.registry.types) {
      if (type.kind === 'Event') continue;
      const collection = collectionOf(type);
      for (const key of collectionKeys(api, collection)) keys.push(`${RESYNC}${collection}|${key}`);
    }
    return keys.sort(byteOrder);
  },
  reconcileKey(api, key) {
    if (key.startsWith('owner|')) return reconcileOwner(api, key);
    if (key.startsWith(RESYNC)) return resyncObject(api, key.slice(RESYNC.length));
    const bar = key.indexOf('|');
    const collection = key.slice(0, bar);
    const type = api.registry.types.find((t) => collectionOf(t) === collection);
    const obj = api.store.get(collection, key.slice(bar + 1)) as KubeObject | undefined;
    if (!type || !obj?.metadata.ownerReferences?.length) return;
    const byUid = new Map<string, Entry>();
    for (const ref of obj.metadata.ownerReferences) {
      const ownerType = api.registry.forKind(ref.apiVersion, ref.kind);
      const owner = ownerType && api.tryGet(ownerType, ownerType.namespaced ? obj.metadata.namespace : undefined, ref.name);
      if (owner) byUid.set(owner.metadata.uid!, { type: ownerType, obj: owner });
    }
    const dep = { type, obj };
    const refs = obj.metadata.ownerReferences;
    const present = refs.filter((r) => ownerExists(byUid, r, obj));
    if (present.length === 0) deleteDependent(api, dep, 'Background');
    else if (present.some((r) => isForegroundDeleting(byUid.get(r.uid)!.obj))) deleteDependent(api, dep, 'Foreground');
    else if (present.length < refs.length) dropDanglingRefs(api, obj, present);
  },
};

const RESYNC = 'resync|';

/** What the whole-cluster pass does about one object (`collection|key`): as a dependent, then as an owner. */
function resyncObject(api: ApiServer, key: string): void {
  garbageCollector.reconcileKey!(api, key, new Map());
  const bar = key.indexOf('|');
  const obj = api.store.get(key.slice(0, bar), key.slice(bar + 1)) as KubeObject | undefined;
  if (obj && isForegroundDeleting(obj)) reconcileOwner(api, `owner|${key}|${obj.metadata.uid}`);
}

/**
 * What the whole-cluster pass does about one owner (by uid): each of its dependents is checked
 * against all its owners, and the owner, in foreground deletion, loses its finalizer once none of
 * its dependents blocks it.
 */
function reconcileOwner(api: ApiServer, key: string): void {
  const [, collection, objKey, uid] = key.split('|') as [string, string, string, string];
  const blockers = new Set<string>();
  for (const type of api.registry.types) {
    if (type.kind === 'Event') continue;
    for (const obj of byIndex(api, collectionOf(type), 'owner', uid)) {
      const byUid = new Map<string, Entry>();
      for (const ref of obj.metadata.ownerReferences!) {
        const ownerType = api.registry.forKind(ref.apiVersion, ref.kind);
        const owner = ownerType && api.tryGet(ownerType, ownerType.namespaced ? obj.metadata.namespace : undefined, ref.name);
        if (owner) byUid.set(owner.metadata.uid!, { type: ownerType, obj: owner });
      }
      const refs = obj.metadata.ownerReferences!;
      const present = refs.filter((r) => ownerExists(byUid, r, obj));
      const foregroundOwners = present.filter((r) => isForegroundDeleting(byUid.get(r.uid)!.obj));
      const dep = { type, obj };
      if (present.length === 0) deleteDependent(api, dep, 'Background');
      else if (foregroundOwners.length > 0) {
        deleteDependent(api, dep, 'Foreground');
        for (const r of foregroundOwners) if (r.blockOwnerDeletion) blockers.add(r.uid);
      } else if (present.length < refs.length) dropDanglingRefs(api, obj, present);
    }
  }
  const owner = api.store.get(collection, objKey) as KubeObject | undefined;
  if (!owner || owner.metadata.uid !== uid || !isForegroundDeleting(owner) || blockers.has(uid)) return;
  const copy = deepClone(owner);
  copy.metadata.finalizers = copy.metadata.finalizers!.filter((f) => f !== FOREGROUND);
  if (copy.metadata.finalizers.length === 0) delete copy.metadata.finalizers;
  api.update(copy, { trusted: true });
}

/** The metadata the whole-cluster pass decides on: identity, owners, and how the object is being deleted. */
function ownershipOf(obj: KubeObject): KubeObject {
  const { name, namespace, uid, deletionTimestamp, finalizers, ownerReferences } = obj.metadata;
  return { metadata: { name, namespace, uid, deletionTimestamp, finalizers, ownerReferences } } as KubeObject;
}

/** What the collector acts on in an object's own deletion: its deletionTimestamp and foreground finalizer. */
function deletionState(obj: KubeObject): string {
  return `${obj.metadata.deletionTimestamp ?? ''}|${isForegroundDeleting(obj)}`;
}

function ownerExists(byUid: Map<string, Entry>, ref: OwnerReference, dependent: KubeObject): boolean {
  const owner = byUid.get(ref.uid);
  if (!owner || owner.obj.metadata.name !== ref.name) return false;
  // A namespaced owner must be in the dependent's namespace.
  return !owner.type.namespaced || owner.obj.metadata.namespace === dependent.metadata.namespace;
}

function isForegroundDeleting(obj: KubeObject): boolean {
  return obj.metadata.deletionTimestamp !== undefined && (obj.metadata.finalizers ?? []).includes(FOREGROUND);
}

function deleteDependent(api: ApiServer, dep: Entry, policy: 'Background' | 'Foreground'): void {
  const live = api.tryGet(dep.type, dep.obj.metadata.namespace, dep.obj.metadata.name!);
  if (!live || live.metadata.deletionTimestamp) return;
  api.delete(dep.type, live.metadata.namespace, live.metadata.name!, { propagationPolicy: policy });
}

function dropDanglingRefs(api: ApiServer, obj: KubeObject, keep: OwnerReference[]): void {
  const copy = deepClone(obj);
  copy.metadata.ownerReferences = keep;
  api.put(copy);
}
