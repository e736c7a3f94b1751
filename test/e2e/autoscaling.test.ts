/**
 * Load drives usage, usage drives the HorizontalPodAutoscaler: the manifests/autoscaling scenario,
 * with requests recorded as a load run records them (src/dataplane/requests.ts).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { recordRequests } from '../../src/dataplane/requests.js';
import { REQUESTS_COLLECTION } from '../../src/dataplane/types.js';
import type { Transaction } from '../../src/store/types.js';
import { REPO_ROOT, runCli, tempHome } from '../helpers/cli.js';
import { listOf, sessionFor } from '../helpers/sim-world.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle } from '../helpers/oracle.js';

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

const API_MANIFEST = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata:
      labels: {app: api}
      annotations: {sim.kubectl-lite.io/cpu-usage: 10m}
    spec:
      containers:
      - {name: api, image: nginx:1.27, resources: {requests: {cpu: 100m}}}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{port: 80}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 8
  metrics:
  - type: Pods
    pods:
      metric: {name: requests-per-second}
      target: {type: AverageValue, averageValue: "10"}
  - type: Object
    object:
      describedObject: {apiVersion: v1, kind: Service, name: api}
      metric: {name: requests-per-second}
      target: {type: Value, value: "30"}
  behavior:
    scaleUp:
      policies: [{type: Pods, value: 1, periodSeconds: 60}]
    scaleDown:
      stabilizationWindowSeconds: 60
`;

describe('custom metrics and behavior', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string, stdin?: string) => runCli(args, { home, now: NOW, stdin });
  before(async () => {
    ({ home, dispose } = tempHome());
    assert.equal((await cli('apply -f -', API_MANIFEST)).code, 0);
    await cli('cluster advance 1m');
  });
  after(() => dispose());

  const served = (perPod: number) =>
    sessionFor(home, NOW).write((api) => {
      const now = api.clock.now().getTime();
      for (const pod of listOf(api, 'Pod', 'default').filter((p) => p.metadata.labels?.app === 'api' && p.status?.phase === 'Running')) {
        recordRequests(api.store as Transaction, pod, 'api', perPod, now);
      }
    });
  const status = () => sessionFor(home, NOW).read((api) => api.get(api.registry.resolve('hpa'), 'default', 'api')).status;

  test('requests-per-second per pod and on the Service; the scale-up policy (1 pod per 60 s) holds it', async () => {
    const idle = await cli('get hpa api --no-headers');
    assert.equal(idle.stdout, 'api   Deployment/api   0/10, 0/30   2     8     2     60s\n');
    // 900 requests each in 30 s: 30/s per pod (3x the target: 6 pods), 60/s on the Service (2x: 4).
    served(900);
    await cli('cluster advance 15s');
    const r = await cli('get hpa api --no-headers');
    assert.equal(r.stdout, 'api   Deployment/api   30/10, 60/30   2     8     2     75s\n');
    const s = status();
    assert.equal(s.desiredReplicas, 3);
    assert.deepEqual(s.currentMetrics[1], {
      type: 'Object',
      object: { describedObject: { apiVersion: 'v1', kind: 'Service', name: 'api' }, metric: { name: 'requests-per-second' }, current: { value: '60' } },
    });
    const limited = s.conditions.find((c: any) => c.type === 'ScalingLimited');
    assert.deepEqual([limited.status, limited.reason], ['True', 'ScaleUpLimit']);
    const ev = await cli('get events --field-selector reason=SuccessfulRescale -o jsonpath={.items[*].message}');
    assert.equal(ev.stdout, 'New size: 3; reason: pods metric requests-per-second above target');
    // Within the policy's 60 s period no more pods are added, however high the load.
    served(900);
    await cli('cluster advance 15s');
    assert.equal(status().desiredReplicas, 3);
  });

  test('describe hpa matches kubectl (metrics, behavior, conditions)', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
    const stored = sessionFor(home, NOW).read((api) => [api.get(api.registry.resolve('hpa'), 'default', 'api')]);
    const oracle = await startOracle(stored);
    try {
      const theirs = await oracle.kubectl(['describe', 'hpa', 'api', '-n', 'default', '--show-events=false']);
      const ours = await cli('describe hpa api --show-events=false');
      assert.equal(ours.stdout, theirs.stdout);
      assert.match(ours.stdout, /"requests-per-second" on pods:\s+30 \/ 10\n/);
    } finally {
      await oracle.close();
    }
  });

  test('a missing custom metric: ScalingActive False with the controller\'s reason, and no scale-down', async () => {
    const patch = JSON.stringify([{ op: 'replace', path: '/spec/metrics/0/pods/metric/name', value: 'queue-depth' }]);
    assert.equal((await runCli(['patch', 'hpa', 'api', '--type=json', '-p', patch], { home, now: NOW })).code, 0);
    await cli('cluster advance 15s');
    const s = status();
    const active = s.conditions.find((c: any) => c.type === 'ScalingActive');
    // One metric of two is invalid and the other would scale down: the controller does not scale.
    assert.deepEqual([active.status, active.reason], ['False', 'FailedGetPodsMetric']);
    assert.equal(active.message, 'the HPA was unable to compute the replica count: unable to get metric queue-depth: unable to fetch metrics from custom metrics API: the server could not find the metric queue-depth for pods');
    assert.deepEqual(s.currentMetrics[0], { type: '' });
    const r = await cli('get hpa api --no-headers');
    assert.match(r.stdout, /^api {3}Deployment\/api {3}<unknown>\/10, \d+\/30 /);
  });
});

describe('autoscaling/v1', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string, stdin?: string) => runCli(args, { home, now: NOW, stdin });
  before(async () => {
    ({ home, dispose } = tempHome());
    assert.equal((await cli('create deployment web --image=nginx')).code, 0);
  });
  after(() => dispose());

  test('kubectl autoscale sends v1 (as kubectl v1.32 does); the server stores and serves v2', async () => {
    const dry = await cli('autoscale deployment web --max=5 --cpu-percent=60 --dry-run=client -o yaml');
    assert.match(dry.stdout, /^apiVersion: autoscaling\/v1\n/);
    assert.match(dry.stdout, /targetCPUUtilizationPercentage: 60/);
    const made = await cli('autoscale deployment web --max=5 --cpu-percent=60 -o yaml');
    assert.match(made.stdout, /^apiVersion: autoscaling\/v1\n/, 'the answer comes at the version sent');
    const got = await cli('get hpa web -o yaml');
    assert.match(got.stdout, /^apiVersion: autoscaling\/v2\n/);
    assert.match(got.stdout, /metrics:\n {2}- resource:\n {6}name: cpu\n {6}target:\n {8}averageUtilization: 60\n {8}type: Utilization\n {4}type: Resource\n/);
    assert.doesNotMatch(got.stdout, /targetCPUUtilizationPercentage/);
  });

  test('applying a v1 manifest again is unchanged; a changed target reaches the v2 metric', async () => {
    const v1 = (pct: number) => `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: front}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 4
  targetCPUUtilizationPercentage: ${pct}
`;
    assert.equal((await cli('apply -f -', v1(50))).stdout, 'horizontalpodautoscaler.autoscaling/front created\n');
    assert.equal((await cli('apply -f -', v1(50))).stdout, 'horizontalpodautoscaler.autoscaling/front unchanged\n');
    assert.equal((await cli('apply -f -', v1(70))).stdout, 'horizontalpodautoscaler.autoscaling/front configured\n');
    const got = await runCli(['get', 'hpa', 'front', '-o', 'jsonpath={.apiVersion} {.spec.metrics[0].resource.target.averageUtilization}'], { home, now: NOW });
    assert.equal(got.stdout, 'autoscaling/v2 70');
  });
});

test('the requests a pod served go with the pod', async () => {
  const { home, dispose } = tempHome();
  try {
    await runCli('run solo --image=nginx', { home, now: NOW });
    sessionFor(home, NOW).write((api) => {
      const pod = api.get(api.registry.resolve('pods'), 'default', 'solo');
      recordRequests(api.store as Transaction, pod, 'solo', 5, api.clock.now().getTime());
    });
    const count = () => sessionFor(home, NOW).read((api) => api.store.list(REQUESTS_COLLECTION).length);
    assert.equal(count(), 1);
    assert.equal((await runCli('delete pod solo', { home, now: NOW })).code, 0);
    assert.equal(count(), 0);
  } finally {
    dispose();
  }
});

test('any scalable target: a ReplicationController by its map selector; a missing target is FailedGetScale', async () => {
  const { home, dispose } = tempHome();
  const cli = (args: string, stdin?: string) => runCli(args, { home, now: NOW, stdin });
  try {
    const rc = `apiVersion: v1
kind: ReplicationController
metadata: {name: legacy}
spec:
  replicas: 3
  selector: {app: legacy}
  template:
    metadata: {labels: {app: legacy}, annotations: {sim.kubectl-lite.io/cpu-usage: 10m}}
    spec:
      containers:
      - {name: app, image: nginx, resources: {requests: {cpu: 100m}}}
`;
    assert.equal((await cli('apply -f -', rc)).code, 0);
    assert.equal((await cli('autoscale rc legacy --min=1 --max=3 --cpu-percent=50')).code, 0);
    assert.equal((await cli('autoscale deployment legacy --max=3', undefined)).code, 1, 'no such deployment: refused by the client');
    const orphan = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: orphan}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: nope}
  maxReplicas: 3
`;
    assert.equal((await cli('apply -f -', orphan)).code, 0);
    await cli('cluster advance 6m');
    // Idle pods (10% of their request) need one replica once the 300 s window has passed.
    assert.equal((await cli('get rc legacy -o jsonpath={.spec.replicas}')).stdout, '1');
    const d = await cli('describe hpa orphan');
    assert.match(d.stdout, /AbleToScale {2}False {3}FailedGetScale {2}the HPA controller was unable to get the target's current scale: deployments\.apps "nope" not found\n/);
    // Synced 15 s after creation, then every 15 s: 24 times in 6 minutes.
    assert.match(d.stdout, /Warning {2}FailedGetScale {2}0s \(x24 over 5m45s\) {2}horizontal-pod-autoscaler {2}deployments\.apps "nope" not found\n/);
  } finally {
    dispose();
  }
});
