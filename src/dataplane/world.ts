/**
 * The cluster at one simulated moment (see types.ts). Built once per command from the
 * store's snapshot; indexes are added lazily by whoever needs them.
 */
import type { Snapshot } from '../store/types.js';
import type { World } from './types.js';

/** A small seeded generator (mulberry32): the same seed gives the same choices. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildWorld(snap: Snapshot, now: number, seed?: number): World {
  return { snap, now, random: seed === undefined ? Math.random : seeded(seed) };
}
