/**
 * The verbs that visit the objects -f names (rollout, wait, expose, autoscale) go on past a
 * document kubectl's builder cannot read, map or find, act on the others, and report what failed at
 * the end, worded and ordered as kubectl words them: an error of the files' reading alone is bare
 * where the verb took it from the builder's Infos() (rollout pause/resume/restart), `error: ` where
 * it visited (status, history, undo, wait, expose, autoscale); rollout and expose decode into
 * kubectl's typed scheme, so a kind it does not know is unreadable, not unmapped. Also wait's
 * --for=jsonpath, expose's selector introspection, and the set verbs' -f. Through serve, the real kubectl is the expectation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { comparable, kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const UNREADABLE = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: 5}\n';
const WIDGET = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n';
const MISSING = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n';
const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\n`;

describe('-f with documents kubectl cannot read, map or find, as kubectl reports them', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  // `held` is paused and `run` is not: pausing the one and resuming the other fail the same way for both clients.
  const suite = serveForSuite((s) => {
    s.lite(['create', 'deployment', 'run', '--image=nginx']);
    s.lite(['create', 'deployment', 'held', '--image=nginx']);
    s.lite(['rollout', 'pause', 'deployment/held']);
  });
  let dir = '';
  const file = (name: string) => join(dir, name);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kl-visit-'));
    writeFileSync(file('bad.yaml'), UNREADABLE);
    writeFileSync(file('held.yaml'), [UNREADABLE, WIDGET, MISSING, deployment('held')].join('---\n'));
    writeFileSync(file('run.yaml'), [UNREADABLE, WIDGET, MISSING, deployment('run')].join('---\n'));
    writeFileSync(file('two.yaml'), [deployment('run'), UNREADABLE, deployment('held')].join('---\n'));
    writeFileSync(file('versions.yaml'), [
      'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n',
      'apiVersion: apps/v1\nkind: Widget\nmetadata: {name: x}\n',
      'apiVersion: storage.k8s.io/v1alpha1\nkind: CSIDriver\nmetadata: {name: x}\n',
      'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: x}\n',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\n',
    ].join('---\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("expose: what kubectl cannot expose, the selectors it cannot find, in kubectl's words; the ports it makes", async () => {
    const template = '  template: {metadata: {labels: {app: x}}, spec: {containers: [{name: a, image: a}]}}\n';
    const objects: Record<string, string> = {
      expressions: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: e}\nspec:\n  selector: {matchLabels: {app: x}, matchExpressions: [{key: a, operator: In, values: [x, y]}, {key: b, operator: Exists}]}\n${template}`,
      noLabels: `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: e}\nspec:\n  selector: {matchExpressions: [{key: a, operator: Exists}]}\n${template}`,
      noSelector: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: e}\nspec:\n${template}`,
      statefulSet: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: e}\nspec:\n${template}`,
      configMap: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: e}\n',
      service: 'apiVersion: v1\nkind: Service\nmetadata: {name: e}\nspec: {ports: [{port: 80}]}\n',
      emptyRc: `apiVersion: v1\nkind: ReplicationController\nmetadata: {name: e}\nspec:\n  selector: {}\n${template}`,
      pod: 'apiVersion: v1\nkind: Pod\nmetadata: {name: e}\nspec: {containers: [{name: a, image: a}]}\n',
    };
    // What the first object gives (selector, ports, labels) kubectl keeps for the next ones; protocols are each object's own.
    objects.kept = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: da, labels: {x: "1"}}\nspec:\n  selector: {matchLabels: {a: "1"}}\n  template:\n    metadata: {labels: {a: "1"}}\n    spec:\n      containers: [{name: a, image: a, ports: [{containerPort: 8080, protocol: UDP}]}]\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, labels: {z: "2"}}\nspec:\n  selector: {matchLabels: {b: "2"}}\n  template:\n    metadata: {labels: {b: "2"}}\n    spec:\n      containers: [{name: a, image: a, ports: [{containerPort: 9090}, {containerPort: 9091}]}]\n',
    ].join('---\n');
    // A port served over two protocols becomes a port for each; a Service's port names are not kept.
    objects.protocols = 'apiVersion: v1\nkind: Pod\nmetadata: {name: dns, labels: {a: b}}\nspec:\n  containers: [{name: a, image: a, ports: [{containerPort: 53, protocol: TCP}, {containerPort: 53, protocol: UDP}, {containerPort: 80}]}]\n';
    objects.named = 'apiVersion: v1\nkind: Service\nmetadata: {name: sv}\nspec:\n  selector: {a: b}\n  ports: [{name: http, port: 80, targetPort: 8080}, {name: dns, port: 53, protocol: UDP}, {name: dnst, port: 53, protocol: TCP}]\n';
    for (const name of ['kept', 'protocols', 'named']) {
      writeFileSync(file(`${name}.yaml`), objects[name]!);
      for (const extra of [[], ['--port=53'], ['--port=80,53'], ['--protocol=SCTP']]) {
        await suite.same(['expose', '-f', file(`${name}.yaml`), '--dry-run=client', '-o', 'yaml', ...extra]);
      }
      delete objects[name];
    }
    for (const [name, text] of Object.entries(objects)) {
      writeFileSync(file(`${name}.yaml`), text);
      await suite.same(['expose', '-f', file(`${name}.yaml`), '--port=80', '--dry-run=client']);
      await suite.same(['expose', '-f', file(`${name}.yaml`), '--port=80', '--dry-run=client', '--selector=a=b']);
    }
  });

  test('rollout pause, resume and restart: the builder\'s errors first, bare, then each object\'s', async () => {
    await suite.same(['rollout', 'restart', '-f', file('bad.yaml')]);
    await suite.same(['rollout', 'pause', '-f', file('held.yaml')]);
    await suite.same(['rollout', 'restart', '-f', file('held.yaml')]);
    await suite.same(['rollout', 'resume', '-f', file('run.yaml')]);
  });

  test('rollout status, history and undo: each document in its place, the objects they name acted on', async () => {
    await suite.same(['rollout', 'status', '-f', file('two.yaml')]);
    await suite.same(['rollout', 'status', '-f', file('run.yaml')]);
    await suite.same(['rollout', 'history', '-f', file('run.yaml')]);
    await suite.same(['rollout', 'undo', '-f', file('two.yaml'), '--dry-run=server']);
    await suite.same(['rollout', 'history', '-f', file('versions.yaml')]);
  });

  test('wait: every object waited on, every failure (unreadable, unmapped, missing, timed out) reported in order', async () => {
    await suite.same(['wait', '--for=condition=Available', '-f', file('two.yaml'), '--timeout=5s']);
    await suite.same(['wait', '--for=condition=Available', '-f', file('run.yaml'), '--timeout=5s']);
    await suite.same(['wait', '--for=condition=Progressing=False', 'deployment/run', 'deployment/nope', 'deployment/held', '--timeout=1s']);
    // The objects' own failures first, then the documents the builder could not read.
    await suite.same(['wait', '--for=condition=Progressing=False', '-f', file('two.yaml'), '--timeout=1s']);
  });

  test('wait --for: a jsonpath expression and value as kubectl reads them (one value to compare, never an object), the other conditions', async () => {
    const fors = [
      '{.spec.replicas}="1"', "{.spec.replicas}=' 1 '", '.metadata.name=run', '{metadata.name}=run', '{.metadata.labels}',
      '{.metadata.name}=', '{}', '', '{.a', '{.metadata.name}=d1=x', '{.metadata.name}{.metadata.uid}=run', '{.a[}=1',
      '{.status.conditions[*].type}=Available', '{.status.conditions[*].type}', '{.metadata.labels}={"app":"run"}', '{.spec.replicas}=1.0',
    ];
    for (const f of fors) await suite.same(['wait', 'deployment/run', 'deployment/held', `--for=jsonpath=${f}`, '--timeout=300ms']);
    // The other conditions: delete and create in any case, a condition with no name waited for (never met).
    for (const f of ['condition=', 'condition==x', 'Delete', 'CREATE', 'condition=Available=TRUE', 'conditions=Available', 'jsonpath']) {
      await suite.same(['wait', 'deployment/run', `--for=${f}`, '--timeout=300ms']);
    }
  });

  test('set: the verbs that take every object first edit nothing when the builder failed; set selector visits the others', async () => {
    writeFileSync(file('found-missing.yaml'), [deployment('run'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nope}\n'].join('---\n'));
    writeFileSync(file('typed.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: run}\nspec:\n  selector: {matchExpressions: [{key: a, operator: In, values: [x, y]}]}\n');
    for (const f of ['found-missing.yaml', 'run.yaml', 'two.yaml', 'typed.yaml']) {
      await suite.same(['set', 'image', '-f', file(f), 'a=b', '--dry-run=server']);
      await suite.same(['set', 'resources', '-f', file(f), '--limits=cpu=1', '--dry-run=server']);
      await suite.same(['set', 'selector', '-f', file(f), 'a=b', '--dry-run=server']);
    }
    await suite.same(['set', 'env', '--local', '-f', file('run.yaml'), 'A=1', '-o', 'name']);
    await suite.same(['set', 'selector', '--local', '-f', file('run.yaml'), 'a=b', '-o', 'name']);
  });

  test('expose and autoscale: each object of the file generated for, then what could not be read', async () => {
    await suite.same(['expose', '-f', file('two.yaml'), '--port=80', '--dry-run=server']);
    await suite.same(['expose', '-f', file('run.yaml'), '--port=80', '--dry-run=server']);
    await suite.same(['autoscale', '-f', file('run.yaml'), '--max=3', '--dry-run=server']);
    await suite.same(['expose', '-f', file('versions.yaml'), '--port=80']);
  });

  test('named objects with --all: the names are visited (--all is ignored), not with --all-namespaces', async () => {
    for (const args of [
      ['scale', 'deploy', 'run', '--all', '--replicas=3', '--dry-run=server'],
      ['set', 'env', 'deploy', 'run', '--all', 'A=1', '--dry-run=server'],
      ['label', 'deploy', 'run', 'a=b', '--all', '--dry-run=server'],
      ['annotate', 'deploy', 'run', 'a=b', '--all', '--dry-run=server'],
      ['annotate', 'deploy', 'run', 'a=b', '--all-namespaces', '--dry-run=server'],
      ['delete', 'deploy', 'run', '--all', '--dry-run=server'],
      // --now is a grace period of 1, which --force refuses
      ['delete', 'deploy', 'run', '--now', '--force', '--dry-run=server'],
      ['delete', 'deploy', 'run', '--force', '--grace-period=5', '--dry-run=server'],
      ['delete', 'deploy', 'nope', '--force', '--grace-period=0'],
    ]) await suite.same(args);
  });

  test('--subresource is asked of the server, which has only those a type serves (kubectl checks none)', async () => {
    const edit = { env: { EDITOR: 'true' } };
    for (const args of [
      ['patch', 'deploy', 'run', '--subresource=bogus', '-p', '{}'],
      ['patch', 'deploy', 'nope', '--subresource=bogus', '-p', '{}'],
      ['patch', 'deploy', 'nope', 'run', '--subresource=status', '-p', '{}', '--dry-run=server'],
      ['patch', 'cm', 'nope', '--subresource=scale', '-p', '{}'],
      ['apply', '--server-side', '--subresource=bogus', '-f', file('two.yaml'), '--dry-run=server'],
    ]) await suite.same(args);
    for (const args of [['edit', 'deploy', 'run', '--subresource=bogus'], ['edit', 'cm', 'nope', '--subresource=scale'], ['edit', 'deploy', 'run', '--subresource=scale']]) {
      const real = await suite.served.kubectl(args, edit);
      assert.deepEqual(suite.served.lite(args, edit), real, args.join(' '));
    }
  });

  test("set's errors: the edits' first (no blank line), then each object's it could not edit (a blank line after each) or the server refused", async () => {
    for (const args of [
      ['set', 'image', 'deploy/run', 'deploy/held', 'nope=x'],
      ['set', 'image', 'cm/kube-root-ca.crt', 'deploy/run', 'nope=x'],
      ['set', 'image', 'cm/kube-root-ca.crt', 'svc/kubernetes', 'nope=x'],
      ['set', 'image', 'deploy/run', 'nginx='],
      ['set', 'image', 'cm/kube-root-ca.crt', 'deploy/run', 'deploy/held', 'nginx='],
      ['set', 'resources', 'deploy/run', 'deploy/held', '--limits=cpu=-1'],
      ['set', 'resources', 'deploy/run', '-c', 'nope', '--limits=cpu=1'],
    ]) await suite.same([...args, '--dry-run=server']);
    // set env's variables as kubectl parses them; a key --from renames is warned about.
    for (const args of [['--env=A'], ['1A=x'], ['=x'], ['--env=A=1', 'B-', '-o', 'name'], ['--from=configmap/kube-root-ca.crt', '--prefix=X_', '-o', 'name']]) {
      await suite.same(['set', 'env', 'deploy/run', ...args, '--dry-run=client']);
    }
  });

  test("expose's session affinity (None or ClientIP) and load balancer address (a LoadBalancer's only)", async () => {
    for (const extra of [['--session-affinity=clientip'], ['--session-affinity=ClientIP'], ['--load-balancer-ip=1.2.3.4'], ['--type=LoadBalancer', '--load-balancer-ip=1.2.3.4']]) {
      await suite.same(['expose', 'deploy', 'run', '--port=80', '--dry-run=client', '-o', 'yaml', ...extra]);
    }
  });

  test('create -f checks its arguments, the dry run, --validate and the printer first, in that order, before -f; create --edit refuses its printer once per object', async () => {
    const two = file('cms.yaml');
    writeFileSync(two, `${MISSING}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm2}\n`);
    const unexpected = await suite.same(['create', 'oops', '-f', two], (r) => comparable(r, 'kubectl-lite'));
    assert.equal(unexpected.stderr.split('\n')[0], 'error: Unexpected args: [oops]');
    // Nothing was created: the two ConfigMaps are still missing.
    assert.equal((await suite.same(['get', 'cm', 'cm', 'cm2'])).code, 1);
    for (const words of [['-o', 'bogus'], ['-o', 'bogus', '--validate=bogus', '-f', two], ['--validate=bogus', '--dry-run=bogus'], ['--edit', '-o', 'bogus'], ['--raw', '/x', '-o', 'bogus']]) {
      await suite.same(['create', ...words]);
    }
    const perObject = await suite.same(['create', '-f', two, '--edit', '-o', 'name']);
    assert.equal(perObject.stderr, 'unable to match a printer suitable for the output format "name", allowed formats are: json,yaml\n'.repeat(2));
  });

  test('exec -f: the one object the file holds, as written (its selector), never a word before --', async () => {
    const cms = file('exec-cms.yaml');
    writeFileSync(cms, `${MISSING}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm2}\n`);
    const cm = file('exec-cm.yaml');
    writeFileSync(cm, MISSING);
    // Named `other`, which the cluster does not have: its selector finds run's pods.
    const other = file('exec-other.yaml');
    writeFileSync(other, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\nspec:\n  selector: {matchLabels: {app: run}}\n  template:\n    metadata: {labels: {app: run}}\n    spec: {containers: [{name: nginx, image: nginx}]}\n');
    const usage = await suite.same(['exec', '-f', cm, 'ls'], (r) => comparable(r, 'kubectl-lite'));
    assert.equal(usage.stderr.split('\n')[0], 'error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
    assert.equal((await suite.same(['exec', '-f', cms, '--', 'ls'])).stderr, 'error: cannot exec into multiple objects at a time\n');
    assert.equal((await suite.same(['exec', '-f', cm, '--', 'ls'])).stderr, 'error: cannot attach to *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n');
    await suite.same(['exec', '-f', cm, 'x', '--', 'ls']);
    assert.equal((await suite.same(['exec', '-f', other, '--', 'echo', 'hi'])).stdout, 'hi\n');
  });

  test("-f beside resource arguments: the builder's refusal worded by the arguments' form, after their own errors; set's resources before its changes", async () => {
    const cm = file('args-cm.yaml');
    writeFileSync(cm, MISSING);
    for (const verb of [['get'], ['describe'], ['delete'], ['scale', '--replicas=1'], ['apply', 'view-last-applied'], ['rollout', 'status'], ['autoscale', '--max=2']]) {
      for (const args of [['cm/cm'], ['cm', 'cm'], ['cm', 'cm/cm'], ['cm/cm/x']]) await suite.same([...verb, '-f', cm, ...args]);
    }
    assert.equal((await suite.same(['get', '-f', cm, 'cm/cm'])).stderr, 'error: resource/name arguments cannot be provided when a path is specified\n');
    const env = await suite.same(['set', 'env', 'deploy/run', 'A=1', 'deploy/held', '--dry-run=client']);
    assert.equal(env.stderr, 'error: all resources must be specified before environment changes: deploy/run A=1 deploy/held\n');
    assert.equal((await suite.same(['set', 'image', 'deploy/run', 'nginx=x', 'deploy/held', '--dry-run=client'])).stderr, 'error: all resources must be specified before image changes: deploy/held\n');
    await suite.same(['set', 'env', '-f', cm, 'A=1', 'cm/cm', '--dry-run=client']);
    await suite.same(['set', 'env', 'deploy/run', 'A=1', '--all', '-l', 'a=b', '--dry-run=client']);
  });

  test('named objects beside a selector, and a selector with no type, refused in the builder\'s words; set selector\'s last word is a selector of any syntax', async () => {
    // Each verb's words before the resources, and after them (label's and set image's changes).
    const verbs = [[['get'], []], [['describe'], []], [['delete'], []], [['label'], ['x=y']], [['scale', '--replicas=1'], []], [['rollout', 'status'], []], [['wait', '--for=delete', '--timeout=1s'], []], [['set', 'image'], ['nginx=x']]];
    for (const [verb, after] of verbs) {
      const tuple = await suite.same([...verb!, 'deploy/run', ...after!, '-l', 'a=b']);
      assert.equal(tuple.stderr, 'error: selectors and the all flag cannot be used when passing resource/name arguments\n', verb!.join(' '));
      await suite.same([...verb!, 'deploy', 'run', ...after!, '-l', 'a=b']);
    }
    for (const verb of [['scale', '--replicas=1'], ['wait', '--for=delete'], ['set', 'image', 'nginx=x'], ['set', 'resources', '--limits=cpu=1']]) {
      assert.equal((await suite.same([...verb, '-l', 'a=b'])).stderr, 'error: at least one resource must be specified to use a selector\n', verb.join(' '));
    }
    await suite.same(['delete', 'deploy/run', '--all']);
    assert.equal(suite.served.lite(['expose', 'deploy/run', '--port=80']).code, 0);
    assert.equal((await suite.same(['set', 'selector', 'svc/run', 'a in (b),c', '--dry-run=client'])).stderr, 'error: match expression [{a In [b]} {c Exists []}] not supported on this object\n');
    for (const selector of ['', 'a!=b', '=b', 'svc/run']) await suite.same(['set', 'selector', 'svc/run', selector, '--dry-run=client', '-o', 'yaml']);
    await suite.same(['set', 'selector', 'svc/run', '--dry-run=client']);
    assert.equal((await suite.same(['set', 'image', 'deploy/run', 'nginx-', '--dry-run=client'])).stderr, 'error: invalid image format: nginx-\n');
  });

  test("set: the builder finds every object before the verb checks its own flags (kubectl's Complete, then Validate)", async () => {
    for (const args of [['image', 'deploy/nope'], ['resources', 'deploy/nope', '--limits=cpu=bogus'], ['subject', 'rolebinding/nope'], ['env', 'deploy/nope']]) {
      assert.match((await suite.same(['set', ...args])).stderr, /^Error from server \(NotFound\): .* "nope" not found\n$/, args.join(' '));
    }
    for (const args of [['image', 'deploy/run', '--all', '-l', 'a=b', 'nginx=x'], ['resources', 'deploy/run'], ['subject', 'deploy/run', '--serviceaccount=bad'], ['image', 'deploy/run', 'nginx=x', '*=y']]) {
      await suite.same(['set', ...args, '--dry-run=client']);
    }
    // No change is no error: nothing is sent, nothing printed.
    assert.deepEqual(await suite.same(['set', 'env', 'deploy/run', '--dry-run=client']), { stdout: '', stderr: '', code: 0 });
  });

  test('set env --list lists the variables as the changes leave them (--env, the arguments, then --from\'s), and changes nothing', async () => {
    assert.equal(suite.served.lite(['create', 'configmap', 'list-cfg', '--from-literal=a.b=1']).code, 0);
    const listed = await suite.same(['set', 'env', 'deploy/run', '--list', 'A=1', '--env=C=3', '--from=configmap/list-cfg']);
    assert.equal(listed.stdout, '# Deployment run, container nginx\nC=3\nA=1\n# A_B from configmap list-cfg, key a.b\n');
    assert.equal(listed.stderr, 'Warning: key a.b transferred to A_B\n');
    await suite.same(['set', 'env', 'deploy/run', 'B=2', '--env=D=4', '--dry-run=client', '-o', 'jsonpath={.spec.template.spec.containers[0].env}']);
    assert.equal((await suite.same(['set', 'env', 'deploy/run', '--list'])).stdout, '# Deployment run, container nginx\n');
    await suite.same(['set', 'env', 'deploy/run', 'A_B=0', '--from=configmap/list-cfg', '--dry-run=client', '-o', 'jsonpath={.spec.template.spec.containers[0].env}']);
    assert.equal((await suite.same(['set', 'env', 'deploy/run', 'A=1', 'A-', '--dry-run=client'])).stderr, 'error: can not both modify and remove the same environment variable in the same command\n');
  });

  test("set env and set serviceaccount word the server's refusal of a patch as kubectl does, and go on with the others", async () => {
    assert.equal(suite.served.lite(['run', 'lone', '--image=nginx']).code, 0);
    assert.match((await suite.same(['set', 'env', 'pod/lone', 'deploy/run', 'A=1', '--dry-run=server'])).stderr, /^error: failed to patch env update to pod template: Pod "lone" is invalid: spec: Forbidden: /);
    assert.match((await suite.same(['set', 'serviceaccount', 'pod/lone', 'deploy/run', 'robot', '--dry-run=server'])).stderr, /failed to patch ServiceAccountName Pod "lone" is invalid: /);
  });

  test("expose's --selector and --labels: k=v pairs only, checked after the ports are found, before they are parsed", async () => {
    const cases = [
      ['--selector=a in (b)'], ['--labels=a=b=c'], ['--labels==x'], ['--selector=a', '--port=abc'], ['--labels=a', '--port=abc'],
      ['--selector=a=,b=c', '-o', 'yaml'], ['--labels=a=1,a=2', '-o', 'yaml'],
    ];
    for (const extra of cases) {
      await suite.same(['expose', 'deploy', 'run', '--port=80', '--name=svc', '--dry-run=client', ...extra]);
    }
    const refused = await suite.same(['expose', 'deploy', 'run', '--port=80', '--selector=tier in (web)', '--dry-run=client']);
    assert.deepEqual([refused.stderr, refused.code], ['error: unexpected label spec: tier in (web)\n', 1]);
  });
});
