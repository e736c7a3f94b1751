/**
 * Simulated servers other than the default one, by the name a pod gives in its
 * `sim.kubectl-lite.io/server` annotation. Add a behaviour with one line here.
 */
import type { ServerBehaviour } from './types.js';

export const SERVERS: Record<string, ServerBehaviour> = {};
