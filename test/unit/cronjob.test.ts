import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { cronJobController } from '../../src/controllers/cronjob.js';
import { jobController } from '../../src/controllers/job.js';
import { Cluster, T0 } from './workload-harness.js';

function cronJob(name: string, schedule: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule,
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
  };
}

test('a cronjob creates <name>-<minutes since epoch> jobs at schedule times on the simulated clock', () => {
  const c = new Cluster([cronJobController, jobController], 'complete');
  c.create(cronJob('hello', '*/5 * * * *'));
  const first = c.pass();
  assert.equal(first, T0 + 5 * 60_000);
  assert.equal(c.list('batch/v1', 'Job').length, 0);
  c.clock.set(first!);
  c.settle();
  const jobs = c.list('batch/v1', 'Job');
  assert.deepEqual(jobs.map((j) => j.metadata.name), [`hello-${first! / 60_000}`]);
  assert.equal(jobs[0]!.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-11-21T10:05:00Z');
  assert.equal(jobs[0]!.metadata.ownerReferences![0]!.kind, 'CronJob');
  const cj = c.get('batch/v1', 'CronJob', 'hello')!;
  assert.equal(cj.status.lastScheduleTime, '2026-11-21T10:05:00Z');
  assert.equal(cj.status.lastSuccessfulTime, '2026-11-21T10:05:00Z');
  assert.equal(cj.status.active, undefined);
  const events = c.events();
  assert.ok(events.includes(`cronjob-controller SuccessfulCreate Created job hello-${first! / 60_000}`));
  assert.ok(events.includes(`cronjob-controller SawCompletedJob Saw completed job: hello-${first! / 60_000}, status: Complete`));
});

test('history limits keep the newest finished jobs', () => {
  const c = new Cluster([cronJobController, jobController], 'complete');
  c.create(cronJob('tick', '* * * * *', { successfulJobsHistoryLimit: 2 }));
  for (let i = 1; i <= 5; i++) {
    c.clock.set(T0 + i * 60_000);
    c.settle();
  }
  const names = c.list('batch/v1', 'Job').map((j) => j.metadata.name).sort();
  assert.deepEqual(names, [`tick-${T0 / 60_000 + 4}`, `tick-${T0 / 60_000 + 5}`]);
});

test('suspend stops scheduling; Forbid skips while a job is active', () => {
  const c = new Cluster([cronJobController], 'none');
  c.create(cronJob('s', '* * * * *', { suspend: true }));
  c.create(cronJob('f', '* * * * *', { concurrencyPolicy: 'Forbid' }));
  c.clock.set(T0 + 60_000);
  c.settle();
  c.clock.set(T0 + 120_000);
  c.settle();
  assert.deepEqual(c.list('batch/v1', 'Job').map((j) => j.metadata.name), [`f-${T0 / 60_000 + 1}`]);
  assert.equal(c.get('batch/v1', 'CronJob', 'f')!.status.active.length, 1);
});
