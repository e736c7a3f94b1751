import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runBin, runCli, tempHome } from '../helpers/cli.js';

describe('config contexts', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('a fresh home has one context, current', async () => {
    const r = await runCli('config current-context', { home });
    assert.deepEqual(r, { stdout: 'lite\n', stderr: '', code: 0 });
    const g = await runCli('config get-contexts', { home });
    assert.equal(g.stdout, 'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n*         lite   lite      lite       \n');
  });

  test('set-context --current --namespace changes the default namespace of later commands', async () => {
    const r = await runCli('config set-context --current --namespace=dev', { home });
    assert.deepEqual(r, { stdout: 'Context "lite" modified.\n', stderr: '', code: 0 });
    const y = await runCli('config view', { home });
    assert.match(y.stdout, /\n- context:\n    cluster: lite\n    namespace: dev\n    user: lite\n  name: lite\n/);
  });

  test('use-context, rename-context, delete-context with kubectl messages', async () => {
    assert.equal((await runCli('config set-context other --cluster=lite', { home })).stdout, 'Context "other" created.\n');
    assert.equal((await runCli('config use-context other', { home })).stdout, 'Switched to context "other".\n');
    const nope = await runCli('config use-context nope', { home });
    assert.deepEqual(nope, { stdout: '', stderr: 'error: no context exists with the name: "nope"\n', code: 1 });
    assert.equal((await runCli('config rename-context other o2', { home })).stdout, 'Context "other" renamed to "o2".\n');
    assert.equal((await runCli('config current-context', { home })).stdout, 'o2\n');
    const del = await runCli('config delete-context o2', { home });
    assert.equal(del.code, 0);
    assert.match(del.stdout, /^deleted context o2 from .*config\.json\n$/);
    assert.equal(del.stderr, 'warning: this removed your active context, use "kubectl config use-context" to select a different one\n');
    const missing = await runCli('config get-contexts x', { home });
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'error: context x not found\n');
  });
});

describe('verbs a simulated cluster answers simply', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('cluster-info names the control plane and the help line', async () => {
    const r = runBin('cluster-info', { home });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Kubernetes control plane is running at file:\/\/.*\n/);
    assert.ok(r.stdout.endsWith("\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"));
  });

  test('auth can-i says yes (cluster-admin)', async () => {
    assert.deepEqual(await runCli('auth can-i create pods', { home }), { stdout: 'yes\n', stderr: '', code: 0 });
    assert.equal((await runCli('auth can-i delete deployments -q', { home })).stdout, '');
  });

  test('debug of a static pod is refused as the API server refuses it', () => {
    assert.deepEqual(runBin('debug -n kube-system etcd-lite-control-plane --image=busybox --profile=general -c d', { home }), {
      stdout: '',
      stderr: 'The Pod "etcd-lite-control-plane" is invalid: : Forbidden: static pods do not support ephemeral containers\n',
      code: 1,
    });
  });

  test('port-forward and attach find their pod first, as kubectl does: a missing one is NotFound', () => {
    assert.deepEqual(runBin('port-forward svc/web 8080:80', { home }), { stdout: '', stderr: 'Error from server (NotFound): services "web" not found\n', code: 1 });
    assert.deepEqual(runBin('attach web', { home }), { stdout: '', stderr: 'Error from server (NotFound): pods "web" not found\n', code: 1 });
  });
});

describe('--context on any verb', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('a verb talks to the named context\'s cluster and namespace, leaving the current one alone', async () => {
    assert.equal((await runCli('cluster create second --static', { home })).code, 0);
    assert.equal((await runCli('config current-context', { home })).stdout, 'second\n');
    assert.equal((await runCli('create namespace team --context second', { home })).code, 0);
    assert.equal((await runCli('config set-context second-team --cluster=second --namespace=team', { home })).code, 0);
    assert.equal((await runCli('create configmap only-in-team --from-literal=a=b --context second-team', { home })).code, 0);
    assert.deepEqual(await runCli('get configmap only-in-team -o name --context second-team', { home }), { stdout: 'configmap/only-in-team\n', stderr: '', code: 0 });
    // The default cluster never saw it, and the current context is unchanged.
    assert.equal((await runCli('get configmap only-in-team -n team --context lite', { home })).stderr, 'Error from server (NotFound): configmaps "only-in-team" not found\n');
    assert.equal((await runCli('config current-context', { home })).stdout, 'second\n');
    // client-go's check of the configuration (kubectl v1.32 with a kubeconfig of the same contexts).
    assert.equal((await runCli('get pods --context nope', { home })).stderr, 'Error in configuration: context was not found for specified context: nope\n');
    assert.equal((await runCli('get pods --cluster nope', { home })).stderr, 'error: no server found for cluster "nope"\n');
    assert.equal((await runCli('get pods --user nope', { home })).stderr, 'error: auth info "nope" does not exist\n');
    assert.equal((await runCli('get pods --context nope --cluster nope', { home })).stderr, 'Error in configuration: \n* context was not found for specified context: nope\n* no server found for cluster "nope"\n');
    assert.equal((await runCli('get pods --certificate-authority /nope', { home })).stderr, 'error: unable to read certificate-authority /nope for second due to open /nope: no such file or directory\n');
    assert.equal((await runCli('get pods --token x --username a', { home })).stderr, 'error: more than one authentication method found for second; found [token basicAuth], only one is allowed\n');
    // --cluster picks the cluster the context's user and namespace go to.
    assert.deepEqual(await runCli('get configmap only-in-team -o name -n team --cluster second --context lite', { home }), { stdout: 'configmap/only-in-team\n', stderr: '', code: 0 });
  });
});
