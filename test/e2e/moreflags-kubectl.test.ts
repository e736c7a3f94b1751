/**
 * Issue 14 item 1 against the real kubectl: `set subject`, run's --privileged and deletion flags,
 * expose's --load-balancer-ip and --overrides, `create secret docker-registry --from-file`, and the
 * other flags kubectl-lite declared for it.
 * Lines kubectl runs without a server use no server; the others are served by an oracle holding
 * the objects kubectl-lite stores.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, splitArgs, staticCluster, tempHome } from '../helpers/cli.js';
import { kubectlAlone, kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import { DEPLOYMENT } from '../helpers/manifests.js';

const BINDINGS = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects:
- {kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: crb}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
`;
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n';

/** No server needed. */
const LOCAL = [
  'set subject -f rb.yaml --local -o yaml --user=alice --user=bob --group=devs --serviceaccount=ns1:sa1 --group=ops',
  'set subject -f rb.yaml --local -o json --user=bob',
  'set subject -f rb.yaml --local --user=x --dry-run=client',
  'set subject -f rb.yaml --local --user=alice',
  'set subject -f rb.yaml --local -o name --serviceaccount=:robot',
  'set subject -f rb.yaml -f cm.yaml --local --user=x',
  'set subject -f rb.yaml --local',
  'set subject --local --serviceaccount=x',
  'set subject -f rb.yaml --local --serviceaccount=x',
  'set subject -f rb.yaml --local --serviceaccount=a:b:c',
  'set subject rolebinding rb --local --user=x',
  'set subject -f rb.yaml --local --user=x --dry-run=server',
  'set image -f deploy.yaml --local c=x --dry-run=client',
  'create secret docker-registry s --from-file=cfg.json --dry-run=client -o yaml',
  'create secret docker-registry s --from-file=.dockerconfigjson=cfg.json --docker-username=u --docker-password=p --dry-run=client -o yaml',
  'create secret docker-registry s --from-file=cfg.json --from-file=a=cfg.json --dry-run=client -o json',
  'create secret docker-registry s --from-file=cfg.json --append-hash --dry-run=client -o name',
  'create secret docker-registry s --from-file=dir --dry-run=client -o yaml',
  'create secret docker-registry s --from-file=nope --dry-run=client -o yaml',
  'create secret docker-registry s --from-file=k=cfg.json --from-file=k=cfg.json --dry-run=client -o yaml',
  'create secret docker-registry s --from-file=bad/=cfg.json --dry-run=client -o yaml',
  'create secret docker-registry s --dry-run=client -o yaml',
  'create secret docker-registry s --docker-username=u --dry-run=client -o yaml',
  'create secret docker-registry s --docker-username=u --docker-password=p --docker-server= --dry-run=client -o yaml',
  'create secret docker-registry s --docker-username=u --docker-password=p --docker-email=e@x --dry-run=client -o yaml',
  'auth whoami -o wide',
  'cluster-info dump -o wide',
  'cluster-info dump --pod-running-timeout=x',
  'auth whoami -o custom-columns=A:.kind',
];

/** kubectl needs a server (discovery) for these; the oracle serves the Deployment. */
const SERVED = [
  // The name printer refuses the first list, the nodes'.
  'cluster-info dump -o name',
  'run x --image=nginx --privileged --dry-run=client -o yaml',
  'run x --image=nginx --privileged=false --dry-run=client -o json',
  `run x --image=nginx --privileged --overrides='{"spec":{"hostNetwork":true}}' --dry-run=client -o yaml`,
  'run x --image=nginx -f nothere.yaml -R --force --grace-period=5 --wait --timeout=5s --cascade=orphan -q --leave-stdin-open --pod-running-timeout=2m --dry-run=client -o name',
  'run x --image=nginx --cascade --dry-run=client -o name',
  'run x --image=nginx --cascade=bad --dry-run=client -o name',
  'run x --image=nginx --grace-period=x --dry-run=client -o name',
  'run x --image=nginx --timeout=x --dry-run=client -o name',
  'run x --image=nginx --pod-running-timeout=x --dry-run=client -o name',
  'expose deploy d --port=80 --load-balancer-ip=1.2.3.4 --type=LoadBalancer --dry-run=client -o yaml',
  `expose deploy d --port=80 --overrides='{"spec":{"externalTrafficPolicy":"Local"},"metadata":{"annotations":{"a":"b"}}}' --dry-run=client -o yaml`,
  `expose deploy d --port=80 --override-type=json --overrides='[{"op":"add","path":"/spec/ports/-","value":{"port":81}}]' --dry-run=client -o json`,
  `expose deploy d --port=80 --override-type=strategic --overrides='{"spec":{"ports":[{"port":80,"name":"http"}]}}' --dry-run=client -o yaml`,
  'expose deploy d --port=80 --override-type=bad --overrides={} --dry-run=client -o yaml',
  'get deploy --server-print=false',
  'get deploy d --server-print=false -o wide',
  'get deploy --server-print=false --show-labels',
  'get deploy --server-print=false -L app --show-kind',
  'get deploy --server-print=false -A',
  'get deploy --server-print=false -o name',
  'get --raw api',
  'get deploy --raw /api',
  'get --raw /api -o yaml',
  'get --raw /api/v1/namespaces/default/pods/nope',
];

interface Subject {
  name: string;
}

function comparable(r: { stdout: string; stderr: string; code: number }, prog: string) {
  // An AGE in seconds may tick between the two runs.
  const fix = (s: string) => s.replaceAll(`'${prog} `, "'kubectl ").replace(/\b\d+s\b/g, 'Ns');
  return { stdout: fix(r.stdout), stderr: fix(r.stderr), code: r.code };
}

describe('set subject, run and expose flags as kubectl has them', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let home: string;
  let dispose: () => void;
  let oracle: Oracle;
  let dir: string;
  before(async () => {
    ({ home, dispose } = tempHome());
    await staticCluster(home);
    dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-moreflags-'));
    writeFileSync(join(dir, 'rb.yaml'), BINDINGS);
    writeFileSync(join(dir, 'cm.yaml'), CONFIGMAP);
    writeFileSync(join(dir, 'deploy.yaml'), DEPLOYMENT);
    writeFileSync(join(dir, 'cfg.json'), '{"auths":{}}\n');
    mkdirSync(join(dir, 'dir'));
    writeFileSync(join(dir, 'dir', 'x'), 'a\n');
    const created = await runCli(['create', '-f', join(dir, 'deploy.yaml')], { home });
    assert.equal(created.code, 0, created.stderr);
    oracle = await startOracle([JSON.parse((await runCli(['get', 'deployment', 'd', '-o', 'json'], { home })).stdout)]);
  });
  after(async () => {
    dispose();
    await oracle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const line of [...LOCAL, ...SERVED]) {
    test(line, async () => {
      const argv = splitArgs(line);
      const want = comparable(SERVED.includes(line) ? await oracle.kubectl(argv, {}, dir) : kubectlAlone(argv, dir), 'kubectl');
      const got = comparable(await runCli(argv, { home, cwd: dir }), 'kubectl-lite');
      assert.deepEqual(got, want);
    });
  }
});

describe('set subject and run --rm on a live cluster', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('set subject adds what is missing, once, and says so', async () => {
    assert.equal((await runCli('create rolebinding rb --role=r --user=alice', { home })).code, 0);
    const r = await runCli('set subject rolebinding rb --user=alice --group=devs --serviceaccount=:robot', { home });
    assert.deepEqual(r, { stdout: 'rolebinding.rbac.authorization.k8s.io/rb subjects updated\n', stderr: '', code: 0 });
    const again = await runCli('set subject rolebinding/rb --group=devs', { home });
    assert.deepEqual(again, { stdout: '', stderr: '', code: 0 });
    const subjects = JSON.parse((await runCli('get rolebinding rb -o jsonpath={.subjects}', { home })).stdout) as Array<Record<string, string>>;
    assert.deepEqual(
      subjects.map((s) => `${s.kind}:${s.namespace ?? ''}:${s.name}`),
      ['User::alice', 'Group::devs', 'ServiceAccount:default:robot'],
    );
    const cm = await runCli('set subject configmap/x --user=a', { home });
    assert.equal(cm.stderr, 'Error from server (NotFound): configmaps "x" not found\n');
  });

  test('run -q --rm prints only the command\'s output; a run pod records stdin, stdinOnce and --privileged', async () => {
    const quiet = await runCli(['run', 't', '-i', '--rm', '-q', '--image=busybox', '--restart=Never', '--', 'echo', 'hi'], { home });
    assert.deepEqual(quiet, { stdout: 'hi\n', stderr: '', code: 0 });
    const loud = await runCli(['run', 't', '-i', '--rm', '--image=busybox', '--restart=Never', '--', 'echo', 'hi'], { home });
    // kubectl prints its prompt line as it attaches with -i, terminal or not (the real one through serve does).
    assert.deepEqual(loud, { stdout: 'hi\npod "t" deleted\n', stderr: "If you don't see a command prompt, try pressing enter.\n", code: 0 });
    assert.equal((await runCli(['run', 'kept', '-i', '--leave-stdin-open', '--privileged', '--image=busybox', '--restart=Never', '--', 'true'], { home })).code, 0);
    const c = JSON.parse((await runCli('get pod kept -o jsonpath={.spec.containers[0]}', { home })).stdout) as Record<string, unknown>;
    assert.equal(c.stdin, true);
    assert.equal(c.stdinOnce, undefined);
    assert.deepEqual(c.securityContext, { privileged: true });
  });

  test('get --raw answers from the simulated API server, as the served API does', async () => {
    assert.equal((await runCli('create deployment web --image=nginx', { home })).code, 0);
    const raw = await runCli('get --raw /apis/apps/v1/namespaces/default/deployments/web', { home });
    assert.equal(raw.code, 0, raw.stderr);
    const viaGet = JSON.parse((await runCli('get deployment web -o json', { home })).stdout) as Record<string, any>;
    assert.equal((JSON.parse(raw.stdout) as Record<string, any>).metadata.uid, viaGet.metadata.uid);
    assert.equal((await runCli('get --raw /healthz', { home })).stdout, 'ok');
    const watch = await runCli(['get', '--raw', '/api/v1/pods?watch=true'], { home });
    assert.deepEqual(watch, { stdout: '', stderr: 'error: --raw with watch=true is not supported by kubectl-lite: use get --watch\n', code: 1 });
  });

  test('auth whoami -o prints the SelfSubjectReview the API server answers with', async () => {
    const json = await runCli('auth whoami -o json', { home, now: '2026-01-02T03:04:05Z' });
    assert.equal(
      json.stdout,
      `{\n    "kind": "SelfSubjectReview",\n    "apiVersion": "authentication.k8s.io/v1",\n    "metadata": {\n        "creationTimestamp": "2026-01-02T03:04:05Z"\n    },\n    "status": {\n        "userInfo": {\n            "username": "kubernetes-admin",\n            "groups": [\n                "kubeadm:cluster-admins",\n                "system:authenticated"\n            ]\n        }\n    }\n}\n`,
    );
    const yaml = await runCli('auth whoami -o yaml', { home, now: '2026-01-02T03:04:05Z' });
    assert.match(yaml.stdout, /^apiVersion: authentication.k8s.io\/v1\nkind: SelfSubjectReview\nmetadata:\n  creationTimestamp: "2026-01-02T03:04:05Z"\nstatus:\n  userInfo:\n    groups:\n    - kubeadm:cluster-admins\n    - system:authenticated\n    username: kubernetes-admin\n$/);
    assert.equal((await runCli('auth whoami -o name', { home })).stdout, 'selfsubjectreview.authentication.k8s.io/<unknown>\n');
    assert.equal((await runCli(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { home })).stdout, 'kubernetes-admin');
  });

  test('cluster-info dump: nodes, then each namespace\'s lists as the typed client reads them, then container logs', async () => {
    assert.equal((await runCli('run dumped --image=busybox --restart=Never', { home })).code, 0);
    const out = (await runCli('cluster-info dump', { home })).stdout;
    const kinds = [...out.matchAll(/^    "kind": "(\w+)",$/gm)].map((m) => m[1]);
    const perNamespace = ['EventList', 'ReplicationControllerList', 'ServiceList', 'DaemonSetList', 'DeploymentList', 'ReplicaSetList', 'PodList'];
    assert.deepEqual(kinds, ['NodeList', ...perNamespace, ...perNamespace]);
    assert.match(out, /^\{\n    "kind": "NodeList",\n    "apiVersion": "v1",\n    "metadata": \{\n        "resourceVersion": "\d+"\n    \},\n    "items": \[\n        \{\n            "metadata": \{/);
    assert.match(out, /==== START logs for container dumped of pod default\/dumped ====\n[^]*?==== END logs for container dumped of pod default\/dumped ====\n/);
    const yaml = (await runCli('cluster-info dump -o yaml --namespaces=default', { home })).stdout;
    assert.equal(yaml.match(/^---$/gm)?.length, 7);
    assert.match(yaml, /^apiVersion: v1\nitems:\n/);
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-dump-'));
    try {
      const r = await runCli(['cluster-info', 'dump', '--namespaces', 'default', '--output-directory', dir], { home });
      assert.deepEqual(r, { stdout: `Cluster info dumped to ${dir}\n`, stderr: '', code: 0 });
      const files = readdirSync(join(dir, 'default'));
      assert.deepEqual(files.filter((f) => f.endsWith('.json')).sort(), ['daemonsets.json', 'deployments.json', 'events.json', 'pods.json', 'replicasets.json', 'replication-controllers.json', 'services.json']);
      assert.ok(files.includes('dumped'), files.join(' '));
      assert.match(readFileSync(join(dir, 'default', 'dumped', 'logs.txt'), 'utf8'), /^==== START logs for container dumped of pod default\/dumped ====\n/);
      assert.ok(JSON.parse(readFileSync(join(dir, 'nodes.json'), 'utf8')).items.length > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('auth reconcile creates, adds what is missing, removes extras only when asked, skips other kinds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-reconcile-'));
    try {
      const file = join(dir, 'rbac.yaml');
      writeFileSync(
        file,
        `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: readers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
- {kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: skipped}
`,
      );
      const names = 'role.rbac.authorization.k8s.io/reader reconciled\nrolebinding.rbac.authorization.k8s.io/readers reconciled\n';
      const created = await runCli(['auth', 'reconcile', '-f', file], { home });
      assert.deepEqual(created, {
        stdout: names,
        stderr:
          '\treconciliation required create\n\tmissing rules added:\n\t\t{Verbs:[get list] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}\n' +
          '\treconciliation required create\n\tmissing subjects added:\n\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:alice Namespace:}\n',
        code: 0,
      });
      assert.deepEqual(await runCli(['auth', 'reconcile', '-f', file], { home }), { stdout: names, stderr: '', code: 0 });
      assert.equal((await runCli('get configmap skipped --ignore-not-found', { home })).stdout, '');
      await runCli(['patch', 'role', 'reader', '--type=json', '-p', '[{"op":"replace","path":"/rules/0/verbs","value":["get","watch"]}]'], { home });
      await runCli('set subject rolebinding readers --user=bob', { home });
      const union = await runCli(['auth', 'reconcile', '-f', file], { home });
      assert.match(union.stderr, /^\treconciliation required update\n\tmissing rules added:\n\t\t\{Verbs:\[list\] APIGroups:\[\] Resources:\[pods\]/);
      const rules = JSON.parse((await runCli('get role reader -o jsonpath={.rules}', { home })).stdout) as Array<{ verbs: string[] }>;
      assert.deepEqual(rules.map((r) => r.verbs), [['get', 'watch'], ['list']]);
      const stomp = await runCli(['auth', 'reconcile', '-f', file, '--remove-extra-permissions', '--remove-extra-subjects', '-o', 'name'], { home });
      assert.equal(stomp.stdout, 'role.rbac.authorization.k8s.io/reader\nrolebinding.rbac.authorization.k8s.io/readers\n');
      assert.match(stomp.stderr, /\textra subjects removed:\n\t\t\{Kind:User APIGroup:rbac.authorization.k8s.io Name:bob Namespace:\}\n$/);
      const subjects = JSON.parse((await runCli('get rolebinding readers -o jsonpath={.subjects}', { home })).stdout) as Subject[];
      assert.deepEqual(subjects.map((x) => x.name), ['alice']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('logs --limit-bytes cuts each container log after that many bytes, mid-line too; a negative limit is refused', async () => {
    assert.equal((await runCli('run lb --image=busybox --restart=Never', { home })).code, 0);
    assert.equal((await runCli('cluster advance 30s', { home })).code, 0);
    const full = (await runCli('logs lb', { home })).stdout;
    assert.ok(full.length > 20, full);
    assert.deepEqual(await runCli('logs lb --limit-bytes=8', { home }), { stdout: full.slice(0, 8), stderr: '', code: 0 });
    assert.equal((await runCli('logs lb --limit-bytes=0 --insecure-skip-tls-verify-backend', { home })).stdout, full);
    assert.equal((await runCli('logs lb --limit-bytes=12 --prefix', { home })).stdout, `[pod/lb/lb] ${full.slice(0, 12)}`);
    const bad = await runCli('logs lb --limit-bytes=-1', { home });
    // kubectl refuses it itself (its Validate), before asking.
    assert.deepEqual(bad, { stdout: '', stderr: 'error: --limit-bytes must be greater than 0\n', code: 1 });
  });
});
