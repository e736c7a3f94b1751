/**
 * Resources the API server computes on read and never stores (metrics.k8s.io's PodMetrics and
 * NodeMetrics, the deprecated ComponentStatus): every verb that reads objects finds them (describe
 * did not), every write is refused as the server refuses it (405), a watch of them is refused after
 * the listing, and `get cs` answers as a v1.32 cluster does, with its deprecation warning. Then the
 * real kubectl through serve prints the same.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const NOW = '2026-12-02T12:00:00Z';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: app, labels: {app: demo}}\nspec: {containers: [{name: main, image: nginx}]}\n';
const WARNING = 'Warning: v1 ComponentStatus is deprecated in v1.19+\n';
const NOT_ALLOWED = 'Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n';
/** klog's header of an error line (`E1205 10:40:42.481951   25144 `), which names the moment and the process. */
const klogFree = (text: string) => text.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'E ');

describe('resources computed on read', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string | string[], stdin?: string) => runCli(args, { home, now: NOW, stdin });
  before(async () => {
    ({ home, dispose } = tempHome());
    assert.equal((await cli('apply -f -', POD)).code, 0);
    assert.equal((await cli('cluster advance 30s')).code, 0);
  });
  after(() => dispose());

  test('get componentstatuses: the control plane healthy, with the deprecation warning', async () => {
    assert.deepEqual(await cli('get cs'), {
      stdout: 'NAME                 STATUS    MESSAGE   ERROR\ncontroller-manager   Healthy   ok        \nscheduler            Healthy   ok        \netcd-0               Healthy   ok        \n',
      stderr: WARNING,
      code: 0,
    });
    const one = JSON.parse((await cli('get componentstatus etcd-0 -o json')).stdout);
    assert.deepEqual(one, { apiVersion: 'v1', conditions: [{ message: 'ok', status: 'True', type: 'Healthy' }], kind: 'ComponentStatus', metadata: { creationTimestamp: null, name: 'etcd-0' } });
    // An unknown name is the handler's plain error: a 500 without a reason.
    assert.deepEqual(await cli('get cs nope'), { stdout: '', stderr: `${WARNING}Error from server: Component not found: nope\n`, code: 1 });
    assert.deepEqual(await cli('describe cs etcd-0'), {
      stdout: 'Name:         etcd-0\nNamespace:    \nLabels:       <none>\nAnnotations:  <none>\nAPI Version:  v1\nConditions:\n  Message:  ok\n  Status:   True\n  Type:     Healthy\nKind:       ComponentStatus\nMetadata:\n  Creation Timestamp:  <nil>\nEvents:                <none>\n',
      stderr: WARNING,
      code: 0,
    });
    assert.equal((await cli('get cs -o name')).stdout, 'componentstatus/controller-manager\ncomponentstatus/scheduler\ncomponentstatus/etcd-0\n');
  });

  test('describe finds PodMetrics and NodeMetrics, by name, listed and by label', async () => {
    const pod = await cli('describe podmetrics app');
    assert.equal(pod.code, 0, pod.stderr);
    assert.match(pod.stdout, /^Name: +app\nNamespace: +default\nLabels: +app=demo\nAnnotations: +<none>\nAPI Version: +metrics\.k8s\.io\/v1beta1\nContainers:\n +Name: +main\n +Usage:\n +Cpu: +\d+[num]?\n +Memory: +\d+(Ki|Mi)\nKind: +PodMetrics\n/);
    assert.equal((await cli('describe pods.metrics.k8s.io -l app=demo')).stdout, pod.stdout);
    const nodes = await cli('describe nodemetrics');
    assert.deepEqual(nodes.stdout.match(/^Name: .*$/gm), ['Name:         lite-control-plane', 'Name:         lite-worker', 'Name:         lite-worker2', 'Name:         lite-worker3']);
    assert.match((await cli('describe nodemetrics lite-worker')).stdout, /^Name: +lite-worker\n[\s\S]*Kind: +NodeMetrics\n[\s\S]*Usage:\n +Cpu: +\d+[num]?\n +Memory: +\d+(Ki|Mi)\nWindow: +30s\n/);
    assert.deepEqual(await cli('describe podmetrics nope'), { stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
  });

  test('every write is refused with 405 (after the read that finds the object); delete has no read', async () => {
    for (const args of ['label podmetrics app a=b', 'annotate nodemetrics lite-worker a=b', 'patch podmetrics app -p {"a":1}', 'label cs etcd-0 a=b', 'patch cs scheduler -p {}']) {
      const r = await cli(args.split(' '));
      assert.deepEqual(r, { stdout: '', stderr: `${args.includes(' cs ') ? WARNING : ''}${NOT_ALLOWED}`, code: 1 }, args);
    }
    assert.deepEqual(await cli('delete cs etcd-0'), { stdout: '', stderr: NOT_ALLOWED, code: 1 });
    assert.deepEqual(await cli('label cs nope a=b'), { stdout: '', stderr: `${WARNING}Error from server: Component not found: nope\n`, code: 1 });
  });

  test('a watch of them is refused once the listing is printed', async () => {
    const cs = await cli('get cs -w --request-timeout=1s');
    assert.deepEqual(cs, { stdout: (await cli('get cs')).stdout, stderr: WARNING + NOT_ALLOWED, code: 1 });
    const pods = await cli('get podmetrics -w --request-timeout=1s');
    assert.match(pods.stdout, /^NAME +CPU +MEMORY +WINDOW\napp +/);
    assert.equal(pods.stderr, NOT_ALLOWED);
    assert.equal(pods.code, 1);
    assert.deepEqual(await cli('get cs --watch-only --request-timeout=1s'), { stdout: '', stderr: WARNING + NOT_ALLOWED, code: 1 });
  });

  test('--warnings-as-errors: the deprecation warning fails the command, as an error kubectl main returns', async () => {
    const r = await cli('get cs --warnings-as-errors');
    assert.equal(r.stdout, (await cli('get cs')).stdout);
    assert.equal(klogFree(r.stderr), `${WARNING}E run.go:72] "command failed" err="1 warning received"\n`);
    assert.equal(r.code, 1);
  });
});

describe('resources computed on read, through serve: the real kubectl prints what kubectl-lite prints', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => {
    assert.equal(served.lite(['apply', '-f', '-'], { stdin: POD }).code, 0);
    assert.equal(served.lite(['cluster', 'advance', '30s']).code, 0);
  });
  const same = (args: string[]) => suite.same(args, (r) => ({ ...r, stderr: klogFree(r.stderr) }));

  test('component statuses, metrics objects, their writes and watches', async () => {
    assert.equal((await same(['get', 'cs'])).stderr, WARNING);
    for (const args of [
      'get cs -o yaml', 'get cs nope', 'get cs etcd-0 nope', 'describe cs', 'describe cs scheduler', 'label cs etcd-0 a=b', 'delete cs etcd-0',
      'get cs --warnings-as-errors', 'get cs -w --request-timeout=1s',
      'describe podmetrics app', 'describe nodemetrics', 'describe podmetrics -l app=demo', 'describe podmetrics nope',
      'label podmetrics app a=b', 'annotate nodemetrics lite-worker a=b', 'get podmetrics -w --request-timeout=1s',
    ]) {
      await same(args.split(' '));
    }
  });
});
