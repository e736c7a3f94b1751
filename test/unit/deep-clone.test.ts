import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepClone } from '../../src/api/types.js';

test('deepClone copies a JSON value exactly as a JSON round trip would', () => {
  const tricky = JSON.parse('{"__proto__": {"polluted": true}, "a": [1, null, "x"]}') as Record<string, unknown>;
  const values: unknown[] = [
    { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 3, paused: false, template: null } },
    { keep: 1, drop: undefined, fn: () => 1, nested: [undefined, () => 1, NaN, Infinity, -0, 'ok'] },
    { when: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) },
    tricky,
    [[], {}, '', 0],
    'text',
    42,
    null,
  ];
  for (const v of values) {
    const copy = deepClone(v);
    assert.deepEqual(copy, JSON.parse(JSON.stringify(v)));
    assert.equal(JSON.stringify(copy), JSON.stringify(v));
  }
  const copy = deepClone(tricky);
  assert.equal(Object.getPrototypeOf(copy), Object.prototype, 'a __proto__ key does not become the prototype');
  assert.deepEqual(Object.keys(copy), ['__proto__', 'a']);
  assert.equal(deepClone(undefined), undefined);
});

test('deepClone shares nothing with its input', () => {
  const input = { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '1' }] }] } };
  const copy = deepClone(input);
  copy.spec.containers[0]!.env[0]!.value = '2';
  copy.spec.containers.push({ name: 'b', env: [] });
  assert.equal(input.spec.containers[0]!.env[0]!.value, '1');
  assert.equal(input.spec.containers.length, 1);
});
