import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CronParseError, nextAfter, parseSchedule, rfc3339In } from '../../src/api/cron-schedule.js';

const at = (iso: string) => Date.parse(iso);
const next = (spec: string, from: string, tz?: string) => new Date(nextAfter(parseSchedule(spec), at(from), tz)!).toISOString();

test('cron: steps, ranges, lists and names', () => {
  assert.equal(next('*/5 * * * *', '2026-11-21T10:02:30Z'), '2026-11-21T10:05:00.000Z');
  assert.equal(next('*/5 * * * *', '2026-11-21T10:05:00Z'), '2026-11-21T10:10:00.000Z');
  assert.equal(next('0 9-17/4 * * *', '2026-11-21T10:00:00Z'), '2026-11-21T13:00:00.000Z');
  assert.equal(next('30 8 * * mon-fri', '2026-11-21T10:00:00Z'), '2026-11-23T08:30:00.000Z'); // 21st is a Saturday
  assert.equal(next('0 0 1 jan,jul *', '2026-11-21T10:00:00Z'), '2027-01-01T00:00:00.000Z');
  assert.equal(next('0 0 * * 0', '2026-11-21T10:00:00Z'), '2026-11-22T00:00:00.000Z');
  assert.equal(next('0 0 * * SUN', '2026-11-21T10:00:00Z'), '2026-11-22T00:00:00.000Z');
  // Empty items of a list are skipped (Go's FieldsFunc); `*-5` is a star (what follows `*-` is not read).
  assert.equal(next('1,,31 * * * *', '2026-11-21T10:02:00Z'), '2026-11-21T10:31:00.000Z');
  assert.equal(next('0 *-5 * * *', '2026-11-21T10:02:00Z'), '2026-11-21T11:00:00.000Z');
  // `N/step` runs from N to the field's maximum; a step past the range keeps only its start.
  assert.equal(next('50/5 * * * *', '2026-11-21T10:52:00Z'), '2026-11-21T10:55:00.000Z');
  assert.equal(next('*/61 * * * *', '2026-11-21T10:02:00Z'), '2026-11-21T11:00:00.000Z');
});

test('cron: day-of-month and day-of-week both restricted means either', () => {
  assert.equal(next('0 0 13 * fri', '2026-11-21T10:00:00Z'), '2026-11-27T00:00:00.000Z');
});

test('cron: descriptors', () => {
  assert.equal(next('@hourly', '2026-11-21T10:00:00Z'), '2026-11-21T11:00:00.000Z');
  assert.equal(next('@daily', '2026-11-21T10:00:00Z'), '2026-11-22T00:00:00.000Z');
  assert.equal(next('@weekly', '2026-11-21T10:00:00Z'), '2026-11-22T00:00:00.000Z');
  assert.equal(next('@monthly', '2026-11-21T10:00:00Z'), '2026-12-01T00:00:00.000Z');
  assert.equal(next('@yearly', '2026-11-21T10:00:00Z'), '2027-01-01T00:00:00.000Z');
});

test('cron: time zones (spec.timeZone and CRON_TZ=)', () => {
  assert.equal(next('0 9 * * *', '2026-11-21T10:00:00Z', 'Europe/Berlin'), '2026-11-22T08:00:00.000Z');
  assert.equal(next('CRON_TZ=America/New_York 0 9 * * *', '2026-11-21T10:00:00Z'), '2026-11-21T14:00:00.000Z');
  assert.equal(rfc3339In(at('2026-11-22T08:00:00Z'), 'Europe/Berlin'), '2026-11-22T09:00:00+01:00');
  assert.equal(rfc3339In(at('2026-11-22T08:00:00Z'), undefined), '2026-11-22T08:00:00Z');
});

test('cron: @every is a constant delay from the given time cut to its second, at least a second', () => {
  assert.equal(new Date(nextAfter(parseSchedule('@every 90s'), at('2026-11-21T10:00:00.700Z'))!).toISOString(), '2026-11-21T10:01:30.000Z');
  assert.equal(new Date(nextAfter(parseSchedule('@every 1m30.5s'), at('2026-11-21T10:00:00Z'))!).toISOString(), '2026-11-21T10:01:30.000Z');
  assert.equal(new Date(nextAfter(parseSchedule('@every 10ms'), at('2026-11-21T10:00:00Z'))!).toISOString(), '2026-11-21T10:00:01.000Z');
});

test('cron: a schedule no date matches has no next run', () => {
  assert.equal(nextAfter(parseSchedule('0 0 31 2 *'), at('2026-11-21T10:00:00Z')), undefined);
});

test('cron: bad schedules are refused with robfig/cron v3\'s words', () => {
  const refusals: Array<[string, string]> = [
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['  ', 'expected exactly 5 fields, found 0: []'],
    ['0 * * * * *', 'expected exactly 5 fields, found 6: [0 * * * * *]'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['* 5-24 * * *', 'end of range (24) above maximum (23): 5-24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['* * * * 5-7', 'end of range (7) above maximum (6): 5-7'],
    ['10-5 * * * *', 'beginning of range (10) beyond end of range (5): 10-5'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['-1 * * * *', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ['*/-5 * * * *', 'negative number (-5) not allowed: -5'],
    ['99999999999999999999 * * * *', 'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range'],
    ['99999999999999999 * * * *', 'end of range (99999999999999999) above maximum (59): 99999999999999999'],
    ['* * * foo *', 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@daily ', 'unrecognized descriptor: @daily '],
    ['@every 5', 'failed to parse duration @every 5: time: missing unit in duration "5"'],
    ['@every 1d', 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"'],
    ['TZ=Mars/Olympus * * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
  ];
  for (const [spec, message] of refusals) assert.throws(() => parseSchedule(spec), new CronParseError(message), JSON.stringify(spec));
  for (const spec of ['* * * * ?', '0 0 1 jan,JUL *', 'TZ=UTC @daily', 'CRON_TZ=Europe/Berlin 0 9 * * mon-fri', '@every 1h30m']) assert.doesNotThrow(() => parseSchedule(spec), spec);
});
