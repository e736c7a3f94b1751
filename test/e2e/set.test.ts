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

test('set env --overwrite=false fails each object with a clash by name, edits nothing of it, and goes on; set serviceaccount patches and prints even when nothing changes', async () => {
  const c = new VerbCluster();
  c.create(deployment('web', 1));
  c.create(deployment('api', 1));
  c.settle();
  assert.equal((await c.kubectl('set env deployment/web X=1 Y=2')).code, 0);
  // Z would be new, but X's clash fails web whole; api has no X and is edited.
  assert.deepEqual(await c.kubectl('set env deployment/web deployment/api Z=9 X=3 --overwrite=false'), {
    stdout: 'deployment.apps/api env updated\n',
    stderr: "error: deployments/web 'X' already has a value (1), and --overwrite is false\n",
    code: 1,
  });
  assert.deepEqual(c.get('apps/v1', 'Deployment', 'web')!.spec.template.spec.containers[0].env, [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }]);
  // The same value is no clash (and no change: nothing printed).
  assert.deepEqual(await c.kubectl('set env deployment/web X=1 --overwrite=false'), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await c.kubectl('set serviceaccount deployment web robot'), { stdout: 'deployment.apps/web serviceaccount updated\n', stderr: '', code: 0 });
  assert.deepEqual(await c.kubectl('set serviceaccount deployment web robot'), { stdout: 'deployment.apps/web serviceaccount updated\n', stderr: '', code: 0 });
});
