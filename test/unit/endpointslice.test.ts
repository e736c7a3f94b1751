import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepClone } from '../../src/api/types.js';
import { endpointSliceController } from '../../src/controllers/endpointslice.js';
import { runningPod, service, withCluster } from './services-fixtures.js';

test('EndpointSlice: one slice per Service with labels, owner, conditions and resolved ports', () => {
  withCluster((api) => {
    const svc = api.create(service('web-np', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }, { team: 'a' }));
    api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'kind-worker', labels: { 'topology.kubernetes.io/zone': 'zone-a' } } });
    const ready = runningPod(api, { name: 'a', ip: '10.244.1.5' });
    runningPod(api, { name: 'multi', ip: '10.244.1.9', ready: false });
    endpointSliceController.reconcile(api);
    const slices = api.list(api.registry.resolve('endpointslices')!, 'default');
    assert.equal(slices.length, 1);
    const s = slices[0]!;
    assert.match(s.metadata.name!, /^web-np-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(s.metadata.generateName, 'web-np-');
    assert.equal(s.metadata.generation, 1);
    assert.deepEqual(s.metadata.labels, {
      team: 'a',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'kubernetes.io/service-name': 'web-np',
    });
    assert.deepEqual(s.metadata.ownerReferences, [
      { apiVersion: 'v1', kind: 'Service', name: 'web-np', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    assert.equal(s.addressType, 'IPv4');
    assert.deepEqual(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(s.endpoints[0], {
      addresses: ['10.244.1.5'],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName: 'kind-worker',
      targetRef: { kind: 'Pod', name: 'a', namespace: 'default', uid: ready.metadata.uid },
      zone: 'zone-a',
    });
    assert.deepEqual(s.endpoints[1].conditions, { ready: false, serving: false, terminating: false });
    // Terminating pods stay with terminating=true; a second pass changes nothing more.
    const term = deepClone(api.get(api.registry.resolve('po')!, 'default', 'a'));
    term.metadata.deletionTimestamp = '2025-05-01T10:00:30Z';
    api.put(term);
    endpointSliceController.reconcile(api);
    const after = api.get(api.registry.resolve('endpointslices')!, 'default', s.metadata.name!);
    assert.deepEqual(after.endpoints[0].conditions, { ready: false, serving: true, terminating: true });
    assert.equal(after.metadata.generation, 2);
    const rv = after.metadata.resourceVersion;
    endpointSliceController.reconcile(api);
    assert.equal(api.get(api.registry.resolve('endpointslices')!, 'default', s.metadata.name!).metadata.resourceVersion, rv);
  });
});

test('EndpointSlice: an empty placeholder when nothing matches; more than 100 endpoints split; gone with the Service', () => {
  withCluster((api) => {
    api.create(service('empty', { selector: { app: 'none' }, ports: [{ port: 80 }] }));
    api.create(service('big', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    for (let i = 0; i < 150; i++) runningPod(api, { name: `p${i}`, ip: `10.244.${1 + Math.floor(i / 200)}.${(i % 200) + 2}` });
    endpointSliceController.reconcile(api);
    const sliceType = api.registry.resolve('endpointslices')!;
    const byService = (name: string) => api.list(sliceType, 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name);
    const [empty] = byService('empty');
    assert.equal(empty!.endpoints, null);
    assert.equal(empty!.ports, null);
    assert.deepEqual(byService('big').map((s) => s.endpoints.length).sort(), [100, 50]);
    api.delete(api.registry.resolve('svc')!, 'default', 'big');
    endpointSliceController.reconcile(api);
    assert.equal(byService('big').length, 0);
  });
});

test('EndpointSlice mirroring: user Endpoints of a selectorless Service are copied into a slice owned by the Endpoints', () => {
  withCluster((api) => {
    api.create(service('ext-db', { ports: [{ port: 5432 }] }));
    const ep = api.create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'ext-db', namespace: 'default', labels: { team: 'db' } },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], notReadyAddresses: [{ ip: '192.0.2.11' }], ports: [{ port: 5432 }] }],
    });
    api.create(service('kube-like', { ports: [{ port: 443 }] }));
    api.create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kube-like', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ port: 6443 }] }],
    });
    endpointSliceController.reconcile(api);
    endpointSliceController.reconcile(api);
    const slices = api.list(api.registry.resolve('endpointslices')!, 'default');
    assert.equal(slices.length, 1);
    const s = slices[0]!;
    assert.deepEqual(s.metadata.labels, {
      team: 'db',
      'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
      'kubernetes.io/service-name': 'ext-db',
    });
    assert.deepEqual(s.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Endpoints', name: 'ext-db', uid: ep.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(s.endpoints, [
      { addresses: ['192.0.2.10'], conditions: { ready: true } },
      { addresses: ['192.0.2.11'], conditions: { ready: false } },
    ]);
    assert.deepEqual(s.ports, [{ name: '', port: 5432, protocol: 'TCP' }]);
    assert.equal(s.metadata.generation, 1);
    api.delete(api.registry.resolve('ep')!, 'default', 'ext-db');
    endpointSliceController.reconcile(api);
    assert.equal(api.list(api.registry.resolve('endpointslices')!, 'default').length, 0);
  });
});

test("EndpointSlice: reconciling one Service reads only its pods' nodes for their zones, and none when no node has a zone", () => {
  withCluster((api) => {
    api.create(service('web-np', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    runningPod(api, { name: 'a', ip: '10.244.1.5' });
    endpointSliceController.reconcileKey!(api, 'default/web-np', new Map());
    const sliceType = api.registry.resolve('endpointslices')!;
    assert.equal(api.list(sliceType, 'default')[0]!.endpoints[0].zone, undefined);
    api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'kind-worker', labels: { 'topology.kubernetes.io/zone': 'zone-b' } } });
    endpointSliceController.reconcileKey!(api, 'default/web-np', new Map());
    const [slice] = api.list(sliceType, 'default');
    assert.equal(slice!.endpoints[0].zone, 'zone-b');
    assert.equal(slice!.endpoints[0].nodeName, 'kind-worker');
  });
});
