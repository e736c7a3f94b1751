/**
 * `kubectl-lite load TARGET`: sends HTTP requests through the simulated cluster and shows which
 * pod served how many, the failures by cause and latency percentiles. Three forms:
 *
 * - `--requests N` alone: N requests at this moment, from one view of the cluster (fast-forward);
 * - `--rate R --duration D` (or `--duration` alone): live, in real time; each tick re-reads the
 *   store, so another terminal's `node stop`, `delete pod` or rollout moves the traffic;
 * - `--simulate`: the same on the simulated clock, in one store transaction, with actions at
 *   given moments (`--at 10s='node stop lite-worker2'`, `--script FILE`); the cluster's clock
 *   ends the run moved forward by its duration, as `cluster advance` would.
 *
 * Served requests are recorded per pod in the store (REQUESTS_COLLECTION) at most once a second,
 * and a live run keeps a side file under the cluster's directory for the dashboard
 * (src/dataplane/README.md).
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SettableClock } from '../api/clock.js';
import { ApiServer } from '../api/server.js';
import { clusterDir } from '../config.js';
import { carryRunsOver, isDue, settle } from '../controllers/loop.js';
import { http } from '../dataplane/http.js';
import { aim, parseFrom, parseTarget, selectedPods, sendBatch, Tally, type Aim, type FromSpec, type Net, type TargetSpec } from '../dataplane/load.js';
import { REQUESTS_COLLECTION, type RequestRecord, type World } from '../dataplane/types.js';
import { buildWorld } from '../dataplane/world.js';
import { CliError } from '../errors.js';
import { serverHooks } from '../sim/hooks.js';
import type { Store, Transaction } from '../store/types.js';
import { splitArgs } from '../util/args.js';
import { parseGoDuration } from '../util/duration.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { renderJson, renderText, type ActionOutcome, type RunInfo } from './load-view.js';
import { mkdirAll } from '../util/mkdir-all.js';

const NET: Net = { buildWorld, http };
const DEFAULT_RATE = 20;
const DEFAULT_REQUESTS = 100;
/** A live run's tick: how often it re-reads the store and sends the requests that fell due. */
const LIVE_TICK_MS = 250;
/** A simulated run's step on the simulated clock. */
const SIM_STEP_MS = 1000;
/** Bounds a simulated run (24 h at 1 s steps) and a rate, so a typo cannot hold the store for ever. */
const MAX_SIM_MS = 24 * 3600_000;
const MAX_RATE = 100_000;
const MAX_REQUESTS = 10_000_000;
/** Commands an action may not run inside a simulated run. */
const NOT_ACTIONS = new Set(['load', 'shell', 'cluster', 'edit', 'attach', 'port-forward', 'proxy', 'dashboard', 'serve']);

interface Options {
  target: TargetSpec;
  targetText: string;
  from: FromSpec;
  fromText: string;
  request: { path?: string; host?: string; method?: string };
  mode: 'requests' | 'live' | 'simulate';
  requests?: number;
  rate: number;
  durationMs?: number;
  seed?: number;
  json: boolean;
  actions: Array<{ atMs: number; command: string }>;
}

function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`invalid argument "${text}" for "--${flag}" flag: must be a positive number`);
  return n;
}

function duration(text: string, flag: string): number {
  const ms = parseGoDuration(text);
  if (ms === undefined) throw new CliError(`invalid argument "${text}" for "--${flag}" flag: time: invalid duration "${text}"`);
  return ms;
}

/** `10s=node stop lite-worker2` (from --at) or `10s node stop lite-worker2` (a script line). */
function parseAction(text: string, sep: '=' | ' ', where: string): { atMs: number; command: string } {
  const t = text.trim();
  const i = sep === '=' ? t.indexOf('=') : t.search(/\s/);
  if (i <= 0) throw new CliError(`${where}: expected ${sep === '=' ? "DURATION='COMMAND'" : 'DURATION COMMAND'}, not "${text}"`);
  const atMs = parseGoDuration(t.slice(0, i));
  if (atMs === undefined) throw new CliError(`${where}: time: invalid duration "${t.slice(0, i)}"`);
  let command = t.slice(i + 1).trim().replace(/^kubectl-lite\s+|^kubectl\s+/, '');
  if (/^(['"]).*\1$/.test(command)) command = command.slice(1, -1);
  const verb = splitArgs(command)[0];
  if (!verb) throw new CliError(`${where}: no command after ${t.slice(0, i)}`);
  if (NOT_ACTIONS.has(verb)) throw new CliError(`${where}: "${verb}" cannot run as an action of a simulated load run`);
  return { atMs, command };
}

function options(ctx: Context, args: string[], flags: FlagValues): Options {
  if (args.length !== 1) throw new CliError(`exactly one TARGET is required (svc/NAME, ingress/NAME, pod/NAME or an http:// URL); see '${ctx.programName} load -h'`);
  const output = flags.output as string | undefined;
  if (output !== undefined && output !== 'json') throw new CliError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json`);
  const ns = ctx.session().namespace;
  const target = parseTarget(args[0]!, ns);
  const from = parseFrom(flags.from, ns);
  if (from.kind === 'pod' && flags.container) from.container = flags.container;
  const requests = flags.requests as number | undefined;
  if (requests !== undefined && (requests <= 0 || requests > MAX_REQUESTS)) throw new CliError(`--requests must be between 1 and ${MAX_REQUESTS}`);
  const rateGiven = flags.rate !== undefined;
  const rate = rateGiven ? positiveNumber(String(flags.rate), 'rate') : DEFAULT_RATE;
  if (rate > MAX_RATE) throw new CliError(`--rate must be at most ${MAX_RATE}`);
  let durationMs = flags.duration !== undefined ? duration(String(flags.duration), 'duration') : undefined;
  if (durationMs !== undefined && durationMs <= 0) throw new CliError('--duration must be positive');
  const actions: Options['actions'] = [];
  for (const a of (flags.at as string[] | undefined) ?? []) actions.push(parseAction(a, '=', '--at'));
  if (flags.script) {
    let text: string;
    try {
      text = readFileSync(resolve(ctx.cwd, String(flags.script)), 'utf8');
    } catch (e) {
      throw new CliError(`open ${flags.script}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
    text.split('\n').forEach((line, i) => {
      if (line.trim() && !line.trim().startsWith('#')) actions.push(parseAction(line, ' ', `${flags.script}:${i + 1}`));
    });
  }
  actions.sort((a, b) => a.atMs - b.atMs);
  let mode: Options['mode'];
  if (flags.simulate) {
    mode = 'simulate';
    if (durationMs === undefined) durationMs = requests !== undefined ? (requests / rate) * 1000 : undefined;
    if (durationMs === undefined) throw new CliError('--simulate needs --duration (or --requests with a --rate)');
    if (durationMs > MAX_SIM_MS) throw new CliError(`--duration must be at most 24h with --simulate`);
  } else {
    if (actions.length > 0) throw new CliError('--at and --script need --simulate (actions happen on the simulated clock)');
    mode = rateGiven || durationMs !== undefined ? 'live' : 'requests';
    if (mode === 'live' && durationMs === undefined && requests !== undefined) durationMs = (requests / rate) * 1000;
  }
  const seed = flags.seed as number | undefined;
  return {
    target, targetText: args[0]!, from, fromText: flags.from ?? 'host',
    request: { path: flags.path, host: flags['host-header'], method: flags.method },
    mode, requests: mode === 'requests' ? (requests ?? DEFAULT_REQUESTS) : requests, rate, durationMs, seed, json: output === 'json', actions,
  };
}

function info(o: Options, a: Aim | undefined, elapsedMs: number, seed: number, actions: ActionOutcome[] = [], stopped = false): RunInfo {
  return {
    target: o.targetText, address: a?.address, from: o.fromText, via: a?.via, mode: o.mode,
    ...(o.mode !== 'requests' ? { rate: o.rate } : {}), durationMs: o.durationMs, elapsedMs, seed, stopped, actions,
  };
}

/** Merges the tally's new request counts into the store's records (no settle; the controllers' run records stay good). */
function flushRecords(tx: Transaction, tally: Tally, nowMs: number): boolean {
  const records = tally.drainRecords((key) => tx.get(REQUESTS_COLLECTION, key) as RequestRecord | undefined, nowMs);
  for (const [key, rec] of records) tx.put(REQUESTS_COLLECTION, key, rec);
  return records.length > 0;
}

function writeRecords(store: Store, tally: Tally, nowMs: number): void {
  store.update((tx) => {
    if (flushRecords(tx, tally, nowMs)) carryRunsOver(tx, [REQUESTS_COLLECTION]);
  });
}

/** Evenly spaced sends: how many of `total` per second at `rate` are due by `elapsedMs`. */
const dueBy = (rate: number, elapsedMs: number, total: number | undefined) => Math.min(total ?? Infinity, Math.floor((rate * elapsedMs) / 1000));

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** `--requests N`: N requests at this moment. */
function runRequests(ctx: Context, o: Options): void {
  const session = ctx.session();
  let tally!: Tally;
  let a: Aim | undefined;
  let seed = 0;
  let now = 0;
  session.read((api) => {
    now = api.clock.now().getTime();
    seed = o.seed ?? now % 2147483647;
    const world = NET.buildWorld(api.store, now, seed);
    aim(world, o.target, o.from, o.request); // a target that cannot be aimed at all is an error, not N failures
    tally = new Tally(now);
    for (const p of selectedPods(world, o.target)) tally.include(p);
    a = sendBatch(NET, world, o.target, o.from, o.request, tally, o.requests!, now, 0);
  });
  writeRecords(session.store, tally, now);
  ctx.io.out.write(o.json ? renderJson(info(o, a, 0, seed), tally) : renderText(info(o, a, 0, seed), tally, ctx.color));
}

/** The side file the dashboard reads while a live run goes on. */
function sideFile(ctx: Context): string {
  const s = ctx.session();
  return join(clusterDir(s.home, s.clusterName), 'traffic', `${process.pid}.json`);
}

function writeSideFile(path: string, o: Options, a: Aim | undefined, tally: Tally, startMs: number, nowMs: number): void {
  const t = Math.floor((nowMs - startMs) / 1000);
  const last = tally.servedSince(t - 1);
  const lastSecond = tally.timeline.filter((s) => s.t >= t - 1);
  const doc = {
    pid: process.pid,
    target: o.targetText,
    address: a?.address ?? null,
    from: o.fromText,
    rate: o.rate,
    startedAt: new Date(startMs).toISOString(),
    updatedAt: new Date(nowMs).toISOString(),
    sent: tally.sent,
    failed: tally.failed,
    lastSecond: { sent: lastSecond.reduce((n, s) => n + s.sent, 0), failed: lastSecond.reduce((n, s) => n + s.failed, 0) },
    pods: [...tally.pods.values()].map((p) => ({ namespace: p.namespace, name: p.name, node: p.node, served: p.served, lastSecond: last[`${p.namespace}/${p.name}`] ?? 0 })),
  };
  mkdirAll(join(path, '..'), 0o700);
  writeFileSync(`${path}.tmp`, JSON.stringify(doc) + '\n', { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** Live: real time, re-reading the store each tick. */
async function runLive(ctx: Context, o: Options): Promise<void> {
  const session = ctx.session();
  ctx.stopsCleanly?.();
  const signal = ctx.signal;
  // Pacing follows the machine's monotonic clock (the injected wall clock may be pinned).
  const startReal = performance.now();
  const startSim = session.read((api) => api.clock.now().getTime());
  const seed = o.seed ?? startSim % 2147483647;
  const tally = new Tally(startSim);
  const file = sideFile(ctx);
  let a: Aim | undefined;
  let lastFlush = startReal;
  let drawn = 0;
  let tick = 0;
  let prevSim = startSim;
  // A target that cannot be aimed at the start is an error; later (the client pod deleted) its requests fail.
  session.read((api) => aim(NET.buildWorld(api.store, startSim, seed), o.target, o.from, o.request));
  const draw = (final: boolean) => {
    if (!ctx.io.isTTY || o.json) return;
    const text = renderText(info(o, a, prevSim - startSim, seed, [], final && Boolean(signal?.aborted)), tally, ctx.color, final ? undefined : tally.servedSince(Math.floor((prevSim - startSim) / 1000) - 1));
    ctx.io.out.write((drawn > 0 ? `\x1b[${drawn}A\x1b[J` : '') + text);
    drawn = text.split('\n').length - 1;
  };
  try {
    for (;;) {
      const elapsed = performance.now() - startReal;
      const done = (o.durationMs !== undefined && elapsed >= o.durationMs) || (o.requests !== undefined && tally.sent >= o.requests) || signal?.aborted;
      const upTo = o.durationMs !== undefined ? Math.min(elapsed, o.durationMs) : elapsed;
      const n = dueBy(o.rate, upTo, o.requests) - tally.sent;
      session.read((api) => {
        const now = api.clock.now().getTime();
        const world: World = NET.buildWorld(api.store, now, seed + tick);
        if (tick === 0 || n > 0) for (const p of selectedPods(world, o.target)) tally.include(p);
        a = sendBatch(NET, world, o.target, o.from, o.request, tally, n, prevSim, Math.max(0, now - prevSim)) ?? a;
        prevSim = now;
      });
      tick++;
      const real = performance.now();
      if (real - lastFlush >= 1000 || done) {
        lastFlush = real;
        writeRecords(session.store, tally, prevSim);
        if (!done) writeSideFile(file, o, a, tally, startSim, prevSim);
      }
      draw(Boolean(done));
      if (done) break;
      await abortableSleep(LIVE_TICK_MS, signal);
    }
  } finally {
    rmSync(file, { force: true });
  }
  if (o.json) ctx.io.out.write(renderJson(info(o, a, prevSim - startSim, seed, [], Boolean(signal?.aborted)), tally));
  else if (!ctx.io.isTTY) ctx.io.out.write(renderText(info(o, a, prevSim - startSim, seed, [], Boolean(signal?.aborted)), tally, false));
}

const CLOCK_OFFSET = 'clock.offsetMs';

/**
 * On the simulated clock, one step (SIM_STEP_MS) at a time, in one store transaction: bring the
 * cluster to the step's moment (settle), send the step's requests through a World of that moment,
 * record them. An action (`--at`) ends the transaction at its moment, runs as the CLI would run it
 * (at that simulated moment), and the run goes on in a new transaction.
 */
async function runSimulated(ctx: Context, o: Options): Promise<void> {
  const session = ctx.session();
  const { run } = await import('../main.js');
  const realStart = ctx.realNow();
  const durationMs = o.durationMs!;
  const steps = Math.ceil(durationMs / SIM_STEP_MS);
  const pending = [...o.actions];
  const outcomes: ActionOutcome[] = [];
  let tally: Tally | undefined;
  let a: Aim | undefined;
  let seed = 0;
  let t0 = 0;
  let offset0 = 0;
  let k = 0;
  let elapsed = 0;
  for (;;) {
    let action: { atMs: number; command: string } | undefined;
    session.store.update((tx) => {
      const at = (t: number) => {
        tx.setMeta(CLOCK_OFFSET, offset0 + (t - t0));
        if (tx.getMeta('simulation') === 'off' || !isDue(tx, t)) return;
        const clock = new SettableClock(t);
        settle(new ApiServer(tx, session.registryFor(tx), clock, serverHooks), clock, t);
      };
      if (!tally) {
        offset0 = (tx.getMeta(CLOCK_OFFSET) as number | undefined) ?? 0;
        t0 = realStart + offset0;
        seed = o.seed ?? t0 % 2147483647;
        at(t0);
        aim(NET.buildWorld(tx, t0, seed), o.target, o.from, o.request); // unaimable at the start: an error, not N failures
        tally = new Tally(t0);
      }
      for (; k < steps && !ctx.signal?.aborted; k++) {
        const t = t0 + k * SIM_STEP_MS;
        at(t);
        if (pending.length > 0 && pending[0]!.atMs <= k * SIM_STEP_MS) {
          action = pending.shift();
          return;
        }
        const span = Math.min(SIM_STEP_MS, durationMs - k * SIM_STEP_MS);
        const n = dueBy(o.rate, k * SIM_STEP_MS + span, o.requests) - tally.sent;
        const world = NET.buildWorld(tx, t, seed + k);
        for (const p of selectedPods(world, o.target)) tally.include(p);
        a = sendBatch(NET, world, o.target, o.from, o.request, tally, n, t, span) ?? a;
        flushRecords(tx, tally, t + span);
        elapsed = k * SIM_STEP_MS + span;
      }
      at(t0 + elapsed);
    });
    if (!action) break;
    outcomes.push(await runAction(run, ctx, realStart, action));
  }
  const runInfo = info(o, a, elapsed, seed, outcomes, Boolean(ctx.signal?.aborted));
  ctx.io.out.write(o.json ? renderJson(runInfo, tally!) : renderText(runInfo, tally!, ctx.color));
}

/** One action, as the CLI runs it, at the moment the run has reached (the store's clock offset says which). */
async function runAction(run: typeof import('../main.js').run, ctx: Context, realStart: number, act: { atMs: number; command: string }): Promise<ActionOutcome> {
  let output = '';
  const io = { out: { write: (s: string) => void (output += s) }, err: { write: (s: string) => void (output += s) }, isTTY: false, readStdin: async () => Buffer.alloc(0) };
  const exitCode = await run(splitArgs(act.command), { io, env: ctx.env, cwd: ctx.cwd, realNow: () => realStart, programName: ctx.programName });
  return { atMs: act.atMs, command: act.command, exitCode, output };
}

export const verb: VerbSpec = {
  name: 'load',
  summary: 'Send HTTP requests to a Service, Ingress, pod or URL and show which pods served them',
  usage: 'TARGET [--requests N | --rate R --duration D] [--from pod/NAME] [--simulate [--at T=COMMAND]...] [-o json]',
  examples: [
    '  # 1000 requests to the web Service, at once: a bar per pod',
    '  kubectl-lite load svc/web --requests 1000',
    '',
    '  # Live, 50 requests/s for 2 minutes; stop a node in another terminal and watch the bars move',
    '  kubectl-lite load svc/web --rate 50 --duration 2m',
    '',
    '  # The same failover story on the simulated clock, reproducibly',
    "  kubectl-lite load svc/web --simulate --duration 8m --at 30s='node stop lite-worker2' -o json",
    '',
    '  # Through the Ingress, from a pod',
    '  kubectl-lite load ingress/shop --requests 200 --from pod/client',
  ].join('\n'),
  flags: [
    { name: 'requests', type: 'int', description: 'How many requests to send (alone: all at once; with --rate: then stop)' },
    { name: 'rate', short: 'r', type: 'string', description: `Requests per second (default ${DEFAULT_RATE} with --duration or --simulate)` },
    { name: 'duration', short: 'd', type: 'string', description: 'How long to run (Go duration: 30s, 2m); live unless --simulate' },
    { name: 'from', type: 'string', description: 'Where requests start: host (default) or pod/NAME' },
    { name: 'container', short: 'c', type: 'string', description: 'The container of the --from pod (default: its first)' },
    { name: 'path', type: 'string', description: 'Request path (default: / or the Ingress rule\'s first path)' },
    { name: 'host-header', type: 'string', description: 'Host header to send (default: from the target)' },
    { name: 'method', type: 'string', description: 'HTTP method (default GET)' },
    { name: 'seed', type: 'int', description: 'Seed of the endpoint choices (default: from the simulated time), to reproduce a run' },
    { name: 'simulate', type: 'bool', description: 'Run on the simulated clock, in one step, instead of in real time (the cluster clock moves on by the duration)' },
    { name: 'at', type: 'strings', description: "With --simulate: run a kubectl-lite command at a moment of the run, e.g. --at 30s='node stop lite-worker2' (repeatable)" },
    { name: 'script', type: 'string', description: 'With --simulate: a file of actions, one per line: DURATION COMMAND (# comments)' },
    { name: 'output', short: 'o', type: 'string', description: 'Output format: json' },
  ],
  async run(ctx: Context, args: string[], flags: FlagValues) {
    const o = options(ctx, args, flags);
    if (o.mode === 'requests') return runRequests(ctx, o);
    if (o.mode === 'live') return runLive(ctx, o);
    return runSimulated(ctx, o);
  },
};

