import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toJson, writeJsonList } from '../../src/printers/json.js';

test('a List written item by item is byte for byte the List printed whole (Go key order and escapes)', () => {
  const items = [
    { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a', labels: { z: '1', a: '<b>&c\u2028' } }, spec: { containers: [{ name: 'c', ports: [] }], x: {} } },
    { b: [1.5, -2, 1e21, null, true, {}, []], '\u00e9': 1, e: 'a', skipped: undefined, n: { 'k<': 'v' } },
    'scalar',
  ];
  const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
  const chunks: string[] = [];
  writeJsonList(list, { write: (s) => chunks.push(s) });
  assert.equal(chunks.join(''), toJson(list));
  // Big lists go out in several writes.
  const many = { ...list, items: Array.from({ length: 5000 }, (_, i) => ({ metadata: { name: `p-${i}`, annotations: { text: 'x'.repeat(300) } } })) };
  const parts: string[] = [];
  writeJsonList(many, { write: (s) => parts.push(s) });
  assert.ok(parts.length > 1);
  assert.equal(parts.join(''), toJson(many));
  const empty: string[] = [];
  writeJsonList({ ...list, items: [] }, { write: (s) => empty.push(s) });
  assert.equal(empty.join(''), toJson({ ...list, items: [] }));
});
