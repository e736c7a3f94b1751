/**
 * Resolving `TYPE NAME...`, `TYPE/NAME...`, `TYPE -l sel` and `TYPE --all` into live
 * objects, the way kubectl's resource builder does for scale, rollout and set.
 */
import { matches, parseSelector, SelectorParseError } from '../api/labels.js';
import { kindPrefix, qualifiedName, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, CliError } from '../errors.js';

export interface Target {
  type: ResourceType;
  obj: KubeObject;
}

export interface TargetQuery {
  args: string[];
  namespace: string;
  selector?: string;
  all?: boolean;
  /** The error when no resource is named at all. */
  noArgsMessage: string;
}

export const PROVIDE_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

const SLASH_AND_TYPE =
  "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/** Splits args into (type, name) requests without touching the cluster (the checks kubectl makes first). */
export function parseTargetArgs(q: TargetQuery): Array<{ typeArg: string; name?: string }> {
  if (q.args.length === 0) throw new CliError(q.noArgsMessage);
  if (q.args.some((a) => a.includes('/'))) {
    if (!q.args[0]!.includes('/')) throw new CliError(SLASH_AND_TYPE);
    return q.args.map((a) => {
      const i = a.indexOf('/');
      if (i < 0) throw new CliError(SLASH_AND_TYPE);
      return { typeArg: a.slice(0, i), name: a.slice(i + 1) };
    });
  }
  const [typeArgs, ...names] = q.args;
  const types = typeArgs!.split(',');
  if (names.length === 0) {
    if (!q.selector && !q.all) throw new CliError(`resource(s) were provided, but no name was specified`);
    return types.map((typeArg) => ({ typeArg }));
  }
  return types.flatMap((typeArg) => names.map((name) => ({ typeArg, name })));
}

/** Looks the requests up: found objects in argument order, and one NotFound per missing name. */
export function resolveTargets(api: ApiServer, q: TargetQuery): { found: Target[]; missing: ApiError[] } {
  const requests = parseTargetArgs(q);
  let selector = null as ReturnType<typeof parseSelector> | null;
  if (q.selector) {
    try {
      selector = parseSelector(q.selector);
    } catch (e) {
      if (e instanceof SelectorParseError) throw new CliError(e.message);
      throw e;
    }
  }
  const found: Target[] = [];
  const missing: ApiError[] = [];
  for (const { typeArg, name } of requests) {
    const type = api.registry.resolve(typeArg);
    if (name !== undefined) {
      const obj = api.tryGet(type, q.namespace, name);
      if (obj) found.push({ type, obj });
      else missing.push(new ApiError('NotFound', 404, `${qualifiedName(type)} "${name}" not found`, { name, group: type.group, kind: type.plural }));
      continue;
    }
    for (const obj of api.list(type, type.namespaced ? q.namespace : undefined)) {
      if (!selector || matches(selector, obj.metadata.labels)) found.push({ type, obj });
    }
  }
  return { found, missing };
}

/** `deployment.apps/web` */
export function targetName(t: Target): string {
  return `${kindPrefix(t.type)}/${t.obj.metadata.name}`;
}

export type DryRun = 'none' | 'client' | 'server';

export function parseDryRun(value: string | undefined): DryRun {
  const v = value ?? 'none';
  if (v === 'none' || v === 'client' || v === 'server') return v;
  throw new CliError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}
