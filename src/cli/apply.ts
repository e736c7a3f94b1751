/**
 * `apply -f`: client-side apply as kubectl does it. A new object is created with the
 * last-applied-configuration annotation; an existing one gets the three-way strategic
 * patch (last applied / manifest / live), so fields dropped from the manifest are removed.
 * Also `--prune` and `--force`; the last-applied subcommands are in apply-last-applied.ts.
 */
import { hasKey } from '../util/own.js';
import { servedAt } from '../api/hpa-versions.js';
import { matches, parseSelector, SelectorParseError } from '../api/labels.js';
import { applyStrategicPatch, atomicLists, goJson, isMap, strategyForKind, threeWayPatch, type JsonMap } from '../api/merge/index.js';
import { apiVersionOf, kindPrefix, qualifiedName, type ResourceType } from '../api/registry.js';
import { isApplyConflict } from '../api/managed-fields/index.js';
import { migrateClientSideApply, RETRIED, serverSideApply } from '../api/managed-fields/server-side-apply.js';
import type { ApiServer, DeleteOptions } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { ApiError, ClientRefusal, CliError, RawError } from '../errors.js';
import type { FieldValidation } from '../api/crd/resources.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { klogPrefix } from './index.js';
import { stripNulls } from '../api/validation/decode.js';
import {
  checkRequestSize,
  DRY_RUN_FLAG,
  dryRunOf,
  dryRunSuffix,
  errorWhen,
  filenameFlags,
  OUTPUT_FLAG,
  outputOf,
  PRINT_FLAGS,
  printResults,
  readDocuments,
  VALIDATE_FLAG,
  fieldValidationOf,
  printWarnings,
  resolveDocs,
  type DryRun,
  type ResolvedDoc,
} from './manifest-objects.js';
import type { Session } from './session.js';
import { PART_SETTLE_BUDGET_MS, PART_WORK, workOf } from './write-parts.js';
import { BuilderErrorList, failAggregate } from './aggregate-errors.js';
import { CASCADE_FLAG, cascadeOf, deleteOptionsOf, GRACE_PERIOD_FLAG, TIMEOUT_FLAG, timeoutOf, waitGone } from './deletion-flags.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Kinds `--prune` considers when no --prune-allowlist is given (kubectl's default list). */
const PRUNE_DEFAULTS: Array<[apiVersion: string, kind: string]> = [
  ['v1', 'ConfigMap'], ['v1', 'Endpoints'], ['v1', 'Namespace'], ['v1', 'PersistentVolumeClaim'], ['v1', 'PersistentVolume'],
  ['v1', 'Pod'], ['v1', 'ReplicationController'], ['v1', 'Secret'], ['v1', 'Service'], ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'], ['networking.k8s.io/v1', 'Ingress'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'], ['apps/v1', 'StatefulSet'],
];

/** The annotation's value: the manifest as compact sorted JSON, `annotations: {}` present, namespace filled. */
export function lastAppliedText(object: KubeObject): string {
  return goJson(withoutLastApplied(object)) + '\n';
}

/**
 * The manifest without its last-applied annotation (an empty `annotations` where it had none), as
 * kubectl's GetModifiedConfiguration encodes it before annotating: what `diff` patches with.
 */
export function withoutLastApplied(object: KubeObject): KubeObject {
  const copy = deepClone(object);
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  copy.metadata.annotations = annotations;
  return copy;
}

/** The manifest as kubectl sends it: with the new last-applied annotation. */
export function withLastApplied(object: KubeObject): KubeObject {
  const modified = deepClone(object);
  modified.metadata.annotations = { ...(modified.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedText(object) };
  return modified;
}

/**
 * kubectl's CreateOrUpdateAnnotation, which create, replace and the generators call: with
 * --save-config the object gets its last-applied annotation; without, one it already has (a manifest
 * saved from a live object) is rewritten from the object all the same.
 */
export function withApplyAnnotation(object: KubeObject, saveConfig: boolean): KubeObject {
  return saveConfig || hasKey(object.metadata.annotations ?? {}, LAST_APPLIED) ? withLastApplied(object) : object;
}

export function parseLastApplied(live: KubeObject): JsonMap | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return isMap(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

interface ApplySettings {
  dryRun: DryRun;
  serverSide: boolean;
  fieldValidation?: FieldValidation;
  warnings?: string[];
  /** `kubectl` for --server-side, `kubectl-client-side-apply` otherwise, unless --field-manager says. */
  fieldManager: string;
  force: boolean;
  subresource?: 'status';
  /** --force: an update refused as Invalid or Conflict deletes the object and creates it again. */
  forceDelete: boolean;
  /** --cascade and --grace-period, for --force and --prune deletions. */
  deleteOptions: DeleteOptions;
}

/** kubectl's words after a refused server-side apply. */
export const CONFLICT_HINT = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

/** `apply --server-side` of one document: the apply patch, then kubectl v1.32's client-side to server-side migration. */
function applyServerSideOne(api: ApiServer, r: ResolvedDoc, s: ApplySettings): Applied {
  const config = deepClone(r.object);
  if (r.type.namespaced) config.metadata.namespace = r.namespace;
  const opts = { fieldManager: s.fieldManager, force: s.force, subresource: s.subresource, dryRun: s.dryRun === 'server', fieldValidation: s.fieldValidation, warnings: s.warnings };
  try {
    checkRequestSize(config);
    let { object } = serverSideApply(api, deepClone(config), opts);
    if (!opts.subresource) {
      // kubectl's migration from client-side apply: what the server refuses is a warning, not an error.
      const { migrated, warning } = migrateClientSideApply(api, object, s.fieldManager, opts.dryRun);
      if (warning) s.warnings!.push(warning);
      if (migrated) {
        try {
          object = serverSideApply(api, deepClone(config), opts).object;
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          s.warnings!.push(`failed to re-apply configuration after performing Server-Side Apply migration. ${RETRIED} Error: ${err.message}`);
        }
      }
    }
    return { object, type: r.type, outcome: 'serverside-applied' };
  } catch (err) {
    if (isApplyConflict(err)) throw new CliError(`${err.message}\n${CONFLICT_HINT}`);
    throw err;
  }
}

type Outcome = 'created' | 'configured' | 'unchanged' | 'serverside-applied';

interface Applied {
  object: KubeObject;
  type: ResourceType;
  outcome: Outcome;
  /** --force deleted the live object, which is still terminating: create `modified` once it is gone. */
  recreate?: Recreate;
}

interface Recreate {
  original: KubeObject;
  modified: KubeObject;
}

/** kubectl's words for a GET of the live object that failed. */
function retrieving(r: ResolvedDoc, why: string): string {
  return (
    `error when retrieving current configuration of:\nResource: "${resourceString(r.type)}", GroupVersionKind: "${gvkString(r.type)}"\n` +
    `Name: "${r.name ?? ''}", Namespace: "${r.namespace ?? ''}"\nfrom server for: "${r.doc.source}": ${why}`
  );
}

/**
 * kubectl reads the annotations through an accessor that gives none where one is not a string (a
 * null in the file), and writes back what it read: then the manifest has no annotations but the
 * last-applied one.
 */
function withStringAnnotations(object: KubeObject): KubeObject {
  const annotations = object.metadata.annotations as Record<string, unknown> | undefined;
  if (!annotations || Object.values(annotations).every((v) => typeof v === 'string')) return object;
  return { ...object, metadata: { ...object.metadata, annotations: {} } };
}

/** kubectl's WarnIfDeleting: the object it patched (or found unchanged) still has finalizers to wait for. */
export function warnIfDeleting(ctx: Context, obj: KubeObject | undefined): void {
  if (obj?.metadata.deletionTimestamp) ctx.io.err.write(`Warning: Detected changes to resource ${obj.metadata.name} which is currently being deleted.\n`);
}

/** Applies one document; returns what happened, or throws the error kubectl would print. */
function applyOne(ctx: Context, api: ApiServer, r: ResolvedDoc, s: ApplySettings): Applied {
  const { type, object, doc } = r;
  if (!r.name) {
    const generateName = object.metadata.generateName;
    if (generateName) throw new CliError(`from ${generateName}: cannot use generate name with apply`);
    // Server-side apply sends its PATCH at once, and client-go refuses it unnamed.
    throw new CliError(s.serverSide ? 'resource name may not be empty' : retrieving(r, 'resource name may not be empty'));
  }
  if (s.serverSide) return applyServerSideOne(api, r, s);
  const writeOpts = { dryRun: s.dryRun === 'server', fieldManager: s.fieldManager, fieldValidation: s.fieldValidation, warnings: s.warnings };
  const modified = withLastApplied(withStringAnnotations(object));
  let stored: KubeObject | undefined;
  try {
    stored = api.tryGet(type, r.namespace, r.name);
  } catch (e) {
    // A get the requester may not make (under --as), or client-go will not send, in kubectl's words for a failed GET.
    if (e instanceof ClientRefusal) throw new CliError(retrieving(r, e.message));
    throw e instanceof ApiError ? e.withMessage(retrieving(r, e.message)) : e;
  }
  // The live object as the server serves it at the manifest's version (a v1 HPA is stored as v2).
  const live = stored && servedAt(stored, object.apiVersion);
  if (!live) {
    // The object kubectl creates has no null field (its last-applied annotation keeps them).
    const created = stripNulls(modified);
    if (s.dryRun === 'client') return { object: created, type, outcome: 'created' };
    try {
      checkRequestSize(created);
      return { object: api.create(created, writeOpts), type, outcome: s.serverSide ? 'serverside-applied' : 'created' };
    } catch (err) {
      throw errorWhen(err, 'creating', doc.source);
    }
  }
  const strategy = type.custom ? atomicLists : strategyForKind(type.kind);
  // kubectl's client dry run does not warn (it never gets to the patcher that does).
  if (!s.serverSide && s.dryRun !== 'client' && !live.metadata.annotations?.[LAST_APPLIED]) {
    ctx.io.err.write(
      // kubectl names it by Info.ObjectName(): the plural without its group.
      `Warning: resource ${type.plural}/${r.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. ` +
        'kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. ' +
        'The missing annotation will be patched automatically.\n',
    );
  }
  const outcome: Outcome = s.serverSide ? 'serverside-applied' : 'configured';
  // kubectl's client dry run sends no patch: what it prints is the object as it got it.
  if (s.dryRun === 'client') return { object: live, type, outcome };
  const original = s.serverSide ? undefined : parseLastApplied(live);
  const patch = threeWayPatch(original, modified as unknown as JsonMap, live as unknown as JsonMap, strategy);
  if (Object.keys(patch).length === 0) return { object: live, type, outcome: s.serverSide ? outcome : 'unchanged' };
  // The live resourceVersion is kept unless the manifest names one: then a stale one is a Conflict.
  const patched = applyStrategicPatch(live as unknown as JsonMap, patch, strategy) as unknown as KubeObject;
  try {
    checkRequestSize(patched);
    return { object: api.update(patched, writeOpts), type, outcome };
  } catch (err) {
    if (s.forceDelete && err instanceof ApiError && (err.reason === 'Invalid' || err.reason === 'Conflict')) {
      return deleteAndCreate(api, r, stored!, modified, s);
    }
    throw patchError(err, patch, r);
  }
}

/**
 * kubectl's Patcher.deleteAndCreate (apply --force): delete the live object with --cascade and
 * --grace-period, and once it is gone create the manifest; when that fails, the original is
 * created again and the error reported. The outcome is still `configured`.
 */
function deleteAndCreate(api: ApiServer, r: ResolvedDoc, original: KubeObject, modified: KubeObject, s: ApplySettings): Applied {
  try {
    api.delete(r.type, r.namespace, r.name, s.deleteOptions);
  } catch (err) {
    throw forceError(err, modified, r);
  }
  const still = api.tryGet(r.type, r.namespace, r.name);
  if (still && still.metadata.uid === original.metadata.uid) return { object: modified, type: r.type, outcome: 'configured', recreate: { original, modified } };
  return { object: recreate(api, r, { original, modified }, s), type: r.type, outcome: 'configured' };
}

/** The create half of deleteAndCreate (resourceVersion cleared, as kubectl's helper does). */
export function recreate(api: ApiServer, r: ResolvedDoc, { original, modified }: Recreate, s: ApplySettings): KubeObject {
  const writeOpts = { fieldManager: s.fieldManager, fieldValidation: s.fieldValidation, warnings: s.warnings };
  const fresh = deepClone(modified);
  delete fresh.metadata.resourceVersion;
  try {
    checkRequestSize(fresh);
    return api.create(fresh, writeOpts);
  } catch (err) {
    const restore = deepClone(original);
    delete restore.metadata.resourceVersion;
    try {
      api.create(restore, { fieldManager: s.fieldManager });
    } catch (restoreErr) {
      throw new CliError(
        `An error occurred force-replacing the existing object with the newly provided one:\n\n${(err as Error).message}.\n\n` +
          `Additionally, an error occurred attempting to restore the original object:\n\n${(restoreErr as Error).message}`,
      );
    }
    throw forceError(err, modified, r);
  }
}

/** apply's `error when applying patch` wrapping of an error of --force's delete and create (the whole manifest is shown). */
export function forceError(err: unknown, modified: KubeObject, r: ResolvedDoc): unknown {
  const text = (m: string) =>
    `error when applying patch:\n${goJson(modified)}\nto:\nResource: "${resourceString(r.type)}", GroupVersionKind: "${gvkString(r.type)}"\n` +
    `Name: "${r.name}", Namespace: "${r.namespace ?? ''}"\nfor: "${r.doc.source}": ${m}`;
  if (err instanceof ApiError) return err.withMessage(text(err.message));
  if (err instanceof CliError) return new CliError(text(err.message));
  return err;
}

function resourceString(t: ResourceType): string {
  return `${t.group}/${t.version}, Resource=${t.plural}`;
}

function gvkString(t: ResourceType): string {
  return `${t.group}/${t.version}, Kind=${t.kind}`;
}

/** kubectl's multi-line error for a refused apply patch (an Invalid error alone prints from its details). */
function patchError(err: unknown, patch: JsonMap, r: ResolvedDoc): unknown {
  if (!(err instanceof ApiError)) return err;
  const src = r.doc.source;
  return err.withMessage(
    `error when applying patch:\n${goJson(patch)}\nto:\nResource: "${resourceString(r.type)}", GroupVersionKind: "${gvkString(r.type)}"\n` +
      `Name: "${r.name}", Namespace: "${r.namespace ?? ''}"\nfor: "${src}": error when patching "${src}": ${err.message}`,
  );
}

export interface PruneSettings {
  selector: ReturnType<typeof parseSelector> | undefined;
  allowlist: ResourceType[];
  /** No --prune-allowlist: kubectl warns that non-namespaced kinds will stop being pruned. */
  defaultAllowlist: boolean;
  dryRun: DryRun;
}

/** Objects of the prunable kinds, in the namespaces applied to, made by apply and absent from the manifests. */
export function pruneCandidates(api: ApiServer, applied: ResolvedDoc[], p: PruneSettings): Array<{ type: ResourceType; obj: KubeObject }> {
  const namespaces = [...new Set(applied.map((r) => r.namespace).filter((n): n is string => n !== undefined))];
  const keep = new Set(applied.map((r) => `${apiVersionOf(r.type)}|${r.type.kind}|${r.namespace ?? ''}|${r.name}`));
  const out: Array<{ type: ResourceType; obj: KubeObject }> = [];
  for (const type of p.allowlist) {
    const objects = type.namespaced ? namespaces.flatMap((ns) => api.list(type, ns)) : api.list(type);
    for (const obj of objects) {
      if (!obj.metadata.annotations?.[LAST_APPLIED]) continue;
      if (p.selector && !matches(p.selector, obj.metadata.labels)) continue;
      if (obj.metadata.deletionTimestamp) continue;
      if (keep.has(`${apiVersionOf(type)}|${type.kind}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`)) continue;
      out.push({ type, obj });
    }
  }
  return out;
}

/** --prune needs --selector or --all: checked before anything is read. */
function requirePruneSelection(flags: FlagValues): void {
  if (flags.selector === undefined && flags.all !== true) {
    throw new CliError(
      'all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector',
    );
  }
}

export function pruneSettings(api: ApiServer, flags: FlagValues, dryRun: DryRun): PruneSettings {
  let selector: PruneSettings['selector'];
  requirePruneSelection(flags);
  if (flags.selector !== undefined) {
    try {
      selector = parseSelector(flags.selector as string);
    } catch (e) {
      if (e instanceof SelectorParseError) throw new CliError(e.message);
      throw e;
    }
  }
  const names = (flags['prune-allowlist'] as string[] | undefined) ?? [];
  const allowlist = names.length ? allowlistTypes(api, names) : PRUNE_DEFAULTS.map(([apiVersion, kind]) => api.typeFor({ apiVersion, kind })!).filter(Boolean);
  return { selector, allowlist, dryRun, defaultAllowlist: names.length === 0 };
}

/**
 * kubectl's prune.ParseResources: each `<group/version/kind>` (`core` the core group) as a served
 * type; an empty version is the preferred one, and the kind may be written in lower case, as the
 * discovery mapper knows both.
 */
export function allowlistTypes(api: ApiServer, names: string[]): ResourceType[] {
  return names.map((gvk) => {
    const parts = gvk.split('/');
    if (parts.length !== 3) throw new CliError(`invalid GroupVersionKind format: ${gvk}, please follow <group/version/kind>`);
    const [, version, kind] = parts as [string, string, string];
    const group = parts[0] === 'core' ? '' : parts[0]!;
    const t = api.registry.types.find((t) => t.group === group && (version === '' || t.versions.includes(version)) && (t.kind === kind || t.kind.toLowerCase() === kind));
    if (!t) throw new CliError(`no matches for kind "${kind}" in version "${group ? `${group}/${version}` : version}"`);
    return t;
  });
}

/** kubectl's klog warning (prune.go) when pruning with the default allowlist in a namespace. */
export function warnDefaultPruneAllowlist(ctx: Context, settings: PruneSettings): void {
  if (!settings.defaultAllowlist) return;
  ctx.io.err.write(
    `${klogPrefix(ctx, 'W')} prune.go:71] Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.\n`,
  );
}

async function runApply(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  if (args.length > 0) throw new RawError(`error: Unexpected args: [${args.join(' ')}]\nSee '${ctx.programName} apply -h' for help and examples`);
  const timeoutMs = timeoutOf(ctx, flags);
  const dryRun = dryRunOf(flags);
  const output = outputOf(flags);
  const serverSide = flags['server-side'] === true;
  const subresource = (flags.subresource as string | undefined) || undefined;
  const cascade = cascadeOf(flags.cascade as string | undefined, (w) => ctx.io.err.write(w));
  const forceDelete = flags.force === true;
  // kubectl maps the allowlist as it completes its options, before any check or file.
  const allowlist = flags['prune-allowlist'] as string[] | undefined;
  if (flags.prune === true && allowlist?.length) ctx.session().read((api) => allowlistTypes(api, allowlist));
  if (flags['force-conflicts'] === true && !serverSide) throw new CliError('--force-conflicts only works with --server-side');
  if (serverSide && dryRun === 'client') throw new CliError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  if (serverSide && forceDelete) throw new CliError('--force cannot be used with --server-side');
  if (dryRun === 'server' && forceDelete) throw new CliError('--dry-run=server cannot be used with --force');
  if (flags.all === true && (flags.selector ?? '') !== '') throw new CliError('cannot set --all and --selector at the same time');
  if (subresource !== undefined && !serverSide) throw new CliError('--subresource can only be specified for --server-side');
  const settings: ApplySettings = {
    dryRun,
    serverSide,
    fieldManager: (flags['field-manager'] as string | undefined) || (serverSide ? 'kubectl' : 'kubectl-client-side-apply'),
    force: flags['force-conflicts'] === true,
    subresource: subresource as 'status' | undefined,
    fieldValidation: fieldValidationOf(flags),
    warnings: [],
    forceDelete,
    deleteOptions: deleteOptionsOf(cascade, (flags['grace-period'] as number | undefined) ?? -1),
  };
  if (flags.prune === true) requirePruneSelection(flags);
  if (flags.prune === true && settings.serverSide) throw new CliError('--prune is in alpha and doesn\'t currently work on objects created by server-side apply');
  // kubectl returns every failure at the end, as one error or their aggregate (see aggregate-errors.ts):
  // the documents it could not read or map first (its GetObjects error), then each object's.
  const unread = new BuilderErrorList();
  const docs = await readDocuments(ctx, flags, 'apply', { requireObjects: true, selects: true, continueOnError: unread.add });
  const errors: unknown[] = [];
  const fail = (err: unknown) => errors.push(err);
  const session: Session = ctx.session();
  const printed: Applied[] = [];
  const suffix = dryRunSuffix(dryRun);
  const lines: string[] = [];
  const done = (r: ResolvedDoc, result: Applied) => {
    printed.push(result);
    if (!output) ctx.io.out.write(`${r.ref} ${result.outcome}${suffix}\n`);
  };
  // The documents are applied in writes of up to PART_WORK (see write-parts.ts); a --force
  // re-creation that has to wait for the old object to finish terminating also ends one.
  let resolved: ResolvedDoc[] | undefined;
  let prune: PruneSettings | undefined;
  let next = 0;
  for (;;) {
    let pending: { r: ResolvedDoc; recreate: Recreate } | undefined;
    let more = false;
    let work = 0;
    session.write((api) => {
      if (!resolved) {
        prune = flags.prune === true ? pruneSettings(api, flags, dryRun) : undefined;
        resolved = resolveDocs(ctx, api, session, docs, 'creating', fail, unread.add);
      }
      while (next < resolved.length) {
        if (work >= PART_WORK) {
          more = true;
          return;
        }
        const r = resolved[next++]!;
        work += workOf(r.object);
        try {
          const result = applyOne(ctx, api, r, settings);
          printWarnings(ctx, settings.warnings!);
          if (result.recreate) {
            pending = { r, recreate: result.recreate };
            return;
          }
          // A client dry run never reaches the patcher, where kubectl looks.
          if (dryRun !== 'client') warnIfDeleting(ctx, result.object);
          done(r, result);
        } catch (err) {
          printWarnings(ctx, settings.warnings!);
          fail(err);
        }
      }
      // kubectl prunes only once everything applied (its post-processor runs after the errors return).
      if (!prune || errors.length || unread.length) return;
      warnDefaultPruneAllowlist(ctx, prune);
      for (const { type, obj } of pruneCandidates(api, resolved, prune)) {
        try {
          if (dryRun !== 'client') api.delete(type, obj.metadata.namespace, obj.metadata.name!, { ...settings.deleteOptions, dryRun: dryRun === 'server' });
          lines.push(`${kindPrefix(type)}/${obj.metadata.name} pruned${suffix}\n`);
        } catch (err) {
          fail(err);
        }
      }
    }, PART_SETTLE_BUDGET_MS);
    if (more) continue;
    if (!pending) break;
    const { r, recreate: again } = pending;
    if (!(await waitGone(ctx, r.type, r.namespace, r.name, again.original.metadata.uid, timeoutMs))) {
      fail(forceError(new CliError('timed out waiting for the condition'), again.modified, r));
      continue;
    }
    try {
      done(r, { object: session.write((api) => recreate(api, r, again, settings)), type: r.type, outcome: 'configured' });
      printWarnings(ctx, settings.warnings!);
    } catch (err) {
      fail(err);
    }
  }
  for (const l of lines) ctx.io.out.write(l);
  // kubectl gathers the objects into one List only for an -o (not name), printed after all applied
  // without an error; -o name and --template alone print each as it is applied.
  const gathered = Boolean(flags.output) && output !== 'name';
  if (output && !(gathered && (errors.length || unread.length))) await printResults(ctx, output, printed.map(({ object, type }) => ({ object, type })), gathered ? 'apply-list' : 'separate', flags);
  failAggregate(ctx, [...unread.aggregate(), ...errors]);
}

/** Go's json.Indent with two spaces: the text re-indented as it is (key order and escapes kept). */
export function indentJson(text: string): string {
  let out = '';
  let depth = 0;
  const newline = () => '\n' + '  '.repeat(depth);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let j = i + 1;
      while (' \t\r\n'.includes(text[j] ?? '')) j++;
      if (text[j] === close) {
        out += c + close;
        i = j;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') {
      out += ',' + newline();
    } else if (c === ':') {
      out += ': ';
    } else if (!' \t\r\n'.includes(c)) {
      out += c;
    }
  }
  return out;
}

/* The last-applied subcommands' flags; their code (src/cli/apply-last-applied.ts) loads when one runs. */
const SELECTOR_FLAG = {
  name: 'selector',
  short: 'l',
  type: 'string',
  arg: 'string',
  description: "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
} as const;

const setLastApplied: VerbSpec = {
  name: 'set-last-applied',
  summary: 'Set the last-applied-configuration annotation on a live object to match the contents of a file',
  usage: '-f FILENAME',
  examples: '  # Set the last-applied-configuration of a resource to match the contents of a file\n  kubectl-lite apply set-last-applied -f deploy.yaml',
  flags: [
    { name: 'filename', short: 'f', type: 'strings', arg: 'strings', description: 'Filename, directory, or URL to files that contains the last-applied-configuration annotations' },
    { name: 'create-annotation', type: 'bool', description: "Will create 'last-applied-configuration' annotations if current objects doesn't have one" },
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    ...PRINT_FLAGS,
  ],
  run: async (ctx, args, flags) => (await import('./apply-last-applied.js')).runSet(ctx, args, flags),
};

const viewLastApplied: VerbSpec = {
  name: 'view-last-applied',
  summary: 'View the latest last-applied-configuration annotations of a resource/object',
  usage: '(TYPE [NAME | -l label] | TYPE/NAME | -f FILENAME)',
  examples: '  # View the last-applied-configuration annotations by type/name in YAML\n  kubectl-lite apply view-last-applied deployment/nginx',
  flags: [
    ...filenameFlags('that contains the last-applied-configuration annotations'),
    { name: 'output', short: 'o', type: 'string', arg: 'string', default: 'yaml', description: 'Output format. Must be one of (yaml, json)' },
    { name: 'all', type: 'bool', description: 'Select all resources in the namespace of the specified resource types' },
    SELECTOR_FLAG,
  ],
  run: async (ctx, args, flags) => (await import('./apply-last-applied.js')).runView(ctx, args, flags),
};

const editLastApplied: VerbSpec = {
  name: 'edit-last-applied',
  summary: 'Edit latest last-applied-configuration annotations of a resource/object',
  usage: '(RESOURCE/NAME | -f FILENAME)',
  examples: '  # Edit the last-applied-configuration annotations by type/name in YAML\n  kubectl-lite apply edit-last-applied deployment/nginx',
  flags: [
    ...filenameFlags('to use to edit the resource'),
    OUTPUT_FLAG,
    ...PRINT_FLAGS,
    { name: 'field-manager', type: 'string', arg: 'string', default: 'kubectl-client-side-apply', description: 'Name of the manager used to track field ownership.' },
    VALIDATE_FLAG,
    { name: 'windows-line-endings', type: 'bool', description: 'Defaults to the line ending native to your platform.' },
  ],
  run: async (ctx, args, flags) => (await import('./apply-last-applied.js')).runEdit(ctx, args, flags),
};

export const verb: VerbSpec = {
  name: 'apply',
  summary: 'Apply a configuration to a resource by file name or stdin',
  usage: '(-f FILENAME | -k DIRECTORY)',
  examples: '  # Apply the configuration in pod.json to a pod\n  kubectl-lite apply -f ./pod.json\n\n  # Apply resources from a directory\n  kubectl-lite apply -f ./dir -R',
  flags: [
    ...filenameFlags('that contains the configuration to apply'),
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    ...PRINT_FLAGS,
    { name: 'prune', type: 'bool', description: 'Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all.' },
    { name: 'prune-allowlist', type: 'strings', arg: 'stringArray', description: 'Overwrite the default allowlist with <group/version/kind> for --prune' },
    { name: 'selector', short: 'l', type: 'string', arg: 'string', description: 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.' },
    { name: 'all', type: 'bool', description: 'Select all resources in the namespace of the specified resource types.' },
    { name: 'server-side', type: 'bool', description: 'If true, apply runs in the server instead of the client.' },
    { name: 'force-conflicts', type: 'bool', description: 'If true, server-side apply will force the changes against conflicts.' },
    { name: 'field-manager', type: 'string', arg: 'string', description: 'Name of the manager used to track field ownership.' },
    { name: 'subresource', type: 'string', arg: 'string', description: 'If specified, apply will operate on the subresource of the requested object.  Only allowed when using --server-side. This flag is beta and may change in the future.' },
    VALIDATE_FLAG,
    { name: 'overwrite', type: 'bool', default: true, description: 'Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration' },
    { name: 'force', type: 'bool', description: 'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.' },
    CASCADE_FLAG,
    GRACE_PERIOD_FLAG,
    TIMEOUT_FLAG,
    { name: 'openapi-patch', type: 'bool', default: true, description: 'If true, use openapi to calculate diff when the openapi presents and the resource can be found in the openapi spec. Otherwise, fall back to use baked-in types.' },
    { name: 'wait', type: 'bool', description: 'If true, wait for resources to be gone before returning. This waits for finalizers.' },
    { name: 'record', type: 'bool', hidden: true, description: 'Record current kubectl command in the resource annotation (deprecated).' },
  ],
  subcommands: [editLastApplied, setLastApplied, viewLastApplied],
  run: runApply,
};
