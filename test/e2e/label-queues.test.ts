/**
 * A pod change of labels or annotations alone reaches the ReplicaSet and Deployment only when it
 * touches a label key their selector or template names, and the Services only when it changes which
 * of them select the pod (src/controllers/queues.ts). Each command runs with
 * KUBECTL_LITE_CHECK_SETTLE=1: the full settle beside the incremental one must agree.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';

test('label and annotate on a Deployment\'s pods: the ReplicaSet and the Endpoints follow exactly where they must', async () => {
  const { home, dispose } = tempHome();
  try {
    const k = async (args: string) => {
      const r = await runCli(args, { home, now: '2026-01-01T00:00:00Z', env: { KUBECTL_LITE_CHECK_SETTLE: '1' } });
      assert.equal(r.stderr, '', args);
      return r.stdout;
    };
    await k('create deployment web --image=nginx --replicas=3');
    await k('expose deployment web --port=80');
    const pods = async () => (await k('get pods -l app=web -o name')).trim().split('\n').map((n) => n.slice('pod/'.length));
    const endpoints = async () => (await k('get endpoints web -o jsonpath={.subsets[*].addresses[*].targetRef.name}')).split(' ').filter(Boolean).sort();
    const owners = async (pod: string) => k(`get pod ${pod} -o jsonpath={.metadata.ownerReferences[*].kind}`);
    const [a, b, c] = await pods();
    assert.deepEqual(await endpoints(), [a, b, c].sort());

    // A label nothing selects on, an annotation: the ReplicaSet keeps its pods, the Endpoints are unchanged.
    await k(`label pod ${a} extra=1`);
    await k(`annotate pod ${b} note=x`);
    assert.deepEqual((await pods()).sort(), [a, b, c].sort());
    assert.equal(await owners(a!), 'ReplicaSet');
    assert.deepEqual(await endpoints(), [a, b, c].sort());

    // The selector's key: the pod leaves the ReplicaSet (released, replaced) and the Service.
    await k(`label pod ${a} app=other --overwrite`);
    assert.equal(await owners(a!), '');
    const now = await pods();
    assert.equal(now.length, 3);
    assert.ok(!now.includes(a!));
    assert.deepEqual(await endpoints(), now.sort());

    // Back under the selector: adopted again (one too many, so the ReplicaSet removes one), selected again.
    await k(`label pod ${a} app=web --overwrite`);
    assert.equal((await pods()).length, 3);
    assert.deepEqual(await endpoints(), (await pods()).sort());

    // The selector's other key, which the template labels too: released, replaced, still selected by the Service.
    const [d] = await pods();
    await k(`label pod ${d} pod-template-hash-`);
    assert.equal(await owners(d!), '');
    assert.equal((await pods()).filter((p) => p === d).length, 1, 'still labelled app=web');
    assert.equal((await pods()).length, 4);
    assert.deepEqual(await endpoints(), (await pods()).sort());
    assert.match(await k('get rs -l app=web -o jsonpath={.items[0].status.fullyLabeledReplicas}'), /^3$/);
  } finally {
    dispose();
  }
});
