import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { makeContext } from '../../src/main.js';
import { runBin, runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const quiet = { out: { write() {} }, err: { write() {} }, isTTY: false, readStdin: async () => Buffer.alloc(0) };

function seed(home: string, objects: KubeObject[]): void {
  makeContext({ io: quiet, env: { KUBECTL_LITE_HOME: home }, cwd: '/' })
    .session()
    .write((api) => {
      for (const o of objects) api.put(o);
    });
}

const T0 = '2026-11-22T00:00:00Z';
const T1 = '2026-11-22T00:00:05Z';
const T2 = '2026-11-22T00:01:00Z';

const pods: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', annotations: { 'sim.kubectl-lite.io/log': 'listening on :80\nready' } },
    // A scheduler nobody runs: no simulated scheduler or kubelet touches these hand-written statuses.
    spec: { schedulerName: 'manual', containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'sidecar', image: 'busybox:1.36' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: T0 } } },
        { name: 'sidecar', ready: true, restartCount: 0, state: { running: { startedAt: T0 } } },
      ],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'crash', namespace: 'default' },
    spec: { schedulerName: 'manual', containers: [{ name: 'app', image: 'busybox:1.36' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: T1, finishedAt: T2 } },
        },
      ],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'shipped', namespace: 'default' },
    // One container and a native sidecar (an init container that keeps running).
    spec: { schedulerName: 'manual', initContainers: [{ name: 'shipper', image: 'busybox:1.36', restartPolicy: 'Always' }], containers: [{ name: 'app', image: 'nginx:1.27' }] },
    status: {
      phase: 'Running',
      initContainerStatuses: [{ name: 'shipper', ready: true, restartCount: 0, started: true, state: { running: { startedAt: T0 } } }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: T0 } } }],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'creating', namespace: 'default' },
    spec: { schedulerName: 'manual', containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
  },
];

describe('logs', () => {
  let home: string;
  let dispose: () => void;
  before(() => {
    ({ home, dispose } = tempHome());
    seed(home, pods);
  });
  after(() => dispose());

  test('a running container: start line and its output; defaulted container announced on stderr', async () => {
    const r = await runCli('logs web', { home });
    assert.equal(r.stdout, '[kubectl-lite] container app started (image nginx:1.27)\nlistening on :80\nready\n');
    assert.equal(r.stderr, 'Defaulted container "app" out of: app, sidecar\n');
    assert.equal((await runCli('logs web -c sidecar --tail=1', { home })).stdout, 'ready\n');
    assert.equal((await runCli('logs web -c app --timestamps --tail=1', { home })).stdout, '2026-11-22T00:00:00.000000000Z ready\n');
  });

  test('a crash-looping container shows its last run; --previous too', async () => {
    const last = '[kubectl-lite] container app started (image busybox:1.36)\n[kubectl-lite] container app exited with code 1 (Error)\n';
    assert.equal((await runCli('logs crash', { home })).stdout, last);
    assert.equal((await runCli('logs crash -p', { home })).stdout, last);
    const none = await runCli('logs web -c app --previous', { home });
    assert.deepEqual(none, { stdout: '', stderr: 'Error from server (BadRequest): previous terminated container "app" in pod "web" not found\n', code: 1 });
  });

  test('an init container counts: the default container is announced; --all-containers reads the init ones first', async () => {
    assert.deepEqual(await runCli('logs shipped', { home }), {
      stdout: '[kubectl-lite] container app started (image nginx:1.27)\n',
      stderr: 'Defaulted container "app" out of: app, shipper (init)\n',
      code: 0,
    });
    assert.deepEqual(await runCli('logs shipped --all-containers --prefix', { home }), {
      stdout: '[pod/shipped/shipper] [kubectl-lite] container shipper started (image busybox:1.36)\n[pod/shipped/app] [kubectl-lite] container app started (image nginx:1.27)\n',
      stderr: '',
      code: 0,
    });
  });

  test('errors: missing pod, waiting container, unknown container', async () => {
    assert.deepEqual(await runCli('logs nosuch', { home }), { stdout: '', stderr: 'error: error from server (NotFound): pods "nosuch" not found in namespace "default"\n', code: 1 });
    // TYPE/NAME the same way, whatever the type.
    assert.deepEqual(await runCli('logs pod/nosuch', { home }), { stdout: '', stderr: 'error: error from server (NotFound): pods "nosuch" not found in namespace "default"\n', code: 1 });
    assert.deepEqual(await runCli('logs deploy/nosuch', { home }), { stdout: '', stderr: 'error: error from server (NotFound): deployments.apps "nosuch" not found in namespace "default"\n', code: 1 });
    // The word after the pod names its container; kubectl checks the options once it has found the pod.
    assert.equal((await runCli('logs web sidecar --tail=1', { home })).stdout, 'ready\n');
    assert.deepEqual(await runCli('logs web sidecar -c app', { home }), { stdout: '', stderr: 'error: only one of -c or an inline [CONTAINER] arg is allowed\n', code: 1 });
    assert.deepEqual(await runCli('logs web --tail=-2', { home }), { stdout: '', stderr: 'error: --tail must be greater than or equal to -1\n', code: 1 });
    assert.deepEqual(await runCli('logs nosuch --tail=-2', { home }), { stdout: '', stderr: 'error: error from server (NotFound): pods "nosuch" not found in namespace "default"\n', code: 1 });
    assert.deepEqual(await runCli('logs web --since=-1s', { home }), { stdout: '', stderr: 'error: --since must be greater than 0\n', code: 1 });
    assert.equal((await runCli('logs creating', { home })).stderr, 'Error from server (BadRequest): container "app" in pod "creating" is waiting to start: ContainerCreating\n');
    assert.equal((await runCli('logs web -c nope', { home })).stderr, 'error: container nope is not valid for pod web\n');
  });
});

/** A running pod of the `pick` set, ready since `readySince` (undefined: not ready), created at `created`. */
const picked = (name: string, created: string, readySince: string | undefined): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'pick' }, creationTimestamp: created, annotations: { 'sim.kubectl-lite.io/log': `hello from ${name}` } },
  spec: { schedulerName: 'manual', containers: [{ name: 'app', image: 'nginx:1.27' }] },
  status: {
    phase: 'Running',
    conditions: [readySince ? { type: 'Ready', status: 'True', lastTransitionTime: readySince } : { type: 'Ready', status: 'False', lastTransitionTime: created }],
    containerStatuses: [{ name: 'app', ready: Boolean(readySince), restartCount: 0, state: { running: { startedAt: created } } }],
  },
});

describe('logs of several pods', () => {
  let home: string;
  let dispose: () => void;
  before(() => {
    ({ home, dispose } = tempHome());
    seed(home, [
      picked('a-new', T1, T2),
      picked('b-old', T0, T1),
      picked('c-unready', T0, undefined),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'pick', namespace: 'default' }, spec: { selector: { app: 'pick' }, ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'external', namespace: 'default' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } },
    ]);
  });
  after(() => dispose());

  const lines = (name: string, prefix = '') => `${prefix}[kubectl-lite] container app started (image nginx:1.27)\n${prefix}hello from ${name}\n`;

  test('TYPE/NAME: the pod its selector names that kubectl picks (ready the longest), said on stderr', async () => {
    assert.deepEqual(await runCli('logs svc/pick', { home }), { stdout: lines('b-old'), stderr: 'Found 3 pods, using pod/b-old\n', code: 0 });
  });

  test('an object that selects no pods: kubectl\'s error, naming its Go type', async () => {
    assert.deepEqual(await runCli('logs svc/external', { home }), {
      stdout: '',
      stderr: "error: cannot get the logs from *v1.Service: invalid service 'external': Service is defined without a selector\n",
      code: 1,
    });
    assert.deepEqual(await runCli(['exec', 'cm/settings', '--', 'ls'], { home }), {
      stdout: '',
      stderr: 'error: cannot attach to *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n',
      code: 1,
    });
  });

  test('attach and port-forward find the pod first, as kubectl does', async () => {
    assert.deepEqual(await runCli('port-forward pod/nothere 8080:80', { home }), { stdout: '', stderr: 'Error from server (NotFound): pods "nothere" not found\n', code: 1 });
    assert.deepEqual(await runCli('attach svc/external', { home }), {
      stdout: '',
      stderr: "error: cannot attach to *v1.Service: invalid service 'external': Service is defined without a selector\n",
      code: 1,
    });
    // The pod the Service's selector picks first (b-old) is on no node.
    assert.equal((await runCli('attach svc/pick', { home })).stderr, "If you don't see a command prompt, try pressing enter.\nError from server (BadRequest): pod b-old does not have a host assigned\n");
  });

  test('--all-pods: every pod, each line prefixed; -l: every pod, prefixed only with --prefix', async () => {
    const all = await runCli('logs svc/pick --all-pods', { home });
    assert.equal(all.stderr, '');
    assert.deepEqual(all.stdout.split('\n').filter(Boolean).sort(), [
      ...lines('a-new', '[pod/a-new/app] ').split('\n'),
      ...lines('b-old', '[pod/b-old/app] ').split('\n'),
      ...lines('c-unready', '[pod/c-unready/app] ').split('\n'),
    ].filter(Boolean).sort());
    assert.equal((await runCli('logs -l app=pick', { home })).stdout, lines('a-new') + lines('b-old') + lines('c-unready'));
    assert.equal((await runCli('logs -l app=pick --prefix --tail=1', { home })).stdout, '[pod/a-new/app] hello from a-new\n[pod/b-old/app] hello from b-old\n[pod/c-unready/app] hello from c-unready\n');
  });

  test('following more streams than --max-log-requests is refused before anything is printed', async () => {
    assert.deepEqual(await runCli('logs -l app=pick -f --max-log-requests=2', { home }), {
      stdout: '',
      stderr: 'error: you are attempting to follow 3 log streams, but maximum allowed concurrency is 2, use --max-log-requests to increase the limit\n',
      code: 1,
    });
  });

  test('--request-timeout ends a follow with client-go\'s error, after what was printed', () => {
    // A process of its own: a follow that did not end fails here instead of hanging the suite.
    const r = runBin('logs -l app=pick -f --request-timeout=1s', { home, timeoutMs: 20_000 });
    assert.deepEqual(r, {
      stdout: lines('a-new') + lines('b-old') + lines('c-unready'),
      stderr: 'error: net/http: request canceled (Client.Timeout or context cancellation while reading body)\n',
      code: 1,
    });
  });
});

describe('logs through serve: the real kubectl prints what kubectl-lite prints', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const sidecar = `apiVersion: v1
kind: Pod
metadata: {name: shipped}
spec:
  initContainers: [{name: shipper, image: busybox:1.36, restartPolicy: Always}]
  containers: [{name: app, image: nginx:1.27}]
`;
  const suite = serveForSuite((served) => {
    assert.equal(served.lite(['apply', '-f', '-'], { stdin: sidecar }).code, 0);
    assert.equal(served.lite(['cluster', 'advance', '30s']).code, 0);
  });

  for (const args of [
    'logs shipped', 'logs shipped --limit-bytes=10', 'logs shipped -c shipper --limit-bytes=3 --tail=1', 'logs pod/nope', 'logs deploy/nope',
    // kubectl's own checks: the words, the object they name, then the options, in that order
    'logs shipped shipper', 'logs shipped shipper -c app', 'logs shipped --all-containers -c app', 'logs shipped --limit-bytes=-1',
    'logs shipped --since=-1s', 'logs shipped --since=0s', 'logs shipped --tail=-2', 'logs shipped --since=1s --since-time=2020-01-01T00:00:00Z',
    'logs nope --tail=-2', 'logs -l app=nomatch --tail=-2', 'logs -l app=x shipped shipper',
    // --since-time is parsed (Go's RFC 3339 parse and its errors) before the pod is looked for
    'logs nope --since-time=bogus', 'logs shipped --since-time=2020-13-01T00:00:00Z', 'logs shipped --since-time=2020-02-01T10:00:00+0100',
    'logs shipped --since-time=2020-02-01T10:00:00.5+01:00 --tail=1',
  ]) {
    test(args, async () => {
      await suite.same(args);
    });
  }
});
