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
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
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
