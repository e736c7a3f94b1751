/**
 * The generic stage engine: plays a container's stages (src/sim/stages/) against the
 * injected clock. It knows container statuses, not pods: the kubelet hands it one
 * container's status, behaviour and reference times and records what it returns.
 */
import { rfc3339 } from '../util/duration.js';
import { randomHex } from '../util/random.js';
import { backOffMs, invalidImageReference, type ContainerBehaviour } from './behaviour.js';
import { stableHex } from './ids.js';

export interface StageSelector {
  state: 'waiting' | 'running' | 'terminated';
  reasons?: string[];
  ready?: boolean;
  /** The startup probe has succeeded (true at once without one). */
  started?: boolean;
}

/** `kill`: the kubelet kills the container (a failed liveness or startup probe), exit code 137. */
export type Transition = 'run' | 'started' | 'ready' | 'unready' | 'exit' | 'kill' | 'restart' | 'pullFail' | 'pullBackOff' | 'invalidImage';

export interface StageEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  /**
   * `{container}`, `{image}`, `{pod}`, `{liveness}`, `{readiness}` and `{startup}` (why that probe
   * failed) and `{pullError}`/`{imageError}` (why the image could not be had) are filled in.
   */
  message: string;
}

export interface ContainerStage {
  name: string;
  selector: StageSelector;
  delay: { of: keyof ContainerBehaviour | 'backOffMs'; since: 'podStart' | 'startedAt' | 'finishedAt' };
  next: Transition;
  events?: StageEvent[];
}

export interface ContainerContext {
  behaviour: ContainerBehaviour;
  now: number;
  /** When the pod was admitted by the kubelet (status.startTime). */
  podStartMs: number;
  /** The restart policy would restart this container after it exits (with the behaviour's exit code). */
  restarts: boolean;
  /** The same after the kubelet kills it (exit code 137); default: `restarts`. */
  restartsAfterKill?: boolean;
  /** `name_namespace(uid)`, as kubelet messages name pods. */
  podLabel: string;
  /**
   * The process of one container instance (by containerID) ended, at `atMs` with `exitCode`, as a
   * session ended it (src/sim/process.ts): that instance exits then, whatever the behaviour says;
   * `restarts` as for `restarts`, with that exit code.
   */
  processEnd?: { containerID: string; atMs: number; exitCode: number; restarts: boolean };
}

export interface PlayResult {
  status: any;
  events: StageEvent[];
  /** When the next stage is due, if one is waiting. */
  wake?: number;
}

export function stateOf(status: any): 'waiting' | 'running' | 'terminated' {
  if (status.state?.running) return 'running';
  if (status.state?.terminated) return 'terminated';
  return 'waiting';
}

function matches(sel: StageSelector, status: any): boolean {
  if (stateOf(status) !== sel.state) return false;
  if (sel.reasons && !sel.reasons.includes(status.state?.waiting?.reason)) return false;
  if (sel.ready !== undefined && Boolean(status.ready) !== sel.ready) return false;
  if (sel.started !== undefined && Boolean(status.started) !== sel.started) return false;
  return true;
}

function dueTime(stage: ContainerStage, status: any, ctx: ContainerContext): number {
  if (stage.next === 'exit' && endOf(status, ctx)) return ctx.processEnd!.atMs;
  const delay = stage.delay.of === 'backOffMs' ? backOffMs(status.restartCount ?? 0) : ctx.behaviour[stage.delay.of];
  if (!Number.isFinite(delay)) return Infinity;
  const since =
    stage.delay.since === 'podStart' ? ctx.podStartMs
    : stage.delay.since === 'startedAt' ? Date.parse(status.state?.running?.startedAt ?? '')
    : Date.parse(status.lastState?.terminated?.finishedAt ?? '');
  return (Number.isNaN(since) ? ctx.now : since) + delay;
}

/** The stage that applies next to this status (the matching one due first) and when it is due; Infinity: never. */
export function nextStage(status: any, stages: ContainerStage[], ctx: ContainerContext): { stage: ContainerStage; due: number } | undefined {
  let chosen: ContainerStage | undefined;
  let chosenDue = Infinity;
  for (const stage of stages) {
    if (!matches(stage.selector, status)) continue;
    const due = dueTime(stage, status, ctx);
    if (!chosen || due < chosenDue) {
      chosen = stage;
      chosenDue = due;
    }
  }
  return chosen ? { stage: chosen, due: chosenDue } : undefined;
}

/** Applies every stage that is due by `ctx.now`, in order; returns the new status and its events. */
export function playStages(initial: any, stages: ContainerStage[], ctx: ContainerContext): PlayResult {
  let status = initial;
  const events: StageEvent[] = [];
  for (let i = 0; i < 16; i++) {
    const next = nextStage(status, stages, ctx);
    if (!next || next.due === Infinity) return { status, events };
    const { stage: chosen, due: chosenDue } = next;
    if (chosenDue > ctx.now) return { status, events, wake: chosenDue };
    status = TRANSITIONS[chosen.next](status, ctx);
    for (const e of chosen.events ?? []) events.push(e);
    if (chosen.next === 'exit' || chosen.next === 'kill') {
      if (status.state?.waiting?.reason === 'CrashLoopBackOff') {
        events.push({ type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container {container} in pod {pod}' });
      } else if (status.state?.running) {
        // Restarted at once (no back-off before the first restart): the new container is pulled, created and started as any restart.
        for (const e of stages.find((s) => s.next === 'restart')?.events ?? []) events.push(e);
      }
    }
  }
  return { status, events };
}

const TRANSITIONS: Record<Transition, (status: any, ctx: ContainerContext) => any> = {
  run: (s, ctx) => running(s, ctx),
  started: (s, ctx) => ({ ...s, started: true, ready: ctx.behaviour.readyDelayMs === 0 }),
  ready: (s) => ({ ...s, ready: true }),
  unready: (s) => ({ ...s, ready: false }),
  pullFail: (s) => ({ ...s, state: { waiting: { message: pullError(s.image), reason: 'ErrImagePull' } } }),
  pullBackOff: (s) => ({ ...s, state: { waiting: { message: `Back-off pulling image "${s.image}"`, reason: 'ImagePullBackOff' } } }),
  invalidImage: (s) => ({ ...s, state: { waiting: { message: imageError(s.image), reason: 'InvalidImageName' } } }),
  exit: (s, ctx) => {
    const end = endOf(s, ctx);
    return end ? exited(s, ctx, end.exitCode, end.restarts) : exited(s, ctx, ctx.behaviour.exitCode, ctx.restarts);
  },
  kill: (s, ctx) => exited(s, ctx, 137, ctx.restartsAfterKill ?? ctx.restarts),
  restart: (s, ctx) => running({ ...s, restartCount: (s.restartCount ?? 0) + 1 }, ctx),
};

/** The recorded end of this running instance's process, if any (a restarted container is a new instance). */
function endOf(status: any, ctx: ContainerContext): ContainerContext['processEnd'] {
  const end = ctx.processEnd;
  return end && status.state?.running && status.containerID === end.containerID ? end : undefined;
}

/** The container's process has ended with `exitCode`; restarted at once, or after the back-off, if `restarts`. */
function exited(s: any, ctx: ContainerContext, exitCode: number, restarts: boolean): any {
  const terminated = {
    containerID: s.containerID,
    exitCode,
    finishedAt: rfc3339(new Date(ctx.now)),
    reason: exitCode === 0 ? 'Completed' : 'Error',
    startedAt: s.state.running.startedAt,
  };
  if (!restarts) return { ...s, ready: false, started: false, state: { terminated } };
  const restartCount = s.restartCount ?? 0;
  const next = { ...s, ready: false, started: false, lastState: { terminated } };
  const wait = backOffMs(restartCount);
  if (wait === 0) return running({ ...next, restartCount: restartCount + 1 }, ctx);
  const message = `back-off ${goShort(wait)} restarting failed container=${s.name} pod=${ctx.podLabel}`;
  return { ...next, state: { waiting: { message, reason: 'CrashLoopBackOff' } } };
}

function running(s: any, ctx: ContainerContext): any {
  return {
    ...s,
    containerID: `containerd://${randomHex(32)}`,
    image: normalizeImage(s.image),
    imageID: imageID(s.image),
    ready: ctx.behaviour.startedDelayMs === 0 && ctx.behaviour.readyDelayMs === 0,
    started: ctx.behaviour.startedDelayMs === 0,
    state: { running: { startedAt: timeText(ctx.now) } },
  };
}

/** The kubelet starts thousands of containers at one simulated instant: its text is made once. */
let lastTime: { ms: number; text: string } | undefined;

function timeText(ms: number): string {
  if (lastTime?.ms !== ms) lastTime = { ms, text: rfc3339(new Date(ms)) };
  return lastTime.text;
}

/** Go's Duration.String() for whole seconds/minutes as the back-off message prints it (`10s`, `2m40s`, `5m0s`). */
function goShort(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}

/** Why pulling an image that does not exist failed, as containerd words it. */
export function pullError(image: string): string {
  const ref = normalizeImage(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}

/** Why an image reference was refused (kubelet's InvalidImageName message). */
export function imageError(image: string): string {
  return `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${invalidImageReference(image) ?? 'invalid reference format'}`;
}

/** `nginx:1.27` → `docker.io/library/nginx:1.27`, as containerd reports images. */
export function normalizeImage(image: string): string {
  let ref = normalizedImages.get(image);
  if (ref === undefined) {
    ref = normalize(image);
    if (normalizedImages.size < 1000) normalizedImages.set(image, ref);
  }
  return ref;
}

/** A cluster runs few images, in many containers (each started and checked for steadiness). */
const normalizedImages = new Map<string, string>();

function normalize(image: string): string {
  const parts = image.split('/');
  const hasRegistry = parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost');
  let ref = hasRegistry ? image : parts.length === 1 ? `docker.io/library/${image}` : `docker.io/${image}`;
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  if (!last.includes(':') && !last.includes('@')) ref += ':latest';
  return ref;
}

function imageID(image: string): string {
  let id = imageIDs.get(image);
  if (id === undefined) {
    const ref = normalizeImage(image);
    const repo = ref.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
    id = `${repo}@sha256:${stableHex(ref, 64)}`;
    if (imageIDs.size < 1000) imageIDs.set(image, id);
  }
  return id;
}

/** A cluster runs few images, in many containers: each digest is worked out once. */
const imageIDs = new Map<string, string>();
