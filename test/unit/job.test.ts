import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepClone, type KubeObject } from '../../src/api/types.js';
import { garbageCollector } from '../../src/controllers/garbage-collector.js';
import { compressIndexes, jobController } from '../../src/controllers/job.js';
import { Cluster } from './workload-harness.js';

function job(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } }, ...spec },
  };
}

test('a job runs its pods to completion, parallelism at a time, and reports Complete', () => {
  const c = new Cluster([jobController], 'complete');
  c.create(job('pi', { completions: 3, parallelism: 2 }));
  c.with(() => undefined);
  c.pass();
  assert.equal(c.list('v1', 'Pod').length, 2);
  const pod = c.list('v1', 'Pod')[0]!;
  assert.match(pod.metadata.name!, /^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.equal(pod.metadata.labels!['job-name'], 'pi');
  assert.equal(pod.metadata.labels!['batch.kubernetes.io/job-name'], 'pi');
  c.settle();
  assert.equal(c.list('v1', 'Pod').length, 3);
  const j = c.get('batch/v1', 'Job', 'pi')!;
  assert.equal(j.status.succeeded, 3);
  assert.equal(j.status.active, undefined);
  assert.equal(j.status.ready, 0);
  assert.ok(j.status.completionTime);
  assert.deepEqual(j.status.conditions.map((x: any) => [x.type, x.status, x.reason]), [
    ['SuccessCriteriaMet', 'True', 'CompletionsReached'],
    ['Complete', 'True', 'CompletionsReached'],
  ]);
  assert.ok(c.events().includes('job-controller Completed Job completed'));
});

test('a job fails after backoffLimit failed pods, backing off between them', () => {
  const c = new Cluster([jobController], 'none');
  c.create(job('bad', { backoffLimit: 1 }));
  const fail = () =>
    c.with((api) => {
      const t = api.registry.forKind('v1', 'Pod')!;
      for (const p of api.list(t)) {
        if (p.status?.phase && p.status.phase !== 'Pending') continue;
        const copy = deepClone(p);
        copy.status = { phase: 'Failed', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: api.now() }] };
        api.put(copy);
      }
    });
  c.settle();
  fail();
  const retryAt = c.pass();
  assert.equal(retryAt, c.clock.millis + 10_000);
  assert.equal(c.list('v1', 'Pod').length, 1);
  c.clock.set(retryAt!);
  c.settle();
  assert.equal(c.list('v1', 'Pod').length, 2);
  fail();
  c.settle();
  const j = c.get('batch/v1', 'Job', 'bad')!;
  assert.equal(j.status.failed, 2);
  assert.deepEqual(j.status.conditions.map((x: any) => [x.type, x.reason, x.message]), [
    ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
  ]);
  assert.ok(c.events().includes('job-controller BackoffLimitExceeded Job has reached the specified backoff limit'));
});

test('indexed jobs name pods by completion index and report completedIndexes', () => {
  const c = new Cluster([jobController], 'complete');
  c.create(job('ix', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
  c.settle();
  const names = c.list('v1', 'Pod').map((p) => p.metadata.name!.replace(/-\w{5}$/, '')).sort();
  assert.deepEqual(names, ['ix-0', 'ix-1', 'ix-2']);
  assert.equal(c.get('batch/v1', 'Job', 'ix')!.status.completedIndexes, '0-2');
  assert.equal(compressIndexes([0, 1, 2, 4, 6, 7]), '0-2,4,6-7');
});

test('ttlSecondsAfterFinished deletes a finished job when the clock passes it', () => {
  const c = new Cluster([jobController, garbageCollector], 'complete');
  c.create(job('short', { ttlSecondsAfterFinished: 60 }));
  c.settle();
  const at = c.pass();
  assert.equal(at, c.clock.millis + 60_000);
  c.clock.set(at!);
  c.settle();
  assert.equal(c.get('batch/v1', 'Job', 'short'), undefined);
});
