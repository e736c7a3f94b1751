/**
 * Starting `kubectl-lite serve` (the built binary) for tests, and running real clients against it.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { BIN, runBin, tempHome, type Result } from '../helpers/cli.js';

export interface Served {
  url: string;
  kubeconfig: string;
  proc: ChildProcess;
  /** The real kubectl with the kubeconfig serve wrote. */
  kubectl(args: string[], opts?: { env?: Record<string, string>; stdin?: string }): Promise<Result>;
  /** kubectl-lite itself, on the same home (with serve's environment: a pinned clock too). */
  lite(args: string[], opts?: { env?: Record<string, string>; stdin?: string }): Result;
  /** SIGTERM; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** The two clients of a serve, each run the same way: the real kubectl, then kubectl-lite on the same store. */
export function clients(served: Served): Array<[name: 'real' | 'lite', run: (args: string[]) => Promise<Result>]> {
  return [
    ['real', (args) => served.kubectl(args)],
    ['lite', async (args) => served.lite(args)],
  ];
}

export function baseEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, KUBECTL_LITE_HOME: home, NO_COLOR: '1', TZ: 'UTC', ...extra };
}

export async function startServe(home: string, flags: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...flags], { env: baseEnv(home, env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (c) => (err += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}${err}`)), 60_000);
    proc.stdout!.on('data', (c) => {
      out += c;
      const m = /at (https?:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}${err}`)));
  });
  const kubeconfig = join(home, 'kubeconfig');
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return {
    url,
    kubeconfig,
    proc,
    kubectl(args, opts = {}) {
      return new Promise((resolve) => {
        const child = execFile(
          'kubectl',
          ['--cache-dir', join(home, '.kube-cache'), ...args],
          { env: baseEnv(home, { KUBECONFIG: kubeconfig, ...opts.env }), maxBuffer: 64 * 1024 * 1024 },
          (e, stdout, stderr) => resolve({ stdout, stderr, code: e ? (typeof (e as any).code === 'number' ? (e as any).code : 1) : 0 }),
        );
        child.stdin?.end(opts.stdin ?? '');
      });
    },
    lite(args, opts = {}) {
      // Bounded, so that a command that never ends (a watch) fails its test instead of hanging the suite.
      return runBin(args, { home, env: { ...env, ...opts.env }, stdin: opts.stdin, timeoutMs: 120_000 });
    },
    async stop() {
      proc.kill('SIGTERM');
      return exited;
    },
  };
}

export interface ServedSuite {
  /** The serve of the running suite (set once its `before` has run). */
  readonly served: Served;
  /** Runs the words with the real kubectl through serve and with kubectl-lite, asserts both print the same (after `normalize`), returns the real one's. */
  same(args: string | string[], normalize?: (r: Result) => Result): Promise<Result>;
}

/**
 * A serve for the describe block that calls this: started over a new home before its tests (the
 * clock pinned, so both clients see one moment), `setup` run on it, stopped after them.
 */
/**
 * client-go warns when a watch it opened ends within a second with nothing received (a wait whose
 * --timeout is shorter): a matter of timing on a loaded machine, not of what was asked.
 */
function withoutShortWatchWarning(r: Result): Result {
  return { ...r, stderr: r.stderr.replace(/^W\d{4} [\d:.]+ +\d+ reflector\.go:\d+\] .*very short watch.*\n/gm, '') };
}

export function serveForSuite(setup: (served: Served) => void = () => {}, env: Record<string, string> = { KUBECTL_LITE_NOW: String(Date.now()) }): ServedSuite {
  let home: { home: string; dispose(): void } | undefined;
  let served: Served | undefined;
  before(async () => {
    home = tempHome();
    served = await startServe(home.home, [], env);
    setup(served);
  });
  after(async () => {
    await served?.stop();
    home?.dispose();
  });
  return {
    get served() {
      return served!;
    },
    async same(args, normalize = (r) => r) {
      const words = typeof args === 'string' ? args.split(' ') : args;
      const real = withoutShortWatchWarning(await served!.kubectl(words));
      assert.deepEqual(normalize(served!.lite(words)), normalize(real), `kubectl ${words.join(' ')}`);
      return real;
    },
  };
}

/** kubectl diff's temporary directory names, file times and klog headers vary from run to run. */
export function diffStable(r: Result): Result {
  const clean = (s: string) =>
    s
      .replace(/\/tmp\/(LIVE|MERGED)-\d+/g, '$1')
      .replace(/\t\d{4}-\d\d-\d\d [\d:.]+ [+-]\d{4}/g, '\tTIME')
      .replace(/^W\d{4} [\d:.]+ +\d+ /gm, 'W ');
  return { stdout: clean(r.stdout), stderr: clean(r.stderr), code: r.code };
}

/** A CRD of Blobs in `group` whose objects keep any field (x-kubernetes-preserve-unknown-fields). */
export function blobCrd(group: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: blobs.${group}}
spec:
  group: ${group}
  names: {kind: Blob, plural: blobs, singular: blob}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;
}
