import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepClone, type KubeObject } from '../../src/api/types.js';
import { endpointsController, TRIGGER_TIME } from '../../src/controllers/endpoints.js';
import { serviceLoadBalancerController } from '../../src/controllers/service-lb.js';
import { serviceAccountController } from '../../src/controllers/serviceaccount.js';
import { runningPod, service, withCluster } from './services-fixtures.js';

test('Endpoints: ready pods in addresses sorted by IP, not-ready in notReadyAddresses, named targetPort resolved', () => {
  withCluster((api) => {
    api.create(service('web-np', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] }));
    const ports = [{ name: 'web', containerPort: 8080 }];
    const a = runningPod(api, { name: 'a', ip: '10.244.2.4', node: 'kind-worker2', ports });
    runningPod(api, { name: 'b', ip: '10.244.1.5', ports });
    runningPod(api, { name: 'multi', ip: '10.244.1.9', ready: false, ports });
    runningPod(api, { name: 'other-app', ip: '10.244.1.7', labels: { app: 'db' }, ports });
    endpointsController.reconcile(api);
    const ep = api.get(api.registry.resolve('ep')!, 'default', 'web-np');
    assert.equal(ep.metadata.annotations?.[TRIGGER_TIME], '2025-05-01T10:00:00Z');
    assert.deepEqual(ep.subsets, [
      {
        addresses: [
          { ip: '10.244.1.5', nodeName: 'kind-worker', targetRef: { kind: 'Pod', name: 'b', namespace: 'default', uid: api.get(api.registry.resolve('po')!, 'default', 'b').metadata.uid } },
          { ip: '10.244.2.4', nodeName: 'kind-worker2', targetRef: { kind: 'Pod', name: 'a', namespace: 'default', uid: a.metadata.uid } },
        ],
        notReadyAddresses: [
          { ip: '10.244.1.9', nodeName: 'kind-worker', targetRef: { kind: 'Pod', name: 'multi', namespace: 'default', uid: api.get(api.registry.resolve('po')!, 'default', 'multi').metadata.uid } },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    // A second pass writes nothing.
    const rv = ep.metadata.resourceVersion;
    endpointsController.reconcile(api);
    assert.equal(api.get(api.registry.resolve('ep')!, 'default', 'web-np').metadata.resourceVersion, rv);
  });
});

test('Endpoints follow readiness: a pod turning Ready=False (node failure) moves to notReadyAddresses', () => {
  withCluster((api) => {
    api.create(service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    const pod = runningPod(api, { name: 'a', ip: '10.244.1.5' });
    endpointsController.reconcile(api);
    const notReady = deepClone(pod);
    notReady.status.conditions = [{ type: 'Ready', status: 'False' }];
    api.put(notReady);
    endpointsController.reconcile(api);
    const ep = api.get(api.registry.resolve('ep')!, 'default', 'web');
    assert.equal(ep.subsets[0].addresses, undefined);
    assert.equal(ep.subsets[0].notReadyAddresses[0].ip, '10.244.1.5');
    assert.deepEqual(ep.subsets[0].ports, [{ port: 80, protocol: 'TCP' }]);
  });
});

test('Endpoints: none for selectorless or ExternalName Services, no subsets when nothing matches, removed with the Service', () => {
  withCluster((api) => {
    api.create(service('manual', { ports: [{ port: 80 }] }));
    api.create(service('ext', { type: 'ExternalName', externalName: 'example.com' }));
    api.create(service('empty', { selector: { app: 'none' }, ports: [{ port: 80 }] }, { tier: 'fe' }));
    api.create(service('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }));
    endpointsController.reconcile(api);
    const epType = api.registry.resolve('ep')!;
    assert.equal(api.tryGet(epType, 'default', 'manual'), undefined);
    assert.equal(api.tryGet(epType, 'default', 'ext'), undefined);
    const empty = api.get(epType, 'default', 'empty');
    assert.equal(empty.subsets, undefined);
    assert.deepEqual(empty.metadata.labels, { tier: 'fe' });
    assert.deepEqual(api.get(epType, 'default', 'db').metadata.labels, { 'service.kubernetes.io/headless': '' });
    api.delete(api.registry.resolve('svc')!, 'default', 'empty');
    endpointsController.reconcile(api);
    assert.equal(api.tryGet(epType, 'default', 'empty'), undefined);
  });
});

test('LoadBalancer Services get an ingress IP from the pool and events from service-controller', () => {
  withCluster((api) => {
    api.create(service('lb1', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] }));
    api.create(service('lb2', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] }));
    serviceLoadBalancerController.reconcile(api);
    const svcType = api.registry.resolve('svc')!;
    const lb1 = api.get(svcType, 'default', 'lb1');
    assert.deepEqual(lb1.status.loadBalancer, { ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] });
    assert.equal(api.get(svcType, 'default', 'lb2').status.loadBalancer.ingress[0].ip, '172.18.255.201');
    assert.ok(lb1.spec.ports[0].nodePort >= 30000);
    assert.deepEqual(api.eventsFor(lb1).map((e) => `${e.reason}: ${e.message}`).sort(), ['EnsuredLoadBalancer: Ensured load balancer', 'EnsuringLoadBalancer: Ensuring load balancer']);
    serviceLoadBalancerController.reconcile(api);
    assert.equal(api.eventsFor(lb1).length, 2);
  });
});

test('serviceaccount controller: a default ServiceAccount and kube-root-ca.crt in every namespace, idempotently', () => {
  withCluster((api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    serviceAccountController.reconcile(api);
    serviceAccountController.reconcile(api);
    assert.ok(api.tryGet(api.registry.resolve('sa')!, 'team', 'default'));
    const cm = api.get(api.registry.resolve('cm')!, 'team', 'kube-root-ca.crt');
    assert.match(cm.data['ca.crt'], /^-----BEGIN CERTIFICATE-----\n/);
    assert.equal(api.list(api.registry.resolve('sa')!, 'team').length, 1);
  });
});

test('Endpoints hold at most 1000 addresses, ready ones first, and say so', () => {
  withCluster((api) => {
    api.create(service('big', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    for (let i = 0; i < 1005; i++) {
      runningPod(api, { name: `p${i}`, ip: `10.244.${1 + Math.floor(i / 250)}.${(i % 250) + 2}`, ready: i >= 5 });
    }
    endpointsController.reconcile(api);
    const ep = api.get(api.registry.resolve('ep')!, 'default', 'big');
    assert.equal(ep.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'], 'truncated');
    assert.equal(ep.subsets[0].addresses.length, 1000);
    assert.equal(ep.subsets[0].notReadyAddresses, undefined);
  });
});

test('eventsFor in a settle (through the index by involvedObject uid) gives what a listing of the namespace gives', () => {
  withCluster((api) => {
    const svcType = api.registry.resolve('svc')!;
    const a = api.create(service('same', { selector: { app: 'x' }, ports: [{ port: 80 }] }));
    const other = api.create({ ...service('same', { selector: { app: 'x' }, ports: [{ port: 80 }] }), metadata: { name: 'same', namespace: 'other' } });
    for (const [obj, reason] of [[a, 'One'], [a, 'Two'], [other, 'Elsewhere']] as const) api.recordEvent(obj, 'Normal', reason, 'm', { component: 'test' });
    // Deleted and made again under the same name: a new uid, whose Events are its own.
    api.delete(svcType, 'default', 'same');
    const again = api.create(service('same', { selector: { app: 'x' }, ports: [{ port: 80 }] }));
    api.recordEvent(again, 'Normal', 'Three', 'm', { component: 'test' });
    const eventType = api.registry.forKind('v1', 'Event')!;
    const listed = (obj: KubeObject) => api.list(eventType, obj.metadata.namespace).filter((e) => e.involvedObject?.name === 'same' && e.involvedObject?.uid === obj.metadata.uid).map((e) => e.reason);
    assert.deepEqual(api.eventsFor(a).map((e) => e.reason), ['One', 'Two']);
    assert.deepEqual(api.eventsFor(a).map((e) => e.reason), listed(a));
    assert.deepEqual(api.eventsFor(other).map((e) => e.reason), listed(other));
    assert.deepEqual(api.eventsFor(again).map((e) => e.reason), ['Three']);
  });
});
