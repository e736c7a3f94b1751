/**
 * What each verb does with -f that holds no object (an empty file, a file of comments, an empty
 * List, a directory of empty files): only apply, create, patch, scale and autoscale count what they
 * visited and refuse nothing (`no objects passed to <verb>`); the others visit nothing and succeed,
 * or say so in their own words (rollout's `No resources found in <ns> namespace.`, replace --force's
 * and certificate's `No resources found`, wait's `no matching resources found` for a condition, edit's
 * `edit cancelled`). Then the verbs that fetch every object before acting (set, edit,
 * edit-last-applied) report each missing name, where view-last-applied stops at the first, and
 * certificate's names read as kubectl's builder reads them (TYPE/NAME of any type). A document without a
 * name is not fetched: the verb works on the document, and client-go refuses its request (rollout's
 * helpers each in their own words; status waits for an object that never comes).
 * Through serve, the real kubectl is the expectation.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

describe('-f with no object, and every missing name, as kubectl reports them', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((s) => {
    s.lite(['create', 'deployment', 'a', '--image=nginx']);
    s.lite(['create', 'serviceaccount', 'sa']);
  });
  let dir = '';
  const at = (...parts: string[]) => join(dir, ...parts);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kl-empty-'));
    writeFileSync(at('empty.yaml'), '');
    writeFileSync(at('comment.yaml'), '# nothing here\n---\n');
    writeFileSync(at('list.yaml'), 'apiVersion: v1\nkind: List\nitems: []\n');
    writeFileSync(at('noname.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {app: x}\ndata:\n  a: b\n');
    writeFileSync(
      at('noname-deploy.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels: {app: x}\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: c, image: nginx}]}\n',
    );
    // (The second object has no labels of its own: kubectl lists several from a Go map, in no fixed order.)
    writeFileSync(at('noname-then-sa.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n`);
    const workload = (kind: string, extra = '') =>
      `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  labels: {app: x}\nspec:\n${extra}  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    writeFileSync(at('noname-paused.yaml'), workload('Deployment', '  paused: true\n'));
    writeFileSync(at('noname-kinds.yaml'), [workload('DaemonSet'), workload('StatefulSet'), 'apiVersion: v1\nkind: Service\nmetadata: {}\nspec: {ports: [{port: 80}]}\n'].join('---\n'));
    writeFileSync(at('numbered-deploy.yaml'), workload('Deployment').replace('metadata:\n', 'metadata:\n  name: 5\n'));
    mkdirSync(at('dir'));
    writeFileSync(at('dir', 'a.yaml'), '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('verbs that succeed on nothing, silently', async () => {
    for (const file of ['empty.yaml', 'comment.yaml', 'list.yaml', 'dir']) {
      const f = at(file);
      await suite.same(['label', '-f', f, 'a=b']);
      await suite.same(['annotate', '-f', f, 'a=b']);
      await suite.same(['set', 'image', '-f', f, 'nginx=x']);
      await suite.same(['replace', '-f', f]);
      await suite.same(['rollout', 'history', '-f', f]);
      await suite.same(['wait', '-f', f, '--for=delete']);
      await suite.same(['diff', '-f', f]);
    }
    const f = at('empty.yaml');
    for (const words of [
      ['annotate', '-f', f, 'a=b', '--dry-run=client', '-o', 'name'],
      ['set', 'env', '-f', f, 'A=1'],
      ['set', 'env', '-f', f, '--list'],
      ['set', 'resources', '-f', f, '--limits=cpu=1'],
      ['set', 'serviceaccount', '-f', f, 'sa'],
      ['set', 'selector', '-f', f, 'a=b'],
      ['set', 'subject', '-f', f, '--user=u'],
      ['set', 'image', '-f', f, 'nginx=x', '--local', '-o', 'yaml'],
      ['expose', '-f', f, '--port=80'],
      ['rollout', 'undo', '-f', f],
      ['apply', 'set-last-applied', '-f', f],
      ['apply', 'set-last-applied', '-f', f, '--create-annotation', '--dry-run=client'],
      ['apply', 'view-last-applied', '-f', f],
      ['auth', 'reconcile', '-f', f],
      ['create', '-f', f, '--edit'],
    ]) await suite.same(words);
  });

  test('verbs that count what they visited refuse nothing', async () => {
    for (const file of ['empty.yaml', 'list.yaml']) {
      const f = at(file);
      await suite.same(['apply', '-f', f]);
      await suite.same(['create', '-f', f]);
      await suite.same(['autoscale', '-f', f, '--max=3']);
      await suite.same(['scale', '-f', f, '--replicas=1']);
      await suite.same(['patch', '-f', f, '-p', '{}']);
    }
  });

  test('verbs that say in their own words that there was nothing', async () => {
    const f = at('empty.yaml');
    for (const words of [
      ['rollout', 'status', '-f', f],
      ['rollout', 'restart', '-f', f],
      ['rollout', 'pause', '-f', f],
      ['rollout', 'resume', '-f', f, '-n', 'kube-system'],
      ['replace', '--force', '-f', f],
      ['certificate', 'approve', '-f', f],
      ['certificate', 'deny', '-f', at('list.yaml'), '-o', 'name'],
      ['wait', '-f', f, '--for=condition=Ready'],
      ['wait', '-f', f, '--for=jsonpath={.a}=b'],
      ['edit', '-f', f],
      ['apply', 'edit-last-applied', '-f', f],
      ['delete', '-f', f],
      ['get', '-f', f],
    ]) await suite.same(words);
    // A selector that matches no workload is the same nothing to rollout's mutations.
    await suite.same(['rollout', 'restart', 'deployment', '-l', 'x=y']);
    await suite.same(['rollout', 'pause', 'deployment', '-l', 'x=y', '-o', 'name']);
    await suite.same(['rollout', 'resume', 'deployment', '-l', 'x=y']);
  });

  test('set, edit and edit-last-applied report every missing name; view-last-applied the first', async () => {
    for (const words of [
      ['set', 'image', 'deploy/b', 'deploy/a', 'deploy/c', 'nginx=x'],
      ['set', 'env', 'deploy/b', 'deploy/a', 'deploy/c', 'A=1', '--dry-run=client'],
      ['set', 'resources', 'deploy/a', 'deploy/b', 'deploy/c', '--limits=cpu=1'],
      ['set', 'serviceaccount', 'deploy/b', 'deploy/c', 'sa'],
      ['set', 'selector', 'svc/b', 'svc/c', 'app=x'],
      ['set', 'subject', 'rolebinding/b', 'rolebinding/c', '--user=u'],
      ['set', 'image', 'deploy/b', 'pod/c', 'nginx=x'],
      // Missing names are reported before the verb's own arguments are checked.
      ['set', 'image', 'deploy/b', 'deploy/c'],
      ['edit', 'deploy/b', 'deploy/a', 'deploy/c'],
      ['apply', 'edit-last-applied', 'deploy/a', 'deploy/b', 'deploy/c'],
      ['apply', 'view-last-applied', 'deploy/b', 'deploy/c'],
    ]) await suite.same(words);
  });

  test('a document without a name is not fetched: the verb is given the document, and client-go refuses its request', async () => {
    const [cm, deploy, mixed] = [at('noname.yaml'), at('noname-deploy.yaml'), at('noname-then-sa.yaml')];
    for (const words of [
      ['set', 'env', '-f', cm, 'A=1'],
      ['set', 'env', '-f', deploy, 'A=1'],
      ['set', 'env', '-f', deploy, 'A=1', '--dry-run=client'],
      ['set', 'env', '-f', deploy, '--list'],
      ['set', 'image', '-f', deploy, 'c=busybox'],
      ['set', 'resources', '-f', deploy, '--limits=cpu=1'],
      ['set', 'serviceaccount', '-f', deploy, 'sa'],
      ['set', 'selector', '-f', cm, 'a=b'],
      ['set', 'subject', '-f', cm, '--user=u'],
      ['label', '-f', cm, 'a=b'],
      ['label', '-f', cm, 'a-'],
      ['label', '-f', cm, 'a=b', '--dry-run=client'],
      ['label', '-f', mixed, 'a=b', '--list'],
      ['annotate', '-f', mixed, 'a=b'],
      ['annotate', '-f', cm, 'a=b', '--dry-run=client', '-o', 'name'],
      ['apply', 'view-last-applied', '-f', cm],
      ['apply', 'edit-last-applied', '-f', cm],
      ['expose', '-f', deploy, '--port=80'],
      ['expose', '-f', deploy, '--port=80', '--name=web', '--dry-run=client', '-o', 'name'],
      ['expose', 'deployment', 'a', '--port=80', '--name=', '--dry-run=client', '-o', 'name'],
      ['debug', '-f', cm, '--image=busybox'],
    ]) await suite.same(words);
  });

  test("rollout's helpers are given a document without a name: each says what it could not do in its own words", async () => {
    const [deploy, paused, kinds] = [at('noname-deploy.yaml'), at('noname-paused.yaml'), at('noname-kinds.yaml')];
    for (const words of [
      ['rollout', 'history', '-f', deploy],
      ['rollout', 'history', '-f', deploy, '-o', 'name'],
      ['rollout', 'history', '-f', kinds],
      ['rollout', 'undo', '-f', deploy, '--dry-run=client'],
      ['rollout', 'undo', '-f', kinds],
      ['rollout', 'restart', '-f', deploy],
      ['rollout', 'restart', '-f', paused],
      ['rollout', 'restart', '-f', kinds],
      ['rollout', 'restart', '-f', at('numbered-deploy.yaml')],
      ['rollout', 'pause', '-f', deploy, '-l', 'app=x'],
      ['rollout', 'pause', '-f', deploy, '-l', 'app=y'],
      ['rollout', 'pause', '-f', paused],
      ['rollout', 'pause', '-f', kinds],
      ['rollout', 'resume', '-f', deploy],
      ['rollout', 'resume', '-f', paused],
      // kubectl watches for an object of no name, which never comes: until the timeout.
      ['rollout', 'status', '-f', deploy, '--timeout=1s'],
      ['rollout', 'status', '-f', kinds, '--timeout=1s'],
    ]) await suite.same(words);
  });

  test("certificate's names are the builder's: a request's name or TYPE/NAME of any type", async () => {
    for (const words of [
      ['certificate', 'approve', 'x', 'csr/y'],
      ['certificate', 'deny', 'a/b'],
      ['certificate', 'approve', 'x', 'pods/b', 'namespaces/default', 'y'],
      ['certificate', 'approve', 'x', 'namespaces/default', 'nodes/zz', 'y'],
      ['certificate', 'approve', 'namespaces/default'],
      ['certificate', 'approve', 'x', 'csr/'],
      ['certificate', 'approve', 'x', 'deploy/a/b'],
      ['certificate', 'approve', 'x', '-f', at('empty.yaml')],
      ['certificate', 'deny', 'a/b', '-f', at('empty.yaml')],
    ]) await suite.same(words);
  });
});
