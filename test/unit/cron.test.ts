import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CronParseError, nextAfter, parseSchedule, rfc3339In } from '../../src/controllers/cron.js';

const at = (iso: string) => Date.parse(iso);
const next = (spec: string, from: string, tz?: string) => new Date(nextAfter(parseSchedule(spec), at(from), tz)!).toISOString();

test('cron: steps, ranges, lists and names', () => {
  assert.equal(next('*/5 * * * *', '2026-11-21T10:02:30Z'), '2026-11-21T10:05:00.000Z');
  assert.equal(next('*/5 * * * *', '2026-11-21T10:05:00Z'), '2026-11-21T10:10:00.000Z');
  assert.equal(next('0 9-17/4 * * *', '2026-11-21T10:00:00Z'), '2026-11-21T13:00:00.000Z');
  assert.equal(next('30 8 * * mon-fri', '2026-11-21T10:00:00Z'), '2026-11-23T08:30:00.000Z'); // 21st is a Saturday
  assert.equal(next('0 0 1 jan,jul *', '2026-11-21T10:00:00Z'), '2027-01-01T00:00:00.000Z');
  assert.equal(next('0 0 * * 7', '2026-11-21T10:00:00Z'), '2026-11-22T00:00:00.000Z');
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

test('cron: bad schedules are refused with robfig-style messages', () => {
  assert.throws(() => parseSchedule('* * * *'), new CronParseError('expected exactly 5 fields, found 4: * * * *'));
  assert.throws(() => parseSchedule('61 * * * *'), /end of range \(61\) above maximum \(59\)/);
  assert.throws(() => parseSchedule('@fortnightly'), /unrecognized descriptor/);
  assert.throws(() => parseSchedule('x * * * *'), /failed to parse int from x/);
});
