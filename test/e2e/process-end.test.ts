/**
 * A session attached to a container's own process (run -i, attach, debug -i) that ends the process
 * ends the container, as a real kubelet sees its main process exit: a command run to its end, a
 * shell left by `exit` or Ctrl-D, a shell whose stdin the runtime closes after the first attach
 * (`stdinOnce`, as `run -i` makes it). The container then restarts or not as the pod's
 * restartPolicy says. A shell whose stdin stays open goes on. Through serve, the real kubectl's
 * `run -i --restart=Never` attaches to the waiting process and reports its exit code.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { BIN, runBin, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { baseEnv, serveForSuite } from './serve-helpers.js';

const PROMPT = "If you don't see a command prompt, try pressing enter.\n";
const PODS = `apiVersion: v1
kind: Pod
metadata: {name: waits}
spec: {restartPolicy: Never, containers: [{name: sh, image: busybox, stdin: true}]}
---
apiVersion: v1
kind: Pod
metadata: {name: term}
spec: {containers: [{name: sh, image: busybox, stdin: true, tty: true}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec: {containers: [{name: app, image: nginx}]}
`;

describe('the end of an attached process is the end of its container', () => {
  let home: { home: string; dispose(): void };
  const kl = (args: string[], stdin = '') => runBin(args, { home: home.home, stdin, timeoutMs: 60_000 });
  const state = (pod: string, list = 'containerStatuses', i = 0) =>
    JSON.parse(kl(['get', 'pod', pod, '-o', `jsonpath={.status.${list}[${i}]}`]).stdout) as { restartCount: number; state: Record<string, any>; lastState: Record<string, any> };
  before(() => {
    home = tempHome();
    const r = kl(['apply', '-f', '-'], PODS);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => home.dispose());

  test('run -i --restart=Never: the pod ends with the command, Error and its exit code', () => {
    assert.deepEqual(kl(['run', 'once', '-i', '--restart=Never', '--image=busybox', '--', 'sh', '-c', 'echo out; exit 3']), {
      stdout: 'out\n',
      stderr: `${PROMPT}pod default/once terminated (Error)\n`,
      code: 3,
    });
    assert.match(kl(['get', 'pod', 'once', '--no-headers']).stdout, /^once\s+0\/1\s+Error\s+0\s/);
    const s = state('once');
    assert.deepEqual([s.state.terminated?.reason, s.state.terminated?.exitCode], ['Error', 3]);
    // A shell reading piped input: stdinOnce closes it at its end, and the shell exits with its last status.
    assert.equal(kl(['run', 'piped', '-i', '--restart=Never', '--image=busybox'], 'echo a\n').code, 0);
    assert.match(kl(['get', 'pod', 'piped', '--no-headers']).stdout, /^piped\s+0\/1\s+Completed\s+0\s/);
  });

  test('run -i of a pod that restarts: the container restarts after the session, its last state the exit', () => {
    const r = kl(['run', 'again', '-i', '--image=busybox'], 'echo a\nfalse\n');
    assert.deepEqual(r, { stdout: 'a\n', stderr: PROMPT, code: 0 });
    const s = state('again');
    assert.ok(s.state.running, JSON.stringify(s));
    assert.deepEqual([s.restartCount, s.lastState.terminated?.reason, s.lastState.terminated?.exitCode], [1, 'Error', 1]);
  });

  test('a shell with stdin open (no stdinOnce) waits, whatever the restartPolicy, until `exit`', () => {
    // Not completed at once as a Never pod's command would be: the shell waits for its input.
    assert.match(kl(['get', 'pod', 'waits', '--no-headers']).stdout, /^waits\s+1\/1\s+Running\s+0\s/);
    // Input without `exit`: stdin stays open, the shell goes on.
    assert.deepEqual(kl(['attach', 'waits', '-i', '-q'], 'echo x\n'), { stdout: 'x\n', stderr: '', code: 0 });
    assert.ok(state('waits').state.running);
    assert.deepEqual(kl(['attach', 'waits', '-i', '-q'], 'echo y\nexit 5\necho never\n'), { stdout: 'y\n', stderr: '', code: 0 });
    const s = state('waits');
    assert.deepEqual([s.state.terminated?.reason, s.state.terminated?.exitCode, s.restartCount], ['Error', 5, 0]);
    assert.match(kl(['get', 'pod', 'waits', '--no-headers']).stdout, /^waits\s+0\/1\s+Error\s+0\s/);
  });

  test('debug -i: the ephemeral container ends with its command, or its shell at `exit`, and is never restarted', () => {
    assert.equal(kl(['debug', 'web', '--image=busybox', '-i', '-q', '-c', 'cmd', '--profile=general', '--', 'sh', '-c', 'exit 4']).code, 0);
    let s = state('web', 'ephemeralContainerStatuses', 0);
    assert.deepEqual([s.state.terminated?.reason, s.state.terminated?.exitCode, s.restartCount], ['Error', 4, 0]);
    assert.equal(kl(['debug', 'web', '--image=busybox', '-i', '-q', '-c', 'shell', '--profile=general'], 'echo hi\n').stdout, 'hi\n');
    assert.ok(state('web', 'ephemeralContainerStatuses', 1).state.running, 'no exit: still running');
    assert.equal(kl(['attach', 'web', '-c', 'shell', '-i', '-q'], 'exit\n').code, 0);
    s = state('web', 'ephemeralContainerStatuses', 1);
    assert.deepEqual([s.state.terminated?.reason, s.state.terminated?.exitCode], ['Completed', 0]);
    // The pod itself runs on, untouched.
    assert.match(kl(['get', 'pod', 'web', '--no-headers']).stdout, /^web\s+1\/1\s+Running\s+0\s/);
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) process.stderr.write('SKIPPING the terminal session test of process ends: script(1) from util-linux/bsdutils is not installed\n');

describe('on a terminal (run -it, attach -it): `exit` ends the container, which restarts', { skip: !hasScript && 'script(1) is not installed' }, () => {
  let home: { home: string; dispose(): void };
  before(() => {
    home = tempHome();
    assert.equal(runBin(['apply', '-f', '-'], { home: home.home, stdin: PODS }).code, 0);
  });
  after(() => home.dispose());

  /** kubectl-lite `words` under script(1): `input` typed once the shell's prompt shows; its output once it ends. */
  async function onTerminal(words: string, input: string): Promise<string> {
    const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} ${words}`, '/dev/null'], { env: { ...baseEnv(home.home), TERM: 'xterm' } });
    const exited = new Promise((r) => child.on('exit', r));
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const deadline = Date.now() + 30_000;
    while (!/\/ # /.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.stdin.write(input);
    await exited;
    return out;
  }

  test('run -it: `exit` ends the container, which restarts, and kubectl\'s line says how to come back', async () => {
    const out = await onTerminal('run shell -it --image=busybox', 'exit\r');
    assert.match(out, /Session ended, resume using 'kubectl-lite attach shell -c shell -i -t' command when the pod is running/);
    const r = runBin(['get', 'pod', 'shell', '-o', 'jsonpath={.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].lastState.terminated.reason}'], { home: home.home });
    assert.equal(r.stdout, '1 Completed');
  });

  test('the shell left with `exit 2`: Session ended, RESTARTS 1, last state exit code 2', async () => {
    const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} attach -it term`, '/dev/null'], { env: { ...baseEnv(home.home), TERM: 'xterm' } });
    const exited = new Promise((r) => child.on('exit', r));
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const until = async (re: RegExp) => {
      const deadline = Date.now() + 30_000;
      while (!re.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.match(out, re);
    };
    await until(/\/ # /);
    child.stdin.write('exit 2\r');
    await until(/Session ended/);
    await exited;
    assert.match(out, /Session ended, resume using 'kubectl-lite attach term -c sh -i -t' command when the pod is running/);
    const r = runBin(['get', 'pod', 'term', '-o', 'jsonpath={.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].lastState.terminated.exitCode}'], { home: home.home });
    assert.equal(r.stdout, '1 2');
  });
});

describe('run -i through serve: the real kubectl attaches to the waiting process and reports its exit', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite();

  test('the same output, exit code and pod status as kubectl-lite run -i', async () => {
    const args = (name: string) => ['run', name, '-i', '--restart=Never', '--image=busybox', '--', 'sh', '-c', 'echo from $(hostname); exit 6'];
    const real = await suite.served.kubectl(args('real'));
    assert.deepEqual(real, { stdout: 'from real\n', stderr: `${PROMPT}pod default/real terminated (Error)\n`, code: 6 });
    const lite = suite.served.lite(args('lite'));
    assert.deepEqual(lite, { ...real, stdout: 'from lite\n', stderr: real.stderr.replace('/real', '/lite') });
    const phases = await suite.served.kubectl(['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,PHASE:.status.phase,CODE:.status.containerStatuses[0].state.terminated.exitCode', '--no-headers']);
    assert.deepEqual(phases.stdout.trim().split('\n').map((l) => l.split(/\s+/)), [['lite', 'Failed', '6'], ['real', 'Failed', '6']]);
  });
});
