/** DefaultStorageClass and StorageObjectInUseProtection admission for claims and volumes. */
import type { ApiServer } from '../../api/server.js';
import type { KubeObject } from '../../api/types.js';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** The default StorageClass (the newest when several claim it, as the plugin picks). */
export function defaultStorageClass(api: ApiServer): KubeObject | undefined {
  const scType = api.registry.forKind('storage.k8s.io/v1', 'StorageClass')!;
  const defaults = api.list(scType).filter((sc) => sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  defaults.sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)));
  return defaults[0];
}

/** A claim without storageClassName (unset, not "") gets the default class; every claim gets its protection finalizer. */
export function admitClaimStorage(api: ApiServer, pvc: KubeObject): void {
  const spec = (pvc.spec ??= {});
  if (spec.storageClassName === undefined || spec.storageClassName === null) {
    const sc = defaultStorageClass(api);
    if (sc) spec.storageClassName = sc.metadata.name;
  }
  spec.volumeMode ??= 'Filesystem';
  addFinalizer(pvc, 'kubernetes.io/pvc-protection');
  pvc.status ??= { phase: 'Pending' };
}

export function admitVolumeProtection(pv: KubeObject): void {
  addFinalizer(pv, 'kubernetes.io/pv-protection');
  pv.spec ??= {};
  pv.spec.volumeMode ??= 'Filesystem';
  pv.spec.persistentVolumeReclaimPolicy ??= 'Retain';
  pv.status ??= { phase: 'Pending' };
}

function addFinalizer(obj: KubeObject, name: string): void {
  const list = obj.metadata.finalizers ?? [];
  if (!list.includes(name)) obj.metadata.finalizers = [...list, name];
}
