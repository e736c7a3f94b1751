/**
 * kubectl's DeleteFlags as the verbs that delete on the side (apply --force / --prune, replace
 * --force) read them: --cascade (with its deprecated boolean values), --grace-period, --timeout,
 * and the wait for a deleted object to be gone before it is created again.
 */
import type { ResourceType } from '../api/registry.js';
import type { ApiServer, DeleteOptions } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { CliError, RawError, exitIfInterrupted } from '../errors.js';
import { parseGoDuration } from '../util/duration.js';
import type { Context, FlagSpec, FlagValues } from './framework.js';
import { parseFlagBool } from './simple-args.js';

export const CASCADE_FLAG: FlagSpec = {
  name: 'cascade',
  type: 'string',
  arg: 'string',
  default: 'background',
  description: 'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.',
};

export const GRACE_PERIOD_FLAG: FlagSpec = {
  name: 'grace-period',
  type: 'int',
  default: -1,
  description: 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).',
};

export const TIMEOUT_FLAG: FlagSpec = {
  name: 'timeout',
  type: 'string',
  arg: 'duration',
  default: '0s',
  description: 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object',
};

/** kubectl's parseCascadingFlag: strconv.ParseBool's words (with a warning), then the strategies as written. */
export function cascadeOf(value: string | undefined, warn?: (text: string) => void): DeleteOptions['propagationPolicy'] {
  const text = value ?? 'background';
  const bool = parseFlagBool(text);
  if (bool !== undefined) {
    warn?.(`warning: --cascade=${text} is deprecated (boolean value) and can be replaced with --cascade=${bool ? 'background' : 'orphan'}.\n`);
    return bool ? 'Background' : 'Orphan';
  }
  if (text === 'background') return 'Background';
  if (text === 'foreground') return 'Foreground';
  if (text === 'orphan') return 'Orphan';
  throw new CliError(`invalid cascade value (${value}). Must be "background", "foreground", or "orphan"`);
}

/** --timeout as pflag parses a duration flag (milliseconds); a bad value is cobra's usage error. */
export function timeoutOf(ctx: Context, flags: FlagValues, name = 'timeout'): number {
  const text = String(flags[name] ?? '0s');
  const ms = parseGoDuration(text);
  if (ms === undefined) {
    throw new RawError(`Error: invalid argument "${text}" for "--${name}" flag: time: invalid duration "${text}"\nSee '${ctx.commandPath ?? ctx.programName} --help' for usage.`);
  }
  return ms;
}

/** kubectl's asDeleteOptions: the grace period only when not negative, and the cascading strategy. */
export function deleteOptionsOf(policy: DeleteOptions['propagationPolicy'], gracePeriod: number): DeleteOptions {
  return { propagationPolicy: policy, ...(gracePeriod >= 0 ? { gracePeriodSeconds: gracePeriod } : {}) };
}

/** The object deleted, while it is still there: neither gone nor replaced by another of its name (another uid). */
export function stillThere(api: ApiServer, type: ResourceType, namespace: string | undefined, name: string, uid: string | undefined): KubeObject | undefined {
  const obj = api.tryGet(type, namespace, name);
  return obj !== undefined && (uid === undefined || obj.metadata.uid === uid) ? obj : undefined;
}

/**
 * Polls (as kubectl does, every second of wall-clock time, while the simulated cluster moves on)
 * until the object with this uid is gone; false when `timeoutMs` (> 0) ran out first. Zero waits
 * as long as it takes (kubectl's PollImmediate with no timeout), or until Ctrl-C.
 */
export async function waitGone(ctx: Context, type: ResourceType, namespace: string | undefined, name: string, uid: string | undefined, timeoutMs: number): Promise<boolean> {
  void ctx.signal; // installs the signal handlers: this may wait
  const deadline = timeoutMs > 0 ? ctx.realNow() + timeoutMs : Infinity;
  for (;;) {
    if (!ctx.session().read((api) => stillThere(api, type, namespace, name, uid))) return true;
    if (ctx.realNow() >= deadline) return false;
    await ctx.sleep(Math.min(1000, Math.max(1, deadline - ctx.realNow())));
    exitIfInterrupted(ctx.signal);
  }
}
