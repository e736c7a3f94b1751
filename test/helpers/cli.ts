/**
 * Running kubectl-lite from tests: in-process (fast, exact output) or as the built
 * binary in a subprocess (what a user runs). Each test gets its own KUBECTL_LITE_HOME.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/main.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = join(REPO_ROOT, 'bin', 'kubectl-lite');
export const SHARED = resolve(REPO_ROOT, '..', 'shared');

/**
 * For tests built on ../shared (the corpus, the reference captures): false when `parts` is there,
 * else the reason to skip, said once on stderr so that a checkout without it is visible.
 */
export function skipWithoutShared(...parts: string[]): string | false {
  const path = join(SHARED, ...parts);
  if (existsSync(path)) return false;
  const reason = `${path} is absent`;
  process.stderr.write(`SKIPPING: ${reason}\n`);
  return reason;
}

export interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

/** A scratch cluster home, removed by `dispose()`. */
export function tempHome(): { home: string; dispose(): void } {
  const home = mkdtempSync(join(tmpdir(), 'kubectl-lite-test-'));
  return { home, dispose: () => rmSync(home, { recursive: true, force: true }) };
}

export interface CliOptions {
  home: string;
  stdin?: string | Buffer;
  env?: Record<string, string>;
  /** Pinned wall clock (ms or ISO), so AGE columns are deterministic. */
  now?: number | string;
  cwd?: string;
  /** runBin: kill the command past this (its code is then -1). */
  timeoutMs?: number;
}

export { splitArgs } from '../../src/util/args.js';
import { splitArgs } from '../../src/util/args.js';

function envFor(o: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: o.home, KUBECTL_LITE_HOME: o.home, NO_COLOR: '1', TZ: 'UTC', ...o.env };
  if (o.now !== undefined) env.KUBECTL_LITE_NOW = String(o.now);
  // The self-checks (src/controllers/loop.ts, src/cli/index.ts) reach the commands under test, unless a test sets them itself.
  for (const check of ['KUBECTL_LITE_CHECK_SKIPS', 'KUBECTL_LITE_CHECK_ARGS', 'KUBECTL_LITE_CHECK_SETTLE']) if (process.env[check] && o.env?.[check] === undefined) env[check] = process.env[check];
  return env;
}

/** Runs the CLI in this process with captured stdout/stderr. */
export async function runCli(args: string | string[], o: CliOptions): Promise<Result> {
  const argv = typeof args === 'string' ? splitArgs(args) : args;
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    io: {
      out: { write: (s) => void (stdout += s) },
      err: { write: (s) => void (stderr += s) },
      isTTY: false,
      readStdin: async () => Buffer.from(o.stdin ?? ''),
    },
    env: envFor(o),
    cwd: o.cwd ?? process.cwd(),
  });
  return { stdout, stderr, code };
}

/** Runs the built binary as a user would. */
export function runBin(args: string | string[], o: CliOptions): Result {
  const argv = typeof args === 'string' ? splitArgs(args) : args;
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    env: envFor(o),
    input: o.stdin ?? '',
    cwd: o.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...(o.timeoutMs === undefined ? {} : { timeout: o.timeoutMs }),
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/**
 * Makes the home's default cluster static before its first command: objects are stored as
 * written and no controller touches them, for tests that seed exact objects and compare printers.
 */
export async function staticCluster(home: string, cluster = 'lite'): Promise<void> {
  const { FileStore } = await import('../../src/store/file-store.js');
  const { clusterDir } = await import('../../src/config.js');
  const { SIMULATION } = await import('../../src/cli/session.js');
  new FileStore(clusterDir(home, cluster)).update((tx) => tx.setMeta(SIMULATION, 'off'));
}
