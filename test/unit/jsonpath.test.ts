import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonPath, JsonPathError } from '../../src/printers/jsonpath.js';

const list = {
  kind: 'List',
  items: [
    { metadata: { name: 'a', labels: { app: 'web', 'app.kubernetes.io/name': 'x' } }, status: { phase: 'Running', n: 3, conditions: [{ type: 'Ready', status: 'True' }] } },
    { metadata: { name: 'b', labels: { app: 'db' } }, status: { phase: 'Pending', n: 1, conditions: [{ type: 'Ready', status: 'False' }] } },
    { metadata: { name: 'c' }, status: { phase: 'Running', n: 12 } },
  ],
};
const run = (t: string, data: unknown = list) => new JsonPath(t).execute(data);

test('jsonpath: fields, wildcards joined by spaces, maps as compact JSON', () => {
  assert.equal(run('{.items[*].metadata.name}'), 'a b c');
  assert.equal(run('{.items[0].metadata.labels}'), '{"app":"web","app.kubernetes.io/name":"x"}');
  assert.equal(run('{.items[0].metadata.labels.app\\.kubernetes\\.io/name}'), 'x');
  // kubectl quirk: a quoted key is re-parsed as a path, so its dots still split it.
  assert.equal(run("{.items[0].metadata.labels['app.kubernetes.io/name']}"), '');
  assert.equal(run('{.items[0].metadata.nope}'), '');
  assert.equal(run('{.kind}{"\\n"}'), 'List\n');
});

test('jsonpath: slices, negative indexes, unions', () => {
  assert.equal(run('{.items[-1].metadata.name}'), 'c');
  assert.equal(run('{.items[1:].metadata.name}'), 'b c');
  assert.equal(run('{.items[::2].metadata.name}'), 'a c');
  assert.equal(run('{.items[0,2].metadata.name}'), 'a c');
});

test('jsonpath: filters and range', () => {
  assert.equal(run('{.items[?(@.status.phase!="Running")].metadata.name}'), 'b');
  assert.equal(run('{.items[?(@.status.n>2)].metadata.name}'), 'a c');
  assert.equal(run('{.items[?(@.metadata.labels)].metadata.name}'), 'a b');
  assert.equal(run('{.items[*].status.conditions[?(@.type=="Ready")].status}'), 'True False');
  assert.equal(run('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'), 'a\tRunning\nb\tPending\nc\tRunning\n');
});

test('jsonpath: parse and execution errors carry Go messages', () => {
  assert.throws(() => new JsonPath('{.items['), new JsonPathError('unterminated array'));
  assert.throws(() => run('{.items[9].metadata.name}'), new JsonPathError('array index out of bounds: index 9, length 3'));
  assert.throws(() => run('{end}'), new JsonPathError('not in range, nothing to end'));
});
