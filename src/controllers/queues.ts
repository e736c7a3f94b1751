/**
 * What the work-queue forms of the controllers share: mapping a changed pod to the owners and the
 * Services it concerns, and the per-owner view of its pods that the whole-cluster passes build for
 * everyone at once (read here through the informer indexes, see informer.ts).
 */
import { mapSelectorMatches } from '../api/labels.js';
import { collectionOf, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { objectKey, type KubeObject } from '../api/types.js';
import { byIndex } from './informer.js';
import type { OwnerIndex } from './pod-template.js';

export const EVENTS = 'core/events';
export const PODS = 'core/pods';
export const SERVICES = 'core/services';

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

/** The keys of the Services whose selector matches the pod before or after a change. */
export function servicesSelecting(api: ApiServer, pods: Array<KubeObject | undefined>): string[] {
  const keys: string[] = [];
  for (const pod of pods) {
    if (!pod) continue;
    const labels = pod.metadata.labels ?? {};
    const ns = pod.metadata.namespace ?? '';
    for (const k of Object.keys(labels)) {
      for (const svc of byIndex(api, SERVICES, 'selector', `${ns}\u0000${k}=${labels[k]}`)) {
        if (mapSelectorMatches(svc.spec.selector, labels)) keys.push(objectKey(svc.metadata.namespace, svc.metadata.name!));
      }
    }
  }
  return keys;
}
