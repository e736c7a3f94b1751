/**
 * How a simulated container behaves, read from pod annotations (see src/sim/README.md).
 * `sim.kubectl-lite.io/<key>-<container>` overrides `sim.kubectl-lite.io/<key>` for one container.
 */
import type { KubeObject } from '../api/types.js';
import { parseGoDuration } from '../util/duration.js';
import { waitsForSession } from './process.js';

export const ANNOTATION_PREFIX = 'sim.kubectl-lite.io/';

export interface ContainerBehaviour {
  /** From the pod's start (or the moment its config appears) to the container running. */
  startDelayMs: number;
  /** How long each run lasts before the process exits; Infinity = runs until stopped. */
  runForMs: number;
  exitCode: number;
  /** From running to Ready; Infinity = never ready (readiness probe keeps failing). */
  readyDelayMs: number;
  /** From SIGTERM to the process exiting (bounded by the grace period). */
  stopDelayMs: number;
  /** From running to started: the startup probe's first success (0 without a startup probe; Infinity: never). */
  startedDelayMs: number;
  /** From running to the kubelet killing it for a startup probe that has not succeeded (Infinity: never). */
  startupKillMs: number;
  /** From running to the kubelet killing it for a failing liveness probe (Infinity: never). */
  livenessKillMs: number;
  /** 0 when a ready container's readiness probe now fails (`ready: false` set on a running pod), else Infinity. */
  notReadyMs: number;
  /** 0 when pulling the image fails (`image-missing`), else Infinity. */
  pullFailMs: number;
  /** 0 when the image reference cannot be parsed, else Infinity. */
  invalidImageMs: number;
}

/**
 * A reference containerd cannot parse (kubelet's InvalidImageName): empty, with spaces or upper
 * case in the repository, an empty or malformed tag or digest.
 */
export function invalidImageReference(image: string): string | undefined {
  const m = /^((?:[^/]+\/)*[^/:@]+)(?::([^/@]*))?(?:@(.*))?$/.exec(image);
  if (!image || /\s/.test(image) || !m) return 'invalid reference format';
  const [, repo, tag, digest] = m;
  const path = repo!.includes('/') && /[.:]|^localhost$/.test(repo!.split('/')[0]!) ? repo!.split('/').slice(1).join('/') : repo!;
  if (/[A-Z]/.test(path)) return 'invalid reference format: repository name must be lowercase';
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) return 'invalid reference format';
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) return 'invalid reference format';
  if (digest !== undefined && !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/.test(digest)) return 'invalid reference format';
  return undefined;
}

/** Seconds of a probe field, with the API's defaults. */
function probeTimes(probe: any): { initialMs: number; periodMs: number; failures: number } {
  return { initialMs: (probe?.initialDelaySeconds ?? 0) * 1000, periodMs: (probe?.periodSeconds ?? 10) * 1000, failures: probe?.failureThreshold ?? 3 };
}

export function annotationFor(pod: KubeObject, key: string, container: string): string | undefined {
  const a = pod.metadata.annotations;
  // Most pods have none: no names to build (a kubelet sync asks about ten per container).
  if (a === undefined || a === null) return undefined;
  return a[`${ANNOTATION_PREFIX}${key}-${container}`] ?? a[`${ANNOTATION_PREFIX}${key}`];
}

function duration(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (text === 'forever' || text === 'never') return Infinity;
  const ms = parseGoDuration(text);
  return ms === undefined ? fallback : ms;
}

/** A native sidecar: an init container that restarts always, and runs for the pod's life. */
export function isSidecar(container: any): boolean {
  return container?.restartPolicy === 'Always';
}

/**
 * The container's behaviour: annotations, else the spec (probes), else the defaults. A sidecar
 * (an init container with restartPolicy Always) behaves as a regular container of a pod that
 * restarts always.
 */
export function behaviourOf(pod: KubeObject, container: any, isInit: boolean): ContainerBehaviour {
  const name = container.name as string;
  // A process that waits for its session (a shell with stdin open) runs until a session ends it (see process.ts).
  const runsToCompletion = !waitsForSession(container) && ((isInit && !isSidecar(container)) || ((pod.spec?.restartPolicy ?? 'Always') !== 'Always' && !isSidecar(container)));
  const exitCode = Number(annotationFor(pod, 'exit-code', name) ?? 0);
  const probe = container.readinessProbe;
  const probeDelay = probe ? (probe.initialDelaySeconds ?? 0) * 1000 : 0;
  const ready = annotationFor(pod, 'ready', name);
  const readyDelayMs = ready === 'false' ? Infinity : duration(annotationFor(pod, 'ready-delay', name), probeDelay);
  const invalid = Boolean(container.image) && invalidImageReference(String(container.image)) !== undefined;
  const missing = !invalid && annotationFor(pod, 'image-missing', name) === 'true';
  return {
    // A container whose image cannot be had never starts.
    startDelayMs: invalid || missing ? Infinity : duration(annotationFor(pod, 'start-delay', name), 0),
    // A container told to exit with a code but not when exits at once.
    runForMs: duration(annotationFor(pod, 'run-for', name), runsToCompletion || annotationFor(pod, 'exit-code', name) !== undefined ? 0 : Infinity),
    exitCode: Number.isInteger(exitCode) ? exitCode : 0,
    readyDelayMs,
    stopDelayMs: duration(annotationFor(pod, 'stop-delay', name), 0),
    notReadyMs: readyDelayMs === Infinity ? 0 : Infinity,
    pullFailMs: missing ? 0 : Infinity,
    invalidImageMs: invalid ? 0 : Infinity,
    ...probeBehaviour(pod, container),
  };
}

/**
 * Startup and liveness probes: `started: false` (the startup probe never succeeds) or `started-delay`
 * (it succeeds that long after the start; default its initialDelaySeconds); `live: false` (the
 * liveness probe fails from the start) or `live-for` (it passes that long, then fails). A failing
 * probe has the container killed after failureThreshold failures, periodSeconds apart.
 */
function probeBehaviour(pod: KubeObject, container: any): Pick<ContainerBehaviour, 'startedDelayMs' | 'startupKillMs' | 'livenessKillMs'> {
  const name = container.name as string;
  const startup = container.startupProbe;
  const s = probeTimes(startup);
  const startedDelayMs = !startup ? 0 : annotationFor(pod, 'started', name) === 'false' ? Infinity : duration(annotationFor(pod, 'started-delay', name), s.initialMs);
  const startupKillMs = startup ? s.initialMs + s.failures * s.periodMs : Infinity;
  const liveness = container.livenessProbe;
  const l = probeTimes(liveness);
  const failsAfter = !liveness ? Infinity : annotationFor(pod, 'live', name) === 'false' ? 0 : duration(annotationFor(pod, 'live-for', name), Infinity);
  // Probes run from the start (after the startup probe has succeeded): the first failure is at the
  // first probe after `failsAfter`, and the kill at the failureThreshold-th.
  const firstFailure = Math.max(failsAfter, startedDelayMs, l.initialMs);
  const livenessKillMs = Number.isFinite(firstFailure) ? firstFailure + (l.failures - 1) * l.periodMs : Infinity;
  return { startedDelayMs, startupKillMs, livenessKillMs };
}

/** kubelet's crash back-off before restart number `restartCount + 1`: none for the first, then 10 s doubling to 5 m. */
export function backOffMs(restartCount: number): number {
  if (restartCount <= 0) return 0;
  return Math.min(10_000 * 2 ** (restartCount - 1), 300_000);
}
