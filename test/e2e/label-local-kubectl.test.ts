/**
 * label and annotate change objects on the client as kubectl does: with --local, a kind the cluster
 * does not serve is changed as an unstructured object (`widget.example.com/w labeled`), where `set`
 * refuses it as kubectl's scheme does; kubectl's change always leaves a labels (annotations) map,
 * so removing a label from an object that has none says `labeled`, and what it prints from the
 * client (--local, --dry-run=client) shows `labels: {}`. A document kubectl cannot decode is refused
 * at the first bad field it meets: in key order for YAML (converted to JSON with sorted keys), in the
 * document's order for JSON. label -o prints its own copy of the object as it changed it (the
 * resourceVersion it read, no managedFields entry for its change), where annotate prints what the
 * server returned. Against the real kubectl: alone for --local, through serve for the live objects.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runBin } from '../helpers/cli.js';
import { kubectlAlone, kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { clients, serveForSuite } from './serve-helpers.js';

const FILES: Record<string, string> = {
  'w.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {a: 1}\n',
  'core-widget.yaml': 'apiVersion: v1\nkind: Widget\nmetadata: {name: w2}\n',
  'w-ns.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w3, namespace: bar}\n',
  'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: bar}\n',
  // YAML's `y` is a bool to kubectl's YAML reader, which sorts keys as it converts to JSON: annotations come first.
  'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d, labels: {x: y}, finalizers: [2], annotations: {x: y}}\n',
  'bad-name.yaml': 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: 5\n  generateName: 6\n',
  // JSON keeps its own order: labels come first.
  'bad.json': '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"x":true},"annotations":{"x":true}}}',
};

const LOCAL: string[][] = [
  ['label', '--local', '-f', 'w.yaml', 'x=y'],
  ['label', '--local', '-f', 'w.yaml', 'x=y', '-o', 'yaml'],
  ['label', '--local', '-f', 'w.yaml', '-f', 'core-widget.yaml', 'x=y', '-o', 'name'],
  ['annotate', '--local', '-f', 'w.yaml', 'x=y', '-o', 'json'],
  ['label', '--local', '-f', 'w-ns.yaml', 'x=y', '-n', 'foo'],
  ['label', '--local', '-f', 'w-ns.yaml', 'x=y', '-n', 'bar', '-o', 'yaml'],
  ['label', '--local', '-f', 'core-widget.yaml', 'x-'],
  ['set', 'env', '--local', '-f', 'w.yaml', 'A=1', '-o', 'yaml'],
  ['label', '--local', '-f', 'cm.yaml', 'q-', '-n', 'bar', '-o', 'yaml'],
  ['annotate', '--local', '-f', 'cm.yaml', 'q-', '-n', 'bar', '-o', 'yaml'],
  ['label', '--local', '-f', 'cm.yaml', 'q-', '-n', 'bar'],
  ['label', '--local', '-f', 'bad.yaml', 'q=r'],
  ['label', '--local', '-f', 'bad-name.yaml', 'q=r'],
  ['label', '--local', '-f', 'bad.json', 'q=r'],
];

test('label and annotate --local: what kubectl prints, unserved kinds and empty maps included', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-label-local-'));
  try {
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
    for (const args of LOCAL) {
      const real = kubectlAlone(args, dir);
      assert.deepEqual(runBin(args, { home: dir, cwd: dir }), real, args.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('label and annotate of a live object without labels: what kubectl prints through serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => assert.equal(served.lite(['create', 'configmap', 'bare']).code, 0));

  test('removing what is not there: `label "q" not found.`, then labeled; annotated; the client dry run shows the empty map', async () => {
    const real = await suite.same(['label', 'configmap', 'bare', 'q-']);
    assert.equal(real.stdout, 'label "q" not found.\nconfigmap/bare labeled\n');
    await suite.same(['annotate', 'configmap', 'bare', 'q-']);
    const dry = await suite.same(['label', 'configmap', 'bare', 'q-', '--dry-run=client', '-o', 'yaml']);
    assert.match(dry.stdout, /\n {2}labels: \{\}\n/);
    await suite.same(['annotate', 'configmap', 'bare', 'q-', '--dry-run=client', '-o', 'yaml']);
    // The server keeps no empty map.
    assert.doesNotMatch((await suite.served.kubectl(['get', 'configmap', 'bare', '-o', 'yaml'])).stdout, /labels/);
  });
});

describe('label -o prints the copy it changed, annotate the server\'s answer: through serve, each client on its own object', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => {
    for (const name of ['real', 'lite']) assert.equal(served.lite(['create', 'configmap', name, '--from-literal=a=b']).code, 0);
  });
  const rv = async (run: (args: string[]) => Promise<{ stdout: string }>, name: string) =>
    Number((await run(['get', 'configmap', name, '-o', 'jsonpath={.metadata.resourceVersion}'])).stdout);

  test('label: the resourceVersion read before the change, no kubectl-label manager, `labels: {}` once the last is gone; annotate: the new version', async () => {
    for (const [name, run] of clients(suite.served)) {
      const before = await rv(run, name);
      const labeled = await run(['label', 'configmap', name, 'x=1', '-o', 'yaml', '--show-managed-fields']);
      assert.equal(labeled.code, 0, name);
      assert.match(labeled.stdout, new RegExp(`\n  resourceVersion: "${before}"\n`), name);
      assert.doesNotMatch(labeled.stdout, /kubectl-label/, name);
      assert.match(labeled.stdout, /\n {2}labels:\n {4}x: "1"\n/, name);
      const after = await rv(run, name);
      assert.ok(after > before, `${name}: the label was stored (${before} -> ${after})`);
      const removed = await run(['label', 'configmap', name, 'x-', '-o', 'yaml']);
      assert.match(removed.stdout, new RegExp(`\n {2}labels: \\{\\}\n[^]*\n  resourceVersion: "${after}"\n`), name);
      const annotated = await run(['annotate', 'configmap', name, 'y=1', '-o', 'jsonpath={.metadata.resourceVersion}']);
      assert.equal(Number(annotated.stdout), await rv(run, name), name);
      assert.ok(Number(annotated.stdout) > after, name);
    }
  });
});
