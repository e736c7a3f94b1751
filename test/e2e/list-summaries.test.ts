/**
 * `get pods` tables and `-o name` read the summaries the store keeps beside the pods' shards
 * (src/api/list-summaries.ts) once there are enough pods to shard: what they print must be what
 * the pods themselves print, in every state the STATUS / READY / RESTARTS cells know.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Session } from '../../src/cli/session.js';
import { clusterDir } from '../../src/config.js';
import type { KubeObject } from '../../src/api/types.js';
import { runBin, staticCluster, tempHome } from '../helpers/cli.js';
import { NOW, capturedPods, systemPods } from '../unit/table-fixtures.js';

const home = tempHome();
const objectsDir = join(clusterDir(home.home, 'lite'), 'objects');
const NAMESPACES = ['blue', 'green', 'red', 'teal', 'gold', 'grey'];
const check = (on: boolean) => ({ KUBECTL_LITE_CHECK_SETTLE: on ? '1' : '0' });
const kl = (args: string, on = true) => runBin(args, { home: home.home, now: NOW.getTime(), env: check(on) });
/** The summary files of the pods' current shards (those of replaced shards stay a while, as the shards do). */
const summaryFiles = () => {
  const root = JSON.parse(readFileSync(join(clusterDir(home.home, 'lite'), 'store.json'), 'utf8'));
  const current = new Set((root.sharded['core/pods']?.files ?? []).map((f: string) => `summary.${f}`));
  return readdirSync(objectsDir).filter((f) => current.has(f));
};

const COMMANDS = [
  'get pods -A',
  'get pods -A -o wide',
  'get pods -A -o name',
  'get pods -n red --show-labels',
  'get pods -A -l app=web -L app,pod-template-hash',
  'get pods -A --field-selector status.phase=Running',
  'get pods -A --field-selector spec.nodeName=kind-worker -o wide --no-headers',
  'get pods,pods -n kube-system',
];

before(async () => {
  await staticCluster(home.home);
  const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => NOW.getTime() });
  session.write((api) => {
    for (const ns of NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  // Stored as captured (ages, deletionTimestamp), not as a create would stamp them.
  const pods: KubeObject[] = [...systemPods(), ...NAMESPACES.flatMap((ns) => capturedPods().map((p) => ({ ...p, metadata: { ...p.metadata, namespace: ns } })))];
  session.store.update((tx) => {
    for (const p of pods) tx.put('core/pods', `${p.metadata.namespace}/${p.metadata.name}`, p);
  });
  // Summaries are made by the build that writes them: one write through the binary makes its own.
  const touched = runBin('create -f -', {
    home: home.home,
    now: NOW.getTime(),
    stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'touch', namespace: 'red' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }),
  });
  assert.equal(touched.code, 0, touched.stderr);
});

after(() => home.dispose());

test('get pods from the summaries prints what the pods print (tables, wide, names, labels, selectors)', () => {
  assert.ok(summaryFiles().length > 0, 'the pods are sharded and summarised');
  const fromSummaries = COMMANDS.map((c) => kl(c));
  for (const [i, r] of fromSummaries.entries()) assert.equal(r.code, 0, `${COMMANDS[i]}: ${r.stderr}`);
  assert.match(fromSummaries[0]!.stdout, /CrashLoopBackOff/);
  assert.match(fromSummaries[0]!.stdout, /Init:0\/1/);
  assert.match(fromSummaries[0]!.stdout, /Terminating/);
  // Without the summaries the same commands read the pods themselves.
  const saved = summaryFiles().map((f) => [f, readFileSync(join(objectsDir, f), 'utf8')] as const);
  for (const [f] of saved) rmSync(join(objectsDir, f));
  try {
    for (const [i, c] of COMMANDS.entries()) {
      const r = kl(c);
      assert.equal(r.code, 0, `${c}: ${r.stderr}`);
      assert.equal(fromSummaries[i]!.stdout, r.stdout, c);
    }
  } finally {
    for (const [f, text] of saved) writeFileSync(join(objectsDir, f), text);
  }
});

test('a listing from summaries is checked against the pods under KUBECTL_LITE_CHECK_SETTLE=1 (and is what is printed otherwise)', () => {
  const file = summaryFiles().find((f) => readFileSync(join(objectsDir, f), 'utf8').includes('"red/crash"'));
  assert.ok(file, 'the summary of red/crash');
  const path = join(objectsDir, file);
  const good = readFileSync(path, 'utf8');
  const summaries = JSON.parse(good);
  summaries['red/crash'].status.containerStatuses[0].state = { waiting: { reason: 'Tampered' } };
  writeFileSync(path, JSON.stringify(summaries));
  try {
    const unchecked = kl('get pods -n red', false);
    assert.equal(unchecked.code, 0, unchecked.stderr);
    assert.match(unchecked.stdout, /^crash +0\/1 +Tampered /m);
    const checked = kl('get pods -n red');
    assert.notEqual(checked.code, 0);
    assert.match(checked.stderr, /listed from the store's summaries print otherwise than the objects/);
  } finally {
    writeFileSync(path, good);
  }
});
