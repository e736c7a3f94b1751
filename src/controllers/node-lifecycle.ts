/**
 * Node lifecycle: the kubelet's node status (Ready while it runs) and the node lifecycle
 * controller's side: a node whose kubelet stopped posting status for the grace period
 * goes Unknown, gets the unreachable taints and its pods turn Ready=False; taint-based
 * eviction deletes pods once their toleration of a NoExecute taint runs out; cordoned
 * nodes carry the unschedulable taint; pods bound to a node that no longer exists are
 * garbage-collected.
 */
import { jsonEqual, type ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { stoppedNodes } from '../sim/node-state.js';
import { getCondition, isTerminal, POD_CONDITION_ORDER, setCondition, type PodCondition } from '../sim/pods.js';
import { type Taint, TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, type Toleration, tolerates } from '../sim/taints.js';
import { nodeSummary } from './node-view.js';
import { canIndex, indexKeys } from './informer.js';
import { collectionKeys, EVENTS, PODS, splitKey } from './queues.js';
import type { Controller } from './types.js';

/** kube-controller-manager --node-monitor-grace-period (50 s since 1.32). */
export const NODE_MONITOR_GRACE_MS = 50_000;

const CONTROLLER_MANAGED = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE]);

export const nodeLifecycle: Controller = {
  name: 'node-lifecycle',
  reconcile(api) {
    const nodeType = api.registry.forKind('v1', 'Node')!;
    const stopped = stoppedNodes(api.store);
    const now = api.clock.now().getTime();
    let wake: number | undefined;
    const soonest = (t: number | undefined) => {
      if (t !== undefined && (wake === undefined || t < wake)) wake = t;
    };
    const nodes = new Map<string, KubeObject>();
    for (const node of api.list(nodeType)) {
      const stoppedAt = stopped.get(node.metadata.name!);
      if (stoppedAt !== undefined && now < stoppedAt + NODE_MONITOR_GRACE_MS) soonest(stoppedAt + NODE_MONITOR_GRACE_MS);
      const updated = updateNode(api, node, stoppedAt !== undefined && now >= stoppedAt + NODE_MONITOR_GRACE_MS);
      nodes.set(updated.metadata.name!, updated);
    }
    // Only the pods that may have something to fear are read, each in its turn: those of the
    // healthy nodes (syncPod's first test) and the unbound ones are passed over by key, through the
    // node index; a listing would hold every pod of the cluster at once.
    const passed = canIndex(api) ? podsPassedOver(api, nodes) : undefined;
    for (const key of collectionKeys(api, PODS)) {
      if (passed?.has(key)) continue;
      const pod = api.store.get(PODS, key) as KubeObject | undefined;
      const nodeName = pod?.spec?.nodeName;
      if (nodeName) soonest(syncPod(api, pod, nodes.get(nodeName), now));
    }
    return wake;
  },
  // A pod change concerns that pod alone (its node is as the last run left it: a node change, a
  // stopped node or due timed work runs the whole-cluster pass, which updates the nodes first).
  firstChangeOnly: true,
  keysFor(change) {
    if (change.collection === PODS) return [change.key];
    if (change.collection === EVENTS) return [];
    return undefined;
  },
  reconcileKey(api, key, run) {
    const [namespace, name] = splitKey(key);
    const pod = api.tryGet(api.registry.forKind('v1', 'Pod')!, namespace, name);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    // A pod on a healthy node: nothing to do (syncPod's first test), known without reading the Node.
    if (nodeSummary(api, run, nodeName)?.healthy) return;
    return syncPod(api, pod, api.tryGet(api.registry.forKind('v1', 'Node')!, undefined, nodeName), api.clock.now().getTime());
  },
};

/** The keys of the pods a whole-cluster pass has nothing to do for: unbound, or on a healthy node. */
function podsPassedOver(api: ApiServer, nodes: Map<string, KubeObject>): Set<string> {
  const passed = new Set(indexKeys(api, PODS, 'node', ''));
  for (const [name, node] of nodes) {
    if (isHealthy(node)) for (const key of indexKeys(api, PODS, 'node', name)) passed.add(key);
  }
  return passed;
}

/** Ready and without a NoExecute taint: its pods have nothing to fear from this controller. */
function isHealthy(node: KubeObject): boolean {
  return getCondition(node, 'Ready')?.status === 'True' && !(node.spec?.taints ?? []).some((t: Taint) => t.effect === 'NoExecute');
}

/** One bound pod against its node (undefined: the node is gone); returns its eviction time. */
function syncPod(api: ApiServer, pod: KubeObject, node: KubeObject | undefined, now: number): number | undefined {
  if (!node) {
    api.remove(api.typeOf(pod), pod);
    return undefined;
  }
  if (isHealthy(node)) return undefined;
  if (getCondition(node, 'Ready')?.status !== 'True') markPodNotReady(api, pod);
  return evictIfDue(api, pod, node, now);
}

const HEALTHY: Array<[string, string, string, string]> = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
];

/** The four node conditions a running kubelet posts. */
export function healthyConditions(now: string): any[] {
  return HEALTHY.map(([type, status, reason, message]) => ({ lastHeartbeatTime: now, lastTransitionTime: now, message, reason, status, type }));
}

function updateNode(api: ApiServer, node: KubeObject, unreachable: boolean): KubeObject {
  const now = api.now();
  const ready = getCondition(node, 'Ready')?.status;
  const transition = (unreachable && ready !== 'Unknown') || (!unreachable && ready !== 'True');
  // The common case, a healthy node with its taints in place, is left as it is without a copy.
  if (!transition && node.status && node.spec) {
    const taints = desiredTaints(node, now);
    if (taints.length ? jsonEqual(taints, node.spec.taints) : node.spec.taints === undefined) return node;
  }
  const updated = deepClone(node);
  updated.status ??= {};
  let event: [string, string, { component: string; host?: string }] | undefined;
  if (unreachable && ready !== 'Unknown') {
    updated.status.conditions = (node.status?.conditions ?? []).map((c: any) => ({
      ...c,
      lastTransitionTime: now,
      message: 'Kubelet stopped posting node status.',
      reason: 'NodeStatusUnknown',
      status: 'Unknown',
    }));
    event = ['NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`, { component: 'node-controller' }];
  } else if (!unreachable && ready !== 'True') {
    updated.status.conditions = healthyConditions(now);
    event = ['NodeReady', `Node ${node.metadata.name} status is now: NodeReady`, { component: 'kubelet', host: node.metadata.name }];
  }
  updated.spec ??= {};
  const taints = desiredTaints(updated, now);
  if (taints.length) updated.spec.taints = taints;
  else delete updated.spec.taints;
  const stored = api.put(updated);
  if (event) api.recordEvent(stored, 'Normal', event[0], event[1], event[2]);
  return stored;
}

/** The node's own taints plus the ones this controller manages for its state; NoExecute ones keep their timeAdded. */
export function desiredTaints(node: KubeObject, now: string): Taint[] {
  const current = (node.spec?.taints ?? []) as Taint[];
  const kept = current.filter((t) => !CONTROLLER_MANAGED.has(t.key));
  const ready = getCondition(node, 'Ready')?.status;
  const wanted: Taint[] = [];
  if (ready === 'Unknown') wanted.push({ key: TAINT_UNREACHABLE, effect: 'NoSchedule' }, { key: TAINT_UNREACHABLE, effect: 'NoExecute' });
  else if (ready === 'False') wanted.push({ key: TAINT_NOT_READY, effect: 'NoSchedule' }, { key: TAINT_NOT_READY, effect: 'NoExecute' });
  if (node.spec?.unschedulable) wanted.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const managed = wanted.map((t) => {
    const existing = current.find((c) => c.key === t.key && c.effect === t.effect);
    if (existing) return existing;
    return t.effect === 'NoExecute' ? { ...t, timeAdded: now } : t;
  });
  return [...kept, ...managed];
}

function markPodNotReady(api: ApiServer, pod: KubeObject): void {
  if (isTerminal(pod) || getCondition(pod, 'Ready')?.status === 'False' || !pod.status?.conditions) return;
  const status = { ...pod.status };
  status.conditions = setCondition(status.conditions as PodCondition[], { type: 'Ready', status: 'False' }, api.now(), POD_CONDITION_ORDER);
  api.put({ ...pod, status });
  // As the node lifecycle controller's MarkPodsNotReady records it on each pod.
  api.recordEvent(pod, 'Warning', 'NodeNotReady', 'Node is not ready', { component: 'node-controller' });
}

/**
 * When taint-based eviction deletes this pod: at once for an untolerated NoExecute taint,
 * timeAdded + tolerationSeconds for a tolerated one, never for an unlimited toleration.
 */
export function evictionTime(taints: Taint[], tolerations: Toleration[] | undefined, now: number): number | undefined {
  let at: number | undefined;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    const matching = (tolerations ?? []).filter((t) => tolerates(t, taint));
    if (matching.length === 0) return now;
    if (matching.some((t) => t.tolerationSeconds === undefined || t.tolerationSeconds === null)) continue;
    const seconds = Math.min(...matching.map((t) => Math.max(0, t.tolerationSeconds!)));
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : now;
    const t = added + seconds * 1000;
    if (at === undefined || t < at) at = t;
  }
  return at;
}

function evictIfDue(api: ApiServer, pod: KubeObject, node: KubeObject, now: number): number | undefined {
  if (pod.metadata.deletionTimestamp || isTerminal(pod)) return undefined;
  const at = evictionTime(node.spec?.taints ?? [], pod.spec?.tolerations, now);
  if (at === undefined) return undefined;
  if (at > now) return at;
  const status = { ...(pod.status ?? {}) };
  status.conditions = setCondition(status.conditions, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }, api.now(), POD_CONDITION_ORDER);
  const marked = api.put({ ...pod, status });
  api.recordEvent(marked, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, { component: 'taint-eviction-controller' });
  api.delete(api.typeOf(pod), pod.metadata.namespace, pod.metadata.name!);
  return undefined;
}


