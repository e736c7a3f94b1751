/**
 * DaemonSet controller (pkg/controller/daemon): one pod per eligible node (node selector,
 * required node affinity, taints the pod tolerates), pinned by node affinity on
 * metadata.name and placed by the scheduler; extra or misplaced pods are removed (a pod on a node
 * newly tainted NoSchedule stays, as it would on a real cluster), and a
 * RollingUpdate replaces stale pods at most maxUnavailable at a time.
 */
import { labelSelectorMatches, mapSelectorMatches } from '../api/labels.js';
import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { syncRevisions, truncateHistory, HASH_KEY } from './controller-revision.js';
import { scaledValue } from './deployment.js';
import {
  availableAt, claim, createOwned, deleteIfPresent, earliest, indexByController, isPodActive, isPodAvailable, isPodReady,
  podFromTemplate, podType, writeStatus, type OwnerIndex,
} from './pod-template.js';
import { ownerQueue } from './queues.js';
import type { Controller } from './types.js';
import { pushTo } from '../util/group.js';

const COMPONENT = { component: 'daemonset-controller' };
const REVISION_LABEL = 'controller-revision-hash';

/** Tolerations the DaemonSet controller adds to every daemon pod (util.AddOrUpdateDaemonPodTolerations). */
const DAEMON_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
const NETWORK_UNAVAILABLE = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

export const daemonSetController: Controller = {
  name: 'daemonset',
  reconcile(api: ApiServer): number | void {
    const type = api.registry.forKind('apps/v1', 'DaemonSet')!;
    const sets = api.list(type);
    if (sets.length === 0) return;
    const nodes = api.list(api.registry.forKind('v1', 'Node')!);
    const pods = indexByController(api.list(podType(api)));
    const revisions = indexByController(api.list(api.registry.forKind('apps/v1', 'ControllerRevision')!));
    let next: number | undefined;
    for (const ds of sets) {
      if (ds.metadata.deletionTimestamp) continue;
      next = earliest(next, syncDaemonSet(api, type, ds, nodes, pods, revisions));
    }
    return next;
  },
  // A DaemonSet's pods and revisions go to it (or, orphaned, to those that may adopt them); a node
  // change concerns every DaemonSet.
  ...ownerQueue({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    selects: (ds, obj) => labelSelectorMatches(ds.spec?.selector, obj.metadata.labels),
    owned: [{ apiVersion: 'v1', kind: 'Pod' }, { apiVersion: 'apps/v1', kind: 'ControllerRevision' }],
    other: (change, api) =>
      change.collection === NODES ? api.list(api.registry.forKind('apps/v1', 'DaemonSet')!).map((ds) => `${ds.metadata.namespace}/${ds.metadata.name}`) : undefined,
    sync(api, type, ds, [pods, revisions], run) {
      // As in the whole-cluster pass, the nodes are listed once per run.
      let nodes = run.get('nodes') as KubeObject[] | undefined;
      if (!nodes) run.set('nodes', (nodes = api.list(api.registry.forKind('v1', 'Node')!)));
      return syncDaemonSet(api, type, ds, nodes, pods!, revisions!);
    },
  }),
};

const NODES = 'core/nodes';

/**
 * The node a daemon pod belongs to: the one its node affinity pins it to (the controller
 * wrote that), else the node it is bound to.
 */
export function targetNode(pod: KubeObject): string | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) {
    for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return pod.spec?.nodeName || undefined;
}

function syncDaemonSet(api: ApiServer, type: ResourceType, ds: KubeObject, nodes: KubeObject[], podIndex: OwnerIndex, revIndex: OwnerIndex): number | undefined {
  const selector = ds.spec?.selector;
  const pods = claim(api, ds, podIndex, (p) => labelSelectorMatches(selector, p.metadata.labels));
  const ownedRevisions = claim(api, ds, revIndex, (r) => labelSelectorMatches(selector, r.metadata.labels));
  const { update, history } = syncRevisions(api, ds, ownedRevisions);
  const hash: string = update.metadata.labels?.[HASH_KEY] ?? '';
  const byNode = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const node = targetNode(p) ?? '';
    pushTo(byNode, node, p);
  }
  const eligible: KubeObject[] = [];
  // Nodes the DaemonSet no longer schedules onto whose daemon pods may stay (a NoSchedule taint they do not tolerate).
  const staying = new Set<string>();
  for (const node of nodes) {
    const { run, keep } = nodeVerdict(ds, node);
    if (run) eligible.push(node);
    else if (keep) staying.add(node.metadata.name!);
  }
  const eligibleNames = new Set(eligible.map((n) => n.metadata.name!));
  const live: KubeObject[] = [];
  for (const node of eligible) {
    const name = node.metadata.name!;
    const active = (byNode.get(name) ?? []).filter(isPodActive);
    if (active.length === 0) {
      const created = createDaemonPod(api, ds, name, hash);
      if (created) live.push(created);
      continue;
    }
    const [keep, ...extra] = [...active].sort(byCreation);
    for (const p of extra) removePod(api, ds, p);
    live.push(keep!);
    for (const p of (byNode.get(name) ?? []).filter((x) => x.status?.phase === 'Failed' && !x.metadata.deletionTimestamp)) removePod(api, ds, p);
  }
  // The pods kept on nodes the DaemonSet no longer schedules onto.
  const kept: KubeObject[] = [];
  for (const [node, list] of byNode) {
    if (eligibleNames.has(node)) continue;
    if (staying.has(node)) {
      // Kept as they run: only a failed one, or more than one, is removed.
      const [oldest, ...extra] = list.filter(isPodActive).sort(byCreation);
      if (oldest) kept.push(oldest);
      for (const p of [...extra, ...list.filter((x) => x.status?.phase === 'Failed' && !x.metadata.deletionTimestamp)]) removePod(api, ds, p);
      continue;
    }
    for (const p of list.filter((x) => !x.metadata.deletionTimestamp)) removePod(api, ds, p);
  }
  // A rolling update goes through every node's daemon pod: a stale one kept where no new one may go is removed, not replaced.
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') rollingUpdate(api, ds, [...live, ...kept], hash, eligible.length);
  truncateHistory(api, ds, history, new Set([update.metadata.name!, ...pods.map((p) => `${ds.metadata.name}-${p.metadata.labels?.[REVISION_LABEL]}`)]));
  const nowMs = api.clock.now().getTime();
  const minReady: number = ds.spec?.minReadySeconds ?? 0;
  const current = live.filter((p) => !p.metadata.deletionTimestamp);
  const available = current.filter((p) => isPodAvailable(p, minReady, nowMs)).length;
  const misscheduled = [...byNode.entries()].filter(([node, list]) => !eligibleNames.has(node) && list.some(isPodActive)).length;
  const status: Record<string, unknown> = {
    currentNumberScheduled: current.length,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: eligible.length,
    numberReady: current.filter(isPodReady).length,
    observedGeneration: ds.metadata.generation,
    updatedNumberScheduled: current.filter((p) => p.metadata.labels?.[REVISION_LABEL] === hash).length,
    numberAvailable: available,
    numberUnavailable: eligible.length - available,
  };
  for (const k of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']) if (status[k] === 0) delete status[k];
  writeStatus(api, api.get(type, ds.metadata.namespace, ds.metadata.name!), status);
  return earliest(...current.map((p) => availableAt(p, minReady, nowMs)));
}

/** Deletes stale pods while fewer than maxUnavailable daemon pods are unavailable. */
function rollingUpdate(api: ApiServer, ds: KubeObject, live: KubeObject[], hash: string, desired: number): void {
  const maxUnavailable = Math.max(1, scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, desired, true, '1'));
  const nowMs = api.clock.now().getTime();
  const minReady: number = ds.spec?.minReadySeconds ?? 0;
  let unavailable = live.filter((p) => p.metadata.deletionTimestamp || !isPodAvailable(p, minReady, nowMs)).length;
  const stale = live.filter((p) => !p.metadata.deletionTimestamp && p.metadata.labels?.[REVISION_LABEL] !== hash);
  // Unavailable stale pods go first: replacing them costs nothing.
  stale.sort((a, b) => Number(isPodAvailable(a, minReady, nowMs)) - Number(isPodAvailable(b, minReady, nowMs)));
  for (const p of stale) {
    const wasAvailable = isPodAvailable(p, minReady, nowMs);
    if (wasAvailable && unavailable >= maxUnavailable) break;
    removePod(api, ds, p);
    if (wasAvailable) unavailable++;
  }
}

const byCreation = (a: KubeObject, b: KubeObject): number => ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : 1);

/**
 * The controller's NodeShouldRunDaemonPod: whether the DaemonSet runs a pod on `node` (node name,
 * selector, required affinity, and every NoSchedule and NoExecute taint tolerated), and, when it
 * does not, whether a pod already there keeps running: it does unless the node is not the
 * DaemonSet's at all or has a NoExecute taint the pod does not tolerate.
 */
function nodeVerdict(ds: KubeObject, node: KubeObject): { run: boolean; keep: boolean } {
  const spec = ds.spec?.template?.spec ?? {};
  const no = { run: false, keep: false };
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return no;
  if (spec.nodeSelector && Object.keys(spec.nodeSelector).length && !mapSelectorMatches(spec.nodeSelector, node.metadata.labels)) return no;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms?.length && !terms.some((t: any) => nodeSelectorTermMatches(t, node))) return no;
  const tolerations = [...(spec.tolerations ?? []), ...daemonTolerations(spec)];
  const untolerated = (node.spec?.taints ?? []).filter(
    (taint: any) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerations.some((t: any) => tolerates(t, taint)),
  );
  return { run: untolerated.length === 0, keep: !untolerated.some((taint: any) => taint.effect === 'NoExecute') };
}

/** The tolerations the controller adds to a daemon pod: network-unavailable too for one on the host's network. */
function daemonTolerations(spec: any): typeof DAEMON_TOLERATIONS {
  return spec.hostNetwork ? [...DAEMON_TOLERATIONS, NETWORK_UNAVAILABLE] : DAEMON_TOLERATIONS;
}

function nodeSelectorTermMatches(term: any, node: KubeObject): boolean {
  const exprs = [
    ...(term.matchExpressions ?? []).map((e: any) => ({ ...e, value: node.metadata.labels?.[e.key] })),
    ...(term.matchFields ?? []).map((e: any) => ({ ...e, value: e.key === 'metadata.name' ? node.metadata.name : undefined })),
  ];
  if (exprs.length === 0) return false;
  return exprs.every((e: any) => {
    switch (e.operator) {
      case 'In': return e.value !== undefined && (e.values ?? []).includes(e.value);
      case 'NotIn': return e.value === undefined || !(e.values ?? []).includes(e.value);
      case 'Exists': return e.value !== undefined;
      case 'DoesNotExist': return e.value === undefined;
      case 'Gt': return e.value !== undefined && Number(e.value) > Number(e.values?.[0]);
      case 'Lt': return e.value !== undefined && Number(e.value) < Number(e.values?.[0]);
      default: return false;
    }
  });
}

export function tolerates(t: any, taint: any): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

function createDaemonPod(api: ApiServer, ds: KubeObject, nodeName: string, hash: string): KubeObject | undefined {
  const pod = podFromTemplate(ds.spec?.template, ds, {
    [REVISION_LABEL]: hash,
    'pod-template-generation': String(ds.metadata.generation ?? 1),
  });
  const tolerations: any[] = pod.spec.tolerations ?? [];
  for (const t of daemonTolerations(pod.spec)) {
    if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push({ ...t });
  }
  pod.spec.tolerations = tolerations;
  pod.spec.affinity = {
    ...(pod.spec.affinity ?? {}),
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
      },
    },
  };
  const created = createOwned(api, pod, ds, COMPONENT.component);
  if (created) api.recordEvent(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
  return created;
}

function removePod(api: ApiServer, ds: KubeObject, pod: KubeObject): void {
  if (deleteIfPresent(api, podType(api), pod)) {
    api.recordEvent(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
  }
}
