/**
 * The simulated container lifecycle as data, in the spirit of KWOK's stages. Each stage
 * matches a container status by what the previous stage wrote (there is no "current
 * stage" field), waits `delay` from a reference time, then applies `next` and records its
 * events. When several stages match, the one due first wins (a container that becomes
 * ready before it exits does both, in order). See src/sim/README.md.
 */
import type { ContainerStage } from '../engine.js';

export const CONTAINER_STAGES: ContainerStage[] = [
  {
    name: 'invalid-image',
    selector: { state: 'waiting', reasons: ['ContainerCreating', 'PodInitializing'] },
    delay: { of: 'invalidImageMs', since: 'podStart' },
    next: 'invalidImage',
    events: [
      { type: 'Warning', reason: 'InspectFailed', message: '{imageError}' },
      { type: 'Warning', reason: 'Failed', message: 'Error: InvalidImageName' },
    ],
  },
  {
    name: 'pull-fail',
    selector: { state: 'waiting', reasons: ['ContainerCreating', 'PodInitializing'] },
    delay: { of: 'pullFailMs', since: 'podStart' },
    next: 'pullFail',
    events: [
      { type: 'Normal', reason: 'Pulling', message: 'Pulling image "{image}"' },
      { type: 'Warning', reason: 'Failed', message: 'Failed to pull image "{image}": {pullError}' },
      { type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull' },
    ],
  },
  {
    name: 'pull-backoff',
    selector: { state: 'waiting', reasons: ['ErrImagePull'] },
    delay: { of: 'pullFailMs', since: 'podStart' },
    next: 'pullBackOff',
    events: [
      { type: 'Normal', reason: 'BackOff', message: 'Back-off pulling image "{image}"' },
      { type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff' },
    ],
  },
  {
    // Also once an image that could not be had can be (the spec's image or the behaviour changed).
    name: 'start',
    selector: { state: 'waiting', reasons: ['ContainerCreating', 'PodInitializing', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName'] },
    delay: { of: 'startDelayMs', since: 'podStart' },
    next: 'run',
    events: [
      { type: 'Normal', reason: 'Pulled', message: 'Container image "{image}" already present on machine' },
      { type: 'Normal', reason: 'Created', message: 'Created container: {container}' },
      { type: 'Normal', reason: 'Started', message: 'Started container {container}' },
    ],
  },
  {
    name: 'started',
    selector: { state: 'running', started: false },
    delay: { of: 'startedDelayMs', since: 'startedAt' },
    next: 'started',
  },
  {
    name: 'startup-kill',
    selector: { state: 'running', started: false },
    delay: { of: 'startupKillMs', since: 'startedAt' },
    next: 'kill',
    events: [
      { type: 'Warning', reason: 'Unhealthy', message: 'Startup probe failed: {startup}' },
      { type: 'Normal', reason: 'Killing', message: 'Container {container} failed startup probe, will be restarted' },
    ],
  },
  {
    name: 'ready',
    selector: { state: 'running', started: true, ready: false },
    delay: { of: 'readyDelayMs', since: 'startedAt' },
    next: 'ready',
  },
  {
    name: 'unready',
    selector: { state: 'running', ready: true },
    delay: { of: 'notReadyMs', since: 'startedAt' },
    next: 'unready',
    events: [{ type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: {readiness}' }],
  },
  {
    name: 'liveness-kill',
    selector: { state: 'running', started: true },
    delay: { of: 'livenessKillMs', since: 'startedAt' },
    next: 'kill',
    events: [
      { type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: {liveness}' },
      { type: 'Normal', reason: 'Killing', message: 'Container {container} failed liveness probe, will be restarted' },
    ],
  },
  {
    name: 'exit',
    selector: { state: 'running' },
    delay: { of: 'runForMs', since: 'startedAt' },
    next: 'exit',
  },
  {
    name: 'restart',
    selector: { state: 'waiting', reasons: ['CrashLoopBackOff'] },
    delay: { of: 'backOffMs', since: 'finishedAt' },
    next: 'restart',
    events: [
      { type: 'Normal', reason: 'Pulled', message: 'Container image "{image}" already present on machine' },
      { type: 'Normal', reason: 'Created', message: 'Created container: {container}' },
      { type: 'Normal', reason: 'Started', message: 'Started container {container}' },
    ],
  },
];
