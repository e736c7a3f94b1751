/**
 * Graceful pod deletion. A pod bound to a node gets deletionTimestamp = now + grace and
 * shows Terminating until that node's kubelet has stopped its containers. A simulated
 * container stops as soon as it is signalled unless `sim.kubectl-lite.io/stop-delay` says
 * otherwise, so by default `kubectl delete pod` completes within the command (as real
 * kubectl, which waits for the deletion); a pod on a stopped node stays Terminating.
 */
import type { ResourceType } from '../api/registry.js';
import type { ApiServer, DeleteOptions } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { behaviourOf, isSidecar } from './behaviour.js';
import { isTerminal, POD_CONDITION_ORDER, setCondition } from './pods.js';

/** Pods a kubelet runs are deleted gracefully; unscheduled, finished and force-deleted pods go at once. */
export function deletionMode(api: ApiServer, obj: KubeObject, type: ResourceType, opts: DeleteOptions): 'graceful' | 'immediate' {
  if (type.kind !== 'Pod' || type.group !== '') return 'immediate';
  if (opts.gracePeriodSeconds === 0) return 'immediate';
  const nodeName = obj.spec?.nodeName;
  if (!nodeName || isTerminal(obj)) return 'immediate';
  if (!api.tryGet(api.registry.forKind('v1', 'Node')!, undefined, nodeName)) return 'immediate';
  return 'graceful';
}

/**
 * The kubelet's side of a graceful deletion: signal the containers (Killing events, not
 * ready), then remove the pod once they have stopped. Returns when that will be.
 */
export function finishTermination(api: ApiServer, pod: KubeObject, now: number): number | undefined {
  const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  const startedMs = Date.parse(pod.metadata.deletionTimestamp!) - graceMs;
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter(isSidecar)];
  const stopMs = Math.min(graceMs, Math.max(0, ...containers.map((c: any) => behaviourOf(pod, c, false).stopDelayMs)));
  const doneAt = startedMs + stopMs;
  // The main containers are stopped first, then the sidecars (native sidecars outlive them).
  const running = [
    ...(pod.status?.containerStatuses ?? []).filter((s: any) => s.ready || s.state?.running).map((s: any) => ({ s, field: 'containers' })),
    ...(pod.status?.initContainerStatuses ?? []).filter((s: any) => s.state?.running).map((s: any) => ({ s, field: 'initContainers' })),
  ];
  const source = { component: 'kubelet', host: pod.spec.nodeName };
  const killing = () => {
    for (const { s, field } of running) api.recordEvent(pod, 'Normal', 'Killing', `Stopping container ${s.name}`, source, `spec.${field}{${s.name}}`);
  };
  if (now >= doneAt) {
    killing();
    if (!(pod.metadata.finalizers ?? []).length) api.remove(api.typeOf(pod), pod);
    return undefined;
  }
  if (running.some(({ s }) => s.ready)) {
    const status = { ...pod.status };
    status.containerStatuses = status.containerStatuses.map((s: any) => ({ ...s, ready: false }));
    if (status.initContainerStatuses) status.initContainerStatuses = status.initContainerStatuses.map((s: any) => ({ ...s, ready: false }));
    const names = status.containerStatuses.map((s: any) => s.name).join(' ');
    for (const type of ['ContainersReady', 'Ready']) {
      status.conditions = setCondition(status.conditions, { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${names}]` }, api.now(), POD_CONDITION_ORDER);
    }
    api.put({ ...pod, status });
    killing();
  }
  return doneAt;
}
