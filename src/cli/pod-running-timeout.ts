/**
 * --pod-running-timeout, as cmdutil.GetPodRunningTimeoutFlag reads it for the verbs that wait for a
 * pod (attach, exec, port-forward, logs, run, cluster-info dump): pflag has parsed the duration
 * already; a zero or negative one is refused, as a usage error where the verb wraps it so.
 */
import { CliError } from '../errors.js';
import { parseGoDuration } from '../util/duration.js';
import type { Context, FlagSpec, FlagValues } from './framework.js';
import { usageError } from './generated.js';

export function podRunningTimeoutFlag(defaultValue: string): FlagSpec {
  return {
    name: 'pod-running-timeout',
    type: 'string',
    arg: 'duration',
    default: defaultValue,
    description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
  };
}

const MESSAGE = '--pod-running-timeout must be higher than zero';

/** The timeout in milliseconds; `usage`: refused as a usage error (pointing to the command's help), as the verb's kubectl does. */
export function podRunningTimeoutOf(ctx: Context, flags: FlagValues, usage = false): number {
  const ms = parseGoDuration(String(flags['pod-running-timeout'] ?? '1m0s')) ?? 0;
  if (ms > 0) return ms;
  throw usage ? usageError(ctx, MESSAGE) : new CliError(MESSAGE);
}
