/**
 * The default scheduler: binds each unscheduled pod to a feasible node (filters: node
 * unschedulable, taints, nodeSelector and required node affinity, volume node affinity, pod
 * count, requested resources), preferring the node where the pod's siblings are fewest and
 * the most is free. An unschedulable pod gets PodScheduled=False/Unschedulable and a
 * FailedScheduling event worded as kube-scheduler's FitError; it is retried on every pass.
 *
 * The filters are pure functions of the pod and one node (FILTERS, resourceFilter): each
 * returns why it rejects the node, in the FitError's words and with the numbers, and
 * `kubectl-lite why pod/NAME` (src/insight/scheduling.ts) calls the very same functions.
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { getCondition, isTerminal, POD_CONDITION_ORDER, podRequests, setCondition } from '../sim/pods.js';
import { parseResources } from '../sim/quantity.js';
import { firstUntolerated, TAINT_UNSCHEDULABLE, taintString, toleratedBy } from '../sim/taints.js';
import { claimsReadyForScheduling } from './storage.js';
import { byIndex, canIndex, HOSTNAME_LABEL, indexCounts, milliRequests, requestsOf } from './informer.js';
import { byteOrder } from '../store/file-store.js';
import { NODES, PODS } from './queues.js';
import type { Controller } from './types.js';

const SOURCE = { component: 'default-scheduler' };

/** What the scheduler tracks per node during one pass. */
export interface NodeInfo {
  node: KubeObject;
  name: string;
  allocatable: Record<string, number>;
  /**
   * What the bound pods request, in integer thousandths (millicores for cpu), as summed: exact in
   * any order, as kube-scheduler's int64 sums are. cpu and memory are plain fields (read for every
   * node, for every pod, and summed for every node from the index); any other resource in the map.
   * requestedAmount() gives any of them in whole units.
   */
  cpuMilli: number;
  memoryMilli: number;
  otherMilli: Map<string, number> | undefined;
  /** cpu, memory and pods of allocatable and of the sums above, in whole units. */
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
export interface Rejection {
  reasons: string[];
  resourceShortfall: boolean;
  /** The filter plugin that said no, and what it saw (with the numbers), for `why`. */
  filter?: FilterName;
  details?: string[];
}

export type FilterName = 'NodeUnschedulable' | 'TaintToleration' | 'NodeAffinity' | 'VolumeBinding' | 'NodeResourcesFit';

/** What the filters read besides the pod and the node: the PersistentVolumes bound to the pod's claims. */
export interface FilterInput {
  pod: KubeObject;
  /** The bound volumes of the pod's claims that carry a node affinity. */
  volumes: KubeObject[];
}

export const scheduler: Controller = {
  name: 'scheduler',
  selfSettling: true,
  reconcile(api) {
    const podType = api.registry.forKind('v1', 'Pod')!;
    const nodeType = api.registry.forKind('v1', 'Node')!;
    // The unscheduled pods, from the informer's node index when there is one (every pod is read
    // only when one of them needs a node: each node's requests are summed over its pods). What
    // the bound pods request from each node is summed from the counted requests index, and the
    // pending pods' siblings per node are counted from the controller index.
    const unbound = canIndex(api) ? byIndex(api, PODS, 'node', '') : undefined;
    let pending: KubeObject[];
    let infos: NodeInfo[];
    if (unbound) {
      pending = unbound.filter(needsScheduling);
      if (pending.length === 0) return;
      infos = nodeInfosFromCounts(api, schedulingNodes(api) ?? api.list(nodeType), pending) ?? nodeInfos(api.list(nodeType), api.list(podType));
    } else {
      const pods = api.list(podType);
      pending = pods.filter(needsScheduling);
      if (pending.length === 0) return;
      infos = nodeInfos(api.list(nodeType), pods);
    }
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
  const byName = emptyInfos(nodes);
  for (const pod of pods) {
    const info = pod.spec?.nodeName ? byName.get(pod.spec.nodeName) : undefined;
    if (info && !isTerminal(pod)) addPod(info, pod);
  }
  return [...byName.values()];
}

/**
 * nodeInfos from the counted requests index (each node's requests, summed exactly) and, for the
 * owners of the pending pods (the only ones spreading asks about), their bound pods per node from
 * the controller index; undefined when a bound pod's requests cannot be summed exactly.
 */
export function nodeInfosFromCounts(api: ApiServer, nodes: KubeObject[], pending: KubeObject[]): NodeInfo[] | undefined {
  const byName = emptyInfos(nodes);
  const parsed = new Map<string, Record<string, number>>();
  const demands = new Map<Record<string, number>, Demand>();
  for (const [value, count] of indexCounts(api, PODS, 'requests')) {
    const { node, milli } = requestsOf(value, parsed);
    if (!milli) return undefined;
    const info = byName.get(node);
    if (!info) continue;
    let demand = demands.get(milli);
    if (!demand) demands.set(milli, (demand = demandOf(milli)));
    addMilli(info, demand, count);
  }
  for (const info of byName.values()) settleUsage(info);
  const owners = new Set<string>();
  for (const pod of pending) {
    const owner = ownerUid(pod);
    if (owner) owners.add(owner);
  }
  for (const owner of owners) {
    for (const sibling of byIndex(api, PODS, 'controller', owner)) {
      const info = sibling.spec?.nodeName ? byName.get(sibling.spec.nodeName) : undefined;
      if (info && !isTerminal(sibling)) addSibling(info, owner);
    }
  }
  return [...byName.values()];
}

/**
 * The nodes as the filters and scoring read them (name, labels, unschedulable, taints,
 * allocatable; and whether deletionTimestamp is set), in listing order, from the `scheduling` and
 * `nodeShape` counted indexes the store keeps (a name and a shape id per node, and the few shapes
 * they share, maintained on write) rather than from every Node whole: at 5,000 nodes that is a
 * fraction of their 15 MB. Only those fields are there: what else the scheduler reads of a node
 * must be added to the shape (informer.ts nodeShape). Nodes of one shape share its objects (read
 * only). Undefined when the indexes do not tell every node's shape apart (two shapes of one id):
 * the caller lists the Nodes.
 */
export function schedulingNodes(api: ApiServer): KubeObject[] | undefined {
  return nodesOfShapes(indexCounts(api, NODES, 'nodeShape').keys(), indexCounts(api, NODES, 'scheduling'));
}

/**
 * The nodes named by the `scheduling` values (`<name>\0<shape id>`, with their counts), each of
 * its shape among the `nodeShape` values (`<shape id>\0<shape>`), in listing order; undefined when
 * two shapes have one id or a node's shape is missing.
 */
export function nodesOfShapes(shapeValues: Iterable<string>, names: Iterable<[string, number]>): KubeObject[] | undefined {
  const shapes = new Map<string, NodeShape>();
  for (const value of shapeValues) {
    const at = value.indexOf('\u0000');
    const id = value.slice(0, at);
    if (shapes.has(id)) return undefined;
    shapes.set(id, parseShape(value.slice(at + 1)));
  }
  // Sorted as they are, before a node is made of each: `<name>\0...` sorts as the names do, \0 being below
  // any character of a name.
  const sorted: string[] = [];
  for (const [value, count] of names) for (let i = 0; i < count; i++) sorted.push(value);
  sorted.sort(byteOrder);
  const nodes: KubeObject[] = [];
  for (const value of sorted) {
    const at = value.lastIndexOf('\u0000');
    const shape = shapes.get(value.slice(at + 1));
    if (!shape) return undefined;
    nodes.push(shapedNode(value.slice(0, at), shape));
  }
  return nodes;
}

/** A node's shape (informer.ts nodeShape) as parsed once for all the nodes of that shape. */
interface NodeShape {
  allocatable: unknown;
  unschedulable: unknown;
  taints: unknown;
  labels: Record<string, string> | null;
  deleting: true | null;
  /** Where the `kubernetes.io/hostname` label equal to the node's name goes among the labels, or null. */
  hostnameAt: number | null;
  /** The labels' keys, and whether one of them cannot be set by assignment (`__proto__`). */
  labelKeys: string[];
  plainKeys: boolean;
}

function parseShape(json: string): NodeShape {
  const [allocatable, unschedulable, taints, labels, deleting, hostnameAt] = JSON.parse(json) as [unknown, unknown, unknown, Record<string, string> | null, true | null, number | null];
  const labelKeys = labels ? Object.keys(labels) : [];
  return { allocatable, unschedulable, taints, labels, deleting, hostnameAt, labelKeys, plainKeys: !labelKeys.includes('__proto__') };
}

/** Node `name` of `shape`, as much of it as the scheduler reads. */
function shapedNode(name: string, shape: NodeShape): KubeObject {
  const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {}, status: {} };
  // Not the time itself: only whether there is one.
  if (shape.deleting) node.metadata.deletionTimestamp = 'set';
  const labels = shape.hostnameAt === null ? shape.labels : withHostname(shape, shape.hostnameAt, name);
  if (labels !== null) node.metadata.labels = labels;
  if (shape.unschedulable !== null) node.spec.unschedulable = shape.unschedulable;
  if (shape.taints !== null) node.spec.taints = shape.taints;
  if (shape.allocatable !== null) node.status.allocatable = shape.allocatable;
  shapeOfNode.set(node, shape);
  return node;
}

/** The shape each node read from the scheduling indexes was made of. */
const shapeOfNode = new WeakMap<KubeObject, NodeShape>();

/** `labels` with the hostname label put back at its position among them. */
function withHostname(shape: NodeShape, at: number, name: string): Record<string, string> {
  const labels = shape.labels ?? {};
  const keys = shape.labelKeys;
  if (!shape.plainKeys) {
    // fromEntries defines each key as its own property, whatever its name.
    const entries: Array<[string, string]> = Object.entries(labels);
    entries.splice(at, 0, [HOSTNAME_LABEL, name]);
    return Object.fromEntries(entries);
  }
  const out: Record<string, string> = {};
  for (let i = 0; i <= keys.length; i++) {
    if (i === at) out[HOSTNAME_LABEL] = name;
    if (i < keys.length) out[keys[i]!] = labels[keys[i]!]!;
  }
  return out;
}

function emptyInfos(nodes: KubeObject[]): Map<string, NodeInfo> {
  const byName = new Map<string, NodeInfo>();
  // Nodes of one shape share their allocatable, parsed once (read only from here on).
  const parsed = new Map<string, Record<string, number>>();
  // Nodes read from the scheduling indexes share the very object: known without writing it out.
  const sameObject = new Map<unknown, Record<string, number>>();
  for (const node of nodes) {
    const raw = node.status?.allocatable ?? node.status?.capacity;
    let allocatable = sameObject.get(raw);
    if (!allocatable) {
      const shape = JSON.stringify(raw ?? null);
      allocatable = parsed.get(shape);
      if (!allocatable) parsed.set(shape, (allocatable = parseResources(raw)));
      if (typeof raw === 'object' && raw !== null) sameObject.set(raw, allocatable);
    }
    byName.set(node.metadata.name!, {
      node,
      name: node.metadata.name!,
      allocatable,
      cpuMilli: 0,
      memoryMilli: 0,
      otherMilli: undefined,
      allocCpu: allocatable.cpu ?? 0,
      allocMemory: allocatable.memory ?? 0,
      maxPods: allocatable.pods ?? 110,
      reqCpu: 0,
      reqMemory: 0,
      pods: 0,
      byOwner: new Map(),
    });
  }
  return byName;
}

function addPod(info: NodeInfo, pod: KubeObject, requests = podRequests(pod)): void {
  // Requests too big (or not numbers) to sum in whole thousandths are added as they are.
  addMilli(info, demandOf(milliRequests(requests) ?? Object.fromEntries(Object.entries(requests).map(([k, v]) => [k, v * 1000]))), 1);
  settleUsage(info);
  const owner = ownerUid(pod);
  if (owner) addSibling(info, owner);
}

/** Adds `count` pods requesting `milli` each (a Demand in thousandths) to the sums; settleUsage then works out reqCpu and reqMemory. */
function addMilli(info: NodeInfo, milli: Demand, count: number): void {
  info.cpuMilli += milli.cpu * count;
  info.memoryMilli += milli.memory * count;
  if (milli.other.length) {
    const sums = (info.otherMilli ??= new Map());
    for (const [k, v] of milli.other) sums.set(k, (sums.get(k) ?? 0) + v * count);
  }
  info.pods += count;
}

function settleUsage(info: NodeInfo): void {
  info.reqCpu = info.cpuMilli / 1000;
  info.reqMemory = info.memoryMilli / 1000;
}

/** What the node's bound pods request of `resource`, in whole units. */
export function requestedAmount(info: NodeInfo, resource: string): number {
  if (resource === 'cpu') return info.reqCpu;
  if (resource === 'memory') return info.reqMemory;
  return (info.otherMilli?.get(resource) ?? 0) / 1000;
}

function addSibling(info: NodeInfo, owner: string): void {
  info.byOwner.set(owner, (info.byOwner.get(owner) ?? 0) + 1);
}

function ownerUid(pod: KubeObject): string | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}

/**
 * Nodes passing the filters that do not depend on what is bound, for one scheduling signature;
 * the other nodes' rejections, unless the verdict only looked at the nodes the pod names.
 */
interface StaticVerdict {
  input: FilterInput;
  feasible: NodeInfo[];
  rejections?: Rejection[];
}

function staticVerdict(input: FilterInput, infos: NodeInfo[]): StaticVerdict {
  const verdict: StaticVerdict = { input, feasible: [], rejections: [] };
  // Nodes of one shape differ only in their name (and hostname label): unless the filters read
  // those, they get one verdict, worked out for the first node of the shape.
  const byShape = readsNodeName(input) ? undefined : new Map<NodeShape, Rejection | null>();
  for (const info of infos) {
    const shape = byShape && shapeOfNode.get(info.node);
    let r: Rejection | null | undefined = shape && byShape!.get(shape);
    if (r === undefined) {
      r = staticRejection(input, info) ?? null;
      if (shape) byShape!.set(shape, r);
    }
    if (r) verdict.rejections!.push(r);
    else verdict.feasible.push(info);
  }
  return verdict;
}

/**
 * Whether the static filters may read a node's name for this pod: its node selector or required
 * node affinity names the hostname label or a field, or a volume restricts the nodes.
 */
function readsNodeName({ pod, volumes }: FilterInput): boolean {
  if (volumes.length > 0) return true;
  if (Object.hasOwn(pod.spec?.nodeSelector ?? {}, HOSTNAME_LABEL)) return true;
  const terms = (pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) as any[];
  return terms.some((t) => (t?.matchFields ?? []).length > 0 || ((t?.matchExpressions ?? []) as any[]).some((e) => e?.key === HOSTNAME_LABEL));
}

function feasibleAmong(input: FilterInput, infos: NodeInfo[]): NodeInfo[] {
  return infos.filter((info) => !staticRejection(input, info));
}

/**
 * The only nodes the pod's required node affinity can match, when every term pins
 * `metadata.name In [...]` (as a DaemonSet's pods do), as kube-scheduler's NodeAffinity PreFilter
 * narrows them; undefined when any node might match.
 */
export function namedNodes(pod: KubeObject): Set<string> | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as any[] | undefined;
  if (!terms?.length) return undefined;
  const names = new Set<string>();
  for (const term of terms) {
    const pin = ((term.matchFields ?? []) as any[]).find((e) => e.key === 'metadata.name' && e.operator === 'In');
    if (!pin) {
      // An empty term matches no node; any other term could match nodes of any name.
      if ((term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0) continue;
      return undefined;
    }
    for (const v of pin.values ?? []) names.add(v);
  }
  return names;
}

/** The infos of the named nodes, in the order of `infos` (the order the full scan would find them in). */
function candidatesNamed(infos: NodeInfo[], names: Set<string>): NodeInfo[] {
  if (names.size * 8 > infos.length) return infos.filter((info) => names.has(info.name));
  const at = positions(infos);
  return [...names].map((n) => at.get(n)).filter((i): i is number => i !== undefined).sort((a, b) => a - b).map((i) => infos[i]!);
}

const positionsOf = new WeakMap<NodeInfo[], Map<string, number>>();
function positions(infos: NodeInfo[]): Map<string, number> {
  let at = positionsOf.get(infos);
  if (!at) positionsOf.set(infos, (at = new Map(infos.map((info, i) => [info.name, i]))));
  return at;
}

/** Pods with the same selector, affinity and tolerations get the same static verdict: computed once per pass. */
function signature(pod: KubeObject): string {
  const spec = pod.spec ?? {};
  const claims = (spec.volumes ?? []).some((v: any) => v.persistentVolumeClaim) ? [pod.metadata.namespace, spec.volumes.map((v: any) => v.persistentVolumeClaim?.claimName)] : undefined;
  return JSON.stringify([spec.nodeSelector, spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, spec.tolerations, claims]);
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
    const input: FilterInput = { pod, volumes: claimVolumes(api, pod) };
    const named = namedNodes(pod);
    verdict = named ? { input, feasible: feasibleAmong(input, candidatesNamed(infos, named)) } : staticVerdict(input, infos);
    cache.set(key, verdict);
  }
  const best = pickNode(pod, verdict.feasible, demandOf(requests), rotation);
  if (!best) {
    // The FitError counts every node's reason: a verdict narrowed by name is widened to all of them.
    if (!verdict.rejections) cache.set(key, (verdict = staticVerdict(verdict.input, infos)));
    const shortfalls = verdict.feasible.map((info) => resourceFilter(info, requests)!);
    markUnschedulable(api, pod, fitError(infos.length, [...verdict.rejections!, ...shortfalls]));
    return;
  }
  bind(api, pod, best);
  addPod(best, pod, requests);
}

/**
 * kube-scheduler's filter plugins that look only at the pod and the node (not at what is bound
 * there), in its order. Each is pure and returns the rejection, or nothing when the node passes.
 */
export const FILTERS: Array<(input: FilterInput, node: KubeObject) => Rejection | undefined> = [
  function nodeUnschedulable({ pod }, node) {
    if (!node.spec?.unschedulable || toleratedBy(pod.spec?.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })) return undefined;
    return reject('NodeUnschedulable', 'node(s) were unschedulable', ['the node is cordoned (spec.unschedulable: true)']);
  },
  function taintToleration({ pod }, node) {
    const taint = firstUntolerated(node.spec?.taints, pod.spec?.tolerations);
    if (!taint) return undefined;
    return reject('TaintToleration', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`, [`taint ${taintString(taint)} is not tolerated`]);
  },
  function nodeAffinity({ pod }, node) {
    const misses = nodeSelectorMisses(pod, node);
    if (misses.length === 0) return undefined;
    return reject('NodeAffinity', "node(s) didn't match Pod's node affinity/selector", misses);
  },
  function volumeNodeAffinity({ volumes }, node) {
    const conflicts = volumes.filter((pv) => !nodeSelectorTermsMatch(pv.spec.nodeAffinity.required?.nodeSelectorTerms, node));
    if (conflicts.length === 0) return undefined;
    return reject('VolumeBinding', 'node(s) had volume node affinity conflict', conflicts.map((pv) => `volume ${pv.metadata.name} (claim ${pv.spec?.claimRef?.name ?? '?'}) can only be used on ${volumeNodes(pv)}`));
  },
];

function reject(filter: FilterName, reason: string, details: string[]): Rejection {
  return { reasons: [reason], resourceShortfall: false, filter, details };
}

/** The first static filter that rejects the node, as the scheduler stops at the first. */
export function staticRejection(input: FilterInput, info: NodeInfo): Rejection | undefined {
  for (const filter of FILTERS) {
    const r = filter(input, info.node);
    if (r) return r;
  }
  return undefined;
}

/** The bound PersistentVolumes of the pod's claims that restrict which nodes may use them. */
export function claimVolumes(api: ApiServer, pod: KubeObject): KubeObject[] {
  const claims = (pod.spec?.volumes ?? []).map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean) as string[];
  if (claims.length === 0) return [];
  const pvcType = api.registry.forKind('v1', 'PersistentVolumeClaim')!;
  const pvType = api.registry.forKind('v1', 'PersistentVolume')!;
  const out: KubeObject[] = [];
  for (const name of claims) {
    const volumeName = api.tryGet(pvcType, pod.metadata.namespace, name)?.spec?.volumeName;
    const pv = volumeName ? api.tryGet(pvType, undefined, volumeName) : undefined;
    if (pv?.spec?.nodeAffinity?.required) out.push(pv);
  }
  return out;
}

function volumeNodes(pv: KubeObject): string {
  const terms = (pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) as any[];
  return terms.map((t) => (t.matchExpressions ?? []).map((e: any) => `${e.key} ${e.operator} [${(e.values ?? []).join(' ')}]`).join(', ')).join(' or ') || 'no node';
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
    if (amount > (info.allocatable[resource] ?? 0) - requestedAmount(info, resource) + 1e-9) return false;
  }
  return true;
}

/** NodeResourcesFit's reasons (and the pod count): `Too many pods`, `Insufficient cpu`, ..., with the numbers. */
export function resourceFilter(info: NodeInfo, requests: Record<string, number>): Rejection | undefined {
  const reasons: string[] = [];
  const details: string[] = [];
  const maxPods = info.allocatable.pods ?? 110;
  if (info.pods + 1 > maxPods) {
    reasons.push('Too many pods');
    details.push(`pods: ${info.pods} of ${maxPods} already on the node`);
  }
  for (const [resource, amount] of Object.entries(requests)) {
    if (amount <= 0) continue;
    const allocatable = info.allocatable[resource] ?? 0;
    const free = allocatable - requestedAmount(info, resource);
    if (amount > free + 1e-9) {
      reasons.push(`Insufficient ${resource}`);
      details.push(`${resource}: requested ${formatAmount(resource, amount)}, free ${formatAmount(resource, Math.max(0, free))} of ${formatAmount(resource, allocatable)} allocatable`);
    }
  }
  return reasons.length ? { reasons, resourceShortfall: true, filter: 'NodeResourcesFit', details } : undefined;
}

/** A resource amount as a person writes it: cpu in cores or millicores, memory in Mi/Gi. */
export function formatAmount(resource: string, n: number): string {
  if (resource === 'cpu') return Number.isInteger(n) ? String(n) : `${Math.round(n * 1000)}m`;
  if (resource === 'memory' || resource.startsWith('hugepages-') || resource === 'ephemeral-storage') {
    const gi = n / 2 ** 30;
    if (gi >= 1 && Number.isInteger(Math.round(gi * 100) / 100)) return `${Math.round(gi)}Gi`;
    return `${Math.round(n / 2 ** 20)}Mi`;
  }
  return String(Math.round(n * 1000) / 1000);
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution node affinity. */
export function matchesNodeSelector(pod: KubeObject, node: KubeObject): boolean {
  return nodeSelectorMisses(pod, node).length === 0;
}

/** A node's label, own keys only: a key such as `constructor` or `toString` is a label like any other. */
function labelOf(labels: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/** What in the pod's nodeSelector and required node affinity this node does not satisfy (empty: it matches). */
export function nodeSelectorMisses(pod: KubeObject, node: KubeObject): string[] {
  const labels = node.metadata.labels ?? {};
  const misses: string[] = [];
  for (const [k, v] of Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>)) {
    const has = labelOf(labels, k);
    if (has !== v) misses.push(`nodeSelector ${k}=${v}: the node has ${has !== undefined ? `${k}=${has}` : `no label ${k}`}`);
  }
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as any[] | undefined;
  if (terms && !nodeSelectorTermsMatch(terms, node)) {
    for (const [i, term] of terms.entries()) {
      const failed = [...(term.matchExpressions ?? []).filter((e: any) => !matchRequirement(e, labelOf(labels, e.key))).map((e: any) => requirementText(e, labelOf(labels, e.key))),
        ...(term.matchFields ?? []).filter((e: any) => !matchRequirement(e, e.key === 'metadata.name' ? node.metadata.name : undefined)).map((e: any) => requirementText(e, e.key === 'metadata.name' ? node.metadata.name : undefined))];
      misses.push(`node affinity term ${i + 1}: ${failed.length ? failed.join('; ') : 'an empty term matches no node'}`);
    }
  }
  return misses;
}

function requirementText(e: { key: string; operator: string; values?: string[] }, value: string | undefined): string {
  return `${e.key} ${e.operator}${e.values?.length ? ` [${e.values.join(' ')}]` : ''} (node: ${value === undefined ? 'unset' : value})`;
}

/** NodeSelectorTerms are ORed, their requirements ANDed; an empty term matches nothing. */
export function nodeSelectorTermsMatch(terms: any[] | undefined, node: KubeObject): boolean {
  if (!terms) return true;
  const labels = node.metadata.labels ?? {};
  return terms.some((term) => {
    const exprs = (term.matchExpressions ?? []) as any[];
    const fields = (term.matchFields ?? []) as any[];
    if (exprs.length === 0 && fields.length === 0) return false;
    return exprs.every((e) => matchRequirement(e, labelOf(labels, e.key))) &&
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
