/**
 * The arguments and flags kubectl refuses before it acts, in its words and in its order: the
 * builder's refusals (resource arguments beside -f, named objects beside a selector, a selector with
 * no type), create's checks before -f, exec -f's one object, and the set verbs' resources before
 * their changes, their own checks after the builder found the objects; a malformed TYPE/NAME refused
 * before any type is mapped. Through serve, the real
 * kubectl is the expectation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { comparable, kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const MISSING = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n';

describe('arguments and flags refused as kubectl refuses them, in its order', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((s) => {
    s.lite(['create', 'deployment', 'run', '--image=nginx']);
    s.lite(['run', 'solo', '--image=nginx']);
  });
  let dir = '';
  const file = (name: string) => join(dir, name);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kl-args-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

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

  test("exec -f of a Pod: kubectl checks and defaults the container from the file's pod, the server has the live one", async () => {
    const pod = (name: string, rest: string) => {
      const path = file(`exec-pod-${name}-${rest.length}.yaml`);
      writeFileSync(path, `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\n${rest}`);
      return path;
    };
    const none = await suite.same(['exec', '-f', pod('solo', ''), '--', 'echo', 'hi']);
    assert.equal(none.stderr, 'error: pod default/solo does not have any containers\n');
    const done = await suite.same(['exec', '-f', pod('solo', 'spec: {containers: [{name: solo, image: nginx}]}\nstatus: {phase: Succeeded}\n'), '--', 'echo', 'hi']);
    assert.equal(done.stderr, 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n');
    const annotated = pod('solo', 'spec: {containers: [{name: z, image: busybox}, {name: solo, image: nginx}]}\n').replace('.yaml', '');
    writeFileSync(`${annotated}.yaml`, 'apiVersion: v1\nkind: Pod\nmetadata: {name: solo, annotations: {kubectl.kubernetes.io/default-container: solo}}\nspec: {containers: [{name: z, image: busybox}, {name: solo, image: nginx}]}\n');
    assert.deepEqual(await suite.same(['exec', '-f', `${annotated}.yaml`, '--', 'echo', 'hi']), { code: 0, stdout: 'hi\n', stderr: '' });
    const two = await suite.same(['exec', '-f', pod('solo', 'spec: {containers: [{name: a, image: busybox}, {name: b, image: busybox}]}\n'), '--', 'echo', 'hi']);
    assert.equal(two.stderr, 'Defaulted container "a" out of: a, b\nError from server (BadRequest): container a is not valid for pod solo\n');
    const ghost = await suite.same(['exec', '-f', pod('ghost', 'spec: {containers: [{name: c, image: nginx}]}\n'), '--', 'echo', 'hi']);
    assert.equal(ghost.stderr, 'Error from server (NotFound): pods "ghost" not found\n');
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

  test('a category stands for its types where kubectl expands it: not in a TYPE/NAME, nor among several types given names', async () => {
    for (const words of [
      ['label', 'all', '--all', 'a=b', '--dry-run=client'],
      ['annotate', 'all,pods', '--all', 'a=b', '--dry-run=client', '-o', 'name'],
      ['label', 'all', 'nope', 'a=b'],
      ['describe', 'all', 'nope'],
      ['describe', 'all,pods', 'nope'],
      ['delete', 'all,pods', 'nope', '--dry-run=client'],
      ['delete', 'all,all', '--all', '--dry-run=client', '-o', 'name'],
      ['get', 'all,pods', 'nope'],
      ['get', 'all/nope'],
      ['get', 'pods,all', 'nope', '-o', 'name'],
      // Every verb whose builder takes TYPE[,TYPE] NAME... arguments.
      ['set', 'image', 'all', '--all', '*=x', '--dry-run=client'],
      ['set', 'selector', 'all', '--all', 'a=b', '--dry-run=client'],
      ['scale', 'all', '--all', '--replicas=1', '--dry-run=client'],
      ['rollout', 'history', 'all'],
      ['rollout', 'status', 'all', '--watch=false'],
      ['patch', 'all', 'x', '-p', '{}'],
      ['expose', 'all', '--port=80', '--dry-run=client'],
    ]) await suite.same(words);
  });

  test('a malformed TYPE/NAME is refused before its type is mapped, by every verb that takes one pod or object', async () => {
    for (const arg of ['a/b/c', 'x/', '/x', 'pods,svc/x']) {
      for (const words of [
        ['logs', arg],
        ['exec', arg, '--', 'ls'],
        ['attach', arg],
        ['port-forward', arg, '80'],
        ['debug', arg, '--image=busybox', '-q', '--attach=false'],
        ['cordon', arg],
      ]) await suite.same(words);
    }
    // debug maps every argument's type before it debugs the first.
    await suite.same(['debug', 'nope', 'nope/x', '--image=busybox', '-q', '--attach=false']);
  });

  test("set env and set serviceaccount word the server's refusal of a patch as kubectl does, and go on with the others", async () => {
    assert.equal(suite.served.lite(['run', 'lone', '--image=nginx']).code, 0);
    assert.match((await suite.same(['set', 'env', 'pod/lone', 'deploy/run', 'A=1', '--dry-run=server'])).stderr, /^error: failed to patch env update to pod template: Pod "lone" is invalid: spec: Forbidden: /);
    assert.match((await suite.same(['set', 'serviceaccount', 'pod/lone', 'deploy/run', 'robot', '--dry-run=server'])).stderr, /failed to patch ServiceAccountName Pod "lone" is invalid: /);
  });

  test("a flag taking a value is given the next word whatever it is, and a run of shorthands is read one flag at a time, as pflag reads them", async () => {
    const ageless = (r: { stdout: string; stderr: string; code: number }) => ({ ...r, stdout: r.stdout.replace(/ +\S+\n/g, '\n') });
    for (const words of [
      ['get', 'pods', '-l', '-a=b'],
      ['get', 'pods', '--selector', '-n'],
      ['get', 'pods', '-l', '-n'],
      ['get', 'pods', '--field-selector', '-a=b'],
      ['get', 'pods', '-n', '-x=b'],
      ['get', 'pods', '-o', '-n'],
      ['label', 'pods', '-l', '-a=b', 'x=y'],
      ['create', 'configmap', 'c', '--from-literal', '-a=b', '--dry-run=client', '-o', 'yaml'],
      ['get', 'deploy', '-An', '-x=b', '-o', 'name'],
      ['get', 'deploy', '-An', 'default', '-o', 'name'],
      ['get', 'deploy', '-Aw=false', '-o', 'name'],
      ['get', 'deploy', '-Aoname'],
      ['get', 'deploy', '-Ao=name'],
      ['get', 'deploy', '-L', '-x=b'],
    ]) {
      await suite.same(words, ageless);
    }
    assert.equal((await suite.same(['get', 'pods', '-n', '-x=b'])).stderr, 'No resources found in -x=b namespace.\n');
    assert.match((await suite.same(['get', 'deploy', '-Aw=false', '-o', 'name'])).stdout, /^deployment\.apps\/run\ndeployment\.apps\/ingress-nginx-controller\n/);
  });
});

