/**
 * Issue 14 item 1 (apply, replace, rollout, taint, wait, autoscale, cordon flags), through the
 * built binary: apply --force re-creating what an update cannot change, --timeout, the
 * last-applied subcommands, replace's deletion flags and guards, -o on rollout and taint, wait -f.
 * Where kubectl can answer without a server (usage errors, guards) or from objects an oracle
 * server serves (view/set/edit-last-applied, autoscale, cordon), its output is the expectation.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBin, tempHome, type Result } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle } from '../helpers/oracle.js';
import type { KubeObject } from '../../src/api/types.js';

const DEPLOY = (extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web${extra}}
  template:
    metadata:
      labels: {app: web${extra}}
    spec:
      containers:
      - name: c
        image: nginx
`;
const POD = (container: string, delay = '') => `apiVersion: v1
kind: Pod
metadata:
  name: q
${delay ? `  annotations:\n    sim.kubectl-lite.io/stop-delay: ${delay}\n` : ''}spec:
  containers:
  - name: ${container}
    image: nginx
`;
const CM = (name: string, data = 'v') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: ${data}\n`;

let dir: string;
let h: ReturnType<typeof tempHome>;
const cli = (args: string | string[], env: Record<string, string> = {}): Result => runBin(args, { home: h.home, cwd: dir, env });
/** kubectl pointed at a server that is not there: only what it checks before talking to one. */
const KUBECONFIG = () => join(dir, 'kubeconfig');
function kubectl(args: string[]): Result {
  const r = spawnSync('kubectl', args, { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: KUBECONFIG() } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}
const asKubectl = (r: Result): Result => ({ ...r, stderr: r.stderr.replaceAll('kubectl-lite', 'kubectl') });

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'apply-flags-'));
  h = tempHome();
  writeFileSync(join(dir, 'd1.yaml'), DEPLOY(''));
  writeFileSync(join(dir, 'd2.yaml'), DEPLOY(', v: "2"'));
  writeFileSync(join(dir, 'q1.yaml'), POD('c', '3s'));
  writeFileSync(join(dir, 'q2.yaml'), POD('c2', '3s'));
  for (const n of ['a', 'b', 'c']) writeFileSync(join(dir, `cm${n}.yaml`), CM(n));
  writeFileSync(
    KUBECONFIG(),
    'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]\nusers: [{name: u, user: {}}]\n' +
      'contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]\ncurrent-context: x\n',
  );
});
after(() => {
  h.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('apply --force', () => {
  test('an immutable field change is refused without --force, and deletes and re-creates with it', () => {
    assert.equal(cli('apply -f d1.yaml').stdout, 'deployment.apps/web created\n');
    const uid = cli(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.uid}']).stdout;
    const refused = cli('apply -f d2.yaml');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /spec\.selector: Invalid value: .*field is immutable/);
    assert.deepEqual(cli('apply -f d2.yaml --force --cascade=foreground --grace-period=0'), { stdout: 'deployment.apps/web configured\n', stderr: '', code: 0 });
    const after = cli(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.uid} {.spec.selector.matchLabels.v}']).stdout.split(' ');
    assert.notEqual(after[0], uid);
    assert.equal(after[1], '2');
    // The new object carries the manifest as its last-applied configuration.
    assert.match(cli('apply view-last-applied deploy/web').stdout, /v: "2"/);
  });

  test('a terminating object is waited for; --timeout gives up with kubectl\'s wrapped error', () => {
    assert.equal(cli('apply -f q1.yaml').code, 0);
    const r = cli('apply -f q2.yaml --force --timeout=500ms');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: error when applying patch:\n\{"apiVersion":"v1","kind":"Pod",.*\nto:\nResource: "\/v1, Resource=pods", GroupVersionKind: "\/v1, Kind=Pod"\nName: "q", Namespace: "default"\nfor: "q2\.yaml": timed out waiting for the condition\n$/s);
    assert.match(cli('get pod q').stdout, /Terminating/);
  });

  test('kubectl\'s guards and flag errors', { skip: kubectlAvailable() ? false : SKIP_NO_KUBECTL }, () => {
    for (const extra of [
      ['--force', '--server-side'],
      ['--force', '--dry-run=server', '--validate=false'],
      ['--all', '-l', 'a=b'],
      ['--cascade=bogus'],
      ['--timeout=abc'],
      ['--cascade=bogus', '--force', '--server-side'],
    ]) {
      const args = ['apply', '-f', 'd1.yaml', ...extra];
      assert.deepEqual(asKubectl(cli(args)), kubectl(args), args.join(' '));
    }
  });
});

describe('apply set-last-applied, view-last-applied, edit-last-applied', () => {
  let served: KubeObject[];
  before(() => {
    cli('apply -f cma.yaml');
    cli('create -f cmb.yaml');
    cli('label cm a b x=y');
    served = ['a', 'b'].map((n) => JSON.parse(cli(['get', 'cm', n, '-o', 'json', '--show-managed-fields']).stdout) as KubeObject);
  });

  /** The same command from kubectl (against this cluster's objects) and from kubectl-lite. */
  async function both(commands: string[][], objects: KubeObject[]): Promise<Array<[Result, Result]>> {
    const oracle = await startOracle(objects);
    try {
      const out: Array<[Result, Result]> = [];
      for (const args of commands) {
        const theirs = await oracle.kubectl(args, {}, dir);
        out.push([asKubectl(cli(args)), { stdout: theirs.stdout, stderr: theirs.stderr, code: theirs.code }]);
      }
      return out;
    } finally {
      await oracle.close();
    }
  }

  test('view-last-applied prints as kubectl does (args, -l, --all, -f, -o json, bad -o)', { skip: kubectlAvailable() ? false : SKIP_NO_KUBECTL }, async () => {
    const commands = [
      ['apply', 'view-last-applied', 'cm', 'b', 'a'],
      ['apply', 'view-last-applied', 'cm', '-l', 'x=y', '-o', 'json'],
      ['apply', 'view-last-applied', 'configmaps', '--all'],
      ['apply', 'view-last-applied', 'cm'],
      ['apply', 'view-last-applied', '-f', 'cmb.yaml'],
      ['apply', 'view-last-applied', 'cm/c'],
      ['apply', 'view-last-applied', '-o', 'wide', 'cm/a'],
    ];
    for (const [mine, theirs] of await both(commands, served)) assert.deepEqual(mine, theirs);
  });

  test('set-last-applied: kubectl\'s dry run, errors and -o name; the annotation it writes is one kubectl finds unchanged', { skip: kubectlAvailable() ? false : SKIP_NO_KUBECTL }, async () => {
    const commands = [
      ['apply', 'set-last-applied', '-f', 'cma.yaml', '--dry-run=client'],
      ['apply', 'set-last-applied', '-f', 'cmb.yaml', '--dry-run=client'],
      ['apply', 'set-last-applied', '-f', 'cmb.yaml', '--dry-run=client', '--create-annotation'],
      ['apply', 'set-last-applied', '-f', 'cmb.yaml', '--dry-run=client', '--create-annotation', '-o', 'name'],
      ['apply', 'set-last-applied', '-f', 'cmc.yaml', '--dry-run=client'],
      ['apply', 'set-last-applied', 'cm', 'a'],
      ['apply', 'edit-last-applied', 'cm/b'],
    ];
    for (const [mine, theirs] of await both(commands, served)) assert.deepEqual(mine, theirs);
    assert.deepEqual(cli('apply set-last-applied -f cmb.yaml --create-annotation'), { stdout: 'configmap/b configured\n', stderr: '', code: 0 });
    const now = JSON.parse(cli(['get', 'cm', 'b', '-o', 'json']).stdout) as KubeObject;
    const [[mine, theirs]] = await both([['apply', 'set-last-applied', '-f', 'cmb.yaml', '--dry-run=client']], [now]) as [[Result, Result]];
    assert.deepEqual(theirs, { stdout: 'set-last-applied b: no changes required.\n', stderr: '', code: 0 });
    assert.deepEqual(mine, theirs);
    // The printing flags: --template alone is a go-template, --show-managed-fields keeps them in YAML.
    const printing = [
      ['apply', 'set-last-applied', '-f', 'cma.yaml', '--dry-run=client', '--template={{.metadata.name}} {{.data.k}}'],
      ['apply', 'set-last-applied', '-f', 'cma.yaml', '--dry-run=client', '-o', 'yaml', '--show-managed-fields'],
      ['apply', 'set-last-applied', '-f', 'cma.yaml', '--dry-run=client', '-o', 'yaml'],
    ];
    const outputs = await both(printing, served);
    assert.match(outputs[1]![1].stdout, /managedFields:/);
    for (const [m, t] of outputs) assert.deepEqual(m, t);
  });

  test('edit-last-applied edits the annotation in $KUBE_EDITOR; an unchanged file cancels', () => {
    const editor = join(dir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/k: v/k: w/" "$1"\n');
    chmodSync(editor, 0o755);
    assert.deepEqual(cli('apply edit-last-applied cm/a', { KUBE_EDITOR: editor }), { stdout: 'configmap/a edited\n', stderr: '', code: 0 });
    assert.match(cli('apply view-last-applied cm/a').stdout, /k: w/);
    // Only the annotation changed: the data is still the applied one.
    assert.equal(cli(['get', 'cm', 'a', '-o', 'jsonpath={.data.k}']).stdout, 'v');
    assert.deepEqual(cli('apply edit-last-applied cm/a', { KUBE_EDITOR: 'true' }), { stdout: '', stderr: 'Edit cancelled, no changes made.\n', code: 0 });
  });
});

describe('replace', () => {
  test('kubectl\'s guards: --grace-period or --timeout without --force, --dry-run with --force, --raw', { skip: kubectlAvailable() ? false : SKIP_NO_KUBECTL }, () => {
    for (const extra of [
      ['--grace-period=5'],
      ['--grace-period=0'],
      ['--timeout=5s'],
      ['--force', '--dry-run=client'],
      ['--raw', '/api/v1/x', '-f', 'cma.yaml'],
      ['--raw', '/api/v1/x', '-o', 'yaml'],
      ['--raw', '/api/v1/x', '-R'],
      ['--raw', ':bad'],
      ['--timeout=abc'],
    ]) {
      const args = ['replace', '-f', 'cmc.yaml', ...extra];
      assert.deepEqual(asKubectl(cli(args)), kubectl(args), args.join(' '));
    }
  });

  test('--raw PUTs the file as it is (YAML is not JSON to the server); --force deletes, waits and re-creates', () => {
    assert.deepEqual(cli('replace -f cmc.yaml --raw /api/v1/namespaces/default/configmaps/c'), {
      stdout: '',
      stderr: "Error from server (BadRequest): couldn't get version/kind; json parse error: invalid character 'a' looking for beginning of value\n",
      code: 1,
    });
    cli('create -f cmc.yaml');
    assert.deepEqual(cli('replace -f cmc.yaml --force --cascade=orphan --grace-period=3 --timeout=10s'), { stdout: 'configmap "c" deleted\nconfigmap/c replaced\n', stderr: '', code: 0 });
    assert.deepEqual(cli('replace -f cmc.yaml --force -o name'), { stdout: 'configmap/c\nconfigmap/c\n', stderr: '', code: 0 });
  });
});

describe('-o on rollout and taint, -f on rollout and wait', () => {
  test('rollout history|pause|resume|restart|undo -o name, -f', () => {
    cli('set image deploy/web c=nginx:2');
    const history = cli('rollout history -f d2.yaml -o name');
    assert.equal(history.code, 0);
    assert.match(history.stdout, /^replicaset\.apps\/web-\w+\nreplicaset\.apps\/web-\w+\n$/);
    assert.deepEqual(cli('rollout pause deploy/web -o name'), { stdout: 'deployment.apps/web\n', stderr: '', code: 0 });
    assert.equal(cli(['rollout', 'resume', 'deploy/web', '-o', 'jsonpath={.spec.paused}']).stdout, '');
    assert.deepEqual(cli('rollout restart -R -f d2.yaml -o name'), { stdout: 'deployment.apps/web\n', stderr: '', code: 0 });
    assert.deepEqual(cli('rollout undo deploy/web -o name'), { stdout: 'deployment.apps/web\n', stderr: '', code: 0 });
    assert.equal(cli('rollout history -f d2.yaml deploy/web').stderr, 'error: resource/name arguments cannot be provided when a path is specified\n');
  });

  test('taint -o name and -o jsonpath; wait -f and -o', () => {
    const nodes = cli('taint nodes --all a=b:NoSchedule -o name');
    assert.equal(nodes.code, 0);
    assert.match(nodes.stdout, /^node\/lite-control-plane\n/);
    assert.match(cli(['taint', 'nodes', 'lite-worker', 'a-', '--dry-run=client', '-o', 'jsonpath={.spec.taints}']).stdout, /^$|^\[\]$/);
    assert.deepEqual(cli('wait -f d2.yaml --for=condition=Available --timeout=10s'), { stdout: 'deployment.apps/web condition met\n', stderr: '', code: 0 });
    // -o prints the object instead of `condition met`; --template alone is a go-template.
    assert.deepEqual(cli('wait deploy/web --for=condition=Available -o name'), { stdout: 'deployment.apps/web\n', stderr: '', code: 0 });
    assert.deepEqual(cli(['wait', '-f', 'd2.yaml', '--for=condition=Available', '--template={{.metadata.name}}']), { stdout: 'web', stderr: '', code: 0 });
  });
});

describe('autoscale and cordon as kubectl', () => {
  test('autoscale without --cpu-percent puts no metric in the object kubectl builds; cordon --selector= is refused', { skip: kubectlAvailable() ? false : SKIP_NO_KUBECTL }, async () => {
    cli('create deploy x --image=nginx');
    const deploy = JSON.parse(cli(['get', 'deploy', 'x', '-o', 'json']).stdout) as KubeObject;
    const node = JSON.parse(cli(['get', 'node', 'lite-worker', '-o', 'json']).stdout) as KubeObject;
    const oracle = await startOracle([deploy, node]);
    try {
      for (const args of [
        ['autoscale', 'deploy', 'x', '--max=3', '--dry-run=client', '-o', 'yaml'],
        ['autoscale', 'deploy', 'x', '--max=3', '--min=2', '--dry-run=client', '-o', 'json'],
        ['cordon', '--selector='],
        ['uncordon', '--selector=', '--dry-run=client'],
      ]) {
        const theirs = await oracle.kubectl(args, {}, dir);
        assert.deepEqual(asKubectl(cli(args)), { stdout: theirs.stdout, stderr: theirs.stderr, code: theirs.code }, args.join(' '));
      }
    } finally {
      await oracle.close();
    }
  });
});
