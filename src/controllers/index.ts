import type { Controller } from './types.js';

/** Every controller, in the order one pass of the reconcile loop runs them. */
export const CONTROLLERS: Controller[] = [];
