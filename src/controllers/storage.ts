/**
 * The PersistentVolume controller with kind's local-path provisioner: binds claims to
 * matching volumes, provisions `pvc-<uid>` volumes from their StorageClass (for
 * WaitForFirstConsumer classes once a pod using the claim is on a node), keeps volume and
 * claim phases, reclaims released volumes, and lifts the protection finalizers once a
 * claim or volume is no longer in use.
 */
import { labelSelectorMatches } from '../api/labels.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { compare, parseQuantity, ZERO } from '../sim/admission/quantity.js';
import { DEFAULT_CLASS_ANNOTATION } from '../sim/admission/storage.js';
import type { Controller } from './types.js';
import { pushTo } from '../util/group.js';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
const PV_PROTECTION = 'kubernetes.io/pv-protection';
const PV_CONTROLLER = { component: 'persistentvolume-controller' };
const PROVISIONER = { component: `${LOCAL_PATH_PROVISIONER}_local-path-provisioner-7577fdbbfb-9q4zl_6f1c3f5e-2b7d-4c1a-9a8e-1d2c3b4a5f60` };

/** kind's default StorageClass, for the cluster bootstrap to create. */
export const STANDARD_STORAGE_CLASS: KubeObject = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
  provisioner: LOCAL_PATH_PROVISIONER,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
};

export type SchedulingVerdict = { ok: true } | { ok: false; message: string };

/**
 * The scheduler's VolumeBinding PreFilter for one pod: missing or deleting claims and
 * unbound claims of Immediate classes keep it off every node (the message becomes the
 * whole FitError reason: `0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. ...`).
 * Unbound WaitForFirstConsumer claims are fine: the storage controller provisions them once the pod is on a node.
 */
export function claimsReadyForScheduling(api: ApiServer, pod: KubeObject): SchedulingVerdict {
  const pvcType = api.registry.forKind('v1', 'PersistentVolumeClaim')!;
  let unboundImmediate = false;
  for (const v of pod.spec?.volumes ?? []) {
    const name: string | undefined = v.persistentVolumeClaim?.claimName;
    if (!name) continue;
    const pvc = api.tryGet(pvcType, pod.metadata.namespace, name);
    if (!pvc) return { ok: false, message: `persistentvolumeclaim "${name}" not found` };
    if (pvc.metadata.deletionTimestamp) return { ok: false, message: `persistentvolumeclaim "${name}" is being deleted` };
    if (isBound(pvc)) continue;
    if (bindingMode(api, pvc.spec?.storageClassName) !== 'WaitForFirstConsumer') unboundImmediate = true;
  }
  return unboundImmediate ? { ok: false, message: 'pod has unbound immediate PersistentVolumeClaims' } : { ok: true };
}

/** True when every claim the pod mounts is bound (what the kubelet waits for before mounting). */
export function podVolumesBound(api: ApiServer, pod: KubeObject): boolean {
  const pvcType = api.registry.forKind('v1', 'PersistentVolumeClaim')!;
  return (pod.spec?.volumes ?? []).every((v: any) => {
    const name = v.persistentVolumeClaim?.claimName;
    if (!name) return true;
    const pvc = api.tryGet(pvcType, pod.metadata.namespace, name);
    return !!pvc && isBound(pvc);
  });
}

function isBound(pvc: KubeObject): boolean {
  return !!pvc.spec?.volumeName && pvc.status?.phase === 'Bound';
}

function bindingMode(api: ApiServer, className: string | undefined): string {
  if (!className) return 'Immediate';
  const sc = api.tryGet(api.registry.forKind('storage.k8s.io/v1', 'StorageClass')!, undefined, className);
  return sc?.volumeBindingMode ?? 'Immediate';
}

function claimKey(ns: string | undefined, name: string | undefined): string {
  return `${ns}/${name}`;
}

function storageOf(obj: { storage?: unknown } | undefined) {
  return parseQuantity(obj?.storage) ?? ZERO;
}

/** Whether `pv` can serve `pvc` (findMatchingVolume's checks). */
export function volumeMatches(pv: KubeObject, pvc: KubeObject): boolean {
  const ref = pv.spec?.claimRef;
  if (pv.metadata.deletionTimestamp) return false;
  if (ref && !(ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name && (!ref.uid || ref.uid === pvc.metadata.uid))) return false;
  if (!ref && pv.status?.phase && pv.status.phase !== 'Available' && pv.status.phase !== 'Pending') return false;
  if (pvc.spec?.volumeName && pvc.spec.volumeName !== pv.metadata.name) return false;
  if ((pv.spec?.storageClassName ?? '') !== (pvc.spec?.storageClassName ?? '')) return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem')) return false;
  const modes = new Set(pv.spec?.accessModes ?? []);
  if (!(pvc.spec?.accessModes ?? []).every((m: string) => modes.has(m))) return false;
  if (compare(storageOf(pv.spec?.capacity), storageOf(pvc.spec?.resources?.requests)) < 0) return false;
  return labelSelectorMatches(pvc.spec?.selector, pv.metadata.labels) || !pvc.spec?.selector;
}

export const storageController: Controller = {
  name: 'storage',
  reconcile(api: ApiServer): void {
    const pvType = api.registry.forKind('v1', 'PersistentVolume')!;
    const pvcType = api.registry.forKind('v1', 'PersistentVolumeClaim')!;
    const claims = api.list(pvcType);
    if (claims.length === 0 && api.list(pvType).length === 0) return;
    const users = claimUsers(api, claims);
    // Claims that name their volume go first, so another claim does not take it from them.
    const ordered = [...claims.filter((c) => c.spec?.volumeName), ...claims.filter((c) => !c.spec?.volumeName)];
    for (const pvc of ordered) {
      if (pvc.metadata.deletionTimestamp) releaseClaimFinalizer(api, pvc, users);
      else syncClaim(api, pvc, users);
    }
    const liveClaims = new Map(api.list(pvcType).map((c) => [claimKey(c.metadata.namespace, c.metadata.name), c]));
    for (const pv of api.list(pvType)) syncVolume(api, pv, liveClaims);
  },
};

/** For each claim, the nodes of running-or-pending pods that mount it (pods are listed only when a claim needs them). */
function claimUsers(api: ApiServer, claims: KubeObject[]): Map<string, Array<string | undefined>> {
  const users = new Map<string, Array<string | undefined>>();
  if (!claims.some((c) => c.metadata.deletionTimestamp || !isBound(c))) return users;
  for (const pod of api.list(api.registry.forKind('v1', 'Pod')!)) {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    for (const v of pod.spec?.volumes ?? []) {
      const name = v.persistentVolumeClaim?.claimName;
      if (!name) continue;
      const key = claimKey(pod.metadata.namespace, name);
      pushTo(users, key, pod.spec?.nodeName);
    }
  }
  return users;
}

function releaseClaimFinalizer(api: ApiServer, pvc: KubeObject, users: Map<string, Array<string | undefined>>): void {
  if (!pvc.metadata.finalizers?.includes(PVC_PROTECTION)) return;
  if (users.has(claimKey(pvc.metadata.namespace, pvc.metadata.name))) return;
  const next = deepClone(pvc);
  next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== PVC_PROTECTION);
  if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
  api.update(next, { trusted: true });
}

/** Records an event once per object and reason (the real controllers repeat them on resync; our passes are far more frequent). */
function eventOnce(api: ApiServer, obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source = PV_CONTROLLER): void {
  if (api.eventsFor(obj).some((e) => e.reason === reason && e.message === message)) return;
  api.recordEvent(obj, type, reason, message, source);
}

function syncClaim(api: ApiServer, pvc: KubeObject, users: Map<string, Array<string | undefined>>): void {
  const pvType = api.registry.forKind('v1', 'PersistentVolume')!;
  if (pvc.spec?.volumeName) {
    const pv = api.tryGet(pvType, undefined, pvc.spec.volumeName);
    if (pv && pv.spec?.claimRef?.uid === pvc.metadata.uid) {
      markClaimBound(api, pvc, pv, false);
      return;
    }
  }
  const className: string = pvc.spec?.storageClassName ?? '';
  const waitForConsumer = bindingMode(api, className) === 'WaitForFirstConsumer';
  const node = pvc.metadata.annotations?.[SELECTED_NODE] ?? users.get(claimKey(pvc.metadata.namespace, pvc.metadata.name))?.find((n) => !!n);
  if (waitForConsumer && !node) {
    eventOnce(api, pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    return;
  }
  const candidates = api.list(pvType).filter((pv) => volumeMatches(pv, pvc));
  candidates.sort((a, b) => {
    const preA = a.spec?.claimRef ? 0 : 1;
    const preB = b.spec?.claimRef ? 0 : 1;
    return preA - preB || compare(storageOf(a.spec?.capacity), storageOf(b.spec?.capacity));
  });
  if (candidates[0]) {
    bind(api, pvc, candidates[0]);
    return;
  }
  if (pvc.spec?.volumeName) return; // Waits for the named volume to appear.
  if (!className) {
    eventOnce(api, pvc, 'Warning', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    return;
  }
  const sc = api.tryGet(api.registry.forKind('storage.k8s.io/v1', 'StorageClass')!, undefined, className);
  if (!sc) {
    eventOnce(api, pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
    return;
  }
  if (sc.provisioner === 'kubernetes.io/no-provisioner') {
    eventOnce(api, pvc, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: kubernetes.io/no-provisioner`);
    return;
  }
  provision(api, pvc, sc, node);
}

function provision(api: ApiServer, pvc: KubeObject, sc: KubeObject, node: string | undefined): void {
  const provisioner: string = sc.provisioner;
  eventOnce(
    api,
    pvc,
    'Normal',
    'ExternalProvisioning',
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
  );
  const claimName = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
  eventOnce(api, pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${claimName}"`, PROVISIONER);
  const name = `pvc-${pvc.metadata.uid}`;
  const annotations: Record<string, string> = { 'pv.kubernetes.io/provisioned-by': provisioner };
  if (node) annotations['local.path.provisioner/selected-node'] = node;
  const pv: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations, finalizers: [PV_PROTECTION] },
    spec: {
      accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
      capacity: { storage: pvc.spec?.resources?.requests?.storage ?? '0' },
      claimRef: claimRefTo(pvc),
      hostPath: { path: `/var/local-path-provisioner/${name}_${pvc.metadata.namespace}_${pvc.metadata.name}`, type: 'DirectoryOrCreate' },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
    },
    status: { phase: 'Bound', lastPhaseTransitionTime: api.now() },
  };
  if (node) {
    pv.spec.nodeAffinity = {
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] },
    };
  }
  const created = api.tryGet(api.registry.forKind('v1', 'PersistentVolume')!, undefined, name) ?? api.create(pv, { trusted: true });
  const next = deepClone(pvc);
  next.metadata.annotations = {
    ...(next.metadata.annotations ?? {}),
    'volume.beta.kubernetes.io/storage-provisioner': provisioner,
    'volume.kubernetes.io/storage-provisioner': provisioner,
  };
  if (node) next.metadata.annotations[SELECTED_NODE] = node;
  api.put(next);
  eventOnce(api, next, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, PROVISIONER);
  markClaimBound(api, api.get(api.registry.forKind('v1', 'PersistentVolumeClaim')!, pvc.metadata.namespace, pvc.metadata.name!), created, true);
}

function claimRefTo(pvc: KubeObject): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    name: pvc.metadata.name,
    namespace: pvc.metadata.namespace,
    resourceVersion: pvc.metadata.resourceVersion,
    uid: pvc.metadata.uid,
  };
}

function bind(api: ApiServer, pvc: KubeObject, pv: KubeObject): void {
  const nextPv = deepClone(pv);
  if (!nextPv.spec.claimRef?.uid) {
    if (!nextPv.spec.claimRef) nextPv.metadata.annotations = { ...(nextPv.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' };
    nextPv.spec.claimRef = claimRefTo(pvc);
  }
  nextPv.status = { ...(nextPv.status ?? {}), phase: 'Bound', lastPhaseTransitionTime: api.now() };
  const boundPv = api.put(nextPv);
  markClaimBound(api, pvc, boundPv, !pvc.spec?.volumeName);
}

function markClaimBound(api: ApiServer, pvc: KubeObject, pv: KubeObject, byController: boolean): void {
  const next = deepClone(pvc);
  next.spec.volumeName = pv.metadata.name;
  const annotations: Record<string, string> = { ...(next.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes' };
  if (byController) annotations['pv.kubernetes.io/bound-by-controller'] = 'yes';
  next.metadata.annotations = annotations;
  next.status = { accessModes: pv.spec?.accessModes, capacity: pv.spec?.capacity, phase: 'Bound' };
  api.put(next);
}

function syncVolume(api: ApiServer, pv: KubeObject, claims: Map<string, KubeObject>): void {
  const pvType = api.registry.forKind('v1', 'PersistentVolume')!;
  const ref = pv.spec?.claimRef;
  const claim = ref ? claims.get(claimKey(ref.namespace, ref.name)) : undefined;
  let phase: string;
  if (!ref) phase = 'Available';
  else if (!ref.uid) phase = 'Available'; // pre-bound to a claim by name, waiting for it
  else if (claim && claim.metadata.uid === ref.uid) phase = claim.metadata.deletionTimestamp && !claim.metadata.finalizers?.length ? 'Released' : 'Bound';
  else phase = 'Released';
  if (pv.metadata.deletionTimestamp) {
    if (phase !== 'Bound' && pv.metadata.finalizers?.includes(PV_PROTECTION)) {
      const next = deepClone(pv);
      next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== PV_PROTECTION);
      if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
      api.update(next, { trusted: true });
    }
    return;
  }
  if (phase === 'Released' && pv.spec?.persistentVolumeReclaimPolicy === 'Delete') {
    // The provisioner deletes the volume, then the object goes.
    api.remove(pvType, pv);
    return;
  }
  if (pv.status?.phase === phase) return;
  const next = deepClone(pv);
  next.status = { ...(next.status ?? {}), phase, lastPhaseTransitionTime: api.now() };
  api.put(next);
}
