/**
 * `config set-cluster`, `set-credentials`, `delete-cluster`, `delete-user`, `get-clusters`,
 * `get-users`, `set`, `unset` and `view --raw/--flatten/--merge`: the same command lines run
 * through kubectl-lite and through the real kubectl on a temporary KUBECONFIG must print the same
 * (the config file's path aside), and leave configs that `config view` prints alike.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBin, splitArgs, tempHome, type Result } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';

/** kubectl-lite's default context, cluster and user, given to kubectl too so both configs start alike. */
const SETUP = (home: string) => [
  `config set-cluster lite --server=file://${home}/clusters/lite`,
  'config set-credentials lite',
  'config set-context lite --cluster=lite --user=lite',
  'config use-context lite',
];

const STEPS = [
  'config set-cluster prod --server=https://10.0.0.1:6443 --tls-server-name=api.example --proxy-url=http://proxy:3128',
  'config set-cluster prod --insecure-skip-tls-verify',
  'config set-cluster staging --server=https://10.0.0.2 --certificate-authority=CA --embed-certs',
  'config set-cluster staging --certificate-authority=CA --insecure-skip-tls-verify',
  'config set-cluster bad --embed-certs',
  'config set-cluster bad --embed-certs --certificate-authority=/nonexistent/ca.crt',
  'config set-cluster',
  'config set-credentials admin --token=secret-token',
  'config set-credentials admin --username=u --password=p',
  'config set-credentials admin --token=t --username=u',
  'config set-credentials certs --client-certificate=CA --client-key=CA --embed-certs',
  'config set-credentials certs --embed-certs',
  'config set-credentials oidc --auth-provider=oidc --auth-provider-arg=client-id=kube --auth-provider-arg=idp=x',
  'config set-credentials oidc --auth-provider-arg=idp-',
  'config set-credentials oidc --auth-provider-arg=broken',
  'config set-credentials plugin --exec-command=aws --exec-arg=eks --exec-arg=get-token --exec-env=A=1 --exec-env=B=2 --exec-api-version=client.authentication.k8s.io/v1beta1',
  'config set-credentials plugin --exec-env=A- --exec-provide-cluster-info',
  'config set-credentials plugin --exec-interactive-mode=Sometimes',
  'config set-context work --cluster=prod --user=admin --namespace=team',
  'config set clusters.prod.server https://10.0.0.9',
  'config set clusters.new.server https://10.0.0.3',
  'config set clusters.a.b.server https://dotted',
  'config set clusters.new.insecure-skip-tls-verify maybe',
  'config set users.admin.client-key-data aGVsbG8=',
  'config set users.admin.client-key-data !!!',
  'config set users.raw.client-key-data hello --set-raw-bytes',
  'config set users.plugin.exec.command x',
  'config set contexts.work.namespace other',
  'config set contexts.work.nope v',
  'config set preferences.colors true',
  'config set nope.x y',
  'config set current-context',
  'config unset contexts.work.namespace',
  'config unset clusters.missing.server',
  'config unset contexts.missing',
  'config unset users.raw',
  'config unset nope',
  'config get-clusters',
  'config get-users',
  'config get-contexts',
  // Those asked for, sorted; the missing ones one error each, after (bare when several).
  'config get-contexts work lite',
  'config get-contexts nope work other',
  'config get-contexts nope',
  'config get-contexts work nope -o name',
  'config get-contexts -o wide',
  'config view oops',
  'config view',
  'config view --raw',
  'config view --raw -o json',
  'config view --flatten',
  'config view --minify --context=work -o json',
  'config view --merge=false',
  'config delete-cluster new',
  'config delete-cluster new',
  'config delete-user raw',
  'config delete-user',
  'config unset current-context',
  'config view -o jsonpath={.current-context}',
];

describe('config set-cluster, set-credentials, set, unset, delete-*, get-*, view (against kubectl)', { skip: kubectlAvailable() ? false : SKIP_NO_KUBECTL }, () => {
  let home: string;
  let dispose: () => void;
  let dir: string;
  before(() => {
    ({ home, dispose } = tempHome());
    dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-kubeconfig-'));
    writeFileSync(join(dir, 'ca.crt'), 'CERT DATA\n');
  });
  after(() => {
    dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const kubeconfig = () => join(dir, 'config');
  const words = (line: string) => splitArgs(line.replaceAll('CA', join(dir, 'ca.crt')));
  const kubectl = (line: string): Result => {
    const r = spawnSync('kubectl', words(line), { encoding: 'utf8', cwd: dir, env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig() } });
    return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
  };
  const lite = (line: string): Result => runBin(words(line), { home, cwd: dir });
  /** The config file's path and kubectl's help text (printed before a usage error) set aside. */
  const comparable = (r: Result, file: string): Result => ({
    stdout: r.stdout.startsWith('Set ') || r.stdout.startsWith('Delete ') || r.stdout.startsWith('Unset ') ? '' : r.stdout.replaceAll(file, 'FILE'),
    // kubectl prints Go pointers in one message: `map[lite:0xc0002e5950 ...]`.
    stderr: r.stderr.replaceAll(file, 'FILE').replace(/kubectl(-lite)? config/g, 'kubectl config').replace(/:0x[0-9a-f]+/g, ''),
    code: r.code,
  });

  test('every step prints what kubectl prints and leaves the same config', () => {
    for (const line of SETUP(home)) {
      assert.equal(kubectl(line).code, 0, line);
      assert.equal(lite(line).code, 0, line);
    }
    for (const line of STEPS) {
      const want = comparable(kubectl(line), kubeconfig());
      const got = comparable(lite(line), join(home, 'config.json'));
      // kubectl lists clusters and users in Go's map order (random); kubectl-lite sorts them.
      if (/get-(clusters|users)/.test(line)) want.stdout = [...want.stdout.split('\n').slice(0, 1), ...want.stdout.split('\n').slice(1, -1).sort(), ''].join('\n');
      assert.deepEqual(got, want, line);
    }
  });

  test('a certificate path is kept absolute, resolved from the working directory', () => {
    const r = lite('config set-cluster rel --certificate-authority=ca.crt');
    assert.equal(r.stdout, 'Cluster "rel" set.\n');
    const view = JSON.parse(lite('config view -o json').stdout) as { clusters: Array<{ name: string; cluster: Record<string, unknown> }> };
    assert.equal(view.clusters.find((c) => c.name === 'rel')?.cluster['certificate-authority'], join(dir, 'ca.crt'));
  });
});

describe('config contexts name users and clusters kubectl-lite runs', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('a context with --user shows it; its credentials are what the simulated cluster it names authenticates', () => {
    assert.equal(runBin('config set-credentials dev --token=abc', { home }).stdout, 'User "dev" set.\n');
    assert.equal(runBin('config set-context lite --user=dev', { home }).stdout, 'Context "lite" modified.\n');
    assert.equal(runBin('config get-contexts', { home }).stdout, 'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n*         lite   lite      dev        \n');
    // A token the cluster never issued is no one's, as a real API server answers it.
    assert.deepEqual(runBin('get ns default -o name', { home }), { stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)\n', code: 1 });
    assert.equal(runBin('config unset users.dev.token', { home }).stdout, 'Property "users.dev.token" unset.\n');
    assert.equal(runBin('get ns default -o name', { home }).stdout, 'namespace/default\n');
    assert.equal(runBin('config get-users', { home }).stdout, 'NAME\ndev\n');
  });

  test('an emptied config prints null lists, as kubectl', () => {
    assert.equal(runBin('config unset contexts', { home }).stdout, 'Property "contexts" unset.\n');
    assert.equal(runBin('config unset users', { home }).stdout, 'Property "users" unset.\n');
    const v = runBin('config view', { home });
    assert.match(v.stdout, /^apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: lite\nkind: Config\npreferences: \{\}\nusers: null\n$/);
  });
});
