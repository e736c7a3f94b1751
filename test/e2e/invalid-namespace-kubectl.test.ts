/**
 * A namespace no request path can hold (`-n a%b`, a context's, a manifest's) is refused by kubectl itself,
 * as client-go refuses it before sending (`invalid namespace "a%b": [may not contain '%']`), in each
 * verb's words and in its place among the other errors; and what the refusals share with Forbidden
 * (under --as): a list refused is reported and the verb goes on. Through serve, the real kubectl is the
 * expectation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const REFUSED = 'invalid namespace "a%b": [may not contain \'%\']';

describe('a namespace client-go refuses to put in a request path', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-ns-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const web = join(dir, 'web.yaml');
  const badNamespace = join(dir, 'bad-ns.yaml');
  writeFileSync(
    web,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: web}}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n' +
      '    metadata: {labels: {app: web}}\n    spec: {containers: [{name: nginx, image: nginx}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
  );
  const cfg = join(dir, 'cfg.yaml');
  writeFileSync(badNamespace, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q, namespace: "a%b"}\n');
  writeFileSync(cfg, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: "1"}\n');
  const suite = serveForSuite((s) => {
    assert.equal(s.lite(['apply', '-f', web]).code, 0);
    assert.equal(s.lite(['create', 'cm', 'cfg', '--from-literal=a=1']).code, 0);
  });

  test('get: a list refused is its builder aggregate, bare even alone; a named object, a watch and -o name say error:', async () => {
    assert.deepEqual(await suite.same(['get', 'pods', '-n', 'a%b']), { code: 1, stdout: '', stderr: `${REFUSED}\n` });
    assert.equal((await suite.same(['get', 'all', '-n', 'a%b'])).stderr, `${REFUSED}\n`.repeat(10));
    assert.deepEqual(await suite.same(['get', 'pod', 'x', '-n', 'a%b']), { code: 1, stdout: '', stderr: `error: ${REFUSED}\n` });
    // A cluster-scoped type has no namespace in its path: nodes are listed beside the refusal.
    assert.match((await suite.same(['get', 'pods,nodes', '-n', 'a%b'])).stdout, /^NAME +STATUS/);
    for (const args of [
      ['get', 'pods,svc', '-n', 'a%b'],
      ['get', 'pod', 'x', 'y', '-n', 'a%b'],
      ['get', 'pods', '-n', 'a%b', '-o', 'name'],
      ['get', 'pods', '-n', '..'],
      ['get', 'pods', '-n', 'a/b', '-l', 'app=web'],
      ['get', 'pods', '-n', 'a%b', '-w', '--request-timeout=1s'],
      ['get', 'pods,svc', '-n', 'a%b', '-o', 'custom-columns=N:.metadata.name'],
      ['get', 'pods', '-A', '-n', 'a%b', '-o', 'name'],
      ['get', '-f', badNamespace],
      ['get', '-f', badNamespace, '-o', 'name'],
      ['get', '-f', badNamespace, '-f', web, '-o', 'name'],
    ]) {
      await suite.same(args);
    }
  });

  test('the other verbs: each refusal in the words its verb wraps an error in', async () => {
    const apply = await suite.same(['apply', '-f', web, '-n', 'a%b']);
    assert.match(apply.stderr, /^error when retrieving current configuration of:\nResource: "apps\/v1, Resource=deployments"/);
    assert.deepEqual(await suite.same(['create', 'cm', 'q', '-n', 'a%b']), { code: 1, stdout: '', stderr: `error: failed to create configmap: ${REFUSED}\n` });
    for (const args of [
      ['apply', '-f', web, '-n', 'a%b', '--dry-run=client'],
      ['apply', '-f', badNamespace, '--server-side'],
      ['create', '-f', web, '-n', 'a%b'],
      ['create', 'deploy', 'z', '--image=nginx', '-n', 'a%b'],
      ['replace', '-f', web, '-n', 'a%b'],
      ['delete', '-f', web, '-n', 'a%b'],
      ['delete', 'pods', '--all', '-n', 'a%b'],
      ['delete', 'pods,svc', '-l', 'app=web', '-n', 'a%b'],
      ['describe', 'pods', '-n', 'a%b'],
      ['describe', 'pod', 'x', '-n', 'a%b'],
      ['describe', '-f', badNamespace, '-f', cfg],
      ['label', 'pods', '-l', 'app=web', 'a=b', '-n', 'a%b'],
      ['annotate', 'pods', '--all', 'a=b', '-n', 'a%b'],
      ['scale', 'deploy', 'web', '--replicas=2', '-n', 'a%b'],
      ['scale', '-f', badNamespace, '--replicas=2'],
      ['rollout', 'status', 'deploy/web', '-n', 'a%b'],
      ['rollout', 'status', '-f', badNamespace, '-f', web],
      ['set', 'image', 'deploy/web', 'nginx=nginx:2', '-n', 'a%b'],
      ['logs', 'x', '-n', 'a%b'],
      ['exec', 'x', '-n', 'a%b', '--', 'ls'],
      ['top', 'pod', '-n', 'a%b'],
      ['events', '-n', 'a%b'],
      ['wait', '--for=delete', 'pod/x', '-n', 'a%b', '--timeout=1s'],
      ['run', 'p', '--image=nginx', '-n', 'a%b'],
      ['expose', 'deploy', 'web', '--port=80', '-n', 'a%b'],
      ['diff', '-f', web, '-n', 'a%b'],
      ['create', 'token', 'default', '-n', 'a%b'],
    ]) {
      await suite.same(args);
    }
  });

  test('printed other than as a table, a List is printed (empty too) before the errors, unless one object is implied', async () => {
    const list = await suite.same(['get', 'pod', 'x', 'y', '-o', 'yaml']);
    assert.equal(list.stdout, 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    assert.equal((await suite.same(['get', 'pods', '-n', 'a%b', '-o', 'json'])).stderr, `error: ${REFUSED}\n`);
    // Nothing found with --ignore-not-found prints nothing, not an empty List.
    assert.deepEqual(await suite.same(['get', 'cm', '-n', 'nothing', '-o', 'json', '--ignore-not-found']), { code: 0, stdout: '', stderr: '' });
    for (const args of [
      ['get', 'pod', 'x', '-o', 'yaml'],
      ['get', 'pods,cm', 'x', '-o', 'json'],
      ['get', 'cm', 'cfg', 'x', '-o', 'jsonpath={.items[*].metadata.name}'],
      ['get', 'pods', 'x', 'y', '-o', 'jsonpath={.items}'],
      ['get', 'pod', 'x', 'y', '-o', 'yaml', '--ignore-not-found'],
      ['get', 'cm', '-n', 'nothing', '-o', 'custom-columns=N:.metadata.name', '--ignore-not-found'],
      ['get', 'cm', '-n', 'nothing', '-o', 'custom-columns=N:.metadata.name'],
    ]) {
      await suite.same(args);
    }
  });

  test('under --as, a list or a fetch refused is reported and the verb goes on; a selector lists as the requester', async () => {
    // label -l listed what the requester may not list, and was refused each patch.
    const label = await suite.same(['label', 'pods', '-l', 'app=web', 'a=b', '--as=nobody']);
    assert.match(label.stderr, /^Error from server \(Forbidden\): pods is forbidden: User "nobody" cannot list resource "pods"/);
    for (const args of [
      ['label', 'pods,cm', '-l', 'app=web', 'a=b', '--as=nobody'],
      ['delete', 'pods', '-l', 'app=web', '--as=nobody'],
      ['get', '-f', web, '--as=nobody'],
      ['describe', '-f', web, '--as=nobody'],
      ['describe', '-f', cfg, '-f', web, '--as=system:serviceaccount:default:default'],
      ['rollout', 'status', '-f', web, '--as=nobody'],
      ['scale', '-f', web, '--replicas=3', '--as=nobody'],
      ['scale', '-f', web, '--replicas=3', '--current-replicas=2', '--as=nobody'],
      // The token request is a create of serviceaccounts/token (it was refused a get of the service account).
      ['create', 'token', 'default', '--as=nobody'],
    ]) {
      await suite.same(args);
    }
  });

  test('view-last-applied and edit-last-applied take a bare type as their builders do', async () => {
    assert.equal((await suite.same(['apply', 'view-last-applied', 'deploy', '--all', '-l', 'app=web'])).stderr, 'error: found non-empty label selector "app=web" with previously set \'all\' parameter. \n');
    // With -n (enforceNamespace), a lone type is given an empty selector, which --all then refuses.
    assert.equal((await suite.same(['apply', 'view-last-applied', 'deploy', '--all', '-n', 'default'])).stderr, "error: setting 'all' parameter but found a non empty selector. \n");
    for (const args of [
      ['apply', 'view-last-applied', 'deploy'],
      ['apply', 'view-last-applied', 'deploy', '-n', 'default'],
      ['apply', 'view-last-applied', 'deploy', '--all'],
      ['apply', 'view-last-applied', 'deploy', 'web', '--all'],
      ['apply', 'view-last-applied', 'deploy/web', '--all'],
      ['apply', 'view-last-applied', 'deploy', '-l', 'app=web', '-n', 'a%b'],
    ]) {
      await suite.same(args);
    }
    const edit = { env: { KUBE_EDITOR: 'true', EDITOR: 'true' } };
    const real = await suite.served.kubectl(['apply', 'edit-last-applied', 'deploy'], edit);
    assert.deepEqual(suite.served.lite(['apply', 'edit-last-applied', 'deploy'], edit), real);
    assert.deepEqual(real, { code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
  });
});
