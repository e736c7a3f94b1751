import type { ServerHooks } from '../api/server.js';

/** Admission and deletion behaviour of the simulated control plane. */
export const serverHooks: ServerHooks = {};
