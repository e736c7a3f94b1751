/**
 * -f of a `kind: List`: kubectl flattens it in a visitor of its own, which maps each item (a kind
 * the cluster does not serve is `unable to recognize no matches for kind ...`, and to the verbs
 * that decode into kubectl's typed scheme a runtime.Unknown) and gathers the items' errors into one
 * aggregate: alone it is printed one a line, beside other errors as Go's aggregate words itself
 * (`[a, b]`); get's table and describe keep it on one line. A document without a name is refused
 * before any request, as client-go refuses it. Through serve, the real kubectl is the expectation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const item = (kind: string, name: string, apiVersion = 'v1') => `- {apiVersion: ${apiVersion}, kind: ${kind}, metadata: {name: ${name}}}\n`;
const list = (...items: string[]) => `apiVersion: v1\nkind: List\nitems:\n${items.join('')}`;
const doc = (kind: string, name: string) => `apiVersion: v1\nkind: ${kind}\nmetadata: {name: ${name}}\n`;

const FILES: Record<string, string> = {
  // An item of an unknown kind, one of a group's, a missing one, one there is.
  'unknown.yaml': list(item('Nope', 'n1')),
  'unknowns.yaml': list(item('Nope', 'n1'), item('Widget', 'n2', 'example.com/v1')),
  'partial.yaml': list(item('ConfigMap', 'kube-root-ca.crt'), item('ConfigMap', 'z2'), item('Nope', 'z3')),
  'order.yaml': list(item('Nope', 'w1'), item('ConfigMap', 'w2'), item('ConfigMap', 'kube-root-ca.crt')),
  'missing.yaml': list(item('ConfigMap', 'l1'), item('ConfigMap', 'l2')),
  'one-missing.yaml': list(item('ConfigMap', 'x1')),
  // A List between documents, and two Lists with a document after them.
  'mixed.yaml': [doc('ConfigMap', 'y0'), list(item('ConfigMap', 'y1'), item('ConfigMap', 'y2')), doc('ConfigMap', 'y3')].join('---\n'),
  'two.yaml': [list(item('ConfigMap', 'q1'), item('Nope', 'q2')), list(item('ConfigMap', 'q3'), item('ConfigMap', 'q4')), doc('Nope', 'q5')].join('---\n'),
};

const VERBS = [
  ['get'], ['get', '-o', 'name'], ['describe'], ['label', 'x=y', '--dry-run=server'], ['annotate', 'x=y', '--dry-run=server'],
  ['apply', '--dry-run=server'], ['create', '--dry-run=server'], ['replace', '--dry-run=server'], ['delete', '--dry-run=server'],
  ['patch', '-p', '{}', '--dry-run=server'], ['scale', '--replicas=1', '--dry-run=server'],
  ['rollout', 'status'], ['rollout', 'restart'], ['rollout', 'pause'], ['set', 'env', 'A=1', '--dry-run=server'], ['set', 'selector', 'a=b', '--dry-run=server'],
  ['expose', '--port=80', '--dry-run=server'], ['autoscale', '--max=2', '--dry-run=server'],
];

describe('-f of Lists whose items kubectl cannot map or find', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite();
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kl-lists-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const file of Object.keys(FILES)) {
    test(file, async () => {
      for (const verb of VERBS) await suite.same([...verb, '-f', join(dir, file)]);
    });
  }

  test("a List's own kind is mapped before it is flattened; any document with items is a List, whatever its kind", async () => {
    const headed = (head: string, items = item('ConfigMap', 'h1')) => `${head}items:\n${items}`;
    const files: Record<string, string> = {
      'foo-list.yaml': headed('apiVersion: v1\nkind: FooList\n'),
      'apps-list.yaml': headed('apiVersion: apps/v1\nkind: List\n'),
      'unserved-list.yaml': headed('apiVersion: v9\nkind: List\n'),
      'group-list.yaml': headed('apiVersion: apps/v1\nkind: ConfigMapList\n'),
      'scale-list.yaml': headed('apiVersion: autoscaling/v1\nkind: ScaleList\n'),
      'lower-list.yaml': headed('apiVersion: v1\nkind: configmapList\n'),
      'pod-list.yaml': headed('apiVersion: v1\nkind: PodList\n'),
      'service-items.yaml': headed('apiVersion: v1\nkind: Service\nmetadata: {name: s}\n'),
      'no-version.yaml': headed('kind: List\n'),
      'null-items.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nitems: null\n',
      'v1-null-items.yaml': `${list(item('ConfigMap', 'ok1'))}---\napiVersion: v1\nkind: List\nitems: null\n---\n${doc('ConfigMap', 'after')}`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    for (const name of Object.keys(files)) {
      for (const verb of [['get'], ['get', '-o', 'name'], ['create', '--dry-run=client'], ['apply', '--dry-run=server'], ['delete', '--dry-run=server'], ['describe']]) {
        await suite.same([...verb, '-f', join(dir, name)]);
      }
    }
    // One -f path is a single item, whose errors printGeneric returns as they are (a List's as one aggregate);
    // of several paths, it flattens them (each printed as alone: an API error as `Error from server`).
    for (const output of [[], ['-o', 'name'], ['-o', 'yaml']]) {
      await suite.same(['get', ...output, '-f', join(dir, 'foo-list.yaml'), '-f', join(dir, 'pod-list.yaml')]);
      await suite.same(['get', ...output, '-f', join(dir, 'missing.yaml'), '-f', join(dir, 'one-missing.yaml')]);
      await suite.same(['get', ...output, '-f', join(dir, 'mixed.yaml'), '-f', join(dir, 'unknown.yaml')]);
    }
  });

  test('a document without a name (or with a name that is no string): client-go refuses the request', async () => {
    writeFileSync(join(dir, 'unnamed.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {a: b}}\n');
    writeFileSync(join(dir, 'numbered.yaml'), list(item('ConfigMap', '5')));
    const unnamed = [
      ['describe'], ['label', 'x=y'], ['annotate', 'x=y'], ['apply', '--server-side'], ['apply'], ['replace'], ['replace', '--force'],
      ['delete'], ['patch', '-p', '{}'], ['scale', '--replicas=1'], ['scale', '--replicas=1', '--dry-run=client'], ['wait', '--for=delete', '--timeout=1s'],
      ['set', 'env', 'A=1'], ['rollout', 'status'],
    ];
    for (const file of ['unnamed.yaml', 'numbered.yaml']) {
      for (const verb of unnamed) {
        // The rollout and set verbs take an unnamed document's object as read (not compared here: what they do with it differs).
        if (file === 'unnamed.yaml' && (verb[0] === 'set' || verb[0] === 'rollout')) continue;
        await suite.same([...verb, '-f', join(dir, file)]);
      }
    }
  });
});
