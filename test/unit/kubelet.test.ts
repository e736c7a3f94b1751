import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SettableClock } from '../../src/api/clock.js';
import { fillPlaceholders, kubelet } from '../../src/controllers/kubelet.js';
import { settle } from '../../src/controllers/loop.js';
import { scheduler } from '../../src/controllers/scheduler.js';
import type { ApiServer } from '../../src/api/server.js';
import { node, pod, T0, withWorld } from '../helpers/sim-world.js';

const CONTROLLERS = [scheduler, kubelet];
const run = (api: ApiServer, atSeconds: number) => settle(api, api.clock as SettableClock, T0 + atSeconds * 1000, CONTROLLERS);
const nodes = { nodes: [node('w1', 1)] };
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace('.000', '');

function conditions(p: any): string[] {
  return p.status.conditions.map((c: any) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}`);
}

test('a default pod starts at once: Running, Ready, IP from the podCIDR, kubelet events', () => {
  withWorld(({ api, pod: get }) => {
    api.create(pod('web'));
    run(api, 0);
    const p = get('web')!;
    assert.equal(p.status.phase, 'Running');
    assert.equal(p.status.podIP, '10.244.1.2');
    assert.equal(p.status.hostIP, '172.18.0.3');
    assert.deepEqual(conditions(p), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    const c = p.status.containerStatuses[0];
    assert.deepEqual([c.name, c.ready, c.started, c.restartCount, c.image, c.state.running.startedAt], ['app', true, true, 0, 'docker.io/library/nginx:1.27', at(0)]);
    api.create(pod('second'));
    run(api, 0);
    assert.equal(get('second')!.status.podIP, '10.244.1.3');
  }, nodes);
});

test('kubelet events are the image, create and start events', () => {
  withWorld(({ api, events }) => {
    api.create(pod('web'));
    run(api, 0);
    const got = events().filter((e) => e.source.component === 'kubelet').map((e) => `${e.reason}: ${e.message}`).sort();
    assert.deepEqual(got, ['Created: Created container: app', 'Pulled: Container image "nginx:1.27" already present on machine', 'Started: Started container app']);
  }, nodes);
});

test('a pod that does not restart runs briefly and succeeds', () => {
  withWorld(({ api, pod: get }) => {
    api.create(pod('job', { restartPolicy: 'Never' }));
    run(api, 0);
    const p = get('job')!;
    assert.equal(p.status.phase, 'Succeeded');
    assert.deepEqual(p.status.containerStatuses[0].state.terminated.reason, 'Completed');
    assert.deepEqual(conditions(p), ['PodReadyToStartContainers=False', 'Initialized=True/PodCompleted', 'Ready=False/PodCompleted', 'ContainersReady=False/PodCompleted', 'PodScheduled=True']);
  }, nodes);
});

test('start-delay keeps a container in ContainerCreating until the clock passes it', () => {
  withWorld(({ api, pod: get }) => {
    api.create(pod('slow', {}, { annotations: { 'sim.kubectl-lite.io/start-delay': '5s' } }));
    run(api, 4);
    assert.equal(get('slow')!.status.phase, 'Pending');
    assert.equal(get('slow')!.status.containerStatuses[0].state.waiting.reason, 'ContainerCreating');
    run(api, 5);
    assert.equal(get('slow')!.status.phase, 'Running');
    assert.equal(get('slow')!.status.containerStatuses[0].state.running.startedAt, at(5));
  }, nodes);
});

test("a crashing container backs off as kubelet does: 10s doubling", () => {
  withWorld(({ api, pod: get, events }) => {
    api.create(pod('crash', {}, { annotations: { 'sim.kubectl-lite.io/run-for': '10s', 'sim.kubectl-lite.io/exit-code': '1' } }));
    run(api, 300);
    const p = get('crash')!;
    const c = p.status.containerStatuses[0];
    // start 0, exit 10 → restart at once (1); exit 20 → +10s → 30 (2); exit 40 → +20s → 60 (3);
    // exit 70 → +40s → 110 (4); exit 120 → +80s → 200 (5); exit 210 → +160s → waiting until 370.
    assert.equal(c.restartCount, 5);
    assert.equal(p.status.phase, 'Running');
    assert.deepEqual(c.state.waiting, { message: `back-off 2m40s restarting failed container=app pod=crash_default(${p.metadata.uid})`, reason: 'CrashLoopBackOff' });
    assert.deepEqual([c.lastState.terminated.exitCode, c.lastState.terminated.reason, c.lastState.terminated.finishedAt], [1, 'Error', at(210)]);
    const backOff = events('BackOff');
    assert.equal(backOff.length, 1);
    assert.equal(backOff[0]!.count, 5);
    assert.equal(backOff[0]!.message, `Back-off restarting failed container app in pod crash_default(${p.metadata.uid})`);
    run(api, 370);
    assert.equal(get('crash')!.status.containerStatuses[0].restartCount, 6);
  }, nodes);
});

test('a missing ConfigMap in env is CreateContainerConfigError until it appears', () => {
  withWorld(({ api, pod: get, events }) => {
    api.create(pod('cfg', { containers: [{ name: 'app', image: 'nginx', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'x' } } }] }] }));
    run(api, 0);
    const c = get('cfg')!.status.containerStatuses[0];
    assert.deepEqual(c.state.waiting, { message: 'configmap "settings" not found', reason: 'CreateContainerConfigError' });
    assert.deepEqual(events('Failed').map((e) => e.message), ['Error: configmap "settings" not found']);
    api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { x: '1' } });
    run(api, 1);
    assert.equal(get('cfg')!.status.phase, 'Running');
  }, nodes);
});

test('a missing Secret volume keeps the pod ContainerCreating with one FailedMount event', () => {
  withWorld(({ api, pod: get, events }) => {
    api.create(pod('vol', { volumes: [{ name: 'creds', secret: { secretName: 'db' } }] }));
    run(api, 0);
    run(api, 1);
    assert.equal(get('vol')!.status.containerStatuses[0].state.waiting.reason, 'ContainerCreating');
    assert.deepEqual(events('FailedMount').map((e) => [e.message, e.count]), [['MountVolume.SetUp failed for volume "creds" : secret "db" not found', 1]]);
    api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: {} });
    run(api, 2);
    assert.equal(get('vol')!.status.phase, 'Running');
  }, nodes);
});

test('readiness: a never-ready container runs but the pod is not Ready; a probe delay is honoured', () => {
  withWorld(({ api, pod: get }) => {
    api.create(pod('unready', {}, { annotations: { 'sim.kubectl-lite.io/ready': 'false' } }));
    api.create(pod('probe', { containers: [{ name: 'app', image: 'nginx', readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 10 } }] }));
    run(api, 5);
    const u = get('unready')!;
    assert.equal(u.status.phase, 'Running');
    assert.deepEqual(u.status.conditions.find((c: any) => c.type === 'Ready'), {
      type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: at(0), reason: 'ContainersNotReady', message: 'containers with unready status: [app]',
    });
    assert.equal(get('probe')!.status.containerStatuses[0].ready, false);
    run(api, 10);
    assert.equal(get('probe')!.status.containerStatuses[0].ready, true);
  }, nodes);
});

test('init containers run to completion, one after another, before the app starts', () => {
  withWorld(({ api, pod: get }) => {
    api.create(pod('init', { initContainers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] }, { annotations: { 'sim.kubectl-lite.io/run-for-b': '3s' } }));
    run(api, 1);
    let p = get('init')!;
    assert.equal(p.status.phase, 'Pending');
    assert.deepEqual(p.status.initContainerStatuses.map((c: any) => Object.keys(c.state)[0]), ['terminated', 'running']);
    assert.equal(p.status.containerStatuses[0].state.waiting.reason, 'PodInitializing');
    assert.equal(p.status.conditions.find((c: any) => c.type === 'Initialized').message, 'containers with incomplete status: [b]');
    run(api, 3);
    p = get('init')!;
    assert.equal(p.status.phase, 'Running');
    assert.equal(p.status.containerStatuses[0].state.running.startedAt, at(3));
  }, nodes);
});

test('deleting a pod on a node: Terminating for stop-delay, then removed; default removal is immediate', () => {
  withWorld(({ api, pod: get }) => {
    api.create(pod('quick'));
    api.create(pod('slow', {}, { annotations: { 'sim.kubectl-lite.io/stop-delay': '20s' } }));
    run(api, 0);
    const type = api.registry.forKind('v1', 'Pod')!;
    api.delete(type, 'default', 'quick');
    api.delete(type, 'default', 'slow');
    run(api, 0);
    assert.equal(get('quick'), undefined);
    assert.equal(get('slow')!.metadata.deletionTimestamp, at(30));
    assert.equal(get('slow')!.status.containerStatuses[0].ready, false);
    run(api, 19);
    assert.ok(get('slow'));
    run(api, 20);
    assert.equal(get('slow'), undefined);
  }, nodes);
});

test('a deleted pod\'s containers stop before it goes: terminated, not ready, terminal phase (kept here by a finalizer)', () => {
  withWorld(({ api, pod: get }) => {
    const keep = { finalizers: ['example.com/keep'] };
    api.create(pod('quick', {}, keep));
    api.create(pod('slow', {}, { ...keep, annotations: { 'sim.kubectl-lite.io/stop-delay': '20s' } }));
    api.create(pod('stubborn', {}, { ...keep, annotations: { 'sim.kubectl-lite.io/stop-delay': '60s' } }));
    api.create(pod('pulling', {}, { ...keep, annotations: { 'sim.kubectl-lite.io/image-missing': 'true' } }));
    run(api, 0);
    const type = api.registry.forKind('v1', 'Pod')!;
    for (const name of ['quick', 'slow', 'stubborn', 'pulling']) api.delete(type, 'default', name);
    run(api, 0);
    const stopped = (name: string) => {
      const p = get(name)!;
      const c = p.status.containerStatuses[0];
      return [p.status.phase, c.ready, c.state.terminated?.exitCode, c.state.terminated?.reason, c.state.terminated?.finishedAt];
    };
    // Stopped at once on SIGTERM: exit 0, Succeeded.
    assert.deepEqual(stopped('quick'), ['Succeeded', false, 0, 'Completed', at(0)]);
    assert.deepEqual(conditions(get('quick')), ['PodReadyToStartContainers=False', 'Initialized=True/PodCompleted', 'Ready=False/PodCompleted', 'ContainersReady=False/PodCompleted', 'PodScheduled=True']);
    // Still stopping: running, not ready, not yet terminal.
    assert.deepEqual(stopped('slow'), ['Running', false, undefined, undefined, undefined]);
    // Never ran: it stays waiting, and the pod failed.
    assert.equal(get('pulling')!.status.phase, 'Failed');
    assert.ok(get('pulling')!.status.containerStatuses[0].state.waiting);
    run(api, 20);
    assert.deepEqual(stopped('slow'), ['Succeeded', false, 0, 'Completed', at(20)]);
    // Past the 30 s grace period the kubelet kills it: exit 137, Failed (kubectl shows Error).
    run(api, 30);
    assert.deepEqual(stopped('stubborn'), ['Failed', false, 137, 'Error', at(30)]);
    assert.deepEqual(conditions(get('stubborn')).slice(2, 4), ['Ready=False/PodFailed', 'ContainersReady=False/PodFailed']);
    // A terminal pod is left as it is by later passes (no second Killing event, no new status).
    const rv = get('stubborn')!.metadata.resourceVersion;
    run(api, 40);
    assert.equal(get('stubborn')!.metadata.resourceVersion, rv);
  }, nodes);
});

test('event messages: each placeholder in turn, as a chain of replaceAll, and only the values a message has are worked out', () => {
  const asked: string[] = [];
  const fill = (name: string, value: string): [string, () => string] => [`{${name}}`, () => (asked.push(name), value)];
  const fills = [fill('container', 'app'), fill('image', 'img{pod}'), fill('pod', 'p_ns(uid)'), fill('pullError', 'unused')];
  assert.equal(fillPlaceholders('Pulling image "{image}" for {container} ($&)', fills), 'Pulling image "imgp_ns(uid)" for app ($&)');
  assert.deepEqual(asked, ['container', 'image', 'pod']);
  assert.equal(fillPlaceholders('no placeholder', fills), 'no placeholder');
  assert.equal(asked.length, 3);
});
