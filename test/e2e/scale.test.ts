import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployment } from '../unit/workload-harness.js';
import { VerbCluster } from './workloads-harness.js';

test('scale deployment: messages, preconditions, dry runs and errors', async () => {
  const c = new VerbCluster();
  c.create(deployment('web', 2));
  c.settle();
  assert.deepEqual(await c.kubectl('scale deployment web --replicas=5'), { stdout: 'deployment.apps/web scaled\n', stderr: '', code: 0 });
  assert.equal(c.list('v1', 'Pod').length, 5);
  assert.deepEqual(await c.kubectl('scale deploy/web --replicas=1 --dry-run=client'), { stdout: 'deployment.apps/web scaled (dry run)\n', stderr: '', code: 0 });
  assert.deepEqual(await c.kubectl('scale deploy/web --replicas=1 --dry-run=server'), { stdout: 'deployment.apps/web scaled (server dry run)\n', stderr: '', code: 0 });
  assert.equal(c.get('apps/v1', 'Deployment', 'web')!.spec.replicas, 5);
  assert.deepEqual(await c.kubectl('scale deploy/web --replicas=1 --current-replicas=3'), { stdout: '', stderr: 'error: Expected replicas to be 3, was 5\n', code: 1 });
  assert.deepEqual(await c.kubectl('scale deployment nosuch --replicas=2'), {
    stdout: '',
    stderr: 'error: no objects passed to scale deployments.apps "nosuch" not found\n',
    code: 1,
  });
  assert.deepEqual(await c.kubectl('scale deploy -l app=none --replicas=1'), { stdout: '', stderr: 'error: no objects passed to scale\n', code: 1 });
  assert.deepEqual(await c.kubectl('scale --replicas=-1 deploy/web'), {
    stdout: '',
    stderr: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n',
    code: 1,
  });
  const missing = await c.kubectl('scale deploy web');
  assert.match(missing.stderr, /^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ run\.go:72\] "command failed" err="required flag\(s\) \\"replicas\\" not set"\n$/);
  assert.equal(missing.code, 1);
  assert.deepEqual(await c.kubectl('scale deploy --all --replicas=0'), { stdout: 'deployment.apps/web scaled\n', stderr: '', code: 0 });
  assert.equal(c.list('v1', 'Pod').length, 0);
  assert.equal(c.get('apps/v1', 'Deployment', 'web')!.status.replicas, undefined);
  c.dispose();
});

test('scale statefulset removes the highest ordinals', async () => {
  const c = new VerbCluster();
  c.create({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'pg' }] } } },
  });
  c.settle();
  assert.deepEqual(await c.kubectl('scale statefulset db --replicas=1'), { stdout: 'statefulset.apps/db scaled\n', stderr: '', code: 0 });
  assert.deepEqual(c.list('v1', 'Pod').map((p) => p.metadata.name), ['db-0']);
  c.dispose();
});
