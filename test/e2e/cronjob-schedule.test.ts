/**
 * A CronJob's schedule and time zone as the API server validates them (robfig/cron v3's words inside
 * `spec.schedule: Invalid value: ...`), and as the CronJob controller runs them: `@every`, a schedule
 * no date matches, a time zone put in front as `TZ=`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkKind } from '../../src/api/validation/semantic.js';
import type { StatusCause } from '../../src/errors.js';
import { runBin, runCli, tempHome } from '../helpers/cli.js';
import { storeBytes } from './store-helpers.js';
import { T0, VerbCluster } from './workloads-harness.js';

const now = '2026-11-21T10:00:00Z';

function cronJob(spec: Record<string, unknown>): string {
  const template = { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } };
  return JSON.stringify({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: template, ...spec } });
}

test('create cronjob: a schedule robfig/cron cannot parse, or one naming a TZ, is refused with its words; nothing is stored (binary)', async () => {
  const h = tempHome();
  try {
    assert.equal(runBin('get cronjobs', { home: h.home, now }).code, 0);
    const before = storeBytes(h.home);
    const refused = (schedule: string, why: string) => ({
      stdout: '',
      stderr: `error: failed to create cronjob: CronJob.batch "c" is invalid: spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${why}\n`,
      code: 1,
    });
    assert.deepEqual(runBin(['create', 'cronjob', 'c', '--image=busybox', '--schedule=bogus'], { home: h.home, now }), refused('bogus', 'expected exactly 5 fields, found 1: [bogus]'));
    const cases: Array<[string, string]> = [
      ['61 * * * *', 'end of range (61) above maximum (59): 61'],
      ['0 9 * * 7', 'end of range (7) above maximum (6): 7'],
      ['*/0 * * * *', 'step of range should be a positive number: */0'],
      ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
      ['@every 1d', 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"'],
      ['CRON_TZ=UTC 0 9 * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ];
    for (const [schedule, why] of cases) {
      assert.deepEqual(await runCli(['create', 'cronjob', 'c', '--image=busybox', `--schedule=${schedule}`], { home: h.home, now }), refused(schedule, why), schedule);
    }
    // A bad zone in the prefix is both: robfig's error, then the API server's own.
    assert.deepEqual(await runCli(['create', 'cronjob', 'c', '--image=busybox', '--schedule=TZ=Mars/Olympus 0 9 * * *'], { home: h.home, now }), {
      stdout: '',
      stderr:
        'error: failed to create cronjob: CronJob.batch "c" is invalid: [spec.schedule: Invalid value: "TZ=Mars/Olympus 0 9 * * *": provided bad location Mars/Olympus: unknown time zone Mars/Olympus, ' +
        'spec.schedule: Invalid value: "TZ=Mars/Olympus 0 9 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead]\n',
      code: 1,
    });
    assert.ok(before && storeBytes(h.home)!.equals(before), 'store unchanged');
    for (const schedule of ['@every 90s', '1,,31 * * * *', '0 9 * * SUN']) {
      assert.equal((await runCli(['create', 'cronjob', 'c', '--image=busybox', `--schedule=${schedule}`], { home: h.home, now })).code, 0, schedule);
      assert.equal((await runCli('delete cronjob c', { home: h.home, now })).code, 0);
    }
  } finally {
    h.dispose();
  }
});

test('apply of a CronJob: its time zone as Go loads it, the concurrency policy and the limits, each cause in the API server\'s order', async () => {
  const h = tempHome();
  try {
    assert.equal((await runCli('get cronjobs', { home: h.home, now })).code, 0);
    const before = storeBytes(h.home);
    const apply = (spec: Record<string, unknown>) => runCli('apply -f -', { home: h.home, now, stdin: cronJob(spec) });
    const one = (cause: string) => ({ stdout: '', stderr: `The CronJob "c" is invalid: ${cause}\n`, code: 1 });
    assert.deepEqual(await apply({ timeZone: 'Europe/Pariss' }), one('spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss'));
    // Zone files are named case-sensitively.
    assert.deepEqual(await apply({ timeZone: 'europe/paris' }), one('spec.timeZone: Invalid value: "europe/paris": unknown time zone europe/paris'));
    assert.deepEqual(await apply({ timeZone: '' }), one('spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string'));
    assert.deepEqual(await apply({ timeZone: '../etc' }), one('spec.timeZone: Invalid value: "../etc": unknown time zone ../etc'));
    assert.deepEqual(await apply({ timeZone: 'Local' }), one('spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
    assert.deepEqual(await apply({ startingDeadlineSeconds: -1 }), one('spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0'));
    assert.deepEqual(await apply({ concurrencyPolicy: 'Sometimes' }), one('spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"'));
    assert.deepEqual(await apply({ schedule: 'bad', timeZone: 'Nope/Zone', concurrencyPolicy: 'X', failedJobsHistoryLimit: -2 }), {
      stdout: '',
      stderr:
        'The CronJob "c" is invalid: \n' +
        '* spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]\n' +
        '* spec.timeZone: Invalid value: "Nope/Zone": unknown time zone Nope/Zone\n' +
        '* spec.concurrencyPolicy: Unsupported value: "X": supported values: "Allow", "Forbid", "Replace"\n' +
        '* spec.failedJobsHistoryLimit: Invalid value: -2: must be greater than or equal to 0\n',
      code: 1,
    });
    assert.ok(before && storeBytes(h.home)!.equals(before), 'store unchanged');
    // An alias is a zone Go loads; an empty policy is defaulted to Allow before validation.
    assert.deepEqual(await apply({ timeZone: 'US/Eastern', concurrencyPolicy: '' }), { stdout: 'cronjob.batch/c created\n', stderr: '', code: 0 });
  } finally {
    h.dispose();
  }
});

test('a schedule with TZ= is kept on update only when the stored one had one, and then not beside spec.timeZone', () => {
  const obj = (spec: Record<string, unknown>) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: {}, ...spec } });
  const causes = (spec: Record<string, unknown>, old?: Record<string, unknown>) => {
    const out: StatusCause[] = [];
    checkKind(out, obj(spec) as any, old && (obj(old) as any));
    return out.filter((c) => c.field === 'spec.schedule').map((c) => c.message);
  };
  const inline = 'TZ=UTC 0 9 * * *';
  assert.deepEqual(causes({ schedule: inline }), ['Invalid value: "TZ=UTC 0 9 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
  assert.deepEqual(causes({ schedule: inline }, { schedule: 'CRON_TZ=UTC 0 8 * * *' }), []);
  assert.deepEqual(causes({ schedule: inline, timeZone: 'UTC' }, { schedule: inline }), ['Invalid value: "TZ=UTC 0 9 * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule']);
});

test('the CronJob controller: @every runs at a constant delay, a schedule no date matches is an InvalidSchedule Warning', async () => {
  const c = new VerbCluster('complete');
  try {
    assert.equal((await c.kubectl("create cronjob every --image=busybox --schedule='@every 90s'")).code, 0);
    assert.equal((await c.kubectl("create cronjob feb --image=busybox --schedule='0 0 31 2 *'")).code, 0);
    c.clock.set(T0 + 200_000);
    c.settle();
    // robfig's Next from the creation time: +90 s, then from that run's time only the latest missed one.
    const names = c.list('batch/v1', 'Job').map((j) => j.metadata.name).sort();
    assert.deepEqual(names, [`every-${Math.floor((T0 + 180_000) / 60_000)}`]);
    const events = (await c.kubectl(`get events --field-selector involvedObject.name=feb -o 'jsonpath={range .items[*]}{.type}/{.reason}:{.message}{"\\n"}{end}'`)).stdout;
    assert.equal(events, 'Warning/InvalidSchedule:invalid schedule: 0 0 31 2 * : time difference between two schedules is less than 1 second\n');
  } finally {
    c.dispose();
  }
});
