/**
 * The first command after an upgrade of the settle code (run records of another build) resyncs
 * every controller over the whole cluster. A controller with a work queue does it key by key, and
 * the settle budget cuts it between keys: the keys not reached are left pending, the next commands
 * go on with them, and the cluster ends as one resynced in a single command.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';

const T = Date.parse('2026-03-01T10:00:00Z');

function cluster(budgetMs: string) {
  const home = tempHome();
  const kl = (args: string, now: number, env: Record<string, string> = {}) =>
    runBin(args, { home: home.home, now, env: { KUBECTL_LITE_SETTLE_BUDGET_MS: budgetMs, ...env } });
  return { home, kl };
}

/** As an upgrade would leave it: the run records were made by another build's settle code. */
function upgrade(home: string): void {
  const file = join(home, 'clusters', 'lite', 'store.json');
  const text = readFileSync(file, 'utf8');
  const patched = text.replace(/("sim\.controllerRuns":\s*\{\s*"build":\s*)"[^"]*"/, '$1"an-older-build"');
  assert.notEqual(patched, text, 'the store holds run records');
  writeFileSync(file, patched);
}

const cut = cluster('25');
const whole = cluster('60000');
after(() => {
  cut.home.dispose();
  whole.home.dispose();
});

test('a resync cut by its budget continues in the next commands and reaches the cluster an uncut one reaches', () => {
  for (const { kl, home } of [cut, whole]) {
    for (const args of ['create deployment web --image=nginx:1.27 --replicas=12', 'expose deployment web --port=80', 'create deployment api --image=nginx:1.27 --replicas=6']) {
      const r = runBin(args, { home: home.home, now: T });
      assert.equal(r.code, 0, r.stderr);
    }
    assert.equal(kl('get pods', T + 60_000, { KUBECTL_LITE_SETTLE_BUDGET_MS: '60000' }).code, 0);
    upgrade(home.home);
    // The first command after the upgrade, with a change the resync must carry through.
    const first = kl('scale deployment web --replicas=8', T + 60_000, { KUBECTL_LITE_TRACE_SETTLE: '1' });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /settle: replicaset \d+( of \d+)? keys \(resync\)/, 'the controllers resync');
    if (kl === cut.kl) assert.match(first.stderr, / \d+ of \d+ keys \(resync\)/, 'cut by the budget');
  }
  // Each command's settle is cut a few keys into a resync; a few commands later it is done.
  let commands = 0;
  for (let cutShort = true; cutShort && commands < 60; commands++) {
    const r = cut.kl('get pods', T + 61_000, { KUBECTL_LITE_TRACE_SETTLE: '1' });
    assert.equal(r.code, 0, r.stderr);
    cutShort = / of \d+ keys|\(resync\)/.test(r.stderr);
  }
  assert.ok(commands < 60, `the resync took a few commands: ${commands}`);
  // Then the clock moves on (the scale's graceful deletions), settled in one go on both.
  const args = 'get deploy,rs,svc,endpoints,pods --no-headers';
  const at = T + 120_000;
  const got = cut.kl(args, at, { KUBECTL_LITE_SETTLE_BUDGET_MS: '60000' });
  const full = whole.kl(args, at);
  assert.equal(got.code, 0, got.stderr);
  assert.match(got.stdout, /^deployment\.apps\/web +8\/8 +8 +8 /m);
  const same = (s: string) => s.replace(/(web|api)-\w+(-\w+)?/g, '$1-x').replace(/10\.\d+\.\d+\.\d+/g, 'IP').replace(/ +/g, ' ');
  assert.equal(same(got.stdout), same(full.stdout));
});
