import { CliError } from '../errors.js';
import type { VerbSpec } from './framework.js';

/**
 * A kubectl verb that needs real processes or network connections, which a simulated
 * cluster does not have: it exists (scripts find it) and fails with one line saying why.
 */
export function unsupportedVerb(name: string, summary: string, why: string): VerbSpec {
  return {
    name,
    summary,
    usage: '[args] [flags]',
    flags: [
      { name: 'container', short: 'c', type: 'string', description: 'Accepted for compatibility' },
      { name: 'stdin', short: 'i', type: 'bool', description: 'Accepted for compatibility' },
      { name: 'tty', short: 't', type: 'bool', description: 'Accepted for compatibility' },
      { name: 'address', type: 'string', description: 'Accepted for compatibility' },
      { name: 'port', short: 'p', type: 'string', description: 'Accepted for compatibility' },
      { name: 'image', type: 'string', description: 'Accepted for compatibility' },
    ],
    run() {
      throw new CliError(`${name} is not possible in a kubectl-lite cluster: ${why}`);
    },
  };
}
