/**
 * Issue 14 items 1 and 3 on the generator verbs (every `create <generator>`, `run`, `expose`,
 * `autoscale`) and plain `create -f`: kubectl's printing flags --template,
 * --allow-missing-template-keys and --show-managed-fields, and run's -f/-k (accepted and unused).
 * Real kubectl builds these objects itself with --dry-run=client (the oracle serves discovery and
 * the Deployment expose and autoscale read), so its output and errors are the exact expectation;
 * managedFields need a write, so they are checked end to end.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, splitArgs, staticCluster, tempHome } from '../helpers/cli.js';
import { comparable, kubectlAvailable, oracleFixture, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { DEPLOYMENT } from '../helpers/manifests.js';

const MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata: {name: one, labels: {app: x}}
data: {k: v}
---
apiVersion: v1
kind: Service
metadata: {name: two}
spec: {ports: [{port: 80}]}
`;

/** Every generator kubectl has (but `create token`, which needs a server to POST to), with --dry-run=client. */
const GENERATORS = [
  'create clusterrole cr --verb=get --resource=pods',
  'create clusterrolebinding crb --clusterrole=view --user=u',
  'create configmap cm --from-literal=a=b',
  'create cronjob cj --image=busybox --schedule=*/5_*_*_*_*',
  'create deployment dep --image=nginx',
  'create ingress ing --rule=a.com/=svc:80',
  'create job j --image=busybox',
  'create namespace ns',
  'create poddisruptionbudget pdb --selector=app=x --min-available=1',
  'create priorityclass pc --value=10',
  'create quota q --hard=pods=2',
  'create role r --verb=get --resource=pods',
  'create rolebinding rb --role=r --user=u',
  'create secret docker-registry reg --docker-username=u --docker-password=p',
  'create secret generic sec --from-literal=a=b',
  'create secret tls tls --cert=tls.crt --key=tls.key',
  'create service clusterip cip --tcp=80',
  'create service externalname ext --external-name=example.com',
  'create service loadbalancer lb --tcp=80',
  'create service nodeport np --tcp=80',
  'create serviceaccount sa',
  'run pod --image=nginx',
  'expose deployment d --port=80',
  'autoscale deployment d --max=3',
].map((l) => `${l} --dry-run=client`);

/** The printing flags on each generator: the first two on all of them, the others on a few. */
const ON_ALL = [
  '-o go-template --template={{.kind}}/{{.metadata.name}}',
  '-o go-template --template={{.nope}} --allow-missing-template-keys=false',
];
const ON_SOME = [
  '--template={{.apiVersion}}',
  '-o go-template --template={{.nope}}',
  '-o jsonpath --template={.metadata.name}',
  '-o jsonpath --template={.nope} --allow-missing-template-keys=false',
  '-o jsonpath={.nope} --allow-missing-template-keys=false',
  '-o jsonpath --template={.nope}',
  '-o jsonpath-as-json --template={.metadata}',
  '-o go-template-file --template=t.tmpl',
  '-o jsonpath-file --template=t.jsonpath',
  '-o templatefile --template=missing.tmpl',
  '-o yaml --template={{.kind}}',
  '-o name --template={{.kind}}',
  '-o go-template',
  '--template={{.metadata.name}} --allow-missing-template-keys=false -o go-template={{.nope}}',
];
const SOME = ['create configmap', 'create deployment', 'create role', 'run', 'expose', 'autoscale'];

/** create -f (kubectl reads the files as unstructured objects): one object, several, and errors. */
const CREATE_F = [
  'create -f cm.yaml --dry-run=client --template={{.metadata.name}}',
  'create -f all.yaml --dry-run=client -o go-template --template={{.kind}}:{{.metadata.name}};',
  'create -f all.yaml --dry-run=client -o jsonpath --template={.metadata.name}',
  'create -f all.yaml --dry-run=client -o go-template --template={{.spec.ports}} --allow-missing-template-keys=false',
  'create -f all.yaml --dry-run=client -o jsonpath --template={.spec.ports} --allow-missing-template-keys=false',
  'create -f cm.yaml --dry-run=client -o go-template-file --template=t.tmpl',
  'create -f cm.yaml --dry-run=client -o yaml --show-managed-fields',
  'create -f cm.yaml --dry-run=client -o json --show-managed-fields=false',
].map((l) => `${l} --validate=false`);

/**
 * An -o the verb has no printer for, or a template it cannot read or parse: kubectl's Complete
 * fails before anything is validated or sent (no --dry-run here: nothing may be written). And a
 * TLS key that cannot be read.
 */
const REFUSED = [
  'create configmap bad --from-literal=a=b -o wide',
  'create configmap bad -o custom-columns=A:.a',
  'create deployment bad --image=nginx -o go-template-file --template=nofile',
  'create role bad -o go-template --template={{.a',
  'create secret generic bad -o jsonpath --template={.a',
  'create namespace bad -o jsonpath',
  'create token sa -o go-template',
  'create deployment -o wide',
  'run bad --image=nginx -o wide',
  'run -o custom-columns --image=nginx',
  'expose deployment d --port=80 --name=bad -o custom-columns=A:.a',
  'autoscale deployment d --max=0 -o wide',
  // autoscale builds its printer only after the HPA is made (and created, without --dry-run).
  'autoscale deployment d --max=3 --dry-run=client -o wide',
  'create -f cm.yaml -o wide',
  'create -f cm.yaml -o jsonpath-file --template=nofile',
  'create secret tls bad --cert=tls.crt --key=nofile -o name',
];

/** run --expose prints the Service and the Pod as kubectl does, and goes on to the Pod past a Service it cannot print. */
const RUN_EXPOSE = [
  'run x --image=nginx --port=80 --expose --dry-run=client -o yaml',
  'run x --image=nginx --port=80 --expose --dry-run=client -o json',
  'run x --image=nginx --port=80 --expose --dry-run=client --template={{.kind}}',
  'run x --image=nginx --port=80 --expose --dry-run=client -o go-template={{.spec.containers}} --allow-missing-template-keys=false',
  'run x --image=nginx --port=80 --expose --dry-run=client -o jsonpath={.spec.selector} --allow-missing-template-keys=false',
  'run x --image=nginx --port=80 --expose --dry-run=client -o go-template={{.nope}} --allow-missing-template-keys=false',
];

/** run declares kubectl's deletion -f/-R/-k (for the Pod --rm deletes), which kubectl never reads. */
const RUN_FILES = [
  'run x --image=nginx --dry-run=client -k kdir -o name',
  'run x --image=nginx --dry-run=client -k missing-dir -o yaml',
  'run x --image=nginx --dry-run=client --kustomize=kdir -f cm.yaml -R -o name',
];

describe('printing flags on the generators and create -f as kubectl has them', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const files = { 'deploy.yaml': DEPLOYMENT, 'all.yaml': MANIFESTS, 'cm.yaml': MANIFESTS.split('---\n')[0]!, 't.tmpl': '{{.kind}} {{.metadata.name}}\n', 't.jsonpath': '{.kind} {.metadata.name}\n', 'kdir/kustomization.yaml': 'resources:\n- ../cm.yaml\n' };
  // The oracle serves the Deployment expose and autoscale read as kubectl-lite stores it.
  const fx = oracleFixture(files, ['deploy.yaml'], ['deployment/d']);
  before(async () => {
    // A certificate and key for `create secret tls` (serve's, made with node:crypto and node-forge).
    const { ensureCredentials } = await import('../../src/serve/tls.js');
    const creds = await ensureCredentials(join(fx.dir, 'certs'), '127.0.0.1');
    writeFileSync(join(fx.dir, 'tls.crt'), creds.serverCert);
    writeFileSync(join(fx.dir, 'tls.key'), creds.serverKey);
  });

  const lines: string[] = [];
  for (const gen of GENERATORS) {
    for (const flags of ON_ALL) lines.push(`${gen} ${flags}`);
    if (SOME.some((s) => gen.startsWith(`${s} `))) for (const flags of ON_SOME) lines.push(`${gen} ${flags}`);
  }
  for (const line of [...lines, ...CREATE_F, ...RUN_EXPOSE, ...RUN_FILES, ...REFUSED]) {
    test(line, async () => {
      const argv = splitArgs(line).map((a) => a.replace(/_/g, ' '));
      const want = comparable(await fx.oracle.kubectl(argv, {}, fx.dir), 'kubectl');
      const got = comparable(await runCli(argv, { home: fx.home, cwd: fx.dir }), 'kubectl-lite');
      if (REFUSED.includes(line)) assert.equal(want.code, 1, 'kubectl refuses it');
      assert.deepEqual(got, want);
    });
  }
  test('nothing was written by the refused command lines', async () => {
    const r = await runCli(['get', 'configmaps,deployments,roles,secrets,namespaces,pods,services,horizontalpodautoscalers', '-o', 'name'], { home: fx.home });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /\/(bad|cm|d-)/);
    assert.match(r.stdout, /^deployment\.apps\/d$/m);
  });
});

describe('--show-managed-fields and --template on objects written to the store', () => {
  let home: string;
  let dispose: () => void;
  let dir: string;
  before(async () => {
    ({ home, dispose } = tempHome());
    await staticCluster(home);
    dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-printflags-'));
    writeFileSync(join(dir, 'all.yaml'), MANIFESTS);
  });
  after(() => {
    dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('create -f --show-managed-fields -o yaml shows the managedFields the create recorded; without the flag they are hidden', async () => {
    const shown = await runCli(['create', '-f', 'all.yaml', '--show-managed-fields', '-o', 'yaml'], { home, cwd: dir });
    assert.equal(shown.code, 0, shown.stderr);
    const docs = shown.stdout.split('---\n');
    assert.equal(docs.length, 2, 'one YAML document per object, `---` between them');
    assert.match(docs[0]!, /\n {2}managedFields:\n {2}- apiVersion: v1\n {4}fieldsType: FieldsV1\n {4}fieldsV1:\n {6}f:data:\n {8}\.: \{\}\n {8}f:k: \{\}\n {6}f:metadata:\n {8}f:labels:\n {10}\.: \{\}\n {10}f:app: \{\}\n {4}manager: kubectl-create\n {4}operation: Update\n {4}time: "[-\dT:]+Z"\n {2}name: one\n/);
    assert.match(docs[1]!, /\n {4}manager: kubectl-create\n {4}operation: Update\n/);
    const stored = await runCli(['get', 'configmap', 'one', '-o', 'json', '--show-managed-fields'], { home });
    const managed = JSON.parse(stored.stdout).metadata.managedFields;
    assert.equal(managed.length, 1);
    assert.equal(managed[0].manager, 'kubectl-create');

    const hidden = await runCli(['create', 'configmap', 'c2', '--from-literal=a=b', '-o', 'yaml'], { home });
    assert.equal(hidden.code, 0, hidden.stderr);
    assert.doesNotMatch(hidden.stdout, /managedFields/);
    const json = await runCli(['create', 'configmap', 'c3', '--from-literal=a=b', '-o', 'json', '--show-managed-fields', '--field-manager=mine'], { home });
    assert.equal(JSON.parse(json.stdout).metadata.managedFields[0].manager, 'mine');
    const plain = await runCli(['create', '-f', 'all.yaml', '--dry-run=server', '-o', 'json', '-l', 'app=x', '--show-managed-fields=false'], { home, cwd: dir });
    assert.equal(plain.code, 1, 'the ConfigMap exists already');
  });

  test('create -f --template prints each created object through the template', async () => {
    const r = await runCli(['create', '-f', 'all.yaml', '-n', 'other', '--template={{.metadata.namespace}}/{{.metadata.name}} '], { home, cwd: dir });
    assert.equal(r.code, 1, 'the namespace does not exist');
    await runCli(['create', 'namespace', 'other'], { home });
    const ok = await runCli(['create', '-f', 'all.yaml', '-n', 'other', '--template={{.metadata.namespace}}/{{.metadata.name}} '], { home, cwd: dir });
    assert.deepEqual(ok, { stdout: 'other/one other/two ', stderr: '', code: 0 });
  });

  test('create token prints the TokenRequest through --template and fails on a missing key when told to', async () => {
    assert.equal((await runCli(['create', 'serviceaccount', 'robot'], { home })).code, 0);
    const r = await runCli(['create', 'token', 'robot', '--duration=2h', '--template={{.spec.expirationSeconds}} {{index .spec.audiences 0}}'], { home });
    assert.deepEqual(r, { stdout: '7200 https://kubernetes.default.svc.cluster.local', stderr: '', code: 0 });
    const jp = await runCli(['create', 'token', 'robot', '-o', 'jsonpath', '--template={.status.nope}', '--allow-missing-template-keys=false'], { home });
    assert.equal(jp.code, 1);
    assert.match(jp.stderr, /^error: error executing jsonpath "\{\.status\.nope\}": Error executing template: nope is not found\./);
  });

  test('generators written to the store: --show-managed-fields shows the manager kubectl sends (run, expose)', async () => {
    const run = await runCli(['run', 'p', '--image=nginx', '--show-managed-fields', '-o', 'yaml'], { home });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\n {4}manager: kubectl-run\n {4}operation: Update\n/);
    const expose = await runCli(['expose', 'pod', 'p', '--port=80', '--show-managed-fields', '--template={{range .metadata.managedFields}}{{.manager}} {{.operation}}{{end}}'], { home });
    assert.deepEqual(expose, { stdout: 'kubectl-expose Update', stderr: '', code: 0 });
  });
});
