/**
 * PodDisruptionBudgets as the disruption controller keeps them (expected, desired and current
 * healthy pods, disruptions allowed, the DisruptionAllowed condition) and as the eviction API
 * enforces them: drain is held back by a budget (kubectl's "will retry after 5s"), goes on once the
 * budget allows it, and gives up at --timeout with kubectl's messages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.27}]
`;

describe('PodDisruptionBudgets', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string | string[], stdin?: string) => runCli(args, { home, stdin });
  const status = async (name: string) => JSON.parse((await cli(`get pdb ${name} -o json`)).stdout).status;

  before(async () => {
    ({ home, dispose } = tempHome());
    assert.equal((await cli('apply -f -', WEB)).code, 0);
  });
  after(() => dispose());

  test('the controller counts the pods a budget selects: integer and percentage minAvailable, maxUnavailable, an empty selector', async () => {
    for (const line of [
      'create pdb min2 --selector=app=web --min-available=2',
      'create pdb all --selector=app=web --min-available=100%',
      'create pdb half --selector=app=web --max-unavailable=50%',
    ]) assert.equal((await cli(line)).code, 0, line);
    const min2 = await status('min2');
    assert.deepEqual({ ...min2, conditions: undefined }, { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, conditions: undefined });
    assert.deepEqual(min2.conditions.map((c: any) => [c.type, c.status, c.reason, c.message, c.observedGeneration]), [['DisruptionAllowed', 'True', 'SufficientPods', '', 1]]);
    const all = await status('all');
    assert.deepEqual([all.disruptionsAllowed, all.desiredHealthy, all.conditions[0].reason], [0, 3, 'InsufficientPods']);
    // 50% of 3, rounded up, may be unavailable: 1 must stay.
    assert.deepEqual([(await status('half')).desiredHealthy, (await status('half')).disruptionsAllowed], [1, 2]);
    // Percentages follow the controller's scale.
    assert.equal((await cli('scale deployment web --replicas=5')).code, 0);
    assert.deepEqual([(await status('half')).expectedPods, (await status('half')).desiredHealthy, (await status('all')).desiredHealthy], [5, 2, 5]);
    assert.equal((await cli('scale deployment web --replicas=3')).code, 0);
    assert.match((await cli('get pdb')).stdout, /^NAME +MIN AVAILABLE +MAX UNAVAILABLE +ALLOWED DISRUPTIONS +AGE\nall +100% +N\/A +0 +\S+\nhalf +N\/A +50% +2 +\S+\nmin2 +2 +N\/A +1 +\S+\n$/);
    // An empty selector picks every pod of the namespace; a budget without one picks none.
    const everything = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: everything}\nspec: {minAvailable: 1, selector: {}}\n';
    const nothing = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: nothing}\nspec: {minAvailable: 1}\n';
    assert.equal((await cli('apply -f -', everything)).code, 0);
    assert.equal((await cli('apply -f -', nothing)).code, 0);
    assert.deepEqual([(await status('everything')).expectedPods, (await status('everything')).disruptionsAllowed], [3, 2]);
    assert.deepEqual([(await status('nothing')).expectedPods, (await status('nothing')).disruptionsAllowed], [0, 0]);
    for (const name of ['all', 'half', 'everything', 'nothing']) assert.equal((await cli(`delete pdb ${name}`)).code, 0);
  });

  test('what the controller cannot count it says in Events: no pods, pods without a controller, a controller without a scale (its fail-safe status)', async () => {
    assert.equal((await cli('create namespace quiet')).code, 0);
    assert.equal((await cli('create pdb typo -n quiet --selector=app=wbe --min-available=1')).code, 0);
    const events = async (name: string, ns: string) => (await cli(`get events -n ${ns} --field-selector involvedObject.name=${name},involvedObject.kind=PodDisruptionBudget -o custom-columns=TYPE:.type,REASON:.reason,SOURCE:.source.component,MESSAGE:.message --no-headers`)).stdout;
    assert.match(await events('typo', 'quiet'), /^Normal +NoPods +controllermanager +No matching pods found\n$/);
    // A bare pod has no controller whose scale a maxUnavailable or a percentage is taken of.
    assert.equal((await cli('run bare -n quiet --image=nginx -l app=bare')).code, 0);
    assert.equal((await cli(['create', 'pdb', 'bare', '-n', 'quiet', '--selector=app=bare,tier notin (db)', '--max-unavailable=1'])).code, 0);
    assert.equal(
      await events('bare', 'quiet'),
      'Warning   UnmanagedPods   controllermanager   Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: bare,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:NotIn,Values:[db],},},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.\n',
    );
    assert.equal((await status('bare -n quiet')).expectedPods, 0);
    // A DaemonSet serves no scale: the count fails, and the budget allows nothing, saying why.
    assert.equal((await cli('create pdb ds -n kube-system --selector=app=kindnet --min-available=50%')).code, 0);
    const failed = await status('ds -n kube-system');
    assert.deepEqual({ ...failed, conditions: undefined }, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, conditions: undefined });
    const pod = (await cli('get pods -n kube-system -l app=kindnet -o name')).stdout.split('\n')[0]!.slice('pod/'.length);
    assert.deepEqual(failed.conditions.map((c: any) => [c.type, c.status, c.reason, c.message]), [['DisruptionAllowed', 'False', 'SyncFailed', `found no controllers for pod "${pod}"`]]);
    assert.match(await events('ds', 'kube-system'), new RegExp(`^Warning +CalculateExpectedPodCountFailed +controllermanager +Failed to calculate the number of expected pods: found no controllers for pod "${pod}"\n$`));
    // An integer minAvailable counts the pods themselves: nothing to fail.
    assert.equal((await cli(['patch', 'pdb', 'ds', '-n', 'kube-system', '--type=merge', '-p', '{"spec":{"minAvailable":1}}'])).code, 0);
    assert.deepEqual((await status('ds -n kube-system')).conditions.map((c: any) => c.reason), ['SufficientPods']);
    assert.equal((await cli('delete pdb ds -n kube-system')).code, 0);
    assert.equal((await cli('delete namespace quiet')).code, 0);
  });

  test('drain is held back by a budget that allows no disruption, and gives up at --timeout as kubectl does', async () => {
    assert.equal((await cli(['patch', 'pdb', 'min2', '--type=merge', '-p', '{"spec":{"minAvailable":3}}'])).code, 0);
    const pods = (await cli(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName}{"\\n"}{end}'])).stdout.trim().split('\n').map((l) => l.split(' '));
    const [pod, node] = pods[0]!;
    const onNode = pods.filter(([, n]) => n === node).map(([p]) => p!).sort();
    const r = await cli(`drain ${node} --ignore-daemonsets --pod-selector=app=web --timeout=1s`);
    assert.equal(r.code, 1);
    // Each try is announced, the last one too: kubectl looks at the clock after announcing it.
    const announced = onNode.map((p) => `evicting pod default/${p}\n`).join('');
    assert.equal(r.stdout, `node/${node} cordoned\n${announced}${announced}`);
    const refused = onNode.map((p) => `error when evicting pods/"${p}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`).join('');
    const timedOut = onNode.map((p) => `error when evicting pods/"${p}" -n "default": global timeout reached: 1s`);
    const aggregate = timedOut.length === 1 ? timedOut[0] : `[${timedOut.join(', ')}]`;
    assert.equal(r.stderr, `${refused}There are pending pods in node "${node}" when an error occurred: ${aggregate}\n${onNode.map((p) => `pod/${p}\n`).join('')}` +
      `error: unable to drain node "${node}" due to error: ${aggregate}, continuing command...\nThere are pending nodes to be drained:\n ${node}\n${timedOut.join('\n')}\n`);
    assert.ok(pods.some(([p]) => p === pod) && (await cli(`get pod ${pod}`)).code === 0, 'the pod is still there');
    assert.equal((await cli(`uncordon ${node}`)).code, 0);
  });

  test('drain goes on once the budget allows it: the replacements of the evicted pods are Ready, the next eviction passes', async () => {
    // All three pods on one node, a budget that lets two go at a time.
    const nodes = (await cli(['get', 'nodes', '-o', 'name'])).stdout.trim().split('\n').map((n) => n.slice(5)).filter((n) => n !== 'lite-control-plane');
    const [target, ...others] = nodes;
    for (const n of others) assert.equal((await cli(`cordon ${n}`)).code, 0);
    assert.equal((await cli('rollout restart deployment web')).code, 0);
    const placed = async () => (await cli(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName}{"\\n"}{end}'])).stdout.trim().split('\n').map((l) => l.split(' '));
    assert.deepEqual((await placed()).map(([, n]) => n), [target, target, target]);
    for (const n of others) assert.equal((await cli(`uncordon ${n}`)).code, 0);
    assert.equal((await cli(['patch', 'pdb', 'min2', '--type=merge', '-p', '{"spec":{"minAvailable":1}}'])).code, 0);
    const r = await cli(`drain ${target} --ignore-daemonsets --pod-selector=app=web`);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('evicting pod ')).length, 4, 'three evictions asked, one asked again');
    assert.equal(lines.filter((l) => l.endsWith(' evicted')).length, 3);
    assert.equal(lines.at(-1), `node/${target} drained`);
    assert.match(r.stderr, /^error when evicting pods\/"\S+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n$/);
    assert.deepEqual((await placed()).filter(([, n]) => n === target), []);
    assert.equal((await status('min2')).currentHealthy, 3);
  });
});

describe('drain waits for each evicted pod to be gone, as kubectl\'s waitForDelete does', () => {
  let home: string;
  let dispose: () => void;
  const now = '2026-12-05T10:00:00Z';
  const cli = (args: string | string[], stdin?: string) => runCli(args, { home, stdin, now });
  const slowPod = (node: string) => `apiVersion: v1
kind: Pod
metadata:
  name: slow
  labels: {app: slow}
  annotations: {sim.kubectl-lite.io/stop-delay: 3s}
spec:
  nodeName: ${node}
  containers: [{name: c, image: nginx}]
`;
  const drain = (node: string, extra = '') => cli(`drain ${node} --force --ignore-daemonsets --pod-selector=app=slow ${extra}`);
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('a pod that takes 3 s to stop is printed evicted once it is gone, and drain returns then', async () => {
    assert.equal((await cli('apply -f -', slowPod('lite-worker'))).code, 0);
    assert.deepEqual(await drain('lite-worker'), {
      stdout: 'node/lite-worker cordoned\nevicting pod default/slow\npod/slow evicted\nnode/lite-worker drained\n',
      stderr: 'Warning: deleting Pods that declare no controller: default/slow\n',
      code: 0,
    });
    assert.equal((await cli('get pod slow')).stderr, 'Error from server (NotFound): pods "slow" not found\n');
  });

  test('--timeout ends the wait with kubectl\'s errors: one per pod evicting, one plain error deleting (and no "deleting pod" lines)', async () => {
    assert.equal((await cli('apply -f -', slowPod('lite-worker2'))).code, 0);
    const waiting = 'error when waiting for pod "slow" in namespace "default" to terminate: context deadline exceeded';
    assert.deepEqual(await drain('lite-worker2', '--timeout=1s'), {
      stdout: 'node/lite-worker2 cordoned\nevicting pod default/slow\n',
      stderr: [
        'Warning: deleting Pods that declare no controller: default/slow',
        `There are pending pods in node "lite-worker2" when an error occurred: ${waiting}`,
        'pod/slow',
        `error: unable to drain node "lite-worker2" due to error: ${waiting}, continuing command...`,
        'There are pending nodes to be drained:',
        ' lite-worker2',
        waiting,
        '',
      ].join('\n'),
      code: 1,
    });
    assert.equal((await cli('uncordon lite-worker2')).code, 0);
    assert.equal((await cli('apply -f -', slowPod('lite-worker3').replace('name: slow', 'name: slow3'))).code, 0);
    const deleting = await cli('drain lite-worker3 --force --ignore-daemonsets --pod-selector=app=slow --disable-eviction --timeout=1s');
    assert.equal(deleting.stdout, 'node/lite-worker3 cordoned\n');
    assert.match(deleting.stderr, /\nThere are pending pods in node "lite-worker3" when an error occurred: context deadline exceeded\npod\/slow3\n/);
    assert.match(deleting.stderr, /\nerror: context deadline exceeded\n$/);
    assert.equal(deleting.code, 1);
    const done = await cli('drain lite-worker3 --force --ignore-daemonsets --pod-selector=app=slow --disable-eviction');
    assert.equal(done.stdout, 'node/lite-worker3 already cordoned\npod/slow3 deleted\nnode/lite-worker3 drained\n');
  });

  test('--skip-wait-for-delete-timeout: a pod deleting for longer is no longer waited for, nor drained again', async () => {
    const held = 'apiVersion: v1\nkind: Pod\nmetadata: {name: held, labels: {app: slow}, finalizers: [example.com/hold]}\nspec: {nodeName: lite-worker, terminationGracePeriodSeconds: 1, containers: [{name: c, image: nginx}]}\n';
    assert.equal((await cli('uncordon lite-worker')).code, 0);
    assert.equal((await cli('apply -f -', held)).code, 0);
    // (--timeout: without the skip, drain would wait for the finalizer for ever.)
    assert.deepEqual(await drain('lite-worker', '--skip-wait-for-delete-timeout=2 --timeout=10s'), {
      stdout: 'node/lite-worker cordoned\nevicting pod default/held\npod "held" has DeletionTimestamp older than 2 seconds, skipping\nnode/lite-worker drained\n',
      stderr: 'Warning: deleting Pods that declare no controller: default/held\n',
      code: 0,
    });
    assert.equal((await cli('uncordon lite-worker')).code, 0);
    // Still held by its finalizer, and deleting since long enough: drain leaves it out.
    const again = await runCli('drain lite-worker --force --ignore-daemonsets --pod-selector=app=slow --skip-wait-for-delete-timeout=2', { home, now: '2026-12-05T10:00:10Z' });
    assert.equal(again.stdout, 'node/lite-worker cordoned\nnode/lite-worker drained\n');
    assert.equal((await cli(['patch', 'pod', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'])).code, 0);
  });
});
