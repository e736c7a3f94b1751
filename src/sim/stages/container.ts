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
    name: 'start',
    selector: { state: 'waiting', reasons: ['ContainerCreating', 'PodInitializing'] },
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
