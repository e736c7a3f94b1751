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
import { isTerminal, KILLED_EXIT_CODE, POD_CONDITION_ORDER, setCondition } from './pods.js';
import { jsonEqual } from '../api/server.js';
import { rfc3339 } from '../util/duration.js';

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
 * ready); once they have stopped, write their terminated states and the pod's terminal phase and
 * remove the pod (unless a finalizer keeps it). Returns when they will have stopped.
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
    ...(pod.status?.ephemeralContainerStatuses ?? []).filter((s: any) => s.state?.running).map((s: any) => ({ s, field: 'ephemeralContainers' })),
  ];
  const source = { component: 'kubelet', host: pod.spec.nodeName };
  const killing = () => {
    for (const { s, field } of running) api.recordEvent(pod, 'Normal', 'Killing', `Stopping container ${s.name}`, source, `spec.${field}{${s.name}}`);
  };
  if (now >= doneAt) {
    killing();
    // As the kubelet has since 1.27: the terminal phase is written before the pod is removed, so its
    // last state (a watch's deletion, a pod a finalizer keeps) shows the containers stopped.
    const stopped = stoppedStatus(pod, graceMs, startedMs, api.now());
    const last = jsonEqual(stopped, pod.status) ? pod : { ...pod, status: stopped };
    if (last !== pod) api.put(last);
    if (!(pod.metadata.finalizers ?? []).length) api.remove(api.typeOf(pod), last);
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

/**
 * The status the kubelet reports once a deleted pod's containers have stopped: each running
 * container terminated (exit 0 when it stopped within the grace period, 137 when it was killed at
 * its end), not ready, and the pod in a terminal phase: Succeeded when every container exited 0,
 * else Failed (a container that never ran counts as failed).
 */
export function stoppedStatus(pod: KubeObject, graceMs: number, startedMs: number, nowText: string): any {
  const status = { ...pod.status };
  const stop = (s: any, container: any): any => {
    const running = s.state?.running;
    if (!running) return s.ready || s.started ? { ...s, ready: false, started: false } : s;
    const delayMs = container ? behaviourOf(pod, container, false).stopDelayMs : 0;
    const exitCode = delayMs > 0 && delayMs >= graceMs ? KILLED_EXIT_CODE : 0;
    const finishedAt = rfc3339(new Date(startedMs + Math.min(delayMs, graceMs)));
    const terminated = { containerID: s.containerID, exitCode, finishedAt, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: running.startedAt };
    return { ...s, ready: false, started: false, state: { terminated } };
  };
  const containers = (pod.spec?.containers ?? []) as any[];
  const inits = (pod.spec?.initContainers ?? []) as any[];
  if (status.containerStatuses) status.containerStatuses = status.containerStatuses.map((s: any) => stop(s, containers.find((c) => c.name === s.name)));
  if (status.initContainerStatuses) status.initContainerStatuses = status.initContainerStatuses.map((s: any) => stop(s, inits.find((c) => c.name === s.name)));
  // An ephemeral container is stopped as the others are; its status never has `started`.
  if (status.ephemeralContainerStatuses) {
    const ephemeral = (pod.spec?.ephemeralContainers ?? []) as any[];
    status.ephemeralContainerStatuses = status.ephemeralContainerStatuses.map((s: any) => {
      const { started: _started, ...stopped } = stop(s, ephemeral.find((c) => c.name === s.name));
      return stopped;
    });
  }
  const all = (status.containerStatuses ?? []) as any[];
  const succeeded = all.length > 0 && all.every((s) => s.state?.terminated?.exitCode === 0);
  status.phase = isTerminal(pod) ? pod.status.phase : succeeded ? 'Succeeded' : 'Failed';
  const reason = status.phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
  for (const [type, condition] of [
    ['PodReadyToStartContainers', { status: 'False' }],
    ...(status.phase === 'Succeeded' ? [['Initialized', { status: 'True', reason }] as const] : []),
    ['ContainersReady', { status: 'False', reason }],
    ['Ready', { status: 'False', reason }],
  ] as const) {
    if (type !== 'ContainersReady' && type !== 'Ready' && !(status.conditions ?? []).some((c: any) => c.type === type && (type !== 'Initialized' || c.status === 'True'))) continue;
    status.conditions = setCondition(status.conditions, { type, ...condition }, nowText, POD_CONDITION_ORDER);
  }
  return status;
}
