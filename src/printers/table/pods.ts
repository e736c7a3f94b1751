/** Pods: printPod's READY / STATUS / RESTARTS algorithm (facts §2.2). */
import type { KubeObject } from '../../api/types.js';
import { humanDuration } from '../../util/duration.js';
import type { TableHandler } from '../types.js';
import { AGE, NAME, ageOf, col, condition, nameOf, wide } from './common.js';

interface PodCells {
  ready: string;
  status: string;
  restarts: string;
}

const isSidecar = (c: any): boolean => c?.restartPolicy === 'Always';

/** The STATUS, READY and RESTARTS cells, exactly as printers.go computes them. */
export function podCells(pod: KubeObject, now: Date): PodCells {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs: any[] = spec.initContainers ?? [];
  const sidecars = new Set(initSpecs.filter(isSidecar).map((c) => c.name));
  const totalContainers = (spec.containers ?? []).length + sidecars.size;
  let readyContainers = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;
  const finishedAt = (cs: any): number => {
    const t = Date.parse(cs?.lastState?.terminated?.finishedAt ?? '');
    return Number.isNaN(t) ? 0 : t;
  };

  let reason: string = status.phase ?? '';
  if (status.reason) reason = status.reason;
  if ((status.conditions ?? []).some((c: any) => c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    restarts += cs.restartCount ?? 0;
    lastRestart = Math.max(lastRestart, finishedAt(cs));
    const sidecar = sidecars.has(cs.name);
    if (sidecar) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestart = Math.max(lastSidecarRestart, finishedAt(cs));
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar && cs.started) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (term.reason) reason = `Init:${term.reason}`;
      else reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || condition(pod, 'Initialized')?.status === 'True') {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += cs.restartCount ?? 0;
      lastRestart = Math.max(lastRestart, finishedAt(cs));
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = condition(pod, 'Ready')?.status === 'True' ? 'Running' : 'NotReady';
    }
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  const restartsCell =
    restarts !== 0 && lastRestart > 0 ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsCell };
}

function readinessGates(pod: KubeObject): string {
  const gates: any[] = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const trueTypes = new Set((pod.status?.conditions ?? []).filter((c: any) => c?.status === 'True').map((c: any) => c.type));
  const ready = gates.filter((g) => trueTypes.has(g.conditionType)).length;
  return `${ready}/${gates.length}`;
}

export const podHandler: TableHandler = {
  columns: [
    NAME,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    wide('IP', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
    wide('Node', 'NodeName is a request to schedule this pod onto a specific node.'),
    wide('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.'),
    wide('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.'),
  ],
  row(pod, now) {
    const c = podCells(pod, now);
    const ips: any[] = pod.status?.podIPs ?? [];
    const ip = ips[0]?.ip || pod.status?.podIP || '<none>';
    return [
      nameOf(pod),
      c.ready,
      c.status,
      c.restarts,
      ageOf(pod, now),
      ip,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
};

export const podTemplateHandler: TableHandler = {
  columns: [NAME, col('Containers'), col('Images'), col('Pod Labels')],
  row(obj) {
    const spec = obj.template?.spec;
    const cs: any[] = spec?.containers ?? [];
    const labels = obj.template?.metadata?.labels ?? {};
    const keys = Object.keys(labels).sort();
    return [
      nameOf(obj),
      cs.map((c) => c.name).join(','),
      cs.map((c) => c.image).join(','),
      keys.length ? keys.map((k) => `${k}=${labels[k]}`).join(',') : '<none>',
    ];
  },
};
