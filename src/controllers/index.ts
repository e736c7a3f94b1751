import { kubelet } from './kubelet.js';
import { nodeLifecycle } from './node-lifecycle.js';
import { scheduler } from './scheduler.js';
import type { Controller } from './types.js';

/** Every controller, in the order one pass of the reconcile loop runs them. */
export const CONTROLLERS: Controller[] = [nodeLifecycle, scheduler, kubelet];
