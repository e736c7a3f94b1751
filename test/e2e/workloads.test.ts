/** Workload verbs through the built binary, as a user runs them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';
import { T0, VerbCluster } from './workloads-harness.js';

test('create a deployment, scale it, change its image, pause, resume and restart it (binary)', () => {
  const { home, dispose } = tempHome();
  const now = '2026-11-21T10:00:00Z';
  const k = (line: string) => runBin(line, { home, now });
  try {
    assert.equal(k('create deployment web --image=nginx:1.27 --replicas=2').stdout, 'deployment.apps/web created\n');
    assert.deepEqual(k('scale deployment web --replicas=4'), { stdout: 'deployment.apps/web scaled\n', stderr: '', code: 0 });
    assert.deepEqual(k('scale deployment/web deployment/nope --replicas=3'), {
      stdout: 'deployment.apps/web scaled\n',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
      code: 1,
    });
    assert.deepEqual(k('set image deployment/web web=nginx:1.28'), { stdout: '', stderr: 'error: unable to find container named "web"\n', code: 1 });
    assert.deepEqual(k('set image deployment/web nginx=nginx:1.28'), { stdout: 'deployment.apps/web image updated\n', stderr: '', code: 0 });
    assert.deepEqual(k('rollout pause deployment web'), { stdout: 'deployment.apps/web paused\n', stderr: '', code: 0 });
    assert.deepEqual(k('rollout resume deployment web'), { stdout: 'deployment.apps/web resumed\n', stderr: '', code: 0 });
    // kubectl v1.32's restart, pause and resume have no --dry-run: refused before anything is read or written.
    for (const verb of ['restart', 'pause', 'resume']) {
      assert.deepEqual(k(`rollout ${verb} deployment web --dry-run=client`), {
        stdout: '',
        stderr: `Error: unknown flag: --dry-run\nSee 'kubectl-lite rollout ${verb} --help' for usage.\n`,
        code: 1,
      });
    }
    assert.deepEqual(k('rollout status deploy web extra/x'), {
      stdout: '',
      stderr:
        "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n",
      code: 1,
    });
  } finally {
    dispose();
  }
});

test('a CronJob made by `create cronjob` runs its Job when the simulated clock reaches the schedule', async () => {
  const c = new VerbCluster('complete');
  const created = await c.kubectl('create cronjob tick --image=busybox --schedule=@hourly');
  assert.equal(created.stdout, 'cronjob.batch/tick created\n');
  // Jumping two hours at once runs only the most recent missed schedule (12:00), as the CronJob controller does.
  c.clock.set(T0 + 2 * 3600_000);
  c.settle();
  const name = `tick-${(T0 + 2 * 3600_000) / 60_000}`;
  assert.deepEqual(c.list('batch/v1', 'Job').map((j) => j.metadata.name), [name]);
  assert.equal(c.get('batch/v1', 'Job', name)!.status.succeeded, 1);
  c.dispose();
});

test('a Deployment of 30 replicas: its ReplicaSet has 9 `Created pod` Events and the recorder\'s combined one (binary)', () => {
  const { home, dispose } = tempHome();
  const now = '2026-11-21T10:00:00Z';
  const k = (line: string) => runBin(line, { home, now });
  try {
    assert.equal(k('create deployment web --image=nginx:1.27 --replicas=30').code, 0);
    const rs = k('get rs -o name').stdout.trim();
    const lines = k(`describe ${rs}`).stdout.split('\n');
    const created = lines.filter((l) => l.includes('SuccessfulCreate'));
    assert.equal(created.length, 10, created.join('\n'));
    assert.equal(created.filter((l) => / {2}Created pod: web-/.test(l)).length, 9);
    // The combined one counts the other 21.
    assert.match(created[9]!, /\(x21 over 0s\) +replicaset-controller +\(combined from similar events\): Created pod: web-[a-z0-9]+-[a-z0-9]{5}$/);
    // Each pod's own Events are not touched: 30 Scheduled.
    assert.equal(k('get events --field-selector reason=Scheduled -o name').stdout.trim().split('\n').length, 30);
  } finally {
    dispose();
  }
});
