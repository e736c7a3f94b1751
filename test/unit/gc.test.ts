import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deploymentController } from '../../src/controllers/deployment.js';
import { garbageCollector } from '../../src/controllers/garbage-collector.js';
import { namespaceController } from '../../src/controllers/namespace.js';
import { replicaSetController } from '../../src/controllers/replicaset.js';
import { Cluster, deployment } from './workload-harness.js';

const ALL = [deploymentController, replicaSetController, garbageCollector, namespaceController];

function deleteDeployment(c: Cluster, policy: 'Background' | 'Foreground' | 'Orphan') {
  c.with((api) => api.delete(api.registry.forKind('apps/v1', 'Deployment')!, 'default', 'web', { propagationPolicy: policy }));
}

test('background deletion: ReplicaSets and pods follow their deleted owner', () => {
  const c = new Cluster(ALL);
  c.create(deployment('web', 2));
  c.settle();
  deleteDeployment(c, 'Background');
  assert.equal(c.get('apps/v1', 'Deployment', 'web'), undefined);
  c.settle();
  assert.equal(c.list('apps/v1', 'ReplicaSet').length, 0);
  assert.equal(c.list('v1', 'Pod').length, 0);
});

test('foreground deletion: the owner stays (finalizer foregroundDeletion) until its dependents are gone', () => {
  const c = new Cluster(ALL, 'none');
  c.create(deployment('web', 2));
  c.settle();
  deleteDeployment(c, 'Foreground');
  const d = c.get('apps/v1', 'Deployment', 'web')!;
  assert.deepEqual(d.metadata.finalizers, ['foregroundDeletion']);
  assert.ok(d.metadata.deletionTimestamp);
  c.settle();
  assert.equal(c.list('v1', 'Pod').length, 0);
  assert.equal(c.list('apps/v1', 'ReplicaSet').length, 0);
  assert.equal(c.get('apps/v1', 'Deployment', 'web'), undefined);
});

test('orphan deletion: the ReplicaSet keeps running without an owner', () => {
  const c = new Cluster(ALL);
  c.create(deployment('web', 2));
  c.settle();
  deleteDeployment(c, 'Orphan');
  c.settle();
  const [rs] = c.list('apps/v1', 'ReplicaSet');
  assert.equal(rs!.metadata.ownerReferences, undefined);
  assert.equal(c.list('v1', 'Pod').length, 2);
});

test('deleting a namespace: Terminating, contents removed, then the namespace goes; no new content meanwhile', () => {
  const c = new Cluster(ALL, 'none');
  c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  c.create({ ...deployment('web', 2), metadata: { name: 'web', namespace: 'shop' } });
  c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { a: 'b' } });
  c.settle();
  c.with((api) => api.delete(api.registry.forKind('v1', 'Namespace')!, undefined, 'shop'));
  const ns = c.with((api) => api.tryGet(api.registry.forKind('v1', 'Namespace')!, undefined, 'shop'))!;
  assert.equal(ns.status.phase, 'Terminating');
  assert.throws(
    () => c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'shop' } }),
    { message: 'configmaps "late" is forbidden: unable to create new content in namespace shop because it is being terminated' },
  );
  c.settle();
  assert.equal(c.with((api) => api.tryGet(api.registry.forKind('v1', 'Namespace')!, undefined, 'shop')), undefined);
  assert.equal(c.list('v1', 'Pod', 'shop').length, 0);
  assert.equal(c.list('v1', 'ConfigMap', 'shop').length, 0);
});

test('a namespace with extra spec.finalizers stays Terminating once empty', () => {
  const c = new Cluster(ALL);
  c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'held' }, spec: { finalizers: ['kubernetes', 'example.com/hold'] } });
  c.with((api) => api.delete(api.registry.forKind('v1', 'Namespace')!, undefined, 'held'));
  c.settle();
  const ns = c.with((api) => api.tryGet(api.registry.forKind('v1', 'Namespace')!, undefined, 'held'))!;
  assert.deepEqual(ns.spec.finalizers, ['example.com/hold']);
  assert.equal(ns.status.phase, 'Terminating');
});

test('a dependent with one owner gone and one left keeps only the live ownerReference', () => {
  const c = new Cluster([garbageCollector]);
  const a = c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } });
  const ref = (o: any) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name, uid: o.metadata.uid });
  c.create({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'dep', namespace: 'default', ownerReferences: [ref(a), { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: 'no-such-uid' }] },
  });
  c.settle();
  assert.deepEqual(c.get('v1', 'ConfigMap', 'dep')!.metadata.ownerReferences, [ref(a)]);
});
