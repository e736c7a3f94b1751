/**
 * Mistakes in a YAML manifest as kubectl words them (go-yaml's scanner and parser errors, with its
 * line numbers): a `-` after a key on its line, characters no token starts with, a key without its
 * `:`, escapes and tags go-yaml refuses, an empty key, an unknown directive; and what kubectl never
 * reads, the text after a document end marker (`...`) or a directive. Against the real kubectl
 * through serve; skipped, saying so, without kubectl.
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
];
// Read as far as the first document's end: the rest is never parsed.
const CUT = ['data:\n  a: b\n...\nc: [\n', 'data:\n  a: b\n%YAML 1.1\nc: [\n'];

describe('YAML mistakes in a manifest: what the real kubectl says through serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let dir = '';
  const suite = serveForSuite((served) => {
    dir = served.kubeconfig.replace(/\/kubeconfig$/, '');
    REFUSED.forEach((rest, i) => writeFileSync(join(dir, `refused-${i}.yaml`), HEAD + rest));
    CUT.forEach((rest, i) => writeFileSync(join(dir, `cut-${i}.yaml`), HEAD + rest));
    writeFileSync(join(dir, 'marker-first.yaml'), `# c\n...\n${HEAD}`);
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
  });
});
