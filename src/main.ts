/**
 * Entry point. `run` is the whole program with its IO, environment and clock injected,
 * so tests can call it in-process; `main` binds it to the real process. Only here do
 * errors become stderr text and exit codes.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { ExitError, RawError, renderError } from './errors.js';
import type { Context, IO } from './cli/framework.js';
import { Session } from './cli/session.js';
import type { Store } from './store/types.js';

export interface RunOptions {
  io: IO;
  env: NodeJS.ProcessEnv;
  cwd: string;
  programName?: string;
  realNow?: () => number;
  sleep?: (ms: number) => Promise<void>;
  store?: Store;
  /** Cancellation (Ctrl-C, SIGTERM) for long-running commands. */
  signal?: AbortSignal;
}

/** Wall clock, unless KUBECTL_LITE_NOW pins it (tests, reproducible demos). */
export function wallClock(env: NodeJS.ProcessEnv): () => number {
  const pinned = env.KUBECTL_LITE_NOW;
  if (!pinned) return () => Date.now();
  const ms = /^\d+$/.test(pinned) ? Number(pinned) : Date.parse(pinned);
  if (Number.isNaN(ms)) return () => Date.now();
  return () => ms;
}

export function makeContext(opts: RunOptions): Context {
  let session: Session | undefined;
  let failed = false;
  const realNow = opts.realNow ?? wallClock(opts.env);
  const ctx: Context = {
    io: opts.io,
    env: opts.env,
    cwd: opts.cwd,
    programName: opts.programName ?? 'kubectl-lite',
    globals: {},
    dashArgs: [],
    realNow,
    sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    color: opts.io.isTTY && !opts.env.NO_COLOR,
    session() {
      return (session ??= new Session({ env: opts.env, globals: ctx.globals, realNow, store: opts.store }));
    },
    fail(err: unknown) {
      failed = true;
      const text = renderError(err);
      if (text) opts.io.err.write(text.endsWith('\n') ? text : text + '\n');
    },
    get failed() {
      return failed;
    },
    get signal() {
      return opts.signal;
    },
  };
  return ctx;
}

/** Runs one kubectl-lite command line; resolves to the exit code. */
export async function run(argv: string[], opts: RunOptions): Promise<number> {
  const ctx = makeContext(opts);
  try {
    const { dispatch } = await import('./cli/index.js');
    await dispatch(argv, ctx);
    return ctx.failed ? 1 : 0;
  } catch (err) {
    if (err instanceof ExitError) return err.exitCode;
    if (err instanceof RawError) {
      if (err.text) opts.io.err.write(err.text.endsWith('\n') ? err.text : err.text + '\n');
      return err.exitCode;
    }
    if (opts.env.KUBECTL_LITE_DEBUG && err instanceof Error) opts.io.err.write(`${err.stack}\n`);
    ctx.fail(err);
    return 1;
  }
}

const waitCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to a file descriptor synchronously. Creating process.stdout/stderr costs
 * every command a few milliseconds, and a CLI's output is written in order anyway. A full
 * non-blocking pipe (EAGAIN) is waited out; a closed one (`| head`) ends the command quietly.
 */
function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text, 'utf8');
  while (buf.length > 0) {
    try {
      const n = writeSync(fd, buf);
      buf = buf.subarray(n);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(waitCell, 0, 0, 1);
      else if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      else throw e;
    }
  }
}

/**
 * Whether a descriptor is a terminal, without node:tty (which loads the network stack): a terminal
 * is a character device, a pipe or a file is not; nor is /dev/null, the one other character
 * device output commonly goes to.
 */
export function isTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isCharacterDevice() && st.rdev !== statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

function processIO(): IO {
  return {
    out: { write: (s: string) => writeAll(1, s) },
    err: { write: (s: string) => writeAll(2, s) },
    isTTY: isTerminal(1),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    // Getters: the streams are set up only for the few commands that need them (the shell).
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      return process.stdout;
    },
  };
}

/**
 * An AbortSignal for SIGINT and SIGTERM, made when a command first asks for it: commands that
 * never do keep the default (the process ends at once). A second signal ends it regardless.
 */
function lazySignal(): () => AbortSignal {
  let controller: AbortController | undefined;
  return () => {
    if (!controller) {
      const c = (controller = new AbortController());
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => c.abort(sig));
    }
    return controller.signal;
  };
}

export async function main(): Promise<void> {
  const signal = lazySignal();
  const code = await run(process.argv.slice(2), {
    io: processIO(),
    env: process.env,
    cwd: process.cwd(),
    programName: basename(process.argv[1] ?? 'kubectl-lite').replace(/\.(m?js)$/, ''),
    get signal() {
      return signal();
    },
  });
  process.exitCode = code;
}
