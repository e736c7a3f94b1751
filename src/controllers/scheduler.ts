/**
 * The default scheduler: binds each unscheduled pod to a feasible node (filters: node
 * unschedulable, taints, nodeSelector and required node affinity, pod count, requested
 * resources), preferring the node where the pod's siblings are fewest and the most is
 * free. An unschedulable pod gets PodScheduled=False/Unschedulable and a FailedScheduling
 * event worded as kube-scheduler's FitError; it is retried on every pass.
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { getCondition, isTerminal, POD_CONDITION_ORDER, podRequests, setCondition } from '../sim/pods.js';
import { parseResources } from '../sim/quantity.js';
import { firstUntolerated, TAINT_UNSCHEDULABLE, toleratedBy } from '../sim/taints.js';
import { claimsReadyForScheduling } from './storage.js';
import type { Controller } from './types.js';

const SOURCE = { component: 'default-scheduler' };

/** What the scheduler tracks per node during one pass. */
interface NodeInfo {
  node: KubeObject;
  name: string;
  allocatable: Record<string, number>;
  requested: Record<string, number>;
  /** cpu, memory and pods of the two records above as plain numbers: read for every node, for every pod. */
  allocCpu: number;
  allocMemory: number;
  maxPods: number;
  reqCpu: number;
  reqMemory: number;
  pods: number;
  /** Pods per owner uid on this node, for spreading siblings. */
  byOwner: Map<string, number>;
}

/** Why a node was rejected, and whether evicting lower-priority pods could help. */
interface Rejection {
  reasons: string[];
  resourceShortfall: boolean;
}

export const scheduler: Controller = {
  name: 'scheduler',
  selfSettling: true,
  reconcile(api) {
    const podType = api.registry.forKind('v1', 'Pod')!;
    const nodeType = api.registry.forKind('v1', 'Node')!;
    const pods = api.list(podType);
    const pending = pods.filter(needsScheduling);
    if (pending.length === 0) return;
    const infos = nodeInfos(api.list(nodeType), pods);
    pending.sort(byPriorityThenAge);
    const cache = new Map<string, StaticVerdict>();
    const rotation = { next: 0 };
    for (const pod of pending) schedulePod(api, pod, infos, cache, rotation);
  },
};

function needsScheduling(pod: KubeObject): boolean {
  const spec = pod.spec ?? {};
  if (spec.nodeName || pod.metadata.deletionTimestamp || isTerminal(pod)) return false;
  if ((spec.schedulingGates ?? []).length > 0) return false;
  return !spec.schedulerName || spec.schedulerName === 'default-scheduler';
}

function byPriorityThenAge(a: KubeObject, b: KubeObject): number {
  const p = (b.spec?.priority ?? 0) - (a.spec?.priority ?? 0);
  if (p !== 0) return p;
  const t = String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? ''));
  return t !== 0 ? t : String(a.metadata.name).localeCompare(String(b.metadata.name));
}

/** Per-node allocatable and what bound, non-terminal pods already request: one pass over pods. */
export function nodeInfos(nodes: KubeObject[], pods: KubeObject[]): NodeInfo[] {
  const byName = new Map<string, NodeInfo>();
  for (const node of nodes) {
    const allocatable = parseResources(node.status?.allocatable ?? node.status?.capacity);
    byName.set(node.metadata.name!, {
      node,
      name: node.metadata.name!,
      allocatable,
      requested: {},
      allocCpu: allocatable.cpu ?? 0,
      allocMemory: allocatable.memory ?? 0,
      maxPods: allocatable.pods ?? 110,
      reqCpu: 0,
      reqMemory: 0,
      pods: 0,
      byOwner: new Map(),
    });
  }
  for (const pod of pods) {
    const info = pod.spec?.nodeName ? byName.get(pod.spec.nodeName) : undefined;
    if (info && !isTerminal(pod)) addPod(info, pod);
  }
  return [...byName.values()];
}

function addPod(info: NodeInfo, pod: KubeObject, requests = podRequests(pod)): void {
  for (const [k, v] of Object.entries(requests)) info.requested[k] = (info.requested[k] ?? 0) + v;
  info.reqCpu = info.requested.cpu ?? 0;
  info.reqMemory = info.requested.memory ?? 0;
  info.pods += 1;
  const owner = ownerUid(pod);
  if (owner) info.byOwner.set(owner, (info.byOwner.get(owner) ?? 0) + 1);
}

function ownerUid(pod: KubeObject): string | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}

/** Nodes passing the filters that do not depend on what is bound, for one scheduling signature. */
interface StaticVerdict {
  feasible: NodeInfo[];
  rejections: Rejection[];
}

/** Pods with the same selector, affinity and tolerations get the same static verdict: computed once per pass. */
function signature(pod: KubeObject): string {
  const spec = pod.spec ?? {};
  return JSON.stringify([spec.nodeSelector, spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, spec.tolerations]);
}

function schedulePod(api: ApiServer, pod: KubeObject, infos: NodeInfo[], cache: Map<string, StaticVerdict>, rotation: { next: number }): void {
  if ((pod.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim)) {
    const claims = claimsReadyForScheduling(api, pod);
    if (!claims.ok) {
      markUnschedulable(api, pod, preFilterError(infos.length, claims.message));
      return;
    }
  }
  const requests = podRequests(pod);
  const key = signature(pod);
  let verdict = cache.get(key);
  if (!verdict) {
    verdict = { feasible: [], rejections: [] };
    for (const info of infos) {
      const r = staticRejection(pod, info);
      if (r) verdict.rejections.push(r);
      else verdict.feasible.push(info);
    }
    cache.set(key, verdict);
  }
  // VolumeBinding: a bound volume with node affinity (a local volume) keeps the pod to its nodes.
  let { feasible, rejections } = verdict;
  const volumeTerms = boundVolumeNodeTerms(api, pod);
  if (volumeTerms.length) {
    const conflict = feasible.filter((info) => !volumeTerms.every((terms) => matchesTerms(terms, info.node)));
    feasible = feasible.filter((info) => !conflict.includes(info));
    rejections = [...rejections, ...conflict.map(() => ({ reasons: ['node(s) had volume node affinity conflict'], resourceShortfall: false }))];
  }
  const best = pickNode(pod, feasible, demandOf(requests), rotation);
  if (!best) {
    const shortfalls = feasible.map((info) => ({ reasons: resourceReasons(info, requests), resourceShortfall: true }));
    markUnschedulable(api, pod, fitError(infos.length, [...rejections, ...shortfalls]));
    return;
  }
  bind(api, pod, best);
  addPod(best, pod, requests);
}

/** The node selector terms of each PersistentVolume bound to the pod's claims that has a node affinity. */
function boundVolumeNodeTerms(api: ApiServer, pod: KubeObject): any[][] {
  const claims = (pod.spec?.volumes ?? []).map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean);
  if (claims.length === 0) return [];
  const pvcType = api.registry.forKind('v1', 'PersistentVolumeClaim')!;
  const pvType = api.registry.forKind('v1', 'PersistentVolume')!;
  const out: any[][] = [];
  for (const name of claims) {
    const volume = api.tryGet(pvcType, pod.metadata.namespace, name)?.spec?.volumeName;
    const terms = volume && api.tryGet(pvType, undefined, volume)?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
    if (terms) out.push(terms);
  }
  return out;
}

/** kube-scheduler's filter plugins that look only at the node and the pod, in order: NodeUnschedulable, TaintToleration, NodeAffinity. */
export function staticRejection(pod: KubeObject, info: NodeInfo): Rejection | undefined {
  const spec = pod.spec ?? {};
  const node = info.node;
  if (node.spec?.unschedulable && !toleratedBy(spec.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })) {
    return { reasons: ['node(s) were unschedulable'], resourceShortfall: false };
  }
  const taint = firstUntolerated(node.spec?.taints, spec.tolerations);
  if (taint) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], resourceShortfall: false };
  if (!matchesNodeSelector(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], resourceShortfall: false };
  return undefined;
}

/** A pod's requests as NodeResourcesFit checks them: cpu and memory apart, any other resource listed. */
interface Demand {
  cpu: number;
  memory: number;
  other: Array<[string, number]>;
}

function demandOf(requests: Record<string, number>): Demand {
  const other = Object.entries(requests).filter(([r, amount]) => amount > 0 && r !== 'cpu' && r !== 'memory');
  return { cpu: requests.cpu ?? 0, memory: requests.memory ?? 0, other };
}

function fits(info: NodeInfo, demand: Demand): boolean {
  if (info.pods + 1 > info.maxPods) return false;
  if (demand.cpu > 0 && demand.cpu > info.allocCpu - info.reqCpu + 1e-9) return false;
  if (demand.memory > 0 && demand.memory > info.allocMemory - info.reqMemory + 1e-9) return false;
  for (const [resource, amount] of demand.other) {
    if (amount > (info.allocatable[resource] ?? 0) - (info.requested[resource] ?? 0) + 1e-9) return false;
  }
  return true;
}

/** NodeResourcesFit's reasons (and the pod count): `Too many pods`, `Insufficient cpu`, ... */
export function resourceReasons(info: NodeInfo, requests: Record<string, number>): string[] {
  const reasons: string[] = [];
  if (info.pods + 1 > (info.allocatable.pods ?? 110)) reasons.push('Too many pods');
  for (const [resource, amount] of Object.entries(requests)) {
    if (amount <= 0) continue;
    const free = (info.allocatable[resource] ?? 0) - (info.requested[resource] ?? 0);
    if (amount > free + 1e-9) reasons.push(`Insufficient ${resource}`);
  }
  return reasons;
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution node affinity. */
export function matchesNodeSelector(pod: KubeObject, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>)) {
    if (labels[k] !== v) return false;
  }
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as any[] | undefined;
  return !terms || matchesTerms(terms, node);
}

/** A node selector (terms ORed, each term's requirements ANDed) against a node. */
function matchesTerms(terms: any[], node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  return terms.some((term) => {
    const exprs = (term.matchExpressions ?? []) as any[];
    const fields = (term.matchFields ?? []) as any[];
    if (exprs.length === 0 && fields.length === 0) return false;
    return exprs.every((e) => matchRequirement(e, labels[e.key])) &&
      fields.every((e) => matchRequirement(e, e.key === 'metadata.name' ? node.metadata.name : undefined));
  });
}

function matchRequirement(req: { operator: string; values?: string[] }, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt': return value !== undefined && Number(value) < Number(values[0]);
    default: return false;
  }
}

/**
 * How many feasible nodes kube-scheduler looks for before scoring (percentageOfNodesToScore,
 * adaptive: 50% minus 1% per 125 nodes, at least 5% and at least 100 nodes).
 */
export function nodesToScore(total: number): number {
  if (total < 100) return total;
  const percentage = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * percentage) / 100));
}

/**
 * Among nodes with room, searched from a rotating start as kube-scheduler does: fewest
 * siblings first (spreading), then the least allocated, then the fewest pods.
 */
function pickNode(pod: KubeObject, feasible: NodeInfo[], demand: Demand, rotation: { next: number }): NodeInfo | undefined {
  const owner = ownerUid(pod);
  const { cpu, memory } = demand;
  const wanted = nodesToScore(feasible.length);
  let found = 0;
  let best: NodeInfo | undefined;
  let bestSiblings = 0;
  let bestAllocated = 0;
  const n = feasible.length;
  const start = n ? rotation.next % n : 0;
  let i = 0;
  for (; i < n && found < wanted; i++) {
    const info = feasible[(start + i) % n]!;
    if (!fits(info, demand)) continue;
    found++;
    const siblings = owner ? (info.byOwner.get(owner) ?? 0) : 0;
    const allocated = Math.round(((info.reqCpu + cpu) / (info.allocCpu || 1) + (info.reqMemory + memory) / (info.allocMemory || 1)) * 500);
    if (!best || siblings < bestSiblings || (siblings === bestSiblings && (allocated < bestAllocated || (allocated === bestAllocated && info.pods < best.pods)))) {
      best = info;
      bestSiblings = siblings;
      bestAllocated = allocated;
    }
  }
  rotation.next = start + i;
  return best;
}

/** kube-scheduler's FitError text, with the preemption post-filter's verdict. */
export function fitError(total: number, rejections: Rejection[]): string {
  const histogram = (items: string[]) => {
    const counts = new Map<string, number>();
    for (const r of items) counts.set(r, (counts.get(r) ?? 0) + 1);
    return [...counts].map(([r, n]) => `${n} ${r}`).sort().join(', ');
  };
  const main = histogram(rejections.flatMap((r) => r.reasons));
  const preemption = histogram(
    rejections.map((r) => (r.resourceShortfall ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling')),
  );
  const head = `0/${total} nodes are available`;
  if (total === 0) return `no nodes available to schedule pods`;
  return `${head}: ${main}. preemption: ${head}: ${preemption}.`;
}

/** A PreFilter rejection (VolumeBinding) is the whole reason, for every node. */
export function preFilterError(total: number, message: string): string {
  return `0/${total} nodes are available: ${message}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
}

function markUnschedulable(api: ApiServer, pod: KubeObject, message: string): void {
  const current = getCondition(pod, 'PodScheduled');
  if (current?.status === 'False' && current.message === message) return;
  const status = { ...(pod.status ?? {}) };
  status.phase ??= 'Pending';
  status.conditions = setCondition(status.conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }, api.now(), POD_CONDITION_ORDER);
  api.put({ ...pod, status });
  api.recordEvent(pod, 'Warning', 'FailedScheduling', message, SOURCE);
}

function bind(api: ApiServer, pod: KubeObject, info: NodeInfo): void {
  const status = { ...(pod.status ?? {}) };
  status.phase ??= 'Pending';
  status.conditions = setCondition(status.conditions, { type: 'PodScheduled', status: 'True' }, api.now(), POD_CONDITION_ORDER);
  api.put({ ...pod, spec: { ...pod.spec, nodeName: info.name }, status });
  api.recordEvent(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${info.name}`, SOURCE);
}
