/**
 * The numbers of a manifest as kubectl sends them: its decoder makes each an int64 where the
 * literal is one, else a float64, so `1.0`, `1e2` and `-0.0` are an int32 field's 1, 100 and 0,
 * `2.5` and an integer past int64 (as the float64 it becomes) are refused by the server, and a
 * literal no float64 holds is refused before anything is sent (by the validator, or the decoder
 * with --validate=false). The last-applied annotation holds the numbers as sent, never a marked
 * literal (an int64 past 2^53 exactly; the object stored keeps a double). Against the real kubectl through serve; skipped, saying so, without kubectl.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { blobCrd, serveForSuite } from './serve-helpers.js';

const deployment = (replicas: string) =>
  `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"n"},"spec":{"replicas":${replicas},"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}}`;
const deploymentYaml = (replicas: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: n}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const LITERALS = ['1.0', '1e2', '1E2', '-0.0', '2.5', '1e400', '9223372036854775808', '9223372036854775807', '9007199254740993', '100000000000000000000000'];
const CRD = blobCrd('numbers.example.com');

describe('the numbers kubectl sends from a manifest: what the real kubectl prints through serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let dir = '';
  const suite = serveForSuite((served) => {
    dir = served.kubeconfig.replace(/\/kubeconfig$/, '');
    for (const [i, literal] of LITERALS.entries()) {
      writeFileSync(join(dir, `d${i}.json`), deployment(literal));
      writeFileSync(join(dir, `d${i}.yaml`), deploymentYaml(literal));
    }
    writeFileSync(join(dir, 'crd.yaml'), CRD);
    assert.equal(served.lite(['apply', '-f', join(dir, 'crd.yaml')]).code, 0);
    const blob = (name: string) => `{"apiVersion":"numbers.example.com/v1","kind":"Blob","metadata":{"name":"${name}"},"spec":{"f":3.0,"g":1e20,"h":9007199254740993,"i":0.5}}`;
    writeFileSync(join(dir, 'blob-real.json'), blob('real'));
    writeFileSync(join(dir, 'blob-lite.json'), blob('lite'));
  });

  test('an int32 field from JSON and YAML literals: a server dry run of apply and create, with and without validation', async () => {
    for (const i of LITERALS.keys()) {
      for (const ext of ['json', 'yaml']) {
        const file = join(dir, `d${i}.${ext}`);
        await suite.same(['apply', '--dry-run=server', '-f', file, '-o', 'jsonpath={.spec.replicas}']);
        await suite.same(['create', '--dry-run=server', '--validate=false', '-f', file, '-o', 'jsonpath={.spec.replicas}']);
      }
    }
    assert.equal((await suite.same(['apply', '--dry-run=server', '-f', join(dir, 'd0.json'), '-o', 'jsonpath={.spec.replicas}'])).stdout, '1');
    assert.match((await suite.same(['apply', '-f', join(dir, 'd5.json')])).stderr, /^error: error validating ".*d5\.json": error validating data: json: cannot unmarshal number 1e400 into Go value of type float64; /);
    assert.match((await suite.same(['apply', '--dry-run=server', '-f', join(dir, 'd6.json')])).stderr, /cannot unmarshal number 9223372036854776000 into Go struct field DeploymentSpec\.spec\.replicas of type int32\n$/);
  });

  test('a custom resource keeps the numbers as sent, and its last-applied annotation holds them as numbers', async () => {
    assert.equal((await suite.served.kubectl(['apply', '-f', join(dir, 'blob-real.json')])).code, 0);
    assert.equal(suite.served.lite(['apply', '-f', join(dir, 'blob-lite.json')]).code, 0);
    const shown = async (name: string) => (await suite.served.kubectl(['get', 'blob', name, '-o', 'jsonpath={.spec} {.metadata.annotations}'])).stdout.replaceAll(name, 'NAME');
    const real = await shown('real');
    // The annotation is kubectl's own JSON: the int64 past 2^53 exactly (the stored object is kubectl-lite's, in doubles).
    assert.match(real, /\\"h\\":9007199254740993,/);
    assert.equal(await shown('lite'), real);
  });
});
