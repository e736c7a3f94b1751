/**
 * Mistakes in a manifest as kubectl words them. YAML (go-yaml's scanner and parser errors, with
 * its line numbers): a `-` after a key on its line, characters no token starts with, a key without
 * its `:`, escapes and tags go-yaml refuses, an empty key, an unknown directive, a stray tab on a
 * blank line, a key below a block sequence, block scalar headers; and what kubectl
 * never reads, the text after a document end marker (`...`), a directive, or a flow collection at
 * the root. JSON (Go encoding/json's scanner, with the byte offset): bad escapes, control
 * characters, numbers Go does not take (`01`, `1.`, `.5`), broken literals, a leading byte order
 * mark (dropped). And `patch -p`'s own parse, which quotes the patch as Go's %q does. Against the
 * real kubectl through serve; skipped, saying so, without kubectl.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';

// Each the rest of a ConfigMap's manifest after its name.
const REFUSED = [
  'data:\n  a: - b\n',
  'data:\n  a: @b\n',
  'data:\n  a: [`b]\n',
  'data:\n  a: %b\n',
  'data\n  a: b\n',
  'data:\n  a: b\n  c\n\n  # x\n  d: e\n',
  'data:\n  a: |\n  b\n',
  'data:\n  a: "\\q"\n',
  'data:\n  a: "\\x4"\n',
  'data:\n  a: "\\ud83d\\ude00"\n',
  'data:\n  a: !<> b\n',
  'data:\n  a: !<! b\n',
  'data: {a: b,, c: d}\n',
  'data:\n  ? a\n  : b\n  : c\n',
  'data: {: x}\n',
  'data:\n  ? \n  : x\n',
  'data:\n  a: b\n# c\n%FOO x\n',
  'data:\n  a: b\n\t\n  c: d\n',
  'data:\n  a: "b"\n\t\n  c: d\n',
  'data:\n  a: |\n    b\n\t\n  c: d\n',
  'data:\n  - a\n  b: c\n',
  'data:\n  - a\n    - b: c\n',
  'data:\n  a: |+-\n  b\n',
];
// Read as far as the first document's end: the rest is never parsed.
const CUT = ['data:\n  a: b\n...\nc: [\n', 'data:\n  a: b\n%YAML 1.1\nc: [\n'];
const FLOW_ROOT = '# c\n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "b"}}\n- ] x\n';
// Each the rest of a JSON ConfigMap after its name.
const JSON_HEAD = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}';
const JSON_REFUSED = [
  ',"data":{"a":\'b\'}}',
  ',"data":{"a":"b"}}}',
  ',"data":{"a":"b"}}x',
  ',"data":{"a":"\\q"}}',
  ',"data":{"a":"b\tc"}}',
  ',"data":{"a":01}}',
  ',"data":{"a":1.}}',
  ',"data":{"a":.5}}',
  ',"data":{"a":1e+}}',
  ',"data":{"a":tru}}',
  ',"data":{"a":NaN}}',
  ',"data":{"a":"\\u12g4"}}',
  ',"data":[1,2,]}',
  ',"data":{"a":"é"x}}',
];

describe('Mistakes in a manifest or a patch: what the real kubectl says through serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let dir = '';
  const suite = serveForSuite((served) => {
    dir = served.kubeconfig.replace(/\/kubeconfig$/, '');
    REFUSED.forEach((rest, i) => writeFileSync(join(dir, `refused-${i}.yaml`), HEAD + rest));
    CUT.forEach((rest, i) => writeFileSync(join(dir, `cut-${i}.yaml`), HEAD + rest));
    writeFileSync(join(dir, 'marker-first.yaml'), `# c\n...\n${HEAD}`);
    writeFileSync(join(dir, 'flow-root.yaml'), FLOW_ROOT);
    JSON_REFUSED.forEach((rest, i) => writeFileSync(join(dir, `refused-${i}.json`), JSON_HEAD + rest));
    writeFileSync(join(dir, 'bom.json'), `\ufeff${JSON_HEAD},"data":{"a":'b'}}`);
    assert.equal(served.lite(['create', 'deployment', 'web', '--image=nginx']).code, 0);
  });
  const inDir = (r: { stdout: string; stderr: string; code: number }) => ({ ...r, stderr: r.stderr.replaceAll(dir, 'DIR') });

  test('create -f of each mistake: go-yaml words and line, exit 1', async () => {
    for (const i of REFUSED.keys()) {
      const r = await suite.same(['create', '--dry-run=client', '-f', join(dir, `refused-${i}.yaml`)], inDir);
      assert.equal(r.code, 1, REFUSED[i]);
    }
    const dash = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'refused-0.yaml')], inDir);
    assert.match(dash.stderr, /: yaml: line 6: block sequence entries are not allowed in this context\n$/);
    const colon = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'refused-5.yaml')], inDir);
    assert.match(colon.stderr, /: yaml: line 9: could not find expected ':'\n$/);
  });

  test('create -f of a manifest with a document end marker or a directive after it: the first document only', async () => {
    for (const i of CUT.keys()) {
      const r = await suite.same(['create', '--dry-run=client', '-f', join(dir, `cut-${i}.yaml`), '-o', 'jsonpath={.data}']);
      assert.equal(r.stdout, '{"a":"b"}', CUT[i]);
    }
    const first = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'marker-first.yaml')], inDir);
    assert.match(first.stderr, /: yaml: line 1: did not find expected node content\n$/);
    const flow = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'flow-root.yaml'), '-o', 'jsonpath={.data}']);
    assert.equal(flow.stdout, '{"a":"b"}');
  });

  test('create -f of JSON Go does not read: encoding/json words at the byte offset, exit 1; a leading byte order mark dropped', async () => {
    for (const i of JSON_REFUSED.keys()) {
      const r = await suite.same(['create', '--dry-run=client', '-f', join(dir, `refused-${i}.json`), '-o', 'name'], inDir);
      assert.equal(r.code, 1, JSON_REFUSED[i]);
    }
    const escape = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'refused-3.json')], inDir);
    assert.match(escape.stderr, /^error: error parsing .*refused-3\.json: json: offset 77: invalid character 'q' in string escape code\n$/);
    const latin = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'refused-13.json')], inDir);
    assert.match(latin.stderr, /invalid character 'x' after object key:value pair\n$/);
    const bom = await suite.same(['create', '--dry-run=client', '-f', join(dir, 'bom.json')], inDir);
    assert.match(bom.stderr, /: json: offset 75: invalid character '\\'' looking for beginning of value\n$/);
  });

  test("patch -p: the patch quoted as Go's %q quotes it in a parse error; a flow collection's trailing text never read", async () => {
    const r = await suite.same(['patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"add","path":"/a","value":"\\q"}]']);
    assert.equal(r.stderr, 'error: unable to parse "[{\\"op\\":\\"add\\",\\"path\\":\\"/a\\",\\"value\\":\\"\\\\q\\"}]": yaml: found unknown escape character\n');
    await suite.same(['patch', 'deployment', 'web', '--type=json', '-p', '[{]']);
    await suite.same(['patch', 'deployment', 'web', '--dry-run=server', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}] x', '-o', 'jsonpath={.spec.replicas}']);
  });
});
