import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resourceQuotaController } from '../../src/controllers/resourcequota.js';
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
