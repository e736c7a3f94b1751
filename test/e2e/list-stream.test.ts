/**
 * `get TYPE -o json|yaml` of a whole List reads the store a shard at a time as it prints
 * (src/cli/get-stream.ts) where the store keeps summaries: what it prints must be what the List
 * printed whole prints, byte for byte, in every form (namespaces, selectors, empty, yaml).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { summarisedPods } from '../helpers/summarised-pods.js';

const { home, kl, summaryFiles, seed, sameWithoutSummaries, withSummaryChanged } = summarisedPods();

const COMMANDS = [
  'get pods -A -o json',
  'get pods -A -o yaml',
  'get pods -n red -o json',
  'get pods -A -l app=web -o yaml',
  'get pods -A -l app=web -o json',
  'get pods -A --field-selector status.phase=Running -o json',
  'get pods -A --field-selector metadata.namespace!=red -o yaml',
  'get pods -A -o json --show-managed-fields',
  'get pods -n nowhere -o json',
  'get pods -n nowhere -o yaml',
  'get pods -A -l app=nothing -o json',
  'get nodes -o json',
];

before(() =>
  seed((pods) => {
    // Keys out of Go's order, a key to escape, a key named like an Object member: copied in order where needed.
    pods[0] = { ...pods[0]!, metadata: { ...pods[0]!.metadata, annotations: { zeta: '<a&b>', alpha: '\u2028', constructor: 'c' } } };
    // managedFields (left out unparsed unless asked for), first in metadata and elsewhere.
    const mf = [{ manager: 'kubectl-create', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': {} } } }];
    pods[1] = { ...pods[1]!, metadata: { managedFields: mf, ...pods[1]!.metadata } } as KubeObject;
    pods[2] = { ...pods[2]!, metadata: { ...pods[2]!.metadata, managedFields: mf } } as KubeObject;
    // What -o json prints from the stored bytes (json-items.ts) meets: keys Go sorts otherwise than
    // an object holds them ("10" before "9"), non-ASCII, escapes, numbers, a big map out of order;
    // and what it leaves to the parsing way: a key with an escape, nesting past its limit.
    let deep: unknown = 'bottom';
    for (let i = 0; i < 450; i++) deep = [deep];
    pods[3] = {
      ...pods[3]!,
      metadata: { ...pods[3]!.metadata, annotations: { 10: 'ten', 9: 'nine', 'é': '日本 😀', q: 'say "hi"\\ \n\t\u0001\u0085', '': 'empty' } },
      status: { ...(pods[3]!.status as object), extra: { f: 0.1, big: 1e21, tiny: 1e-7, neg: -0, int: 123456789012345678, deep } },
    } as KubeObject;
    const labels = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`l${39 - i}`, `v${i}`]));
    pods[4] = { ...pods[4]!, metadata: { ...pods[4]!.metadata, labels: { ...pods[4]!.metadata.labels, ...labels }, annotations: { 'we"ird': 'x' } } } as KubeObject;
  }),
);

after(() => home.dispose());

test('get -o json|yaml read as printed prints what the whole List prints (namespaces, selectors, empty lists, managedFields)', () => {
  assert.ok(summaryFiles().length > 1, 'the pods are sharded and summarised');
  const streamed = COMMANDS.map((c) => kl(c));
  for (const [i, r] of streamed.entries()) assert.equal(r.code, 0, `${COMMANDS[i]}: ${r.stderr}`);
  const all = JSON.parse(streamed[0]!.stdout) as { items: KubeObject[] };
  assert.ok(all.items.length > 64);
  const keys = all.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  assert.deepEqual(keys, [...keys].sort(), 'in key order across namespaces and shards');
  assert.match(streamed[0]!.stdout, /"alpha": "\\u2028",\n +"constructor": "c",\n +"zeta": "\\u003ca\\u0026b\\u003e"/);
  assert.doesNotMatch(streamed[0]!.stdout, /managedFields/);
  assert.match(streamed[7]!.stdout, /"managedFields": \[\n +\{\n +"fieldsV1"/);
  assert.match(streamed[8]!.stdout, /"items": \[\],/);
  assert.match(streamed[0]!.stdout, /"": "empty",\n +"10": "ten",\n +"9": "nine",\n +"q": "say \\"hi\\"\\\\ \\n\\t\\u0001\u0085",\n +"é": "日本 😀"/);
  assert.match(streamed[0]!.stdout, /"big": 1e\+21,\n +"deep": \[/);
  assert.match(streamed[0]!.stdout, /"f": 0.1,\n +"int": 123456789012345680,\n +"neg": 0,\n +"tiny": 1e-7/);
  assert.match(streamed[0]!.stdout, /"l0": "v39",\n +"l1": "v38",\n +"l10": "v29",/);
  assert.match(streamed[0]!.stdout, /"we\\"ird": "x"/);
  // Without the summaries the same commands list the pods whole.
  sameWithoutSummaries(COMMANDS, streamed.map((r) => r.stdout));
});

test('a List read as printed is checked against the List listed whole under KUBECTL_LITE_CHECK_SETTLE=1', () => {
  // A summary that no longer says what its pod is: the scan, filtering on it, leaves the pod out.
  withSummaryChanged('red/crash', (s) => (s.metadata.labels = { app: 'tampered' }), () => {
    // Unchecked, the summaries are trusted, as a table made from them trusts them.
    const unchecked = kl('get pods -n red -l app=crash -o json', false);
    assert.equal(unchecked.code, 0, unchecked.stderr);
    assert.match(unchecked.stdout, /"items": \[\],/);
    const checked = kl('get pods -n red -l app=crash -o json');
    assert.notEqual(checked.code, 0);
    assert.match(checked.stderr, /pods read as printed print otherwise than when listed/);
  });
});
