import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { BIN, runBin, tempHome } from '../helpers/cli.js';

/**
 * Runs `kubectl-lite ARGS` in the background: `started` resolves once it has printed something (or
 * after `quietMs` for a watch that prints nothing first), `done` with its output once it exits.
 */
function background(home: string, args: string[], quietMs = 0) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, HOME: home, KUBECTL_LITE_HOME: home, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  let printed: () => void = () => {};
  const started = new Promise<void>((r) => {
    printed = r;
    if (quietMs) setTimeout(r, quietMs);
  });
  child.stdout.on('data', (d) => {
    stdout += d;
    printed();
  });
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => child.on('exit', (code) => resolve({ stdout, stderr, code: code ?? -1 })));
  /** Resolves once the output so far matches `re` (or after 10 s, letting the assertions report it). */
  const printedMatch = async (re: RegExp) => {
    for (let i = 0; i < 200 && !re.test(stdout); i++) await new Promise((r) => setTimeout(r, 50));
  };
  return { started, done, printedMatch };
}

describe('get --watch', () => {
  let home: string;
  let dispose: () => void;
  before(() => {
    ({ home, dispose } = tempHome());
    runBin('run first --image=nginx', { home });
  });
  after(() => dispose());

  test('prints the list, then each change another process makes, as it happens', async () => {
    const watching = background(home, ['get', 'pods', '-w', '--request-timeout=12s']);
    await watching.started;
    assert.equal(runBin('run second --image=nginx', { home }).code, 0);
    const slow = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"slow","annotations":{"sim.kubectl-lite.io/start-delay":"1h"}},"spec":{"containers":[{"name":"a","image":"nginx"}]}}';
    assert.equal(runBin('apply -f -', { home, stdin: slow }).code, 0);
    await watching.printedMatch(/^slow .*ContainerCreating/m);
    // Time moves on: the start delay runs out and the watcher sees the container start.
    assert.equal(runBin('cluster advance 1h', { home }).code, 0);
    const r = await watching.done;
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME +READY +STATUS +RESTARTS +AGE$/);
    assert.match(lines[1]!, /^first +1\/1 +Running +0 +\d+s$/);
    const rest = lines.slice(2).join('\n');
    assert.match(rest, /^second +1\/1 +Running +0 +\d+s$/m);
    // The start delay plays out while watching: first ContainerCreating, then Running.
    assert.match(rest, /^slow +0\/1 +ContainerCreating +0 +\d+s\n(.*\n)*slow +1\/1 +Running +0 +60m$/m);
    // Every row is aligned with the header.
    const statusAt = lines[0]!.indexOf('STATUS');
    for (const l of lines) assert.equal(l.slice(statusAt - 3, statusAt), '   ', l);
  });

  test('--watch-only prints changes only, header first', async () => {
    const watching = background(home, ['get', 'pods', '--watch-only', '--request-timeout=6s'], 2000);
    await watching.started;
    assert.equal(runBin('label pod first tier=web', { home }).code, 0);
    const r = await watching.done;
    // (The previous test moved the clock on an hour: the age is whatever it is now.)
    assert.match(r.stdout, /^NAME +READY +STATUS +RESTARTS +AGE\nfirst +1\/1 +Running +0 +\S+\n$/);
  });
});
