import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, runCli, tempHome } from '../helpers/cli.js';
import { storedObject } from './store-helpers.js';

const FIXTURES = `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: nginx, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: c, image: api}]
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  ports: [{port: 80}]
`;

async function withCluster(fn: (cli: (args: string) => ReturnType<typeof runCli>, home: string) => Promise<void>): Promise<void> {
  const h = tempHome();
  try {
    writeFileSync(join(h.home, 'all.yaml'), FIXTURES);
    const cli = (args: string) => runCli(args, { home: h.home, cwd: h.home });
    assert.equal((await cli('create -f all.yaml')).code, 0);
    await fn(cli, h.home);
  } finally {
    h.dispose();
  }
}

test('delete TYPE NAME: deleted, then NotFound; --ignore-not-found; --dry-run', () =>
  withCluster(async (cli, home) => {
    assert.deepEqual(await cli('delete pod web --dry-run=client'), { stdout: 'pod "web" deleted (dry run)\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('delete pod web --dry-run=server'), { stdout: 'pod "web" deleted (server dry run)\n', stderr: '', code: 0 });
    assert.ok(storedObject(home, 'core/pods', 'default/web'));
    assert.deepEqual(await cli('delete pod web'), { stdout: 'pod "web" deleted\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('delete pod web'), { stdout: '', stderr: 'Error from server (NotFound): pods "web" not found\n', code: 1 });
    assert.deepEqual(await cli('delete pod web --ignore-not-found'), { stdout: '', stderr: '', code: 0 });
    // kubectl's delete does not fetch what it names: a client dry run says deleted, the server's NotFound.
    assert.deepEqual(await cli('delete pod web --dry-run=client'), { stdout: 'pod "web" deleted (dry run)\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('delete pod web --dry-run=server'), { stdout: '', stderr: 'Error from server (NotFound): pods "web" not found\n', code: 1 });
  }));

test('cordon, uncordon, taint and drain read --dry-run as kubectl does: strconv.ParseBool words with a warning, `unset` refused', () =>
  withCluster(async (cli) => {
    const cordon = await cli('cordon lite-worker --dry-run=1');
    assert.deepEqual([cordon.stdout, cordon.code], ['node/lite-worker cordoned (dry run)\n', 0]);
    assert.match(cordon.stderr, /helpers\.go:716\] --dry-run=1 is deprecated \(boolean value\) and can be replaced with --dry-run=client\.\n$/);
    assert.deepEqual(await cli('uncordon lite-worker --dry-run=unset'), {
      stdout: '', stderr: 'error: Invalid dry-run value (unset). Must be "none", "server", or "client".\n', code: 1,
    });
    const taint = await cli('taint nodes lite-worker a=b:NoSchedule --dry-run=F');
    assert.deepEqual([taint.stdout, taint.code], ['node/lite-worker tainted\n', 0]);
    assert.match(taint.stderr, /--dry-run=F is deprecated \(boolean value\) and can be replaced with --dry-run=none\./);
    // --cascade the same way: strconv.ParseBool's words with a warning, the strategies as written.
    assert.deepEqual(await cli('delete pod web --cascade=1 --dry-run=client'), {
      stdout: 'pod "web" deleted (dry run)\n', stderr: 'warning: --cascade=1 is deprecated (boolean value) and can be replaced with --cascade=background.\n', code: 0,
    });
    assert.deepEqual(await cli('delete pod web --cascade=F --dry-run=client'), {
      stdout: 'pod "web" deleted (dry run)\n', stderr: 'warning: --cascade=F is deprecated (boolean value) and can be replaced with --cascade=orphan.\n', code: 0,
    });
  }));

test('delete: what failed is reported after what was deleted, as kubectl returns its errors at the end', () =>
  withCluster(async (_cli, home) => {
    // One stream, as a terminal shows it.
    const merged = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" delete pod nope web nada 2>&1`], { env: { ...process.env, KUBECTL_LITE_HOME: home, NO_COLOR: '1' }, encoding: 'utf8' });
    assert.equal(merged.stdout, 'pod "web" deleted\nError from server (NotFound): pods "nope" not found\nError from server (NotFound): pods "nada" not found\n');
    assert.equal(merged.status, 1);
  }));

test('delete deploy api svc: the second argument is a name', () =>
  withCluster(async (cli) => {
    assert.deepEqual(await cli('delete deploy api svc'), {
      stdout: 'deployment.apps "api" deleted\n',
      stderr: 'Error from server (NotFound): deployments.apps "svc" not found\n',
      code: 1,
    });
    assert.deepEqual(await cli('delete svc/api pod/nginx'), { stdout: 'service "api" deleted\npod "nginx" deleted\n', stderr: '', code: 0 });
  }));

test('delete -l, --all, no name, no arguments', () =>
  withCluster(async (cli) => {
    assert.deepEqual(await cli('delete pods -l app=nothing'), { stdout: 'No resources found\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('delete pods -l app=web'), { stdout: 'pod "nginx" deleted\npod "web" deleted\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('delete pod'), { stdout: '', stderr: 'error: resource(s) were provided, but no name was specified\n', code: 1 });
    // A cluster has the `kubernetes` Service in default, and `--all` takes it too (as on a real cluster).
    assert.deepEqual(await cli('delete deploy,svc --all'), { stdout: 'deployment.apps "api" deleted\nservice "api" deleted\nservice "kubernetes" deleted\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('delete pods --all'), { stdout: 'No resources found\n', stderr: '', code: 0 });
    const none = await cli('delete');
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^error: You must provide one or more resources by argument or filename\.\n/);
    assert.deepEqual(await cli('delete nosuchtype x'), { stdout: '', stderr: 'error: the server doesn\'t have a resource type "nosuchtype"\n', code: 1 });
  }));

test('delete -f: each object, then NotFound per object naming the file; empty file', () =>
  withCluster(async (cli, home) => {
    assert.deepEqual(await cli('delete -f all.yaml'), {
      stdout: 'pod "web" deleted\npod "nginx" deleted\ndeployment.apps "api" deleted\nservice "api" deleted\n',
      stderr: '',
      code: 0,
    });
    const again = await cli('delete -f all.yaml');
    assert.equal(again.code, 1);
    assert.equal(
      again.stderr,
      [
        'Error from server (NotFound): error when deleting "all.yaml": pods "web" not found',
        'Error from server (NotFound): error when deleting "all.yaml": pods "nginx" not found',
        'Error from server (NotFound): error when deleting "all.yaml": deployments.apps "api" not found',
        'Error from server (NotFound): error when deleting "all.yaml": services "api" not found',
        '',
      ].join('\n'),
    );
    assert.deepEqual(await cli('delete -f all.yaml --ignore-not-found'), { stdout: '', stderr: '', code: 0 });
    writeFileSync(join(home, 'empty.yaml'), '');
    assert.deepEqual(await cli('delete -f empty.yaml'), { stdout: 'No resources found\n', stderr: '', code: 0 });
  }));

test('delete --force --grace-period=0 warns; bad --cascade and --now with --grace-period are refused', () =>
  withCluster(async (cli) => {
    assert.deepEqual(await cli('delete pod web --grace-period=0 --force'), {
      stdout: 'pod "web" force deleted\n',
      stderr:
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
      code: 0,
    });
    assert.deepEqual(await cli('delete pod nginx --cascade=sideways'), {
      stdout: '',
      stderr: 'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n',
      code: 1,
    });
    assert.deepEqual(await cli('delete pod nginx --now --grace-period=5'), { stdout: '', stderr: 'error: --now and --grace-period cannot be specified together\n', code: 1 });
    // kubectl's parseCascadingFlag warns about the old boolean value.
    assert.deepEqual(await cli('delete pod nginx --now --cascade=false'), {
      stdout: 'pod "nginx" deleted\n',
      stderr: 'warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n',
      code: 0,
    });
  }));

test("delete checks --force, -o and --all as kubectl's Validate does: after the arguments' errors, before anything is listed", () =>
  withCluster(async (cli) => {
    const WARNING =
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';
    // --force alone is a grace period of 0: warned about even when the selector matches nothing.
    assert.deepEqual(await cli('delete pods -l app=nothing --force'), { stdout: 'No resources found\n', stderr: WARNING, code: 0 });
    // An unknown type is the builder's error, before the flags' own checks.
    assert.deepEqual(await cli('delete bogus x --force --grace-period=5'), {
      stdout: '',
      stderr: 'error: the server doesn\'t have a resource type "bogus"\n',
      code: 1,
    });
    assert.deepEqual(await cli('delete bogus x -o yaml'), { stdout: '', stderr: 'error: the server doesn\'t have a resource type "bogus"\n', code: 1 });
    assert.deepEqual(await cli('delete pod x -o yaml --force --grace-period=5'), {
      stdout: '',
      stderr: "error: unexpected -o output mode: yaml. We only support '-o name'\n",
      code: 1,
    });
    // --raw skips the builder, so Validate's own words for --all with a selector.
    assert.deepEqual(await cli('delete --raw /api/v1/namespaces/default/pods/web --all -l a=b'), {
      stdout: '',
      stderr: 'error: cannot set --all and --selector at the same time\n',
      code: 1,
    });
    assert.deepEqual(await cli('delete pod web --now --grace-period=3 --dry-run=bogus'), {
      stdout: '',
      stderr: 'error: --now and --grace-period cannot be specified together\n',
      code: 1,
    });
    assert.deepEqual(await cli('get pod web -o name'), { stdout: 'pod/web\n', stderr: '', code: 0 });
  }));

test('delete --cascade=orphan leaves dependents without their owner reference', () =>
  withCluster(async (cli, home) => {
    const owner = storedObject(home, 'apps/deployments', 'default/api');
    writeFileSync(
      join(home, 'child.yaml'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'child', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: owner.metadata.uid }] },
      }),
    );
    await cli('create -f child.yaml');
    assert.deepEqual(await cli('delete deploy api --cascade=orphan'), { stdout: 'deployment.apps "api" deleted\n', stderr: '', code: 0 });
    assert.equal(storedObject(home, 'core/configmaps', 'default/child').metadata.ownerReferences, undefined);
  }));

test('delete all --all: the category, in discovery order', async () => {
  const h = tempHome();
  try {
    const cli = (args: string, stdin?: string) => runCli(args, { home: h.home, cwd: h.home, stdin });
    const objects = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-in-all' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    ];
    assert.equal((await cli('create -f -', objects.map((o) => JSON.stringify(o)).join('\n'))).code, 0);
    assert.deepEqual(await cli('delete all --all --dry-run=client'), {
      stdout: 'pod "web" deleted (dry run)\nservice "api" deleted (dry run)\nservice "kubernetes" deleted (dry run)\n',
      stderr: '',
      code: 0,
    });
    assert.deepEqual(await cli('delete pods,all -l app=web -o name'), { stdout: 'pod/web\n', stderr: '', code: 0 });
  } finally {
    h.dispose();
  }
});

test('delete --field-selector: matching objects only; unsupported fields refused as the server does', () =>
  withCluster(async (cli, home) => {
    // Every pod in default but web: nginx, and the pods the deployment's ReplicaSet runs.
    const others = (await cli('get pods -o name')).stdout.split('\n').filter((l) => l && l !== 'pod/web');
    assert.ok(others.includes('pod/nginx'));
    const expected = others.map((l) => `pod "${l.slice(4)}" deleted\n`).join('');
    assert.deepEqual(await cli('delete pods --field-selector metadata.name!=web,metadata.namespace=default'), { stdout: expected, stderr: '', code: 0 });
    assert.ok(storedObject(home, 'core/pods', 'default/web'));
    assert.deepEqual(await cli('delete pods --field-selector metadata.name=nothing'), { stdout: 'No resources found\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('delete svc --field-selector status.phase=Running'), {
      stdout: '',
      stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=services" that match label selector "", field selector "status.phase=Running": field label not supported: status.phase\n',
      code: 1,
    });
    assert.deepEqual(await cli('delete pods --field-selector nonsense'), { stdout: '', stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "nonsense": invalid selector: \'nonsense\'; can\'t understand \'nonsense\'\n', code: 1 });
    assert.ok(storedObject(home, 'core/pods', 'default/web'), 'nothing deleted by refused selectors');
  }));

const HELD = `apiVersion: v1
kind: ConfigMap
metadata: {name: held, finalizers: [example.com/hold]}
data: {a: b}
`;

test('delete waits for a finalizer: --timeout ends it with kubectl\'s error; --wait=false, --dry-run and a failed deletion do not wait', () =>
  withCluster(async (cli, home) => {
    writeFileSync(join(home, 'held.yaml'), HELD);
    assert.equal((await cli('apply -f held.yaml')).code, 0);
    assert.deepEqual(await cli('delete cm held --timeout zz'), {
      stdout: '',
      stderr: `Error: invalid argument "zz" for "--timeout" flag: time: invalid duration "zz"\nSee 'kubectl-lite delete --help' for usage.\n`,
      code: 1,
    });
    assert.equal(storedObject(home, 'core/configmaps', 'default/held')?.metadata.deletionTimestamp, undefined, 'a bad --timeout deletes nothing');
    assert.deepEqual(await cli('delete cm held --dry-run=server --timeout=1s'), { stdout: 'configmap "held" deleted (server dry run)\n', stderr: '', code: 0 });
    const started = Date.now();
    assert.deepEqual(await cli('delete cm held --timeout=1s'), { stdout: 'configmap "held" deleted\n', stderr: 'error: timed out waiting for the condition on configmaps/held\n', code: 1 });
    assert.ok(Date.now() - started >= 900, 'it waited for the timeout');
    assert.ok(storedObject(home, 'core/configmaps', 'default/held')?.metadata.deletionTimestamp, 'held, marked for deletion');
    assert.deepEqual(await cli('delete cm held --wait=false'), { stdout: 'configmap "held" deleted\n', stderr: '', code: 0 });
    assert.deepEqual(await cli('delete cm held nothere --timeout=5s'), { stdout: 'configmap "held" deleted\n', stderr: 'Error from server (NotFound): configmaps "nothere" not found\n', code: 1 });
    // What the write itself finishes (a pod's shutdown here) is not waited for.
    const quick = Date.now();
    assert.deepEqual(await cli('delete pod web --timeout=5s'), { stdout: 'pod "web" deleted\n', stderr: '', code: 0 });
    assert.ok(Date.now() - quick < 900, 'nothing to wait for');
  }));

test('delete waits until another writer removes the finalizer, then exits 0', async () => {
  const h = tempHome();
  try {
    writeFileSync(join(h.home, 'held.yaml'), HELD);
    assert.equal((await runCli('apply -f held.yaml', { home: h.home, cwd: h.home })).code, 0);
    const env = { ...process.env, KUBECTL_LITE_HOME: h.home, HOME: h.home, NO_COLOR: '1' };
    const child = spawn(process.execPath, [BIN, 'delete', 'cm', 'held'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const printed = new Promise<void>((resolve) => child.stdout.on('data', (d) => ((stdout += d), stdout.includes('\n') && resolve())));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await printed;
    assert.equal(stdout, 'configmap "held" deleted\n');
    const race = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('waiting'), 1500))]);
    assert.equal(race, 'waiting', 'delete waits while the finalizer is there');
    const patched = await runCli(['patch', 'cm', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'], { home: h.home, cwd: h.home });
    assert.equal(patched.code, 0, patched.stderr);
    const timer = setTimeout(() => child.kill(), 10_000);
    assert.equal(await exited, 0, stderr);
    clearTimeout(timer);
    assert.equal(stderr, '');
    assert.equal(storedObject(h.home, 'core/configmaps', 'default/held'), undefined);
  } finally {
    h.dispose();
  }
});
