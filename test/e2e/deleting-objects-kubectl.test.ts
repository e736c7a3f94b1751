/**
 * Applying to an object that is being deleted (a finalizer holds it), and diff's server-side
 * apply, against the real kubectl through serve: apply and diff warn `Detected changes to resource
 * NAME which is currently being deleted` (not for a client dry run, which never patches); diff
 * --server-side applies as `kubectl` (so the server keeps the last-applied annotation in step), and
 * a 409 from the server, field conflicts included, is what kubectl retries as a change under its
 * lock: `keeps changing, diffing without lock`. Skipped, saying so, where kubectl is not installed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { diffStable, serveForSuite } from './serve-helpers.js';

const config = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fin\n  finalizers: [example.com/keep]\ndata: {a: "${value}"}\n`;
const DEPLOYMENT = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: "${image}"}]}\n`;

describe('apply and diff of an object being deleted, and diff --server-side: what the real kubectl prints through serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let dir = '';
  const suite = serveForSuite((served) => {
    dir = served.kubeconfig.replace(/\/kubeconfig$/, '');
    writeFileSync(join(dir, 'fin1.yaml'), config('1'));
    writeFileSync(join(dir, 'fin2.yaml'), config('2'));
    writeFileSync(join(dir, 'web1.yaml'), DEPLOYMENT('nginx:1.27'));
    writeFileSync(join(dir, 'web2.yaml'), DEPLOYMENT('nginx:1.28'));
    for (const words of [['apply', '-f', join(dir, 'fin1.yaml')], ['delete', 'configmap', 'fin', '--wait=false'], ['apply', '-f', join(dir, 'web1.yaml')]]) {
      assert.equal(served.lite(words).code, 0, words.join(' '));
    }
  });
  const file = (name: string) => join(dir, name);
  const WARNING = 'Warning: Detected changes to resource fin which is currently being deleted.\n';

  test('apply warns of the deletion whether it changes the object or not, server dry run too; a client dry run does not', async () => {
    assert.deepEqual(await suite.same(['apply', '-f', file('fin1.yaml')]), { stdout: 'configmap/fin unchanged\n', stderr: WARNING, code: 0 });
    assert.equal((await suite.same(['apply', '-f', file('fin2.yaml'), '--dry-run=server'])).stderr, WARNING);
    assert.equal((await suite.same(['apply', '-f', file('fin2.yaml'), '--dry-run=client'])).stderr, '');
  });

  test('diff warns of the deletion; --server-side conflicts with the client-side owner, retried until kubectl diffs without its lock', async () => {
    const plain = diffStable(await suite.same(['diff', '-f', file('fin2.yaml')], diffStable));
    assert.equal(plain.stderr, WARNING);
    assert.equal(plain.code, 1);
    const conflict = diffStable(await suite.same(['diff', '-f', file('fin2.yaml'), '--server-side'], diffStable));
    assert.equal(conflict.code, 2);
    assert.match(conflict.stderr, /^W diff\.go:723\] Object \(\/v1, Kind=ConfigMap: fin\) keeps changing, diffing without lock\nWarning: Detected changes[^\n]*\nError from server \(Conflict\): Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: \.data\.a\n$/);
    const deployment = diffStable(await suite.same(['diff', '-f', file('web2.yaml'), '--server-side'], diffStable));
    assert.match(deployment.stderr, /^W diff\.go:723\] Object \(apps\/v1, Kind=Deployment: web\) keeps changing, diffing without lock\n/);
  });

  test('diff --server-side --force-conflicts applies as kubectl: the server rewrites the last-applied annotation it finds', async () => {
    const forced = diffStable(await suite.same(['diff', '-f', file('web2.yaml'), '--server-side', '--force-conflicts'], diffStable));
    assert.equal(forced.code, 1);
    assert.match(forced.stdout, /\n\+ +\{"apiVersion":"apps\/v1","kind":"Deployment","metadata":\{"name":"web","namespace":"default"\},"spec":\{"replicas":1,/);
  });
});
