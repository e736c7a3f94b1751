/**
 * Node Leases: one per node in kube-node-lease, renewed by the running kubelet on its 10 s cadence
 * (lazily: brought to the latest tick when the lease would expire), left to expire by a stopped
 * one; `describe node` shows them as real kubectl does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Session } from '../../src/cli/session.js';
import type { KubeObject } from '../../src/api/types.js';
import { runBin, runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle } from '../helpers/oracle.js';
import { sharesStorage } from '../../src/api/registry.js';

process.env.TZ = 'UTC';
const T0 = Date.parse('2026-11-22T00:00:00.250Z');

describe('node leases', () => {
  let home: string;
  let dispose: () => void;
  const kl = (args: string | string[]) => runBin(args, { home, now: T0 });
  const renewTimes = () =>
    Object.fromEntries(
      kl(['get', 'leases', '-n', 'kube-node-lease', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.renewTime}{"\\n"}{end}'])
        .stdout.trim()
        .split('\n')
        .map((l) => l.split('=')),
    );
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('each node has one, held by its kubelet for 40 s and owned by the Node', () => {
    const r = kl('get leases -n kube-node-lease');
    assert.equal(r.stdout, [
      'NAME                 HOLDER               AGE',
      'lite-control-plane   lite-control-plane   0s',
      'lite-worker          lite-worker          0s',
      'lite-worker2         lite-worker2         0s',
      'lite-worker3         lite-worker3         0s',
      '',
    ].join('\n'));
    const lease = JSON.parse(kl('get lease lite-worker -n kube-node-lease -o json').stdout);
    const node = JSON.parse(kl('get node lite-worker -o json').stdout);
    assert.deepEqual(lease.spec, { holderIdentity: 'lite-worker', leaseDurationSeconds: 40, renewTime: '2026-11-22T00:00:00.250000Z' });
    assert.deepEqual(lease.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'lite-worker', uid: node.metadata.uid }]);
  });

  test('running kubelets renew on their 10 s cadence; a stopped one lets its lease expire', () => {
    // An idle minute: read commands find the leases renewed, never expired.
    assert.equal(kl('cluster advance 1m').code, 0);
    assert.equal(renewTimes()['lite-worker'], '2026-11-22T00:01:00.250000Z');
    assert.equal(kl('node stop lite-worker2').code, 0);
    assert.equal(kl('cluster advance 95s').code, 0);
    const times = renewTimes();
    // Renewed on a tick of the kubelet's cadence, less than a lease duration ago.
    for (const node of ['lite-control-plane', 'lite-worker', 'lite-worker3']) {
      const at = Date.parse(times[node]);
      assert.equal((at - T0) % 10_000, 0, times[node]);
      assert.ok(T0 + 155_000 - at < 40_000 && at <= T0 + 155_000, times[node]);
    }
    // Stopped: never renewed since, expired (95 s > 40 s).
    assert.equal(times['lite-worker2'], '2026-11-22T00:01:00.250000Z');
    assert.match(kl('describe node lite-worker2').stdout, /\nLease:\n  HolderIdentity:  lite-worker2\n  AcquireTime:     <unset>\n  RenewTime:       Sun, 22 Nov 2026 00:01:00 \+0000\n/);
    // Started again: renewed at once, to the latest tick of its cadence.
    assert.equal(kl('node start lite-worker2').code, 0);
    assert.equal(renewTimes()['lite-worker2'], '2026-11-22T00:02:30.250000Z');
  });

  test('a removed node takes its lease with it', () => {
    assert.equal(kl('node add extra').code, 0);
    assert.ok(renewTimes().extra);
    assert.equal(kl('node remove extra').code, 0);
    assert.equal(renewTimes().extra, undefined);
  });
});

test('describe node shows the Lease section as real kubectl does', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
  const { home, dispose } = tempHome();
  // Made a day ago, so ages are days on both sides whatever kubectl's clock says.
  const past = Date.now() - 86_400_000;
  try {
    assert.equal((await runCli('node stop lite-worker3', { home, now: past })).code, 0);
    assert.equal((await runCli('cluster advance 2m', { home, now: past })).code, 0);
    const session = new Session({ env: { KUBECTL_LITE_HOME: home, HOME: home }, globals: {}, realNow: () => past });
    const stored = session.read((api) => api.registry.types.filter((t) => !sharesStorage(t)).flatMap((t) => api.list(t)) as KubeObject[]);
    assert.ok(stored.some((o) => o.kind === 'Lease'));
    const oracle = await startOracle(stored);
    try {
      for (const node of ['lite-worker', 'lite-worker3']) {
        const ours = await runCli(['describe', 'node', node], { home, now: past });
        const theirs = await oracle.kubectl(['describe', 'node', node]);
        // The Lease section (ages elsewhere follow each side's clock).
        const lease = (text: string) => /\nLease:\n[\s\S]*?\nConditions:/.exec(text)?.[0];
        assert.match(ours.stdout, /\nLease:\n  HolderIdentity:  lite-worker/);
        assert.equal(lease(ours.stdout), lease(theirs.stdout));
      }
    } finally {
      await oracle.close();
    }
  } finally {
    dispose();
  }
});
