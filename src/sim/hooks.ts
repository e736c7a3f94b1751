import type { ServerHooks } from '../api/server.js';
import { admit } from './admission.js';
import { deletionMode } from './termination.js';

/** Admission and deletion behaviour of the simulated control plane. */
export const serverHooks: ServerHooks = { admit, onDelete: deletionMode };
