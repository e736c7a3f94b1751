import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployment, neverReady } from '../unit/workload-harness.js';
import { VerbCluster } from './workloads-harness.js';

async function webCluster(readiness: 'ready' | 'never ready' = 'ready') {
  const c = new VerbCluster();
  const d = deployment('web', 3, 'nginx:1.27');
  c.create(readiness === 'ready' ? d : neverReady(d));
  c.settle();
  return c;
}

test('rollout status of a finished rollout', async () => {
  const c = await webCluster();
  assert.deepEqual(await c.kubectl('rollout status deployment/web'), { stdout: 'deployment "web" successfully rolled out\n', stderr: '', code: 0 });
  assert.deepEqual(await c.kubectl('rollout status deploy web'), { stdout: 'deployment "web" successfully rolled out\n', stderr: '', code: 0 });
  c.dispose();
});

test('rollout status --watch=false while pods are not ready; --timeout fails', async () => {
  const c = await webCluster('never ready');
  assert.deepEqual(await c.kubectl('rollout status deployment/web --watch=false'), {
    stdout: 'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...\n',
    stderr: '',
    code: 0,
  });
  const r = await c.kubectl('rollout status deployment/web --timeout=3s');
  assert.equal(r.stdout, 'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...\n');
  assert.equal(r.stderr, 'error: timed out waiting for the condition\n');
  assert.equal(r.code, 1);
  c.dispose();
});

test('rollout status exits 1 when the progress deadline is exceeded', async () => {
  const c = new VerbCluster();
  c.create(neverReady(deployment('web', 1, 'nginx', { progressDeadlineSeconds: 5 })));
  c.settle();
  const r = await c.kubectl('rollout status deployment/web');
  assert.equal(r.stderr, 'error: deployment "web" exceeded its progress deadline\n');
  assert.equal(r.code, 1);
  c.dispose();
});

test('set image, rollout history, undo, history --revision', async () => {
  const c = await webCluster();
  assert.deepEqual(await c.kubectl('set image deployment/web nginx=nginx:1.28'), { stdout: 'deployment.apps/web image updated\n', stderr: '', code: 0 });
  assert.deepEqual(await c.kubectl('rollout history deployment/web'), {
    stdout: 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
    stderr: '',
    code: 0,
  });
  const rev2 = await c.kubectl('rollout history deployment/web --revision=2');
  const hash = c.list('apps/v1', 'ReplicaSet').find((rs) => rs.metadata.annotations!['deployment.kubernetes.io/revision'] === '2')!.metadata.labels!['pod-template-hash'];
  assert.equal(
    rev2.stdout,
    'deployment.apps/web with revision #2\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=' + hash +
      '\n  Containers:\n   nginx:\n    Image:\tnginx:1.28\n    Port:\t<none>\n    Host Port:\t<none>\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n',
  );
  assert.deepEqual(await c.kubectl('rollout history deployment/web --revision=9'), { stdout: '', stderr: 'error: unable to find the specified revision\n', code: 1 });
  assert.deepEqual(await c.kubectl('rollout undo deployment/web'), { stdout: 'deployment.apps/web rolled back\n', stderr: '', code: 0 });
  assert.equal(c.get('apps/v1', 'Deployment', 'web')!.spec.template.spec.containers[0].image, 'nginx:1.27');
  assert.equal(c.get('apps/v1', 'Deployment', 'web')!.metadata.annotations!['deployment.kubernetes.io/revision'], '3');
  assert.equal((await c.kubectl('rollout history deployment/web')).stdout, 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
  assert.deepEqual(await c.kubectl('rollout undo deployment/web --to-revision=3'), {
    stdout: 'deployment.apps/web skipped rollback (current template already matches revision 3)\n',
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await c.kubectl('rollout undo deployment/web --to-revision=7'), { stdout: '', stderr: 'error: unable to find specified revision 7 in history\n', code: 1 });
  c.dispose();
});

test('set image errors: unknown container, no image, missing object', async () => {
  const c = await webCluster();
  assert.deepEqual(await c.kubectl('set image deployment/web nosuch=busybox'), { stdout: '', stderr: 'error: unable to find container named "nosuch"\n', code: 1 });
  assert.deepEqual(await c.kubectl('set image deployment/web'), { stdout: '', stderr: 'error: at least one image update is required\n', code: 1 });
  assert.deepEqual(await c.kubectl('set image deployment/nope nginx=x'), { stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', code: 1 });
  assert.deepEqual(await c.kubectl('set image deployment/web nginx=nginx:1.27'), { stdout: '', stderr: '', code: 0 });
  c.dispose();
});

test('pause, resume and restart', async () => {
  const c = await webCluster();
  assert.deepEqual(await c.kubectl('rollout pause deployment/web'), { stdout: 'deployment.apps/web paused\n', stderr: '', code: 0 });
  assert.deepEqual(await c.kubectl('rollout pause deployment/web'), { stdout: '', stderr: 'error: deployments.apps "web" is already paused\n', code: 1 });
  assert.deepEqual(await c.kubectl('rollout restart deployment/web'), {
    stdout: '',
    stderr: `error: deployments.apps "web" can't restart paused deployment (run rollout resume first)\n`,
    code: 1,
  });
  assert.deepEqual(await c.kubectl('rollout resume deployment/web'), { stdout: 'deployment.apps/web resumed\n', stderr: '', code: 0 });
  assert.deepEqual(await c.kubectl('rollout resume deployment/web'), { stdout: '', stderr: 'error: deployments.apps "web" is not paused\n', code: 1 });
  assert.deepEqual(await c.kubectl('rollout restart deployment/web'), { stdout: 'deployment.apps/web restarted\n', stderr: '', code: 0 });
  const d = c.get('apps/v1', 'Deployment', 'web')!;
  assert.equal(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], '2026-11-21T10:00:00Z');
  assert.equal(d.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
  assert.deepEqual(await c.kubectl('rollout status'), { stdout: '', stderr: 'error: required resource not specified\n', code: 1 });
  // kubectl's Validate checks --revision before the builder maps a type or finds an object.
  for (const args of ['rollout status deployment/nope --revision=-1', 'rollout status bogus/x --revision=-1']) {
    assert.deepEqual(await c.kubectl(args), { stdout: '', stderr: 'error: revision must be a positive integer: -1\n', code: 1 }, args);
  }
  c.dispose();
});

test('undo of a paused deployment: kubectl looks for the revision first, and a client dry run prints it', async () => {
  const c = await webCluster();
  assert.equal((await c.kubectl('rollout pause deployment/web')).code, 0);
  // With one revision, no history to go back to: that is said before the pause.
  assert.deepEqual(await c.kubectl('rollout undo deployment/web'), { stdout: '', stderr: 'error: no rollout history found for deployment "web"\n', code: 1 });
  assert.deepEqual(await c.kubectl('rollout undo deployment/web --to-revision=7'), { stdout: '', stderr: 'error: unable to find specified revision 7 in history\n', code: 1 });
  const dryRun = await c.kubectl('rollout undo deployment/web --to-revision=1 --dry-run=client');
  assert.equal(dryRun.code, 0, dryRun.stderr);
  // The revision's template is the printed message: the name before it, ` (dry run)` on a line after it.
  assert.match(dryRun.stdout, /^deployment\.apps\/web Pod Template:\n  Labels:\tapp=web\n[\s\S]*  Tolerations:\t<none>\n \(dry run\)\n$/);
  assert.deepEqual(await c.kubectl('rollout undo deployment/web --to-revision=1'), {
    stdout: '',
    stderr: "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n",
    code: 1,
  });
  c.dispose();
});

test('rollout restart with a bare type restarts every deployment in the namespace', async () => {
  const c = new VerbCluster();
  c.create(deployment('a', 1));
  c.create(deployment('b', 1));
  c.settle();
  assert.deepEqual(await c.kubectl('rollout restart deployment'), { stdout: 'deployment.apps/a restarted\ndeployment.apps/b restarted\n', stderr: '', code: 0 });
  // Each in turn, as kubectl v1.32 follows them (see workload-verbs-several.test.ts).
  assert.deepEqual(await c.kubectl('rollout status deployment'), {
    stdout: 'deployment "a" successfully rolled out\ndeployment "b" successfully rolled out\n',
    stderr: '',
    code: 0,
  });
  c.dispose();
});
