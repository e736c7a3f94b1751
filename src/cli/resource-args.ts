/**
 * kubectl's resource arguments: `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME [TYPE/NAME...]`, with
 * `-l SELECTOR` or `--all` in place of names. Resolution and fetching are separate so that
 * verbs can report each missing object and carry on, as kubectl does.
 */
import { fieldMatcher, FieldSelectorError, parseFieldSelector, type FieldRequirement } from '../api/fields.js';
import { matches, parseSelector, SelectorParseError } from '../api/labels.js';
import { requestedApiVersion, servedAt } from '../api/hpa-versions.js';
import { requestPathError } from '../api/request-name.js';
import { qualifiedName, type Registry, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import type { FlagValues } from './framework.js';
import { isRefusal, unlessRefused } from '../api/impersonation.js';
import { getObject, isComputedType, listObjects } from '../api/computed.js';
import { ApiError, badRequest, CliError, notFound } from '../errors.js';
import { listSelected } from './indexed-list.js';
import { checkPaths, expandFilename } from '../api/manifest.js';

export interface ResourceSelection {
  /** Objects asked for by name, in argument order. */
  named: Array<{ type: ResourceType; name: string }>;
  /** Types asked for without names (to list with a selector or --all). */
  types: ResourceType[];
  /**
   * The apiVersion each type argument asks for (`horizontalpodautoscalers.v1.autoscaling`: autoscaling/v1; `events.events.k8s.io`:
   * events.k8s.io/v1): objects are fetched converted to it, as kubectl gets them from that endpoint.
   */
  versions?: Map<ResourceType, string>;
}

export function parseResourceArgs(args: string[], registry: Registry): ResourceSelection {
  const versions = new Map<ResourceType, string>();
  const resolve = (arg: string) => {
    const t = registry.resolve(arg);
    versions.set(t, requestedApiVersion(registry, arg, t));
    return t;
  };
  return { ...parseArgs(expandCategories(args, registry), resolve), versions };
}

/**
 * Arguments that are each a NAME (of the verb's own type: `typeArg` undefined) or a TYPE/NAME, all
 * split before any type is mapped, as kubectl's builder takes ResourceNames.
 */
export function splitNameArgs(args: string[]): Array<{ typeArg: string | undefined; name: string }> {
  return args.map((arg) => (arg.includes('/') ? splitResourceTypeName(arg) : { typeArg: undefined, name: arg }));
}

/**
 * A category in a TYPE[,TYPE...] argument (`all`, or one a CRD declares) stands for its types, in
 * discovery order, a type named twice kept once (kubectl's ReplaceAliases). Several types beside
 * names are made TYPE/NAME pairs first, where a category is no type; one category beside names
 * stands for several types, which names cannot go with.
 */
function expandCategories(args: string[], registry: Registry): string[] {
  if (args.length === 0 || args[0]!.includes('/')) return args;
  if (args.length >= 2 && new Set(args[0]!.split(',')).size > 1) return args;
  const types = args[0]!.split(',').flatMap((t) => {
    const members = registry.lookup(t) ? [] : registry.category(t);
    return members.length ? members.map(qualifiedName) : [t];
  });
  const unique = [...new Set(types)];
  if (args.length >= 2 && unique.length > 1) throw new CliError('you must specify only one resource');
  return [unique.join(','), ...args.slice(1)];
}

/** `TYPE/NAME` arguments cannot be mixed with bare ones (kubectl's hasCombinedTypeArgs). */
export function checkCombinedTypeArgs(args: string[]): void {
  if (args.some((a) => a.includes('/')) && !args.every((a) => a.includes('/'))) {
    throw new CliError(
      "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    );
  }
}

/** The builder's refusal of a selector (or --all) with no resource type to select. */
export const SELECTOR_NEEDS_RESOURCE = 'at least one resource must be specified to use a selector';

/** The builder given no resource argument: a selector has nothing to select, else `otherwise` (its missing-resource error). */
export function noResourcesError(selecting: boolean, otherwise = PROVIDE_RESOURCES): CliError {
  return new CliError(selecting ? SELECTOR_NEEDS_RESOURCE : otherwise);
}

/** The builder's refusal of named objects beside a selector (or --all), worded by the arguments' form. */
export function namedWithSelectorError(args: string[]): CliError {
  return new CliError(
    args.some((a) => a.includes('/')) ? 'selectors and the all flag cannot be used when passing resource/name arguments' : 'name cannot be provided when a selector is specified',
  );
}

/**
 * kubectl's builder given -f (or -k) and resource arguments too: the arguments' own errors first
 * (mixed forms, a malformed TYPE/NAME), then its refusal of arguments beside paths, worded by their form.
 */
export function pathsWithArgumentsError(args: string[], flags: FlagValues, cwd: string): CliError {
  // The builder takes in the -f paths first: one that does not exist is its first error.
  checkPaths((flags.filename as string[] | undefined) ?? [], cwd);
  checkCombinedTypeArgs(args);
  if (args.some((a) => a.includes('/'))) {
    for (const a of args) splitResourceTypeName(a);
    return new CliError('resource/name arguments cannot be provided when a path is specified');
  }
  return new CliError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
}

/**
 * One TYPE/NAME argument, checked as kubectl's builder checks it: one slash, and one type before
 * it (repeats of one type count once, and the type is then mapped as written: `pods,pods`).
 */
export function splitResourceTypeName(arg: string): { typeArg: string; name: string } {
  const parts = arg.split('/');
  if (parts.length !== 2) throw new CliError('arguments in resource/name form may not have more than one slash');
  const [typeArg, name] = parts as [string, string];
  if (!typeArg || !name || new Set(typeArg.split(',')).size !== 1) throw new CliError('arguments in resource/name form must have a single resource and name');
  return { typeArg, name };
}

/**
 * The types of a `TYPE[,TYPE...]` argument as kubectl's builder splits it (SplitResourceArgument): a type named
 * twice is one (`cm,cm`; `cm,configmaps` stays two), an empty one is kept: alone it is a type the server does
 * not have, beside another and with names it is a `TYPE/NAME` without its type.
 */
export function splitTypeArgs(arg: string, named: boolean): string[] {
  const types = [...new Set(arg.split(','))];
  if (named && types.length > 1 && types.includes('')) throw new CliError('arguments in resource/name form must have a single resource and name');
  return types;
}

function parseArgs(args: string[], resolveType: (arg: string) => ResourceType): ResourceSelection {
  if (args.length === 0) return { named: [], types: [] };
  checkCombinedTypeArgs(args);
  if (args.some((a) => a.includes('/'))) {
    return {
      named: args.map((a) => {
        const { typeArg, name } = splitResourceTypeName(a);
        return { type: resolveType(typeArg), name };
      }),
      types: [],
    };
  }
  const names = args.slice(1);
  const types = splitTypeArgs(args[0]!, names.length > 0).map((t) => resolveType(t));
  if (names.length === 0) return { named: [], types };
  return { named: types.flatMap((type) => names.map((name) => ({ type, name }))), types: [] };
}

export interface FetchOptions {
  namespace: string;
  allNamespaces?: boolean;
  labelSelector?: string;
  /** --field-selector: what a listing of each type keeps (fields.ts). */
  fieldSelector?: string;
  /** Select every object of the types (kubectl's --all). */
  all?: boolean;
}

export interface Fetched {
  type: ResourceType;
  object: KubeObject;
}

/** A listing by selector the server refused (BadRequest), as kubectl words it around the server's message. */
export function selectionRefused(type: ResourceType, labelSelector: string, fieldSelector: string, message: string): ApiError {
  return badRequest(`Unable to find "${type.group}/${type.version}, Resource=${type.plural}" that match label selector "${labelSelector}", field selector "${fieldSelector}": ${message}`);
}

/** Parses -l as the API server would, failing with its BadRequest text. */
export function parseLabelSelectorArg(text: string, type: ResourceType, fieldSelector = '') {
  try {
    return parseSelector(text);
  } catch (e) {
    if (!(e instanceof SelectorParseError)) throw e;
    throw selectionRefused(type, text, fieldSelector, e.message);
  }
}

/** --field-selector as the server takes it for a listing of `type`: its terms, and what it keeps. */
export function fieldSelectionOf(type: ResourceType, fieldSelector: string, labelSelector = ''): { fields: FieldRequirement[]; keep: (obj: KubeObject) => boolean } {
  try {
    const fields = parseFieldSelector(fieldSelector);
    return { fields, keep: fieldMatcher(fields, type) };
  } catch (e) {
    if (!(e instanceof FieldSelectorError)) throw e;
    throw selectionRefused(type, labelSelector, fieldSelector, e.message);
  }
}

/**
 * The objects a selection names. Missing named objects become NotFound errors in `missing`, and a
 * name no request path can hold client-go's refusal (the verb reports each); types without names
 * need a selector or `all`.
 */
export function fetchSelection(api: ApiServer, sel: ResourceSelection, opts: FetchOptions): { found: Fetched[]; missing: Array<ApiError | CliError> } {
  const found: Fetched[] = [];
  const missing: Array<ApiError | CliError> = [];
  const at = (type: ResourceType, obj: KubeObject) => {
    const version = sel.versions?.get(type);
    return version ? servedAt(obj, version) : obj;
  };
  // What the requester may not read (under --as) is reported with what is not found, as kubectl's builder collects both.
  for (const { type, name } of sel.named) {
    const unfit = requestPathError(type, opts.namespace, name);
    if (unfit) {
      missing.push(unfit);
      continue;
    }
    const obj = isComputedType(type) ? computed(() => getObject(api, type, opts.namespace, name)) : unlessRefused(() => api.tryGet(type, opts.namespace, name));
    if (isRefusal(obj)) missing.push(obj);
    else if (obj) found.push({ type, object: at(type, obj) });
    else missing.push(notFound(type.plural, type.group, name));
  }
  for (const type of sel.types) {
    const fieldSelector = opts.fieldSelector ?? '';
    const selector = opts.labelSelector !== undefined ? parseLabelSelectorArg(opts.labelSelector, type, fieldSelector) : [];
    const byFields = fieldSelector ? fieldSelectionOf(type, fieldSelector, opts.labelSelector ?? '') : undefined;
    const ns = opts.allNamespaces ? undefined : opts.namespace;
    const keep = (obj: KubeObject) => matches(selector, obj.metadata.labels) && (byFields?.keep(obj) ?? true);
    const listed = isComputedType(type)
      ? computed(() => listObjects(api, type, ns).filter(keep))
      : unlessRefused(() => listSelected(api, type, ns, { labels: selector, fields: byFields?.fields }, keep));
    if (isRefusal(listed)) missing.push(listed);
    else for (const obj of listed) found.push({ type, object: at(type, obj) });
  }
  return { found, missing };
}

/** A read of a computed resource (metrics, component statuses): any API error it answers is reported as a missing object's. */
function computed<T>(read: () => T): T | ApiError {
  try {
    return read();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
}

/**
 * The builder's singleItemImplied, as kubectl behaves: -f names one path (a file or a directory),
 * not stdin, and a pattern (`-f 'dir/*.yaml'`) that matches one path.
 */
export function singleItemImplied(flags: FlagValues, cwd: string): boolean {
  const files = (flags.filename as string[] | undefined) ?? [];
  if (flags.kustomize !== undefined || files.length !== 1 || files[0] === '-') return false;
  try {
    return expandFilename(files[0]!, cwd).length === 1;
  } catch {
    return true; // the reading of the path reports it
  }
}

/**
 * client-go's refusal to fetch a namespaced object with no namespace: a document without one of its
 * own under -A (the builder's namespace is then none).
 */
export function noNamespaceMessage(type: ResourceType, apiVersion: unknown, name: string): string {
  return `no namespace set on resource ${type.group}/${String(apiVersion ?? '').split('/').pop()}, Resource=${type.plural} ${JSON.stringify(name)}`;
}

/** kubectl's resource builder when given no resource at all. */
export const PROVIDE_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

