/**
 * -k DIR end to end, through the built binary: apply -k creates what the kustomization builds
 * (generated names with their hash suffix, references rewritten), get/describe/diff/delete -k
 * find the same objects, and -k's flag checks and errors read as kubectl's.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBin, runCli, tempHome } from '../helpers/cli.js';

describe('-k DIR', () => {
  const home = tempHome();
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-k-'));
  before(() => {
    mkdirSync(join(dir, 'app'));
    writeFileSync(
      join(dir, 'app', 'kustomization.yaml'),
      'namespace: shop\nnamePrefix: dev-\nlabels:\n- pairs: {app: web}\n  includeSelectors: true\nresources:\n- ns.yaml\n- web.yaml\nconfigMapGenerator:\n- name: settings\n  literals: [MODE=prod]\nimages:\n- name: nginx\n  newTag: "1.27"\n',
    );
    writeFileSync(join(dir, 'app', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
    writeFileSync(
      join(dir, 'app', 'web.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        envFrom: [{configMapRef: {name: settings}}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n',
    );
  });
  after(() => {
    home.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('apply -k, then get and describe see what it built', () => {
    const applied = runBin(['apply', '-k', 'app'], { home: home.home, cwd: dir });
    assert.equal(applied.stderr, '');
    assert.equal(applied.code, 0);
    assert.equal(
      applied.stdout,
      'namespace/shop created\nconfigmap/dev-settings-2h42td9ggm created\nservice/dev-web created\ndeployment.apps/dev-web created\n',
    );
    const got = runBin(['get', '-k', 'app', '-o', 'name'], { home: home.home, cwd: dir });
    assert.equal(got.stdout, 'namespace/shop\nconfigmap/dev-settings-2h42td9ggm\nservice/dev-web\ndeployment.apps/dev-web\n');
    const image = runBin(['get', 'deployment', 'dev-web', '-n', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].envFrom[0].configMapRef.name} {.spec.selector.matchLabels.app}'], { home: home.home });
    assert.equal(image.stdout, 'nginx:1.27 dev-settings-2h42td9ggm web');
    const pods = runBin(['get', 'pods', '-n', 'shop', '-l', 'app=web', '-o', 'name'], { home: home.home });
    assert.equal(pods.stdout.trim().split('\n').length, 2, pods.stdout);
    const described = runBin(['describe', '-k', 'app'], { home: home.home, cwd: dir });
    assert.equal(described.code, 0, described.stderr);
    assert.match(described.stdout, /^Name:\s+dev-settings-2h42td9ggm$/m);
  });

  test('apply -k again is unchanged; diff -k finds nothing to change', () => {
    const again = runBin(['apply', '-k', 'app'], { home: home.home, cwd: dir });
    assert.equal(again.stdout, 'namespace/shop unchanged\nconfigmap/dev-settings-2h42td9ggm unchanged\nservice/dev-web unchanged\ndeployment.apps/dev-web unchanged\n');
    const diff = runBin(['diff', '-k', 'app'], { home: home.home, cwd: dir });
    assert.equal(diff.code, 0, diff.stderr);
    assert.equal(diff.stdout, '');
  });

  test('delete -k removes it all', () => {
    const deleted = runBin(['delete', '-k', 'app'], { home: home.home, cwd: dir });
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /^namespace "shop" deleted$/m);
    assert.match(deleted.stdout, /^deployment.apps "dev-web" deleted$/m);
    const left = runBin(['get', 'deployments', '-n', 'shop', '-o', 'name'], { home: home.home });
    assert.equal(left.stdout, '');
  });

  test('-k with -f or -R, and a kustomization that does not build: kubectl\'s errors, nothing written', async () => {
    const both = await runCli(['apply', '-k', 'app', '-f', 'app/web.yaml'], { home: home.home, cwd: dir });
    assert.deepEqual([both.stderr, both.code], ['error: only one of -f or -k can be specified\n', 1]);
    const recursive = await runCli(['create', '-k', 'app', '-R'], { home: home.home, cwd: dir });
    assert.deepEqual([recursive.stderr, recursive.code], ["error: the -k flag can't be used with -f or -R\n", 1]);
    const missing = await runCli(['apply', '-k', 'nowhere'], { home: home.home, cwd: dir });
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `error: must build at directory: not a valid directory: evalsymlink failure on 'nowhere' : lstat ${join(dir, 'nowhere')}: no such file or directory\n`);
    const none = await runCli(['get', 'configmaps', '-A', '-o', 'name'], { home: home.home });
    assert.doesNotMatch(none.stdout, /dev-settings/);
  });

  test('kustomize -o FILE writes the build there; plugin flags are refused by name', async () => {
    const out = join(dir, 'out.yaml');
    const r = await runCli(['kustomize', 'app', '-o', out], { home: home.home, cwd: dir });
    assert.deepEqual([r.stdout, r.code], ['', 0]);
    const printed = await runCli(['kustomize', join(dir, 'app')], { home: home.home });
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(out, 'utf8'), printed.stdout);
    const remote = await runCli(['kustomize', 'https://github.com/example/app//config?ref=v1'], { home: home.home, cwd: dir });
    assert.equal(remote.code, 1);
    assert.match(remote.stderr, /^E\d{4} [\d:.]+ +\d+ run\.go:72\] "command failed" err="remote kustomization 'https:\/\/github\.com\/example\/app\/\/config\?ref=v1' is not supported by kubectl-lite \(fetch it and build the local copy\)"\n$/);
    const helm = await runCli(['kustomize', 'app', '--enable-helm'], { home: home.home, cwd: dir });
    assert.deepEqual([helm.stderr, helm.code], ['error: --enable-helm is not supported by kubectl-lite (no plugins, functions or Helm charts)\n', 1]);
  });
});
