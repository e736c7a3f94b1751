import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endpointsController } from '../../src/controllers/endpoints.js';
import { resourceQuotaController } from '../../src/controllers/resourcequota.js';
import { serviceAccountController } from '../../src/controllers/serviceaccount.js';
import { runningPod, service, withCluster } from './services-fixtures.js';

test('resourcequota controller keeps status.hard and status.used (terminal pods not counted)', () => {
  withCluster((api) => {
    runningPod(api, { name: 'a' });
    const done = structuredClone(runningPod(api, { name: 'b' }));
    done.status.phase = 'Succeeded';
    api.put(done);
    api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'c', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { memory: '512Mi' } } }] },
    });
    api.create(service('np', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] }));
    api.create({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'q', namespace: 'default' },
      spec: { hard: { pods: '10', 'requests.memory': '1Gi', services: '5', 'services.nodeports': '2', 'count/deployments.apps': '3' } },
    });
    resourceQuotaController.reconcile(api);
    const q = api.get(api.registry.resolve('quota')!, 'default', 'q');
    assert.deepEqual(q.status, {
      hard: { pods: '10', 'requests.memory': '1Gi', services: '5', 'services.nodeports': '2', 'count/deployments.apps': '3' },
      used: { pods: '2', 'requests.memory': '512Mi', services: '1', 'services.nodeports': '1', 'count/deployments.apps': '0' },
    });
    const rv = q.metadata.resourceVersion;
    resourceQuotaController.reconcile(api);
    assert.equal(api.get(api.registry.resolve('quota')!, 'default', 'q').metadata.resourceVersion, rv);
  });
});

test('quota applies to every namespaced kind, and controllers refused by it carry on', () => {
  withCluster((api) => {
    api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { 'count/deployments.apps': '0', configmaps: '0', 'count/endpoints': '0' } } });
    assert.throws(
      () =>
        api.create({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'default' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
          },
        }),
      /deployments.apps "web" is forbidden: exceeded quota: q, requested: count\/deployments.apps=1, used: count\/deployments.apps=0, limited: count\/deployments.apps=0/,
    );
    api.create(service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    endpointsController.reconcile(api);
    serviceAccountController.reconcile(api);
    assert.equal(api.tryGet(api.registry.resolve('ep')!, 'default', 'web'), undefined);
    assert.equal(api.tryGet(api.registry.resolve('cm')!, 'default', 'kube-root-ca.crt'), undefined);
  });
});
