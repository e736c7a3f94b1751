/**
 * What the file-driven verbs (apply, create -f, replace, delete -f, and the others' -f) share:
 * the -f/-R/-k flags, reading and checking manifests as kubectl's builder does, mapping each
 * document to its served type and namespace, the `--dry-run` flag and kubectl's
 * `error when <verb> "<file>"` wrapping.
 */
import { checkTypeMeta, readInputs, readManifestStream, validationError, type ListHead, type ManifestDoc, type UnreadDoc } from '../api/manifest.js';
import { builtinRegistry, kindPrefix, type Registry, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { FieldValidation } from '../api/crd/resources.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { ApiError, ClientRefusal, CliError, KustomizeBuildError, RawError } from '../errors.js';
import type { Context, FlagSpec, FlagValues } from './framework.js';
import { dryRunMode, validationOf, type DryRun, type Validation } from './generated.js';
import type { Session } from './session.js';
import type { MultiplePrinting } from '../printers/format.js';
import { printOptionsOf, requirePrintFormat } from './print-flags.js';
import { isMappingError, markListItem, startListItems } from './aggregate-errors.js';
import { serverWarning } from './server-warnings.js';
import { klogPrefix } from './index.js';
import { aggregateMessage } from '../util/aggregate.js';
import type { Definitions } from '../api/openapi-v2-models.js';

export function filenameFlags(purpose: string): FlagSpec[] {
  return [
    { name: 'filename', short: 'f', type: 'strings', arg: 'strings', description: `Filename, directory, or URL to files ${purpose}.` },
    { name: 'recursive', short: 'R', type: 'bool', description: 'Process the directory used in -f, --filename recursively.' },
    { name: 'kustomize', short: 'k', type: 'string', arg: 'string', description: 'Process the kustomization directory. This flag can\'t be used together with -f or -R.' },
  ];
}

export const DRY_RUN_FLAG: FlagSpec = {
  name: 'dry-run',
  type: 'string',
  arg: 'string',
  default: 'none',
  description: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
};

export const OUTPUT_FLAG: FlagSpec = {
  name: 'output',
  short: 'o',
  type: 'string',
  arg: 'string',
  description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
};

export type { DryRun };

export function dryRunOf(flags: FlagValues): DryRun {
  return dryRunMode(flags['dry-run']);
}

/** ` (dry run)` / ` (server dry run)` after the verb in messages. */
export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}

/** -l beside -f, parsed as kubectl's builder parses it for the objects of files (its error names the selector). */
export async function fileSelector(selector: string): Promise<import('../api/labels.js').Selector> {
  const { parseSelector, SelectorParseError } = await import('../api/labels.js');
  try {
    return parseSelector(selector);
  } catch (e) {
    if (e instanceof SelectorParseError) throw new CliError(`the provided selector ${JSON.stringify(selector)} is not valid: ${e.message}`);
    throw e;
  }
}

/** The documents whose labels match -l (kubectl's builder filters the objects read from files so). */
export async function selectDocs(docs: ManifestDoc[], selector: string): Promise<ManifestDoc[]> {
  const { matches } = await import('../api/labels.js');
  const parsed = await fileSelector(selector);
  return docs.filter((d) => matches(parsed, (d.object.metadata as KubeObject['metadata'] | undefined)?.labels));
}

/** The verbs whose manifests kubectl validates against the schema (they have --validate). */
const SCHEMA_VALIDATED = new Set(['create', 'apply', 'replace']);

export interface ReadDocumentsOptions {
  /**
   * No document at all is an error, `no objects passed to <verb>` (apply's and create's own check;
   * the other verbs visit nothing and succeed, or say so in their own words).
   */
  requireObjects?: boolean;
  /** -l filters the documents (create, apply). */
  selects?: boolean;
  /**
   * Goes on past a document that cannot be read, as kubectl's builder does with ContinueOnError: the
   * error goes here with its place in the builder's order (`seq`, as ManifestDoc.seq), to be
   * reported with the verb's others at the end (see BuilderErrorList). Without it, the first such
   * error fails the command.
   */
  continueOnError?: (err: unknown, seq: number) => void;
}

const isV1List = (o: Record<string, unknown>) => o.apiVersion === 'v1' && o.kind === 'List';

/**
 * kubectl's client-side validation of a v1 List (never validated by the server): with
 * --validate=strict its items are checked against the OpenAPI v2 definitions serve publishes (made
 * once per command, and only for a List), the refusal returned; with warn, kubectl says it cannot.
 */
function listValidator(ctx: Context, validate: Validation): (source: string, list: Record<string, unknown>) => Promise<CliError | undefined> {
  let definitions: Promise<Definitions> | undefined;
  const load = async () => {
    const [{ openapiV2Definitions }, { Definitions }, { allCrds }] = await Promise.all([import('../serve/openapi.js'), import('../api/openapi-v2-models.js'), import('../api/crd/resources.js')]);
    const { types, crds } = ctx.session().read((api) => ({ types: api.registry.types, crds: allCrds(api) }));
    return new Definitions(openapiV2Definitions(types, crds));
  };
  return async (source, list) => {
    if (!isV1List(list) || validate === 'ignore') return undefined;
    if (validate === 'warn') {
      ctx.io.err.write(`${klogPrefix(ctx, 'W')} schema.go:145] cannot perform warn validation if server-side field validation is unsupported, skipping validation\n`);
      return undefined;
    }
    const { listItemErrors } = await import('../api/list-validation.js');
    const faults = listItemErrors(list, await (definitions ??= load()));
    return faults.length ? validationError(source, aggregateMessage(faults)) : undefined;
  };
}

/** A document of the builder's stream: one it read, or the error in its place. */
export type Visit = { doc: ManifestDoc } | { error: unknown; seq: number };

/**
 * Every document of every -f argument in order, each checked as kubectl's builder checks it before
 * anything is sent, or the error it gives in its place. The builder goes on past a document it
 * cannot decode; a syntax error ends its file (the reader cannot go on), and so does a schema
 * validation error (the verbs with --validate), as the builder's stream stops there.
 */
export async function visitDocuments(ctx: Context, flags: FlagValues, verb: string): Promise<Visit[]> {
  const validate = validationOf(flags);
  // Only the verbs with --validate validate against the schema; every verb's decoder checks the rest.
  const validating = SCHEMA_VALIDATED.has(verb) && validate !== 'ignore';
  const validateList = listValidator(ctx, validate);
  const visits: Visit[] = [];
  const streams: Array<Array<ManifestDoc | UnreadDoc | ListHead>> = [];
  if (flags.kustomize !== undefined) {
    try {
      streams.push(await kustomizeDocs(ctx, flags));
    } catch (e) {
      // The builder runs the kustomization when it visits it: a build that fails is that visit's error.
      if (!(e instanceof KustomizeBuildError)) throw e;
      visits.push({ error: e, seq: 0 });
    }
  } else {
    const filenames = (flags.filename as string[] | undefined) ?? [];
    if (filenames.length === 0) throw new CliError('must specify one of -f and -k');
    const inputs = await readInputs(filenames, { cwd: ctx.cwd, recursive: flags.recursive === true, readStdin: () => ctx.io.readStdin() });
    for (const input of inputs) streams.push(readManifestStream(input));
  }
  startListItems();
  const mapsList = listKindMapper(ctx, flags);
  for (const [input, stream] of streams.entries()) {
    let unmappedList: number | undefined;
    for (const item of stream) {
      const seq = visits.length;
      if ('listObject' in item) {
        // The List is checked, then mapped, before it is flattened: either failing is one error, its items never visited.
        try {
          checkTypeMeta({ source: item.source, object: item.listObject }, validating);
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
          visits.push({ error: e, seq });
          if (e.message.startsWith('error validating ')) break;
          unmappedList = item.list;
          continue;
        }
        unmappedList = mapsList(item.listObject) ? undefined : item.list;
        if (unmappedList !== undefined) visits.push({ error: listMappingError(item), seq });
        else if (validating) {
          const refused = await validateList(item.source, item.listObject);
          if (refused) {
            visits.push({ error: refused, seq });
            break;
          }
        }
        continue;
      }
      if ('list' in item && item.list !== undefined && item.list === unmappedList) continue;
      if ('list' in item && item.list !== undefined) markListItem(seq, `${input}/${item.list}`);
      if ('error' in item) {
        // kubectl validates a List before reading its items.
        const refused = 'unreadList' in item && item.unreadList && validating ? await validateList(item.source, item.unreadList) : undefined;
        if (refused) {
          visits.push({ error: refused, seq });
          break;
        }
        if (item.notObject && validating) {
          visits.push({ error: validationError(item.source, 'invalid object to validate'), seq });
          break;
        }
        visits.push({ error: item.error, seq });
        continue;
      }
      try {
        checkTypeMeta(item, validating);
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        visits.push({ error: e, seq });
        if (e.message.startsWith('error validating ')) break;
        continue;
      }
      visits.push({ doc: { ...item, seq } });
    }
  }
  // Client-side apply sends the fields as they are (its last-applied annotation keeps them) and the
  // API server drops them; the other verbs' objects are sent as the server would keep them.
  if (validate !== 'strict' && !(verb === 'apply' && flags['server-side'] !== true)) {
    // The server's fieldValidation=Warn|Ignore: unknown fields are dropped, with a warning for Warn
    // (none for a client dry run: kubectl sends nothing, so no server warns).
    const { pruneUnknownFields } = await import('../api/validation/prune.js');
    const sent = flags['dry-run'] !== 'client';
    for (const visit of visits) {
      if (!('doc' in visit)) continue;
      const warnings: string[] = [];
      pruneUnknownFields(visit.doc.object, validate === 'warn' ? 'Warn' : 'Ignore', warnings);
      if (sent) for (const w of warnings) serverWarning(ctx, w);
    }
  }
  return visits;
}

/**
 * Whether the cluster maps a List's apiVersion and kind (Registry.mapsListKind): the built-in types are
 * asked first, the cluster's own (its CRDs) only when they do not map it. --local maps nothing.
 */
function listKindMapper(ctx: Context, flags: FlagValues): (list: KubeObject) => boolean {
  let cluster: Registry | undefined;
  return ({ apiVersion, kind }) =>
    flags.local === true || builtinRegistry.mapsListKind(apiVersion, kind) || (cluster ??= ctx.session().read((api) => api.registry)).mapsListKind(apiVersion, kind);
}

/** kubectl's mapping error for a List (its name and namespace are not read: a List has none to its accessor). */
function listMappingError(head: ListHead): RawError {
  const { apiVersion, kind } = head.listObject;
  return new RawError(`error: resource mapping not found for name: "" namespace: "" from "${head.source}": no matches for kind "${String(kind ?? '')}" in version "${String(apiVersion ?? '')}"\nensure CRDs are installed first`);
}

/**
 * The documents of -f/-k, checked as kubectl checks them before sending anything (see
 * visitDocuments). `verb` words the empty case (see requireObjects): `no objects passed to <verb>`.
 */
export async function readDocuments(ctx: Context, flags: FlagValues, verb: string, opts: ReadDocumentsOptions = {}): Promise<ManifestDoc[]> {
  let docs: ManifestDoc[] = [];
  let failed = false;
  for (const visit of await visitDocuments(ctx, flags, verb)) {
    if ('doc' in visit) docs.push(visit.doc);
    else if (!opts.continueOnError) throw visit.error;
    else {
      opts.continueOnError(visit.error, visit.seq);
      failed = true;
    }
  }
  if (flags.selector !== undefined && opts.selects) docs = await selectDocs(docs, String(flags.selector));
  if (docs.length === 0 && opts.requireObjects && !failed) throw new CliError(`no objects passed to ${verb}`);
  return docs;
}

/** -f or -k given: the verb reads its objects from manifests. */
export function hasManifestInput(flags: FlagValues): boolean {
  return ((flags.filename as string[] | undefined) ?? []).length > 0 || flags.kustomize !== undefined;
}

/** -k DIR: the kustomization's objects (src/kustomize/, loaded only here), after cli-runtime's flag checks. */
export async function kustomizeDocs(ctx: Context, flags: FlagValues): Promise<ManifestDoc[]> {
  if (((flags.filename as string[] | undefined) ?? []).length > 0) throw new CliError('only one of -f or -k can be specified');
  if (flags.recursive === true) throw new CliError("the -k flag can't be used with -f or -R");
  const { kustomizeDocuments } = await import('../kustomize/documents.js');
  return kustomizeDocuments(ctx, String(flags.kustomize));
}

export { validationOf, type Validation } from './generated.js';

/** The fieldValidation kubectl sends for --validate. */
export function fieldValidationOf(flags: FlagValues): FieldValidation {
  const v = validationOf(flags);
  return v === 'strict' ? 'Strict' : v === 'warn' ? 'Warn' : 'Ignore';
}

/** Prints (and clears) the warnings a write collected, as kubectl prints the server's Warning headers. */
export function printWarnings(ctx: Context, warnings: string[]): void {
  for (const w of warnings.splice(0)) serverWarning(ctx, w);
}

export const VALIDATE_FLAG: FlagSpec = {
  name: 'validate',
  type: 'string',
  arg: 'string',
  default: 'strict',
  description: 'Must be one of: strict (or true), warn, ignore (or false).',
};

export interface ResolvedDoc {
  doc: ManifestDoc;
  type: ResourceType;
  /** A copy of the document with the namespace filled in (namespaced kinds) . */
  object: KubeObject;
  name: string;
  namespace: string | undefined;
  /** `pod/web`, `deployment.apps/shop`. */
  ref: string;
}

/**
 * kubectl's refusal of an object whose namespace is not the one given with -n: its builder's
 * RequireNamespace, which ends the visit with this error alone, outside the aggregate the builder
 * makes of its documents' errors.
 */
export class NamespaceMismatch extends CliError {}

export function namespaceMismatch(own: string, asked: string): CliError {
  return new NamespaceMismatch(`the namespace from the provided object "${own}" does not match the namespace "${asked}". You must pass '--namespace=${own}' to perform this operation.`);
}

/** True when an object's own namespace is not the one given with -n (no -n given: every namespace is). */
export function namespaceConflicts(session: Session, own: string | undefined): own is string {
  return !!own && session.namespaceExplicit && own !== session.namespace;
}

/** Refuses an object whose own namespace is not the one given with -n (kubectl's RequireNamespace). */
export function requireNamespace(session: Session, own: string | undefined): void {
  if (namespaceConflicts(session, own)) throw namespaceMismatch(own, session.namespace);
}

function missingAt(api: ApiServer, type: ResourceType, namespace: string, name: unknown): boolean {
  return typeof name === 'string' && name !== '' && !api.tryGet(type, namespace, name);
}

/**
 * Maps a document to its served type and namespace, as kubectl's builder does. Without a version,
 * kubectl's mapper finds only the core group's kinds, and its request for one goes to a path the
 * server does not serve; `coreAsV1`: the request is made by a typed v1 client (describe's), which reaches it.
 */
export function resolveDoc(api: ApiServer, session: Session, doc: ManifestDoc, opts: { coreAsV1?: boolean; latest?: boolean } = {}): ResolvedDoc {
  const manifest = doc.object;
  const meta = (manifest.metadata ?? {}) as KubeObject['metadata'];
  const core = manifest.apiVersion ? undefined : api.typeFor({ apiVersion: 'v1', kind: manifest.kind });
  if (core && !opts.coreAsV1) throw new ApiError('NotFound', 404, 'the server could not find the requested resource');
  const type = manifest.apiVersion ? (api.typeFor(manifest) ?? api.registry.forLowerCaseKind(manifest.apiVersion, manifest.kind)) : core;
  if (!type) {
    const noMatch = `no matches for kind "${manifest.kind}" in version "${manifest.apiVersion ?? ''}"`;
    // A List's item is mapped as the List is flattened, and reported in the List's own aggregate: bare.
    if (doc.fromList) throw new RawError(`unable to recognize ${noMatch}`);
    throw new RawError(`error: resource mapping not found for name: "${meta.name ?? ''}" namespace: "${meta.namespace ?? ''}" from "${doc.source}": ${noMatch}\nensure CRDs are installed first`);
  }
  const object = deepClone(manifest);
  object.metadata = isPlainObject(object.metadata) ? object.metadata : {};
  let namespace: string | undefined;
  if (type.namespaced) {
    const own = object.metadata.namespace;
    // A builder that fetches the latest object (`latest`: get, label, annotate, set, wait, rollout, edit,
    // the last-applied verbs) fetches it in the document's namespace before it checks that namespace:
    // one that is not there is NotFound.
    if (namespaceConflicts(session, own) && !(opts.latest && missingAt(api, type, own, object.metadata.name))) {
      throw namespaceMismatch(own, session.namespace);
    }
    namespace = own || session.namespace;
    object.metadata.namespace = namespace;
  }
  const name = typeof object.metadata.name === 'string' ? object.metadata.name : '';
  return { doc, type, object, name, namespace, ref: `${kindPrefix(type)}/${name}` };
}

/**
 * Each document resolved; one that cannot be is reported to `report` (ctx.fail by default; as
 * `error when <verb> "<file>": ...` when the verb's request is what failed) and skipped. `unmapped`,
 * when given, takes the mapping errors instead, with the document's place: kubectl's builder finds
 * them as it reads, and reports them with the documents it could not read (see BuilderErrorList).
 */
export function resolveDocs(
  ctx: Context, api: ApiServer, session: Session, docs: ManifestDoc[], verb?: string,
  report: (err: unknown) => void = (e) => ctx.fail(e), unmapped?: (err: unknown, seq: number) => void, opts: { latest?: boolean } = {},
): ResolvedDoc[] {
  const resolved: ResolvedDoc[] = [];
  for (const doc of docs) {
    try {
      resolved.push(resolveDoc(api, session, doc, opts));
    } catch (err) {
      if (unmapped && isMappingError(err)) unmapped(err, doc.seq ?? 0);
      else report(verb ? errorWhen(err, verb, doc.source) : err);
    }
  }
  return resolved;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * kubectl's AddSourceToErr: `error when <verb> "<file>": ` before an API error's message (or a request client-go refused). An Invalid
 * error alone is printed from its details, without it; in an aggregate its message shows the prefix.
 */
export function errorWhen(err: unknown, verb: string, source: string): unknown {
  if (err instanceof ApiError) return err.withMessage(`error when ${verb} "${source}": ${err.message}`);
  if (err instanceof ClientRefusal) return new CliError(`error when ${verb} "${source}": ${err.message}`);
  return err;
}

/** The API server's request body limit (3 MiB): a larger object is refused before anything else. */
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

export function checkRequestSize(obj: KubeObject): void {
  if (Buffer.byteLength(JSON.stringify(obj)) > MAX_REQUEST_BYTES) {
    throw new ApiError('RequestEntityTooLarge', 413, `Request entity too large: limit is ${MAX_REQUEST_BYTES}`);
  }
}

/**
 * Prints mutated objects for -o (name directly; other formats through the shared printer), several
 * objects as the verb's kubectl prints them (see PrintRequest.multiple): one YAML document after
 * another by default (create, replace).
 */
export async function printResults(
  ctx: Context,
  output: string,
  items: Array<{ object: KubeObject; type: ResourceType }>,
  multiple: MultiplePrinting = 'documents',
  flags?: FlagValues,
  { typed = false }: { typed?: boolean } = {},
): Promise<void> {
  if (items.length === 0) return;
  // These verbs print through kubectl's PrintFlags: no wide, no custom-columns.
  requirePrintFormat(output);
  if (output === 'name') {
    for (const { object, type } of items) ctx.io.out.write(`${kindPrefix(type)}/${object.metadata.name || '<unknown>'}\n`);
    return;
  }
  const { printObjects } = await import('../printers/format.js');
  // PRINT_FLAGS, for the verbs that declare them.
  const print = flags ? printOptionsOf(flags) : {};
  await printObjects({ output, items, single: items.length === 1, multiple, typed, cwd: ctx.cwd, out: ctx.io.out, ...print });
}

// The printing flags live in print-flags.ts (verbs that only print load that alone).
export { outputOf, PRINT_FLAGS } from './print-flags.js';
