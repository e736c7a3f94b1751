import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deploymentController } from '../../src/controllers/deployment.js';
import { replicaSetController } from '../../src/controllers/replicaset.js';
import { Cluster, deployment } from './workload-harness.js';

const CONTROLLERS = [deploymentController, replicaSetController];

test('a new deployment gets one ReplicaSet named by template hash, with its pods, annotations and conditions', () => {
  const c = new Cluster(CONTROLLERS);
  c.create(deployment('web', 3));
  c.settle();
  const [rs] = c.list('apps/v1', 'ReplicaSet');
  assert.match(rs!.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
  const hash = rs!.metadata.labels!['pod-template-hash'];
  assert.equal(rs!.metadata.name, `web-${hash}`);
  assert.deepEqual(rs!.metadata.annotations, {
    'deployment.kubernetes.io/desired-replicas': '3',
    'deployment.kubernetes.io/max-replicas': '4',
    'deployment.kubernetes.io/revision': '1',
  });
  assert.deepEqual(rs!.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
  assert.equal(rs!.metadata.ownerReferences![0]!.kind, 'Deployment');
  const pods = c.list('v1', 'Pod');
  assert.equal(pods.length, 3);
  for (const p of pods) assert.match(p.metadata.name!, new RegExp(`^${rs!.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
  const d = c.get('apps/v1', 'Deployment', 'web')!;
  assert.equal(d.metadata.annotations!['deployment.kubernetes.io/revision'], '1');
  assert.deepEqual(
    { ...d.status, conditions: undefined },
    { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: undefined },
  );
  assert.deepEqual(
    d.status.conditions.map((x: any) => [x.type, x.status, x.reason, x.message]),
    [
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs!.metadata.name}" has successfully progressed.`],
    ],
  );
  assert.deepEqual(c.events().filter((e) => e.includes('ScalingReplicaSet')), [
    `deployment-controller ScalingReplicaSet Scaled up replica set ${rs!.metadata.name} from 0 to 3`,
  ]);
  assert.equal(c.events().filter((e) => e.startsWith('replicaset-controller SuccessfulCreate Created pod: ')).length, 3);
});

test('a settled deployment: a second pass writes nothing', () => {
  const c = new Cluster(CONTROLLERS);
  c.create(deployment('web', 2));
  c.settle();
  const rev = c.store.read((s) => s.revision);
  c.pass();
  assert.equal(c.store.read((s) => s.revision), rev);
});

test('rolling update never exceeds maxSurge nor drops below maxUnavailable, and finishes on the new RS', () => {
  const c = new Cluster(CONTROLLERS);
  c.create(deployment('web', 4, 'nginx:1.27', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
  c.settle();
  c.update('apps/v1', 'Deployment', 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:1.28'));
  for (let i = 0; i < 60; i++) {
    const changed = c.step();
    const pods = c.list('v1', 'Pod').filter((p) => !p.metadata.deletionTimestamp);
    const total = c.list('apps/v1', 'ReplicaSet').reduce((n, rs) => n + rs.spec.replicas, 0);
    assert.ok(total <= 5, `total desired ${total}`);
    assert.ok(pods.filter((p) => p.status?.phase === 'Running').length >= 4 || pods.some((p) => !p.status));
    if (!changed) break;
  }
  const rss = c.list('apps/v1', 'ReplicaSet');
  assert.equal(rss.length, 2);
  const newRS = rss.find((rs) => rs.spec.template.spec.containers[0].image === 'nginx:1.28')!;
  const oldRS = rss.find((rs) => rs !== newRS)!;
  assert.equal(newRS.spec.replicas, 4);
  assert.equal(oldRS.spec.replicas, 0);
  assert.equal(newRS.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
  const d = c.get('apps/v1', 'Deployment', 'web')!;
  assert.equal(d.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
  assert.equal(d.status.updatedReplicas, 4);
  const scaling = c.events().filter((e) => e.includes('ScalingReplicaSet'));
  assert.ok(scaling.includes(`deployment-controller ScalingReplicaSet Scaled up replica set ${newRS.metadata.name} from 0 to 1`));
  assert.ok(scaling.includes(`deployment-controller ScalingReplicaSet Scaled down replica set ${oldRS.metadata.name} from 4 to 3`));
});

test('a rollout waits for new pods to become ready', () => {
  const c = new Cluster(CONTROLLERS, 'none');
  c.create(deployment('web', 2));
  c.settle();
  const d = c.get('apps/v1', 'Deployment', 'web')!;
  assert.equal(d.status.availableReplicas, undefined);
  assert.equal(d.status.unavailableReplicas, 2);
  assert.deepEqual(
    d.status.conditions.map((x: any) => [x.type, x.status, x.reason]),
    [['Available', 'False', 'MinimumReplicasUnavailable'], ['Progressing', 'True', 'ReplicaSetUpdated']],
  );
});

test('Recreate scales the old RS to zero before the new one comes up', () => {
  const c = new Cluster(CONTROLLERS);
  c.create(deployment('web', 2, 'nginx:1.27', { strategy: { type: 'Recreate' } }));
  c.settle();
  c.update('apps/v1', 'Deployment', 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:1.28'));
  c.settle();
  const scaling = c.events().filter((e) => e.includes('ScalingReplicaSet')).map((e) => e.replace(/web-\w+/, 'web-X'));
  // Both "Scaled up ... from 0 to 2" events fold into one with count 2.
  assert.deepEqual(scaling.sort(), [
    'deployment-controller ScalingReplicaSet Scaled down replica set web-X from 2 to 0',
    'deployment-controller ScalingReplicaSet Scaled up replica set web-X from 0 to 2',
    'deployment-controller ScalingReplicaSet Scaled up replica set web-X from 0 to 2',
  ]);
});

test('scaling a deployment scales its one active ReplicaSet', () => {
  const c = new Cluster(CONTROLLERS);
  c.create(deployment('web', 2));
  c.settle();
  c.update('apps/v1', 'Deployment', 'web', (d) => (d.spec.replicas = 5));
  c.settle();
  assert.equal(c.list('v1', 'Pod').length, 5);
  const [rs] = c.list('apps/v1', 'ReplicaSet');
  assert.equal(rs!.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], '5');
  assert.ok(c.events().includes(`deployment-controller ScalingReplicaSet Scaled up replica set ${rs!.metadata.name} from 2 to 5`));
});

test('paused deployments do not roll out, and report DeploymentPaused', () => {
  const c = new Cluster(CONTROLLERS);
  c.create(deployment('web', 2));
  c.settle();
  c.update('apps/v1', 'Deployment', 'web', (d) => {
    d.spec.paused = true;
    d.spec.template.spec.containers[0].image = 'nginx:1.28';
  });
  c.settle();
  assert.equal(c.list('apps/v1', 'ReplicaSet').length, 1);
  const cond = c.get('apps/v1', 'Deployment', 'web')!.status.conditions.find((x: any) => x.type === 'Progressing');
  assert.deepEqual([cond.status, cond.reason, cond.message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  c.update('apps/v1', 'Deployment', 'web', (d) => (d.spec.paused = false));
  c.settle();
  assert.equal(c.list('apps/v1', 'ReplicaSet').length, 2);
});

test('progress deadline exceeded when pods never become ready', () => {
  const c = new Cluster(CONTROLLERS, 'none');
  c.create(deployment('web', 1, 'nginx', { progressDeadlineSeconds: 30 }));
  c.settle();
  const next = c.pass();
  assert.ok(next && next > c.clock.millis);
  c.clock.set(next!);
  c.settle();
  const cond = c.get('apps/v1', 'Deployment', 'web')!.status.conditions.find((x: any) => x.type === 'Progressing');
  assert.deepEqual([cond.status, cond.reason], ['False', 'ProgressDeadlineExceeded']);
  assert.match(cond.message, /^ReplicaSet "web-\w+" has timed out progressing\.$/);
});

test('revisionHistoryLimit removes the oldest scaled-down ReplicaSets', () => {
  const c = new Cluster(CONTROLLERS);
  c.create(deployment('web', 1, 'nginx:1', { revisionHistoryLimit: 1 }));
  c.settle();
  for (const tag of ['2', '3', '4']) {
    c.update('apps/v1', 'Deployment', 'web', (d) => (d.spec.template.spec.containers[0].image = `nginx:${tag}`));
    c.settle();
  }
  const revisions = c.list('apps/v1', 'ReplicaSet').map((rs) => rs.metadata.annotations!['deployment.kubernetes.io/revision']).sort();
  assert.deepEqual(revisions, ['3', '4']);
});

test('scaling mid-rollout spreads the new replicas proportionally over both ReplicaSets', () => {
  const c = new Cluster(CONTROLLERS);
  c.create(deployment('web', 10));
  c.settle();
  c.kubelet = 'none'; // from here on no new pod becomes ready, so the rollout stalls part way
  c.update('apps/v1', 'Deployment', 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:1.28'));
  c.settle();
  const sizes = () => c.list('apps/v1', 'ReplicaSet').map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas]).sort();
  assert.deepEqual(sizes(), [['nginx:1.27', 8], ['nginx:1.28', 5]]);
  c.update('apps/v1', 'Deployment', 'web', (d) => (d.spec.replicas = 20));
  c.settle();
  assert.deepEqual(sizes(), [['nginx:1.27', 15], ['nginx:1.28', 10]]);
});

test('a deployment stored without defaulting still gets exactly one ReplicaSet (its template is copied as is)', () => {
  const c = new Cluster(CONTROLLERS);
  c.with((api) => api.create(deployment('raw', 2), { trusted: true }));
  c.settle();
  const rss = c.list('apps/v1', 'ReplicaSet');
  assert.equal(rss.length, 1);
  assert.deepEqual(rss[0]!.spec.template.spec, c.get('apps/v1', 'Deployment', 'raw')!.spec.template.spec);
});
