import type { VerbSpec } from './framework.js';

/** `create deployment|service|namespace|configmap|secret|job|serviceaccount ...`: filled in by the generators work. */
export const createSubcommands: VerbSpec[] = [];
