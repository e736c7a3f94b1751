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
import type { Result } from '../helpers/cli.js';
import { blobCrd, serveForSuite } from './serve-helpers.js';

const deployment = (replicas: string) =>
  `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"n"},"spec":{"replicas":${replicas},"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}}`;
const deploymentYaml = (replicas: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: n}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const LITERALS = ['1.0', '1e2', '1E2', '-0.0', '2.5', '1e400', '9223372036854775808', '9223372036854775807', '9007199254740993', '100000000000000000000000'];
const CRD = blobCrd('numbers.example.com');
// Integers about int64's and uint64's bounds and doubles printed with an exponent: kubectl holds an int64 literal
// exactly on the client; a stored one comes back as the JSON text of a double, which Go reads as an int64 only in range.
const WIDE = `apiVersion: numbers.example.com/v1
kind: Blob
metadata: {name: wide}
spec:
  a: 9223372036854775807
  b: 18446744073709551615
  c: 1152921504606846976
  e: -9223372036854775808
  f: -9223372036854775809
  g: 1e20
  i: 1234567.5
  k: [9007199254740993, 0.00001]
`;
const PRINTS = ['yaml', 'json', 'jsonpath={.spec}', 'jsonpath={.spec.a} {.spec.b} {.spec.c} {.spec.e} {.spec.f} {.spec.g} {.spec.i} {range .spec.k[*]}{@} {end}', 'go-template={{.spec}}', 'go-template={{range .spec}}{{printf "%d %v %T|" . . .}}{{end}}'];

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
    writeFileSync(join(dir, 'wide.yaml'), WIDE);
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

  test('numbers past 2^53 printed from the client (a client dry run) and from the server, and in view-last-applied', async () => {
    const file = join(dir, 'wide.yaml');
    for (const output of PRINTS) await suite.same(['create', '--dry-run=client', '-f', file, '-o', output]);
    const client = await suite.same(['create', '--dry-run=client', '-f', file, '-o', 'jsonpath={.spec.a} {.spec.e} {.spec.f}']);
    assert.equal(client.stdout, '9223372036854775807 -9223372036854775808 -9.223372036854776e+18');
    assert.equal((await suite.served.kubectl(['apply', '-f', file])).code, 0);
    const uid = (r: Result) => ({ ...r, stdout: r.stdout.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'UID') });
    for (const output of PRINTS) await suite.same(['get', 'blob', 'wide', '-o', output], uid);
    await suite.same(['get', 'blob', 'wide', '-o', 'custom-columns=A:.spec.a,B:.spec.b,C:.spec.c,E:.spec.e,G:.spec.g,I:.spec.i,K:.spec.k']);
    const described = await suite.same(['describe', 'blob', 'wide'], uid);
    assert.match(described.stdout, /\n {2}A: {2}9\.223372036854776e\+18\n[^]*\n {2}I: {2}1\.2345675e\+06\n/);
    const yaml = await suite.same(['get', 'blob', 'wide', '-o', 'yaml'], uid);
    assert.match(yaml.stdout, /\n {2}a: 9223372036854776000\n {2}b: 1\.8446744073709552e\+19\n {2}c: 1152921504606847000\n/);
    const lastApplied = await suite.same(['apply', 'view-last-applied', 'blob', 'wide']);
    assert.match(lastApplied.stdout, /\n {2}a: 9223372036854775807\n[^]*\n {2}c: 1152921504606846976\n/);
  });
});
