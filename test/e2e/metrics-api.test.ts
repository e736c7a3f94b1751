/**
 * The resource metrics API (metrics.k8s.io/v1beta1): PodMetrics and NodeMetrics computed on read
 * from the usage model, what `top` prints from them, and the real kubectl's `top` through serve
 * printing exactly what kubectl-lite's does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome, type Result } from '../helpers/cli.js';
import { comparable, kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const NOW = '2026-12-02T12:00:00Z';
const POD = `
apiVersion: v1
kind: Pod
metadata: {name: app, labels: {app: demo}}
spec:
  containers:
  - {name: main, image: nginx, resources: {requests: {cpu: 200m, memory: 64Mi}}}
  - {name: side, image: busybox}
`;
const STUCK = `
apiVersion: v1
kind: Pod
metadata: {name: stuck, namespace: other}
spec:
  containers:
  - {name: main, image: nginx}
  nodeSelector: {nowhere: "true"}
`;

describe('metrics.k8s.io', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string, stdin?: string) => runCli(args, { home, now: NOW, stdin });
  before(async () => {
    ({ home, dispose } = tempHome());
    assert.equal((await cli('apply -f -', POD)).code, 0);
  });
  after(() => dispose());

  test('discovery lists PodMetrics and NodeMetrics (get, list)', async () => {
    const r = await cli('api-resources --api-group=metrics.k8s.io -o wide');
    assert.equal(
      r.stdout,
      'NAME    SHORTNAMES   APIVERSION               NAMESPACED   KIND          VERBS      CATEGORIES\n' +
        'nodes                metrics.k8s.io/v1beta1   false        NodeMetrics   get,list   \n' +
        'pods                 metrics.k8s.io/v1beta1   true         PodMetrics    get,list   \n',
    );
  });

  test('a pod that has just started has no metrics yet: kubectl top says so', async () => {
    assert.deepEqual(await cli('top pods'), { stdout: '', stderr: 'error: metrics not available yet\n', code: 1 });
    assert.deepEqual(await cli('top pod app'), { stdout: '', stderr: 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/app" not found\n', code: 1 });
    assert.deepEqual(await cli('get podmetrics'), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
    assert.deepEqual(await cli('top pod nope'), { stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
  });

  test('after one scrape interval: PodMetrics as metrics-server serves it, top prints from it', async () => {
    await cli('cluster advance 20s');
    const m = JSON.parse((await cli('get podmetrics app -o json')).stdout);
    assert.equal(m.kind, 'PodMetrics');
    assert.equal(m.apiVersion, 'metrics.k8s.io/v1beta1');
    assert.deepEqual(m.metadata, { name: 'app', namespace: 'default', creationTimestamp: '2026-12-02T12:00:20Z', labels: { app: 'demo' } });
    assert.equal(m.timestamp, '2026-12-02T12:00:20Z');
    assert.equal(m.window, '30s');
    assert.deepEqual(m.containers.map((c: any) => c.name), ['main', 'side']);
    for (const c of m.containers) {
      assert.match(c.usage.cpu, /^[1-9]\d*[num]?$/);
      assert.match(c.usage.memory, /^[1-9]\d*(Ki|Mi)$/);
    }
    // top's cells are the same quantities: CPU rounded up to millicores, memory down to Mi.
    const nanos = (q: string) => Number(q.replace(/[num]$/, '')) * ({ n: 1, u: 1e3, m: 1e6 } as Record<string, number>)[q.slice(-1)]!;
    const kib = (q: string) => Number(q.slice(0, -2)) * (q.endsWith('Mi') ? 1024 : 1);
    const cpu = m.containers.map((c: any) => nanos(c.usage.cpu));
    const mem = m.containers.map((c: any) => kib(c.usage.memory));
    const r = await cli('top pod app --containers --no-headers');
    const lines = r.stdout.split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/));
    assert.deepEqual(lines, [
      ['app', 'main', `${Math.ceil(cpu[0] / 1e6)}m`, `${Math.floor(mem[0] / 1024)}Mi`],
      ['app', 'side', `${Math.ceil(cpu[1] / 1e6)}m`, `${Math.floor(mem[1] / 1024)}Mi`],
    ]);
    const table = await cli('get podmetrics');
    assert.match(table.stdout, /^NAME +CPU +MEMORY +WINDOW\napp +\d+[num]? +\d+(Ki|Mi) +30s\n$/);
  });

  test('NodeMetrics: one per node whose kubelet runs; a stopped node shows <unknown> in top', async () => {
    const names = (await cli('get nodemetrics -o name')).stdout;
    assert.equal(names, 'nodemetrics.metrics.k8s.io/lite-control-plane\nnodemetrics.metrics.k8s.io/lite-worker\nnodemetrics.metrics.k8s.io/lite-worker2\nnodemetrics.metrics.k8s.io/lite-worker3\n');
    assert.equal((await cli('node stop lite-worker3')).code, 0);
    const top = await cli('top nodes --no-headers');
    assert.match(top.stdout, /^lite-control-plane +\d+m +\d+% +\d+Mi +\d+% +\nlite-worker +\d+m +\d+% +\d+Mi +\d+% +\nlite-worker2 +\d+m +\d+% +\d+Mi +\d+% +\nlite-worker3 +<unknown> +<unknown> +<unknown> +<unknown> +\n$/);
    assert.match((await cli('get nodemetrics lite-worker3')).stderr, /^Error from server \(NotFound\): nodemetrics\.metrics\.k8s\.io "lite-worker3" not found\n$/);
    assert.equal((await cli('node start lite-worker3')).code, 0);
  });

  test('a pod old enough to have metrics that has none: kubectl names it with its age', async () => {
    assert.equal((await cli('create namespace other')).code, 0);
    assert.equal((await cli('apply -f -', STUCK)).code, 0);
    await cli('cluster advance 3m');
    assert.deepEqual(await cli('top pods -n other'), { stdout: '', stderr: 'error: Metrics not available for pod other/stuck, age: 3m0s\n', code: 1 });
  });

  test('metrics objects are read-only', async () => {
    const r = await cli('delete podmetrics app');
    assert.equal(r.code, 1);
  });
});

describe('metrics.k8s.io through serve: the real kubectl top prints what kubectl-lite top prints', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite();
  const same = (args: string[]) => suite.same(args);

  test('before the first scrape, then with metrics, pods and nodes', async () => {
    assert.equal(suite.served.lite(['apply', '-f', '-'], { stdin: POD }).code, 0);
    assert.equal((await same(['top', 'pods'])).stderr, 'error: metrics not available yet\n');
    assert.match((await same(['top', 'pod', 'app'])).stderr, /podmetrics\.metrics\.k8s\.io "default\/app" not found/);
    assert.equal(suite.served.lite(['cluster', 'advance', '30s']).code, 0);
    assert.match((await same(['top', 'pods'])).stdout, /^NAME +CPU\(cores\) +MEMORY\(bytes\) +\napp +\d+m +\d+Mi +\n$/);
    await same(['top', 'pods', '-A', '--containers']);
    await same(['top', 'pods', '-A', '--sort-by=memory', '--sum']);
    await same(['top', 'pod', 'app', '--no-headers']);
    await same(['top', 'pods', '-l', 'app=demo']);
    assert.match((await same(['top', 'nodes'])).stdout, /^NAME +CPU\(cores\) +CPU\(%\)/);
    await same(['top', 'nodes', '--sort-by=cpu', '--show-capacity']);
    await same(['top', 'node', 'lite-worker']);
    await same(['get', 'podmetrics', '-A']);
    await same(['get', 'nodemetrics']);
    await same(['top', 'pod', 'nope']);
  });

  test('ties and containers land where kubectl\'s Go sort puts them', async () => {
    // Pods that measure alike in two namespaces (ties for --sort-by), a pod whose containers are not in name order.
    const pods = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'].map(
      (name, i) => `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"tie-${name}","namespace":"${i % 2 ? 'default' : 'kube-public'}",` +
        `"annotations":{"sim.kubectl-lite.io/cpu-usage":"${i % 3 ? '5m' : '7m'}","sim.kubectl-lite.io/memory-usage":"${i % 4 ? '8Mi' : '9Mi'}"}},` +
        `"spec":{"containers":[{"name":"zz","image":"nginx"},{"name":"aa","image":"nginx"},{"name":"mm","image":"nginx"}]}}`,
    );
    assert.equal(suite.served.lite(['apply', '-f', '-'], { stdin: `{"apiVersion":"v1","kind":"List","items":[${pods.join(',')}]}` }).code, 0);
    assert.equal(suite.served.lite(['cluster', 'advance', '30s']).code, 0);
    const containers = await same(['top', 'pods', '--containers']);
    assert.match(containers.stdout, /tie-b +aa .*\ntie-b +mm .*\ntie-b +zz /);
    for (const sortBy of ['cpu', 'memory']) {
      await same(['top', 'pods', '-A', `--sort-by=${sortBy}`]);
      await same(['top', 'pods', '-A', '--containers', `--sort-by=${sortBy}`]);
      await same(['top', 'nodes', `--sort-by=${sortBy}`]);
    }
  });

  test('one NAME at most, and not with a selector, checked before --sort-by', async () => {
    const usage = (r: Result) => comparable(r, 'kubectl-lite');
    for (const args of [['top', 'node', 'a', 'b', '--sort-by=bogus'], ['top', 'pod', 'a', 'b', '-A']]) {
      assert.match((await suite.same(args, usage)).stderr, /^error: (node|pod) \[NAME \| -l label\]\nSee 'kubectl top (node|pod) -h' for help and examples\n$/);
    }
    assert.equal((await same(['top', 'node', 'lite-worker', '-l', 'a=b'])).stderr, 'error: only one of NAME or --selector can be provided\n');
    await same(['top', 'pod', 'app', '--field-selector=a=b']);
    await same(['top', 'pod', 'app', '-l', '']);
  });

  test('top parses its selectors itself; the metrics API selects on metadata.name and metadata.namespace only', async () => {
    assert.equal(suite.served.lite(['apply', '-f', '-'], { stdin: POD }).code, 0);
    assert.equal(suite.served.lite(['cluster', 'advance', '30s']).code, 0);
    assert.equal((await same(['top', 'pod', '-l', 'a b'])).stderr, "error: unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt\n");
    // A pod's field the metrics API does not select on (it was taken as the pods', and said their metrics were missing).
    assert.equal((await same(['top', 'pod', '--field-selector=spec.nodeName=lite-worker'])).stderr, 'Error from server (BadRequest): "spec.nodeName" is not a known field selector: only "metadata.name", "metadata.namespace"\n');
    for (const args of [['top', 'node', '-l', '='], ['top', 'pod', '-l', 'a=b,'], ['top', 'pod', '--field-selector=metadata.name=app'], ['top', 'pod', '--field-selector=metadata.namespace!=default', '-A'], ['top', 'pod', '--field-selector=bogus']]) {
      await same(args);
    }
  });
});
