import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiServer } from '../../src/api/server.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { lookup, pod, sessionFor } from '../helpers/sim-world.js';

const NOW = '2026-11-22T00:00:00Z';

async function withHome(fn: (h: { cli: (line: string) => Promise<unknown>; write: (f: (api: ApiServer) => unknown) => void; get: (name: string) => any }) => Promise<void>): Promise<void> {
  const { home, dispose } = tempHome();
  try {
    await fn({
      cli: (line) => runCli(line, { home, now: NOW }),
      write: (f) => void sessionFor(home, NOW).write(f),
      get: (name) => sessionFor(home, NOW).read((api) => lookup(api, 'Pod', 'default', name)),
    });
  } finally {
    dispose();
  }
}

const podType = (api: ApiServer) => api.registry.forKind('v1', 'Pod')!;

test('a crash loop backs off as the clock is advanced', async () => {
  await withHome(async ({ cli, write, get }) => {
    write((api) => api.create(pod('crash', {}, { annotations: { 'sim.kubectl-lite.io/run-for': '10s', 'sim.kubectl-lite.io/exit-code': '1' } })));
    assert.equal(get('crash').status.phase, 'Running');
    await cli('cluster advance 5m');
    const c = get('crash').status.containerStatuses[0];
    assert.equal(c.restartCount, 5);
    assert.equal(c.state.waiting.reason, 'CrashLoopBackOff');
    assert.match(c.state.waiting.message, /^back-off 2m40s restarting failed container=app pod=crash_default\(/);
  });
});

test('start-delay and a pod that completes', async () => {
  await withHome(async ({ cli, write, get }) => {
    write((api) => {
      api.create(pod('slow', {}, { annotations: { 'sim.kubectl-lite.io/start-delay': '30s' } }));
      api.create(pod('once', { restartPolicy: 'Never' }));
    });
    assert.equal(get('slow').status.containerStatuses[0].state.waiting.reason, 'ContainerCreating');
    assert.equal(get('once').status.phase, 'Succeeded');
    await cli('cluster advance 30s');
    assert.equal(get('slow').status.phase, 'Running');
  });
});

test('deleting a pod completes within the command unless its containers take time to stop', async () => {
  await withHome(async ({ cli, write, get }) => {
    write((api) => {
      api.create(pod('quick'));
      api.create(pod('slow', {}, { annotations: { 'sim.kubectl-lite.io/stop-delay': '20s' } }));
    });
    write((api) => {
      api.delete(podType(api), 'default', 'quick');
      api.delete(podType(api), 'default', 'slow');
    });
    assert.equal(get('quick'), undefined);
    assert.equal(get('slow').metadata.deletionTimestamp, '2026-11-22T00:00:30Z');
    await cli('cluster advance 20s');
    assert.equal(get('slow'), undefined);
  });
});

test('a pod waiting for its ConfigMap starts once it appears', async () => {
  await withHome(async ({ write, get }) => {
    write((api) => api.create(pod('cfg', { containers: [{ name: 'app', image: 'nginx', envFrom: [{ configMapRef: { name: 'settings' } }] }] })));
    assert.deepEqual(get('cfg').status.containerStatuses[0].state.waiting, { message: 'configmap "settings" not found', reason: 'CreateContainerConfigError' });
    write((api) => api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: 'b' } }));
    assert.equal(get('cfg').status.phase, 'Running');
  });
});

test('a stopped node: pods turn unready, are evicted after 300s, and the returning kubelet removes them', async () => {
  await withHome(async ({ cli, write, get }) => {
    const tolerations = ['not-ready', 'unreachable'].map((k) => ({ key: `node.kubernetes.io/${k}`, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }));
    write((api) => api.create(pod('web', { nodeName: 'lite-worker2', tolerations })));
    await cli('node stop lite-worker2');
    await cli('cluster advance 50s');
    const unready = get('web');
    assert.equal(unready.status.conditions.find((c: any) => c.type === 'Ready').status, 'False');
    assert.equal(unready.metadata.deletionTimestamp, undefined);
    await cli('cluster advance 5m');
    const evicted = get('web');
    assert.equal(evicted.metadata.deletionTimestamp, '2026-11-22T00:06:20Z');
    assert.equal(evicted.status.conditions.find((c: any) => c.type === 'DisruptionTarget').reason, 'DeletionByTaintManager');
    await cli('node start lite-worker2');
    assert.equal(get('web'), undefined);
  });
});
