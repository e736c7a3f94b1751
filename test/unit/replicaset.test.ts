import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { podsToDelete, replicaSetController } from '../../src/controllers/replicaset.js';
import { replicationControllerController } from '../../src/controllers/replicationcontroller.js';
import { Cluster, T0 } from './workload-harness.js';

function rs(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  };
}

function pod(name: string, labels: Record<string, string>, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { containers: [{ name: 'c', image: 'x' }] }, ...extra };
}

test('a ReplicaSet adopts matching orphan pods and only creates the difference', () => {
  const c = new Cluster([replicaSetController]);
  c.create(pod('stray', { app: 'web' }));
  c.create(rs('web', 2));
  c.settle();
  const pods = c.list('v1', 'Pod');
  assert.equal(pods.length, 2);
  const stray = pods.find((p) => p.metadata.name === 'stray')!;
  assert.deepEqual(stray.metadata.ownerReferences!.map((r) => [r.kind, r.name, r.controller, r.blockOwnerDeletion]), [['ReplicaSet', 'web', true, true]]);
  assert.deepEqual(c.get('apps/v1', 'ReplicaSet', 'web')!.status, {
    replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1,
  });
});

test('a pod relabelled out of the selector is released and replaced', () => {
  const c = new Cluster([replicaSetController]);
  c.create(rs('web', 1));
  c.settle();
  const [first] = c.list('v1', 'Pod');
  c.update('v1', 'Pod', first!.metadata.name!, (p) => (p.metadata.labels = { app: 'debug' }));
  c.settle();
  assert.equal(c.get('v1', 'Pod', first!.metadata.name!)!.metadata.ownerReferences, undefined);
  assert.equal(c.list('v1', 'Pod').length, 2);
});

test('scale-down victims: unscheduled, then pending, then not ready, then newest', () => {
  const ready = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
  const notReady = { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] };
  const meta = (name: string, created: string) => ({ name, creationTimestamp: created });
  const pods: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('old-ready', '2026-01-01T00:00:00Z'), spec: { nodeName: 'n' }, status: ready },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('new-ready', '2026-01-02T00:00:00Z'), spec: { nodeName: 'n' }, status: ready },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('not-ready', '2026-01-01T00:00:00Z'), spec: { nodeName: 'n' }, status: notReady },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('pending', '2026-01-01T00:00:00Z'), spec: { nodeName: 'n' }, status: { phase: 'Pending' } },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('unscheduled', '2026-01-01T00:00:00Z'), spec: {}, status: { phase: 'Pending' } },
  ];
  assert.deepEqual(podsToDelete(pods, 5).map((p) => p.metadata.name), ['unscheduled', 'pending', 'not-ready', 'new-ready', 'old-ready']);
});

test('minReadySeconds: available only after being ready that long; the controller asks to be woken then', () => {
  const c = new Cluster([replicaSetController]);
  const r = rs('web', 1);
  r.spec.minReadySeconds = 30;
  c.create(r);
  c.settle();
  assert.equal(c.get('apps/v1', 'ReplicaSet', 'web')!.status.availableReplicas, undefined);
  assert.equal(c.pass(), T0 + 30_000);
  c.clock.set(T0 + 30_000);
  c.settle();
  assert.equal(c.get('apps/v1', 'ReplicaSet', 'web')!.status.availableReplicas, 1);
});

test('a ReplicationController keeps its pods, selecting by its template labels when selector is absent', () => {
  const c = new Cluster([replicationControllerController]);
  c.create({
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'legacy', namespace: 'default' },
    spec: { replicas: 2, template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  });
  c.settle();
  assert.equal(c.list('v1', 'Pod').length, 2);
  assert.equal(c.events().filter((e) => e.startsWith('replication-controller SuccessfulCreate Created pod: legacy-')).length, 2);
});
