/**
 * The real kubectl v1.32 against `kubectl-lite serve`: the product's CLI scenarios run through the
 * API endpoint must print what kubectl-lite prints for the same store (one printer, two outputs).
 * Skipped, saying so, where kubectl is not installed.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT, tempHome, type Result } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { startServe, type Served } from './serve-helpers.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
const WEB = join(REPO_ROOT, 'manifests', 'web.yaml');

let home: { home: string; dispose(): void };
let served: Served;

before(async () => {
  if (skip) return;
  home = tempHome();
  // One pinned clock for serve and the CLI: AGE cells are then the same whenever either runs.
  served = await startServe(home.home, [], { KUBECTL_LITE_NOW: String(Date.now()) });
});

after(async () => {
  if (skip) return;
  await served.stop();
  home.dispose();
});

/**
 * Runs the same command through real kubectl (via serve) and through kubectl-lite. `upTo` compares
 * only the output before that line: describe's event ages are computed by kubectl from its own
 * (unpinned) clock.
 */
async function same(args: string[], upTo?: string): Promise<Result> {
  const k = await served.kubectl(args);
  const l = served.lite(args);
  const cut = (s: string) => (upTo && s.includes(upTo) ? s.slice(0, s.indexOf(upTo)) : s);
  assert.equal(cut(k.stdout), cut(l.stdout), `stdout of ${args.join(' ')}`);
  assert.equal(k.stderr, l.stderr, `stderr of ${args.join(' ')}`);
  assert.equal(k.code, l.code, `exit code of ${args.join(' ')}`);
  return k;
}

test('serve answers over HTTPS with the CA it wrote, and refuses an unauthenticated client', { skip }, async () => {
  assert.match(served.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const config = JSON.parse(readFileSync(served.kubeconfig, 'utf8'));
  const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64');
  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = request(`${served.url}${path}`, { ca, headers }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ code: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
  assert.deepEqual(await get('/healthz'), { code: 200, body: 'ok' });
  // A bad token is refused before any path is looked at: the health paths are for requests without credentials.
  assert.equal((await get('/healthz', { Authorization: 'Bearer nope' })).code, 401);
  const denied = await get('/api/v1/pods');
  assert.equal(denied.code, 401);
  // The API server's Status, as its JSON encoder writes it: one line.
  assert.equal(denied.body, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\n');
  const token = readFileSync(join(home.home, 'clusters', 'lite', 'serve', 'token'), 'utf8').trim();
  const allowed = await get('/api/v1/namespaces/kube-system/pods', { Authorization: `Bearer ${token}` });
  assert.equal(allowed.code, 200);
  assert.equal(JSON.parse(allowed.body).kind, 'PodList');
});

test('apply, rollout status, and get in every output format equal kubectl-lite', { skip }, async () => {
  const applied = await served.kubectl(['apply', '-f', WEB]);
  assert.equal(applied.stdout, 'deployment.apps/web created\nservice/web created\n');
  const status = await served.kubectl(['rollout', 'status', 'deployment/web', '--timeout=30s']);
  assert.equal(status.stdout.trim().split('\n').pop(), 'deployment "web" successfully rolled out');
  for (const args of [
    ['get', 'pods'],
    ['get', 'pods', '-A'],
    ['get', 'deploy,rs,svc', '-o', 'wide'],
    ['get', 'pods', '-l', 'app=web', '--show-labels'],
    ['get', 'deploy', 'web', '-o', 'yaml'],
    ['get', 'deploy', 'web', '-o', 'json'],
    ['get', 'pods', '-o', 'name'],
    ['get', 'svc', 'web', '-o', 'jsonpath={.spec.ports[0].port}'],
    ['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName', '--sort-by=.metadata.name'],
    ['get', 'nodes', '--no-headers'],
    ['get', 'pods', '--field-selector', 'status.phase=Running', '-n', 'kube-system'],
    // The server's refusal, which kubectl words with its "Unable to find ... that match" around it.
    ['get', 'pods', '--field-selector', 'spec.bogus=1'],
    ['get', 'rs', '--field-selector', 'status.replicas=0'],
    ['delete', 'pods', '--field-selector', 'spec.bogus=1'],
    ['get', 'pods', '-l', 'app:monolith'],
    ['get', 'pods', '-l', 'app in (web'],
    // Self reviews: answered by the server, never stored (the name they lack was refused).
    ['auth', 'can-i', 'create', 'pods'],
    ['auth', 'can-i', '--list'],
    ['auth', 'whoami'],
    // The bootstrap RBAC policy, stored as a real cluster stores it.
    ['get', 'clusterroles'],
    ['get', 'clusterrolebindings', '-o', 'wide'],
    ['get', 'clusterrole', 'view', '-o', 'yaml'],
    ['get', 'pods', 'nope'],
    // A name kubectl escapes in the URL (`%7D`) is the server's to unescape.
    ['get', 'pods', 'a}}'],
    ['get', 'cm', '-n', 'nowhere'],
  ]) {
    await same(args);
  }
});

test('describe, scale, label, patch (three types), diff, wait and delete equal kubectl-lite', { skip }, async () => {
  served.lite(['create', 'namespace', 'ops']);
  served.lite(['apply', '-f', WEB, '-n', 'ops']);
  await same(['describe', 'deployment', 'web', '-n', 'ops'], '\nEvents:');
  await same(['describe', 'pods', '-n', 'ops'], '\nEvents:');
  await same(['describe', 'service', 'web', '-n', 'ops']);
  // An aggregated ClusterRole as the aggregation controller filled it, in kubectl's describe.
  await same(['describe', 'clusterrole', 'admin']);
  await same(['describe', 'clusterrolebinding', 'kubeadm:cluster-admins']);
  assert.equal((await served.kubectl(['scale', 'deployment/web', '-n', 'ops', '--replicas=4'])).stdout, 'deployment.apps/web scaled\n');
  await same(['get', 'deploy', 'web', '-n', 'ops']);
  // The Scale kubectl sends is decoded as one: its replicas an int32 (a string or a fraction neither).
  const huge = await same(['scale', 'deployment/web', '-n', 'ops', '--replicas=2147483648']);
  assert.equal(huge.stderr, 'Error from server (BadRequest): Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal number 2147483648 into Go struct field ScaleSpec.spec.replicas of type int32\n');
  await same(['patch', 'deployment/web', '-n', 'ops', '--subresource=scale', '-p', '{"spec":{"replicas":"3"}}']);
  assert.match((await served.kubectl(['label', 'deployment', 'web', '-n', 'ops', 'tier=front'])).stdout, /^deployment.apps\/web labeled\n$/);
  assert.equal((await served.kubectl(['patch', 'deployment', 'web', '-n', 'ops', '-p', '{"spec":{"replicas":2}}'])).stdout, 'deployment.apps/web patched\n');
  assert.equal((await served.kubectl(['patch', 'deployment', 'web', '-n', 'ops', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"back"}}}'])).stdout, 'deployment.apps/web patched\n');
  assert.equal((await served.kubectl(['patch', 'deployment', 'web', '-n', 'ops', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":1}]'])).stdout, 'deployment.apps/web patched\n');
  await same(['get', 'deploy', 'web', '-n', 'ops', '--show-labels']);
  const bad = await same(['patch', 'deployment', 'web', '-n', 'ops', '--type=json', '-p', '[{"op":"replace","path":"/spec/nope/x","value":3}]']);
  assert.equal(bad.code, 1);
  const diff = await served.kubectl(['diff', '-f', WEB, '-n', 'ops']);
  assert.equal(diff.code, 1, diff.stderr);
  assert.match(diff.stdout, /\n-  replicas: 1\n\+  replicas: 3\n/);
  // kubectl-lite's own diff prints the same (but for the temporary directories and file times).
  const unstamped = (text: string) => text.replace(/\/tmp\/(LIVE|MERGED)-\d+\//g, '/tmp/$1/').replace(/\t.*$/gm, '');
  assert.equal(unstamped(served.lite(['diff', '-f', WEB, '-n', 'ops']).stdout), unstamped(diff.stdout));
  const waited = await served.kubectl(['wait', '--for=condition=Available', 'deployment/web', '-n', 'ops', '--timeout=20s']);
  assert.equal(waited.stdout, 'deployment.apps/web condition met\n', waited.stderr);
  await same(['delete', 'service', 'nope', '-n', 'ops']);
  assert.equal((await served.kubectl(['delete', 'deployment', 'web', '-n', 'ops'])).stdout, 'deployment.apps "web" deleted\n');
  await same(['get', 'deploy,rs', '-n', 'ops']);
});

test('a generator that sends protobuf creates what kubectl-lite creates (more in serve-protobuf.test.ts)', { skip }, async () => {
  assert.deepEqual(await served.kubectl(['create', 'configmap', 'proto', '--from-literal=a=1']), { stdout: 'configmap/proto created\n', stderr: '', code: 0 });
  await same(['get', 'configmap', 'proto', '-o', 'jsonpath={.data}']);
});

test('create token through serve: the TokenRequest subresource answers what kubectl-lite answers', { skip }, async () => {
  served.lite(['create', 'serviceaccount', 'robot']);
  served.lite(['run', 'holder', '--image=nginx']);
  const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
  const args = ['create', 'token', 'robot', '--audience=vault', '--duration=2h', '--bound-object-kind=Pod', '--bound-object-name=holder', '-o', 'json'];
  const k = await served.kubectl(args);
  assert.equal(k.code, 0, k.stderr);
  const l = served.lite(args);
  const [viaServe, viaCli] = [JSON.parse(k.stdout), JSON.parse(l.stdout)];
  assert.deepEqual(viaServe.spec, viaCli.spec);
  // jti is random per token; the rest of the claims are the same at the same (pinned) clock.
  const identity = ({ jti, ...rest }: Record<string, unknown>) => (assert.match(String(jti), /^[0-9a-f-]{36}$/), rest);
  assert.deepEqual(identity(claims(viaServe.status.token)), identity(claims(viaCli.status.token)));
  assert.ok(claims(viaServe.status.token)['kubernetes.io'].node.name, 'a pod-bound token names the node');
  // The uid kubectl sends in protobuf is read (its .proto name is uID).
  await same(['create', 'token', 'robot', '--bound-object-kind=Pod', '--bound-object-name=holder', '--bound-object-uid=stale']);
  await same(['create', 'token', 'ghost']);
  await same(['create', 'token', 'robot', '--duration=5m']);
});

test('RBAC through serve: kubectl impersonating a user (Impersonate-* headers) gets what kubectl-lite --as prints', { skip }, async () => {
  for (const line of [
    'create role rbac-reader --verb=get,list --resource=pods,pods/log',
    'create rolebinding rbac-jane --role=rbac-reader --user=rbac-jane --group=rbac-devs',
    'create clusterrole rbac-urls --verb=get --non-resource-url=/metrics',
    'create clusterrolebinding rbac-urls --clusterrole=rbac-urls --group=rbac-devs',
    'create clusterrolebinding rbac-dangling --clusterrole=rbac-gone --user=rbac-bob',
    'run rbac-holder --image=nginx',
  ]) {
    assert.equal(served.lite(line.split(' ')).code, 0, line);
  }
  const sar = join(home.home, 'sar.yaml');
  writeFileSync(sar, 'apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec:\n  groups: [rbac-devs]\n  resourceAttributes: {namespace: default, verb: list, resource: pods}\n');
  for (const args of [
    ['auth', 'can-i', 'get', 'pods', '--as=rbac-jane'],
    ['auth', 'can-i', 'delete', 'pods', '--as=rbac-jane'],
    ['auth', 'can-i', 'get', 'pods', '--subresource=log', '--as=x', '--as-group=rbac-devs'],
    ['auth', 'can-i', 'get', '/metrics', '--as=x', '--as-group=rbac-devs'],
    ['auth', 'can-i', 'list', 'nodes', '--as=rbac-bob'],
    ['auth', 'can-i', '--list', '--as=rbac-jane', '--as-group=rbac-devs'],
    ['auth', 'whoami', '--as=system:serviceaccount:default:robot'],
    ['create', '-f', sar, '-o', 'yaml'],
    // Each request kubectl makes as someone else is authorized, and refused in the API server's words.
    ['get', 'pods', 'rbac-holder', '--as=rbac-jane'],
    ['get', 'deployments', '--as=rbac-jane'],
    ['get', 'pods', '-A', '--as=rbac-jane'],
    ['get', 'pods,configmaps', '-l', 'run=rbac-holder', '--as=rbac-jane'],
    ['delete', 'pod', 'rbac-holder', '--as=rbac-jane'],
    ['scale', 'deployment', 'nope', '--replicas=1', '--as=rbac-jane'],
    ['exec', 'rbac-holder', '--as=rbac-jane', '--', 'true'],
    ['describe', 'pod', 'rbac-holder', '--as=rbac-jane'],
  ]) {
    await same(args);
  }
});

test('a service account token through serve: real kubectl --token is authenticated and authorized as kubectl-lite --token is', { skip }, async () => {
  served.lite(['create', 'serviceaccount', 'tok-robot']);
  served.lite(['create', 'role', 'tok-reader', '--verb=get,list', '--resource=pods']);
  served.lite(['create', 'rolebinding', 'tok-reads', '--role=tok-reader', '--serviceaccount=default:tok-robot']);
  const token = served.lite(['create', 'token', 'tok-robot']).stdout;
  // A kubeconfig with the CA and no client certificate: the token is the only credential.
  const config = JSON.parse(readFileSync(served.kubeconfig, 'utf8'));
  const tokenOnly = join(home.home, 'token-kubeconfig');
  writeFileSync(tokenOnly, JSON.stringify({ ...config, users: [{ name: config.users[0].name, user: { token } }] }));
  for (const args of [
    ['get', 'pods', '-o', 'name'],
    ['get', 'deployments'],
    ['auth', 'can-i', 'list', 'pods'],
    ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'],
  ]) {
    const k = await served.kubectl(args, { env: { KUBECONFIG: tokenOnly } });
    const l = served.lite([...args, `--token=${token}`]);
    assert.deepEqual(k, l, args.join(' '));
  }
  const bogus = join(home.home, 'bogus-kubeconfig');
  writeFileSync(bogus, JSON.stringify({ ...config, users: [{ name: config.users[0].name, user: { token: 'bogus' } }] }));
  assert.deepEqual(await served.kubectl(['get', 'pods'], { env: { KUBECONFIG: bogus } }), served.lite(['get', 'pods', '--token=bogus']));
});

test('edit with an EDITOR script changes the object through serve', { skip }, async () => {
  served.lite(['create', 'configmap', 'edited', '--from-literal=a=1']);
  const editor = join(home.home, 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\nsed -i \'s/a: "1"/a: "2"/\' "$1"\n');
  chmodSync(editor, 0o755);
  const r = await served.kubectl(['edit', 'configmap', 'edited'], { env: { EDITOR: editor } });
  assert.equal(r.stdout, 'configmap/edited edited\n', r.stderr);
  assert.equal(served.lite(['get', 'cm', 'edited', '-o', 'jsonpath={.data.a}']).stdout, '2');
});

test('get -w through serve sees writes made by the CLI', { skip }, async () => {
  const watching = served.kubectl(['get', 'configmaps', '-w', '--request-timeout=6s'], {});
  await new Promise((r) => setTimeout(r, 2000));
  served.lite(['create', 'configmap', 'seen-by-watch']);
  const r = await watching;
  assert.match(r.stdout, /^NAME +DATA +AGE\n/);
  assert.match(r.stdout, /\nseen-by-watch +0 +\d+s\n/);
});

test('explain and api-resources equal kubectl-lite', { skip }, async () => {
  await same(['explain', 'deployment.spec.strategy']);
  await same(['api-resources']);
  await same(['api-resources', '--namespaced=false', '-o', 'wide']);
  await same(['api-versions']);
});

test('a CRD and its custom resources: printer columns, explain, client-side validation skipped until the kind exists', { skip }, async () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
      versions: [{
        name: 'v1', served: true, storage: true, subresources: { status: {} },
        additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', description: 'How big.' } } } } } },
      }],
    },
  };
  const file = join(home.home, 'widgets.json');
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [crd, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } }] }));
  const first = await served.kubectl(['apply', '-f', file]);
  // As with a real API server: the kind is not mapped until discovery is read again.
  assert.match(first.stderr, /no matches for kind "Widget" in version "example.com\/v1"\n/);
  const second = await served.kubectl(['apply', '-f', file]);
  assert.equal(second.stdout, 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com unchanged\nwidget.example.com/w1 created\n', second.stderr);
  await same(['get', 'wd']);
  await same(['get', 'widgets', '-o', 'yaml']);
  assert.match((await served.kubectl(['explain', 'widget.spec.size'])).stdout, /FIELD: size <integer>\n\n\nDESCRIPTION:\n    How big\.\n/);
});

test('kubectl and kubectl-lite writing at once lose no write', { skip }, async () => {
  const cm = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  const viaServe = Array.from({ length: 8 }, (_, i) => served.kubectl(['create', '-f', '-'], { stdin: cm(`k-${i}`) }));
  const viaCli = Array.from({ length: 8 }, (_, i) => served.lite(['create', 'configmap', `l-${i}`]));
  const results = await Promise.all(viaServe);
  for (const r of [...results, ...viaCli]) assert.equal(r.code, 0, r.stderr);
  const names = served.lite(['get', 'cm', '-o', 'name']).stdout;
  for (let i = 0; i < 8; i++) {
    assert.match(names, new RegExp(`configmap/k-${i}\n`));
    assert.match(names, new RegExp(`configmap/l-${i}\n`));
  }
});

test('drain held back by a PodDisruptionBudget: real kubectl through the eviction API and kubectl-lite print the same', { skip }, async () => {
  assert.equal(served.lite(['create', 'pdb', 'web-all', '--selector=app=web', '--min-available=100%']).code, 0);
  const node = served.lite(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].spec.nodeName}']).stdout;
  const args = ['drain', node, '--ignore-daemonsets', '--pod-selector=app=web', '--timeout=1s'];
  const lite = served.lite(args);
  assert.equal(served.lite(['uncordon', node]).code, 0);
  const k = await served.kubectl(args);
  assert.equal(served.lite(['uncordon', node]).code, 0);
  assert.equal(served.lite(['delete', 'pdb', 'web-all']).code, 0);
  assert.match(k.stderr, /Cannot evict pod as it would violate the pod's disruption budget\.\n/);
  assert.deepEqual(lite, k);
});

test('drain waiting for a pod slow to stop, evicting and deleting, until --timeout: real kubectl through serve and kubectl-lite print the same', { skip }, async () => {
  const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: {app: slow}, annotations: {sim.kubectl-lite.io/stop-delay: 60s}}\nspec: {nodeName: lite-worker3, containers: [{name: c, image: nginx}]}\n`;
  for (const mode of [[], ['--disable-eviction']]) {
    const args = ['drain', 'lite-worker3', '--force', '--ignore-daemonsets', '--pod-selector=app=slow', '--timeout=1s', ...mode];
    assert.equal(served.lite(['apply', '-f', '-'], { stdin: pod('slow') }).code, 0);
    const lite = served.lite(args);
    assert.equal(served.lite(['uncordon', 'lite-worker3']).code, 0);
    assert.equal(served.lite(['delete', 'pod', 'slow', '--grace-period=0', '--force']).code, 0);
    assert.equal(served.lite(['apply', '-f', '-'], { stdin: pod('slow') }).code, 0);
    const k = await served.kubectl(args);
    assert.equal(served.lite(['uncordon', 'lite-worker3']).code, 0);
    assert.equal(served.lite(['delete', 'pod', 'slow', '--grace-period=0', '--force']).code, 0);
    assert.equal(k.code, 1);
    assert.deepEqual(lite, k);
  }
});

test('describe -f: a pod deleted since shows the Events naming it; a document without apiVersion is taken as kubectl takes it', { skip }, async () => {
  const file = join(home.home, 'gone.yaml');
  writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: gone}\nspec: {containers: [{name: c, image: nginx}]}\n');
  assert.equal(served.lite(['apply', '-f', file]).code, 0);
  assert.equal(served.lite(['delete', '-f', file]).code, 0);
  // Event ages are left out: serve's pinned clock has moved on with the waits of the tests before.
  const ageless = (r: Result) => ({ ...r, stdout: r.stdout.replace(/(Normal +\S+ +)\S+ +/g, '$1AGE ').replace(/ +(Age|----) +/g, ' $1 ') });
  const gone = served.lite(['describe', '-f', file]);
  assert.deepEqual(ageless(gone), ageless(await served.kubectl(['describe', '-f', file])));
  assert.match(gone.stdout, /^Pod 'gone': error 'pods "gone" not found', but found events\.\nEvents:\n {2}Type +Reason +Age +From +Message\n/);
  assert.match(gone.stdout, /\n {2}Normal +Killing +\S+ +kubelet +Stopping container c\n/);
  await same(['describe', '-f', file, '--show-events=false']);
  const versionless = join(home.home, 'versionless.yaml');
  writeFileSync(versionless, 'kind: Service\nmetadata: {name: kubernetes}\n---\nkind: Deployment\nmetadata: {name: web}\n');
  for (const verb of ['describe', 'get', 'get -o name', 'get -o yaml']) await same([...verb.split(' '), '-f', versionless]);
  // One file implies one item to kubectl: printed other than as a table, a failure leaves only the error.
  const partly = join(home.home, 'partly.yaml');
  writeFileSync(partly, 'apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes}\n---\napiVersion: v1\nkind: Foo\nmetadata: {name: x}\n');
  for (const output of [[], ['-o', 'name'], ['-o', 'json'], ['-o', 'custom-columns=N:.metadata.name']]) await same(['get', ...output, '-f', partly]);
  assert.equal((await same(['get', '-o', 'name', '-f', partly, '-f', versionless])).code, 1);
});

test('--raw writes: real kubectl through serve and kubectl-lite send the same request and print the same answer', { skip }, async () => {
  const sar = JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'jane', groups: ['devs'], resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'default' } } });
  const args = ['create', '--raw', '/apis/authorization.k8s.io/v1/subjectaccessreviews', '-f', '-'];
  const k = await served.kubectl(args, { stdin: sar });
  assert.equal(k.code, 0, k.stderr);
  assert.deepEqual(served.lite(args, { stdin: sar }), k);
  for (const name of ['raw-k', 'raw-l']) assert.equal(served.lite(['create', 'configmap', name]).code, 0);
  const gone = ['delete', '--raw', '/api/v1/namespaces/default/configmaps/nope'];
  assert.deepEqual(served.lite(gone), await served.kubectl(gone));
  const deleted = await served.kubectl(['delete', '--raw', '/api/v1/namespaces/default/configmaps/raw-k']);
  const mine = served.lite(['delete', '--raw', '/api/v1/namespaces/default/configmaps/raw-l']);
  assert.equal(mine.stdout.replace(/raw-l|"uid":"[^"]+"/g, ''), deleted.stdout.replace(/raw-k|"uid":"[^"]+"/g, ''));
});

test('certificate approve and deny through the approval subresource: real kubectl through serve and kubectl-lite print the same, and the request is issued', { skip }, async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const forge = createRequire(import.meta.url)('node-forge') as typeof import('node-forge');
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey);
  csr.setSubject([{ shortName: 'CN', value: 'jane' }]);
  csr.sign(forge.pki.privateKeyFromPem(privateKey) as import('node-forge').pki.rsa.PrivateKey, forge.md.sha256.create());
  const manifest = JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'jane' },
    spec: { request: Buffer.from(forge.pki.certificationRequestToPem(csr)).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
  });
  const fresh = () => {
    served.lite(['delete', 'csr', 'jane', '--ignore-not-found']);
    assert.equal(served.lite(['create', '-f', '-'], { stdin: manifest }).code, 0);
  };
  // Each command from a pending request: kubectl's run, then kubectl-lite's on the request made again.
  for (const args of [['certificate', 'approve', 'jane', 'nope'], ['certificate', 'deny', 'jane'], ['certificate', 'approve', '--force', 'jane', '-o', 'name']]) {
    fresh();
    const k = await served.kubectl(args);
    const table = await served.kubectl(['get', 'csr', 'jane', '-o', 'custom-columns=CONDITION:.status.conditions[*].type,ISSUED:.status.certificate', '--no-headers']);
    fresh();
    assert.deepEqual(served.lite(args), k, args.join(' '));
    assert.deepEqual(served.lite(['get', 'csr', 'jane', '-o', 'custom-columns=CONDITION:.status.conditions[*].type,ISSUED:.status.certificate', '--no-headers']).stdout.replace(/ [A-Za-z0-9+/=]{100,}/, ' CERT'), table.stdout.replace(/ [A-Za-z0-9+/=]{100,}/, ' CERT'));
  }
  assert.match((await same(['get', 'csr', 'jane', '--no-headers'])).stdout, / Approved,Issued\n$/);
  await same(['certificate', 'deny', 'jane']);
  await same(['certificate', 'approve']);
});

test('a client certificate the cluster CA issued through serve: real kubectl with it in a kubeconfig is its subject, as kubectl-lite with the same files', { skip }, async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const forge = createRequire(import.meta.url)('node-forge') as typeof import('node-forge');
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey);
  csr.setSubject([{ shortName: 'CN', value: 'x509-jane' }, { shortName: 'O', value: 'x509-devs' }]);
  csr.sign(forge.pki.privateKeyFromPem(privateKey) as import('node-forge').pki.rsa.PrivateKey, forge.md.sha256.create());
  const manifest = JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'x509-jane' },
    spec: { request: Buffer.from(forge.pki.certificationRequestToPem(csr)).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
  });
  assert.equal(served.lite(['create', '-f', '-'], { stdin: manifest }).code, 0);
  assert.equal(served.lite(['certificate', 'approve', 'x509-jane']).code, 0);
  const cert = JSON.parse(served.lite(['get', 'csr', 'x509-jane', '-o', 'json']).stdout).status.certificate as string;
  const [certFile, keyFile] = [join(home.home, 'x509-jane.crt'), join(home.home, 'x509-jane.key')];
  writeFileSync(certFile, Buffer.from(cert, 'base64'));
  writeFileSync(keyFile, privateKey);
  const config = JSON.parse(readFileSync(served.kubeconfig, 'utf8'));
  const janeConfig = join(home.home, 'x509-jane-kubeconfig');
  writeFileSync(janeConfig, JSON.stringify({ ...config, users: [{ name: config.users[0].name, user: { 'client-certificate-data': cert, 'client-key-data': Buffer.from(privateKey).toString('base64') } }] }));
  const compare = async () => {
    for (const args of [
      ['get', 'pods'],
      ['get', 'configmaps', '-n', 'kube-system'],
      ['auth', 'can-i', 'list', 'pods'],
      ['auth', 'whoami'],
    ]) {
      const k = await served.kubectl(args, { env: { KUBECONFIG: janeConfig } });
      assert.deepEqual(served.lite([...args, `--client-certificate=${certFile}`, `--client-key=${keyFile}`]), k, args.join(' '));
    }
  };
  assert.match((await served.kubectl(['get', 'pods'], { env: { KUBECONFIG: janeConfig } })).stderr, /User "x509-jane" cannot list resource "pods"/);
  await compare();
  served.lite(['create', 'role', 'x509-reader', '--verb=get,list', '--resource=pods']);
  served.lite(['create', 'rolebinding', 'x509-reads', '--role=x509-reader', '--group=x509-devs']);
  await compare();
  // The certificate is tried before a token: with a service account's beside it, the request is still jane's.
  served.lite(['create', 'serviceaccount', 'x509-robot']);
  const token = served.lite(['create', 'token', 'x509-robot']).stdout.trim();
  const both = join(home.home, 'x509-both-kubeconfig');
  writeFileSync(both, JSON.stringify({ ...config, users: [{ name: config.users[0].name, user: { 'client-certificate-data': cert, 'client-key-data': Buffer.from(privateKey).toString('base64'), token } }] }));
  const whoami = ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'];
  assert.deepEqual(await served.kubectl(whoami, { env: { KUBECONFIG: both } }), { code: 0, stdout: 'x509-jane', stderr: '' });
  assert.deepEqual(served.lite([...whoami, `--client-certificate=${certFile}`, `--client-key=${keyFile}`, `--token=${token}`]), { code: 0, stdout: 'x509-jane', stderr: '' });
});

test('SIGTERM stops serve cleanly', { skip }, async () => {
  const other = tempHome();
  try {
    const s = await startServe(other.home, ['--insecure-http']);
    assert.match(s.url, /^http:\/\//);
    const r = await s.kubectl(['get', 'ns']);
    assert.match(r.stdout, /^NAME +STATUS +AGE\ndefault +Active/);
    assert.equal(await s.stop(), 0);
  } finally {
    other.dispose();
  }
});
