/**
 * `kubectl events` against real kubectl: the order of events with tied times (kubectl sorts with
 * Go's unstable sort.Sort, so ties land where pdqsort puts them), and `-o name`, which prints nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Session } from '../../src/cli/session.js';
import type { KubeObject } from '../../src/api/types.js';
import { runCli, staticCluster, tempHome, type Result } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
const NOW = Date.now();

let home: { home: string; dispose(): void };
let oracle: Oracle | undefined;

/** 40 events over three namespaces, most of them sharing one of four timestamps. */
function events(): KubeObject[] {
  const out: KubeObject[] = [];
  const reasons = ['Scheduled', 'Pulled', 'Created', 'Started', 'Killing', 'BackOff'];
  for (let i = 0; i < 40; i++) {
    const ns = ['default', 'team-a', 'kube-system'][i % 3]!;
    const at = new Date(NOW - (i % 4) * 60_000 - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    out.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `pod-${(i * 7) % 13}.${(1e15 + i * 7919).toString(16)}`, namespace: ns },
      involvedObject: { kind: 'Pod', name: `pod-${(i * 7) % 13}`, namespace: ns },
      reason: reasons[i % reasons.length],
      message: `message ${i}`,
      type: i % 5 === 0 ? 'Warning' : 'Normal',
      source: { component: 'kubelet' },
      count: 1,
      firstTimestamp: at,
      // Some events only have an eventTime (events.k8s.io writers); kubectl sorts those by it.
      ...(i % 6 === 0 ? { eventTime: `${at.slice(0, -1)}.000000Z`, reportingComponent: 'kubelet', reportingInstance: 'x', action: 'Pull' } : { lastTimestamp: at }),
    } as KubeObject);
  }
  return out;
}

before(async () => {
  home = tempHome();
  await staticCluster(home.home);
  const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => NOW });
  const stored = session.write((api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    return events().map((e) => JSON.parse(JSON.stringify(api.create(e))) as KubeObject);
  });
  // A real API server lists in key order (namespace, then name), as kubectl-lite does.
  const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
  stored.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (!skip) oracle = await startOracle(stored);
});

after(async () => {
  home.dispose();
  await oracle?.close();
});

/** The rows without LAST SEEN (kubectl computes it from its own clock). */
const withoutAge = (text: string) => text.split('\n').map((l) => l.replace(/^(\S+\s+)?\d+m\d*s?\s+/, '$1'));

for (const line of ['events -A', 'events -n team-a', 'events -A --types=Warning', 'events -A -o name', 'events -o name']) {
  test(`kubectl-lite ${line} lists what real kubectl lists, in its order`, { skip }, async () => {
    const want = await oracle!.kubectl(line.split(' '));
    const got = await runCli(line, { home: home.home, now: NOW });
    assert.equal(got.code, want.code);
    assert.equal(got.stderr, want.stderr);
    assert.deepEqual(withoutAge(got.stdout), withoutAge(want.stdout));
  });
}

describe('describe sorts with Go\'s sort: Events with tied times, tolerations of one key, in real kubectl\'s order', { skip }, () => {
  const suite = serveForSuite();

  test('ties sorted by Go\'s sort.Sort, not left in list order', async () => {
    const { served } = suite;
    assert.equal(served.lite(['run', 'p', '--image=nginx']).code, 0);
    const uid = served.lite(['get', 'pod', 'p', '-o', 'jsonpath={.metadata.uid}']).stdout;
    // 18 events about the pod at three times, listed (by name) out of time order.
    const times = [1, 0, 2, 0, 1, 1, 0, 2, 2, 0, 1, 0, 2, 1, 0, 0, 2, 1].map((m) => new Date(NOW - 3_600_000 + m * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'));
    const items = times.map((at, i) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `p.ev${String(i).padStart(2, '0')}` },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', apiVersion: 'v1', uid },
      reason: `R${i}`,
      message: `m${i}`,
      type: 'Normal',
      source: { component: 'test' },
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
    }));
    assert.equal(served.lite(['apply', '-f', '-'], { stdin: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }).code, 0);
    // The ages are kubectl's own clock's: compare the rows without them.
    const rows = (r: Result) => ({ ...r, stdout: r.stdout.split('\n').filter((l) => /^  Normal +R\d+ /.test(l)).map((l) => l.replace(/ +\S+ +test +/, ' test ')).join('\n') });
    const real = await suite.same(['describe', 'pod', 'p'], rows);
    assert.equal(rows(real).stdout.split('\n').length, 18);
  });

  test('tolerations sharing a key (more than sort.Slice sorts by insertion)', async () => {
    const keys = 'b a b a c b a c b a c d b a'.split(' ');
    const effects = ['NoSchedule', 'NoExecute', 'PreferNoSchedule'];
    const tolerations = keys.map((key, i) => ({ key, operator: 'Equal', value: `v${i}`, effect: effects[i % 3] }));
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tols' }, spec: { tolerations, containers: [{ name: 'c', image: 'nginx' }] } };
    assert.equal(suite.served.lite(['apply', '-f', '-'], { stdin: JSON.stringify(pod) }).code, 0);
    const lines = (r: Result) => ({ ...r, stdout: r.stdout.split('\n').filter((l) => /=v\d+:/.test(l)).join('\n') });
    const real = await suite.same(['describe', 'pod', 'tols'], lines);
    assert.match(lines(real).stdout, /^Tolerations: +a=v6:NoSchedule\n +a=v1:NoExecute\n/);
  });
});
