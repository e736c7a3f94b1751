/** rollout history, status and undo output checked against real kubectl serving the same objects (or through serve). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';
import { deployment, neverReady } from '../unit/workload-harness.js';
import { VerbCluster } from './workloads-harness.js';

async function rolledTwice() {
  const c = new VerbCluster();
  const d = deployment('web', 2, 'nginx:1.27');
  d.spec.template.spec.containers[0].ports = [{ containerPort: 80, protocol: 'TCP' }];
  d.spec.template.spec.containers[0].env = [{ name: 'MODE', value: 'prod' }];
  d.spec.template.spec.volumes = [{ name: 'cfg', configMap: { name: 'cfg' } }];
  d.spec.template.spec.containers[0].volumeMounts = [{ name: 'cfg', mountPath: '/etc/cfg', readOnly: true }];
  c.create(d);
  c.settle();
  c.update('apps/v1', 'Deployment', 'web', (x) => {
    x.metadata.annotations = { 'kubernetes.io/change-cause': 'bump to 1.28' };
    x.spec.template.spec.containers[0].image = 'nginx:1.28';
  });
  c.settle();
  const objects = [...c.list('apps/v1', 'Deployment'), ...c.list('apps/v1', 'ReplicaSet')];
  return { c, objects };
}

test('rollout history (table and --revision) matches kubectl', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
  const { c, objects } = await rolledTwice();
  const oracle = await startOracle(objects);
  try {
    for (const args of ['rollout history deployment/web', 'rollout history deployment/web --revision=1', 'rollout history deployment/web --revision=2']) {
      const want = await oracle.kubectl(args.split(' '));
      const got = await c.kubectl(args);
      assert.equal(got.stdout, want.stdout, args);
      assert.equal(got.code, want.code, args);
    }
  } finally {
    await oracle.close();
    c.dispose();
  }
});

test('rollout status --watch=false matches kubectl', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
  const { c, objects } = await rolledTwice();
  const oracle = await startOracle(objects);
  try {
    const want = await oracle.kubectl(['rollout', 'status', 'deployment/web', '--watch=false']);
    const got = await c.kubectl('rollout status deployment/web --watch=false');
    assert.deepEqual([got.stdout, got.code], [want.stdout, want.code]);
  } finally {
    await oracle.close();
    c.dispose();
  }
});

test('rollout status mid-rollout, and StatefulSet status and history, match kubectl', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
  const c = new VerbCluster();
  c.create(neverReady(deployment('web', 3, 'nginx:1.27')));
  c.create(neverReady({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas: 2,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'pg', image: 'pg:1' }] } },
    },
  }));
  c.settle();
  const objects = [
    ...c.list('apps/v1', 'Deployment'), ...c.list('apps/v1', 'ReplicaSet'), ...c.list('apps/v1', 'StatefulSet'), ...c.list('apps/v1', 'ControllerRevision'),
  ];
  const oracle = await startOracle(objects);
  try {
    const cases = [
      'rollout status deployment/web --watch=false',
      'rollout status statefulset/db --watch=false',
      'rollout history statefulset/db',
      'rollout history statefulset/db --revision=1',
    ];
    for (const args of cases) {
      const want = await oracle.kubectl(args.split(' '));
      const got = await c.kubectl(args);
      // stderr is left out: the oracle cannot serve watches, which kubectl warns about.
      assert.deepEqual([got.stdout, got.code], [want.stdout, want.code], args);
    }
  } finally {
    await oracle.close();
    c.dispose();
  }
});

describe('rollout history --revision and undo through serve: the real kubectl prints what kubectl-lite prints', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => {
    const db = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: pg, image: "postgres:16"}]}\n';
    assert.equal(served.lite(['apply', '-f', '-'], { stdin: db }).code, 0);
    assert.equal(served.lite(['create', 'deployment', 'web', '--image=nginx:1.27']).code, 0);
    assert.equal(served.lite(['set', 'image', 'deployment/web', 'nginx=nginx:1.28']).code, 0);
  });
  const same = (args: string | string[]) => suite.same(args);

  test("history and undo of a kind without a helper: the visitor's kinds have none implemented, the others no visitor method; both name the GroupKind", async () => {
    for (const words of [['create', 'job', 'j1', '--image=busybox'], ['create', 'ingress', 'ing', '--rule=a/=b:80'], ['run', 'p1', '--image=nginx']]) {
      assert.equal(suite.served.lite(words).code, 0, words.join(' '));
    }
    assert.equal(suite.served.lite(['apply', '-f', '-'], { stdin: 'apiVersion: apps/v1\nkind: ControllerRevision\nmetadata: {name: cr1}\nrevision: 1\n' }).code, 0);
    for (const ref of ['pod/p1', 'Pod/p1', 'job/j1', 'ingress/ing', 'controllerrevision.apps/cr1']) {
      await same(['rollout', 'history', ref]);
      await same(['rollout', 'undo', ref]);
    }
  });

  test('a template with probes and a priority class, as describe prints it, not aligned', async () => {
    const coredns = await same('rollout history deployment/coredns -n kube-system --revision=1');
    assert.match(coredns.stdout, /\n    Readiness:\thttp-get http:\/\/:8181\/ready delay=0s timeout=1s period=10s #success=1 #failure=3\n/);
    await same('rollout history daemonset/kindnet -n kube-system --revision=1');
    await same('rollout history statefulset/db --revision=1');
  });

  test('undo: a client dry run prints the revision as its message; one revision is no last revision; the current one is skipped', async () => {
    assert.match((await same('rollout undo deployment/web --dry-run=client')).stdout, /^deployment\.apps\/web Pod Template:\n[\s\S]*\n \(dry run\)\n$/);
    assert.match((await same('rollout undo daemonset/kindnet -n kube-system --to-revision=1 --dry-run=client')).stdout, /^daemonset\.apps\/kindnet will roll back to Pod Template:\n/);
    assert.deepEqual(await same('rollout undo statefulset/db'), { stdout: '', stderr: 'error: no last revision to roll back to\n', code: 1 });
    // kubectl compares the workload's template, marshalled as the controllers marshal it, with the revision's bytes.
    assert.equal((await same('rollout undo daemonset/kindnet -n kube-system --to-revision=1')).stdout, 'daemonset.apps/kindnet skipped rollback (current template already matches revision 1)\n');
    await same('rollout undo statefulset/db --to-revision=1');
  });

  test('undo sends no field manager: the server names kubectl (its user agent) as the manager of what it changed', async () => {
    const managers = async (name: string) => {
      const out = await suite.served.kubectl(['get', 'deployment', name, '-o', 'json', '--show-managed-fields']);
      const fields = JSON.parse(out.stdout).metadata.managedFields as Array<{ manager: string; fieldsV1: unknown }>;
      return fields.map((f) => `${f.manager} ${JSON.stringify(f.fieldsV1)}`).sort();
    };
    for (const name of ['undo-real', 'undo-lite']) {
      assert.equal(suite.served.lite(['create', 'deployment', name, '--image=nginx:1.27']).code, 0);
      assert.equal(suite.served.lite(['set', 'image', `deployment/${name}`, 'nginx=nginx:1.28']).code, 0);
    }
    assert.equal((await suite.served.kubectl(['rollout', 'undo', 'deployment/undo-real'])).code, 0);
    assert.equal(suite.served.lite(['rollout', 'undo', 'deployment/undo-lite']).code, 0);
    const real = await managers('undo-real');
    assert.ok(real.some((m) => /^kubectl \{.*"f:image"/.test(m)), real.join('\n'));
    assert.deepEqual(await managers('undo-lite'), real);
  });

  test('-o: a Deployment\'s revisions are its ReplicaSets; a StatefulSet\'s or DaemonSet\'s, the workload with that revision\'s template; JSON in Go struct order', async () => {
    assert.equal(suite.served.lite(['set', 'image', 'statefulset/db', 'pg=postgres:17']).code, 0);
    const images = await same(['rollout', 'history', 'statefulset/db', '-o', 'jsonpath={.kind} {.spec.template.spec.containers[0].image};']);
    assert.equal(images.stdout, 'StatefulSet postgres:16;StatefulSet postgres:17;');
    assert.equal((await same('rollout history statefulset/db -o name')).stdout, 'statefulset.apps/db\nstatefulset.apps/db\n');
    assert.match((await same('rollout history statefulset/db --revision=1 -o json')).stdout, /^\{\n    "kind": "StatefulSet",\n    "apiVersion": "apps\/v1",\n    "metadata": \{\n        "name": "db",\n/);
    await same('rollout history statefulset/db --revision=1 -o yaml');
    await same('rollout history daemonset/kindnet -n kube-system -o json');
    assert.match((await same('rollout history deployment/web --revision=1 -o json')).stdout, /^\{\n    "kind": "ReplicaSet",\n/);
    await same('rollout undo deployment/web --dry-run=server -o json');
    await same('rollout undo statefulset/db --dry-run=server -o json');
    // Each pauses the Deployment (kubectl-lite after a resume): the versions and generations differ, nothing else.
    const versions = (text: string) => text.replace(/"(resourceVersion|generation|observedGeneration)": "?\d+"?/g, '"$1": N');
    const real = await suite.served.kubectl(['rollout', 'pause', 'deployment/web', '-o', 'json']);
    assert.equal(suite.served.lite(['rollout', 'resume', 'deployment/web']).code, 0);
    const lite = suite.served.lite(['rollout', 'pause', 'deployment/web', '-o', 'json']);
    assert.equal(versions(lite.stdout), versions(real.stdout));
    assert.match(lite.stdout, /^\{\n    "kind": "Deployment",\n[\s\S]*\n        "paused": true,\n/);
  });
});
