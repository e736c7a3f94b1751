/**
 * go-json-scan.ts: Go encoding/json's scanner's words for text that is not JSON (the words the
 * real kubectl prints for the same text: test/e2e/manifest-syntax-kubectl.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goJsonScan, goJsonSyntaxError } from '../../src/api/go-json-scan.js';
import { parseJson } from '../../src/api/json-numbers.js';

test('go-json-scan: the first character Go refuses, and what it was looking for', () => {
  const cases: Array<[string, string | undefined]> = [
    ['{"a":1}', undefined],
    [' [1, "x", true, null, -0.5e+3] ', undefined],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', 'invalid character \'"\' after object key:value pair'],
    ['[1 2]', "invalid character '2' after array element"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
    ['{"a":"b\tc"}', "invalid character '\\t' in string literal"],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":1e+}', "invalid character '}' in exponent of numeric literal"],
    ['{"a":-}', "invalid character '}' in numeric literal"],
    ['{"a":.5}', "invalid character '.' looking for beginning of value"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":nul}', "invalid character '}' in literal null (expecting 'l')"],
    ['{"a":NaN}', "invalid character 'N' looking for beginning of value"],
    // Go names a byte, taken for a rune: the first byte of é is Ã.
    ['{"a":"é"x}', "invalid character 'x' after object key:value pair"],
    ['{"a":é}', "invalid character 'Ã' looking for beginning of value"],
    ['{"a":1} x', "invalid character 'x' after top-level value"],
    ['{"a":1', 'unexpected end of JSON input'],
    ['', 'unexpected end of JSON input'],
  ];
  for (const [text, words] of cases) assert.equal(goJsonSyntaxError(text), words, text);
  assert.deepEqual(goJsonScan('{"a":[1]} {"b":2}', 0), { end: 9 });
  assert.deepEqual(goJsonScan('{"a":[1}', 0), { at: 7, reason: 'after array element' });
  assert.deepEqual(goJsonScan('{"a":"x', 0), { eof: true });
});

test('parseJson: a number JSON does not write (`01`, `1.`) is refused, not kept as a literal', () => {
  assert.throws(() => parseJson('{"a":01}'));
  assert.throws(() => parseJson('{"a":1.}'));
  assert.throws(() => parseJson('{"a":-01.5e3}'));
  assert.deepEqual(parseJson('{"a":1.5,"b":-2.5e-1}'), { a: 1.5, b: -0.25 });
});
