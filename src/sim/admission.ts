import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { admitClaimLimits, admitPodLimits } from './admission/limitranger.js';
import { admitDefaultTolerations, admitPriority, admitServiceAccount } from './admission/pod.js';
import { admitQuota } from './admission/quota.js';
import { admitService } from './admission/service.js';
import { admitClaimStorage, admitVolumeProtection } from './admission/storage.js';

/**
 * The API server's admission chain, in its order: mutating plugins (LimitRanger,
 * ServiceAccount, DefaultTolerationSeconds, DefaultStorageClass, StorageObjectInUseProtection,
 * Priority), REST allocation for Services, then ResourceQuota last.
 * Runs for every create/update, including controllers' writes.
 */
export function admit(api: ApiServer, obj: KubeObject, type: ResourceType, op: 'create' | 'update', old?: KubeObject): void {
  if (type.group === '') admitCore(api, obj, type, op, old);
  // Events are exempt: the recorders that create them cannot take a refusal (real ones drop the event).
  if (op === 'create' && type.namespaced && type.kind !== 'Event') admitQuota(api, obj, type);
}

function admitCore(api: ApiServer, obj: KubeObject, type: ResourceType, op: 'create' | 'update', old?: KubeObject): void {
  switch (type.kind) {
    case 'Pod':
      if (op !== 'create') return;
      obj.spec ??= {};
      if (admitPodLimits(api, obj) && obj.status?.qosClass) obj.status.qosClass = qosClass(obj);
      admitServiceAccount(api, obj);
      admitDefaultTolerations(obj);
      admitPriority(api, obj);
      break;
    case 'Service':
      admitService(api, obj, op, old);
      break;
    case 'PersistentVolumeClaim':
      if (op !== 'create') return;
      admitClaimLimits(api, obj);
      admitClaimStorage(api, obj);
      break;
    case 'PersistentVolume':
      if (op === 'create') admitVolumeProtection(obj);
      break;
  }
}

/** The pod's QoS class (Guaranteed / Burstable / BestEffort), recomputed after LimitRanger filled in resources. */
export function qosClass(pod: KubeObject): string {
  const containers: any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const any = containers.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) =>
    ['cpu', 'memory'].every((r) => c.resources?.limits?.[r] !== undefined && (c.resources?.requests?.[r] ?? c.resources.limits[r]) === c.resources.limits[r]),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
