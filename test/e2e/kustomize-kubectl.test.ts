/**
 * kubectl-lite kustomize against the real `kubectl kustomize` (which builds without a server):
 * the same bytes on stdout, the same deprecation notes and errors on stderr, the same exit code.
 * Kustomizations under test/golden/kustomize cover every feature built in; kustomizations
 * written here over the projects in ../shared/corpus check real-world manifests.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO_ROOT, runCli, SHARED, skipWithoutShared, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';

const FIXTURES = join(REPO_ROOT, 'test', 'golden', 'kustomize');

/** kubectl kustomize reports a failed build through klog (time, pid) and Go pointers: those parts are left out. */
function normalizeErr(s: string): string {
  return s.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ run\.go:72\] /gm, 'E ').replace(/ &\{0x[0-9a-f]+ <nil>\}:/g, ':');
}

const home = tempHome();
after(() => home.dispose());

async function compare(dir: string, expectOk?: boolean): Promise<void> {
  const real = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (expectOk !== undefined) assert.equal(real.status === 0, expectOk, `kubectl kustomize ${dir}: ${real.stderr}`);
  const ours = await runCli(['kustomize', dir], { home: home.home });
  assert.equal(normalizeErr(ours.stderr), normalizeErr(real.stderr), `stderr of kustomize ${dir}`);
  assert.equal(ours.stdout, real.stdout, `stdout of kustomize ${dir}`);
  assert.equal(ours.code, real.status, `exit code of kustomize ${dir}`);
}

describe('kustomize: byte-identical to kubectl kustomize', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const cases: Array<[string, boolean]> = [
    // resources, bases, generators (literals, env files, files, binary data), generatorOptions, commonLabels, name refs
    ['shop/base', true],
    // overlay: namespace, suffix, component, labels with includeTemplates, annotations, images, replicas,
    // generator merge/replace, disableNameSuffixHash, patches (file, inline, JSON 6902, target by regex name,
    // labelSelector, annotationSelector), patchesJson6902, patchesStrategicMerge
    ['shop/overlay', true],
    // RBAC subjects, resourceNames, PVC/StorageClass/PriorityClass refs, webhook service refs, custom kinds,
    // $patch: delete, target by namespace, YAML scalars (yes, octal, anchors, long strings), sortOptions fifo
    ['misc/a', true],
    // a base renamed again, labels with custom fields, generator namespace, secret files and env files
    ['misc/b', true],
    // env files and literals with keys kustomize does not check
    ['misc/odd-keys', true],
    // strategic merge as kyaml merges: the patch's list elements first, custom kinds' lists replaced
    ['misc/list-merge', true],
    // images with a registry port, TLS secret from files, $patch: replace, a custom kind's template annotations
    ['misc/images-tls', true],
    // a JSON patch renaming its target; a target that selects nothing
    ['misc/json-rename', true],
    // sortOptions with legacySortOptions' own lists; ties broken by group, version, namespace, name
    ['misc/custom-order', true],
    // the same base twice: duplicate ids
    ['misc/c', false],
    ['errors/missing-resource', false],
    ['errors/unknown-field', false],
    ['errors/patch-no-target', false],
    ['errors/outside-root', false],
    ['errors/merge-missing', false],
    ['errors/not-a-component', false],
    ['errors/nameless', false],
    ['errors/bad-yaml', false],
  ];
  for (const [dir, ok] of cases) test(dir, () => compare(join(FIXTURES, dir), ok));

  test('a directory without a kustomization, and one that does not exist', async () => {
    await compare(join(FIXTURES, 'errors'), false);
    await compare(join(FIXTURES, 'no-such-dir'), false);
  });

  test('the directory is quoted as written; get and describe -k print a build that fails bare, as an error of their visit', async () => {
    for (const args of [['kustomize', 'no-such-dir'], ['get', '-k', 'no-such-dir'], ['describe', '-k', 'errors'], ['apply', '-k', 'no-such-dir']]) {
      const real = spawnSync('kubectl', args, { encoding: 'utf8', cwd: FIXTURES, env: { PATH: process.env.PATH, HOME: home.home } });
      const ours = await runCli(args, { home: home.home, cwd: FIXTURES });
      assert.deepEqual([normalizeErr(ours.stderr), ours.stdout, ours.code], [normalizeErr(real.stderr), real.stdout, real.status], args.join(' '));
    }
  });
});

/** Copies the corpus files of `from` into a fresh directory with the given kustomization. */
function project(from: string[], kustomization: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-kustomize-'));
  for (const src of from) {
    for (const f of readdirSync(src)) if (/\.ya?ml$/.test(f)) copyFileSync(join(src, f), join(dir, f));
  }
  writeFileSync(join(dir, 'kustomization.yaml'), kustomization);
  for (const [name, text] of Object.entries(extra)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('kustomize: corpus projects, as kubectl kustomize builds them', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const made: string[] = [];
  after(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  test('cli-runtime artifacts (nameprefix spelled in lower case)', { skip: skipWithoutShared('corpus', 'cli-runtime-artifacts', 'artifacts', 'kustomization') }, () =>
    compare(join(SHARED, 'corpus', 'cli-runtime-artifacts', 'artifacts', 'kustomization'), true));

  test('metrics-server: base with selector labels, high-availability and autoscale components', { skip: skipWithoutShared('corpus', 'metrics-server', 'manifests') }, async () => {
    const m = join(SHARED, 'corpus', 'metrics-server', 'manifests');
    const dir = project([join(m, 'base')], 'resources:\n- apiservice.yaml\n- rbac.yaml\n- deployment.yaml\n- service.yaml\nlabels:\n- includeSelectors: true\n  pairs:\n    k8s-app: metrics-server\nnamespace: kube-system\n');
    made.push(dir);
    await compare(dir, true);
    const overlay = project([], 'resources:\n- base\ncomponents:\n- ha\n- autoscale\nimages:\n- name: registry.k8s.io/metrics-server/metrics-server\n  newTag: v0.7.2\n', {
      'ha/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- pdb.yaml\nreplicas:\n- name: metrics-server\n  count: 2\n',
      'autoscale/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- rbac.yaml\n',
    });
    made.push(overlay);
    copyFileSync(join(m, 'components', 'high-availability', 'pdb.yaml'), join(overlay, 'ha', 'pdb.yaml'));
    copyFileSync(join(m, 'components', 'autoscale', 'rbac.yaml'), join(overlay, 'autoscale', 'rbac.yaml'));
    rmSync(join(overlay, 'base'), { recursive: true, force: true });
    const { cpSync } = await import('node:fs');
    cpSync(dir, join(overlay, 'base'), { recursive: true });
    await compare(overlay, true);
  });

  test('podinfo: namespace, prefix, commonLabels, images, replicas', { skip: skipWithoutShared('corpus', 'podinfo', 'kustomize') }, async () => {
    const dir = project(
      [join(SHARED, 'corpus', 'podinfo', 'kustomize')],
      'namespace: test\nnamePrefix: dev-\ncommonLabels:\n  env: dev\nresources:\n- deployment.yaml\n- service.yaml\n- hpa.yaml\nimages:\n- name: ghcr.io/stefanprodan/podinfo\n  newTag: 6.7.0\nreplicas:\n- name: podinfo\n  count: 3\n',
    );
    made.push(dir);
    await compare(dir, true);
  });

  test('microservices-demo components: network policies, OpenTelemetry collector, shopping assistant', { skip: skipWithoutShared('corpus', 'gcp-microservices-demo', 'kustomize') }, async () => {
    const c = join(SHARED, 'corpus', 'gcp-microservices-demo', 'kustomize', 'components');
    const dir = project(
      [join(c, 'network-policies'), join(c, 'google-cloud-operations'), join(c, 'shopping-assistant')],
      'namespace: shop\nnameSuffix: -v1\nlabels:\n- pairs:\n    app.kubernetes.io/part-of: boutique\n  includeTemplates: true\ncommonAnnotations:\n  team: retail\nresources:\n' +
        [join(c, 'network-policies'), join(c, 'google-cloud-operations'), join(c, 'shopping-assistant')]
          .flatMap((d) => readdirSync(d).filter((f) => /\.ya?ml$/.test(f)))
          .map((f) => `- ${f}\n`)
          .join(''),
    );
    made.push(dir);
    await compare(dir, true);
  });
});
