/**
 * kubectl create and replace rewrite a last-applied annotation the manifest already carries (one saved
 * from a live object, say) from the object itself, as --save-config would write it; a manifest without
 * one gets none. apply's -o List is printed only when every object applied. Against the real kubectl
 * through serve; skipped, saying so, without kubectl.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const configMap = (name: string, annotations: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  annotations:${annotations}\n  labels: {app: x}\ndata: {k: v}\n`;

describe('create and replace rewrite the last-applied annotation a manifest carries: what the real kubectl does through serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let dir = '';
  const suite = serveForSuite((served) => {
    dir = served.kubeconfig.replace(/\/kubeconfig$/, '');
    writeFileSync(join(dir, 'stale.yaml'), configMap('stale', `\n    ${LAST_APPLIED}: |\n      {"test":1234}\n    other: kept`));
    writeFileSync(join(dir, 'none.yaml'), configMap('none', ' {other: kept}'));
    for (const name of ['real', 'lite']) writeFileSync(join(dir, `${name}.yaml`), configMap(name, `\n    ${LAST_APPLIED}: "{}"`));
  });

  test('client and server dry runs of create and replace print the annotation rewritten', async () => {
    for (const verb of [['create'], ['replace'], ['create', '--save-config=false']]) {
      for (const file of ['stale.yaml', 'none.yaml']) await suite.same([...verb, '--dry-run=client', '-f', join(dir, file), '-o', 'json']);
    }
    const created = await suite.same(['create', '--dry-run=server', '-f', join(dir, 'stale.yaml'), '-o', `jsonpath={.metadata.annotations}`]);
    assert.match(created.stdout, /"kubectl.kubernetes.io\/last-applied-configuration":"\{\\"apiVersion\\":\\"v1\\",\\"data\\":\{\\"k\\":\\"v\\"\},\\"kind\\":\\"ConfigMap\\",\\"metadata\\":\{\\"annotations\\":\{\\"other\\":\\"kept\\"\}/);
  });

  test('create stores the rewritten annotation', async () => {
    assert.equal((await suite.served.kubectl(['create', '-f', join(dir, 'real.yaml')])).code, 0);
    assert.equal(suite.served.lite(['create', '-f', join(dir, 'lite.yaml')]).code, 0);
    const stored = async (name: string) => (await suite.served.kubectl(['get', 'configmap', name, '-o', `jsonpath={.metadata.annotations}`])).stdout.replaceAll(name, 'NAME');
    const real = await stored('real');
    assert.match(real, /\\"name\\":\\"NAME\\",\\"namespace\\":\\"default\\"/);
    assert.equal(await stored('lite'), real);
  });

  test('apply -o json|yaml|jsonpath gathers one List, printed only when nothing failed; -o name and --template print each object', async () => {
    writeFileSync(join(dir, 'two.yaml'), `${configMap('two-a', ' {}')}---\napiVersion: v1\nkind: Service\nmetadata: {name: two-b}\nspec: {ports: [{port: 99999}]}\n`);
    writeFileSync(join(dir, 'unmapped.yaml'), `${configMap('two-c', ' {}')}---\napiVersion: apps/v1beta1\nkind: StatefulSet\nmetadata: {name: s}\n`);
    for (const file of ['two.yaml', 'unmapped.yaml']) {
      for (const print of [['-o', 'json'], ['-o', 'yaml'], ['-o', 'jsonpath={.kind}'], ['-o', 'name'], ['--template={{.kind}}']]) {
        const r = await suite.same(['apply', '--dry-run=server', '-f', join(dir, file), ...print], (x) => ({ ...x, stderr: x.stderr.replace(dir, 'DIR') }));
        assert.equal(r.code, 1);
        assert.equal(r.stdout === '', print[0] === '-o' && print[1] !== 'name', print.join(' '));
      }
    }
  });
});

