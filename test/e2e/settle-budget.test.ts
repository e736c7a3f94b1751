/**
 * A settle cut short by its time budget stops in the middle of a pass: the controllers that ran
 * before the pass's last writes have not seen them. Their keys go with the run records to the next
 * command, which reconciles them; before, the next command took the records to have seen the whole
 * commit, and a Deployment of Running pods stayed at 0/50 for good.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';

const T = Date.parse('2026-03-01T10:00:00Z');

function run(budgetMs: string) {
  const home = tempHome();
  const kl = (args: string, now: number) => runBin(args, { home: home.home, now, env: { KUBECTL_LITE_SETTLE_BUDGET_MS: budgetMs } });
  return { home, kl };
}

const cut = run('1');
const whole = run('60000');
after(() => {
  cut.home.dispose();
  whole.home.dispose();
});

test('a settle cut by its budget leaves what the controllers have not seen to the next command, which reconciles it', () => {
  for (const { kl } of [cut, whole]) assert.equal(kl('create deployment web --image=nginx:1.27 --replicas=50', T).code, 0);
  // Every command's settle is cut after its first pass; a few reads later the cluster has caught up.
  for (let i = 1; i <= 4; i++) cut.kl('get pods', T + i * 15_000);
  const at = T + 90_000;
  const args = 'get deploy,rs --no-headers';
  const got = cut.kl(args, at);
  assert.equal(got.code, 0, got.stderr);
  assert.match(got.stdout, /^deployment\.apps\/web +50\/50 +50 +50 /m);
  assert.match(got.stdout, /^replicaset\.apps\/web-\w+ +50 +50 +50 /m);
  const full = whole.kl(args, at);
  assert.equal(got.stdout.replace(/web-\w+/g, 'web-x'), full.stdout.replace(/web-\w+/g, 'web-x'));
});

test('a command\'s settles share its budget: behind a long catch-up, a read or a write settles within one budget, not four', () => {
  const home = tempHome();
  try {
    const kl = (args: string | string[], env: Record<string, string> = {}) => runBin(args, { home: home.home, now: T, env });
    assert.equal(kl(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=* * * * *', '--', 'date']).code, 0);
    // A hundred hours of a CronJob a minute, left due by a budget that cuts the catch-up at once.
    assert.equal(kl('cluster advance 100h', { KUBECTL_LITE_SETTLE_BUDGET_MS: '1' }).code, 0);
    for (const args of ['get ns', 'label ns default touched=yes']) {
      const r = kl(args, { KUBECTL_LITE_TRACE_SETTLE: '1', KUBECTL_LITE_SETTLE_BUDGET_MS: '300' });
      assert.equal(r.code, 0, r.stderr);
      const budgets = [...r.stderr.matchAll(/^settle: up to \S+ within (\d+) ms$/gm)].map((m) => Number(m[1]));
      // One write (a read's settling write, or the write itself): a settle before and after, sharing 300 ms.
      assert.equal(budgets.length, 2, `${args}: ${budgets.join(', ')}`);
      assert.equal(budgets[0], 300);
      assert.ok(budgets[1]! < 300, `${args}: ${budgets.join(', ')}`);
    }
  } finally {
    home.dispose();
  }
});
