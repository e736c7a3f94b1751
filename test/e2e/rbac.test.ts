/**
 * RBAC as the API server's authorizer answers it: `auth can-i` and `auth whoami` for an impersonated
 * user (--as, --as-group), the access reviews created from manifests, kubectl's can-i warnings and
 * argument checks. The admin stays allowed everything (kind binds its group to cluster-admin).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';

describe('RBAC for impersonated users', () => {
  let home: string;
  let dispose: () => void;
  before(async () => {
    ({ home, dispose } = tempHome());
    for (const line of [
      'create namespace other',
      'create role pod-reader --verb=get,list,watch --resource=pods,pods/log',
      'create role named --verb=get,update --resource=configmaps --resource-name=cm1 --resource-name=cm2',
      'create rolebinding jane-reads --role=pod-reader --user=jane --group=devs',
      'create rolebinding sa-named --role=named --serviceaccount=default:default',
      'create clusterrole node-viewer --verb=get,list --resource=nodes,deployments.apps',
      'create clusterrole urls --verb=get --non-resource-url=/metrics --non-resource-url=/logs/*',
      'create clusterrolebinding devs-nodes --clusterrole=node-viewer --group=devs',
      'create clusterrolebinding jane-urls --clusterrole=urls --user=jane',
      'create clusterrolebinding dangling --clusterrole=gone --user=bob',
      'create clusterrolebinding ops-admin --clusterrole=cluster-admin --user=ops',
      'create rolebinding metrics-view --clusterrole=urls --user=viewer',
      'create rolebinding vic-views --clusterrole=view --user=vic',
      'create rolebinding ed-edits --clusterrole=edit --user=ed',
      'create rolebinding ada-admins --clusterrole=admin --user=ada',
    ]) {
      const r = await runCli(line, { home });
      assert.equal(r.code, 0, `${line}: ${r.stderr}`);
    }
  });
  after(() => dispose());

  const canI = (args: string) => runCli(`auth can-i ${args}`, { home });

  test('a Role bound to a user allows its verbs and resources in its namespace only; no is exit 1', async () => {
    assert.deepEqual(await canI('get pods --as=jane'), { stdout: 'yes\n', stderr: '', code: 0 });
    assert.deepEqual(await canI('get pods --subresource=log --as=jane'), { stdout: 'yes\n', stderr: '', code: 0 });
    assert.deepEqual(await canI('delete pods --as=jane'), { stdout: 'no\n', stderr: '', code: 1 });
    assert.deepEqual(await canI('list pods --as=jane -n other'), { stdout: 'no\n', stderr: '', code: 1 });
    assert.deepEqual(await canI('list pods --as=jane -q'), { stdout: '', stderr: '', code: 0 });
    // The admin (kubeadm:cluster-admins) and system:masters are allowed everything.
    assert.deepEqual(await canI('delete nodes -A'), { stdout: 'yes\n', stderr: '', code: 0 });
    assert.deepEqual(await canI('delete pods --as=x --as-group=system:masters'), { stdout: 'yes\n', stderr: '', code: 0 });
  });

  test('groups, service accounts, resource names and non-resource URLs match as RBAC matches them', async () => {
    assert.equal((await canI('get nodes -A --as=x --as-group=devs')).stdout, 'yes\n');
    assert.equal((await canI('list deployments.apps -A --as=x --as-group=devs')).stdout, 'yes\n');
    assert.equal((await canI('get nodes -A --as=jane')).stdout, 'no\n', 'impersonating jane alone does not put her in devs');
    const sa = '--as=system:serviceaccount:default:default';
    assert.equal((await canI(`update configmaps/cm1 ${sa}`)).stdout, 'yes\n');
    assert.equal((await canI(`update configmaps/cm3 ${sa}`)).stdout, 'no\n');
    assert.equal((await canI(`update configmaps ${sa}`)).stdout, 'no\n', 'a rule with resource names does not allow the whole collection');
    assert.equal((await canI('get /metrics --as=jane')).stdout, 'yes\n');
    assert.equal((await canI('get /logs/kubelet/x --as=jane')).stdout, 'yes\n');
    assert.equal((await canI('get /logs --as=jane')).stdout, 'no\n');
  });

  test('a binding to a missing role is the reason given with no', async () => {
    assert.deepEqual(await canI('get pods -A --as=bob'), { stdout: 'no - RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found\n', stderr: '', code: 1 });
    // A binding of the user's to a bootstrap ClusterRole, which a real cluster stores, grants its rules.
    assert.deepEqual(await canI('delete nodes -A --as=ops'), { stdout: 'yes\n', stderr: '', code: 0 });
    assert.deepEqual(await canI('get /metrics --as=viewer'), { stdout: 'no\n', stderr: '', code: 1 }, 'a RoleBinding grants no non-resource URLs');
  });

  test('the bootstrap admin, edit and view ClusterRoles, filled by aggregation from labelled ClusterRoles', async () => {
    const may = async (what: string) => (await canI(what)).stdout.trim();
    // view reads most namespaced things, but not Secrets, and writes nothing.
    assert.deepEqual(await Promise.all(['list pods', 'get pods --subresource=log', 'list deployments.apps', 'get secrets', 'create pods', 'list roles.rbac.authorization.k8s.io'].map((v) => may(`${v} --as=vic`))), ['yes', 'yes', 'yes', 'no', 'no', 'no']);
    // edit: view's reads (view is labelled aggregate-to-edit) plus writes and Secrets, not RBAC.
    assert.deepEqual(await Promise.all(['list pods', 'get secrets', 'create deployments.apps', 'create pods --subresource=exec', 'create roles.rbac.authorization.k8s.io'].map((v) => may(`${v} --as=ed`))), ['yes', 'yes', 'yes', 'yes', 'no']);
    // admin: edit's (labelled aggregate-to-admin) plus Roles and RoleBindings.
    assert.deepEqual(await Promise.all(['create roles.rbac.authorization.k8s.io', 'delete deployments.apps', 'list pods -n other'].map((v) => may(`${v} --as=ada`))), ['yes', 'yes', 'no']);
    // A ClusterRole labelled aggregate-to-view joins view, and so edit and admin.
    const label = 'rbac.authorization.k8s.io/aggregate-to-view=true';
    assert.equal((await runCli('create clusterrole role-reader --verb=get,list --resource=roles.rbac.authorization.k8s.io', { home })).code, 0);
    assert.equal((await runCli(`label clusterrole role-reader ${label}`, { home })).code, 0);
    assert.deepEqual(await Promise.all(['vic', 'ed'].map((u) => may(`list roles.rbac.authorization.k8s.io --as=${u}`))), ['yes', 'yes']);
    assert.equal((await runCli('delete clusterrole role-reader', { home })).code, 0);
    assert.equal(await may('list roles.rbac.authorization.k8s.io --as=vic'), 'no');
  });

  test('a Role or ClusterRole without rules is stored as the API server encodes it: rules: null', async () => {
    assert.equal((await runCli('create clusterrole agg-empty --aggregation-rule=x=y', { home })).code, 0);
    assert.equal(JSON.parse((await runCli('get clusterrole agg-empty -o json', { home })).stdout).rules, null);
    const applied = await runCli('apply -f - -o json', { home, stdin: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: no-rules}\n' });
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(JSON.parse(applied.stdout).rules, null);
    assert.match((await runCli('get role no-rules -o yaml', { home })).stdout, /\nrules: null\n/);
  });

  test('--list prints the rules kubectl-style: broken down, verbs merged, sorted, with the bootstrap ones', async () => {
    const discovery = ['/api/*', '/api', '/apis/*', '/apis', '/healthz', '/healthz', '/livez', '/livez', '/logs/*', '/metrics', '/openapi/*', '/openapi', '/readyz', '/readyz', '/version/', '/version/', '/version', '/version'];
    const rows = [
      ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'],
      ['selfsubjectreviews.authentication.k8s.io', '[]', '[]', '[create]'],
      ['selfsubjectaccessreviews.authorization.k8s.io', '[]', '[]', '[create]'],
      ['selfsubjectrulesreviews.authorization.k8s.io', '[]', '[]', '[create]'],
      ['pods/log', '[]', '[]', '[get list watch]'],
      ['pods', '[]', '[]', '[get list watch]'],
      ...discovery.map((url) => ['', `[${url}]`, '[]', '[get]']),
    ];
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)) + 3);
    const text = rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('') + '\n').join('');
    assert.deepEqual(await canI('--list --as=jane'), { stdout: text, stderr: '', code: 0 });
    const sa = (await canI('--list --as=system:serviceaccount:default:default --no-headers')).stdout;
    assert.match(sa, /\nconfigmaps +\[\] +\[cm1\] +\[get update\]\nconfigmaps +\[\] +\[cm2\] +\[get update\]\n/);
  });

  test('whoami shows the impersonated user with the groups the API server adds', async () => {
    assert.equal((await runCli('auth whoami --as=jane', { home })).stdout, 'ATTRIBUTE   VALUE\nUsername    jane\nGroups      [system:authenticated]\n');
    assert.equal(
      (await runCli('auth whoami --as=system:serviceaccount:default:default', { home })).stdout,
      'ATTRIBUTE   VALUE\nUsername    system:serviceaccount:default:default\nGroups      [system:serviceaccounts system:serviceaccounts:default system:authenticated]\n',
    );
    assert.equal((await runCli('auth whoami --as=jane --as-group=a --as-uid=u1', { home })).stdout, 'ATTRIBUTE   VALUE\nUsername    jane\nUID         u1\nGroups      [a system:authenticated]\n');
  });

  test('SubjectAccessReview and LocalSubjectAccessReview are answered for the user they name, and checked', async () => {
    const file = join(home, 'sar.yaml');
    writeFileSync(file, 'apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec:\n  user: jane\n  resourceAttributes: {namespace: default, verb: list, resource: pods}\n');
    const r = await runCli(`create -f ${file} -o jsonpath={.status}`, { home });
    assert.equal(r.stdout, '{"allowed":true,"reason":"RBAC: allowed by RoleBinding \\"jane-reads/default\\" of Role \\"pod-reader\\" to User \\"jane\\""}');
    assert.equal((await runCli(`create -f ${file} -o name`, { home })).stdout, 'subjectaccessreview.authorization.k8s.io/<unknown>\n');
    writeFileSync(file, 'apiVersion: authorization.k8s.io/v1\nkind: LocalSubjectAccessReview\nmetadata: {namespace: default}\nspec:\n  user: jane\n  resourceAttributes: {namespace: other, verb: list, resource: pods}\n');
    assert.deepEqual(await runCli(`create -f ${file}`, { home }), {
      stdout: '',
      stderr: `The LocalSubjectAccessReview "" is invalid: spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace\n`,
      code: 1,
    });
  });
});

describe('auth can-i: kubectl\'s warnings and argument checks', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('warnings for a cluster-scoped resource, an unknown type and an unknown verb', async () => {
    assert.deepEqual(await runCli('auth can-i list nodes', { home }), { stdout: 'yes\n', stderr: "Warning: resource 'nodes' is not namespace scoped\n\n", code: 0 });
    assert.equal((await runCli('auth can-i list clusterroles.rbac.authorization.k8s.io', { home })).stderr, "Warning: resource 'clusterroles' is not namespace scoped in group 'rbac.authorization.k8s.io'\n\n");
    assert.equal((await runCli('auth can-i get Foo.Bar', { home })).stderr, "Warning: the server doesn't have a resource type 'foo' in group 'bar'\n\n");
    assert.equal((await runCli('auth can-i frob pods', { home })).stderr, "Warning: verb 'frob' is not a known verb\n\n");
    assert.equal((await runCli('auth can-i get users', { home })).stderr, '');
    assert.equal((await runCli('auth can-i list nodes -A', { home })).stderr, '');
  });

  test('refusals', async () => {
    const usage = "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n";
    assert.deepEqual(await runCli('auth can-i /logs', { home }), { stdout: '', stderr: usage, code: 1 });
    assert.deepEqual(await runCli('auth can-i get pods extra', { home }), { stdout: '', stderr: usage, code: 1 });
    assert.equal((await runCli('auth can-i get /logs --subresource=x', { home })).stderr, 'error: --subresource can not be used with NonResourceURL\n');
    assert.equal((await runCli('auth can-i get pods --no-headers', { home })).stderr, 'error: --no-headers cannot be set without --list specified\n');
    assert.equal((await runCli('auth can-i --list -q', { home })).stderr, "error: list option can't be specified with neither quiet, all-namespaces nor subresource options\n");
  });
});

describe('commands run as an impersonated user: each request authorized, refusals in the API server\'s words', () => {
  let home: string;
  let dispose: () => void;
  before(async () => {
    ({ home, dispose } = tempHome());
    for (const line of ['create role pod-reader --verb=get,list,watch --resource=pods,pods/log', 'create rolebinding jane-reads --role=pod-reader --user=jane', 'run holder --image=nginx']) {
      assert.equal((await runCli(line, { home })).code, 0, line);
    }
  });
  after(() => dispose());

  const forbidden = (what: string) => `User "jane" cannot ${what}`;

  test('what the role allows works; other lists, gets and writes are Forbidden, and nothing is written', async () => {
    assert.match((await runCli('get pods --as=jane', { home })).stdout, /^NAME {5}READY.*\nholder /);
    assert.deepEqual(await runCli('get deploy --as=jane', { home }), {
      stdout: '',
      stderr: `Error from server (Forbidden): deployments.apps is forbidden: ${forbidden('list resource "deployments" in API group "apps" in the namespace "default"')}\n`,
      code: 1,
    });
    assert.equal((await runCli('get pods -A --as=jane', { home })).stderr, `Error from server (Forbidden): pods is forbidden: ${forbidden('list resource "pods" in API group "" at the cluster scope')}\n`);
    assert.equal((await runCli('delete pod holder --as=jane', { home })).stderr, `Error from server (Forbidden): pods "holder" is forbidden: ${forbidden('delete resource "pods" in API group "" in the namespace "default"')}\n`);
    assert.equal(
      (await runCli('create configmap x --from-literal=a=b --as=jane', { home })).stderr,
      `error: failed to create configmap: configmaps is forbidden: ${forbidden('create resource "configmaps" in API group "" in the namespace "default"')}\n`,
    );
    assert.equal((await runCli('exec holder --as=jane -- true', { home })).stderr, `Error from server (Forbidden): pods "holder" is forbidden: ${forbidden('create resource "pods/exec" in API group "" in the namespace "default"')}\n`);
    assert.equal(
      (await runCli('scale deploy web --replicas=1 --as=jane', { home })).stderr,
      `error: no objects passed to scale deployments.apps "web" is forbidden: ${forbidden('get resource "deployments" in API group "apps" in the namespace "default"')}\n`,
    );
    assert.equal((await runCli('get pod holder -o name', { home })).stdout, 'pod/holder\n', 'the refused delete deleted nothing');
    assert.equal((await runCli('get cm x', { home })).code, 1, 'the refused create created nothing');
  });

  test('a listing narrowed by the store\'s label index is the namespace\'s list, as the request is (not a cluster-scope one)', async () => {
    // Enough pods that they are kept in shard files, whose label index the listing reads.
    assert.equal((await runCli('create deployment many --image=nginx --replicas=70', { home })).code, 0);
    const r = await runCli('get pods -l app=many --as=jane -o name', { home });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 70);
    assert.equal((await runCli('get pods -A -l app=many --as=jane', { home })).stderr, `Error from server (Forbidden): pods is forbidden: ${forbidden('list resource "pods" in API group "" at the cluster scope')}\n`);
    assert.equal((await runCli('delete deployment many', { home })).code, 0);
  });

  test('get of several types prints what it may list and reports the rest; the kind column follows what was listed', async () => {
    const r = await runCli('get pods,cm --as=jane', { home });
    assert.match(r.stdout, /^NAME {5}READY {3}STATUS {4}RESTARTS {3}AGE\nholder /);
    assert.equal(r.stderr, `Error from server (Forbidden): configmaps is forbidden: ${forbidden('list resource "configmaps" in API group "" in the namespace "default"')}\n`);
    assert.equal(r.code, 1);
  });

  test('apply words a refused GET as kubectl does; describe goes on without the Events it may not list', async () => {
    const file = join(home, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: b\n');
    assert.equal(
      (await runCli(`apply -f ${file} --as=jane`, { home })).stderr,
      'Error from server (Forbidden): error when retrieving current configuration of:\nResource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\n' +
        `Name: "applied", Namespace: "default"\nfrom server for: "${file}": configmaps "applied" is forbidden: ${forbidden('get resource "configmaps" in API group "" in the namespace "default"')}\n`,
    );
    const described = await runCli('describe pod holder --as=jane', { home });
    assert.equal(described.code, 0, described.stderr);
    assert.match(described.stdout, /\nEvents: +<none>\n$/);
    assert.doesNotMatch((await runCli('describe pod holder', { home })).stdout, /\nEvents: +<none>\n$/, 'the admin sees the pod\'s Events');
  });

  test('system:masters and the admin are allowed everything', async () => {
    assert.deepEqual(await runCli('get deploy --as=x --as-group=system:masters', { home }), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  });
});

describe('a service account token as credentials (--token): authenticated as the API server does, then authorized', () => {
  let home: string;
  let dispose: () => void;
  const now = '2026-12-04T10:00:00Z';
  let token = '';
  before(async () => {
    ({ home, dispose } = tempHome());
    for (const line of ['create serviceaccount robot', 'create role pod-reader --verb=get,list --resource=pods']) assert.equal((await runCli(line, { home, now })).code, 0, line);
    token = (await runCli('create token robot', { home, now })).stdout;
  });
  after(() => dispose());

  test('the token acts as its service account: Forbidden until a RoleBinding names it', async () => {
    assert.equal(
      (await runCli(['get', 'pods', `--token=${token}`], { home, now })).stderr,
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:robot" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    assert.equal((await runCli('create rolebinding robot-reads --role=pod-reader --serviceaccount=default:robot', { home, now })).code, 0);
    assert.deepEqual(await runCli(['get', 'pods', `--token=${token}`], { home, now }), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
    const who = (await runCli(['auth', 'whoami', `--token=${token}`], { home, now })).stdout;
    assert.match(who, /^ATTRIBUTE +VALUE\nUsername +system:serviceaccount:default:robot\nUID +[0-9a-f-]{36}\nGroups +\[system:serviceaccounts system:serviceaccounts:default system:authenticated\]\nExtra: authentication.kubernetes.io\/credential-id +\[JTI=[0-9a-f-]{36}\]\n$/);
  });

  test('a service account impersonates others only where RBAC grants it impersonate', async () => {
    assert.equal(
      (await runCli(['get', 'pods', `--token=${token}`, '--as=jane'], { home, now })).stderr,
      'Error from server (Forbidden): users "jane" is forbidden: User "system:serviceaccount:default:robot" cannot impersonate resource "users" in API group "" at the cluster scope\n',
    );
    await runCli('create clusterrole impersonator --verb=impersonate --resource=users', { home, now });
    await runCli('create clusterrolebinding robot-impersonates --clusterrole=impersonator --serviceaccount=default:robot', { home, now });
    assert.equal((await runCli(['auth', 'whoami', `--token=${token}`, '--as=jane', '-o', 'jsonpath={.status.userInfo.username}'], { home, now })).stdout, 'jane');
  });

  test('a token that is not the cluster\'s, or past its expiry, is Unauthorized; a TokenReview says why', async () => {
    const unauthorized = { stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)\n', code: 1 };
    assert.deepEqual(await runCli(['get', 'pods', '--token=bogus'], { home, now }), unauthorized);
    const forged = token.slice(0, token.lastIndexOf('.') + 1) + 'AAAA';
    assert.deepEqual(await runCli(['get', 'pods', `--token=${forged}`], { home, now }), unauthorized);
    const later = '2026-12-04T11:02:00Z';
    assert.deepEqual(await runCli(['get', 'pods', `--token=${token}`], { home, now: later }), unauthorized, 'an hour and its minute of leeway later');
    const file = join(home, 'review.yaml');
    writeFileSync(file, `apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec:\n  token: ${token}\n`);
    assert.equal((await runCli(`create -f ${file} -o jsonpath={.status.authenticated}/{.status.user.username}`, { home, now })).stdout, 'true/system:serviceaccount:default:robot');
    assert.equal((await runCli(`create -f ${file} -o jsonpath={.status}`, { home, now: later })).stdout, '{"error":"[invalid bearer token, service account token has expired]","user":{}}');
  });

  test('a token outlives nothing it names: its service account deleted, it is refused', async () => {
    const other = (await runCli('create serviceaccount temp', { home, now })).code === 0 ? (await runCli('create token temp', { home, now })).stdout : '';
    assert.equal((await runCli(['auth', 'whoami', `--token=${other}`, '-o', 'jsonpath={.status.userInfo.username}'], { home, now })).stdout, 'system:serviceaccount:default:temp');
    await runCli('delete serviceaccount temp', { home, now });
    assert.equal((await runCli(['auth', 'whoami', `--token=${other}`], { home, now })).code, 1);
  });
});

describe('the bootstrap RBAC policy is stored, and aggregated ClusterRoles are filled by a controller', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());
  const cli = (args: string) => runCli(args, { home });
  const json = async (args: string) => {
    const r = await cli(`${args} -o json`);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Record<string, any>;
  };

  test('a new cluster holds kind\'s ClusterRoles and ClusterRoleBindings, labelled as the API server labels its own', async () => {
    const roles = (await cli('get clusterroles -o name')).stdout.split('\n').filter(Boolean);
    for (const name of ['admin', 'cluster-admin', 'edit', 'view', 'system:aggregate-to-view', 'system:discovery', 'system:kube-scheduler', 'system:node-proxier', 'system:coredns', 'kindnetd', 'kubeadm:get-nodes']) {
      assert.ok(roles.includes(`clusterrole.rbac.authorization.k8s.io/${name}`), name);
    }
    assert.equal(roles.length, 34);
    const bindings = await json('get clusterrolebindings');
    const subjects = Object.fromEntries(bindings.items.map((b: any) => [b.metadata.name, `${b.roleRef.name}: ${(b.subjects ?? []).map((s: any) => `${s.kind}/${s.namespace ? `${s.namespace}/` : ''}${s.name}`).join(',')}`]));
    assert.equal(subjects['cluster-admin'], 'cluster-admin: Group/system:masters');
    assert.equal(subjects['kubeadm:cluster-admins'], 'cluster-admin: Group/kubeadm:cluster-admins');
    assert.equal(subjects['system:public-info-viewer'], 'system:public-info-viewer: Group/system:authenticated,Group/system:unauthenticated');
    assert.equal(subjects['kubeadm:node-proxier'], 'system:node-proxier: ServiceAccount/kube-system/kube-proxy');
    assert.equal(subjects['system:node'], 'system:node: ', 'the Node authorizer, not a subject, covers the kubelets');
    const view = await json('get clusterrole view');
    assert.deepEqual(view.metadata.labels, { 'kubernetes.io/bootstrapping': 'rbac-defaults', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' });
    assert.deepEqual(view.metadata.annotations, { 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
    assert.deepEqual(view.aggregationRule, { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] });
    // Filled from system:aggregate-to-view, the one role labelled aggregate-to-view.
    assert.deepEqual(view.rules, (await json('get clusterrole system:aggregate-to-view')).rules);
    // admin holds edit's rules (edit is labelled aggregate-to-admin), which hold view's, each rule once.
    const admin = (await json('get clusterrole admin')).rules as unknown[];
    const edit = (await json('get clusterrole edit')).rules as unknown[];
    for (const r of view.rules) assert.ok(edit.some((e) => JSON.stringify(e) === JSON.stringify(r)));
    for (const r of edit) assert.ok(admin.some((e) => JSON.stringify(e) === JSON.stringify(r)));
    assert.equal(new Set(admin.map((r) => JSON.stringify(r))).size, admin.length);
    assert.match((await cli('describe clusterrole admin')).stdout, /\n {2}rolebindings\.rbac\.authorization\.k8s\.io +\[\] +\[\] +\[create delete deletecollection get list patch update watch\]\n/);
  });

  test('a ClusterRole of one\'s own with an aggregationRule is filled, kept up as the roles it picks change, and emptied to null', async () => {
    for (const line of [
      'create clusterrole monitoring --aggregation-rule=example.com/aggregate-to-monitoring=true',
      'create clusterrole b-metrics --verb=get,list --resource=pods',
      'create clusterrole a-nodes --verb=get --resource=nodes',
    ]) assert.equal((await cli(line)).code, 0, line);
    assert.equal((await json('get clusterrole monitoring')).rules, null);
    assert.equal((await cli('label clusterrole b-metrics a-nodes example.com/aggregate-to-monitoring=true')).code, 0);
    // In name order, each rule once.
    assert.deepEqual((await json('get clusterrole monitoring')).rules, [
      { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    ]);
    const patch = JSON.stringify([{ op: 'replace', path: '/rules/0/verbs', value: ['get', 'watch'] }]);
    assert.equal((await runCli(['patch', 'clusterrole', 'a-nodes', '--type=json', '-p', patch], { home })).code, 0);
    assert.deepEqual((await json('get clusterrole monitoring')).rules[0], { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'watch'] });
    assert.equal((await cli('create clusterrolebinding mo --clusterrole=monitoring --user=mo')).code, 0);
    assert.equal((await cli('auth can-i watch nodes --as=mo')).stdout, 'yes\n');
    assert.equal((await cli('label clusterrole a-nodes b-metrics example.com/aggregate-to-monitoring-')).code, 0);
    assert.equal((await json('get clusterrole monitoring')).rules, null);
    assert.equal((await cli('auth can-i watch nodes --as=mo')).stdout, 'no\n');
  });

  test('the bootstrap objects are the cluster\'s like any other: deleting one takes away what it granted', async () => {
    assert.equal((await cli('auth can-i get /healthz --as=someone')).stdout, 'yes\n');
    assert.equal((await cli('delete clusterrolebinding system:public-info-viewer system:discovery')).code, 0);
    assert.equal((await cli('auth can-i get /healthz --as=someone')).stdout, 'no\n');
    assert.equal((await cli('create rolebinding v --clusterrole=view --user=vi')).code, 0);
    assert.equal((await cli('auth can-i list pods --as=vi')).stdout, 'yes\n');
    assert.equal((await cli('delete clusterrole view')).code, 0);
    assert.deepEqual(await cli('auth can-i list pods --as=vi'), { stdout: 'no - RBAC: clusterrole.rbac.authorization.k8s.io "view" not found\n', stderr: '', code: 1 });
  });

  test('a store made before the policy was stored is given it by its first command, as an API server creates what is missing when it starts', async () => {
    const { home: old, dispose: drop } = tempHome();
    try {
      assert.equal((await runCli('create clusterrole mine --verb=get --resource=pods', { home: old })).code, 0);
      assert.equal((await runCli('delete clusterroles,clusterrolebindings -l kubernetes.io/bootstrapping=rbac-defaults', { home: old })).code, 0);
      assert.equal((await runCli('delete clusterrole kindnetd system:coredns kubeadm:get-nodes', { home: old })).code, 0);
      assert.equal((await runCli('delete clusterrolebinding kindnetd system:coredns kubeadm:cluster-admins kubeadm:get-nodes kubeadm:kubelet-bootstrap kubeadm:node-autoapprove-bootstrap kubeadm:node-autoapprove-certificate-rotation kubeadm:node-proxier', { home: old })).code, 0);
      assert.equal((await runCli('get clusterroles,clusterrolebindings -o name', { home: old })).stdout, 'clusterrole.rbac.authorization.k8s.io/mine\n');
      // What an earlier build left: no policy and no record of it.
      const root = join(old, 'clusters', 'lite', 'store.json');
      const data = JSON.parse(readFileSync(root, 'utf8'));
      delete data.meta['rbac.bootstrap'];
      writeFileSync(root, JSON.stringify(data));
      const after = await runCli('get clusterroles -o name', { home: old });
      assert.equal(after.stdout.split('\n').filter(Boolean).length, 35, after.stderr);
      assert.equal((await runCli('auth can-i list pods --as=a --as-group=system:masters', { home: old })).stdout, 'yes\n');
      assert.equal((await runCli('get clusterrole view -o jsonpath={.rules[0].verbs}', { home: old })).stdout, '["get","list","watch"]');
      // Once given, what is deleted stays deleted.
      assert.equal((await runCli('delete clusterrole edit', { home: old })).code, 0);
      assert.equal((await runCli('get clusterrole edit', { home: old })).code, 1);
    } finally {
      drop();
    }
  });
});
