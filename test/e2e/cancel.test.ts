import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { BIN, runBin, tempHome } from '../helpers/cli.js';

/** Starts `kubectl-lite ARGS`; `until(re)` waits for its stdout to match, `done` resolves when it exits. */
function start(home: string, args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, HOME: home, KUBECTL_LITE_HOME: home, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ stdout: string; stderr: string; code: number | null; ms: number }>((resolve) => {
    const t0 = Date.now();
    child.on('exit', (code) => resolve({ stdout, stderr, code, ms: Date.now() - t0 }));
  });
  const until = async (re: RegExp) => {
    for (let i = 0; i < 200 && !re.test(stdout); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(stdout, re);
  };
  return { child, done, until };
}

describe('long-running commands stop on SIGINT / SIGTERM', () => {
  let home: string;
  let dispose: () => void;
  before(() => {
    ({ home, dispose } = tempHome());
    // A pod and a Deployment that never become ready, for wait and rollout status to wait on.
    runBin(['run', 'web', '--image=nginx', '--annotations=sim.kubectl-lite.io/ready=false'], { home });
    const stuck = '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"stuck"},"spec":{"selector":{"matchLabels":{"app":"stuck"}},"template":{"metadata":{"labels":{"app":"stuck"},"annotations":{"sim.kubectl-lite.io/ready":"false"}},"spec":{"containers":[{"name":"app","image":"nginx"}]}}}}';
    runBin('apply -f -', { home, stdin: stuck });
  });
  after(() => dispose());

  // kubectl runs the watching verbs under its interrupt handler, which exits 1.
  for (const [args, shows, signal, code] of [
    [['get', 'pods', '-w'], /^web /m, 'SIGINT', 1],
    [['events', '-w'], /LAST SEEN/, 'SIGTERM', 1],
    [['rollout', 'status', 'deployment/stuck', '--timeout=1h'], /Waiting for deployment "stuck" rollout to finish/, 'SIGINT', 1],
    [['logs', '-f', 'web'], /container web started/, 'SIGTERM', 143],
  ] as const) {
    test(`${args.join(' ')} stops on ${signal}`, async () => {
      const cmd = start(home, [...args]);
      await cmd.until(shows);
      cmd.child.kill(signal);
      const r = await cmd.done;
      assert.equal(r.code, code, r.stderr);
      assert.ok(r.ms < 2000, `stopped within ${r.ms} ms`);
      assert.equal(r.stderr, '');
    });
  }

  test('wait stops on SIGINT', async () => {
    const cmd = start(home, ['wait', '--for=condition=Ready', 'pod/web', '--timeout=1h']);
    await new Promise((r) => setTimeout(r, 700));
    cmd.child.kill('SIGINT');
    const r = await cmd.done;
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', '']);
  });
});

describe('logs -f ends with the container it follows', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test("a finished Job's logs print and return at once (the CI migration pattern)", () => {
    assert.equal(runBin(['create', 'job', 'migrate', '--image=busybox', '--', 'sh', '-c', 'migrate'], { home }).code, 0);
    const r = runBin('logs -f job/migrate', { home });
    assert.deepEqual([r.code, r.stderr], [0, '']);
    assert.equal(r.stdout, '[kubectl-lite] container migrate started (image busybox)\n[kubectl-lite] container migrate exited successfully\n');
  });

  test('a container still running is followed until it exits, then logs -f returns', async () => {
    const job = '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"slow"},"spec":{"template":{"metadata":{"annotations":{"sim.kubectl-lite.io/run-for":"2s","sim.kubectl-lite.io/log":"step 1"}},"spec":{"restartPolicy":"Never","containers":[{"name":"m","image":"busybox"}]}}}}';
    assert.equal(runBin('apply -f -', { home, stdin: job }).code, 0);
    const cmd = start(home, ['logs', '-f', 'job/slow']);
    await cmd.until(/step 1\n/);
    assert.doesNotMatch(await Promise.race([cmd.done.then((r) => r.stdout), new Promise<string>((r) => setTimeout(() => r('still running'), 500))]), /exited/);
    const r = await cmd.done;
    assert.deepEqual([r.code, r.stderr], [0, '']);
    assert.match(r.stdout, /step 1\n\[kubectl-lite\] container m exited successfully\n$/);
    assert.ok(r.ms < 6000, `returned ${r.ms} ms after it started`);
  });
});
