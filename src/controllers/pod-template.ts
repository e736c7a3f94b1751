/**
 * What the workload controllers share: owner references, claiming by selector, pod
 * state predicates, creating a pod from a template, and per-pass indexes.
 */
import type { ResourceType } from '../api/registry.js';
import type { ApiServer, WriteOptions } from '../api/server.js';
import { deepClone, type KubeObject, type OwnerReference } from '../api/types.js';
import { jsonEqual } from '../api/server.js';

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function typeByKind(api: ApiServer, apiVersion: string, kind: string): ResourceType {
  return api.registry.forKind(apiVersion, kind)!;
}

export const podType = (api: ApiServer): ResourceType => typeByKind(api, 'v1', 'Pod');

/** Objects grouped by the uid of their controller, plus those with no controller, per namespace. */
export interface OwnerIndex {
  byOwner: Map<string, KubeObject[]>;
  orphansByNamespace: Map<string, KubeObject[]>;
}

export function indexByController(objects: KubeObject[]): OwnerIndex {
  const byOwner = new Map<string, KubeObject[]>();
  const orphansByNamespace = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const ref = controllerOf(o);
    const key = ref ? ref.uid : (o.metadata.namespace ?? '');
    const map = ref ? byOwner : orphansByNamespace;
    const list = map.get(key);
    if (list) list.push(o);
    else map.set(key, [o]);
  }
  return { byOwner, orphansByNamespace };
}

/**
 * ClaimObjects (controller_ref_manager.go): keeps owned objects that still match, adopts
 * matching orphans, releases owned objects that no longer match. A controller being
 * deleted adopts nothing. Writes the ownerReference changes and returns the claimed set.
 */
export function claim(api: ApiServer, owner: KubeObject, index: OwnerIndex, match: (o: KubeObject) => boolean): KubeObject[] {
  const claimed: KubeObject[] = [];
  const deleting = owner.metadata.deletionTimestamp !== undefined;
  for (const o of index.byOwner.get(owner.metadata.uid!) ?? []) {
    if (match(o) || deleting) {
      claimed.push(o);
      continue;
    }
    if (o.metadata.deletionTimestamp) continue;
    const copy = deepClone(o);
    copy.metadata.ownerReferences = copy.metadata.ownerReferences!.filter((r) => r.uid !== owner.metadata.uid);
    if (copy.metadata.ownerReferences.length === 0) delete copy.metadata.ownerReferences;
    api.put(copy);
  }
  if (deleting) return claimed;
  const orphans = index.orphansByNamespace.get(owner.metadata.namespace ?? '') ?? [];
  for (let i = 0; i < orphans.length; i++) {
    const o = orphans[i]!;
    if (o.metadata.deletionTimestamp || !match(o)) continue;
    const copy = deepClone(o);
    copy.metadata.ownerReferences = [...(copy.metadata.ownerReferences ?? []), controllerRef(owner)];
    claimed.push(api.put(copy));
    orphans.splice(i--, 1);
  }
  return claimed;
}

export function isTerminated(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  return !isTerminated(pod) && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: KubeObject): { status: string; lastTransitionTime?: string } | undefined {
  return (pod.status?.conditions as Array<{ type: string; status: string; lastTransitionTime?: string }> | undefined)?.find(
    (c) => c.type === 'Ready',
  );
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** podutil.IsPodAvailable: Ready for at least minReadySeconds. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
  return since + minReadySeconds * 1000 <= nowMs;
}

/** When a ready pod becomes available, if that is still ahead (for the loop's timed work). */
export function availableAt(pod: KubeObject, minReadySeconds: number, nowMs: number): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== 'True' || !minReadySeconds || !c.lastTransitionTime) return undefined;
  const at = Date.parse(c.lastTransitionTime) + minReadySeconds * 1000;
  return at > nowMs ? at : undefined;
}

/** controller.GetPodFromTemplate: a pod built from a template, owned by `owner`. */
export function podFromTemplate(template: KubeObject['spec'], owner: KubeObject, extraLabels: Record<string, string> = {}): KubeObject {
  const t = deepClone(template ?? {});
  const meta = t.metadata ?? {};
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}), ...extraLabels },
      ownerReferences: [controllerRef(owner)],
    },
    spec: t.spec ?? {},
  };
  if (meta.annotations && Object.keys(meta.annotations).length) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}

/**
 * Creates an object through the API (defaulting, validation, admission); undefined and a
 * FailedCreate event when refused. `opts.trusted` skips defaulting and validation, for objects
 * whose template was already defaulted and validated with its owner (a ReplicaSet from its
 * Deployment must keep the template exactly, or the two would never compare equal).
 */
export function createOwned(api: ApiServer, obj: KubeObject, owner: KubeObject, component: string, opts: WriteOptions = {}): KubeObject | undefined {
  try {
    // The controllers that own objects run in kube-controller-manager: its name is on what they create.
    return api.create(obj, { fieldManager: 'kube-controller-manager', ...opts });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    recordEventOnce(api, owner, 'Warning', 'FailedCreate', `Error creating: ${message}`, component);
    return undefined;
  }
}

/** Deletes quietly if it is still there (another pass or controller may have got there first). */
export function deleteIfPresent(api: ApiServer, type: ResourceType, obj: KubeObject, policy?: 'Background' | 'Foreground'): boolean {
  if (!api.tryGet(type, obj.metadata.namespace, obj.metadata.name!)) return false;
  api.delete(type, obj.metadata.namespace, obj.metadata.name!, policy ? { propagationPolicy: policy } : {});
  return true;
}

/** Writes status only when it changed (a second pass must write nothing). */
export function writeStatus(api: ApiServer, obj: KubeObject, status: unknown): KubeObject {
  if (jsonEqual(obj.status, status)) return obj;
  return api.put({ ...obj, status });
}

/** Replaces the spec.replicas of an owned object. */
export function setReplicas(api: ApiServer, obj: KubeObject, replicas: number, annotations?: Record<string, string>): KubeObject {
  const copy = deepClone(obj);
  copy.spec.replicas = replicas;
  if (annotations) copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), ...annotations };
  return api.put(copy);
}

/** Earliest of several optional times. */
export function earliest(...times: Array<number | undefined | void>): number | undefined {
  let best: number | undefined;
  for (const t of times) if (typeof t === 'number' && (best === undefined || t < best)) best = t;
  return best;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

export function getCondition(status: { conditions?: Condition[] } | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Records an event unless the same one was already recorded (at or after `since`). For
 * conditions a level-triggered pass sees again and again (a skipped schedule, an invalid
 * spec), so that a settled cluster stops writing.
 */
export function recordEventOnce(
  api: ApiServer, obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string, since?: string,
): void {
  const seen = api.eventsFor(obj).some((e) => e.reason === reason && e.message === message && (!since || (e.lastTimestamp ?? '') >= since));
  if (!seen) api.recordEvent(obj, type, reason, message, { component });
}
