import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backOffMs, behaviourOf } from '../../src/sim/behaviour.js';
import { normalizeImage, playStages, type ContainerContext } from '../../src/sim/engine.js';
import { sessionEndsProcess, waitsForSession, type SessionEnd } from '../../src/sim/process.js';
import { CONTAINER_STAGES } from '../../src/sim/stages/container.js';
import { pod, T0 } from '../helpers/sim-world.js';

const waiting = { name: 'app', image: 'nginx', imageID: '', lastState: {}, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } };

function ctx(now: number, behaviour: Partial<ContainerContext['behaviour']> = {}, restarts = true): ContainerContext {
  return {
    behaviour: { startDelayMs: 0, runForMs: Infinity, exitCode: 0, readyDelayMs: 0, stopDelayMs: 0, startedDelayMs: 0, startupKillMs: Infinity, livenessKillMs: Infinity, notReadyMs: Infinity, pullFailMs: Infinity, invalidImageMs: Infinity, ...behaviour },
    now: T0 + now,
    podStartMs: T0,
    restarts,
    podLabel: 'p_default(uid)',
  };
}

test('the start stage waits for start-delay, then runs the container and reports its events', () => {
  const early = playStages(waiting, CONTAINER_STAGES, ctx(1000, { startDelayMs: 5000 }));
  assert.equal(early.status, waiting);
  assert.equal(early.wake, T0 + 5000);
  const started = playStages(waiting, CONTAINER_STAGES, ctx(5000, { startDelayMs: 5000, readyDelayMs: 2000 }));
  assert.equal(started.status.state.running.startedAt, '2026-01-01T00:00:05Z');
  assert.equal(started.status.ready, false);
  assert.equal(started.wake, T0 + 7000);
  assert.deepEqual(started.events.map((e) => e.reason), ['Pulled', 'Created', 'Started']);
});

test('stages due together apply in order: start, ready, exit', () => {
  const r = playStages(waiting, CONTAINER_STAGES, ctx(0, { runForMs: 0 }, false));
  assert.deepEqual(r.status.state.terminated, { containerID: r.status.containerID, exitCode: 0, finishedAt: '2026-01-01T00:00:00Z', reason: 'Completed', startedAt: '2026-01-01T00:00:00Z' });
  assert.equal(r.wake, undefined);
});

test('behaviour comes from per-container annotations, then pod annotations, then the spec', () => {
  const p = pod('p', { restartPolicy: 'Never' }, { annotations: { 'sim.kubectl-lite.io/exit-code': '3', 'sim.kubectl-lite.io/run-for-app': '1m', 'sim.kubectl-lite.io/ready': 'false' } });
  const b = behaviourOf(p, { name: 'app', readinessProbe: { initialDelaySeconds: 4 } }, false);
  assert.deepEqual(b, { startDelayMs: 0, runForMs: 60_000, exitCode: 3, readyDelayMs: Infinity, stopDelayMs: 0, startedDelayMs: 0, startupKillMs: Infinity, livenessKillMs: Infinity, notReadyMs: 0, pullFailMs: Infinity, invalidImageMs: Infinity });
  const always = behaviourOf(pod('q'), { name: 'app', readinessProbe: { initialDelaySeconds: 4 } }, false);
  assert.deepEqual([always.runForMs, always.readyDelayMs], [Infinity, 4000]);
  assert.deepEqual([0, 1, 2, 3, 5, 6, 9].map(backOffMs), [0, 10_000, 20_000, 40_000, 160_000, 300_000, 300_000]);
});

test('probes: the startup probe gates started and readiness; failing startup or liveness probes kill the container', () => {
  const withProbes = (annotations: Record<string, string>) =>
    behaviourOf(pod('p', {}, { annotations }), { name: 'app', startupProbe: { periodSeconds: 5, failureThreshold: 4 }, livenessProbe: { initialDelaySeconds: 3 } }, false);
  assert.deepEqual(withProbes({}), { startDelayMs: 0, runForMs: Infinity, exitCode: 0, readyDelayMs: 0, stopDelayMs: 0, startedDelayMs: 0, startupKillMs: 20_000, livenessKillMs: Infinity, notReadyMs: Infinity, pullFailMs: Infinity, invalidImageMs: Infinity });
  // Never started: killed after 4 failures 5 s apart, with the kubelet's events, then restarted.
  const never = withProbes({ 'sim.kubectl-lite.io/started': 'false' });
  const running = playStages(waiting, CONTAINER_STAGES, ctx(0, never));
  assert.deepEqual([running.status.started, running.status.ready, running.wake], [false, false, T0 + 20_000]);
  const killed = playStages(running.status, CONTAINER_STAGES, ctx(20_000, never));
  // The first restart comes at once, and its container is pulled, created and started as every restart's is.
  assert.deepEqual(killed.events.map((e) => e.reason), ['Unhealthy', 'Killing', 'Pulled', 'Created', 'Started']);
  assert.deepEqual([killed.status.restartCount, killed.status.lastState.terminated.exitCode], [1, 137]);
  // Started after 8 s: ready with it; live for 1 m, then 3 failures 10 s apart.
  const late = withProbes({ 'sim.kubectl-lite.io/started-delay': '8s', 'sim.kubectl-lite.io/live-for': '1m' });
  assert.equal(late.livenessKillMs, 80_000);
  const started = playStages(running.status, CONTAINER_STAGES, ctx(8_000, late));
  assert.deepEqual([started.status.started, started.status.ready, started.wake], [true, true, T0 + 80_000]);
  const unhealthy = playStages(started.status, CONTAINER_STAGES, ctx(80_000, late));
  assert.deepEqual(unhealthy.events.map((e) => e.message).slice(0, 2), ['Liveness probe failed: {liveness}', 'Container {container} failed liveness probe, will be restarted']);
  assert.equal(unhealthy.status.restartCount, 1);
});

test('images are reported as containerd normalises them', () => {
  assert.equal(normalizeImage('nginx'), 'docker.io/library/nginx:latest');
  assert.equal(normalizeImage('bitnami/redis:7'), 'docker.io/bitnami/redis:7');
  assert.equal(normalizeImage('registry.k8s.io/pause:3.10'), 'registry.k8s.io/pause:3.10');
  assert.equal(normalizeImage('localhost:5000/app'), 'localhost:5000/app:latest');
});

test('a recorded process end exits that container instance only, with its code; the restarted one runs on', () => {
  const running = playStages(waiting, CONTAINER_STAGES, ctx(0)).status;
  const end = { containerID: running.containerID, atMs: T0 + 3000, exitCode: 2, restarts: true };
  // Before its time, nothing; then it exits with the session's code and restarts once (no back-off before the first restart).
  assert.equal(playStages(running, CONTAINER_STAGES, { ...ctx(1000), processEnd: end }).wake, T0 + 3000);
  const after = playStages(running, CONTAINER_STAGES, { ...ctx(3000), processEnd: end }).status;
  assert.deepEqual([after.restartCount, after.lastState.terminated.exitCode, after.lastState.terminated.reason, Boolean(after.state.running)], [1, 2, 'Error', true]);
  assert.notEqual(after.containerID, running.containerID);
  // The end names the old instance: the new one is not ended by it.
  assert.equal(playStages(after, CONTAINER_STAGES, { ...ctx(60_000), processEnd: end }).status, after);
  // Not restarted when the restart policy says so for that code.
  const done = playStages(running, CONTAINER_STAGES, { ...ctx(3000), processEnd: { ...end, exitCode: 0, restarts: false } }).status;
  assert.deepEqual(done.state.terminated?.reason, 'Completed');
});

test('which session ends end the process: a terminal shell, `exit`, a command, stdinOnce at the end of piped input; not a detach', () => {
  const end = (c: { stdin?: boolean; stdinOnce?: boolean }, s: Partial<SessionEnd>) =>
    sessionEndsProcess({ image: 'busybox', ...c }, { argv: ['sh'], stdin: true, interactive: false, exited: false, aborted: false, ...s });
  assert.equal(end({ stdin: true }, { interactive: true }), true);
  assert.equal(end({ stdin: true }, { exited: true }), true);
  assert.equal(end({ stdin: true }, {}), false, 'stdin stays open: the shell waits');
  assert.equal(end({ stdin: true, stdinOnce: true }, {}), true);
  assert.equal(end({ stdin: true, stdinOnce: true }, { stdin: false }), false, 'no stdin attached: nothing closed it');
  assert.equal(end({ stdin: true }, { argv: ['sh', '-c', 'true'] }), true);
  assert.equal(end({ stdin: true }, { interactive: true, aborted: true }), false);
  assert.deepEqual([waitsForSession({ image: 'busybox', stdin: true }), waitsForSession({ image: 'busybox' }), waitsForSession({ image: 'nginx', stdin: true }), waitsForSession({ image: 'nginx', stdin: true, stdinOnce: true, command: ['cat'] })], [true, false, false, true]);
});
