/**
 * `get pods` tables and `-o name` read the summaries the store keeps beside the pods' shards
 * (src/api/list-summaries.ts) once there are enough pods to shard: what they print must be what
 * the pods themselves print, in every state the STATUS / READY / RESTARTS cells know.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { summarisedPods } from '../helpers/summarised-pods.js';

const { home, kl, summaryFiles, seed, sameWithoutSummaries, withSummaryChanged } = summarisedPods();

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

before(() => seed());

after(() => home.dispose());

test('get pods from the summaries prints what the pods print (tables, wide, names, labels, selectors)', () => {
  assert.ok(summaryFiles().length > 0, 'the pods are sharded and summarised');
  const fromSummaries = COMMANDS.map((c) => kl(c));
  for (const [i, r] of fromSummaries.entries()) assert.equal(r.code, 0, `${COMMANDS[i]}: ${r.stderr}`);
  assert.match(fromSummaries[0]!.stdout, /CrashLoopBackOff/);
  assert.match(fromSummaries[0]!.stdout, /Init:0\/1/);
  assert.match(fromSummaries[0]!.stdout, /Terminating/);
  // Without the summaries the same commands read the pods themselves.
  sameWithoutSummaries(COMMANDS, fromSummaries.map((r) => r.stdout));
});

test('a listing from summaries is checked against the pods under KUBECTL_LITE_CHECK_SETTLE=1 (and is what is printed otherwise)', () => {
  withSummaryChanged('red/crash', (s) => (s.status.containerStatuses[0].state = { waiting: { reason: 'Tampered' } }), () => {
    const unchecked = kl('get pods -n red', false);
    assert.equal(unchecked.code, 0, unchecked.stderr);
    assert.match(unchecked.stdout, /^crash +0\/1 +Tampered /m);
    const checked = kl('get pods -n red');
    assert.notEqual(checked.code, 0);
    assert.match(checked.stderr, /listed from the store's summaries print otherwise than the objects/);
  });
});
