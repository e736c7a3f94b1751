import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

  test('--request-timeout ends a watch under a pinned clock (KUBECTL_LITE_NOW) too', () => {
    const r = runBin('get pods -w --request-timeout=1s', { home, now: Date.now(), timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAME +READY +STATUS +RESTARTS +AGE\nfirst +1\/1 +Running +0 /);
  });

  test("what kubectl's watch refuses: several types, the first object it cannot get, several names or files (after printing them)", () => {
    writeFileSync(join(home, 'two-kinds.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: first}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: kubernetes}\n');
    writeFileSync(join(home, 'two-pods.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: first}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: second}\n');
    // No kubectl-lite here may watch: a regression would wait for the 20 s timeout, not hang.
    const w = (args: string) => runBin(args, { home, cwd: home, timeoutMs: 20_000 });
    const refused = (message: string) => ({ stdout: '', stderr: `error: ${message}\n`, code: 1 });
    const ONE_TYPE = 'you may only specify a single resource type';
    assert.deepEqual(w('get all -w'), refused(ONE_TYPE));
    assert.deepEqual(w('get pods,po -w'), refused(ONE_TYPE));
    assert.deepEqual(w('get pods,svc first -w'), refused(ONE_TYPE));
    assert.deepEqual(w('get pods/first svc/kubernetes -w'), refused(ONE_TYPE));
    // Nothing printed, only the first failure.
    assert.deepEqual(w('get pods first a b -w'), { stdout: '', stderr: 'Error from server (NotFound): pods "a" not found\n', code: 1 });
    assert.deepEqual(w('get -f two-kinds.yaml -w'), refused('watch is only supported on individual resources and resource collections - more than 1 resource was found'));
    const listed = /^NAME +READY +STATUS +RESTARTS +AGE\nfirst +1\/1 +Running +0 +\S+\nsecond +1\/1 +Running +0 +\S+\n$/;
    for (const [args, message] of [
      ['get pods first second -w', 'you may only watch a single resource or type of resource at a time'],
      ['get pods/first pod/second -w', 'you may only watch a single resource or type of resource at a time'],
      ['get -f two-pods.yaml -w', 'watch is only supported on individual resources and resource collections - 2 resources were found'],
    ] as const) {
      const r = w(args);
      assert.match(r.stdout, listed, args);
      assert.deepEqual({ stderr: r.stderr, code: r.code }, { stderr: `error: ${message}\n`, code: 1 }, args);
    }
    assert.deepEqual(w('get pods first second -w -o name --watch-only'), refused('you may only watch a single resource or type of resource at a time'));
  });

  test('--watch-only prints changes only, header first', async () => {
    const watching = background(home, ['get', 'pods', '--watch-only', '--request-timeout=6s'], 2000);
    await watching.started;
    assert.equal(runBin('label pod first tier=web', { home }).code, 0);
    const r = await watching.done;
    // (The previous test moved the clock on an hour: the age is whatever it is now.)
    assert.match(r.stdout, /^NAME +READY +STATUS +RESTARTS +AGE\nfirst +1\/1 +Running +0 +\S+\n$/);
  });

  test('every committed version, deletions, and kubectl\'s EVENT column with --output-watch-events', async () => {
    assert.equal(runBin('run third --image=nginx', { home }).code, 0);
    const table = background(home, ['get', 'pods', '-w', '--output-watch-events', '--show-labels', '--request-timeout=10s']);
    const json = background(home, ['get', 'pod', 'third', '-w', '-o', 'json', '--output-watch-events', '--request-timeout=10s']);
    const yaml = background(home, ['get', 'pod', 'third', '-w', '-o', 'yaml', '--request-timeout=10s']);
    await Promise.all([table.started, json.started, yaml.started]);
    // Three quick commits: each version is printed, not only the last a poll happens to see.
    for (const v of ['1', '2', '3']) assert.equal(runBin(`label pod third v=${v} --overwrite`, { home }).code, 0);
    assert.equal(runBin('delete pod third', { home }).code, 0);
    const [t, j, y] = await Promise.all([table.done, json.done, yaml.done]);
    assert.equal(t.code, 0, t.stderr);
    const lines = t.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^EVENT {6}NAME +READY +STATUS +RESTARTS +AGE +LABELS$/);
    assert.ok(lines.slice(1).every((l) => /^(ADDED {6}|MODIFIED {3}|DELETED {4})\S/.test(l)), lines.join('\n'));
    const third = lines.filter((l) => /^\S+ +third /.test(l));
    assert.deepEqual(third.map((l) => [l.split(/ +/)[0], /v=(\d)/.exec(l)?.[1]]), [['ADDED', undefined], ['MODIFIED', '1'], ['MODIFIED', '2'], ['MODIFIED', '3'], ['DELETED', '3']]);
    // The deleted pod's row is its state when it went, not its Running before: since 1.27 the kubelet
    // writes the stopped containers and the terminal phase first (kubectl prints Completed for a
    // terminal pod, deletionTimestamp or not).
    assert.match(third.at(-1)!, /^DELETED +third +0\/1 +Completed +0 /);
    // -o json with events: one watch event object a line, as kubectl prints them.
    const events = j.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { labels: Record<string, string> } } });
    assert.deepEqual(events.map((e) => [e.type, e.object.metadata.labels.v]), [['ADDED', undefined], ['MODIFIED', '1'], ['MODIFIED', '2'], ['MODIFIED', '3'], ['DELETED', '3']]);
    const gone = events.at(-1)!.object as unknown as { metadata: { deletionTimestamp?: string }; status: { phase: string; containerStatuses: Array<{ ready: boolean; state: { terminated?: { exitCode: number; reason: string } } }> } };
    assert.ok(gone.metadata.deletionTimestamp);
    assert.equal(gone.status.phase, 'Succeeded');
    assert.deepEqual(gone.status.containerStatuses.map((c) => [c.ready, c.state.terminated?.exitCode, c.state.terminated?.reason]), [[false, 0, 'Completed']]);
    assert.ok(j.stdout.startsWith('{"type":"ADDED","object":{"apiVersion":"v1","kind":"Pod","metadata":{'), j.stdout.slice(0, 80));
    // -o yaml: one document per version, separated by ---.
    assert.equal(y.stdout.split('\n').filter((l) => l === '---').length, 4);
    assert.ok(y.stdout.startsWith('apiVersion: v1\nkind: Pod\n'));
  });
});
