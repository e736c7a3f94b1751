import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hpaToV1, hpaToV2 } from '../../src/api/hpa-versions.js';
import type { KubeObject } from '../../src/api/types.js';
import {
  normalizeDesiredReplicas, normalizeWithBehaviors, objectPerPodReplicas, plainMetricReplicas, resourceReplicas, scaleLimit, storeScaleEvent,
  type Memory, type PodMetrics,
} from '../../src/controllers/hpa-replicas.js';

const T = Date.parse('2026-12-02T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

/** A Running pod requesting `cpu`, started and ready `age` ms before T (ready=false: not ready since then). */
function pod(name: string, opts: { cpu?: string; age?: number; ready?: boolean; phase?: string } = {}): KubeObject {
  const age = opts.age ?? 10 * 60_000;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', resources: opts.cpu === undefined ? { requests: { cpu: '100m' } } : opts.cpu ? { requests: { cpu: opts.cpu } } : {} }] },
    status: {
      phase: opts.phase ?? 'Running',
      startTime: iso(T - age),
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True', lastTransitionTime: iso(T - age) }],
    },
  };
}

const samples = (values: Record<string, number>): PodMetrics => new Map(Object.entries(values).map(([k, v]) => [k, { value: v, timestamp: T, windowMs: 30_000 }]));
const fresh = (): Memory => ({ recommendations: [], scaleUp: [], scaleDown: [] });

test('utilisation: replicas = ceil(ratio x ready pods); within 10% of the target nothing changes', () => {
  const pods = [pod('a'), pod('b'), pod('c')];
  // 100% of a 50% target: double.
  assert.deepEqual(resourceReplicas(3, 50, 'cpu', '', pods, samples({ a: 100, b: 100, c: 100 }), T), { replicas: 6, utilization: 100, rawUtilization: 100 });
  // 54% of 50%: ratio 1.08, inside the tolerance.
  assert.equal(resourceReplicas(3, 50, 'cpu', '', pods, samples({ a: 54, b: 54, c: 54 }), T).replicas, 3);
  // 56%: 1.12, outside.
  assert.equal(resourceReplicas(3, 50, 'cpu', '', pods, samples({ a: 56, b: 56, c: 56 }), T).replicas, 4);
  assert.equal(resourceReplicas(3, 50, 'cpu', '', pods, samples({ a: 10, b: 10, c: 10 }), T).replicas, 1);
});

test('not-yet-ready pods: left out, and counted as idle when the others ask for more', () => {
  const pods = [pod('a'), pod('b'), pod('new', { age: 10_000 })];
  // `new` turned ready 10 s ago: no full 30 s window since, so it is not ready for the calculation.
  // a and b at 100% of 50%: without it 4; with it at 0%: 200/3 = 66% -> ceil(1.33 x 3) = 4.
  assert.equal(resourceReplicas(3, 50, 'cpu', '', pods, samples({ a: 100, b: 100, new: 100 }), T).replicas, 4);
  // A pod never ready past the initial readiness delay is left out even after initialisation.
  const stuck = pod('stuck', { ready: false, age: 20 * 60_000 });
  stuck.status.conditions[0].lastTransitionTime = iso(T - 20 * 60_000 + 5_000);
  assert.equal(resourceReplicas(2, 50, 'cpu', '', [pod('a'), stuck], samples({ a: 50, stuck: 500 }), T).replicas, 2);
  // Pending pods count as unready; deleted and failed ones are ignored.
  assert.throws(() => resourceReplicas(1, 50, 'cpu', '', [pod('p', { phase: 'Pending' })], samples({}), T), /did not receive metrics for targeted pods \(pods might be unready\)/);
});

test('missing metrics: as using the request on a scale-down, as idle on a scale-up; no change of direction', () => {
  const pods = [pod('a'), pod('b'), pod('gone')];
  // a, b at 10% of 50%: gone counts as 100% -> (10+10+100)/3 = 40% -> 0.8 -> ceil(2.4) = 3: no scale down below 3.
  assert.equal(resourceReplicas(3, 50, 'cpu', '', pods, samples({ a: 10, b: 10 }), T).replicas, 3);
  assert.equal(resourceReplicas(3, 50, 'cpu', '', pods, samples({ a: 5, b: 5 }), T).replicas, 3);
  // a, b at 150%: gone counts as 0 -> 100% -> 2 x 3 = 6.
  assert.equal(resourceReplicas(3, 50, 'cpu', '', pods, samples({ a: 150, b: 150 }), T).replicas, 6);
  // a, b at 60%: gone as 0 -> 40%: the direction would flip, so the count stays.
  assert.equal(resourceReplicas(3, 50, 'cpu', '', pods, samples({ a: 60, b: 60 }), T).replicas, 3);
});

test('errors worded as the replica calculator words them', () => {
  assert.throws(() => resourceReplicas(1, 50, 'cpu', '', [], samples({}), T), { message: 'no pods returned by selector while calculating replica count' });
  assert.throws(() => resourceReplicas(1, 50, 'cpu', '', [pod('a', { cpu: '' })], samples({ a: 1 }), T), { message: 'missing request for cpu in container c of Pod a' });
});

test('average values (Resource averageValue, Pods metrics)', () => {
  const pods = [pod('a'), pod('b')];
  assert.deepEqual(plainMetricReplicas(2, 1000, 'memory', pods, samples({ a: 3000, b: 1000 }), T), { replicas: 4, usage: 2000 });
  assert.deepEqual(plainMetricReplicas(2, 1000, '', pods, samples({ a: 1050, b: 1000 }), T), { replicas: 2, usage: 1025 });
  // Object averageValue: the object's total over the target per pod.
  assert.deepEqual(objectPerPodReplicas(2, 10_000, 1000), { replicas: 10, usage: 5000 });
});

test('without behavior: the highest recommendation of the last 300 s; at most double (or 4) per scale-up', () => {
  const mem = fresh();
  mem.recommendations.push([T - 400_000, 9], [T - 200_000, 6]);
  const v = normalizeDesiredReplicas(mem, 6, 2, 1, 10, T);
  assert.equal(v.replicas, 6);
  assert.equal(v.able.reason, 'ScaleDownStabilized');
  // The outdated sample was replaced by this one.
  assert.deepEqual(mem.recommendations, [[T, 2], [T - 200_000, 6]]);
  const later = normalizeDesiredReplicas(mem, 6, 2, 1, 10, T + 201_000);
  assert.deepEqual([later.replicas, later.able.reason, later.limited.reason], [2, 'ReadyForNewScale', 'DesiredWithinRange']);
  const up = normalizeDesiredReplicas(fresh(), 3, 20, 1, 10, T);
  assert.deepEqual([up.replicas, up.limited.status, up.limited.reason], [6, 'True', 'ScaleUpLimit']);
  const max = normalizeDesiredReplicas(fresh(), 3, 9, 1, 5, T);
  assert.deepEqual([max.replicas, max.limited.reason], [5, 'TooManyReplicas']);
  const min = normalizeDesiredReplicas(fresh(), 3, 1, 2, 5, T);
  assert.deepEqual([min.replicas, min.limited.reason, min.limited.message], [2, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count']);
});

const DEFAULT_UP = { stabilizationWindowSeconds: 0, selectPolicy: 'Max' as const, policies: [{ type: 'Pods' as const, value: 4, periodSeconds: 15 }, { type: 'Percent' as const, value: 100, periodSeconds: 15 }] };
const DEFAULT_DOWN = { stabilizationWindowSeconds: 300, selectPolicy: 'Max' as const, policies: [{ type: 'Percent' as const, value: 100, periodSeconds: 15 }] };

test('behavior policies: Pods and Percent per period, selectPolicy Max/Min/Disabled, past scale events', () => {
  const mem = fresh();
  // Max of (current + 4, current x 2).
  assert.equal(scaleLimit(true, 3, mem, DEFAULT_UP, T), 7);
  assert.equal(scaleLimit(true, 10, mem, DEFAULT_UP, T), 20);
  assert.equal(scaleLimit(true, 10, mem, { ...DEFAULT_UP, selectPolicy: 'Min' }, T), 14);
  assert.equal(scaleLimit(true, 10, mem, { ...DEFAULT_UP, selectPolicy: 'Disabled' }, T), 10);
  // Scale-down by at most 1 pod per 60 s: a removal 30 s ago uses the period's allowance.
  const down = { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods' as const, value: 1, periodSeconds: 60 }] };
  storeScaleEvent(mem, { scaleUp: DEFAULT_UP, scaleDown: down }, 6, 5, T - 30_000);
  assert.deepEqual(mem.scaleDown, [[T - 30_000, 1]]);
  assert.equal(scaleLimit(false, 5, mem, down, T), 5);
  const v = normalizeWithBehaviors(mem, { scaleUp: DEFAULT_UP, scaleDown: down }, 5, 2, 1, 10, T);
  assert.deepEqual([v.replicas, v.limited.status, v.limited.reason], [5, 'True', 'ScaleDownLimit']);
  assert.equal(normalizeWithBehaviors(mem, { scaleUp: DEFAULT_UP, scaleDown: down }, 5, 2, 1, 10, T + 31_000).replicas, 4);
  // Percent: 50% of 10 per period.
  assert.equal(scaleLimit(false, 10, fresh(), { policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] }, T), 5);
});

test('behavior stabilisation: scale-up window keeps the lowest recent recommendation, scale-down the highest', () => {
  const mem = fresh();
  const behavior = { scaleUp: { ...DEFAULT_UP, stabilizationWindowSeconds: 60 }, scaleDown: DEFAULT_DOWN };
  mem.recommendations.push([T - 30_000, 3]);
  const up = normalizeWithBehaviors(mem, behavior, 3, 8, 1, 10, T);
  assert.deepEqual([up.replicas, up.able.reason, up.able.message], [3, 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation']);
  assert.equal(normalizeWithBehaviors(mem, behavior, 3, 8, 1, 10, T + 31_000).replicas, 7, 'the window has passed; then the Pods policy (+4) limits');
  const down = fresh();
  down.recommendations.push([T - 100_000, 6]);
  const d = normalizeWithBehaviors(down, behavior, 6, 2, 1, 10, T);
  assert.deepEqual([d.replicas, d.able.reason], [6, 'ScaleDownStabilized']);
});

test('autoscaling/v1 and v2: what v1 cannot say travels in annotations, the round trip loses nothing', () => {
  const v2: KubeObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
        { type: 'Pods', pods: { metric: { name: 'requests-per-second' }, target: { type: 'AverageValue', averageValue: '10' } } },
      ],
    },
    status: { currentReplicas: 2, desiredReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 30, averageValue: '30m' } } }] },
  };
  const v1 = hpaToV1(v2);
  assert.equal(v1.spec.targetCPUUtilizationPercentage, 60);
  assert.equal(v1.status.currentCPUUtilizationPercentage, 30);
  assert.deepEqual(JSON.parse(v1.metadata.annotations!['autoscaling.alpha.kubernetes.io/metrics']!), [v2.spec.metrics[1]]);
  const back = hpaToV2(v1);
  assert.deepEqual(back.spec, v2.spec);
  assert.equal(back.metadata.annotations, undefined);
  // A v1 HPA without a target gets the v2 default: CPU at 80%.
  const bare = hpaToV2({ ...v1, spec: { scaleTargetRef: v1.spec.scaleTargetRef, maxReplicas: 3 }, metadata: { name: 'x' } });
  assert.deepEqual(bare.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
});
