import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortRows } from '../../src/cli/top.js';

const row = (name: string, cpu: number, memory: number) => ({ name, usage: { cpu, memory } });

test('top --sort-by: CPU compared in whole millicores as printed (95.1m and 95.4m both print 95m: a tie, left in listed order)', () => {
  const rows = [row('cp', 200e6, 5), row('worker', 94_100_000, 3), row('worker2', 94_400_000, 4), row('worker3', 123e6, 1)];
  assert.deepEqual(sortRows(rows, 'cpu').map((r) => r.name), ['cp', 'worker3', 'worker', 'worker2']);
  // 95.0m and 95.01m print 95m and 96m: not a tie.
  assert.deepEqual(sortRows([row('a', 95e6, 0), row('b', 95_010_000, 0)], 'cpu').map((r) => r.name), ['b', 'a']);
  assert.deepEqual(sortRows(rows, 'memory').map((r) => r.name), ['cp', 'worker2', 'worker', 'worker3']);
  assert.deepEqual(sortRows(rows, undefined).map((r) => r.name), ['cp', 'worker', 'worker2', 'worker3']);
});
