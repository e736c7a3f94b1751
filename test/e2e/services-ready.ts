/** Whether the simulation pieces the services/storage/admission scenarios drive are built in. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

const NEEDED = ['cli/apply.js', 'cli/get.js', 'controllers/scheduler.js', 'controllers/kubelet.js', 'controllers/deployment.js'];

/** `false` when everything is there, else the reason to skip (node:test prints it). */
export const SKIP_UNLESS_SIMULATION: false | string = NEEDED.every((f) => existsSync(join(REPO_ROOT, 'dist', 'src', f)))
  ? false
  : `needs ${NEEDED.join(', ')} (the apply/get verbs and the scheduler/kubelet/deployment controllers)`;
