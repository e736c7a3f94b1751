import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRFC3339 } from '../../src/util/go-time.js';

test("parseRFC3339: instants as Go's time.Parse(time.RFC3339) reads them", () => {
  assert.deepEqual(parseRFC3339('2020-02-01T10:00:00Z'), { ms: Date.UTC(2020, 1, 1, 10) });
  assert.deepEqual(parseRFC3339('2020-02-01T10:00:00.250Z'), { ms: Date.UTC(2020, 1, 1, 10, 0, 0, 250) });
  assert.deepEqual(parseRFC3339('2020-02-01T10:00:00,5Z'), { ms: Date.UTC(2020, 1, 1, 10, 0, 0, 500) });
  assert.deepEqual(parseRFC3339('2020-02-01T10:00:00+01:30'), { ms: Date.UTC(2020, 1, 1, 8, 30) });
  assert.deepEqual(parseRFC3339('2020-02-01T1:00:00-01:00'), { ms: Date.UTC(2020, 1, 1, 2) });
  const y50 = new Date(0);
  y50.setUTCFullYear(50, 0, 1);
  assert.deepEqual(parseRFC3339('0050-01-01T00:00:00Z'), { ms: y50.getTime() });
});

test("parseRFC3339: Go's errors, word for word", () => {
  const at = (v: string, rest: string, elem: string) => ({ error: `parsing time "${v}" as "2006-01-02T15:04:05Z07:00": cannot parse "${rest}" as "${elem}"` });
  assert.deepEqual(parseRFC3339('bogus'), at('bogus', 'bogus', '2006'));
  assert.deepEqual(parseRFC3339('2020'), at('2020', '', '-'));
  assert.deepEqual(parseRFC3339('2020-1-01T00:00:00Z'), at('2020-1-01T00:00:00Z', '1-01T00:00:00Z', '01'));
  assert.deepEqual(parseRFC3339('2020-02-01'), at('2020-02-01', '', 'T'));
  assert.deepEqual(parseRFC3339('2020-02-01t10:00:00Z'), at('2020-02-01t10:00:00Z', 't10:00:00Z', 'T'));
  assert.deepEqual(parseRFC3339('2020-02-01T10:00:00'), at('2020-02-01T10:00:00', '', 'Z07:00'));
  assert.deepEqual(parseRFC3339('2020-02-01T10:00:00+0100'), at('2020-02-01T10:00:00+0100', '+0100', 'Z07:00'));
  assert.deepEqual(parseRFC3339('2020-13-01T00:00:00Z'), { error: 'parsing time "2020-13-01T00:00:00Z": month out of range' });
  assert.deepEqual(parseRFC3339('2020-02-30T00:00:00Z'), { error: 'parsing time "2020-02-30T00:00:00Z": day out of range' });
  assert.deepEqual(parseRFC3339('2020-02-01T24:00:00Z'), { error: 'parsing time "2020-02-01T24:00:00Z": hour out of range' });
  assert.deepEqual(parseRFC3339('2020-02-01T10:00:00+25:00'), { error: 'parsing time "2020-02-01T10:00:00+25:00": time zone offset hour out of range' });
  assert.deepEqual(parseRFC3339('2020-02-01T10:00:00ZZ'), { error: 'parsing time "2020-02-01T10:00:00ZZ": extra text: "Z"' });
});
