/**
 * Client libraries against `kubectl-lite serve`: @kubernetes/client-node (a devDependency) and the
 * Python client (Debian's python3-kubernetes; skipped, saying so, where it is not installed) list,
 * create and watch pods with the kubeconfig serve wrote (client certificate over HTTPS).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempHome } from '../helpers/cli.js';
import { startServe, type Served } from './serve-helpers.js';

const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import kubernetes'], { encoding: 'utf8' }).status === 0);
const skipPython = !PYTHON && 'the Python kubernetes client (python3-kubernetes) is not installed';
if (skipPython) process.stderr.write(`SKIPPING: ${skipPython}\n`);

let home: { home: string; dispose(): void };
let served: Served;

before(async () => {
  home = tempHome();
  served = await startServe(home.home);
});

after(async () => {
  await served.stop();
  home.dispose();
});

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { client: 'yes' } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

test('@kubernetes/client-node lists, creates and watches pods', async () => {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(served.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const system = await core.listNamespacedPod({ namespace: 'kube-system' });
  assert.ok(system.items.some((p) => p.metadata?.name?.startsWith('coredns-')));

  const seen: string[] = [];
  const watch = new k8s.Watch(kc);
  let resolveSeen: () => void;
  const sawRunning = new Promise<void>((r) => (resolveSeen = r));
  const req = await watch.watch(
    '/api/v1/namespaces/default/pods',
    { labelSelector: 'client=yes' },
    (type: string, obj: any) => {
      seen.push(`${type} ${obj.metadata.name} ${obj.status?.phase ?? ''}`);
      if (obj.metadata.name === 'from-node' && obj.status?.phase === 'Running') resolveSeen();
    },
    () => undefined,
  );
  const created = await core.createNamespacedPod({ namespace: 'default', body: pod('from-node') as never });
  assert.equal(created.metadata?.name, 'from-node');
  assert.ok(created.metadata?.uid);
  // A write by the CLI shows up on the same watch too.
  assert.equal(served.lite(['run', 'from-cli', '--image=busybox', '--labels=client=yes']).code, 0);
  await Promise.race([sawRunning, new Promise((_, reject) => setTimeout(() => reject(new Error(`no Running event: ${seen.join('; ')}`)), 15_000))]);
  for (let i = 0; i < 50 && !seen.some((s) => s.startsWith('ADDED from-cli')); i++) await new Promise((r) => setTimeout(r, 100));
  req.abort();
  assert.ok(seen.some((s) => s.startsWith('ADDED from-node')), seen.join('; '));
  assert.ok(seen.some((s) => s.startsWith('ADDED from-cli')), seen.join('; '));
  const listed = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'client=yes' });
  assert.deepEqual(listed.items.map((p) => p.metadata?.name).sort(), ['from-cli', 'from-node']);
  await assert.rejects(core.readNamespacedPod({ name: 'missing', namespace: 'default' }), (e: any) => e.code === 404);
});

test('the Python client lists, creates and watches pods', { skip: skipPython }, () => {
  const script = join(home.home, 'client.py');
  writeFileSync(
    script,
    `import sys
from kubernetes import client, config, watch
config.load_kube_config(config_file=sys.argv[1])
v1 = client.CoreV1Api()
print(len(v1.list_pod_for_all_namespaces().items) > 0)
v1.create_namespaced_pod('default', {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': {'name': 'from-python', 'labels': {'py': 'yes'}}, 'spec': {'containers': [{'name': 'c', 'image': 'busybox'}]}})
w = watch.Watch()
for event in w.stream(v1.list_namespaced_pod, 'default', label_selector='py=yes', timeout_seconds=5):
    print(event['type'], event['object'].metadata.name, event['object'].status.phase)
    w.stop()
try:
    v1.read_namespaced_pod('missing', 'default')
except client.exceptions.ApiException as e:
    print(e.status, e.reason)
`,
  );
  const r = spawnSync(PYTHON!, [script, served.kubeconfig], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'True\nADDED from-python Running\n404 Not Found\n');
});

test('@kubernetes/client-node runs a command in a pod (exec over a WebSocket): output and exit status', async () => {
  const k8s = await import('@kubernetes/client-node');
  const { Writable } = await import('node:stream');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(served.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespacedPod({ namespace: 'default', body: pod('exec-node') as never });
  const collect = () => {
    let text = '';
    const stream = new Writable({ write: (c, _e, done) => ((text += c), done()) });
    return { stream, text: () => text };
  };
  const out = collect();
  const err = collect();
  const status = await new Promise<any>((resolve, reject) => {
    new k8s.Exec(kc).exec('default', 'exec-node', 'c', ['sh', '-c', 'hostname; echo oops >&2; exit 2'], out.stream, err.stream, null, false, resolve).catch(reject);
  });
  assert.equal(out.text(), 'exec-node\n');
  assert.equal(err.text(), 'oops\n');
  assert.equal(status.status, 'Failure');
  assert.equal(status.reason, 'NonZeroExitCode');
  assert.deepEqual(status.details.causes, [{ reason: 'ExitCode', message: '2' }]);
});

test("@kubernetes/client-node forwards a port (the kubelet's WebSocket channels): the pod's answer, and a refused port's error", async () => {
  const k8s = await import('@kubernetes/client-node');
  const { PassThrough } = await import('node:stream');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(served.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const web = { ...pod('forward-node'), spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } };
  await core.createNamespacedPod({ namespace: 'default', body: web as never });
  const forward = async (port: number) => {
    const out = new PassThrough();
    const err = new PassThrough();
    let text = '';
    let error = '';
    out.on('data', (c) => (text += c));
    err.on('data', (c) => (error += c));
    const input = new PassThrough();
    const ws = await new k8s.PortForward(kc).portForward('default', 'forward-node', [port], out, err, input);
    const closed = new Promise((resolve) => ws.on('close', resolve));
    input.write('GET /through HTTP/1.1\r\nHost: example\r\nConnection: close\r\n\r\n');
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    return { text, error };
  };
  const ok = await forward(80);
  assert.match(ok.text, /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nforward-node \(container web, node [a-z0-9-]+, IP [\d.]+\): GET \/through Host: example from 127\.0\.0\.1\n$/);
  assert.equal(ok.error, '');
  const refused = await forward(81);
  assert.equal(refused.text, '');
  assert.match(refused.error, /^error forwarding port 81 to pod [0-9a-f-]+, uid : failed to connect to localhost:81 inside the pod's network namespace: connection refused$/);
});
