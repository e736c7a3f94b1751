/**
 * Why a pod is where it is: unscheduled (the scheduler's filters), or on its node, the stage each
 * container is in and what it waits for, read through the kubelet's own checks
 * (src/controllers/kubelet.ts) and stage engine (src/sim/engine.ts, src/sim/stages/).
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { configView, envConfigError, restartsAfterExit, volumeMountError } from '../controllers/kubelet.js';
import { podVolumesBound } from '../controllers/storage.js';
import { podCells } from '../printers/table/pods.js';
import { backOffMs, behaviourOf } from '../sim/behaviour.js';
import { nextStage, stateOf } from '../sim/engine.js';
import { stoppedNodes } from '../sim/node-state.js';
import { getCondition, isTerminal } from '../sim/pods.js';
import { CONTAINER_STAGES } from '../sim/stages/container.js';
import { explainScheduling, schedulingSections } from './scheduling.js';
import { inTime, type Explanation, type Section } from './types.js';

export interface ContainerAnswer {
  name: string;
  init: boolean;
  state: string;
  ready: boolean;
  /** The stage it is in (start, ready, exit, restart) or the kubelet's check holding it. */
  stage: string;
  /** What it waits for, in words. */
  waitsFor?: string;
  /** When that is due (simulated epoch ms), if it is timed. */
  dueMs?: number;
  /** Timed work that does not hold it back (a process that will exit). */
  note?: string;
}

export function explainPod(api: ApiServer, pod: KubeObject): Explanation {
  const now = api.clock.now().getTime();
  const cells = podCells(pod, new Date(now));
  const base = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name!, state: cells.status };
  const spec = pod.spec ?? {};

  if (!spec.nodeName) return unscheduled(api, pod, base);

  const sections: Section[] = [];
  const fixes: string[] = [];
  const node = spec.nodeName as string;
  const stoppedAt = stoppedNodes(api.store).get(node);
  if (stoppedAt !== undefined) {
    const ready = getCondition(pod, 'Ready');
    return {
      ...base,
      healthy: false,
      summary: `its node ${node} is stopped: no kubelet reports for it${ready?.status === 'False' ? ', so it is marked not ready' : ''}${pod.metadata.deletionTimestamp ? ', and its deletion waits for the node to come back' : ''}`,
      sections: [{ title: 'Node', lines: [`the kubelet of ${node} stopped ${inTime(now - stoppedAt)} ago (kubectl-lite node stop)`, 'after 50 s the node lifecycle controller marks the node NotReady and its pods not ready; after 300 s (the default toleration) they are evicted'] }],
      fixes: [`kubectl-lite node start ${node}`],
      details: { node, nodeStopped: true },
    };
  }

  if (pod.metadata.deletionTimestamp) {
    const deadline = Date.parse(pod.metadata.deletionTimestamp);
    return {
      ...base,
      healthy: false,
      summary: `it is being deleted: the kubelet on ${node} stops its containers (grace period ends in ${inTime(deadline - now)})`,
      sections: [],
      fixes: [],
      details: { node, deletionTimestamp: pod.metadata.deletionTimestamp },
    };
  }

  const containers = containerAnswers(api, pod, now);
  if (isTerminal(pod)) {
    const exits = (pod.status?.containerStatuses ?? []).map((c: any) => `${c.name}: exit code ${c.state?.terminated?.exitCode ?? '?'} (${c.state?.terminated?.reason ?? ''})`);
    return { ...base, healthy: pod.status.phase === 'Succeeded', summary: `it has finished (${pod.status.phase}): its containers exited and the restart policy is ${spec.restartPolicy ?? 'Always'}`, sections: [{ title: 'Containers', lines: exits }], fixes: [], details: { node, containers } };
  }

  sections.push({
    title: `Containers (on ${node})`,
    table: { head: ['CONTAINER', 'STATE', 'STAGE', 'WAITS FOR'], rows: containers.map((c) => [c.init ? `${c.name} (init)` : c.name, c.state, c.stage, c.waitsFor ?? c.note ?? '']) },
  });
  const blocking = containers.filter((c) => c.waitsFor);
  const gate = readinessGateIssue(pod);
  if (gate) sections.push({ title: 'Readiness gates', lines: [gate] });
  for (const c of blocking) fixes.push(...fixFor(c, pod));
  const ready = getCondition(pod, 'Ready')?.status === 'True';
  const summary = ready
    ? `it is ${cells.status} and ready on ${node}${blocking.length ? `; ${blocking[0]!.name} ${blocking[0]!.waitsFor}` : ''}`
    : blocking.length
      ? `${blocking[0]!.name} ${blocking[0]!.stage === 'config' || blocking[0]!.stage === 'volumes' ? 'cannot start' : `is in stage ${blocking[0]!.stage}`}: it waits for ${blocking[0]!.waitsFor}`
      : gate
        ? `its containers are ready but a readiness gate is not: ${gate}`
        : `it is ${cells.status} on ${node}`;
  return { ...base, healthy: ready && blocking.length === 0, summary, sections, fixes: [...new Set(fixes)], details: { node, containers } };
}

function unscheduled(api: ApiServer, pod: KubeObject, base: Pick<Explanation, 'kind' | 'namespace' | 'name' | 'state'>): Explanation {
  const spec = pod.spec ?? {};
  if ((spec.schedulingGates ?? []).length) {
    const gates = spec.schedulingGates.map((g: any) => g.name);
    return { ...base, healthy: false, summary: `it has scheduling gates (${gates.join(', ')}): the scheduler leaves it alone until they are removed`, sections: [], fixes: ['remove spec.schedulingGates'], details: { schedulingGates: gates } };
  }
  if (spec.schedulerName && spec.schedulerName !== 'default-scheduler') {
    return { ...base, healthy: false, summary: `it asks for scheduler "${spec.schedulerName}", which this cluster does not run`, sections: [], fixes: ['remove spec.schedulerName (or set it to default-scheduler)'], details: { schedulerName: spec.schedulerName } };
  }
  const answer = explainScheduling(api, pod);
  const fits = answer.nodes.filter((n) => n.fits).map((n) => n.node);
  const summary = answer.preFilter
    ? `no node can take it: ${answer.preFilter}`
    : fits.length
      ? `it fits on ${fits.join(', ')} now; the scheduler binds it on its next pass`
      : `no node can take it (0/${answer.total} nodes are available)`;
  const fixes = answer.smallestChange ? [`${answer.smallestChange.changes.join('; and ')}${answer.smallestChange.node ? ` (then it fits on ${answer.smallestChange.node})` : ''}`] : [];
  return { ...base, healthy: false, summary, sections: schedulingSections(answer), fixes, fixTitle: 'Smallest change', details: { scheduling: answer } };
}

/** Each container's stage, through the kubelet's checks and the stage engine. */
export function containerAnswers(api: ApiServer, pod: KubeObject, now: number): ContainerAnswer[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const config = configView(api);
  const out: ContainerAnswer[] = [];
  const mountError = volumeMountError(pod, config);
  const claimsPending = !mountError && (spec.volumes ?? []).some((v: any) => v.persistentVolumeClaim) && !podVolumesBound(api, pod);
  const podStartMs = Date.parse(status.startTime ?? '');
  const podLabel = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
  const restartPolicy = spec.restartPolicy ?? 'Always';
  let blockedByInit: string | undefined;
  const one = (c: any, s: any, init: boolean): ContainerAnswer => {
    const state = s ? describeState(s) : 'not started';
    const answer: ContainerAnswer = { name: c.name, init, state, ready: Boolean(s?.ready), stage: '-' };
    if (!s) return { ...answer, stage: 'admission', waitsFor: 'the kubelet to admit the pod' };
    if (mountError) return { ...answer, stage: 'volumes', waitsFor: mountError.replace(/^MountVolume.SetUp failed for volume "([^"]+)" : (\w+) "([^"]+)" not found$/, '$2 "$3" (volume $1) to exist') };
    if (claimsPending) return { ...answer, stage: 'volumes', waitsFor: `its PersistentVolumeClaims to be bound (${unboundClaims(api, pod).join(', ')})` };
    if (!init && blockedByInit) return { ...answer, stage: 'init', waitsFor: `init container ${blockedByInit} to complete` };
    const waiting = s.state?.waiting?.reason as string | undefined;
    if (waiting === 'CreateContainerConfigError' || ((waiting === 'ContainerCreating' || waiting === 'PodInitializing') && (s.restartCount ?? 0) === 0)) {
      const err = envConfigError(c, pod.metadata.namespace!, config);
      if (err) return { ...answer, stage: 'config', waitsFor: `${err.replace(/ not found$/, '')} to exist (env)`.replace(/^couldn't find key (\S+) in (\w+) (\S+) to exist \(env\)$/, 'key $1 in $2 $3 (env)') };
    }
    if (waiting && !['ContainerCreating', 'PodInitializing', 'CrashLoopBackOff', 'CreateContainerConfigError'].includes(waiting)) {
      // Reasons other controllers write (ErrImagePull, ImagePullBackOff, ...): what the status says.
      return { ...answer, stage: waiting, waitsFor: s.state.waiting.message ? `${waiting}: ${s.state.waiting.message}` : waiting };
    }
    const behaviour = behaviourOf(pod, c, init);
    const ctx = { behaviour, now, podStartMs: Number.isNaN(podStartMs) ? now : podStartMs, restarts: restartsAfterExit(restartPolicy, behaviour.exitCode, init), podLabel };
    const next = nextStage(s, CONTAINER_STAGES, ctx);
    if (!next) return { ...answer, stage: stateOf(s) === 'terminated' ? 'exited' : 'running' };
    const left = next.due === Infinity ? undefined : next.due - now;
    switch (next.stage.name) {
      case 'start':
        return { ...answer, stage: 'start', waitsFor: `its start (start-delay): starts in ${inTime(left ?? 0)}`, dueMs: next.due };
      case 'ready':
        if (left === undefined) return { ...answer, stage: 'ready', waitsFor: readinessNever(c, pod) };
        return { ...answer, stage: 'ready', waitsFor: `its readiness probe: ready in ${inTime(left)}${c.readinessProbe ? ` (initialDelaySeconds ${c.readinessProbe.initialDelaySeconds ?? 0})` : ' (ready-delay)'}`, dueMs: next.due };
      case 'exit':
        if (left === undefined) return { ...answer, stage: 'running' };
        if (init) return { ...answer, stage: 'running', waitsFor: `its process to exit (in ${inTime(left)})`, dueMs: next.due };
        return { ...answer, stage: 'running', note: `its process exits in ${inTime(left)} with code ${behaviour.exitCode} (run-for)`, dueMs: next.due };
      case 'restart': {
        const last = s.lastState?.terminated;
        const backoff = backOffMs(s.restartCount ?? 0);
        return {
          ...answer,
          stage: 'restart',
          waitsFor: `the crash back-off (${inTime(backoff)} after exit code ${last?.exitCode ?? '?'}, restart ${(s.restartCount ?? 0) + 1}): restarts in ${inTime(left ?? 0)}`,
          dueMs: next.due,
        };
      }
      default:
        return { ...answer, stage: next.stage.name };
    }
  };
  const initStatuses = (status.initContainerStatuses ?? []) as any[];
  for (const [i, c] of (spec.initContainers ?? []).entries()) {
    const s = initStatuses[i];
    if (s?.state?.terminated?.exitCode === 0) continue;
    if (blockedByInit) continue;
    out.push(one(c, s, true));
    blockedByInit = c.name;
  }
  const statuses = (status.containerStatuses ?? []) as any[];
  for (const [i, c] of (spec.containers ?? []).entries()) out.push(one(c, statuses[i], false));
  return out;
}

function describeState(s: any): string {
  if (s.state?.running) return s.ready ? 'Running, ready' : 'Running, not ready';
  if (s.state?.terminated) return `Terminated (${s.state.terminated.reason ?? s.state.terminated.exitCode})`;
  return `Waiting (${s.state?.waiting?.reason ?? ''})`;
}

function readinessNever(c: any, pod: KubeObject): string {
  const annotated = Object.keys(pod.metadata.annotations ?? {}).some((k) => k === 'sim.kubectl-lite.io/ready' || k === `sim.kubectl-lite.io/ready-${c.name}`);
  const probe = c.readinessProbe;
  const what = probe?.httpGet ? `GET ${probe.httpGet.path ?? '/'} on port ${probe.httpGet.port}` : probe?.tcpSocket ? `TCP port ${probe.tcpSocket.port}` : probe?.exec ? `exec ${(probe.exec.command ?? []).join(' ')}` : 'its readiness probe';
  return `a readiness probe that never succeeds (${what}${annotated ? '; sim.kubectl-lite.io/ready: "false"' : ''})`;
}

function unboundClaims(api: ApiServer, pod: KubeObject): string[] {
  const pvcType = api.registry.forKind('v1', 'PersistentVolumeClaim')!;
  return (pod.spec?.volumes ?? [])
    .map((v: any) => v.persistentVolumeClaim?.claimName)
    .filter((n: string | undefined) => n && api.tryGet(pvcType, pod.metadata.namespace, n)?.status?.phase !== 'Bound') as string[];
}

function readinessGateIssue(pod: KubeObject): string | undefined {
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = getCondition(pod, gate.conditionType);
    if (!c) return `condition ${gate.conditionType} is missing (nothing sets it)`;
    if (c.status !== 'True') return `condition ${gate.conditionType} is ${c.status}`;
  }
  return undefined;
}

function fixFor(c: ContainerAnswer, pod: KubeObject): string[] {
  const ns = pod.metadata.namespace;
  if (c.stage === 'volumes' || c.stage === 'config') {
    const m = /^(configmap|secret) "([^"]+)"/.exec(c.waitsFor ?? '');
    if (m) return [m[1] === 'configmap' ? `kubectl-lite create configmap ${m[2]} -n ${ns} --from-literal=...` : `kubectl-lite create secret generic ${m[2]} -n ${ns} --from-literal=...`];
    const key = /^key (\S+) in (ConfigMap|Secret) (\S+)/.exec(c.waitsFor ?? '');
    if (key) return [`add key ${key[1]} to ${key[2]} ${key[3]}`];
    if (c.waitsFor?.includes('PersistentVolumeClaims')) return [`kubectl-lite why pvc/NAME for each claim that is not Bound`];
  }
  if (c.stage === 'restart') return [`kubectl-lite logs ${pod.metadata.name} -c ${c.name} --previous shows why it exits; the back-off resets after 10 minutes of running`];
  if (c.stage === 'ready' && c.dueMs === undefined) return ['fix the readiness probe (or the sim.kubectl-lite.io/ready annotation)'];
  if (c.stage === 'ErrImagePull' || c.stage === 'ImagePullBackOff') return ['correct the image name or tag (kubectl-lite set image ...)'];
  return [];
}
