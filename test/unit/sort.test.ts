import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuantity, relaxedJsonPath, sortByJsonPath } from '../../src/printers/sort.js';
import { goSort } from '../../src/util/go-sort.js';

const pod = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name }, ...extra });

test('sort-by: relaxed paths, strings byte-wise, numbers numerically, quantities as quantities', () => {
  assert.equal(relaxedJsonPath('.metadata.name'), '{.metadata.name}');
  assert.equal(relaxedJsonPath('metadata.name'), '{.metadata.name}');
  assert.equal(relaxedJsonPath('{.metadata.name}'), '{.metadata.name}');
  const names = (r: ReturnType<typeof sortByJsonPath<ReturnType<typeof pod>>>) => ('sorted' in r ? r.sorted.map((p) => p.metadata.name) : r);
  assert.deepEqual(names(sortByJsonPath([pod('web-2'), pod('web-10'), pod('web-1')], '.metadata.name')), ['web-1', 'web-10', 'web-2']);
  assert.deepEqual(names(sortByJsonPath([pod('a', { n: 10 }), pod('b', { n: 9 }), pod('c')], '.n')), ['c', 'b', 'a']);
  assert.deepEqual(names(sortByJsonPath([pod('a', { q: '1Gi' }), pod('b', { q: '500Mi' }), pod('c', { q: '2' })], '.q')), ['c', 'b', 'a']);
  assert.deepEqual(sortByJsonPath([pod('a')], '.status.foo'), { missingField: '{.status.foo}' });
});

test('quantities parse as the apimachinery grammar allows', () => {
  assert.equal(parseQuantity('100m'), 0.1);
  assert.equal(parseQuantity('2Ki'), 2048);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('web'), undefined);
  assert.equal(parseQuantity('2026-11-21T10:00:00Z'), undefined);
});

test("goSort reproduces Go's sort.Sort order for ties (verified against kubectl)", () => {
  // kubectl get pods -o name --sort-by=.spec.priority over 16 pods i00..i15 with priority i%2.
  const keys = Array.from({ length: 16 }, (_, i) => ({ i, k: i % 2 }));
  goSort(keys, (a, b) => a.k < b.k);
  assert.deepEqual(keys.map((x) => x.i), [8, 6, 2, 14, 0, 12, 10, 4, 7, 9, 1, 11, 5, 13, 3, 15]);
});
