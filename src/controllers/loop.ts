import type { SettableClock } from '../api/clock.js';
import { ApiServer } from '../api/server.js';
import type { Change, Snapshot, Transaction } from '../store/types.js';
import { CONTROLLERS } from './index.js';
import { byteOrder } from '../store/file-store.js';
import { ANY, META, ReadTracker } from './read-tracker.js';
import type { Controller } from './types.js';

/** Store meta key: the earliest simulated time (epoch ms) at which some controller has timed work. */
export const NEXT_WAKE_META = 'sim.nextWakeMs';
/** Store meta key: what each controller read on its last run (see RunRecord). */
export const RUNS_META = 'sim.controllerRuns';

/** Passes at one instant before the loop gives up on reaching a fixed point. */
export const MAX_PASSES = 100;
/**
 * Keys a keyed run reconciles before the settle budget may cut it: a settle makes progress however
 * small its budget, and a run of a few keys (what one write queues) is never left half done.
 */
export const MIN_KEYS_PER_RUN = 32;
/** Clock steps in one settle (a day-long crash loop is ~300 steps). */
export const MAX_STEPS = 20_000;
/** Wall-clock milliseconds one command may spend settling before it leaves the rest for the next. */
export const SETTLE_BUDGET_MS = Number(process.env.KUBECTL_LITE_SETTLE_BUDGET_MS) || 3000;

/**
 * Every controller reads the registry, which the CustomResourceDefinitions make: a change there
 * is a change for all of them.
 */
const ALWAYS_READ = ['apiextensions.k8s.io/customresourcedefinitions'];

export class SettleError extends Error {}

/**
 * What a controller did on its last run. A controller is level-triggered: it computes from what
 * it reads and from the clock. So while nothing it read has been written since (`writes` is the
 * transaction's write count when it started, or when it ended for a self-settling controller,
 * whose own writes leave it nothing to do) and the clock has not reached its timed work, a new
 * run would write nothing and return the same `due`; the loop skips it. This is what keeps a
 * command cheap on a big cluster: only the controllers whose inputs changed work.
 */
interface RunRecord {
  reads: string[];
  writes: number;
  atMs: number;
  due: number | null;
  /**
   * Keys written after the run that the controller has not reconciled yet: a settle cut short by
   * its budget ends in the middle of a pass, after the controllers that ran before the last writes.
   */
  pending?: string[];
}

interface RunBook {
  /** The settle code (BUILD) that made the records: another one's controllers may behave otherwise. */
  build: string;
  /** The transaction generation whose write counts `writes` refers to. */
  generation: number;
  runs: Record<string, RunRecord>;
}

/**
 * Set by scripts/bundle.mjs: a hash of cli/session.ts and every module it imports, directly or not
 * (the controllers, the API server, admission, the store): builds with the same hash compute the
 * same settle; unbundled code (unit tests) is `dev`.
 */
declare const __KL_SETTLE_BUILD__: string | undefined;
const BUILD = typeof __KL_SETTLE_BUILD__ === 'string' ? __KL_SETTLE_BUILD__ : 'dev';

/** The loop's view of a settle: the tracked server, the clock, and the run records. */
interface LoopState {
  api: ApiServer;
  tracker: ReadTracker | undefined;
  clock: { millis: number } | undefined;
  runs: Map<string, RunRecord>;
  /** Date.now() past which a settle stops and leaves what is still due to the next command. */
  deadline?: number;
  /** Some controller ran from its work queue since the last check (see checkSettleOn). */
  queued?: boolean;
  /** A keyed run was cut by the deadline: keys are left pending, the instant is not settled. */
  cut?: boolean;
  /**
   * No run record was usable when the settle began (another settle code's, or none): every
   * controller would run over the whole cluster, so those with a work queue resync by key instead.
   */
  noRecords?: boolean;
}

function loopState(api: ApiServer): LoopState {
  const clock = 'millis' in api.clock ? (api.clock as SettableClock) : undefined;
  if (!api.writable) return { api, tracker: undefined, clock, runs: new Map() };
  const tx = api.store as Transaction;
  const tracker = tx instanceof ReadTracker ? tx : new ReadTracker(tx);
  // A controller's requests get the API server's warnings too, but nobody prints them.
  const tracked = new ApiServer(tracker, api.registry, api.clock, { ...api.hooks, warn: undefined });
  const runs = loadRuns(tracker.tx);
  return { api: tracked, tracker, clock, runs, noRecords: runs.size === 0 };
}

/**
 * Run records carried over: those of this transaction (an earlier settle in the same command),
 * or those the previous commit left, which describe the state this transaction started from
 * (so their write counts become 0). Any other commit in between makes them unusable.
 */
function loadRuns(tx: Transaction): Map<string, RunRecord> {
  const book = tx.getMeta(RUNS_META) as RunBook | undefined;
  const runs = new Map<string, RunRecord>();
  if (!book || typeof book !== 'object' || typeof book.runs !== 'object' || book.build !== BUILD) return runs;
  const sameTx = book.generation === tx.generation;
  if (!sameTx && book.generation !== tx.generation - 1) return runs;
  for (const [name, r] of Object.entries(book.runs)) runs.set(name, sameTx ? r : { ...r, writes: 0 });
  return runs;
}

/**
 * For a commit that writes only the given collections and settles nothing (a load run's request
 * records): the previous commit's run records stay valid for every controller that read none of
 * them, so the next command does not have to run every controller again.
 */
export function carryRunsOver(tx: Transaction, wrote: string[]): void {
  const book = tx.getMeta(RUNS_META) as RunBook | undefined;
  if (!book || typeof book !== 'object' || typeof book.runs !== 'object' || book.build !== BUILD || book.generation !== tx.generation - 1) return;
  const runs: Record<string, RunRecord> = {};
  for (const [name, r] of Object.entries(book.runs)) {
    if (r.reads.includes(ANY) || r.reads.some((c) => wrote.includes(c))) continue;
    runs[name] = { ...r, writes: 0 };
  }
  tx.setMeta(RUNS_META, { build: BUILD, generation: tx.generation, runs } satisfies RunBook);
}

/**
 * Kept only with a commit that happens anyway: a command that changed nothing leaves the store
 * untouched, unless a run was cut by the budget (a resync that wrote nothing keeps its progress,
 * for the next settle of this command and the next command). The next command takes the records to have seen this whole commit, so what was written
 * after a controller's run (a settle cut short by its budget) goes with its record as pending keys,
 * or, where the changes cannot be mapped to keys, the record is dropped and the controller runs
 * over the whole cluster next time.
 */
function runsToSave(state: LoopState, controllers: Controller[]): Record<string, RunRecord> {
  const runs: Record<string, RunRecord> = {};
  for (const [name, r] of state.runs) {
    const changed = state.tracker ? changedReads(r, state.tracker) : [];
    if (changed.length === 0) {
      runs[name] = r;
      continue;
    }
    const c = controllers.find((x) => x.name === name);
    // Mapped even under KUBECTL_LITE_FULL_SETTLE: the next command may use the queues.
    const keys = c && keysOfChanges(c, state.api, state.tracker!, r, changed);
    if (keys) runs[name] = { ...r, pending: union(r.pending, keys) };
  }
  return runs;
}

function union(a: string[] | undefined, b: string[]): string[] {
  return a?.length ? [...new Set([...a, ...b])].sort(byteOrder) : b;
}

/** `cut`: a run was cut by the budget; its progress is kept even when nothing else was written. */
function saveRuns(tx: Transaction, runs: Record<string, RunRecord>, cut = false): void {
  if (!tx.dirty && !cut) return;
  const book: RunBook = { build: BUILD, generation: tx.generation, runs };
  tx.setMeta(RUNS_META, book);
}

/**
 * Brings the cluster up to `targetMs`: runs every controller to a fixed point, stepping
 * the clock through the moments where something was scheduled to happen, so that a crash
 * loop spanning five minutes goes through each of its restarts in order.
 */
export function settle(api: ApiServer, clock: SettableClock, targetMs: number, controllers: Controller[] = CONTROLLERS, budgetMs = SETTLE_BUDGET_MS): void {
  const state = loopState(api);
  state.deadline = Date.now() + budgetMs;
  if (TRACE) process.stderr.write(`settle: up to ${new Date(targetMs).toISOString()} within ${budgetMs.toFixed(0)} ms\n`);
  // Catch up from the first wake-up that passed since the last command, so timed work
  // that fell due meanwhile happens at its own time, in order.
  const pending = api.store.getMeta(NEXT_WAKE_META);
  if (typeof pending === 'number' && pending < clock.millis) clock.set(pending);
  if (clock.millis > targetMs) clock.set(targetMs);
  for (let step = 0; ; step++) {
    const { wake, lazyWake } = fixedPoint(state, controllers);
    // Past the budget, what is still due is left for the next command (reads settle it first),
    // so no command holds the store's lock for long, whatever was asked.
    const outOfBudget = wake !== undefined && wake <= targetMs && Date.now() > state.deadline!;
    if (clock.millis >= targetMs || outOfBudget) {
      if (api.writable) {
        // What the controllers have not seen is taken before the loop writes its own wake-up time.
        const runs = runsToSave(state, controllers);
        recordWake(api.store as Transaction, earliest(wake, lazyWake));
        saveRuns(api.store as Transaction, runs, state.cut);
      }
      return;
    }
    // A wake-up at or before the current instant would not move time: step at least 1 ms.
    const next = wake === undefined || step >= MAX_STEPS ? targetMs : Math.min(targetMs, Math.max(wake, clock.millis + 1));
    clock.set(next);
  }
}

/** Runs passes of every controller until one writes nothing; returns the earliest timed work. */
export function runToFixedPoint(api: ApiServer, controllers: Controller[] = CONTROLLERS): number | undefined {
  const { wake, lazyWake } = fixedPoint(loopState(api), controllers);
  return earliest(wake, lazyWake);
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** The earliest timed work: `wake` the loop steps the clock to, `lazyWake` that of lazy controllers. */
interface Wakes {
  wake: number | undefined;
  lazyWake: number | undefined;
}

function fixedPoint(state: LoopState, controllers: Controller[]): Wakes {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const { wrote, wake, lazyWake } = runPass(state, controllers);
    // A run cut by the budget left keys pending: this instant is still due, for the next command.
    if (state.cut) return { wake: state.clock?.millis ?? wake, lazyWake };
    if (wrote.length === 0) {
      if (state.queued && checkSettleOn()) {
        state.queued = false;
        checkSettle(state, controllers);
      }
      return { wake, lazyWake };
    }
    // Still writing when the command's budget is spent: the rest is due now, for the next command.
    if (state.deadline !== undefined && Date.now() > state.deadline) return { wake: state.clock?.millis ?? wake, lazyWake };
    if (pass === MAX_PASSES - 1) {
      throw new SettleError(`the simulated cluster did not settle after ${MAX_PASSES} passes; still writing: ${wrote.join(', ')}`);
    }
  }
  return { wake: undefined, lazyWake: undefined };
}

/** One pass: each controller once, in order. Reports which controllers wrote and the earliest wake-ups. */
function runPass(state: LoopState, controllers: Controller[]): Wakes & { wrote: string[] } {
  const wrote: string[] = [];
  let wake: number | undefined;
  let lazyWake: number | undefined;
  const { api, tracker } = state;
  for (const c of controllers) {
    const last = state.runs.get(c.name);
    let due: number | undefined;
    const changed = last && tracker && timeAllowsReuse(last, state.clock?.millis) ? changedReads(last, tracker) : undefined;
    const pending = changed && c.reconcileKey ? last!.pending : undefined;
    let keys = changed?.length && last && tracker ? queuedKeys(c, api, tracker, last, changed) : undefined;
    if (pending?.length && (keys || changed!.length === 0)) keys = union(pending, keys ?? []);
    // Where no record was usable (an upgrade), a controller that can list its keys runs by key over
    // all of them, so the budget can cut it; a single controller whose record is gone or whose timed
    // work is due runs over the whole cluster, which costs less than every key one by one.
    const resync = !keys && !last && state.noRecords === true && tracker !== undefined && !FULL_SETTLE && c.allKeys !== undefined && c.reconcileKey !== undefined;
    if (changed?.length === 0 && !keys) {
      if (CHECK_SKIPS) checkSkip(c, api, last!);
      due = last!.due ?? undefined;
    } else {
      const before = tracker?.writes;
      const revision = api.store.revision;
      if (tracker) tracker.reads = new Set(keys ? last!.reads : ALWAYS_READ);
      const t0 = TRACE ? performance.now() : 0;
      let left: string[] | undefined;
      try {
        if (resync) keys = c.allKeys!(api);
        if (keys) {
          // Level-triggered per key: what a whole-cluster run would do for each, in listing order.
          due = resync ? undefined : (last!.due ?? undefined);
          const run = new Map<string, unknown>();
          for (let i = 0; i < keys.length; i++) {
            // Past the deadline the rest waits for the next command (past a few keys: progress however small the budget).
            if (i >= MIN_KEYS_PER_RUN && state.deadline !== undefined && Date.now() > state.deadline) {
              left = keys.slice(i);
              state.cut = true;
              break;
            }
            const result = c.reconcileKey!(api, keys[i]!, run);
            if (typeof result === 'number') due = earliest(due, result);
          }
          state.queued = true;
        } else {
          const result = c.reconcile(api);
          due = typeof result === 'number' ? result : undefined;
        }
      } finally {
        if (tracker) {
          const reads = [...tracker.reads!];
          tracker.reads = undefined;
          const atMs = state.clock?.millis;
          if (atMs !== undefined) {
            const record: RunRecord = { reads, writes: c.selfSettling ? tracker.writes : before!, atMs, due: due ?? null };
            if (left) record.pending = left;
            state.runs.set(c.name, record);
          }
        }
        if (TRACE) {
          const what = keys ? `${keys.length - (left?.length ?? 0)}${left ? ` of ${keys.length}` : ''} keys${resync ? ' (resync)' : ''}` : 'whole cluster';
          const mem = process.memoryUsage();
          const mb = (n: number) => (n / 1048576).toFixed(0);
          process.stderr.write(`settle: ${c.name} ${what} ${(performance.now() - t0).toFixed(1)} ms, heap ${mb(mem.heapUsed)} MB, rss ${mb(mem.rss)} MB, external ${mb(mem.external)} MB\n`);
        }
      }
      if (api.store.revision !== revision || (tracker && tracker.writes !== before)) wrote.push(c.name);
    }
    if (due === undefined) continue;
    if (c.lazy) lazyWake = earliest(lazyWake, due);
    else wake = earliest(wake, due);
  }
  return { wrote, wake, lazyWake };
}

/**
 * The clock allows reusing the last run: it has not gone back, and the controller's timed work has
 * not come (at the same instant, nothing has moved).
 */
function timeAllowsReuse(last: RunRecord, nowMs: number | undefined): boolean {
  if (nowMs === undefined) return false;
  return nowMs === last.atMs || (nowMs > last.atMs && (last.due === null || nowMs < last.due));
}

/** What the controller read on its last run that has been written since (collections, `meta:` keys, ANY). */
function changedReads(last: RunRecord, tx: Transaction): string[] {
  const out: string[] = [];
  for (const r of last.reads) {
    const at = r === ANY ? tx.writes : r.startsWith(META) ? tx.lastMetaWrite(r.slice(META.length)) : tx.lastWrite(r);
    if (at > last.writes) out.push(r);
  }
  return out;
}

/**
 * The work queue of a controller that has one: the keys the changes since its last run map to,
 * deduplicated, in byte order; undefined when a whole-cluster run is needed instead (a change it
 * cannot map, a meta key or "anything" among what changed).
 */
function queuedKeys(c: Controller, api: ApiServer, tracker: ReadTracker, last: RunRecord, changed: string[]): string[] | undefined {
  return FULL_SETTLE ? undefined : keysOfChanges(c, api, tracker, last, changed);
}

function keysOfChanges(c: Controller, api: ApiServer, tracker: ReadTracker, last: RunRecord, changed: string[]): string[] | undefined {
  if (!c.keysFor || !c.reconcileKey || typeof tracker.underlying.changesSince !== 'function') return undefined;
  if (changed.some((r) => r === ANY || r.startsWith(META))) return undefined;
  const keys = new Set<string>();
  for (const collection of new Set(changed)) {
    const changes = tracker.changesOf(collection, last.writes);
    for (const change of c.firstChangeOnly ? firstOfEachKey(changes) : changes) {
      const mapped = c.keysFor(change, api);
      if (mapped === undefined) return undefined;
      for (const k of mapped) keys.add(k);
    }
  }
  return [...keys].sort(byteOrder);
}

/** The first of the changes of each key, in the order of those first changes. */
function firstOfEachKey(changes: Change[]): Iterable<Change> {
  const first = new Map<string, Change>();
  for (const change of changes) if (!first.has(change.key)) first.set(change.key, change);
  return first.values();
}

/** KUBECTL_LITE_TRACE_SETTLE=1: each controller run, per key or whole-cluster, and its time, on stderr. */
const TRACE = process.env.KUBECTL_LITE_TRACE_SETTLE === '1';

/** KUBECTL_LITE_FULL_SETTLE=1: no work queues; every controller whose inputs changed reconciles the whole cluster. */
const FULL_SETTLE = process.env.KUBECTL_LITE_FULL_SETTLE === '1';

/**
 * KUBECTL_LITE_CHECK_SETTLE=1: once a settle that used work queues reaches its fixed point, every
 * controller is run over the whole cluster and must write nothing and find no earlier timed work:
 * the incremental settle reached the state a full one would. The test suite is run this way.
 */
const checkSettleOn = (): boolean => process.env.KUBECTL_LITE_CHECK_SETTLE === '1';

function checkSettle(state: LoopState, controllers: Controller[]): void {
  const { api } = state;
  const tx = api.store as Transaction;
  for (const c of controllers) {
    const before = tx.writes;
    const revision = tx.revision;
    const due = c.reconcile(api) ?? null;
    if (tx.writes !== before || tx.revision !== revision) {
      const what = tx.changesSince?.(before).map((ch) => `${ch.collection} ${ch.key}`).slice(0, 5).join(', ');
      throw new SettleError(`the incremental settle differs from a full one: controller ${c.name} still writes (${what})`);
    }
    const recorded = state.runs.get(c.name)?.due;
    if (due !== null && recorded !== undefined && (recorded === null || due < recorded)) {
      throw new SettleError(`the incremental settle differs from a full one: controller ${c.name} has timed work at ${due}, recorded ${recorded}`);
    }
  }
}

/**
 * KUBECTL_LITE_CHECK_SKIPS=1 runs every skipped controller anyway and fails if it would have
 * written: the test suite is run this way to show that skipping changes nothing.
 */
const CHECK_SKIPS = process.env.KUBECTL_LITE_CHECK_SKIPS === '1';

function checkSkip(c: Controller, api: ApiServer, last: RunRecord): void {
  const tx = api.store as Transaction;
  const before = tx.writes;
  const revision = tx.revision;
  const due = c.reconcile(api) ?? null;
  if (tx.writes !== before || tx.revision !== revision) {
    throw new SettleError(`controller ${c.name} was skipped but writes (it read: ${last.reads.join(', ')})`);
  }
  // A later wake-up than recorded only costs an extra step; an earlier one would be missed.
  if (due !== null && (last.due === null || due < last.due)) {
    throw new SettleError(`controller ${c.name} was skipped but its next wake-up moved from ${last.due} to ${due}`);
  }
}

function recordWake(tx: Transaction, wake: number | undefined): void {
  const current = tx.getMeta(NEXT_WAKE_META) as number | null | undefined;
  const value = wake ?? null;
  if ((current ?? null) !== value) tx.setMeta(NEXT_WAKE_META, value);
}

/** True when a read must first settle the cluster (something is scheduled at or before now). */
export function isDue(snap: Snapshot, nowMs: number): boolean {
  const wake = snap.getMeta(NEXT_WAKE_META) as number | null | undefined;
  return typeof wake === 'number' && wake <= nowMs;
}
