import type { SettableClock } from '../api/clock.js';
import type { ApiServer } from '../api/server.js';
import type { Snapshot } from '../store/types.js';

/**
 * Brings the cluster up to `targetMs`: runs every controller to a fixed point, stepping
 * the clock through the moments where something was scheduled to happen.
 * Placeholder until the controllers land.
 */
export function settle(_api: ApiServer, clock: SettableClock, targetMs: number): void {
  clock.set(targetMs);
}

/** True when a read must first settle the cluster (something is scheduled at or before now). */
export function isDue(_snap: Snapshot, _nowMs: number): boolean {
  return false;
}
