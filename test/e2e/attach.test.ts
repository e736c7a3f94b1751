/**
 * `kubectl attach`: a container's own process, which a simulated container has only as its command
 * (busybox's `sh`). One that keeps stdin open is run attached, fed this command's stdin; any other is
 * followed (what it writes to stdout from now on). kubectl's checks first (a completed pod, a
 * container that is not there, a TTY the container did not allocate). Through serve, the real
 * kubectl attaches to the same process, and `kubectl debug -i` runs its command in the new container.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { BIN, runBin, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { baseEnv } from './serve-helpers.js';
import { serveForSuite } from './serve-helpers.js';

const PROMPT = "If you don't see a command prompt, try pressing enter.\n";
const PODS = `apiVersion: v1
kind: Pod
metadata: {name: pending}
spec: {nodeSelector: {x: none}, containers: [{name: a, image: busybox, stdin: true}]}
---
apiVersion: v1
kind: Pod
metadata: {name: tty}
spec: {containers: [{name: a, image: busybox, stdin: true, tty: true}]}
---
apiVersion: v1
kind: Pod
metadata: {name: shell}
spec: {containers: [{name: sh, image: busybox, stdin: true}]}
---
apiVersion: v1
kind: Pod
metadata: {name: two}
spec: {containers: [{name: a, image: busybox, stdin: true}, {name: b, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: done}
spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: ticker
  annotations: {sim.kubectl-lite.io/write: "- every 200ms: tick {n}"}
spec: {containers: [{name: app, image: nginx}]}
`;

describe('attach', () => {
  let home: { home: string; dispose(): void };
  const kl = (args: string[], stdin = '') => runBin(args, { home: home.home, stdin, timeoutMs: 60_000 });
  before(() => {
    home = tempHome();
    const r = kl(['apply', '-f', '-'], PODS);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => home.dispose());

  test('a process that keeps stdin open is run attached, with this stdin', () => {
    assert.deepEqual(kl(['attach', 'shell', '-i'], 'echo hi\nhostname\n'), { stdout: 'hi\nshell\n', stderr: PROMPT, code: 0 });
    assert.deepEqual(kl(['attach', 'shell', '-i', '-q'], 'echo hi\n'), { stdout: 'hi\n', stderr: '', code: 0 });
    // Without -i it gets no input: the shell reads its end at once.
    assert.deepEqual(kl(['attach', 'shell'], 'echo never\n'), { stdout: '', stderr: PROMPT, code: 0 });
  });

  test("kubectl's checks: the default container's notice, a TTY the container lacks, a missing container, a completed pod", () => {
    assert.deepEqual(kl(['attach', 'two', '-i'], 'echo a\n'), { stdout: 'a\n', stderr: `Defaulted container "a" out of: a, b\n${PROMPT}`, code: 0 });
    assert.deepEqual(kl(['attach', 'shell', '-i', '-t'], 'echo t\n'), { stdout: 't\n', stderr: `error: Unable to use a TTY - container sh did not allocate one\n${PROMPT}`, code: 0 });
    assert.deepEqual(kl(['attach', 'tty', '-i'], 'echo t\n'), { stdout: 't\n', stderr: `Unable to use a TTY - input is not a terminal or the right kind of file\n${PROMPT}`, code: 0 });
    assert.deepEqual(kl(['attach', 'shell', '-c', 'nope']), { stdout: '', stderr: 'error: cannot attach to the container: container nope not found in pod shell\n', code: 1 });
    assert.deepEqual(kl(['attach', 'done']), { stdout: '', stderr: 'error: cannot attach a container in a completed pod; current phase is Succeeded\n', code: 1 });
    assert.deepEqual(kl(['attach', 'nope']), { stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    // What the server refuses comes after the prompt line, as kubectl prints that before it connects.
    assert.deepEqual(kl(['attach', 'pending']), { stdout: '', stderr: `${PROMPT}Error from server (BadRequest): pod pending does not have a host assigned\n`, code: 1 });
  });

  test('any other process is followed: what it writes from now on, until Ctrl-C', async () => {
    const { stdout, stderr } = await untilSeen(process.execPath, [BIN, 'attach', 'ticker'], baseEnv(home.home), /tick \d+\ntick \d+\n/);
    assert.match(stdout, /^(tick \d+\n){2,}$/, stderr);
    assert.equal(stderr, PROMPT);
    // From now on: the ticks written before it attached are not printed.
    assert.ok(Number(/tick (\d+)/.exec(stdout)![1]) > 1, stdout);
  });
});

/** Runs `command args` until its stdout matches `enough` (or 30 s), then Ctrl-C; its output. */
async function untilSeen(command: string, args: string[], env: NodeJS.ProcessEnv, enough: RegExp): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const deadline = Date.now() + 30_000;
  while (!enough.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGINT');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
  return { stdout, stderr };
}

describe('attach and debug -i through serve: the real kubectl reaches the same process', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  // The clock runs: the ticker writes as time passes.
  const suite = serveForSuite((served) => assert.equal(served.lite(['apply', '-f', '-'], { stdin: PODS }).code, 0), {});

  test('attach to a process that reads no stdin follows what it writes', async () => {
    const { served } = suite;
    const real = await untilSeen('kubectl', ['--kubeconfig', served.kubeconfig, 'attach', 'ticker'], { ...process.env, KUBECONFIG: served.kubeconfig }, /tick \d+\ntick \d+\n/);
    assert.match(real.stdout, /^(tick \d+\n){2,}$/, real.stderr);
    assert.equal(real.stderr, PROMPT);
  });

  test('attach -i runs the container process with the client stdin', async () => {
    const real = await suite.served.kubectl(['attach', 'shell', '-i'], { stdin: 'echo hi\nhostname\n' });
    assert.deepEqual(real, { stdout: 'hi\nshell\n', stderr: PROMPT, code: 0 });
    assert.deepEqual(suite.served.lite(['attach', 'shell', '-i'], { stdin: 'echo hi\nhostname\n' }), real);
  });

  test('the checks before attaching are the same', async () => {
    await suite.same(['attach', 'shell', '-c', 'nope']);
    await suite.same(['attach', 'done']);
    await suite.same(['attach', 'two', '-q']);
    await suite.same(['attach', 'shell', '-t']);
    await suite.same(['attach', 'pending']);
  });

  test('debug -i: the new ephemeral container runs its command in the pod', async () => {
    const args = (name: string) => ['debug', 'shell', '--image=busybox', '-i', '-c', name, '--profile=general', '--', 'sh', '-c', 'echo from $(hostname)'];
    const real = await suite.served.kubectl(args('real'));
    assert.deepEqual(real, { stdout: 'from shell\n', stderr: PROMPT, code: 0 });
    assert.deepEqual(suite.served.lite(args('lite')), real);
  });
});
