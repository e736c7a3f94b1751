import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { makeContext } from '../../src/main.js';
import { containerUsage, quantityValue } from '../../src/sim/metrics.js';
import { runCli, tempHome } from '../helpers/cli.js';

const quiet = { out: { write() {} }, err: { write() {} }, isTTY: false, readStdin: async () => Buffer.alloc(0) };

const running = (name: string, node: string, containers: Array<{ name: string; cpu?: string; memory?: string }>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: {
    nodeName: node,
    containers: containers.map((c) => ({ name: c.name, image: 'nginx', resources: c.cpu ? { requests: { cpu: c.cpu, memory: c.memory } } : {} })),
  },
  status: { phase: 'Running', containerStatuses: containers.map((c) => ({ name: c.name, ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-22T00:00:00Z' } } })) },
});

describe('top', () => {
  let home: string;
  let dispose: () => void;
  const pods = [running('web-1', 'n1', [{ name: 'app', cpu: '200m', memory: '128Mi' }, { name: 'side' }]), running('idle', 'n1', [{ name: 'app' }])];
  before(async () => {
    ({ home, dispose } = tempHome());
    makeContext({ io: quiet, env: { KUBECTL_LITE_HOME: home }, cwd: '/' })
      .session()
      .write((api) => {
        // Replace the bootstrap nodes (if any) by one known node.
        for (const n of api.list(api.registry.resolve('nodes'))) api.remove(api.registry.resolve('nodes'), n);
        api.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable: { cpu: '4', memory: '8Gi' }, capacity: { cpu: '4', memory: '8Gi' } } });
        for (const p of pods) api.put(p);
      });
    // The simulated kubelet (re)starts the containers now; metrics-server has a sample after one scrape interval.
    assert.equal((await runCli('top pods', { home })).stderr, 'error: metrics not available yet\n');
    await runCli('cluster advance 20s', { home });
  });
  after(() => dispose());

  test('idle usage is a stable share of requests, a small amount without', () => {
    const u = containerUsage(pods[0]!, pods[0]!.spec.containers[0]);
    assert.ok(u.cpu >= 0.05 * 200e6 && u.cpu <= 0.25 * 200e6, String(u.cpu));
    assert.ok(u.memory >= 0.2 * 128 * 2 ** 20 && u.memory <= 0.8 * 128 * 2 ** 20, String(u.memory));
    assert.deepEqual(containerUsage(pods[0]!, pods[0]!.spec.containers[0]), u);
    assert.equal(quantityValue('128Mi'), 128 * 1024 * 1024);
    assert.equal(quantityValue('250m'), 0.25);
  });

  test('top pods: kubectl layout (every cell tab-terminated), mCPU rounded up, Mi rounded down', async () => {
    const cpu = (n: number) => `${Math.ceil(n / 1e6)}m`;
    const mem = (n: number) => `${Math.floor(n / 1048576)}Mi`;
    // Usage derives from the uid the API server gave each pod.
    const stored = makeContext({ io: quiet, env: { KUBECTL_LITE_HOME: home }, cwd: '/' })
      .session()
      .read((api) => ['web-1', 'idle'].map((n) => api.get(api.registry.resolve('pods'), 'default', n)));
    const [web, idle] = stored as [KubeObject, KubeObject];
    const webApp = containerUsage(web, web.spec.containers[0]);
    const webSide = containerUsage(web, web.spec.containers[1]);
    const idleApp = containerUsage(idle, idle.spec.containers[0]);
    const rows = [
      ['NAME', 'CPU(cores)', 'MEMORY(bytes)'],
      ['idle', cpu(idleApp.cpu), mem(idleApp.memory)],
      ['web-1', cpu(webApp.cpu + webSide.cpu), mem(webApp.memory + webSide.memory)],
    ];
    const widths = [0, 1, 2].map((i) => Math.max(6, ...rows.map((r) => r[i]!.length + 3)));
    const expected = rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('')).join('\n') + '\n';
    assert.deepEqual(await runCli('top pods', { home }), { stdout: expected, stderr: '', code: 0 });
    const c = await runCli('top pods --containers --no-headers', { home });
    assert.match(c.stdout, /^idle {4}app {4}\d+m +\d+Mi +\nweb-1 {3}app {4}\d+m +\d+Mi +\nweb-1 {3}side {3}\d+m +\d+Mi +\n$/);
  });

  test('top nodes: usage and percentages of allocatable', async () => {
    const r = await runCli('top nodes', { home });
    assert.match(r.stdout, /^NAME {3}CPU\(cores\) {3}CPU\(%\) {3}MEMORY\(bytes\) {3}MEMORY\(%\) {3}\nn1 {5}\d+m +\d+% +\d+Mi +\d+% +\n$/);
  });
});
