/**
 * kubectl get: resolve the types and names, read the objects, filter them, hand them to
 * the printers. Table output is built here (server-side Tables + the client renderer);
 * every other -o format is loaded lazily from printers/format.ts.
 */
import type { FieldRequirement } from '../api/fields.js';
import { matches, type Selector } from '../api/labels.js';
import { isRefusal, unlessRefused } from '../api/impersonation.js';
import { apiVersionOf, kindPrefix, type Registry, type ResourceType } from '../api/registry.js';
import { requestedApiVersion, servedAt, versionOf } from '../api/hpa-versions.js';
import { checkRequestPath } from '../api/request-name.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { getObject, isComputedType, listObjects } from '../api/computed.js';
import type { Visit } from './manifest-objects.js';
import type { RawObject } from '../store/peek.js';
import { listThroughIndexes } from './indexed-list.js';
import { fieldSelectionOf, splitTypeArgs, namedWithSelectorError, noNamespaceMessage, parseLabelSelectorArg, pathsWithArgumentsError, singleItemImplied, splitResourceTypeName } from './resource-args.js';
import { ApiError, CliError, KustomizeBuildError, RawError, StandardMessageError, notFound, readingVerbError } from '../errors.js';
import { bareBuilderError, BuilderErrorList, BuilderErrors } from './aggregate-errors.js';
import { buildScaleTable, buildTable } from '../printers/table/index.js';
import { renderTables, type TableRenderOptions } from '../printers/table-render.js';
import type { Table } from '../printers/types.js';
import type { Context, FlagValues, VerbSpec, Writer } from './framework.js';
import type { WatchOptions } from './get-watch.js';

/** What the user asked for: one type with optional names, in argument order. */
interface Request {
  typeArg: string;
  names: string[];
  /**
   * A TYPE/NAME, or one of several types given names (the builder makes each a TYPE/NAME before it
   * expands categories): a category is no type here.
   */
  tuple?: boolean;
}


export interface GetOptions {
  requests: Request[];
  /** The resource arguments as given. */
  args: string[];
  /** -f: read the objects named by these manifests instead of type arguments. */
  filenames: string[];
  output: string;
  /** --template: the template of a bare template format; alone it means go-template. */
  template?: string;
  /** Printed as a table (default or wide) rather than by printObjects. */
  table: boolean;
  wide: boolean;
  allNamespaces: boolean;
  labelSelector: string;
  fieldSelector: string;
  showKind: boolean;
  showLabels: boolean;
  labelColumns: string[];
  noHeaders: boolean;
  sortBy?: string;
  ignoreNotFound: boolean;
  showManagedFields: boolean;
  /** --allow-missing-template-keys. */
  allowMissingKeys: boolean;
  /** --server-print=false: kubectl's client-side NAME / AGE table. */
  clientSide: boolean;
  /** What is printed needs no field beyond those the store's summaries keep (see api/list-summaries.ts). */
  summariesEnough: boolean;
  /** -f names one file (or a directory of one), not stdin: kubectl's builder implies a single item, printed as itself. */
  singleFile?: boolean;
  /** --subresource: what named objects are read through (-f and watches ignore it, as kubectl's builder does). */
  subresource?: string;
  /** A whole List is printed as -o json|yaml: one type listed may be read as it is printed (Group.lazy). */
  lazyList: boolean;
}

/** One response of the server to the builder: a list (its objects) or one named object. */
export interface Response {
  objects: number;
  named: boolean;
}

/** Objects of one type, as one group of output. */
export interface Group {
  type: ResourceType;
  objects: KubeObject[];
  /** The CustomResourceDefinition of a custom type (its printer columns). */
  crd?: KubeObject;
  /** The apiVersion the type argument asked for (`horizontalpodautoscalers.v1.autoscaling`): objects are printed converted to it. */
  apiVersion: string;
  /** The objects, read as they are printed (-o json|yaml of a whole List; `objects` is then empty): see get-stream.ts. */
  lazy?: Iterable<KubeObject | RawObject>;
  /** Check mode: the objects listed as they are without `lazy`, to compare with. */
  listed?: KubeObject[];
  /** The objects are the autoscaling/v1 Scales of --subresource=scale. */
  scale?: boolean;
  /** Documents without a name, as read: kubectl's builder could not fetch them. */
  unfetched?: boolean;
  /**
   * The server's responses the objects came from, in order: one per list (its objects), one per
   * named object. kubectl's builder has one result for each, and --sort-by sorts them.
   */
  responses: Response[];
}

function noTypeError(prog: string): RawError {
  return new RawError(
    `You must specify the type of resource to get. Use "${prog} api-resources" for a complete list of supported resources.\n\n` +
      `error: Required resource not specified.\n` +
      `Use "${prog} explain <resource>" for a detailed description of that resource (e.g. ${prog} explain pods).\n` +
      `See '${prog} get -h' for help and examples`,
  );
}

/** TYPE[,TYPE] NAME... or TYPE/NAME... (resource.Builder's argument forms). */
export function parseArgs(args: string[], prog = 'kubectl'): Request[] {
  if (args.some((a) => a.includes('/'))) {
    if (args.some((a) => !a.includes('/'))) {
      throw new CliError(
        `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '${prog} get resource/<resource_name>' instead of '${prog} get resource resource/<resource_name>'`,
      );
    }
    return args.map((a) => {
      const { typeArg, name } = splitResourceTypeName(a);
      return { typeArg, names: [name], tuple: true };
    });
  }
  const [types, ...names] = args;
  const typeArgs = splitTypeArgs(types!, names.length > 0);
  const tuple = names.length > 0 && typeArgs.length > 1;
  return typeArgs.map((typeArg) => ({ typeArg, names, tuple }));
}

/** kubectl's MultipleTypesRequested: `all`, or more than one distinct type argument. */
function splitLabelColumns(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}

function complete(ctx: Context, args: string[], flags: FlagValues): GetOptions {
  // -k DIR reads manifests as -f does (its directory stands in the list).
  const filenames: string[] = flags.kustomize !== undefined ? [...(flags.filename ?? []), flags.kustomize] : (flags.filename ?? []);
  if (filenames.length > 0 && args.length > 0) {
    throw pathsWithArgumentsError(args, flags, ctx.cwd);
  }
  if (args.length === 0 && filenames.length === 0) throw noTypeError(ctx.programName);
  const output: string = flags.output ?? '';
  const requests = args.length ? parseArgs(args, ctx.programName) : [];
  const opts: GetOptions = {
    requests,
    args,
    filenames,
    output,
    template: flags.template || undefined,
    table: output === 'wide' || (output === '' && !flags.template),
    wide: output === 'wide',
    allNamespaces: flags['all-namespaces'] === true,
    labelSelector: flags.selector ?? '',
    fieldSelector: flags['field-selector'] ?? '',
    // Otherwise the kind shows when what was fetched has more than one type (see printTables), as kubectl decides from its infos.
    showKind: flags['show-kind'] === true,
    showLabels: flags['show-labels'] === true,
    labelColumns: splitLabelColumns(flags['label-columns']),
    noHeaders: flags['no-headers'] === true,
    sortBy: flags['sort-by'] || undefined,
    ignoreNotFound: flags['ignore-not-found'] === true,
    showManagedFields: flags['show-managed-fields'] === true,
    allowMissingKeys: flags['allow-missing-template-keys'] !== false,
    clientSide: flags['server-print'] === false,
    summariesEnough: false,
    subresource: isWatch(flags) ? undefined : flags.subresource || undefined,
    lazyList: false,
  };
  opts.summariesEnough = (opts.table || output === 'name') && !opts.sortBy && !opts.clientSide && !isWatch(flags) && !opts.subresource;
  // --ignore-not-found prints nothing, not an empty List, when nothing is found: the list must be read first.
  opts.lazyList = (output === 'json' || output === 'yaml') && !opts.template && !opts.sortBy && !isWatch(flags) && !opts.subresource && filenames.length === 0 && !opts.ignoreNotFound;
  validate(opts, flags);
  return opts;
}

const isWatch = (flags: FlagValues): boolean => flags.watch === true || flags['watch-only'] === true;

function validate(o: GetOptions, flags: FlagValues): void {
  if (o.showLabels && o.output !== '' && o.output !== 'wide') {
    throw new CliError(`--show-labels option cannot be used with ${o.output} printer`);
  }
  if (flags['output-watch-events'] === true && !isWatch(flags)) throw new CliError('--output-watch-events option can only be used with --watch or --watch-only');
  // The builder's checks, after the options' own.
  const named = o.requests.some((r) => r.names.length > 0);
  if (named && (o.labelSelector || o.fieldSelector)) throw namedWithSelectorError(o.args);
  if (named && o.requests.some((r) => r.typeArg === 'all' && !r.tuple)) throw new CliError('you must specify only one resource');
  if (named && o.allNamespaces) throw new CliError('a resource cannot be retrieved by name across all namespaces');
}

function resolveTypes(registry: Registry, typeArg: string, tuple = false): ResourceType[] {
  if (tuple) return [registry.resolve(typeArg)];
  if (typeArg === 'all') return registry.category('all');
  // A category a CRD declares (`kubectl get gadgets`) expands to its types, as `all` does.
  const category = registry.lookup(typeArg) ? [] : registry.category(typeArg.toLowerCase());
  return category.length ? category : [registry.resolve(typeArg)];
}

/** -l and --field-selector of a listing of `t`, parsed, and what they keep. */
interface Selection {
  keep: (obj: KubeObject) => boolean;
  labels: Selector;
  fields: FieldRequirement[];
}

/** What -l and --field-selector keep of a listing of `t`, as the API server decides it (it refuses a list of a type that has none). */
function selectionOf(t: ResourceType, o: GetOptions): Selection {
  if (!t.verbs.includes('list')) {
    throw new ApiError('MethodNotAllowed', 405, 'the server does not allow this method on the requested resource');
  }
  const labels = parseLabelSelectorArg(o.labelSelector, t, o.fieldSelector);
  const { fields, keep: fieldOk } = fieldSelectionOf(t, o.fieldSelector, o.labelSelector);
  return { keep: (obj) => matches(labels, obj.metadata?.labels) && fieldOk(obj), labels, fields };
}

/** The objects the selectors keep, read through the store's indexes where they narrow the listing (indexed-list.ts). */
function indexedSelection(api: ApiServer, t: ResourceType, namespace: string | undefined, o: GetOptions, selection: Selection, omit?: string): Iterable<KubeObject> | undefined {
  if (api.writable || (!o.labelSelector && !o.fieldSelector)) return undefined;
  return listThroughIndexes(api, t, namespace, selection, selection.keep, omit);
}

/** Lists one type with the selectors applied, as the API server would. */
function listType(api: ApiServer, t: ResourceType, namespace: string | undefined, o: GetOptions): KubeObject[] {
  const selection = selectionOf(t, o);
  const { keep } = selection;
  const selected = (objects: KubeObject[]) => objects.filter(keep);
  const indexed = indexedSelection(api, t, namespace, o, selection);
  if (indexed) return [...indexed];
  const summaries = o.summariesEnough ? api.listSummaries(t, namespace) : undefined;
  if (!summaries) return selected(listObjects(api, t, namespace));
  const listed = selected(summaries);
  if (process.env.KUBECTL_LITE_CHECK_SETTLE === '1') checkSummaries(t, listed, selected(listObjects(api, t, namespace)), api.clock.now());
  return listed;
}

/** Check mode: a listing made from summaries prints exactly what one made from the objects prints. */
function checkSummaries(t: ResourceType, fromSummaries: KubeObject[], fromObjects: KubeObject[], now: Date): void {
  const print = (objects: KubeObject[]) =>
    JSON.stringify([buildTable(t, objects, now).rows.map((r) => r.cells), objects.map((obj) => [obj.kind, obj.apiVersion, obj.metadata.labels])]);
  const a = print(fromSummaries);
  const b = print(fromObjects);
  if (a !== b) throw new Error(`the ${t.plural} listed from the store's summaries print otherwise than the objects themselves:\n${a}\n${b}`);
}

/**
 * A listing read as it is printed (ApiServer.scan): the objects the selectors keep, filtered by
 * their summaries before their shards are read, then by themselves. Undefined where the store
 * cannot scan (then listType).
 */
function scanType(api: ApiServer, t: ResourceType, namespace: string | undefined, o: GetOptions): Iterable<KubeObject | RawObject> | undefined {
  const selection = selectionOf(t, o);
  const { keep } = selection;
  const all = !o.labelSelector && !o.fieldSelector;
  // managedFields, which -o json|yaml leave out unless asked, need not even be parsed; -o json of
  // every object prints them from their bytes (list-stream.ts).
  const omit = o.showManagedFields ? undefined : 'managedFields';
  if (all) return api.scan(t, namespace, undefined, omit, o.output === 'json');
  const indexed = indexedSelection(api, t, namespace, o, selection, omit);
  if (indexed) return indexed;
  const scanned = api.scan(t, namespace, keep, omit) as Iterable<KubeObject> | undefined;
  return scanned && (function* () {
    for (const obj of scanned) if (keep(obj)) yield obj;
  })();
}

/** A custom type's printer columns come with the server's table, not from a request of the user's. */
function crdOf(api: ApiServer, type: ResourceType): KubeObject | undefined {
  const crds = api.registry.lookup('customresourcedefinitions.apiextensions.k8s.io');
  return crds && api.asSystem().tryGet(crds, undefined, `${type.plural}.${type.group}`);
}

type ResolveDoc = (typeof import('./manifest-objects.js'))['resolveDoc'];

export interface ReadResult {
  groups: Group[];
  /** The store generation read (where a watch starts). */
  generation: number;
  /** The store's resourceVersion read (a list's). */
  revision: number;
  errors: unknown[];
  now: Date;
  namespace: string;
  /** Every type involved is namespaced and -A was not given (which "No resources found" to print). */
  allNamespaced: boolean;
}

/**
 * The documents of -f in the builder's order, each read or the error in its place (the YAML reader
 * is loaded only here). get prints the builder's errors itself, bare (see read).
 */
async function readManifests(ctx: Context, flags: FlagValues): Promise<Visit[]> {
  const { visitDocuments } = await import('./manifest-objects.js');
  // A kustomization that does not build is the builder's visit error too: bare.
  const visits = await visitDocuments(ctx, flags, 'get').catch((err: unknown) => Promise.reject(err instanceof KustomizeBuildError ? bareBuilderError(err) : err));
  return visits.map((v) => ('error' in v ? { ...v, error: bareBuilderError(v.error) } : v));
}

type Subresources = typeof import('../api/subresources.js');

function read(ctx: Context, o: GetOptions, docs: Visit[], resolveDoc?: ResolveDoc, sub?: Subresources): ReadResult {
  if (sub && o.requests.some((r) => r.names.length === 0)) throw new CliError('subresource cannot be used when bulk resources are specified');
  const session = ctx.session();
  const namespace = session.namespace;
  return session.read((api) => {
    const groups: Group[] = [];
    const errors: unknown[] = [];
    let allNamespaced = !o.allNamespaces;
    const add = (type: ResourceType, objects: KubeObject[], named: boolean, apiVersion = apiVersionOf(type), scale = false, unfetched = false) => {
      const last = groups[groups.length - 1];
      const response = { objects: objects.length, named };
      if (last && last.type === type && last.apiVersion === apiVersion && !!last.scale === scale && !!last.unfetched === unfetched) {
        last.objects.push(...objects);
        last.responses.push(response);
      } else groups.push({ type, objects, responses: [response], crd: type.custom ? crdOf(api, type) : undefined, apiVersion, ...(scale ? { scale } : {}), ...(unfetched ? { unfetched } : {}) });
    };
    const seen = new Set<string>();
    for (const req of o.requests) {
      const types = resolveTypes(api.registry, req.typeArg, req.tuple);
      for (const t of types) {
        // `get cm,configmaps` lists once; named objects are fetched as often as they are named
        // (`get cm,configmaps a` prints a twice, as kubectl does).
        const key = `${t.group}/${t.plural}`;
        if (req.names.length === 0 && seen.has(key)) continue;
        if (req.names.length === 0) seen.add(key);
        if (!t.namespaced) allNamespaced = false;
        const ns = t.namespaced ? namespace : undefined;
        const apiVersion = requestedApiVersion(api.registry, req.typeArg, t);
        if (req.names.length === 0) {
          const lazy = unlessRefused(() => {
            const scanned = o.lazyList && o.requests.length === 1 && types.length === 1 && !isComputedType(t) ? scanType(api, t, o.allNamespaces ? undefined : ns, o) : undefined;
            add(t, scanned ? [] : listType(api, t, o.allNamespaces ? undefined : ns, o), false, apiVersion);
            return scanned;
          });
          // A list the requester may not make (under --as), or client-go will not send, is reported with the
          // others' results, as kubectl goes on: its builder's aggregate of them, printed bare even alone.
          if (isRefusal(lazy)) {
            errors.push(bareBuilderError(lazy));
            continue;
          }
          if (lazy) groups[groups.length - 1]!.lazy = lazy;
          // Check mode: what the listing prints read lazily is compared with what it prints listed (printOther).
          if (lazy && process.env.KUBECTL_LITE_CHECK_SETTLE === '1') groups[groups.length - 1]!.listed = listType(api, t, o.allNamespaces ? undefined : ns, o);
          continue;
        }
        for (const name of req.names) {
          try {
            checkRequestPath(t, ns, name);
            if (sub) add(t, [sub.getSubresource(api, t, ns, name, o.subresource!)], true, apiVersion, o.subresource === 'scale');
            else if (!t.verbs.includes('get')) throw new ApiError('MethodNotAllowed', 405, 'the server does not allow this method on the requested resource');
            else add(t, [getObject(api, t, ns, name)], true, apiVersion);
          } catch (e) {
            if (!(e instanceof ApiError && e.reason === 'NotFound' && o.ignoreNotFound)) errors.push(e);
          }
        }
      }
    }
    if (docs.length) {
      // kubectl's builder visits the documents in order, the errors of those it cannot read or
      // fetch among them: they are printed in that order (a List's items' as one: aggregate-errors.ts's ListErrors).
      const docErrors = new BuilderErrorList();
      for (const visit of docs) {
        if ('error' in visit) {
          docErrors.add(visit.error, visit.seq);
          continue;
        }
        const { doc } = visit;
        let d: ReturnType<ResolveDoc>;
        try {
          d = readingVerbError(() => resolveDoc!(api, session, doc, { latest: true }));
        } catch (e) {
          // kubectl's builder goes on past a document it cannot map, and reports it with the rest.
          docErrors.add(e, doc.seq ?? 0);
          continue;
        }
        const sel = parseLabelSelectorArg(o.labelSelector, d.type, o.fieldSelector);
        if (!d.type.namespaced) allNamespaced = false;
        // With -A the builder gives a document no namespace of its own: it cannot fetch a namespaced object.
        const namespaceless = o.allNamespaces && d.type.namespaced && !doc.object.metadata?.namespace;
        if (!d.name) {
          // kubectl's builder fetches nothing for a document without a name: it prints the document itself.
          const unnamed = deepClone(doc.object);
          if (d.type.namespaced && !namespaceless) unnamed.metadata = { ...unnamed.metadata, namespace: d.namespace };
          if (matches(sel, unnamed.metadata?.labels)) add(d.type, [unnamed], true, doc.object.apiVersion || undefined, false, true);
          continue;
        }
        if (namespaceless) {
          docErrors.add(new RawError(noNamespaceMessage(d.type, doc.object.apiVersion, d.name)), doc.seq ?? 0);
          continue;
        }
        const obj = unlessRefused(() => api.tryGet(d.type, d.namespace, d.name));
        if (isRefusal(obj)) {
          docErrors.add(bareBuilderError(obj), doc.seq ?? 0);
          continue;
        }
        if (!obj) {
          if (!o.ignoreNotFound) docErrors.add(notFound(d.type.plural, d.type.group, d.name), doc.seq ?? 0);
          continue;
        }
        // kubectl reads the object at the manifest's version.
        if (matches(sel, obj.metadata?.labels)) add(d.type, [obj], true, doc.object.apiVersion || undefined);
      }
      errors.push(...docErrors.errors);
    }
    return { groups, errors, generation: api.store.generation, revision: api.store.revision, now: api.clock.now(), namespace, allNamespaced };
  });
}

async function statusColour(): Promise<(s: string) => string> {
  // ctx.color already decided that stdout is a terminal; basic colours are enough.
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  const GOOD = new Set(['Running', 'Completed', 'Complete', 'Ready', 'Active', 'Bound', 'Available', 'Succeeded']);
  const WAIT = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'SchedulingGated', 'Released']);
  return (s) => {
    if (GOOD.has(s)) return chalk.green(s);
    if (WAIT.has(s) || s.startsWith('Init:')) return chalk.yellow(s);
    if (s.startsWith('Ready,')) return chalk.yellow(s);
    return chalk.red(s);
  };
}

async function printTables(ctx: Context, o: GetOptions, r: ReadResult): Promise<boolean> {
  const colorStatus = ctx.color ? await statusColour() : undefined;
  const client = o.clientSide ? await import('./get-extra.js') : undefined;
  // What was not fetched (a document without a name) is not the server's Table: kubectl's own NAME and AGE.
  const clientTables = !client && r.groups.some((g) => g.unfetched) ? await import('./get-extra.js') : undefined;
  // kubectl's MustPrintWithKinds: results of more than one type are always named kind/name.
  const showKind = o.showKind || new Set(r.groups.map((g) => g.type)).size > 1;
  const tableOf = (g: Group, objects: KubeObject[]) =>
    client || g.unfetched ? (client ?? clientTables!).clientSideTable(objects, r.now) : g.scale ? buildScaleTable(objects, r.now) : buildTable(g.type, objects, r.now, g.crd, versionOf(g.apiVersion));
  let groups: Array<{ group: Group; table: Table }> = r.groups.map((group) => ({ group, table: tableOf(group, group.objects) }));
  if (o.sortBy) groups = await (await import('./get-sort.js')).sortedTables(ctx, r, o.sortBy, tableOf);
  // With -A, kubectl's printer for a namespaced type turns its NAMESPACE column on in print flags
  // that every later printer shares: a cluster-scoped type printed after one has the column, empty.
  let namespaceColumn = false;
  const rendered = groups.map(({ group: g, table }) => {
    namespaceColumn ||= Boolean(o.allNamespaces && g.type.namespaced);
    const opts: TableRenderOptions = {
      wide: o.wide,
      noHeaders: o.noHeaders,
      withNamespace: namespaceColumn,
      kindPrefix: showKind ? kindPrefix(g.type) : undefined,
      labelColumns: o.labelColumns,
      showLabels: o.showLabels,
      colorStatus,
    };
    return { table, opts };
  });
  const text = renderTables(rendered);
  ctx.io.out.write(text);
  return text.length > 0;
}

async function printOther(ctx: Context, o: GetOptions, r: ReadResult, out: Writer = ctx.io.out): Promise<void> {
  const lazy = r.groups.length === 1 ? r.groups[0]!.lazy : undefined;
  if (lazy) {
    const listed = (objects: KubeObject[], to: Writer) => printOther(ctx, o, { ...r, groups: [{ ...r.groups[0]!, objects, lazy: undefined }] }, to);
    return (await import('./get-stream.js')).printLazy(o, r.groups[0]!, lazy, out, listed);
  }
  const format = await import('../printers/format.js');
  // A Scale is named `scale.autoscaling/NAME`, as kubectl names it by the object's own kind.
  const items = r.groups.flatMap((g) => g.objects.map((object) => (g.scale ? { object, type: { ...g.type, kind: 'Scale', group: 'autoscaling' } } : { object: servedAt(object, g.apiVersion), type: g.type })));
  const single = (o.singleFile === true || namesOneObject(o)) && items.length === 1;
  // printObjects sorts (--sort-by) and reads --template itself.
  const request = {
    output: o.output,
    template: o.template,
    sortBy: o.sortBy,
    allowMissingKeys: o.allowMissingKeys,
    items,
    single,
    showManagedFields: o.showManagedFields,
    noHeaders: o.noHeaders,
    cwd: ctx.cwd,
    out,
  };
  if (o.sortBy) await (await import('./get-sort.js')).unsortableExits(ctx, () => format.printObjects(request));
  else await format.printObjects(request);
}

async function run(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  if (flags.raw !== undefined) return (await import('./get-extra.js')).getRaw(ctx, args, flags);
  const o = complete(ctx, args, flags);
  const tableOutput = o.table;
  let unknownFormat: CliError | undefined;
  if (!tableOutput && o.output !== '') {
    const format = await import('../printers/format.js');
    if (!format.isObjectFormat(o.output)) {
      unknownFormat = new CliError(`unable to match a printer suitable for the output format "${o.output}", allowed formats are: ${format.ALLOWED_FORMATS}`);
    }
  }
  const docs = o.filenames.length ? await readManifests(ctx, flags) : [];
  // The builder parses -l for the objects of files before it fetches any.
  if (docs.length && o.labelSelector) await (await import('./manifest-objects.js')).fileSelector(o.labelSelector);
  // Looked up once: a -f pattern is matched against the file system to say.
  const singleItem = singleItemImplied(flags, ctx.cwd);
  o.singleFile = singleItem && new Set(docs.map((d) => ('doc' in d ? d.doc.source : undefined))).size === 1;
  const resolveDoc = docs.length ? (await import('./manifest-objects.js')).resolveDoc : undefined;
  const watching = isWatch(flags);
  // A watch installs the signal handlers (ctx.signal) before its first output, so Ctrl-C right after it is caught.
  if (watching) void ctx.signal;
  const sub = o.subresource ? await import('../api/subresources.js') : undefined;
  if (watching) checkSingleResourceType(ctx, o, args);
  let result: ReadResult;
  try {
    result = read(ctx, o, docs, resolveDoc, sub);
  } catch (err) {
    // A listing the server refused (a selector it cannot parse) is dropped for the printer's error.
    if (unknownFormat && !watching && err instanceof ApiError) throw unknownFormat;
    throw err;
  }
  if (watching) {
    // A watch's builder stops at the first object it cannot get, before anything is printed: it does not
    // go on past errors, so there is no aggregate, and a plain error is printed with `error: `.
    if (result.errors.length) {
      const [first] = result.errors;
      ctx.fail(prefixed(first instanceof BuilderErrors ? new RawError(first.message) : first));
      return;
    }
    if (new Set(result.groups.map((g) => g.type)).size > 1) {
      throw new CliError('watch is only supported on individual resources and resource collections - more than 1 resource was found');
    }
  }
  // kubectl makes its printer once the builder has read: an unknown -o fails after what a single
  // object's request, or a watch's listing, failed with, and after nothing found with --ignore-not-found.
  if (unknownFormat) {
    const single = singleItem || namesOneObject(o);
    const nothing = result.groups.every((g) => g.objects.length === 0 && !g.lazy);
    if (result.errors.length && (watching || single)) {
      for (const e of result.errors) ctx.fail(e);
      return;
    }
    if (nothing && o.ignoreNotFound) {
      for (const e of result.errors) ctx.fail(e);
      return;
    }
    throw unknownFormat;
  }
  const events = flags['output-watch-events'] === true;
  if (flags['watch-only'] === true) {
    for (const e of result.errors) ctx.fail(e);
    await watch(ctx, o, result, () => read(ctx, o, docs, resolveDoc), { initialPrinted: false, watchOnly: true, named: docs.length > 0 || o.requests.some((r) => r.names.length > 0), events, refusal: watchRefusal(o, docs) });
    return;
  }
  // A watch prints the objects of its first listing one by one (and as ADDED events).
  const printedHere = !watching || (tableOutput && !events);
  if (!printedHere) {
    /* printed by watch */
  } else if (tableOutput) {
    const wrote = await printTables(ctx, o, result);
    // A watch of nothing prints nothing and waits.
    if (!wrote && !o.ignoreNotFound && result.errors.length === 0 && !watching) {
      ctx.io.err.write(result.allNamespaced ? `No resources found in ${result.namespace} namespace.\n` : 'No resources found\n');
    }
  } else {
    // As kubectl's printGeneric: where the builder implies a single item (one -f path, not stdin; one
    // TYPE NAME), a failure leaves nothing printed but the error; nothing found with --ignore-not-found
    // prints nothing either. Otherwise what was found is printed, as a List (an empty one too), then the errors.
    const single = singleItem || namesOneObject(o);
    const nothing = result.groups.every((g) => g.objects.length === 0 && !g.lazy);
    const printing = !(single && result.errors.length > 0) && !(nothing && o.ignoreNotFound);
    if (printing) await printOther(ctx, o, result);
    // kubectl's printGeneric returns a single item's errors as they are: a List's alone are printed one a
    // line, beside others as Go's aggregate words them. Otherwise it flattens them (utilerrors.Flatten: each of
    // a List's as it is printed alone, an API error as `Error from server`). A lone error is returned as
    // itself (not as a one-line aggregate): with `error: `.
    if (!singleItem) result.errors = result.errors.flatMap(flattened);
    const [only] = result.errors;
    if (result.errors.length === 1 && only instanceof BuilderErrors) result.errors = only.errors;
    else if (result.errors.length === 1) result.errors[0] = prefixed(only);
  }
  // A List's errors are printed as Go's aggregate words itself; beside another error, kubectl's own is bare.
  const several = result.errors.length > 1;
  for (const e of result.errors) ctx.fail(e instanceof BuilderErrors ? new RawError(e.message) : several && e instanceof CliError && !(e instanceof StandardMessageError) ? new RawError(`${e.message}\n`) : e);
  if (watching) await watch(ctx, o, result, () => read(ctx, o, docs, resolveDoc), { initialPrinted: printedHere, watchOnly: false, named: docs.length > 0 || o.requests.some((r) => r.names.length > 0), events, refusal: watchRefusal(o, docs) });
}

/**
 * The builder's SingleResourceType for a watch: one type argument as written (`pods,pods` is one,
 * `pods,po` two; a category such as `all` is its types), or TYPE/NAMEs naming one type.
 */
function checkSingleResourceType(ctx: Context, o: GetOptions, args: string[]): void {
  if (o.requests.length === 0) return;
  const registry = ctx.session().read((api) => api.registry);
  const tuples = args.some((a) => a.includes('/'));
  const written = new Set(o.requests.map((r) => r.typeArg));
  const types = !tuples && written.size > 1 ? undefined : new Set([...written].flatMap((t) => resolveTypes(registry, t)));
  if (!types || types.size > 1) throw new CliError('you may only specify a single resource type');
}

/**
 * Why the watch request itself is refused once the objects are printed (resource.Result's Watch):
 * more than one source (names, files), or one file of several objects.
 */
function watchRefusal(o: GetOptions, docs: Visit[]): CliError | undefined {
  const several = new CliError('you may only watch a single resource or type of resource at a time');
  if (docs.length) {
    const sources = new Set(docs.map((d) => ('doc' in d ? d.doc.source : d.seq)));
    if (sources.size > 1) return several;
    return docs.length > 1 ? new CliError(`watch is only supported on individual resources and resource collections - ${docs.length} resources were found`) : undefined;
  }
  return o.requests.reduce((n, r) => n + r.names.length, 0) > 1 ? several : undefined;
}

/** One type (not a category) and one name: the builder implies a single item. */
function namesOneObject(o: GetOptions): boolean {
  return o.requests.length === 1 && o.requests[0]!.typeArg !== 'all' && o.requests[0]!.names.length === 1;
}

/** An aggregate's errors, those of the aggregates in it too (utilerrors.Flatten). */
function flattened(err: unknown): unknown[] {
  return err instanceof BuilderErrors ? err.errors.flatMap(flattened) : [err];
}

/** A bare error (a builder's) as kubectl prints it alone: `error: ` first. */
function prefixed(err: unknown): unknown {
  return err instanceof RawError && !err.text.startsWith('error: ') ? new RawError(`error: ${err.text}`, err.exitCode) : err;
}

/** `get -w`: follows the store's journal and prints every change (src/cli/get-watch.ts, loaded only here). */
async function watch(ctx: Context, o: GetOptions, initial: ReadResult, reread: () => ReadResult, opts: WatchOptions): Promise<void> {
  const { watch: follow } = await import('./get-watch.js');
  await follow(ctx, o, initial, reread, opts);
}

export const verb: VerbSpec = {
  name: 'get',
  summary: 'Display one or many resources',
  usage: '[(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]',
  examples: `  # List all pods in ps output format
  kubectl get pods

  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide

  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7

  # List resource information in custom columns
  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image

  # List all replication controllers and services together in ps output format
  kubectl get rc,services`,
  flags: [
    { name: 'output', short: 'o', type: 'string', arg: 'format', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide).' },
    { name: 'selector', short: 'l', type: 'string', arg: 'selector', description: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints." },
    { name: 'field-selector', type: 'string', arg: 'selector', description: "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type." },
    { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.' },
    { name: 'filename', short: 'f', type: 'strings', arg: 'filename', description: 'Filename, directory, or URL to files identifying the resource to get from a server.' },
    { name: 'recursive', short: 'R', type: 'bool', description: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.' },
    { name: 'kustomize', short: 'k', type: 'string', arg: 'string', description: "Process the kustomization directory. This flag can't be used together with -f or -R." },
    { name: 'no-headers', type: 'bool', description: 'When using the default or custom-column output format, don\'t print headers (default print headers).' },
    { name: 'show-labels', type: 'bool', description: 'When printing, show all labels as the last column (default hide labels column)' },
    { name: 'label-columns', short: 'L', type: 'strings', arg: 'label', description: 'Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...' },
    { name: 'sort-by', type: 'string', arg: 'jsonpath', description: "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}')." },
    { name: 'watch', short: 'w', type: 'bool', description: 'After listing/getting the requested object, watch for changes.' },
    { name: 'watch-only', type: 'bool', description: 'Watch for changes to the requested object(s), without listing/getting first.' },
    { name: 'output-watch-events', type: 'bool', description: 'Output watch event objects when --watch or --watch-only is used.' },
    { name: 'ignore-not-found', type: 'bool', description: 'If set to true, suppresses NotFound error for specific objects that do not exist. Using this flag with commands that query for collections of resources has no effect when no resources are found.' },
    { name: 'raw', type: 'string', arg: 'string', description: 'Raw URI to request from the server (answered by the simulated API server, as `serve` exposes it).' },
    { name: 'server-print', type: 'bool', default: true, description: 'If true, have the server return the appropriate table output. Supports extension APIs and CRDs.' },
    { name: 'show-kind', type: 'bool', description: 'If present, list the resource type for the requested object(s).' },
    { name: 'show-managed-fields', type: 'bool', description: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
    { name: 'chunk-size', type: 'int', arg: 'int', default: 500, description: 'Return large lists in chunks rather than all at once. Pass 0 to disable.' },
    { name: 'template', type: 'string', arg: 'template', description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true, description: 'If true, ignore any errors in templates when a field or map key is missing in the template.' },
    { name: 'subresource', type: 'string', arg: 'string', description: 'If specified, gets the subresource of the requested object. This flag is beta and may change in the future.' },
  ],
  run,
};
