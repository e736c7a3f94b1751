/**
 * Every node's kubelet, simulated: admits pods bound to its node (pod IP from the node's
 * podCIDR), checks their ConfigMaps and Secrets, plays each container's stages
 * (src/sim/stages/container.ts) on the injected clock, and reports container statuses,
 * the pod's phase and conditions. It also finishes graceful deletions. A stopped node's
 * kubelet does nothing.
 */
import type { ApiServer, EventSource } from '../api/server.js';
import { jsonEqual } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { annotationFor, ANNOTATION_PREFIX, behaviourOf, isSidecar, type ContainerBehaviour } from '../sim/behaviour.js';
import { imageError, normalizeImage, playStages, pullError, stateOf, type ContainerContext } from '../sim/engine.js';
import { internalIP } from '../sim/node-addresses.js';
import { endOfRunning, PROCESSES_COLLECTION, processEndsOf, runsBareShell } from '../sim/process.js';
import { stoppedNodes } from '../sim/node-state.js';
import { portClash } from '../sim/ports.js';
import { getCondition, isTerminal, KILLED_EXIT_CODE, POD_CONDITION_ORDER, setCondition, type PodCondition } from '../sim/pods.js';
import { CONTAINER_STAGES } from '../sim/stages/container.js';
import { finishTermination } from '../sim/termination.js';
import { rfc3339 } from '../util/duration.js';
import { podVolumesBound } from './storage.js';
import { indexGroupValues, indexKeys } from './informer.js';
import { nodeSummary } from './node-view.js';
import { collectionKeys, EVENTS, PODS, splitKey } from './queues.js';
import type { Controller } from './types.js';

interface NodeView {
  /** The node's spec.podCIDR, as it is. */
  podCIDR: unknown;
  hostIP: string;
  usedIPs: Set<string>;
  /** Where allocateIP resumes its search. */
  nextIP?: number;
}

/** What the kubelet can read in one pass: which ConfigMaps and Secrets exist, with their keys. */
export interface ConfigView {
  configMaps: Map<string, Set<string>>;
  secrets: Map<string, Set<string>>;
}

export const kubelet: Controller = {
  name: 'kubelet',
  selfSettling: true,
  reconcile(api) {
    const podType = api.registry.forKind('v1', 'Pod')!;
    const nodeType = api.registry.forKind('v1', 'Node')!;
    const stopped = stoppedNodes(api.store);
    const nodes = new Map<string, NodeView>();
    for (const node of api.list(nodeType)) {
      if (stopped.has(node.metadata.name!)) continue;
      nodes.set(node.metadata.name!, { podCIDR: node.spec?.podCIDR, hostIP: internalIP(node), usedIPs: new Set() });
    }
    const pods = api.list(podType).filter((p) => p.spec?.nodeName && nodes.has(p.spec.nodeName));
    for (const pod of pods) {
      if (pod.status?.podIP && !pod.spec?.hostNetwork) nodes.get(pod.spec.nodeName)!.usedIPs.add(pod.status.podIP);
    }
    const config = configView(api);
    const now = api.clock.now().getTime();
    let wake: number | undefined;
    const soonest = (t: number | undefined) => {
      if (t !== undefined && Number.isFinite(t) && (wake === undefined || t < wake)) wake = t;
    };
    for (const pod of pods) {
      const view = nodes.get(pod.spec.nodeName)!;
      if (pod.metadata.deletionTimestamp) soonest(finishTermination(api, pod, now));
      else if (!isTerminal(pod)) soonest(syncPod(api, pod, view, config, now));
    }
    return wake;
  },
  // A pod is its own key; a node change concerns the pods bound to it. ConfigMaps, Secrets and
  // claims (what a container waits for) are not mapped: the whole-cluster pass handles them.
  firstChangeOnly: true,
  keysFor(change, api) {
    if (change.collection === PODS) return [change.key];
    if (change.collection === NODES) return indexKeys(api, PODS, 'node', change.key);
    if (change.collection === EVENTS) return [];
    // A recorded process end (sim/processes) is keyed as its pod.
    if (change.collection === PROCESSES_COLLECTION) return [change.key];
    return undefined;
  },
  // The whole-cluster pass takes every pod bound to a running node; reconcileKey passes over the others.
  allKeys: (api) => collectionKeys(api, PODS),
  reconcileKey(api, key, run) {
    const [namespace, name] = splitKey(key);
    const pod = api.tryGet(api.registry.forKind('v1', 'Pod')!, namespace, name);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    // As in the whole-cluster pass, each node's used addresses are taken once per run.
    let view = run.get(`node:${nodeName}`) as NodeView | null | undefined;
    if (view === undefined) {
      const node = stoppedNodes(api.store).has(nodeName) ? undefined : nodeSummary(api, run, nodeName);
      // The node's used addresses are read only when a pod needs one (most syncs do not), from
      // the informer's index of addresses by node, taken once per run (only a node's own view
      // hands out its addresses afterwards).
      let used: Set<string> | undefined;
      const usedIPs = (): Set<string> => {
        used ??= new Set([...indexGroupValues(api, PODS, 'podIP', nodeName)].map((value) => value.slice(nodeName.length + 1)));
        return used;
      };
      view = node ? { podCIDR: node.podCIDR, hostIP: node.hostIP, get usedIPs() { return usedIPs(); } } : null;
      run.set(`node:${nodeName}`, view);
    }
    if (!view) return;
    let config = run.get('config') as ConfigView | undefined;
    if (!config) run.set('config', (config = configView(api)));
    const now = api.clock.now().getTime();
    const due = pod.metadata.deletionTimestamp ? finishTermination(api, pod, now) : isTerminal(pod) ? undefined : syncPod(api, pod, view, config, now);
    return due !== undefined && Number.isFinite(due) ? due : undefined;
  },
};

const NODES = 'core/nodes';

export { internalIP };

export function configView(api: ApiServer): ConfigView {
  const keysOf = (o: KubeObject) => new Set([...Object.keys(o.data ?? {}), ...Object.keys(o.binaryData ?? {}), ...Object.keys(o.stringData ?? {})]);
  const index = (kind: string) => {
    const m = new Map<string, Set<string>>();
    for (const o of api.list(api.registry.forKind('v1', kind)!)) m.set(`${o.metadata.namespace}/${o.metadata.name}`, keysOf(o));
    return m;
  };
  return { configMaps: index('ConfigMap'), secrets: index('Secret') };
}

/** Why a container cannot be created yet (a missing ConfigMap/Secret or key in env), kubelet's wording. */
export function envConfigError(container: any, ns: string, config: ConfigView): string | undefined {
  const find = (kind: 'configmap' | 'secret', name: string, key: string | undefined, optional: boolean) => {
    if (optional) return undefined;
    const keys = (kind === 'configmap' ? config.configMaps : config.secrets).get(`${ns}/${name}`);
    if (!keys) return `${kind} "${name}" not found`;
    if (key !== undefined && !keys.has(key)) return `couldn't find key ${key} in ${kind === 'configmap' ? 'ConfigMap' : 'Secret'} ${ns}/${name}`;
    return undefined;
  };
  for (const from of container.envFrom ?? []) {
    const err = from.configMapRef ? find('configmap', from.configMapRef.name, undefined, Boolean(from.configMapRef.optional))
      : from.secretRef ? find('secret', from.secretRef.name, undefined, Boolean(from.secretRef.optional)) : undefined;
    if (err) return err;
  }
  for (const env of container.env ?? []) {
    const cm = env.valueFrom?.configMapKeyRef;
    const sec = env.valueFrom?.secretKeyRef;
    const err = cm ? find('configmap', cm.name, cm.key, Boolean(cm.optional)) : sec ? find('secret', sec.name, sec.key, Boolean(sec.optional)) : undefined;
    if (err) return err;
  }
  return undefined;
}

/** The first volume whose ConfigMap or Secret is missing: FailedMount's message. */
export function volumeMountError(pod: KubeObject, config: ConfigView): string | undefined {
  const ns = pod.metadata.namespace!;
  for (const v of pod.spec?.volumes ?? []) {
    if (v.configMap && !v.configMap.optional && !config.configMaps.has(`${ns}/${v.configMap.name}`)) {
      return `MountVolume.SetUp failed for volume "${v.name}" : configmap "${v.configMap.name}" not found`;
    }
    if (v.secret && !v.secret.optional && !config.secrets.has(`${ns}/${v.secret.secretName}`)) {
      return `MountVolume.SetUp failed for volume "${v.name}" : secret "${v.secret.secretName}" not found`;
    }
  }
  return undefined;
}

function initialContainerStatus(c: any, reason: string): any {
  const status: any = { image: c.image, imageID: '', lastState: {}, name: c.name, ready: false, restartCount: 0, started: false, state: { waiting: { reason } } };
  if (c.volumeMounts?.length) {
    status.volumeMounts = c.volumeMounts.map((m: any) =>
      m.readOnly ? { mountPath: m.mountPath, name: m.name, readOnly: true, recursiveReadOnly: 'Disabled' } : { mountPath: m.mountPath, name: m.name },
    );
  }
  return status;
}

/** An ephemeral container's status has no `started` (no probe runs for it) and it is never ready. */
function withoutStarted(s: any): any {
  const { started: _started, ...rest } = s;
  return { ...rest, ready: false };
}

/**
 * An ephemeral container has no probes and is never restarted. Its process is its command: a shell
 * (busybox's default) given no stdin reads end of input at once and exits 0, as `kubectl debug POD
 * --image=busybox` without -i does; with stdin, or another command, it runs until stopped (the
 * pod's annotations can say otherwise, as for any container).
 */
function ephemeralBehaviour(pod: KubeObject, c: any): ContainerBehaviour {
  const b = behaviourOf(pod, c, false);
  const exitsAtOnce = !c.stdin && runsBareShell(c) && annotationFor(pod, 'run-for', c.name) === undefined;
  return { ...b, runForMs: exitsAtOnce ? 0 : b.runForMs, readyDelayMs: Infinity, notReadyMs: Infinity, startedDelayMs: 0, startupKillMs: Infinity, livenessKillMs: Infinity };
}

function allocateIP(view: NodeView): string {
  const cidr = String(view.podCIDR ?? '10.244.0.0/24');
  const base = cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
  // The lowest free address. Addresses are not released during a pass, so those below the last
  // one handed out stay taken and the search resumes there.
  for (let i = view.nextIP ?? 2; i < 255; i++) {
    const ip = `${base}.${i}`;
    if (!view.usedIPs.has(ip)) {
      view.usedIPs.add(ip);
      view.nextIP = i + 1;
      return ip;
    }
  }
  return `${base}.254`;
}

/** Brings one pod's status up to now; returns when it next has timed work. */
/**
 * A pod whose containers all run and are ready, with the default behaviour and a restart policy of
 * Always, has no timed work and gets the same status from every pass: nothing changes it until
 * something else does (a deletion, its node stopping), so the kubelet need not work it out again.
 */
export function isSteady(pod: KubeObject): boolean {
  const status = pod.status;
  if (!status?.startTime || status.phase !== 'Running') return false;
  if ((pod.spec?.restartPolicy ?? 'Always') !== 'Always') return false;
  const behaviour = Object.keys(pod.metadata.annotations ?? {}).some((k) => k.startsWith(ANNOTATION_PREFIX) && !k.startsWith(`${ANNOTATION_PREFIX}log`));
  if (behaviour) return false;
  const containers = (status.containerStatuses ?? []) as any[];
  const specs = (pod.spec?.containers ?? []) as any[];
  if (containers.length !== specs.length || !containers.every((c) => c.ready && c.state?.running)) return false;
  // A changed image in the spec restarts the container.
  if (!containers.every((c, i) => c.image === normalizeImage(String(specs[i].image)))) return false;
  // A running pod's init containers have completed, but for its sidecars, which run and are ready.
  if (((status.initContainerStatuses ?? []) as any[]).some((c) => !succeeded(c) && !(c.ready && c.state?.running))) return false;
  // An ephemeral container added and not yet started, or running for a while only.
  const ephemeral = (pod.spec?.ephemeralContainers ?? []) as any[];
  if (ephemeral.length) {
    const statuses = (status.ephemeralContainerStatuses ?? []) as any[];
    if (statuses.length !== ephemeral.length || statuses.some((s) => !s.state?.running && !s.state?.terminated)) return false;
    if (ephemeral.some((c) => ephemeralBehaviour(pod, c).runForMs !== Infinity && !statuses.find((s) => s.name === c.name)?.state?.terminated)) return false;
  }
  return getCondition(pod, 'Ready')?.status === 'True';
}

function syncPod(api: ApiServer, pod: KubeObject, view: NodeView, config: ConfigView, now: number): number | undefined {
  // Read for every pod, so that a recorded end wakes the kubelet (see src/sim/process.ts).
  const ends = processEndsOf(api.store, pod);
  if (!ends && isSteady(pod)) return undefined;
  const spec = pod.spec ?? {};
  const source: EventSource = { component: 'kubelet', host: spec.nodeName };
  const status: any = { ...(pod.status ?? {}) };
  status.phase ??= 'Pending';
  const nowText = api.now();
  if (!status.startTime) {
    const podIP = spec.hostNetwork ? view.hostIP : allocateIP(view);
    Object.assign(status, { hostIP: view.hostIP, hostIPs: [{ ip: view.hostIP }], podIP, podIPs: [{ ip: podIP }], startTime: nowText });
    const hasInit = (spec.initContainers ?? []).length > 0;
    // Added only when there is one (not added then deleted: that would make V8 keep every pod
    // status as a slow dictionary, and serialising 30,000 of them several times slower).
    if (hasInit) status.initContainerStatuses = spec.initContainers.map((c: any) => initialContainerStatus(c, 'PodInitializing'));
    status.containerStatuses = (spec.containers ?? []).map((c: any) => initialContainerStatus(c, hasInit ? 'PodInitializing' : 'ContainerCreating'));
  }
  const podLabel = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
  const restartPolicy = spec.restartPolicy ?? 'Always';
  const podStartMs = Date.parse(status.startTime);
  const events: Array<{ type: 'Normal' | 'Warning'; reason: string; message: string; fieldPath?: string }> = [];
  let wake: number | undefined;
  const soonest = (t: number | undefined) => {
    if (t !== undefined && (wake === undefined || t < wake)) wake = t;
  };

  // Volumes first: missing ConfigMaps/Secrets, and claims the storage controller has not bound yet.
  const mountError = volumeMountError(pod, config);
  const waitingForClaims = !mountError && (spec.volumes ?? []).some((v: any) => v.persistentVolumeClaim) && !podVolumesBound(api, pod);
  if (mountError) {
    if (!hasEvent(api, pod, 'FailedMount', mountError)) events.push({ type: 'Warning', reason: 'FailedMount', message: mountError });
  }

  const play = (c: any, current: any, isInit: boolean, ephemeral = false): any => {
    const fieldPath = `spec.${ephemeral ? 'ephemeralContainers' : isInit ? 'initContainers' : 'containers'}{${c.name}}`;
    const waitingReason = current.state?.waiting?.reason;
    if (stateOf(current) === 'waiting' && ['ContainerCreating', 'PodInitializing', 'CreateContainerConfigError'].includes(waitingReason) && (current.restartCount ?? 0) === 0) {
      const error = envConfigError(c, pod.metadata.namespace!, config);
      if (error) {
        if (current.state.waiting.message !== error) events.push({ type: 'Warning', reason: 'Failed', message: `Error: ${error}`, fieldPath });
        return { ...current, state: { waiting: { message: error, reason: 'CreateContainerConfigError' } } };
      }
      if (waitingReason === 'CreateContainerConfigError') current = { ...current, state: { waiting: { reason: 'ContainerCreating' } } };
    }
    current = followImage(c, current, nowText, (message) => events.push({ type: 'Normal', reason: 'Killing', message, fieldPath }));
    // A port another container of the pod already holds: the process exits at once (address in use).
    const behaviour = ephemeral ? ephemeralBehaviour(pod, c) : portClash(pod, c.name) ? { ...behaviourOf(pod, c, isInit), runForMs: 0, exitCode: 1 } : behaviourOf(pod, c, isInit);
    // A sidecar restarts whatever the pod's restartPolicy; an init container only after a failure; an ephemeral container never.
    const policy = ephemeral ? 'Never' : isSidecar(c) ? 'Always' : restartPolicy;
    const ordinaryInit = isInit && !isSidecar(c);
    const ctx: ContainerContext = {
      behaviour,
      now,
      podStartMs,
      restarts: restartsAfterExit(policy, behaviour.exitCode, ordinaryInit),
      restartsAfterKill: restartsAfterExit(policy, KILLED_EXIT_CODE, ordinaryInit),
      podLabel,
    };
    // A session ended this instance's process: it exits then, with that code.
    const end = endOfRunning(ends, c.name, current);
    if (end) ctx.processEnd = { containerID: end.containerID, atMs: end.atMs, exitCode: end.exitCode, restarts: restartsAfterExit(policy, end.exitCode, ordinaryInit) };
    const result = playStages(current, CONTAINER_STAGES, ctx);
    soonest(result.wake);
    const fills: Array<[string, () => string]> = [
      ['{container}', () => c.name], ['{image}', () => c.image], ['{pod}', () => podLabel],
      ['{liveness}', () => probeFailure(c.livenessProbe, c, status.podIP)], ['{startup}', () => probeFailure(c.startupProbe, c, status.podIP)],
      ['{readiness}', () => probeFailure(c.readinessProbe, c, status.podIP)], ['{pullError}', () => pullError(c.image)], ['{imageError}', () => imageError(c.image)],
    ];
    for (const e of result.events) events.push({ type: e.type, reason: e.reason, message: fillPlaceholders(e.message, fills), fieldPath });
    return result.status;
  };

  let initDone = true;
  let initFailed = false;
  const volumesReady = !mountError && !waitingForClaims;
  if (volumesReady && status.initContainerStatuses) {
    // In order: each init container runs to completion before the next starts; a sidecar
    // (restartPolicy Always) has only to have started (its startup probe passed) and keeps running,
    // played on every pass for the pod's life.
    const next = [...status.initContainerStatuses];
    for (let i = 0; i < next.length; i++) {
      const s = next[i];
      const c = spec.initContainers[i];
      if (succeeded(s) && !isSidecar(c)) continue;
      next[i] = play(c, s, true);
      if (isSidecar(c)) {
        if (sidecarUp(next[i])) continue;
        initDone = false;
        break;
      }
      initDone = succeeded(next[i]);
      if (!initDone) {
        initFailed = stateOf(next[i]) === 'terminated';
        break;
      }
    }
    status.initContainerStatuses = next;
  } else if (!volumesReady) {
    initDone = !(spec.initContainers ?? []).length;
  }
  if (volumesReady && initDone) {
    status.containerStatuses = (status.containerStatuses ?? []).map((s: any, i: number) => {
      const current = s.state?.waiting?.reason === 'PodInitializing' ? { ...s, state: { waiting: { reason: 'ContainerCreating' } } } : s;
      return play(spec.containers[i], current, false);
    });
  }
  // Ephemeral containers (kubectl debug) start once added, whatever the others do, and are never restarted.
  const ephemeral = (spec.ephemeralContainers ?? []) as any[];
  if (ephemeral.length && volumesReady) {
    const before = (status.ephemeralContainerStatuses ?? []) as any[];
    status.ephemeralContainerStatuses = ephemeral.map((c) => {
      const current = before.find((s) => s.name === c.name) ?? withoutStarted(initialContainerStatus(c, 'ContainerCreating'));
      return withoutStarted(play(c, current, false, true));
    });
  }
  status.phase = podPhase(status, initDone, initFailed);
  if (status.phase === 'Succeeded' || status.phase === 'Failed') stopSidecars(status, spec, now, (name) => events.push({ type: 'Normal', reason: 'Killing', message: `Stopping container ${name}`, fieldPath: `spec.initContainers{${name}}` }));
  status.conditions = podConditions(pod, status, initDone, nowText);

  if (!jsonEqual(status, pod.status)) api.put({ ...pod, status });
  for (const e of events) api.recordEvent(pod, e.type, e.reason, e.message, source, e.fieldPath);
  return wake;
}

/**
 * Each placeholder replaced in turn (what an earlier one put in can hold a later one), its value
 * worked out only when the message has it: most messages have one or two of eight.
 */
export function fillPlaceholders(message: string, fills: Array<[placeholder: string, value: () => string]>): string {
  let out = message;
  for (const [placeholder, value] of fills) if (out.includes(placeholder)) out = out.replaceAll(placeholder, value());
  return out;
}

/** Init containers restart only after a failure (unless Never); others per restartPolicy. */
export function restartsAfterExit(restartPolicy: string, exitCode: number, isInit: boolean): boolean {
  if (restartPolicy === 'Never') return false;
  if (isInit || restartPolicy === 'OnFailure') return exitCode !== 0;
  return true;
}

function succeeded(s: any): boolean {
  return s.state?.terminated?.exitCode === 0;
}

/**
 * The spec's image changed (`kubectl set image` on a pod): a running container is killed and
 * started again with the new image; one still waiting for its image tries the new one.
 */
function followImage(c: any, current: any, nowText: string, killing: (message: string) => void): any {
  if (normalizeImage(String(current.image)) === normalizeImage(String(c.image))) return current;
  if (stateOf(current) === 'waiting') {
    const pulling = ['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName'].includes(current.state?.waiting?.reason);
    return pulling ? { ...current, image: c.image, state: { waiting: { reason: 'ContainerCreating' } } } : current;
  }
  if (stateOf(current) !== 'running') return current;
  killing(`Container ${c.name} definition changed, will be restarted`);
  const terminated = { containerID: current.containerID, exitCode: 0, finishedAt: nowText, reason: 'Completed', startedAt: current.state.running.startedAt };
  return { ...current, image: c.image, ready: false, started: false, restartCount: (current.restartCount ?? 0) + 1, lastState: { terminated }, state: { waiting: { reason: 'ContainerCreating' } } };
}

/** A sidecar lets the next init container start once it has started; one that has run before counts too (it is restarting). */
function sidecarUp(s: any): boolean {
  return Boolean(s.started) || Boolean(s.lastState?.terminated);
}

/** Init containers the pod still waits for: not completed, or (sidecars) not started. */
function incompleteInit(pod: KubeObject, status: any): string[] {
  return (status.initContainerStatuses ?? []).filter((c: any, i: number) => !(isSidecar(pod.spec?.initContainers?.[i]) ? sidecarUp(c) : succeeded(c))).map((c: any) => c.name);
}

/** The main containers are done: the kubelet stops the sidecars (after them), which exit 0 on SIGTERM. */
function stopSidecars(status: any, spec: any, now: number, killing: (name: string) => void): void {
  if (!status.initContainerStatuses) return;
  status.initContainerStatuses = status.initContainerStatuses.map((s: any, i: number) => {
    if (!isSidecar(spec.initContainers?.[i]) || stateOf(s) === 'terminated') return s;
    if (s.state?.running) killing(s.name);
    const startedAt = s.state?.running?.startedAt ?? s.lastState?.terminated?.startedAt;
    const finishedAt = rfc3339(new Date(now));
    return { ...s, ready: false, started: false, state: { terminated: { containerID: s.containerID, exitCode: 0, finishedAt, reason: 'Completed', ...(startedAt ? { startedAt } : {}) } } };
  });
}

/** Why a probe failed, as the kubelet words it for its probe type. */
function probeFailure(probe: any, container: any, podIP: string | undefined): string {
  if (!probe) return '';
  const port = (p: any) => (typeof p === 'string' ? ((container.ports ?? []).find((x: any) => x.name === p)?.containerPort ?? p) : p);
  if (probe.httpGet) return 'HTTP probe failed with statuscode: 500';
  if (probe.tcpSocket) return `dial tcp ${podIP ?? ''}:${port(probe.tcpSocket.port)}: connect: connection refused`;
  if (probe.grpc) return `timeout: failed to connect service ":${probe.grpc.port}" within 1s`;
  return `command ${JSON.stringify((probe.exec?.command ?? []).join(' '))} exited with 1`;
}

/** Pending until containers run; Succeeded/Failed once all have stopped for good; else Running. */
export function podPhase(status: any, initDone: boolean, initFailed: boolean): string {
  if (initFailed) return 'Failed';
  if (!initDone) return 'Pending';
  const containers = (status.containerStatuses ?? []) as any[];
  if (containers.length > 0 && containers.every((c) => stateOf(c) === 'terminated')) {
    return containers.every(succeeded) ? 'Succeeded' : 'Failed';
  }
  if (containers.some((c) => stateOf(c) === 'running' || c.lastState?.terminated || stateOf(c) === 'terminated')) return 'Running';
  return 'Pending';
}

function podConditions(pod: KubeObject, status: any, initDone: boolean, now: string): PodCondition[] {
  let conditions = status.conditions as PodCondition[] | undefined;
  const set = (c: Omit<PodCondition, 'lastTransitionTime' | 'lastProbeTime'>) => (conditions = setCondition(conditions, c, now, POD_CONDITION_ORDER));
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  const completedReason = status.phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
  set({ type: 'PodReadyToStartContainers', status: terminal ? 'False' : 'True' });
  if (initDone) set({ type: 'Initialized', status: 'True', reason: terminal && status.phase === 'Succeeded' ? 'PodCompleted' : undefined });
  else {
    const incomplete = incompleteInit(pod, status);
    set({ type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incomplete.join(' ')}]` });
  }
  // Sidecars count for readiness (first, as the kubelet lists them).
  const sidecars = (status.initContainerStatuses ?? []).filter((_: any, i: number) => isSidecar(pod.spec?.initContainers?.[i]));
  const unready = [...sidecars, ...(status.containerStatuses ?? [])].filter((c: any) => !c.ready).map((c: any) => c.name);
  let ready: Omit<PodCondition, 'lastTransitionTime' | 'lastProbeTime' | 'type'>;
  if (terminal) ready = { status: 'False', reason: completedReason };
  else if (!initDone) ready = { status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incompleteInit(pod, status).join(' ')}]` };
  else if (unready.length) ready = { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  else ready = { status: 'True' };
  set({ type: 'ContainersReady', ...ready });
  const gateError = readinessGateError(pod, conditions ?? []);
  set({ type: 'Ready', ...(ready.status === 'True' && gateError ? { status: 'False', reason: 'ReadinessGatesNotReady', message: gateError } : ready) });
  if (!conditions!.some((c) => c.type === 'PodScheduled')) set({ type: 'PodScheduled', status: 'True' });
  return conditions!;
}

function readinessGateError(pod: KubeObject, conditions: PodCondition[]): string | undefined {
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) return `corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`;
    if (c.status !== 'True') return `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`;
  }
  return undefined;
}

function hasEvent(api: ApiServer, pod: KubeObject, reason: string, message: string): boolean {
  return api.eventsFor(pod).some((e) => e.reason === reason && e.message === message);
}


