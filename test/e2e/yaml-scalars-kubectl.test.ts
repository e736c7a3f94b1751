/**
 * A manifest's YAML scalars as kubectl's reader (go-yaml v2) types them: ints in any base with `_`
 * between digits (`1_000`, `0x_1F`, `08` as the float 8), floats without a leading digit (`-.5`,
 * `+.5e2`), out-of-range floats as strings; explicit tags resolved as if plain and refused when the
 * scalar does not fit (`!!int x`), `!!binary` decoded, any other tag (`!foo`, `!!set`) ignored; and
 * `.inf`/`.nan`, which JSON cannot hold, refused by the conversion to JSON, and an anchor holding
 * itself or a merge of no map, refused by go-yaml's decoder (create -f and patch -p). Map keys
 * that are not strings written as Go writes them (`1e7` as `1e+07`, float32 text), or refused (a
 * null or uint64 key by the conversion, with the key's value; a sequence or map key by go-yaml).
 * Against the real kubectl through serve; skipped, saying so, without kubectl.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { blobCrd, serveForSuite } from './serve-helpers.js';

const blob = (name: string, spec: string[]) => `apiVersion: scalars.example.com/v1\nkind: Blob\nmetadata: {name: ${name}}\nspec:\n${spec.map((line) => `  ${line}\n`).join('')}`;

// Each line a value go-yaml reads (one document holds them all).
const READ = [
  'a1: 1_000', 'a2: 0x_1F', 'a3: 1__0', 'a4: _1', 'a5: 1_0.5', 'a6: -.5', 'a7: 0.', 'a8: +.5e2', 'a9: .5e3', 'b1: ._5', 'b2: 08', 'b3: 09.5',
  'b4: 0O17', 'b5: -0b101', 'b6: +0x10', 'b7: 0x', 'b8: +', 'b9: 1e400', 'c1: .5e400', 'c2: 18446744073709551615', 'c3: +9223372036854775808',
  'c4: 0xFFFFFFFFFFFFFFFF', 'c5: 2001-1-2', 'c6: !!binary aGVsbG8=', 'c7: !!str 1', 'c8: !!int "0x10"', 'c9: !!float 1', 'd1: !!bool "yes"',
  'd2: !!null ~', 'd3: !!timestamp 2001-12-14', 'd4: !foo 5', 'd5: !foo', 'd6: !foo {b: 1}', 'd7: !!set {b}', 'd8: !!omap [b: 1]', 'd9: !!map [1]',
  'e1: !!str {b: 1}', 'e2: !<tag:example.com,2000:x> 5', 'e3: "!!binary"',
];
// Each a document kubectl refuses, with go-yaml's or encoding/json's words.
// Map keys other than strings: Go writes each typed key as text (a float as float32 text), or refuses it.
const KEYS = ['1e7: a', '3.14159265358979: b', '99999999999999999999: c', '.inf: d', '-.nan: e', '0.000001: f', '-1.5e300: g', '6.8523015e+5: h', '0x7fffffffffffffff: i', '-0.0: j', 'off: k', '? 2.5e-5', 'l: {1.0: m, 16777217: q}', 'o: [1e6: p]'];
const REFUSED_KEYS = ['~: v', 'null: {b: ~, a: [1.5, x]}', 'Null:', '18446744073709551615: 1e21', '? [a, [b]]', '? {a: 1}', '[1, x]: y'];
const REFUSED = ['a: !!int x', 'a: !!int 1.5', 'a: !!int ""', 'a: !!float 1e400', 'a: !!bool 1', 'a: !!null x', 'a: !!timestamp 5', 'a: !!binary "aGVs bG8="', 'a: !!binary aGVsbG8', 'a: .inf', 'a: [1, -.Inf]', 'a: {b: .NaN, c: -.inf}', 'a: &x {b: [*x]}', 'a: {<<: 1}'];

describe('YAML scalars and tags as kubectl reads them: what the real kubectl prints through serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let dir = '';
  const suite = serveForSuite((served) => {
    dir = served.kubeconfig.replace(/\/kubeconfig$/, '');
    writeFileSync(join(dir, 'crd.yaml'), blobCrd('scalars.example.com'));
    assert.equal(served.lite(['apply', '-f', join(dir, 'crd.yaml')]).code, 0);
    writeFileSync(join(dir, 'read.yaml'), blob('read', READ));
    REFUSED.forEach((line, i) => writeFileSync(join(dir, `refused-${i}.yaml`), blob('refused', [line])));
    writeFileSync(join(dir, 'keys.yaml'), blob('keys', KEYS));
    REFUSED_KEYS.forEach((line, i) => writeFileSync(join(dir, `refused-key-${i}.yaml`), blob('refused', [line])));
    assert.equal(served.lite(['create', 'deployment', 'web', '--image=nginx']).code, 0);
  });

  test('create -f of ints, floats and tagged scalars: the values kubectl sends', async () => {
    const read = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'read.yaml'), '-o', 'json']);
    const spec = JSON.parse(read.stdout).spec;
    assert.deepEqual([spec.a1, spec.a6, spec.a8, spec.b2, spec.b9, spec.c6, spec.d4, spec.d7], [1000, -0.5, 50, 8, '1e400', 'hello', '5', { b: null }]);
  });

  test('create -f of a scalar its tag does not fit, bad base64, or a number JSON cannot hold: refused in kubectl words', async () => {
    for (const i of REFUSED.keys()) {
      const r = await suite.same(['create', '--dry-run=client', '-f', join(dir, `refused-${i}.yaml`)], (x) => ({ ...x, stderr: x.stderr.replace(dir, 'DIR') }));
      assert.equal(r.code, 1, REFUSED[i]);
    }
    const inf = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'refused-9.yaml')], (x) => ({ ...x, stderr: x.stderr.replace(dir, 'DIR') }));
    assert.match(inf.stderr, /^error: error parsing .*refused-9\.yaml: error converting YAML to JSON: json: unsupported value: \+Inf\n$/);
    const tagged = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'refused-0.yaml')], (x) => ({ ...x, stderr: x.stderr.replace(dir, 'DIR') }));
    assert.match(tagged.stderr, /: yaml: cannot decode !!str `x` as a !!int\n$/);
  });

  test('create -f of map keys that are not strings: each written as Go writes it, or refused in its words', async () => {
    const keys = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'keys.yaml'), '-o', 'json']);
    const spec = JSON.parse(keys.stdout).spec;
    assert.deepEqual([spec['1e+07'], spec['3.1415927'], spec['.inf'], spec['-.inf'], spec['1e-06'], spec['2.5e-05'], spec.l], ['a', 'b', 'd', 'g', 'f', null, { '1': 'm', '16777217': 'q' }]);
    for (const i of REFUSED_KEYS.keys()) {
      const r = await suite.same(['create', '--dry-run=client', '-f', join(dir, `refused-key-${i}.yaml`)], (x) => ({ ...x, stderr: x.stderr.replace(dir, 'DIR') }));
      assert.equal(r.code, 1, REFUSED_KEYS[i]);
    }
    const nul = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'refused-key-1.yaml')], (x) => ({ ...x, stderr: x.stderr.replace(dir, 'DIR') }));
    assert.match(nul.stderr, /: unsupported map key of type: %!s\(<nil>\), key: <nil>, value: map\[interface \{\}\]interface \{\}\{"a":\[\]interface \{\}\{1\.5, "x"\}, "b":interface \{\}\(nil\)\}\n$/);
  });

  test('patch -p in YAML: the same scalars, .inf and .nan refused before anything is sent', async () => {
    for (const patch of ['metadata: {labels: {1e7: x}}', 'metadata: {labels: {~: x}}', 'spec: {replicas: .inf}', 'spec: {replicas: -.Inf}', 'spec: {replicas: .NaN}', 'spec: {replicas: 0x_2}', 'metadata: {annotations: {a: !!binary aGVsbG8=}}', 'spec: {replicas: !!int x}', 'a: &x {b: *x}', 'a: {<<: [1]}']) {
      await suite.same(['patch', 'deployment', 'web', '--dry-run=server', '-p', patch, '-o', 'jsonpath={.spec.replicas} {.metadata.annotations.a}']);
    }
    const r = await suite.same(['patch', 'deployment', 'web', '-p', 'spec: {replicas: .nan}']);
    assert.equal(r.stderr, 'error: unable to parse "spec: {replicas: .nan}": json: unsupported value: NaN\n');
  });
});
