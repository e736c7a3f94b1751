import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { makeContext } from '../../src/main.js';
import { runBin, runCli, tempHome } from '../helpers/cli.js';
import { serveForSuite } from './serve-helpers.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle } from '../helpers/oracle.js';

const quiet = { out: { write() {} }, err: { write() {} }, isTTY: false, readStdin: async () => Buffer.alloc(0) };

/** Stores objects as controllers would (trusted writes), straight through the API server. */
function seed(home: string, objects: KubeObject[], now?: number): void {
  const ctx = makeContext({ io: quiet, env: { KUBECTL_LITE_HOME: home, ...(now ? { KUBECTL_LITE_NOW: String(now) } : {}) }, cwd: '/' });
  ctx.session().write((api) => {
    for (const o of objects) api.put(o);
  });
}

const pod = (name: string, conditions: Array<{ type: string; status: string }>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'w' } },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
  status: { conditions },
});

describe('wait', () => {
  let home: string;
  let dispose: () => void;
  before(() => {
    ({ home, dispose } = tempHome());
    seed(home, [pod('ready', [{ type: 'Ready', status: 'True' }]), pod('other', [{ type: 'Ready', status: 'False' }])]);
  });
  after(() => dispose());

  test('a met condition prints "condition met"', async () => {
    assert.deepEqual(await runCli('wait --for=condition=Ready pod/ready --timeout=5s', { home }), { stdout: 'pod/ready condition met\n', stderr: '', code: 0 });
    assert.deepEqual(await runCli('wait --for=condition=ready=true pod ready', { home }), { stdout: 'pod/ready condition met\n', stderr: '', code: 0 });
  });

  test('a condition never met times out with kubectl\'s message', async () => {
    const r = await runCli('wait --for=condition=Nonexistent pod/other --timeout=300ms', { home });
    assert.deepEqual(r, { stdout: '', stderr: 'error: timed out waiting for the condition on pods/other\n', code: 1 });
  });

  test('--for=delete on an absent object succeeds silently; a missing object is NotFound otherwise', async () => {
    assert.deepEqual(await runCli('wait --for=delete pod/gone --timeout=1s', { home }), { stdout: '', stderr: '', code: 0 });
    const r = await runCli('wait --for=condition=Ready pod/gone --timeout=1s', { home });
    assert.deepEqual(r, { stdout: '', stderr: 'Error from server (NotFound): pods "gone" not found\n', code: 1 });
  });

  test('--for=jsonpath compares a value', async () => {
    assert.equal((await runCli(['wait', '--for=jsonpath={.status.conditions[0].status}=True', 'pod/ready', '--timeout=1s'], { home })).stdout, 'pod/ready condition met\n');
  });

  test('--field-selector picks what is waited for (a type alone is enough with it)', async () => {
    assert.deepEqual(await runCli('wait pods --for=condition=Ready --field-selector metadata.name=ready --timeout=1s', { home }), { stdout: 'pod/ready condition met\n', stderr: '', code: 0 });
    assert.deepEqual(await runCli('wait pods --for=condition=Ready --field-selector metadata.name=nothing --timeout=1s', { home }), { stdout: '', stderr: 'error: no matching resources found\n', code: 1 });
  });

  test('--for=create waits until the object exists', async () => {
    assert.equal((await runCli('wait --for=create pod/ready --timeout=1s', { home })).stdout, 'pod/ready condition met\n');
  });

  test("--timeout=0 looks once: kubectl's `condition not met` for each object not there yet", async () => {
    assert.deepEqual(await runCli(['wait', '--for=jsonpath={.metadata.name}=ready', '--timeout=0', 'pod/ready', 'pod/other'], { home }), {
      stdout: 'pod/ready condition met\n',
      stderr: 'error: condition not met for pods/other\n',
      code: 1,
    });
    assert.deepEqual(await runCli('wait --for=delete --timeout=0 pod/ready pod/other', { home }), {
      stdout: '',
      stderr: 'condition not met for pods/ready\ncondition not met for pods/other\n',
      code: 1,
    });
    assert.deepEqual(await runCli('wait --for=condition=Nonexistent --timeout=0 pod/ready', { home }), { stdout: '', stderr: 'error: condition not met for pods/ready\n', code: 1 });
  });

  test('--for=create: named objects are waited for all together, -f objects must be there, a selection must match', async () => {
    // Nothing printed for the one there: kubectl polls for them all before it visits any.
    assert.deepEqual(await runCli('wait --for=create pod/ready pod/gone --timeout=300ms', { home }), { stdout: '', stderr: 'error: timed out waiting for the condition\n', code: 1 });
    writeFileSync(join(home, 'pods.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: gone}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: ready}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: lost}\n');
    assert.deepEqual(await runCli('wait --for=create -f pods.yaml --timeout=1s', { home, cwd: home }), {
      stdout: '',
      stderr: 'Error from server (NotFound): pods "gone" not found\nError from server (NotFound): pods "lost" not found\n',
      code: 1,
    });
    assert.deepEqual(await runCli('wait --for=create pods -l app=none --timeout=1s', { home }), { stdout: '', stderr: 'error: no matching resources found\n', code: 1 });
    assert.deepEqual(await runCli('wait --for=create pods -l app=w --timeout=1s -o name', { home }), { stdout: 'pod/other\npod/ready\n', stderr: '', code: 0 });
    assert.deepEqual(await runCli('wait --for=condition=Ready --local pods --all', { home }), {
      stdout: '',
      stderr: "error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n",
      code: 1,
    });
  });
});

describe('events', () => {
  let home: string;
  let dispose: () => void;
  const now = Date.now();
  const ago = (s: number) => new Date(now - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const ev = (name: string, ns: string, kind: string, obj: string, reason: string, type: string, message: string, first: number, last: number, count: number): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns, creationTimestamp: ago(first) },
    involvedObject: { apiVersion: 'v1', kind, name: obj, namespace: ns, uid: `uid-${obj}` },
    reason,
    message,
    type,
    firstTimestamp: ago(first),
    lastTimestamp: ago(last),
    count,
    source: { component: 'default-scheduler' },
  });
  // Ages in whole minutes >= 10m, so that kubectl (reading its own clock) renders the same text.
  const events = [
    ev('nginx.1', 'default', 'Pod', 'nginx', 'Scheduled', 'Normal', 'Successfully assigned default/nginx to lite-worker', 1230, 1230, 1),
    ev('big.1', 'default', 'Pod', 'big', 'FailedScheduling', 'Warning', '0/4 nodes are available: 3 Insufficient cpu.', 3630, 630, 5),
    ev('web.1', 'default', 'Deployment', 'web', 'ScalingReplicaSet', 'Normal', 'Scaled up replica set web-abc to 3', 930, 930, 1),
    ev('dns.1', 'kube-system', 'Pod', 'coredns-1', 'Started', 'Normal', 'Started container coredns', 7230, 7230, 1),
  ];
  before(() => {
    ({ home, dispose } = tempHome());
    seed(home, events);
  });
  after(() => dispose());

  test('oldest first, Kind/name objects, (xN over T) ages', async () => {
    const r = await runCli('events', { home, now });
    assert.equal(
      r.stdout,
      'LAST SEEN           TYPE      REASON              OBJECT           MESSAGE\n' +
        '20m                 Normal    Scheduled           Pod/nginx        Successfully assigned default/nginx to lite-worker\n' +
        '15m                 Normal    ScalingReplicaSet   Deployment/web   Scaled up replica set web-abc to 3\n' +
        '10m (x5 over 60m)   Warning   FailedScheduling    Pod/big          0/4 nodes are available: 3 Insufficient cpu.\n',
    );
    assert.equal((await runCli('events -n empty', { home, now })).stderr, 'No events found in empty namespace.\n');
  });

  test("-w replays the events in the store's key order, each row as kubectl's tabwriter lays it out when it comes, until --request-timeout", () => {
    // A process of its own, so that a watch that did not end fails the test instead of hanging the suite.
    const watch = (args: string) => runBin(args, { home, now, timeoutMs: 20_000 });
    assert.deepEqual(watch('events -w --request-timeout=1s'), {
      stdout:
        'LAST SEEN           TYPE      REASON             OBJECT    MESSAGE\n' +
        '10m (x5 over 60m)   Warning   FailedScheduling   Pod/big   0/4 nodes are available: 3 Insufficient cpu.\n' +
        '20m                 Normal    Scheduled          Pod/nginx   Successfully assigned default/nginx to lite-worker\n' +
        '15m                 Normal    ScalingReplicaSet   Deployment/web   Scaled up replica set web-abc to 3\n',
      stderr: '',
      code: 0,
    });
    // No event of the type: nothing at all, not even the header.
    assert.deepEqual(watch('events -w --types=Normal -n kube-system --for pod/nope --request-timeout=1s'), { stdout: '', stderr: '', code: 0 });
    assert.deepEqual(watch('events -w -o name -A --request-timeout=1s'), { stdout: 'event/big.1\nevent/nginx.1\nevent/web.1\nevent/dns.1\n', stderr: '', code: 0 });
  });

  for (const args of [['events'], ['events', '-A'], ['events', '--types=Warning'], ['events', '--for', 'pod/nginx'], ['events', '--no-headers'], ['events', '-n', 'empty']]) {
    test(`matches real kubectl: ${args.join(' ')}`, { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
      const oracle = await startOracle(events);
      try {
        const want = await oracle.kubectl(args);
        const got = await runCli(args, { home, now: Date.now() });
        assert.deepEqual({ stdout: got.stdout, stderr: got.stderr, code: got.code }, { stdout: want.stdout, stderr: want.stderr, code: want.code });
      } finally {
        await oracle.close();
      }
    });
  }
});

describe('events -w through serve, beside the real kubectl', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000 - 30_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const event = (name: string, obj: string, reason: string, minutesAgo: number) =>
    `apiVersion: v1\nkind: Event\nmetadata: {name: ${name}, namespace: default}\ninvolvedObject: {apiVersion: v1, kind: Pod, name: ${obj}, namespace: default}\n` +
    `reason: ${reason}\nmessage: ${reason} for ${obj}\ntype: Normal\nfirstTimestamp: "${at(minutesAgo)}"\nlastTimestamp: "${at(minutesAgo)}"\ncount: 1\nsource: {component: kubelet}\n`;
  const suite = serveForSuite((served) => {
    const docs = [event('zz.1', 'zz', 'Pulled', 30), event('a-much-longer-pod-name.1', 'a-much-longer-pod-name', 'Started', 20), event('b.1', 'b', 'Created', 40)];
    const r = served.lite(['create', '-f', '-'], { stdin: docs.join('---\n') });
    assert.equal(r.code, 0, r.stderr);
  });

  for (const args of ['events -w --request-timeout=2s', 'events -w -o name --request-timeout=2s', 'events -w -o yaml --request-timeout=2s', 'events -w --types=Warning --request-timeout=2s']) {
    test(args, () => suite.same(args).then(() => undefined));
  }
});

