import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployment } from '../unit/workload-harness.js';
import { VerbCluster } from './workloads-harness.js';

test('set env and set resources update the template and roll the deployment', async () => {
  const c = new VerbCluster();
  c.create(deployment('web', 1));
  c.settle();
  assert.deepEqual(await c.kubectl('set env deployment/web MODE=prod LEVEL=3'), { stdout: 'deployment.apps/web env updated\n', stderr: '', code: 0 });
  assert.deepEqual(await c.kubectl('set env deployment/web --list'), {
    stdout: '# Deployment web, container nginx\nMODE=prod\nLEVEL=3\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await c.kubectl('set env deployment/web LEVEL-'), { stdout: 'deployment.apps/web env updated\n', stderr: '', code: 0 });
  assert.deepEqual(c.get('apps/v1', 'Deployment', 'web')!.spec.template.spec.containers[0].env, [{ name: 'MODE', value: 'prod' }]);
  assert.deepEqual(await c.kubectl('set resources deployment web --limits=cpu=200m,memory=512Mi --requests=cpu=100m'), {
    stdout: 'deployment.apps/web resource requirements updated\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(c.get('apps/v1', 'Deployment', 'web')!.spec.template.spec.containers[0].resources, {
    limits: { cpu: '200m', memory: '512Mi' },
    requests: { cpu: '100m' },
  });
  assert.deepEqual(await c.kubectl('set resources deployment web'), {
    stdout: '',
    stderr: 'error: you must specify an update to requests or limits (in the form of --requests/--limits)\n',
    code: 1,
  });
  assert.equal(c.list('apps/v1', 'ReplicaSet').length, 4);
  assert.equal(c.get('apps/v1', 'Deployment', 'web')!.metadata.annotations!['deployment.kubernetes.io/revision'], '4');
  // --list: the containers, then the init containers, that -c matches; a workload with none matching is named on stderr.
  c.update('apps/v1', 'Deployment', 'web', (d) => {
    d.spec.template.spec.initContainers = [{ name: 'shipper', image: 'busybox', restartPolicy: 'Always', env: [{ name: 'TO', value: 'loki' }] }];
  });
  assert.deepEqual(await c.kubectl('set env deployment/web --list'), {
    stdout: '# Deployment web, container nginx\nMODE=prod\n# Deployment web, container shipper\nTO=loki\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await c.kubectl('set env deployment/web --list -c ship*'), { stdout: '# Deployment web, container shipper\nTO=loki\n', stderr: '', code: 0 });
  assert.deepEqual(await c.kubectl('set env deployment/web --list -c nope'), { stdout: '', stderr: 'Warning: Deployment/web does not have any containers matching "nope"\n', code: 0 });
  c.dispose();
});
