import { CliError } from '../errors.js';
import type { Context, FlagSpec, FlagValues, VerbSpec } from './framework.js';

/**
 * A kubectl verb that needs real processes or network connections, which a simulated
 * cluster does not have: it exists (scripts find it) and fails with one line saying why, once
 * `check` has refused the arguments kubectl refuses before it contacts the server.
 */
export function unsupportedVerb(
  name: string,
  summary: string,
  why: string,
  more: FlagSpec[] = [],
  check?: (ctx: Context, args: string[], flags: FlagValues) => void,
): VerbSpec {
  return {
    name,
    summary,
    usage: '[args] [flags]',
    // kubectl's flags are all accepted (scripts find no `unknown flag`); the verb then says why it cannot run.
    flags: (<FlagSpec[]>[
      ...more,
      { name: 'container', short: 'c', type: 'string', description: 'Accepted for compatibility' },
      { name: 'stdin', short: 'i', type: 'bool', description: 'Accepted for compatibility' },
      { name: 'tty', short: 't', type: 'bool', description: 'Accepted for compatibility' },
      { name: 'address', type: 'string', description: 'Accepted for compatibility' },
      { name: 'port', short: 'p', type: 'string', description: 'Accepted for compatibility' },
      { name: 'image', type: 'string', description: 'Accepted for compatibility' },
    ]).filter((f, i, all) => all.findIndex((g) => g.name === f.name) === i),
    run(ctx, args, flags) {
      check?.(ctx, args, flags);
      throw new CliError(`${name} is not possible in a kubectl-lite cluster: ${why}`);
    },
  };
}

/** Flags given as [name, type, short?]: described as accepted, since the verb fails before using them. */
export function acceptedFlags(list: Array<[string, FlagSpec['type'], string?]>): FlagSpec[] {
  return list.map(([name, type, short]) => ({ name, type, description: 'Accepted for compatibility (the command cannot run in a simulated cluster)', ...(short ? { short } : {}) }));
}
