import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { statefulSetController } from '../../src/controllers/statefulset.js';
import { Cluster } from './workload-harness.js';

function sts(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
      ...extra,
    },
  };
}

test('OrderedReady: web-0 must be Running and Ready before web-1 is created', () => {
  const c = new Cluster([statefulSetController], 'none');
  c.create(sts('web', 3));
  c.settle();
  assert.deepEqual(c.list('v1', 'Pod').map((p) => p.metadata.name), ['web-0']);
  const c2 = new Cluster([statefulSetController], 'ready');
  c2.create(sts('web', 3));
  c2.settle();
  const pods = c2.list('v1', 'Pod');
  assert.deepEqual(pods.map((p) => p.metadata.name), ['web-0', 'web-1', 'web-2']);
  const s = c2.get('apps/v1', 'StatefulSet', 'web')!;
  assert.deepEqual(pods[1]!.metadata.labels, {
    app: 'web',
    'apps.kubernetes.io/pod-index': '1',
    'controller-revision-hash': s.status.updateRevision,
    'statefulset.kubernetes.io/pod-name': 'web-1',
  });
  assert.equal(pods[1]!.spec.hostname, 'web-1');
  assert.equal(pods[1]!.spec.subdomain, 'web');
  assert.equal(s.status.readyReplicas, 3);
  assert.equal(s.status.currentRevision, s.status.updateRevision);
  assert.match(s.status.updateRevision, /^web-\w+$/);
  assert.equal(c2.list('apps/v1', 'ControllerRevision').length, 1);
  assert.ok(c2.events().includes('statefulset-controller SuccessfulCreate create Pod web-0 in StatefulSet web successful'));
});

test('scale down removes the highest ordinal first; volumeClaimTemplates become PVCs', () => {
  const c = new Cluster([statefulSetController]);
  c.create(sts('db', 2, { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }));
  c.settle();
  assert.deepEqual(c.list('v1', 'PersistentVolumeClaim').map((p) => p.metadata.name), ['data-db-0', 'data-db-1']);
  assert.deepEqual(c.get('v1', 'Pod', 'db-0')!.spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }]);
  c.update('apps/v1', 'StatefulSet', 'db', (s) => (s.spec.replicas = 1));
  c.settle();
  assert.deepEqual(c.list('v1', 'Pod').map((p) => p.metadata.name), ['db-0']);
  assert.ok(c.events().includes('statefulset-controller SuccessfulDelete delete Pod db-1 in StatefulSet db successful'));
});

test('rolling update replaces pods from the highest ordinal down', () => {
  const c = new Cluster([statefulSetController]);
  c.create(sts('web', 3));
  c.settle();
  c.update('apps/v1', 'StatefulSet', 'web', (s) => (s.spec.template.spec.containers[0].image = 'nginx:2'));
  c.settle();
  const s = c.get('apps/v1', 'StatefulSet', 'web')!;
  for (const p of c.list('v1', 'Pod')) assert.equal(p.spec.containers[0].image, 'nginx:2');
  assert.equal(s.status.updatedReplicas, 3);
  assert.equal(s.status.currentRevision, s.status.updateRevision);
  const deletes = c.events().filter((e) => e.includes('SuccessfulDelete'));
  assert.equal(deletes.length, 3);
  assert.equal(c.list('apps/v1', 'ControllerRevision').length, 2);
});
