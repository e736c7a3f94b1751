/**
 * Garbage collector: dependents whose owners are all gone are deleted (background);
 * owners in foreground deletion (finalizer foregroundDeletion) have their dependents
 * deleted first and lose the finalizer once none that block remain. Orphaning is done by
 * the API server's delete. One pass indexes every object by uid once.
 */
import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject, type OwnerReference } from '../api/types.js';
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
      for (const obj of api.list(type)) {
        byUid.set(obj.metadata.uid!, { type, obj });
        if (obj.metadata.ownerReferences?.length) dependents.push({ type, obj });
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
      if (present.length < refs.length) dropDanglingRefs(api, dep.obj, present);
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
};

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
