/** go-yaml v2's scalar typing as kubectl's manifest reader applies it (the kubectl oracle: test/e2e/yaml-scalars-kubectl.test.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYamlDocuments } from '../../src/api/yaml-documents.js';
import { CliError } from '../../src/errors.js';

const read = (yaml: string): unknown => parseYamlDocuments('f.yaml', yaml)[0];

test('ints in any base with underscores, floats without a leading digit, out-of-range floats as strings', () => {
  assert.deepEqual(read('{a: 1_000, b: 0x_1F, c: 0o17, d: 017, e: 08, f: -.5, g: +.5e2, h: .5, i: 1e400, j: ._5, k: 0x, l: +, m: 2001-1-2}'), {
    a: 1000, b: 31, c: 15, d: 15, e: 8, f: -0.5, g: 50, h: 0.5, i: '1e400', j: '._5', k: '0x', l: '+', m: '2001-1-2',
  });
});

test('explicit tags: resolved as plain scalars, refused when they do not fit; !!binary decoded; other tags ignored', () => {
  assert.deepEqual(read('{a: !!int "0x10", b: !!float 1, c: !!str 1, d: !!binary aGVsbG8=, e: !foo 5, f: !!set {x}, g: !<tag:x.org,2000:y> [1]}'), {
    a: 16, b: 1, c: '1', d: 'hello', e: '5', f: { x: null }, g: [1],
  });
  const refused = (yaml: string, message: string) =>
    assert.throws(() => read(yaml), (e: unknown) => e instanceof CliError && e.message === `error parsing f.yaml: error converting YAML to JSON: ${message}`, yaml);
  refused('a: !!int x', 'yaml: cannot decode !!str `x` as a !!int');
  refused('a: !!bool 1', 'yaml: cannot decode !!int `1` as a !!bool');
  refused('a: !!binary "aGVs bG8="', 'yaml: !!binary value contains invalid base64 data');
  refused('{b: [.nan], a: -.inf}', 'json: unsupported value: -Inf');
  refused('{p: &q 1, a: &x {b: *q, c: [{d: *x}]}}', "yaml: anchor 'x' value contains itself");
  refused('a: {<<: ~}', 'yaml: map merge requires map or sequence of maps as the value');
});
