/**
 * Issue 14 items 1 and 5: kubectl's printing flags (--template, --allow-missing-template-keys,
 * --show-managed-fields) on set *, scale, label, annotate, events, auth whoami, config view,
 * cluster-info dump, auth reconcile, patch and apply, and --field-manager on set *, label and annotate.
 * Against the real kubectl: without a server where kubectl can (--local -f, config view), else
 * served by an oracle holding the objects kubectl-lite stores; end to end for what the store records.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { runCli, splitArgs, tempHome } from '../helpers/cli.js';
import { kubectlAlone, kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;

/** A Deployment file carrying a managedFields entry, so --show-managed-fields has something to show. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  labels: {app: d}
  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1: {"f:metadata": {"f:labels": {".": {}, "f:app": {}}}}
    manager: kubectl-create
    operation: Update
    time: "2026-01-01T00:00:00Z"
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec: {containers: [{name: c, image: nginx}]}
`;
/** An Event carrying managedFields (kubectl-lite records none for Events, as it keeps none for their writers). */
const EVENT = `apiVersion: v1
kind: Event
metadata:
  name: e1
  managedFields:
  - {apiVersion: v1, fieldsType: FieldsV1, fieldsV1: {"f:message": {}}, manager: tester, operation: Update, time: "2026-01-01T00:00:00Z"}
involvedObject: {kind: Pod, name: p, namespace: default}
reason: Tested
message: hi
type: Normal
source: {component: tester}
count: 1
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-01T00:00:00Z"
eventTime: null
reportingComponent: tester
reportingInstance: ""
`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: a}\n  ports: [{port: 80}]\n';
const BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
`;
const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r1, namespace: default}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get]
`;

/** kubectl runs these without a server. */
const LOCAL = [
  'label -f d.yaml --local x=y -o go-template --template={{.metadata.labels.x}}',
  'label -f d.yaml --local x=y --template={{.metadata.labels.x}}',
  'label -f d.yaml --local x=y -o jsonpath --template={.metadata.labels.x}',
  'label -f d.yaml --local x=y -o jsonpath={.nope} --allow-missing-template-keys=false',
  'label -f d.yaml --local x=y -o go-template={{.nope}} --allow-missing-template-keys=false',
  'label -f d.yaml --local x=y -o go-template={{.nope}}',
  'label -f d.yaml --local x=y -o yaml --show-managed-fields',
  'label -f d.yaml --local x=y -o json --show-managed-fields',
  'label -f d.yaml --local x=y -o yaml',
  'label -f d.yaml --local x=y --field-manager=me -o yaml --show-managed-fields',
  `label -f d.yaml -f s.yaml --local x=y --template='{{.kind}}{{"\\n"}}'`,
  'annotate -f d.yaml --local x=y -o yaml --show-managed-fields',
  'annotate -f d.yaml --local x=y --template={{.metadata.annotations}}',
  'annotate -f d.yaml --local x=y -o jsonpath={.nope} --allow-missing-template-keys=false',
  'annotate -f d.yaml -f s.yaml --local x=y -o yaml --show-managed-fields',
  'set image -f d.yaml --local c=busybox -o yaml --show-managed-fields',
  'set image -f d.yaml --local c=busybox -o json --show-managed-fields',
  'set image -f d.yaml --local c=busybox --template={{.spec.template.spec.containers}}',
  'set image -f d.yaml -f d.yaml --local c=x -o yaml --show-managed-fields',
  'set image -f d.yaml --local c=busybox --dry-run=client -o go-template={{.nope}} --allow-missing-template-keys=false',
  'set env -f d.yaml --local A=B -o go-template={{.nope}} --allow-missing-template-keys=false',
  'set env -f d.yaml --local A=B -o jsonpath --template={.spec.template.spec.containers[0].env}',
  'set env -f d.yaml --local A=B -o go-template',
  'set env -f d.yaml --local A=B -o json --template={{.kind}}',
  'set resources -f d.yaml --local --limits=cpu=1 -o yaml --show-managed-fields',
  'set resources -f d.yaml --local --limits=cpu=1 --template={{.kind}}',
  'set serviceaccount -f d.yaml --local sa1 --template={{.spec.template.spec.serviceAccountName}}',
  'set serviceaccount -f d.yaml --local sa1 -o yaml --show-managed-fields',
  'set selector -f s.yaml --local app=b -o go-template --template={{.spec.selector}}',
  'set selector -f s.yaml --local app=b -o yaml --show-managed-fields',
  `patch -f d.yaml --local --type=merge -p '{"metadata":{"labels":{"p":"1"}}}' --template={{.metadata.labels.p}}`,
  `patch -f d.yaml --local --type=merge -p '{"metadata":{"labels":{"p":"1"}}}' -o yaml --show-managed-fields`,
  `patch -f d.yaml --local --type=merge -p '{"metadata":{"labels":{"p":"1"}}}' -o jsonpath={.nope} --allow-missing-template-keys=false`,
  'set subject -f rb.yaml --local --user=u -o jsonpath --template={.subjects[0].name}',
  'set subject -f rb.yaml --local --user=u -o jsonpath={.nope} --allow-missing-template-keys=false',
  'set subject -f rb.yaml --local --user=u --template={{.nope}} --allow-missing-template-keys=false',
];

/** config view reads the kubeconfig kubectl-lite writes for its own home. */
const CONFIG = [
  `config view --template='{{.kind}}/{{index .contexts 0 "name"}}'`,
  'config view -o go-template --template={{.kind}}',
  'config view -o yaml --template={{.kind}}',
  'config view -o json --template={{.kind}}',
  'config view -o jsonpath --template={.current-context}',
  'config view --template={{.nope}} --allow-missing-template-keys=false',
  'config view --minify --template={{.nope}} --allow-missing-template-keys=false',
  'config view -o jsonpath={.nope} --allow-missing-template-keys=false',
  'config view --show-managed-fields',
  'config view --raw --template={{.users}}',
];

/** kubectl needs a server: the oracle serves what kubectl-lite stores. */
const SERVED = [
  'scale deploy web --replicas=3 --dry-run=client -o yaml',
  'scale deploy web --replicas=3 --dry-run=client --template={{.spec.replicas}}',
  'scale deploy web --replicas=3 --dry-run=client -o yaml --show-managed-fields',
  'scale deploy web --replicas=3 --dry-run=client -o jsonpath={.nope} --allow-missing-template-keys=false',
  'events --template={{.kind}}',
  'events -o go-template --template={{len .items}}',
  'events -o yaml',
  'events -o yaml --show-managed-fields',
  'events -o json',
  'events -o jsonpath-as-json={.kind}',
  `events -o go-template='{{range .items}}{{.reason}}{{"\\t"}}{{.type}}{{"\\n"}}{{end}}'`,
  'events -o go-template={{.nope}} --allow-missing-template-keys=false',
  'events -o jsonpath={.nope} --allow-missing-template-keys=false',
  'events -n empty -o yaml',
  'auth whoami --template={{.kind}}',
  'auth whoami -o go-template --template={{.kind}}',
  'auth whoami -o go-template={{.nope}} --allow-missing-template-keys=false',
  'auth whoami -o jsonpath={.nope} --allow-missing-template-keys=false',
  'auth whoami -o yaml --show-managed-fields',
  'auth reconcile -f role.yaml --dry-run=client -o go-template --template={{.kind}}/{{.metadata.name}}',
  'auth reconcile -f role.yaml --dry-run=client --template={{.kind}}',
  'auth reconcile -f role.yaml --dry-run=client -o yaml --show-managed-fields',
  'auth reconcile -f role.yaml --dry-run=client -o json',
  'auth reconcile -f role.yaml --dry-run=client -o jsonpath={.nope} --allow-missing-template-keys=false',
  'auth reconcile -f role.yaml --dry-run=client -o go-template={{.nope}} --allow-missing-template-keys=false',
  // --template alone prints each object as apply goes; an -o gathers them into one List.
  `apply -f d.yaml -f s.yaml --dry-run=client --validate=false --template='{{.kind}}{{"\\n"}}'`,
  'apply -f d.yaml -f s.yaml --dry-run=client --validate=false -o go-template --template={{.kind}}',
  `cluster-info dump --namespaces=empty --template='{{.kind}}{{"\\n"}}'`,
  'cluster-info dump --namespaces=empty -o jsonpath --template={.kind}',
  `cluster-info dump --namespaces=empty -o go-template='{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'`,
];

function comparable(r: { stdout: string; stderr: string; code: number }) {
  // An age in seconds may tick between the two runs.
  const fix = (s: string) => s.replace(/\b\d+s\b/g, 'Ns');
  return { stdout: fix(r.stdout), stderr: fix(r.stderr), code: r.code };
}

function files(dir: string): void {
  writeFileSync(join(dir, 'd.yaml'), DEPLOYMENT);
  writeFileSync(join(dir, 's.yaml'), SERVICE);
  writeFileSync(join(dir, 'rb.yaml'), BINDING);
  writeFileSync(join(dir, 'role.yaml'), ROLE);
  writeFileSync(join(dir, 'event.yaml'), EVENT);
}

describe('printing flags and --field-manager as real kubectl has them, without a server', { skip }, () => {
  let home: { home: string; dispose(): void };
  let dir: string;
  before(async () => {
    home = tempHome();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-pf-'));
    files(dir);
    // kubectl reads the kubeconfig kubectl-lite shows.
    writeFileSync(join(dir, 'kubeconfig'), (await runCli('config view --raw', { home: home.home })).stdout);
  });
  after(() => {
    home.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const line of LOCAL) {
    test(line, async () => {
      const argv = splitArgs(line);
      assert.deepEqual(await runCli(argv, { home: home.home, cwd: dir }), kubectlAlone(argv, dir));
    });
  }
  for (const line of CONFIG) {
    test(line, async () => {
      const argv = splitArgs(line);
      const r = spawnSync('kubectl', argv, { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig') } });
      assert.deepEqual(await runCli(argv, { home: home.home, cwd: dir }), { stdout: r.stdout, stderr: r.stderr, code: r.status });
    });
  }
});

describe('printing flags as real kubectl has them, served the objects kubectl-lite stores', { skip }, () => {
  let home: { home: string; dispose(): void };
  let dir: string;
  let oracle: Oracle;
  let reviewTime: string;
  before(async () => {
    home = tempHome();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-pf-'));
    files(dir);
    for (const line of ['create deployment web --image=nginx', 'create namespace empty', 'get pods', 'create -f event.yaml']) {
      assert.equal((await runCli(line, { home: home.home, cwd: dir })).code, 0, line);
    }
    const list = async (type: string) => (JSON.parse((await runCli(`get ${type} -o json --show-managed-fields`, { home: home.home })).stdout) as { items: KubeObject[] }).items;
    reviewTime = (await runCli(['auth', 'whoami', '-o', 'jsonpath={.metadata.creationTimestamp}'], { home: home.home })).stdout;
    // The SelfSubjectReview an API server answers whoami's POST with.
    const review = { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: reviewTime }, status: { userInfo: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] } } };
    const objects = [...(await list('deployments')), ...(await list('events')), ...(await list('nodes'))];
    oracle = await startOracle(objects, { documents: { '/apis/authentication.k8s.io/v1/selfsubjectreviews': review } });
  });
  after(async () => {
    home.dispose();
    await oracle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const line of SERVED) {
    test(line, async () => {
      const argv = splitArgs(line);
      const want = await oracle.kubectl(argv, {}, dir);
      // whoami stamps its review with the cluster's now: the one the oracle's review has.
      const now = line.startsWith('auth whoami') ? reviewTime : undefined;
      assert.deepEqual(comparable(await runCli(argv, { home: home.home, cwd: dir, now })), comparable(want));
    });
  }
});

describe('printing flags and field managers end to end', () => {
  let home: { home: string; dispose(): void };
  let dir: string;
  before(() => {
    home = tempHome();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-pf-'));
  });
  after(() => {
    home.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const cli = (line: string | string[]) => runCli(line, { home: home.home, cwd: dir });
  const managers = async (what: string) =>
    ((JSON.parse((await cli(`get ${what} -o json --show-managed-fields`)).stdout) as KubeObject).metadata.managedFields as Array<Record<string, unknown>>).map((m) => ({ manager: m.manager, operation: m.operation, fields: JSON.stringify(m.fieldsV1) }));

  test('label, annotate and set record the --field-manager given, else kubectl-label, kubectl-annotate, kubectl-set', async () => {
    assert.equal((await cli('create deployment web --image=nginx')).code, 0);
    assert.deepEqual(await cli('label deploy web tier=db --field-manager=labeller'), { stdout: 'deployment.apps/web labeled\n', stderr: '', code: 0 });
    assert.equal((await cli('label deploy web zone=a')).code, 0);
    assert.equal((await cli('annotate deploy web note=x --field-manager=noter')).code, 0);
    assert.equal((await cli('annotate deploy web other=y')).code, 0);
    assert.equal((await cli('set image deploy/web nginx=busybox --field-manager=imager')).code, 0);
    assert.equal((await cli('set env deploy/web A=B')).code, 0);
    const entries = await managers('deploy web');
    const entry = (manager: string) => entries.find((e) => e.manager === manager);
    assert.deepEqual({ ...entry('labeller'), fields: undefined }, { manager: 'labeller', operation: 'Update', fields: undefined });
    assert.match(entry('labeller')!.fields, /"f:labels":\{"f:tier":\{\}\}/);
    assert.match(entry('kubectl-label')!.fields, /"f:labels":\{"f:zone":\{\}\}/);
    assert.match(entry('noter')!.fields, /"f:annotations":\{.*"f:note":\{\}/);
    assert.match(entry('kubectl-annotate')!.fields, /"f:other":\{\}/);
    assert.match(entry('imager')!.fields, /"f:image":\{\}/);
    assert.match(entry('kubectl-set')!.fields, /"f:env":/);
  });

  test('-o yaml hides managedFields unless --show-managed-fields; --template alone means go-template', async () => {
    const hidden = await cli('label deploy web x=1 -o yaml');
    assert.equal(hidden.code, 0, hidden.stderr);
    assert.doesNotMatch(hidden.stdout, /managedFields/);
    const shown = await cli('annotate deploy web x=1 -o yaml --show-managed-fields --field-manager=shower');
    assert.match(shown.stdout, /managedFields:\n(.*\n)*  - apiVersion: apps\/v1\n    fieldsType: FieldsV1\n(.*\n)*    manager: shower\n    operation: Update\n/);
    assert.deepEqual(await cli(['set', 'env', 'deploy/web', 'C=D', '--template={{.metadata.name}}']), { stdout: 'web', stderr: '', code: 0 });
    const missing = await cli(['label', 'deploy', 'web', 'y=2', '-o', 'jsonpath={.nope}', '--allow-missing-template-keys=false']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: error executing jsonpath "\{\.nope\}": Error executing template: nope is not found/);
  });

  test('scale -o prints the object as it was read before the scale; the store has the new size', async () => {
    const r = await cli(['scale', 'deploy', 'web', '--replicas=4', '--template={{.spec.replicas}}']);
    assert.deepEqual(r, { stdout: '1', stderr: '', code: 0 });
    assert.equal((await cli(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout, '4');
    const yaml = await cli('scale deploy web --replicas=2 -o yaml --show-managed-fields');
    assert.match(yaml.stdout, /^apiVersion: apps\/v1\nkind: Deployment\n(.*\n)*  managedFields:\n(.*\n)*  replicas: 4\n/);
  });

  test('cluster-info dump: --template alone, templates written to .txt files, managedFields only with --show-managed-fields', async () => {
    const kinds = await cli(['cluster-info', 'dump', '--namespaces=default', '--template={{.kind}}{{"\\n"}}']);
    assert.equal(kinds.code, 0, kinds.stderr);
    assert.match(kinds.stdout, /^NodeList\nEventList\nReplicationControllerList\nServiceList\nDaemonSetList\nDeploymentList\nReplicaSetList\nPodList\n==== START logs for container/);
    assert.doesNotMatch((await cli('cluster-info dump --namespaces=default -o yaml')).stdout, /managedFields/);
    assert.match((await cli('cluster-info dump --namespaces=default -o yaml --show-managed-fields')).stdout, /\n    managedFields:\n    - apiVersion: v1\n/);
    const out = join(dir, 'dump');
    const r = await cli(['cluster-info', 'dump', '--namespaces=default', '--output-directory', out, '-o', 'jsonpath={.kind}']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(out, 'nodes.txt'), 'utf8'), 'NodeList');
    assert.ok(readdirSync(join(out, 'default')).includes('deployments.txt'));
    const bad = await cli(['cluster-info', 'dump', '--namespaces=default', '-o', 'go-template={{.nope}}', '--allow-missing-template-keys=false']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: error executing template "\{\{\.nope\}\}": .*map has no entry for key "nope"\n$/);
  });

  test('events: --show-managed-fields keeps the events\' managedFields; a failing template is printed, not an error', async () => {
    files(dir);
    assert.equal((await cli('create -f event.yaml')).code, 0);
    assert.doesNotMatch((await cli('events -o yaml')).stdout, /managedFields/);
    assert.match((await cli('events -o yaml --show-managed-fields')).stdout, /^apiVersion: v1\nitems:\n(.*\n)*    managedFields:\n(.*\n)*      manager: tester\n(.*\n)*kind: EventList\nmetadata: \{\}\n$/);
    const r = await cli(['events', '-o', 'go-template={{.nope}}', '--allow-missing-template-keys=false']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Error executing template: .*\n      template was:\n            \{\{\.nope\}\}\n/);
  });
});
