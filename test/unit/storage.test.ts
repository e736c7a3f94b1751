import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiServer } from '../../src/api/server.js';
import { deepClone, type KubeObject } from '../../src/api/types.js';
import { claimsReadyForScheduling, STANDARD_STORAGE_CLASS, storageController } from '../../src/controllers/storage.js';
import { withCluster } from './services-fixtures.js';

function claim(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  };
}

function volume(name: string, storage: string, spec: Record<string, unknown> = {}, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { accessModes: ['ReadWriteOnce'], capacity: { storage }, hostPath: { path: `/data/${name}` }, ...spec },
  };
}

function podUsing(api: ApiServer, name: string, claimName: string, node?: string): KubeObject {
  const pod = api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] },
  });
  if (!node) return pod;
  const bound = deepClone(pod);
  bound.spec.nodeName = node;
  return api.put(bound);
}

const pvc = (api: ApiServer, name: string) => api.get(api.registry.resolve('pvc')!, 'default', name);
const pv = (api: ApiServer, name: string) => api.get(api.registry.resolve('pv')!, undefined, name);

test('a claim binds to the smallest matching Available volume (class, access modes, capacity, selector)', () => {
  withCluster((api) => {
    api.create(volume('big', '10Gi', { storageClassName: 'manual' }));
    api.create(volume('small', '2Gi', { storageClassName: 'manual' }));
    api.create(volume('rwx', '1Gi', { storageClassName: 'manual', accessModes: ['ReadWriteMany'] }));
    api.create(volume('labelled', '5Gi', { storageClassName: 'manual' }, { tier: 'gold' }));
    api.create(claim('data', { storageClassName: 'manual' }));
    api.create(claim('gold', { storageClassName: 'manual', selector: { matchLabels: { tier: 'gold' } } }));
    storageController.reconcile(api);
    storageController.reconcile(api);
    assert.equal(pvc(api, 'data').spec.volumeName, 'small');
    assert.deepEqual(pvc(api, 'data').status, { accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' }, phase: 'Bound' });
    assert.equal(pvc(api, 'data').metadata.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(pv(api, 'small').status.phase, 'Bound');
    assert.equal(pv(api, 'small').spec.claimRef.uid, pvc(api, 'data').metadata.uid);
    assert.equal(pvc(api, 'gold').spec.volumeName, 'labelled');
    assert.equal(pv(api, 'big').status.phase, 'Available');
    assert.deepEqual(pv(api, 'big').metadata.finalizers, ['kubernetes.io/pv-protection']);
  });
});

test('a claim with no match and no class stays Pending with a FailedBinding event', () => {
  withCluster((api) => {
    api.create(claim('lonely', { storageClassName: '' }));
    storageController.reconcile(api);
    storageController.reconcile(api);
    const c = pvc(api, 'lonely');
    assert.equal(c.status.phase, 'Pending');
    assert.deepEqual(
      api.eventsFor(c).map((e) => [e.type, e.reason, e.message, e.count]),
      [['Warning', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', 1]],
    );
  });
});

test('the default class standard (WaitForFirstConsumer): waits for a consumer, then provisions pvc-<uid> on its node', () => {
  withCluster((api) => {
    api.create(STANDARD_STORAGE_CLASS);
    const created = api.create(claim('data'));
    assert.equal(created.spec.storageClassName, 'standard');
    assert.deepEqual(created.metadata.finalizers, ['kubernetes.io/pvc-protection']);
    storageController.reconcile(api);
    assert.equal(pvc(api, 'data').status.phase, 'Pending');
    assert.deepEqual(api.eventsFor(created).map((e) => e.reason), ['WaitForFirstConsumer']);
    const pod = podUsing(api, 'web', 'data');
    assert.deepEqual(claimsReadyForScheduling(api, pod), { ok: true });
    podUsing(api, 'web2', 'data', 'kind-worker2');
    storageController.reconcile(api);
    const bound = pvc(api, 'data');
    const name = `pvc-${created.metadata.uid}`;
    assert.equal(bound.spec.volumeName, name);
    assert.equal(bound.status.phase, 'Bound');
    assert.equal(bound.metadata.annotations?.['volume.kubernetes.io/selected-node'], 'kind-worker2');
    assert.equal(bound.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'], 'rancher.io/local-path');
    const vol = pv(api, name);
    assert.equal(vol.spec.storageClassName, 'standard');
    assert.equal(vol.spec.persistentVolumeReclaimPolicy, 'Delete');
    assert.deepEqual(vol.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values, ['kind-worker2']);
    assert.equal(vol.status.phase, 'Bound');
    assert.ok(api.eventsFor(bound).some((e) => e.reason === 'ProvisioningSucceeded' && e.message === `Successfully provisioned volume ${name}`));
  });
});

test('claimsReadyForScheduling: missing claims and unbound Immediate claims keep the pod off every node', () => {
  withCluster((api) => {
    api.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'example.com/fast', volumeBindingMode: 'Immediate' });
    api.create(claim('imm', { storageClassName: 'manual' }));
    assert.deepEqual(claimsReadyForScheduling(api, podUsing(api, 'a', 'missing')), { ok: false, message: 'persistentvolumeclaim "missing" not found' });
    assert.deepEqual(claimsReadyForScheduling(api, podUsing(api, 'b', 'imm')), { ok: false, message: 'pod has unbound immediate PersistentVolumeClaims' });
    api.create(claim('quick', { storageClassName: 'fast' }));
    storageController.reconcile(api);
    assert.equal(pvc(api, 'quick').status.phase, 'Bound');
    assert.deepEqual(claimsReadyForScheduling(api, podUsing(api, 'c', 'quick')), { ok: true });
  });
});

test('deleting a claim: protection holds while a pod uses it; then the Delete-policy volume goes, a Retain one is Released', () => {
  withCluster((api) => {
    api.create(volume('keep', '1Gi', { storageClassName: 'manual', persistentVolumeReclaimPolicy: 'Retain' }));
    api.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'example.com/fast', reclaimPolicy: 'Delete' });
    api.create(claim('kept', { storageClassName: 'manual' }));
    api.create(claim('scratch', { storageClassName: 'fast' }));
    const user = podUsing(api, 'user', 'scratch', 'kind-worker');
    storageController.reconcile(api);
    const scratchPv = pvc(api, 'scratch').spec.volumeName;
    const pvcType = api.registry.resolve('pvc')!;
    api.delete(pvcType, 'default', 'scratch');
    api.delete(pvcType, 'default', 'kept');
    storageController.reconcile(api);
    assert.ok(api.tryGet(pvcType, 'default', 'scratch')?.metadata.deletionTimestamp, 'in-use claim stays while its pod runs');
    assert.equal(api.tryGet(pvcType, 'default', 'kept'), undefined);
    assert.equal(pv(api, 'keep').status.phase, 'Released');
    api.remove(api.registry.resolve('po')!, user);
    storageController.reconcile(api);
    storageController.reconcile(api);
    assert.equal(api.tryGet(pvcType, 'default', 'scratch'), undefined);
    assert.equal(api.tryGet(api.registry.resolve('pv')!, undefined, scratchPv), undefined);
  });
});

test('pre-binding: a claim naming its volume, and a volume reserved for a claim by claimRef', () => {
  withCluster((api) => {
    api.create(volume('named', '1Gi', { storageClassName: 'manual' }));
    api.create(volume('reserved', '1Gi', { storageClassName: 'manual', claimRef: { name: 'mine', namespace: 'default' } }));
    api.create(volume('bigger', '5Gi', { storageClassName: 'manual' }));
    api.create(claim('pick', { storageClassName: 'manual', volumeName: 'named' }));
    api.create(claim('mine', { storageClassName: 'manual' }));
    api.create(claim('other', { storageClassName: 'manual' }));
    storageController.reconcile(api);
    assert.equal(pvc(api, 'pick').spec.volumeName, 'named');
    assert.equal(pvc(api, 'mine').spec.volumeName, 'reserved');
    assert.equal(pvc(api, 'other').spec.volumeName, 'bigger');
    assert.equal(pv(api, 'reserved').spec.claimRef.uid, pvc(api, 'mine').metadata.uid);
    assert.equal(pv(api, 'named').metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.equal(pvc(api, 'pick').metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], undefined);
  });
});
