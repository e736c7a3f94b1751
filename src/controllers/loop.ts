import type { SettableClock } from '../api/clock.js';
import type { ApiServer } from '../api/server.js';
import type { Snapshot, Transaction } from '../store/types.js';
import { CONTROLLERS } from './index.js';
import type { Controller } from './types.js';

/** Store meta key: the earliest simulated time (epoch ms) at which some controller has timed work. */
export const NEXT_WAKE_META = 'sim.nextWakeMs';

/** Passes at one instant before the loop gives up on reaching a fixed point. */
export const MAX_PASSES = 100;
/** Clock steps in one settle (a day-long crash loop is ~300 steps). */
export const MAX_STEPS = 20_000;

export class SettleError extends Error {}

/**
 * Brings the cluster up to `targetMs`: runs every controller to a fixed point, stepping
 * the clock through the moments where something was scheduled to happen, so that a crash
 * loop spanning five minutes goes through each of its restarts in order.
 */
export function settle(api: ApiServer, clock: SettableClock, targetMs: number, controllers: Controller[] = CONTROLLERS): void {
  // Catch up from the first wake-up that passed since the last command, so timed work
  // that fell due meanwhile happens at its own time, in order.
  const pending = api.store.getMeta(NEXT_WAKE_META);
  if (typeof pending === 'number' && pending < clock.millis) clock.set(pending);
  if (clock.millis > targetMs) clock.set(targetMs);
  for (let step = 0; ; step++) {
    const wake = runToFixedPoint(api, controllers);
    if (clock.millis >= targetMs) {
      if (api.writable) recordWake(api.store as Transaction, wake);
      return;
    }
    // A wake-up at or before the current instant would not move time: step at least 1 ms.
    const next = wake === undefined || step >= MAX_STEPS ? targetMs : Math.min(targetMs, Math.max(wake, clock.millis + 1));
    clock.set(next);
  }
}

/** Runs passes of every controller until one writes nothing; returns the earliest timed work. */
export function runToFixedPoint(api: ApiServer, controllers: Controller[] = CONTROLLERS): number | undefined {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const { wrote, wake } = runPass(api, controllers);
    if (wrote.length === 0) return wake;
    if (pass === MAX_PASSES - 1) {
      throw new SettleError(`the simulated cluster did not settle after ${MAX_PASSES} passes; still writing: ${wrote.join(', ')}`);
    }
  }
  return undefined;
}

/** One pass: each controller once, in order. Reports which controllers wrote and the earliest wake-up. */
export function runPass(api: ApiServer, controllers: Controller[]): { wrote: string[]; wake: number | undefined } {
  const wrote: string[] = [];
  let wake: number | undefined;
  for (const c of controllers) {
    const before = api.store.revision;
    const due = c.reconcile(api);
    if (api.store.revision !== before) wrote.push(c.name);
    if (typeof due === 'number' && (wake === undefined || due < wake)) wake = due;
  }
  return { wrote, wake };
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
