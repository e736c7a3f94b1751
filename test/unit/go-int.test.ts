/** strconv.ParseInt(text, 0, bits), which pflag's int flags use. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGoInt } from '../../src/util/go-int.js';

test('a sign, a base prefix or a leading 0 (octal), underscores between digits', () => {
  const cases: Array<[string, bigint]> = [
    ['42', 42n], ['-42', -42n], ['+42', 42n], ['0', 0n], ['-0', 0n], ['010', 8n], ['0x1F', 31n], ['0X1f', 31n], ['0o17', 15n],
    ['0b101', 5n], ['1_000', 1000n], ['0x_ff', 255n], ['0_7', 7n], ['9223372036854775807', 9223372036854775807n], ['-9223372036854775808', -9223372036854775808n],
  ];
  for (const [text, want] of cases) assert.equal(parseGoInt(text, 64), want, text);
});

test('what Go refuses, and why', () => {
  const cases: Array<[string, 32 | 64, string]> = [
    ['', 64, 'invalid syntax'], ['-', 64, 'invalid syntax'], [' 1', 64, 'invalid syntax'], ['1 ', 64, 'invalid syntax'], ['09', 64, 'invalid syntax'],
    ['0x', 64, 'invalid syntax'], ['0x_', 64, 'invalid syntax'], ['_1', 64, 'invalid syntax'], ['1_', 64, 'invalid syntax'], ['1__0', 64, 'invalid syntax'],
    ['1e3', 64, 'invalid syntax'], ['1.0', 64, 'invalid syntax'], ['０', 64, 'invalid syntax'], ['--1', 64, 'invalid syntax'],
    ['9223372036854775808', 64, 'value out of range'], ['-9223372036854775809', 64, 'value out of range'],
    ['2147483648', 32, 'value out of range'], ['-2147483649', 32, 'value out of range'],
    // The range is found while reading the digits, before a later bad one.
    ['99999999999999999999x', 64, 'value out of range'],
  ];
  for (const [text, bits, why] of cases) assert.equal(parseGoInt(text, bits), why, `${text} (${bits} bits)`);
  assert.equal(parseGoInt('2147483647', 32), 2147483647n);
  assert.equal(parseGoInt('-2147483648', 32), -2147483648n);
});
