/**
 * Load drives usage, usage drives the HorizontalPodAutoscaler: the manifests/autoscaling scenario,
 * with requests recorded as a load run records them (src/dataplane/requests.ts).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { recordRequests } from '../../src/dataplane/requests.js';
import type { Transaction } from '../../src/store/types.js';
import { REPO_ROOT, runCli, tempHome } from '../helpers/cli.js';
import { listOf, sessionFor } from '../helpers/sim-world.js';

const NOW = '2026-12-02T12:00:00Z';
const MANIFEST = join(REPO_ROOT, 'manifests', 'autoscaling', 'web.yaml');

/** Every Running web pod served `perPod` requests just now. */
function serve(home: string, perPod: number): void {
  sessionFor(home, NOW).write((api) => {
    const now = api.clock.now().getTime();
    for (const pod of listOf(api, 'Pod', 'default').filter((p) => p.metadata.labels?.app === 'web' && p.status?.phase === 'Running')) {
      recordRequests(api.store as Transaction, pod, 'web', perPod, now);
    }
  });
}

function hpa(home: string): KubeObject {
  return sessionFor(home, NOW).read((api) => api.get(api.registry.resolve('hpa'), 'default', 'web'));
}

describe('autoscaling under load', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string) => runCli(args, { home, now: NOW });
  before(async () => {
    ({ home, dispose } = tempHome());
    assert.equal((await cli(`apply -f ${MANIFEST}`)).code, 0);
  });
  after(() => dispose());

  test('a new HPA waits for its first sync (15 s), then finds pods still initialising', async () => {
    const r = await cli('get hpa');
    assert.equal(r.stdout, 'NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment/web   cpu: <unknown>/50%   2         10        0          0s\n');
    await cli('cluster advance 15s');
    const status = hpa(home).status;
    assert.deepEqual(status.currentMetrics, [{ type: '' }]);
    const active = status.conditions.find((c: any) => c.type === 'ScalingActive');
    assert.equal(active.reason, 'FailedGetResourceMetric');
    assert.equal(active.message, 'the HPA was unable to compute the replica count: failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)');
  });

  test('idle: TARGETS shows the utilisation, the scale is left alone', async () => {
    await cli('cluster advance 1m');
    const r = await cli('get hpa --no-headers');
    assert.equal(r.stdout, 'web   Deployment/web   cpu: 10%/50%   2     10    2     75s\n');
    const conditions = hpa(home).status.conditions.map((c: any) => [c.type, c.status, c.reason]);
    // Idle pods recommend 1 replica; the recommendation of 2 from the first sync holds for 300 s.
    assert.deepEqual(conditions, [
      ['AbleToScale', 'True', 'ScaleDownStabilized'],
      ['ScalingActive', 'True', 'ValidMetricFound'],
      ['ScalingLimited', 'False', 'DesiredWithinRange'],
    ]);
  });

  test('top pods moves under load', async () => {
    const idle = await cli('top pods --no-headers');
    assert.match(idle.stdout, /^web-\S+ +20m +\d+Mi +\nweb-\S+ +20m +\d+Mi +\n$/);
    // 450 requests each in the last 30 s: 15/s at 10m of CPU each is 150m more.
    serve(home, 450);
    const busy = await cli('top pods --no-headers');
    assert.match(busy.stdout, /^web-\S+ +170m +\d+Mi +\nweb-\S+ +170m +\d+Mi +\n$/);
  });

  test('the next sync scales up: SuccessfulRescale, TARGETS above target', async () => {
    await cli('cluster advance 15s');
    // REPLICAS is status.currentReplicas: the size the sync found (desiredReplicas is the new one).
    const r = await cli('get hpa --no-headers');
    assert.equal(r.stdout, 'web   Deployment/web   cpu: 85%/50%   2     10    2     90s\n');
    const d = await cli('get deploy web -o jsonpath={.spec.replicas}');
    assert.equal(d.stdout, '4');
    const ev = await cli('get events --field-selector reason=SuccessfulRescale -o jsonpath={.items[*].message}');
    assert.equal(ev.stdout, 'New size: 4; reason: cpu resource utilization (percentage of request) above target');
    const status = hpa(home).status;
    assert.equal(status.desiredReplicas, 4);
    assert.deepEqual(status.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 85, averageValue: '170m' } } }]);
    assert.ok(status.lastScaleTime);
  });

  test('load gone: held by the 300 s stabilisation window, then down to minReplicas', async () => {
    await cli('cluster advance 1m');
    let s = hpa(home).status;
    assert.equal(s.currentReplicas, 4);
    assert.deepEqual(s.conditions.find((c: any) => c.type === 'AbleToScale').reason, 'ScaleDownStabilized');
    await cli('cluster advance 4m');
    assert.equal(hpa(home).status.currentReplicas, 4, 'still within 300 s of the high recommendation');
    await cli('cluster advance 1m');
    s = hpa(home).status;
    assert.equal(s.currentReplicas, 2);
    const limited = s.conditions.find((c: any) => c.type === 'ScalingLimited');
    assert.deepEqual([limited.status, limited.reason], ['True', 'TooFewReplicas']);
    const ev = await cli('get events --field-selector reason=SuccessfulRescale -o jsonpath={.items[*].message}');
    assert.match(ev.stdout, /New size: 2; reason: All metrics below target$/);
    const pods = await cli('get pods -l app=web --no-headers');
    assert.equal(pods.stdout.trim().split('\n').length, 2);
  });
});
