/**
 * What scale, rollout and set share: resolving their resource arguments into live
 * objects (through resource-args), naming them `deployment.apps/web`, and --dry-run.
 */
import { kindPrefix, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { CliError, type ApiError } from '../errors.js';
import { fetchSelection, namedWithSelectorError, noResourcesError, parseResourceArgs } from './resource-args.js';

export interface Target {
  type: ResourceType;
  obj: KubeObject;
}

export interface TargetQuery {
  args: string[];
  namespace: string;
  selector?: string;
  all?: boolean;
  /** A type without names or selector means all of that type (rollout's builder). */
  allowBareType?: boolean;
  /** The error when no resource is named at all. */
  noArgsMessage: string;
}

export { PROVIDE_RESOURCES } from './resource-args.js';

/** -f is not wired to a manifest reader yet: say so rather than ignore it. */
export function rejectFilenames(filenames: string[] | undefined, verb: string): void {
  if (filenames?.length) throw new CliError(`${verb} -f is not supported by kubectl-lite yet; name the resource instead (TYPE NAME or TYPE/NAME)`);
}

/** Found objects in argument order, and one NotFound per missing name (or the refusal of a name no request can hold). */
export function resolveTargets(api: ApiServer, q: TargetQuery): { found: Target[]; missing: Array<ApiError | CliError> } {
  if (q.args.length === 0) throw noResourcesError(q.selector !== undefined, q.noArgsMessage);
  const sel = parseResourceArgs(q.args, api.registry);
  // Named objects are what is visited: kubectl's builder then ignores --all.
  if (sel.named.length && q.selector !== undefined) throw namedWithSelectorError(q.args);
  if (sel.types.length && q.selector === undefined && !q.all && !q.allowBareType) throw new CliError('resource(s) were provided, but no name was specified');
  const { found, missing } = fetchSelection(api, sel, { namespace: q.namespace, labelSelector: q.selector, all: q.all || q.allowBareType });
  return { found: found.map((f) => ({ type: f.type, obj: f.object })), missing };
}

/** `deployment.apps/web` */
export function targetName(t: Target): string {
  // kubectl's name printer: an object without a (string) name is <unknown>.
  const name = t.obj.metadata.name;
  return `${kindPrefix(t.type)}/${typeof name === 'string' && name ? name : '<unknown>'}`;
}

export { dryRunMode as parseDryRun, type DryRun } from './generated.js';
import type { DryRun } from './generated.js';

export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}
