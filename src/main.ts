/**
 * Entry point. `run` is the whole program with its IO, environment and clock injected,
 * so tests can call it in-process; `main` binds it to the real process. Only here do
 * errors become stderr text and exit codes.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { ExitError, RawError, renderError } from './errors.js';
import type { Context, IO } from './cli/framework.js';
import { impersonationOf, Session } from './cli/session.js';
import { serverWarning } from './cli/server-warnings.js';
import { syncsLeftToClose } from './store/file-store.js';
import type { Store } from './store/types.js';
import { setRegistryWarnings } from './api/registry.js';

/** The build's warm-up (scripts/warm-cache.mjs) writes the code caches of the validators a real write compiled. */
export { compiledScripts } from './util/code-cache.js';

export interface RunOptions {
  io: IO;
  env: NodeJS.ProcessEnv;
  cwd: string;
  programName?: string;
  realNow?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Cancels the command (see Context.signal); never aborted when absent. A function is called on first use. */
  signal?: AbortSignal | (() => AbortSignal);
  store?: Store;
  /** Told when the command said Ctrl-C ends it normally (serve, dashboard, load): its own exit code stands. */
  onCleanStop?: () => void;
}

/**
 * Wall clock, unless KUBECTL_LITE_NOW pins it (tests, reproducible demos). A pinned clock moves
 * only by what the command waits (`advance`, called after each of its sleeps): a watch's
 * --request-timeout or a `delete --wait` timeout still ends, as it does in a harness whose sleep
 * moves its clock.
 */
export function wallClock(env: NodeJS.ProcessEnv): { now: () => number; advance: (ms: number) => void } {
  const pinned = env.KUBECTL_LITE_NOW;
  let ms = !pinned ? NaN : /^\d+$/.test(pinned) ? Number(pinned) : Date.parse(pinned);
  if (Number.isNaN(ms)) return { now: () => Date.now(), advance: () => undefined };
  return { now: () => ms, advance: (waited) => void (ms += waited) };
}

/** `sleep` cut short by `signal`: it resolves (does not reject) at once when the signal is aborted. */
export function abortableSleep(signal: AbortSignal, sleep?: (ms: number) => Promise<void>): (ms: number) => Promise<void> {
  return (ms) => {
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        signal.removeEventListener('abort', done);
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      if (sleep) sleep(ms).then(done, done);
      else timer = setTimeout(done, ms);
    });
  };
}

/** A signal never aborted, made on first use: AbortController is one more of Node's modules to load at start. */
let never: AbortSignal | undefined;
const neverAborted = (): AbortSignal => (never ??= new AbortController().signal);

export function makeContext(opts: RunOptions): Context {
  let session: Session | undefined;
  let failed = false;
  const clock = opts.realNow ? undefined : wallClock(opts.env);
  const realNow = opts.realNow ?? clock!.now;
  let signal = typeof opts.signal === 'function' ? undefined : (opts.signal ?? neverAborted());
  const getSignal = () => (signal ??= (opts.signal as () => AbortSignal)());
  const warn = (message: string) => serverWarning(ctx, message);
  const ctx: Context = {
    io: opts.io,
    env: opts.env,
    cwd: opts.cwd,
    programName: opts.programName ?? 'kubectl-lite',
    globals: {},
    dashArgs: [],
    realNow,
    sleep: async (ms) => {
      await abortableSleep(getSignal(), opts.sleep)(ms);
      clock?.advance(ms);
    },
    // Read on first use: only long-running commands install the process's signal handlers.
    get signal() {
      return getSignal();
    },
    color: opts.io.isTTY && !opts.env.NO_COLOR,
    session() {
      return (session ??= new Session({ env: opts.env, globals: ctx.globals, realNow, store: opts.store, user: impersonationOf(ctx.globals), warn }));
    },
    fail(err: unknown) {
      failed = true;
      const text = renderError(err);
      if (text) opts.io.err.write(text.endsWith('\n') ? text : text + '\n');
    },
    get failed() {
      return failed;
    },
    stopsCleanly() {
      opts.onCleanStop?.();
    },
  };
  return ctx;
}

/** Runs one kubectl-lite command line; resolves to the exit code. */
export async function run(argv: string[], opts: RunOptions): Promise<number> {
  const ctx = makeContext(opts);
  // Warnings raised while resolving types (each printed once per builder: registry.ts).
  setRegistryWarnings((text) => opts.io.err.write(`Warning: ${text}\n`));
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
  } finally {
    setRegistryWarnings(undefined);
  }
}

const waitCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to a file descriptor synchronously. Creating process.stdout/stderr costs
 * every command a few milliseconds, and a CLI's output is written in order anyway. A full
 * non-blocking pipe (EAGAIN) is waited out; a closed one (`| head`) ends the command quietly.
 */
function writeAll(fd: number, text: string | Uint8Array): void {
  let buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
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
    out: { write: (s: string) => writeAll(1, s), writeBytes: (b: Uint8Array) => writeAll(1, b) },
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

/** Exit status of a command stopped by a signal, as a shell reports a process the signal killed. */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * SIGINT and SIGTERM abort the command's signal; a command that watches it stops and the process
 * exits with the signal's status (128 + n) unless the command chose one. A command that does not
 * watch it (one blocked reading stdin) is not waited for: the process exits shortly after.
 */
function cancellation(): { signal(): AbortSignal; exitCode(): number | undefined; dispose(): void } {
  let controller: AbortController | undefined;
  let received: string | undefined;
  const onSignal = (name: string) => {
    if (received) process.exit(SIGNAL_EXIT[name]);
    received = name;
    controller!.abort();
    setTimeout(() => process.exit(SIGNAL_EXIT[name]), 500).unref();
  };
  return {
    signal() {
      if (!controller) {
        controller = new AbortController();
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }
      return controller.signal;
    },
    exitCode: () => (received ? SIGNAL_EXIT[received] : undefined),
    dispose() {
      if (!controller) return;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export async function main(): Promise<void> {
  const cancel = cancellation();
  let cleanStop = false;
  const code = await run(process.argv.slice(2), {
    onCleanStop: () => void (cleanStop = true),
    io: processIO(),
    env: process.env,
    cwd: process.cwd(),
    programName: basename(process.argv[1] ?? 'kubectl-lite').replace(/\.(m?js)$/, ''),
    signal: cancel.signal,
  });
  // Stopped by a signal, a command exits with the signal's status unless Ctrl-C is how it ends normally.
  process.exitCode = code === 0 && !cleanStop ? (cancel.exitCode() ?? 0) : code;
  cancel.dispose();
  exitWhenIdle();
}

/**
 * Ends the process as soon as nothing is left to run. Left to itself, Node would exit at the same
 * point, but only after tearing down the environment and the heap, which costs a small command
 * about a tenth of its time. Output is written synchronously (writeAll), so nothing is lost; a
 * command that left a handle open (stdin, a server, a timer) is left to end as Node ends it. File
 * requests still running (the store's background fdatasync of a commit's shards, whose end only
 * closes the file) are waited for, and the process then ends the same way.
 */
function exitWhenIdle(): void {
  // At once when nothing is open, or nothing but the store's background syncs of files a commit's
  // root already waited for (a write): a turn of the event loop would first run the tasks V8
  // posted meanwhile, chiefly a scavenge of the young generation (5 to 15 ms here, for nothing).
  const open = process.getActiveResourcesInfo();
  if (open.length === 0 || (open.every((r) => r === 'FSReqCallback') && open.length === syncsLeftToClose())) process.exit();
  setImmediate(() => {
    const active = process.getActiveResourcesInfo();
    if (active.length === 0) process.exit();
    else if (active.every((r) => r === 'FSReqCallback')) process.once('beforeExit', () => process.exit());
  });
}
