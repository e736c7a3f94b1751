/**
 * How a simulated container behaves, read from pod annotations (see src/sim/README.md).
 * `sim.kubectl-lite.io/<key>-<container>` overrides `sim.kubectl-lite.io/<key>` for one container.
 */
import type { KubeObject } from '../api/types.js';
import { parseGoDuration } from '../util/duration.js';

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
}

export function annotationFor(pod: KubeObject, key: string, container: string): string | undefined {
  const a = pod.metadata.annotations ?? {};
  return a[`${ANNOTATION_PREFIX}${key}-${container}`] ?? a[`${ANNOTATION_PREFIX}${key}`];
}

function duration(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (text === 'forever' || text === 'never') return Infinity;
  const ms = parseGoDuration(text);
  return ms === undefined ? fallback : ms;
}

/** The container's behaviour: annotations, else the spec (probes), else the defaults. */
export function behaviourOf(pod: KubeObject, container: any, isInit: boolean): ContainerBehaviour {
  const name = container.name as string;
  const restartsAlways = (pod.spec?.restartPolicy ?? 'Always') === 'Always' && !isInit;
  const runsToCompletion = isInit || !restartsAlways;
  const exitCode = Number(annotationFor(pod, 'exit-code', name) ?? 0);
  const probe = container.readinessProbe;
  const probeDelay = probe ? (probe.initialDelaySeconds ?? 0) * 1000 : 0;
  const ready = annotationFor(pod, 'ready', name);
  return {
    startDelayMs: duration(annotationFor(pod, 'start-delay', name), 0),
    // A container told to exit with a code but not when exits at once.
    runForMs: duration(annotationFor(pod, 'run-for', name), runsToCompletion || annotationFor(pod, 'exit-code', name) !== undefined ? 0 : Infinity),
    exitCode: Number.isInteger(exitCode) ? exitCode : 0,
    readyDelayMs: ready === 'false' ? Infinity : duration(annotationFor(pod, 'ready-delay', name), probeDelay),
    stopDelayMs: duration(annotationFor(pod, 'stop-delay', name), 0),
  };
}

/** kubelet's crash back-off before restart number `restartCount + 1`: none for the first, then 10 s doubling to 5 m. */
export function backOffMs(restartCount: number): number {
  if (restartCount <= 0) return 0;
  return Math.min(10_000 * 2 ** (restartCount - 1), 300_000);
}
