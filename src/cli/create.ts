import { createSubcommands } from './create-generators.js';
import type { VerbSpec } from './framework.js';

export const verb: VerbSpec = {
  name: 'create',
  summary: 'Create a resource from a file or from stdin',
  subcommands: createSubcommands,
};
