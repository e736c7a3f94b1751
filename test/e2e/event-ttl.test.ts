/**
 * Events last an hour after their last write (kube-apiserver's --event-ttl): a quiet pod's Events
 * are gone past the hour, swept at the next whole minute (the lease manager's reuse window), while a
 * crash-looping pod's, bumped at each restart, stay; `get -w` sees them go.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventExpiry, EVENT_TTL_MS } from '../../src/controllers/event-ttl.js';
import type { KubeObject } from '../../src/api/types.js';
import { runBin, tempHome } from '../helpers/cli.js';

process.env.TZ = 'UTC';
const T0 = Date.parse('2026-11-22T00:00:30Z');

const PODS = `
apiVersion: v1
kind: Pod
metadata: {name: quiet}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: crash
  annotations: {sim.kubectl-lite.io/run-for: 2s, sim.kubectl-lite.io/exit-code: "1"}
spec: {containers: [{name: c, image: busybox}]}
`;

describe('Events go an hour after their last write', () => {
  let home: string;
  let dispose: () => void;
  const kl = (args: string | string[], stdin?: string) => runBin(args, { home, now: T0, stdin });
  const reasonsAbout = (pod: string) =>
    kl(['get', 'events', '--field-selector', `involvedObject.name=${pod}`, '-o', 'jsonpath={range .items[*]}{.reason}{" "}{end}']).stdout.trim().split(' ').filter(Boolean).sort();
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('a quiet pod\'s Events go past the hour; a crash loop\'s, bumped at each restart, stay', () => {
    assert.equal(kl(['apply', '-f', '-'], PODS).code, 0);
    assert.deepEqual(reasonsAbout('quiet'), ['Created', 'Pulled', 'Scheduled', 'Started']);
    assert.equal(kl('cluster advance 60m').code, 0);
    // Written at 00:00:30, due at 01:00:30: swept at the next whole minute, 01:01.
    assert.deepEqual(reasonsAbout('quiet'), ['Created', 'Pulled', 'Scheduled', 'Started']);
    assert.equal(kl('cluster advance 30s').code, 0);
    assert.deepEqual(reasonsAbout('quiet'), []);
    assert.equal(kl('get events --field-selector involvedObject.name=quiet').stderr, 'No resources found in default namespace.\n');
    // The crash loop's Scheduled Event is written once, so it goes; the others are bumped by each restart.
    assert.deepEqual(reasonsAbout('crash'), ['BackOff', 'Created', 'Pulled', 'Started']);
    const backOff = kl(['get', 'events', '--field-selector', 'involvedObject.name=crash,reason=BackOff', '-o', 'jsonpath={.items[0].count}']).stdout;
    assert.ok(Number(backOff) > 10, backOff);
    // The pod itself stays, and a new write about it is a new Event.
    assert.equal(kl('label pod quiet x=y').code, 0);
    assert.equal(kl('delete pod quiet --wait=false').code, 0);
    assert.deepEqual(reasonsAbout('quiet'), ['Killing']);
  });

  test('an Event a user made goes an hour after it was made, whatever times it names', () => {
    const event = {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'old.1' }, involvedObject: { kind: 'Pod', name: 'old', namespace: 'default' },
      reason: 'Old', message: 'from long ago', type: 'Normal', firstTimestamp: '2020-01-01T00:00:00Z', lastTimestamp: '2020-01-01T00:00:00Z', count: 1,
    };
    assert.equal(kl(['apply', '-f', '-'], JSON.stringify(event)).code, 0);
    assert.equal(kl('get events old.1 -o name').stdout, 'event/old.1\n');
    assert.equal(kl('cluster advance 59m').code, 0);
    assert.equal(kl('get events old.1 -o name').stdout, 'event/old.1\n');
    assert.equal(kl('cluster advance 2m').code, 0);
    assert.equal(kl('get events old.1 -o name').stderr, 'Error from server (NotFound): events "old.1" not found\n');
  });
});

test('eventExpiry: the latest of its times, an hour on, up to the next whole minute', () => {
  const at = (iso: string) => Date.parse(iso);
  const e = (fields: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', creationTimestamp: '2026-01-01T00:00:00Z' }, ...fields }) as KubeObject;
  assert.equal(EVENT_TTL_MS, 3_600_000);
  assert.equal(eventExpiry(e({})), at('2026-01-01T01:00:00Z'));
  assert.equal(eventExpiry(e({ lastTimestamp: '2026-01-01T00:10:01Z' })), at('2026-01-01T01:11:00Z'));
  assert.equal(eventExpiry(e({ eventTime: '2026-01-01T00:20:00.500000Z' })), at('2026-01-01T01:21:00Z'));
  assert.equal(eventExpiry(e({ series: { count: 2, lastObservedTime: '2026-01-01T00:30:00.000000Z' }, lastTimestamp: null })), at('2026-01-01T01:30:00Z'));
  assert.equal(eventExpiry(e({ lastTimestamp: '2025-01-01T00:00:00Z' })), at('2026-01-01T01:00:00Z'));
});

test('Events written in the second a run of the controller began expire no sooner than its wake-up (timestamps are whole seconds)', () => {
  const { home, dispose } = tempHome();
  try {
    // The incremental settle is checked against a full one (KUBECTL_LITE_CHECK_SETTLE): the
    // controller's wake-up, set at 10:00:00.300, must not be later than the expiry of Events
    // stamped 10:00:00 by a command at 10:00:00.800.
    const at = (ms: number) => ({ home, now: Date.parse('2026-03-01T10:00:00Z') + ms, env: { KUBECTL_LITE_CHECK_SETTLE: '1' } });
    assert.equal(runBin('get ns', at(300)).code, 0);
    const r = runBin('run p --image=nginx', at(800));
    assert.deepEqual([r.code, r.stderr], [0, '']);
  } finally {
    dispose();
  }
});
