/**
 * StatefulSet controller (pkg/controller/statefulset): pods <set>-0 … <set>-(n-1) with
 * stable names, created in order (each Running and Ready before the next under
 * OrderedReady) and removed from the highest ordinal; volumeClaimTemplates become PVCs;
 * RollingUpdate replaces pods from the highest ordinal down to the partition.
 */
import { labelSelectorMatches } from '../api/labels.js';
import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { syncRevisions, truncateHistory } from './controller-revision.js';
import {
  availableAt, claim, earliest, indexByController, isPodAvailable, isPodReady, isTerminated, podFromTemplate, podType,
  recordEventOnce, writeStatus, type OwnerIndex,
} from './pod-template.js';
import { ownerQueue } from './queues.js';
import type { Controller } from './types.js';

const COMPONENT = { component: 'statefulset-controller' };
const REVISION_LABEL = 'controller-revision-hash';

export const statefulSetController: Controller = {
  name: 'statefulset',
  reconcile(api: ApiServer): number | void {
    const type = api.registry.forKind('apps/v1', 'StatefulSet')!;
    const sets = api.list(type);
    if (sets.length === 0) return;
    const pods = indexByController(api.list(podType(api)));
    const revisions = indexByController(api.list(api.registry.forKind('apps/v1', 'ControllerRevision')!));
    let next: number | undefined;
    for (const set of sets) {
      if (set.metadata.deletionTimestamp) continue;
      next = earliest(next, syncStatefulSet(api, type, set, pods, revisions));
    }
    return next;
  },
  ...ownerQueue({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    selects: (set, obj) => labelSelectorMatches(set.spec?.selector, obj.metadata.labels),
    owned: [{ apiVersion: 'v1', kind: 'Pod' }, { apiVersion: 'apps/v1', kind: 'ControllerRevision' }],
    sync: (api, type, set, [pods, revisions]) => syncStatefulSet(api, type, set, pods!, revisions!),
  }),
};

export function ordinalOf(set: KubeObject, pod: KubeObject): number {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

const runningAndReady = (p: KubeObject) => p.status?.phase === 'Running' && isPodReady(p);

function syncStatefulSet(api: ApiServer, type: ResourceType, set: KubeObject, podIndex: OwnerIndex, revIndex: OwnerIndex): number | undefined {
  const selector = set.spec?.selector;
  const owned = claim(api, set, podIndex, (p) => labelSelectorMatches(selector, p.metadata.labels) && ordinalOf(set, p) >= 0);
  const ownedRevisions = claim(api, set, revIndex, (r) => labelSelectorMatches(selector, r.metadata.labels));
  const { update, history } = syncRevisions(api, set, ownedRevisions);
  const updateRevision = update.metadata.name!;
  const currentRevision: string = set.status?.currentRevision ?? updateRevision;
  const replicas: number = set.spec?.replicas ?? 1;
  const parallel = set.spec?.podManagementPolicy === 'Parallel';
  const byOrdinal = new Map<number, KubeObject>();
  for (const p of owned) byOrdinal.set(ordinalOf(set, p), p);

  const pods = new Map(byOrdinal);
  let blocked = false;
  for (let i = 0; i < replicas && !blocked; i++) {
    const pod = pods.get(i);
    if (pod && isTerminated(pod) && !pod.metadata.deletionTimestamp) {
      deletePod(api, set, pod);
      pods.set(i, { ...pod, metadata: { ...pod.metadata, deletionTimestamp: api.now() } });
      if (!parallel) blocked = true;
      continue;
    }
    if (!pod) {
      const revision = i < (set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0) && currentRevision !== updateRevision ? currentRevision : updateRevision;
      const created = createPod(api, set, i, revision, revision === updateRevision ? update : history.find((r) => r.metadata.name === revision) ?? update);
      if (created) pods.set(i, created);
      if (!parallel) blocked = true;
      continue;
    }
    if (!parallel && (pod.metadata.deletionTimestamp || !runningAndReady(pod))) blocked = true;
  }
  const condemned = [...pods.entries()].filter(([i]) => i >= replicas).sort(([a], [b]) => b - a);
  if (!blocked) {
    for (const [, pod] of condemned) {
      if (pod.metadata.deletionTimestamp) {
        if (!parallel) blocked = true;
        if (!parallel) break;
        continue;
      }
      deletePod(api, set, pod);
      pods.delete(ordinalOf(set, pod));
      if (!parallel) {
        blocked = true;
        break;
      }
    }
  }
  if (!blocked && (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    rollOne(api, set, pods, replicas, updateRevision);
  }
  const minReady: number = set.spec?.minReadySeconds ?? 0;
  const nowMs = api.clock.now().getTime();
  const inUse = [...pods.values()].map((p) => p.metadata.labels?.[REVISION_LABEL] ?? '');
  truncateHistory(api, set, history, new Set([currentRevision, updateRevision, ...inUse]));
  writeStatus(api, api.get(type, set.metadata.namespace, set.metadata.name!), statefulSetStatus(set, [...pods.values()], currentRevision, updateRevision, replicas, minReady, nowMs));
  return earliest(...[...pods.values()].map((p) => availableAt(p, minReady, nowMs)));
}

/** Rolling update: once every pod is Running and Ready, replace the highest-ordinal stale pod at or above the partition. */
function rollOne(api: ApiServer, set: KubeObject, pods: Map<number, KubeObject>, replicas: number, updateRevision: string): void {
  const inRange = [...pods.entries()].filter(([i]) => i < replicas);
  if (inRange.some(([, p]) => p.metadata.deletionTimestamp || !runningAndReady(p))) return;
  const partition: number = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const stale = inRange.filter(([i, p]) => i >= partition && p.metadata.labels?.[REVISION_LABEL] !== updateRevision).sort(([a], [b]) => b - a);
  if (stale.length) deletePod(api, set, stale[0]![1]);
}

function statefulSetStatus(set: KubeObject, pods: KubeObject[], currentRevision: string, updateRevision: string, replicas: number, minReady: number, nowMs: number) {
  const counted = pods.filter((p) => !p.metadata.deletionTimestamp);
  const updated = counted.filter((p) => p.metadata.labels?.[REVISION_LABEL] === updateRevision).length;
  const current = counted.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length;
  const done = updated === replicas && counted.length === replicas && counted.every(runningAndReady);
  const status: Record<string, unknown> = {
    observedGeneration: set.metadata.generation,
    replicas: counted.length,
    readyReplicas: counted.filter(isPodReady).length,
    currentReplicas: done ? updated : current,
    updatedReplicas: updated,
    currentRevision: done ? updateRevision : currentRevision,
    updateRevision,
    collisionCount: set.status?.collisionCount ?? 0,
    availableReplicas: counted.filter((p) => isPodAvailable(p, minReady, nowMs)).length,
  };
  for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas']) if (status[k] === 0) delete status[k];
  return status;
}

function createPod(api: ApiServer, set: KubeObject, ordinal: number, revisionName: string, revision: KubeObject): KubeObject | undefined {
  const name = `${set.metadata.name}-${ordinal}`;
  const template = (revision.data as any)?.spec?.template ?? set.spec?.template;
  const { $patch: _ignored, ...cleanTemplate } = template ?? {};
  const pod = podFromTemplate(cleanTemplate, set, {
    'apps.kubernetes.io/pod-index': String(ordinal),
    [REVISION_LABEL]: revisionName,
    'statefulset.kubernetes.io/pod-name': name,
  });
  delete pod.metadata.generateName;
  pod.metadata.name = name;
  pod.spec.hostname = name;
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
  for (const claimTemplate of set.spec?.volumeClaimTemplates ?? []) {
    const claimName = `${claimTemplate.metadata?.name}-${name}`;
    ensureClaim(api, set, claimTemplate, claimName, name);
    const volumes: any[] = (pod.spec.volumes ??= []);
    const volume = { name: claimTemplate.metadata?.name, persistentVolumeClaim: { claimName } };
    const at = volumes.findIndex((v) => v.name === volume.name);
    if (at >= 0) volumes[at] = volume;
    else volumes.push(volume);
  }
  try {
    const created = api.create(pod);
    api.recordEvent(set, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${set.metadata.name} successful`, COMPONENT);
    return created;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    recordEventOnce(api, set, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${msg}`, COMPONENT.component);
    return undefined;
  }
}

function ensureClaim(api: ApiServer, set: KubeObject, template: KubeObject, claimName: string, podName: string): void {
  const pvcType = api.registry.forKind('v1', 'PersistentVolumeClaim')!;
  if (api.tryGet(pvcType, set.metadata.namespace, claimName)) return;
  const claim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName,
      namespace: set.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
    },
    spec: deepClone(template.spec ?? {}),
  };
  if (template.metadata?.annotations) claim.metadata.annotations = { ...template.metadata.annotations };
  try {
    api.create(claim);
    api.recordEvent(set, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${podName} in StatefulSet ${set.metadata.name} success`, COMPONENT);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    recordEventOnce(api, set, 'Warning', 'FailedCreate', `create Claim ${claimName} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${msg}`, COMPONENT.component);
  }
}

function deletePod(api: ApiServer, set: KubeObject, pod: KubeObject): void {
  const type = podType(api);
  if (!api.tryGet(type, pod.metadata.namespace, pod.metadata.name!)) return;
  api.delete(type, pod.metadata.namespace, pod.metadata.name!);
  api.recordEvent(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, COMPONENT);
}
