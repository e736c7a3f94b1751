/** go-yaml v2's scalar typing as kubectl's manifest reader applies it (the kubectl oracle: test/e2e/yaml-scalars-kubectl.test.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYamlDocuments } from '../../src/api/yaml-documents.js';
import { CliError } from '../../src/errors.js';

const read = (yaml: string): unknown => parseYamlDocuments('f.yaml', yaml)[0];
const refused = (yaml: string, message: string) =>
  assert.throws(() => read(yaml), (e: unknown) => e instanceof CliError && e.message === `error parsing f.yaml: error converting YAML to JSON: ${message}`, yaml);

test('ints in any base with underscores, floats without a leading digit, out-of-range floats as strings', () => {
  assert.deepEqual(read('{a: 1_000, b: 0x_1F, c: 0o17, d: 017, e: 08, f: -.5, g: +.5e2, h: .5, i: 1e400, j: ._5, k: 0x, l: +, m: 2001-1-2}'), {
    a: 1000, b: 31, c: 15, d: 15, e: 8, f: -0.5, g: 50, h: 0.5, i: '1e400', j: '._5', k: '0x', l: '+', m: '2001-1-2',
  });
});

test('explicit tags: resolved as plain scalars, refused when they do not fit; !!binary decoded; other tags ignored', () => {
  assert.deepEqual(read('{a: !!int "0x10", b: !!float 1, c: !!str 1, d: !!binary aGVsbG8=, e: !foo 5, f: !!set {x}, g: !<tag:x.org,2000:y> [1]}'), {
    a: 16, b: 1, c: '1', d: 'hello', e: '5', f: { x: null }, g: [1],
  });
  refused('a: !!int x', 'yaml: cannot decode !!str `x` as a !!int');
  refused('a: !!bool 1', 'yaml: cannot decode !!int `1` as a !!bool');
  refused('a: !!binary "aGVs bG8="', 'yaml: !!binary value contains invalid base64 data');
  refused('{b: [.nan], a: -.inf}', 'json: unsupported value: -Inf');
  refused('{p: &q 1, a: &x {b: *q, c: [{d: *x}]}}', "yaml: anchor 'x' value contains itself");
  refused('a: {<<: ~}', 'yaml: map merge requires map or sequence of maps as the value');
});

test('map keys as sigs.k8s.io/yaml writes go-yaml typed keys: int digits, float32 text, bool words; null, uint64, sequence and map keys refused', () => {
  assert.deepEqual(read('{1e7: a, 3.14159265358979: b, 1e20: c, .inf: d, -.Inf: e, .nan: f, 0.000001: g, -0.0: h, 1.5: i, 0x10: j, yes: k, 9223372036854775807: l}'), {
    '1e+07': 'a', '3.1415927': 'b', '1e+20': 'c', '.inf': 'd', '-.inf': 'e', '.nan': 'f', '1e-06': 'g', '-0': 'h', '1.5': 'i', '16': 'j', true: 'k', '9223372036854775807': 'l',
  });
  // Keys anywhere: nested, explicit (`? `), in flow, through an anchor; values keep their type.
  assert.deepEqual(read('a: {b: {1e7: x}}\n? 2.5e-5\n: v\nc: [1e7: z]\nd: &n 1e7\n&k 1e6: w\n"1e7": q\ne: 1e7'), {
    a: { b: { '1e+07': 'x' } }, '2.5e-05': 'v', c: [{ '1e+07': 'z' }], d: 10000000, '1e+06': 'w', '1e7': 'q', e: 10000000,
  });
  refused('~: v', 'unsupported map key of type: %!s(<nil>), key: <nil>, value: "v"');
  refused('a: {null: {b: ~, a: [1.5, x]}}', 'unsupported map key of type: %!s(<nil>), key: <nil>, value: map[interface {}]interface {}{"a":[]interface {}{1.5, "x"}, "b":interface {}(nil)}');
  refused('null:', 'unsupported map key of type: %!s(<nil>), key: <nil>, value: <nil>');
  refused('18446744073709551615: 1e21', 'unsupported map key of type: uint64, key: 0xffffffffffffffff, value: 1e+21');
  refused('? [a, [b]]\n: x', 'yaml: invalid map key: []interface {}{"a", []interface {}{"b"}}');
  refused('? {a: 1}', 'yaml: invalid map key: map[interface {}]interface {}{"a":1}');
  // go-yaml's decoder refuses a sequence key before the conversion sees a null one.
  refused('~: a\n[b]: c', 'yaml: invalid map key: []interface {}{"b"}');
});
