/**
 * kubectl set image|env|resources: edits the containers of a pod template (or a pod) and
 * prints `<kind>/<name> image updated` etc. for each object that changed.
 */
import { resourceList } from './create-policy.js';
import { jsonEqual } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { ApiError, CliError, RawError, renderApiError } from '../errors.js';
import type { Context, FlagSpec, FlagValues, VerbSpec } from './framework.js';
import { dryRunSuffix, parseDryRun, PROVIDE_RESOURCES, resolveTargets, targetName, type Target } from './workload-targets.js';
import { checkCombinedTypeArgs, parseResourceArgs, noResourcesError, SELECTOR_NEEDS_RESOURCE } from './resource-args.js';
import { hasName, liveTargets, localTargets, printEach, readTargetDocuments, type FileTarget } from './file-targets.js';
import { DRY_RUN_FLAG, fileSelector, filenameFlags, hasManifestInput, OUTPUT_FLAG } from './manifest-objects.js';
import { matches, type Selector } from '../api/labels.js';
import type { ManifestDoc } from '../api/manifest.js';
import type { ApiServer } from '../api/server.js';
import type { Session } from './session.js';
import { fieldManagerFlag, outputOf, PRINT_FLAGS, printerFirst } from './print-flags.js';
import { typedRoundTrip } from './typed-objects.js';
import { recordChangeCause } from './record.js';
import { BuilderErrorList, failAggregate, fetchFailure, VisitErrors } from './aggregate-errors.js';
import { typedDecodeFailure } from '../api/kubectl-scheme.js';

/** The pod spec inside an object (UpdatePodSpecForObject), or undefined for kinds without one. */
export function podSpecOf(obj: KubeObject): any | undefined {
  switch (obj.kind) {
    case 'Pod':
      return (obj.spec ??= {});
    case 'CronJob': {
      const job = (((obj.spec ??= {}).jobTemplate ??= {}).spec ??= {});
      return ((job.template ??= {}).spec ??= {});
    }
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return (((obj.spec ??= {}).template ??= {}).spec ??= {});
    default:
      return undefined;
  }
}

/**
 * Edits a pod spec (or what `scope` gives); `skip` leaves the object alone with kubectl's warning
 * about it, `fail` leaves it alone as one kubectl could not make a patch for (`error: <resource>/<name> <why>`).
 */
type Edit = (spec: any, errors: string[], skip: (why: string) => void, fail: (why: string) => void) => void;

interface EditRun {
  operation: string;
  /** Splits args into resources and the verb's own KEY=VALUE arguments. */
  args: string[];
  edit: Edit;
  flags: FlagValues;
  /** Where the edit applies: the pod spec (the default) or the whole object (set selector). */
  scope?: (obj: KubeObject, t: Target) => any;
  /** The error when `scope` finds nothing to edit. */
  scopeError?: string;
  /** kubectl's words after `error: <resource>/<name>` when `scope` finds nothing to edit (the pod template's by default). */
  scopeWhy?: string;
  /** The patch is sent and the object printed even when nothing changed (set serviceaccount checks no empty patch). */
  patchUnchanged?: boolean;
  /** kubectl's words before the server's refusal of the patch (it goes on with the other objects). */
  patchFailure?: string;
  /**
   * The verb visits what -f names (kubectl's r.Visit, set selector's): it goes on past a document
   * the builder cannot read, map or find, and reports those after the objects' own errors (the
   * other set verbs edit nothing when there is one).
   */
  visits?: boolean;
  /**
   * kubectl's Validate, which it runs once the builder has found every object (a missing one is
   * reported first): the verb's own flags and arguments.
   */
  validate?: () => void;
  /** --local with -f reads the files alone and leaves resource arguments unread (set env and serviceaccount); the others refuse them. */
  localReadsFilesOnly?: boolean;
  /**
   * set selector's --resource-version: every object's patch carries it (the server refuses it as a
   * Conflict where the object is at another version); a refusal is reported with the others and
   * the visit goes on.
   */
  resourceVersion?: string;
  /** An object whose edit reported an error is not patched (set selector's; set image patches what it could). */
  editErrorSkips?: boolean;
}

/** What a set verb's builder was given: the documents of -f/-k, or the resource arguments. */
interface SetInput {
  docs: ManifestDoc[] | undefined;
  args: string[];
  /** What kubectl's builder could not read (or decode into its typed scheme), map or find. */
  unread: BuilderErrorList;
  /** -l beside -f (not --local): the builder keeps the objects whose live labels match. */
  fileSel: Selector | undefined;
}

/**
 * The builder's input. `filesOnly` (set env and serviceaccount): --local gives it neither the
 * resource arguments nor the selector, so it has only the files, or nothing.
 */
async function readSetInput(ctx: Context, flags: FlagValues, resources: string[], filesOnly: boolean): Promise<SetInput> {
  const unread = new BuilderErrorList();
  const local = flags.local === true;
  const args = filesOnly && local ? [] : resources;
  const docs = await readTargetDocuments(ctx, flags, args, 'set', 'set', unread.add);
  if (args.length === 0 && !docs) throw noResourcesError(!(filesOnly && local) && flags.selector !== undefined);
  const fileSel = docs && !local && flags.selector !== undefined ? await fileSelector(String(flags.selector)) : undefined;
  return { docs, args, unread, fileSel };
}

/** The objects the input names: the files' live ones (as written, with --local), or the arguments'. */
function setTargets(ctx: Context, api: ApiServer, session: Session, flags: FlagValues, input: SetInput): Target[] {
  const { docs, unread, fileSel } = input;
  if (docs) {
    const readable = docs.filter((doc) => {
      const failure = typedDecodeFailure(api.registry, doc);
      if (failure) unread.add(failure, doc.seq ?? 0);
      return !failure;
    });
    return (flags.local === true ? localTargets : liveTargets)(ctx, api, session, readable, unread.add).filter((t) => !fileSel || matches(fileSel, t.obj.metadata.labels));
  }
  const r = resolveTargets(api, { args: input.args, namespace: session.namespace, selector: flags.selector, all: flags.all, noArgsMessage: PROVIDE_RESOURCES });
  if (r.missing.length) throw fetchFailure(r.missing);
  return r.found;
}

async function runEdit(ctx: Context, run: EditRun): Promise<void> {
  const dryRun = parseDryRun(run.flags['dry-run']);
  const input = await readSetInput(ctx, run.flags, run.args, run.localReadsFilesOnly === true);
  const { docs, unread } = input;
  const local = run.flags.local === true;
  const output = outputOf(run.flags);
  const printed: FileTarget[] = [];
  const session = ctx.session();
  // kubectl reports the edits' errors (found while computing every patch) before the objects it could not edit.
  const errors: string[] = [];
  const scopeErrors: string[] = [];
  // The server's refusals of the patches (the verbs with patchFailure), among scopeErrors in object order.
  const patchErrors = new Set<string>();
  session.write((api) => {
    const found = setTargets(ctx, api, session, run.flags, input);
    // The set verbs but selector take every object before they edit one: any of those errors fails the command, and nothing is edited.
    if (docs && !run.visits && unread.length) return;
    run.validate?.();
    for (const t of found) {
      const edited = editTarget(ctx, t, run, errors, scopeErrors, local);
      if (!edited) continue;
      // kubectl records the command in every object it edits, changed or not (the record is a change).
      if (run.flags.record === true) recordChangeCause(ctx, edited.object);
      const updated = edited.changed || run.flags.record === true || run.patchUnchanged ? edited.object : undefined;
      // An unchanged object (an empty patch) is neither sent nor printed.
      if (!updated) continue;
      if (run.resourceVersion) updated.metadata.resourceVersion = run.resourceVersion;
      if (local || dryRun === 'client') {
        const obj = typedRoundTrip(edited.object);
        if (output) printed.push({ type: t.type, obj });
        else ctx.io.out.write(`${targetName(t)} ${run.operation}${dryRunSuffix(dryRun)}\n`);
        continue;
      }
      if (!hasName(updated)) {
        // client-go refuses the PATCH of an object without a name (a -f document that has none) before sending it.
        const text = `${run.patchFailure ?? ''}resource name may not be empty`;
        patchErrors.add(text);
        scopeErrors.push(text);
        continue;
      }
      let result: KubeObject;
      try {
        result = api.update(updated, { dryRun: dryRun === 'server', fieldManager: (run.flags['field-manager'] as string | undefined) || 'kubectl-set' });
      } catch (err) {
        if (run.resourceVersion && err instanceof ApiError) {
          const text = renderApiError(err);
          patchErrors.add(text);
          scopeErrors.push(text);
          continue;
        }
        if (run.patchFailure === undefined || !(err instanceof ApiError)) throw err;
        const text = `${run.patchFailure}${err.message}`;
        patchErrors.add(text);
        scopeErrors.push(text);
        continue;
      }
      if (output) printed.push({ type: t.type, obj: result });
      else ctx.io.out.write(`${targetName(t)} ${run.operation}${dryRunSuffix(dryRun)}\n`);
    }
  });
  if (output) await printEach(ctx, run.flags, printed, local || dryRun === 'client', true);
  const unreadable = unread.errors;
  if (!run.visits && unreadable.length) return failAggregate(ctx, unread.aggregate());
  if (unreadable.length) {
    const visit = new VisitErrors();
    for (const e of [...errors, ...scopeErrors]) visit.add(new CliError(e));
    for (const e of unreadable) visit.add(e, true);
    return visit.report(ctx);
  }
  if (errors.length + scopeErrors.length) ctx.fail(aggregateErrors(errors, scopeErrors, patchErrors, run.scopeError === undefined));
}

/**
 * Several errors as kubectl prints them. The pod-template verbs' aggregate: the edits' errors
 * (found while every patch is computed) first, then, object by object, those of the objects it
 * could not edit (kubectl's message ends in a newline: a blank line follows each) and the server's
 * refusals of the patches (as they are). set selector's: one plain line each.
 */
function aggregateErrors(edits: string[], after: string[], refusals: Set<string>, aggregate: boolean): Error {
  if (!aggregate) {
    const lines = [...edits, ...after];
    return lines.length === 1 && !refusals.has(lines[0]!) ? new CliError(lines[0]!) : new RawError(lines.join('\n'));
  }
  const bare = (e: string) => e.replace(/^error: /, '');
  const entries = [...edits, ...after];
  if (entries.length === 1) return new CliError(bare(entries[0]!));
  const lines = entries.map((e, i) => (i < edits.length ? `error: ${bare(e)}` : refusals.has(e) ? e : `error: ${bare(e)}\n`));
  return new RawError(lines.join('\n') + '\n');
}

function editTarget(ctx: Context, t: Target, run: EditRun, errors: string[], scopeErrors: string[], local: boolean): { object: KubeObject; changed: boolean } | undefined {
  const scope = run.scope ?? podScope;
  const copy = deepClone(t.obj);
  const spec = scope(copy, t);
  if (!spec) {
    // --local maps a file's kind without the server: kubectl then names the resource by its lower-cased kind.
    const why = run.scopeWhy ?? `the object is not a pod or does not have a pod template: *v1.${t.type.kind}`;
    scopeErrors.push(run.scopeError ?? `error: ${local ? t.type.kind.toLowerCase() : t.type.plural}/${t.obj.metadata.name ?? ''} ${why}`);
    return undefined;
  }
  let skipped: string | undefined;
  let failed: string | undefined;
  const before = errors.length;
  run.edit(spec, errors, (why) => (skipped ??= why), (why) => (failed ??= why));
  if (run.editErrorSkips && errors.length > before) return undefined;
  if (failed !== undefined) {
    scopeErrors.push(`error: ${local ? t.type.kind.toLowerCase() : t.type.plural}/${t.obj.metadata.name} ${failed}`);
    return undefined;
  }
  if (skipped !== undefined) {
    ctx.io.err.write(`Warning: ${t.obj.kind}/${t.obj.metadata.name} ${skipped}\n`);
    return undefined;
  }
  return { object: copy, changed: !jsonEqual(scope(deepClone(t.obj), t), spec) };
}

function podScope(obj: KubeObject): any {
  return podSpecOf(obj);
}

function containersOf(spec: any): any[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** The -c/--containers wildcard (path.Match style `*` and `?`). */
function globPattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** The builder's refusal of a selector with nothing to select, which kubectl meets before its own checks. */
function selectorNeedsResources(resources: string[], flags: FlagValues): void {
  if (resources.length === 0 && !hasManifestInput(flags) && flags.selector !== undefined) throw new CliError(SELECTOR_NEEDS_RESOURCE);
}

/**
 * The resources, then the changes (kubectl's GetResourcesAndPairs, SplitEnvironmentFromResources):
 * every resource comes before the first change, else `refused` says why with the word it got.
 */
function splitAssignments(args: string[], isAssignment: (a: string) => boolean, refused: (word: string) => string): { resources: string[]; assignments: string[] } {
  const resources: string[] = [];
  const assignments: string[] = [];
  for (const a of args) {
    if (isAssignment(a)) assignments.push(a);
    else if (assignments.length === 0) resources.push(a);
    else throw new CliError(refused(a));
  }
  return { resources, assignments };
}

// ---- image ----

export function imageEdit(images: Map<string, string>): Edit {
  return (spec, errors) => {
    for (const [name, image] of images) {
      let found = false;
      for (const c of containersOf(spec)) {
        if (name === '*' || c.name === name) {
          c.image = image;
          found = true;
        }
      }
      if (!found) errors.push(`error: unable to find container named "${name}"`);
    }
  };
}

async function runImage(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const isPair = (a: string) => (a.includes('=') && !a.startsWith('=')) || (a.endsWith('-') && a !== '-');
  const { resources, assignments } = splitAssignments(args, isPair, (word) => `all resources must be specified before image changes: ${word}`);
  // A removal's `NAME-` is a change to set image's splitter, but no image.
  const notImage = assignments.find((a) => !a.includes('='));
  if (notImage !== undefined) throw new CliError(`invalid image format: ${notImage}`);
  selectorNeedsResources(resources, flags);
  if (resources.length === 0 && !hasManifestInput(flags)) throw new CliError(PROVIDE_RESOURCES);
  checkCombinedTypeArgs(resources);
  const images = new Map(assignments.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  const validate = () => {
    if (flags.all && flags.selector) throw new CliError('cannot set --all and --selector at the same time');
    if (assignments.length === 0) throw new CliError('at least one image update is required');
    if (images.size > 1 && images.has('*')) {
      throw new CliError('all containers are already specified by *, but saw more than one container_name=container_image pairs');
    }
  };
  return runEdit(ctx, { operation: 'image updated', args: resources, edit: imageEdit(images), flags, validate, patchFailure: 'failed to patch image update to pod template: ' });
}

// ---- env ----

export function envEdit(set: Array<[string, string]>, remove: string[], containerGlob: string, overwrite: boolean, from: any[] = []): Edit {
  const pattern = globPattern(containerGlob);
  const added = [...set.map(([name, value]) => ({ name, value })), ...from];
  return (spec, _errors, skip, fail) => {
    const matching = containersOf(spec).filter((x) => pattern.test(x.name));
    if (matching.length === 0) skip(`does not have any containers matching "${containerGlob}"`);
    for (const c of matching) {
      // kubectl's validateNoOverwrites: the first variable given a new value fails the object.
      const clash = overwrite ? undefined : firstOverwrite(c.env ?? [], added);
      if (clash) return fail(`'${clash.name}' already has a value (${clash.value ?? ''}), and --overwrite is false`);
      const env = updateEnv(c.env ?? [], added, remove);
      if (env.length) c.env = env;
      else delete c.env;
    }
  };
}

/**
 * kubectl's updateEnv: the existing variables in place (a removed one dropped, a changed one
 * replaced by the first change of that name), then the new ones in the order given (the
 * arguments', then --from's), each name once.
 */
function updateEnv(existing: any[], env: any[], remove: string[]): any[] {
  const out: any[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((x) => x.name === e.name);
    if (newer) covered.add(e.name);
    out.push(newer ?? e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

function firstOverwrite(existing: any[], added: any[]): any | undefined {
  for (const e of added) {
    const current = existing.find((x) => x.name === e.name);
    if (current && (current.value ?? '') !== (e.value ?? '')) return current;
  }
  return undefined;
}

/** --list: each container's variables as they would be after the command's changes (`edit`), which are not sent. */
async function listEnv(ctx: Context, args: string[], flags: FlagValues, edit: Edit): Promise<void> {
  const input = await readSetInput(ctx, flags, args, true);
  const session = ctx.session();
  session.read((api) => {
    const found = setTargets(ctx, api, session, flags, input);
    // The builder's errors fail the command before anything is listed.
    if (input.unread.length) return;
    for (const t of found) {
      const spec = podSpecOf(deepClone(t.obj)) ?? {};
      edit(spec, [], () => undefined, (why) => {
        throw new CliError(why);
      });
      // set env takes the containers, then the init containers, that -c matches.
      const glob = flags.containers ?? '*';
      const pattern = globPattern(glob);
      const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].filter((x) => pattern.test(x.name));
      if (containers.length === 0) ctx.io.err.write(`Warning: ${t.type.kind}/${t.obj.metadata.name} does not have any containers matching "${glob}"\n`);
      for (const c of containers) {
        ctx.io.out.write(`# ${t.type.kind} ${t.obj.metadata.name ?? ''}, container ${c.name}\n`);
        for (const e of c.env ?? []) {
          if (e.valueFrom?.fieldRef) ctx.io.out.write(`# ${e.name} from field path ${e.valueFrom.fieldRef.fieldPath}\n`);
          else if (e.valueFrom?.secretKeyRef) ctx.io.out.write(`# ${e.name} from secret ${e.valueFrom.secretKeyRef.name}, key ${e.valueFrom.secretKeyRef.key}\n`);
          else if (e.valueFrom?.configMapKeyRef) ctx.io.out.write(`# ${e.name} from configmap ${e.valueFrom.configMapKeyRef.name}, key ${e.valueFrom.configMapKeyRef.key}\n`);
          else ctx.io.out.write(`${e.name}=${e.value ?? ''}\n`);
        }
      }
    }
  });
  failAggregate(ctx, input.unread.aggregate());
}

async function runEnv(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  if (flags.all && flags.selector) throw new CliError('cannot set --all and --selector at the same time');
  // envutil's IsEnvironmentArgument (something before an `=`), or a removal (`NAME-`).
  const isEnv = (a: string) => /^[\s\S]+=[\s\S]*$/.test(a) || a.endsWith('-');
  const { resources, assignments } = splitAssignments(args, isEnv, () => `all resources must be specified before environment changes: ${args.join(' ')}`);
  // kubectl's RunEnv counts -f here, not -k: `set env -k DIR A=1` is refused whatever DIR holds.
  if (resources.length === 0 && !((flags.filename as string[] | undefined) ?? []).length) {
    throw new CliError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  }
  if (flags.keys?.length && !flags.from) throw new CliError('when specifying --keys, a configmap or secret must be provided with --from');
  const set: Array<[string, string]> = [];
  const remove: string[] = [];
  // kubectl's ParseEnv of --env then the arguments: NAME=VALUE (a valid name), NAME- to remove; anything else (an --env without `=`) is refused.
  for (const a of [...(flags.env ?? []), ...assignments]) {
    if (a.includes('=')) {
      const name = a.slice(0, a.indexOf('='));
      if (!ENV_VAR_NAME.test(name)) throw new CliError(`${JSON.stringify(name)} is not a valid key name: ${ENV_VAR_NAME_MESSAGE}`);
      set.push([name, a.slice(a.indexOf('=') + 1)]);
    } else if (a.endsWith('-')) remove.push(a.slice(0, -1));
    else throw new CliError(`unknown environment variable: ${a}`);
  }
  if (remove.some((name) => set.some(([k]) => k === name))) throw new CliError('can not both modify and remove the same environment variable in the same command');
  const fromRefs = flags.from ? envFrom(ctx, flags) : [];
  checkCombinedTypeArgs(resources);
  // No change at all is no error: every object's patch is empty, and nothing is sent or printed.
  const edit = envEdit(set, remove, flags.containers ?? '*', flags.overwrite !== false, fromRefs);
  if (flags.list) return listEnv(ctx, resources, flags, edit);
  return runEdit(ctx, { operation: 'env updated', args: resources, edit, flags, localReadsFilesOnly: true, patchFailure: 'failed to patch env update to pod template: ' });
}

const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const ENV_VAR_NAME_MESSAGE =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/** kubectl's keyToEnvName: every character outside [a-zA-Z0-9_] becomes `_`, then upper case; a changed key is warned about. */
function keyToEnvName(ctx: Context, key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase();
  if (name !== key) ctx.io.err.write(`Warning: key ${key} transferred to ${name}\n`);
  return name;
}

/** `--from=configmap/NAME|secret/NAME` (with --keys, --prefix): one env var per key, taken from the object. */
function envFrom(ctx: Context, flags: FlagValues): any[] {
  const session = ctx.session();
  return session.read((api) => {
    const sel = parseResourceArgs([String(flags.from)], api.registry);
    const ref = sel.named[0];
    if (!ref) throw new CliError('unsupported resource specified in --from');
    const obj = api.get(ref.type, session.namespace, ref.name);
    if (obj.kind !== 'ConfigMap' && obj.kind !== 'Secret') throw new CliError('unsupported resource specified in --from');
    const keys: string[] = (flags.keys ?? []).flatMap((k: string) => k.split(','));
    const data = Object.keys({ ...(obj as any).data, ...(obj.kind === 'ConfigMap' ? (obj as any).binaryData : {}) }).sort();
    const refKey = obj.kind === 'ConfigMap' ? 'configMapKeyRef' : 'secretKeyRef';
    return data
      .filter((k) => keys.length === 0 || keys.includes(k))
      .map((k) => ({ name: `${flags.prefix ?? ''}${keyToEnvName(ctx, k)}`, valueFrom: { [refKey]: { key: k, name: obj.metadata.name } } }));
  });
}

// ---- resources ----

function parseResourceList(text: string | undefined): Record<string, string> {
  return (text && resourceList(text)) || {};
}

export function resourcesEdit(limits: Record<string, string>, requests: Record<string, string>, containerGlob: string): Edit {
  const pattern = globPattern(containerGlob);
  return (spec, errors) => {
    const containers = containersOf(spec).filter((c) => pattern.test(c.name));
    if (containers.length === 0) errors.push(`error: unable to find container named ${containerGlob}`);
    for (const c of containers) {
      const r = (c.resources ??= {});
      if (Object.keys(limits).length) r.limits = { ...(r.limits ?? {}), ...limits };
      if (Object.keys(requests).length) r.requests = { ...(r.requests ?? {}), ...requests };
    }
  };
}

async function runResources(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  selectorNeedsResources(args, flags);
  if (args.length === 0 && !hasManifestInput(flags)) throw new CliError(PROVIDE_RESOURCES);
  let limits: Record<string, string> = {};
  let requests: Record<string, string> = {};
  const validate = () => {
    if (!flags.limits && !flags.requests) throw new CliError('you must specify an update to requests or limits (in the form of --requests/--limits)');
    limits = parseResourceList(flags.limits);
    requests = parseResourceList(flags.requests);
  };
  const edit: Edit = (...a) => resourcesEdit(limits, requests, flags.containers ?? '*')(...a);
  return runEdit(ctx, { operation: 'resource requirements updated', args, edit, flags, validate, patchFailure: 'failed to patch resources update to pod template ' });
}

const COMMON: FlagSpec[] = [
  { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on' },
  { name: 'all', type: 'bool', description: 'Select all resources, in the namespace of the specified resource types' },
  DRY_RUN_FLAG,
  ...filenameFlags('identifying the resource to update'),
  { name: 'local', type: 'bool', description: 'If true, set will NOT contact api-server but run locally.' },
  OUTPUT_FLAG,
  ...PRINT_FLAGS,
  fieldManagerFlag('kubectl-set'),
  { name: 'record', type: 'bool', hidden: true, description: 'Record current kubectl command in the resource annotation.' },
];

const CONTAINERS: FlagSpec = { name: 'containers', short: 'c', type: 'string', default: '*', description: 'The names of containers in the selected pod templates to change - may use wildcards' };

/** Every set subcommand builds its printer first, before it reads its arguments. */
function withPrinterFirst(run: (ctx: Context, args: string[], flags: FlagValues) => Promise<void>) {
  return async (ctx: Context, args: string[], flags: FlagValues): Promise<void> => {
    await printerFirst(ctx, flags);
    return run(ctx, args, flags);
  };
}

export const verb: VerbSpec = {
  name: 'set',
  summary: 'Set specific features on objects',
  usage: 'SUBCOMMAND',
  subcommands: [
    {
      name: 'image',
      summary: 'Update the image of a pod template',
      usage: '(-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N',
      flags: COMMON,
      run: withPrinterFirst(runImage),
    },
    {
      name: 'env',
      summary: 'Update environment variables on a pod template',
      usage: 'RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N',
      flags: [
        ...COMMON.filter((f) => f.name !== 'record'),
        CONTAINERS,
        { name: 'env', short: 'e', type: 'strings', description: 'Specify a key-value pair for an environment variable to set into each container.' },
        { name: 'list', type: 'bool', description: 'If true, display the environment and any changes in the standard format.' },
        { name: 'overwrite', type: 'bool', default: true, description: 'If true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment.' },
        { name: 'from', type: 'string', description: 'The name of a resource from which to inject environment variables' },
        { name: 'keys', type: 'strings', description: 'Comma-separated list of keys to import from specified resource' },
        { name: 'prefix', type: 'string', description: 'Prefix to append to variable names' },
        { name: 'resolve', type: 'bool', description: 'If true, show secret or configmap references when listing variables' },
      ],
      run: withPrinterFirst(runEnv),
    },
    {
      name: 'resources',
      summary: 'Update resource requests/limits on objects with pod templates',
      usage: '(-f FILENAME | TYPE NAME) ([--limits=LIMITS & --requests=REQUESTS]',
      flags: [
        ...COMMON,
        CONTAINERS,
        { name: 'limits', type: 'string', description: 'The resource requirement requests for this container.  For example, \'cpu=100m,memory=256Mi\'.' },
        { name: 'requests', type: 'string', description: 'The resource requirement requests for this container.  For example, \'cpu=100m,memory=256Mi\'.' },
      ],
      run: withPrinterFirst(runResources),
    },
    {
      name: 'selector',
      summary: 'Set the selector on a resource',
      usage: '(-f FILENAME | TYPE NAME) EXPRESSIONS [--resource-version=version]',
      // set selector has -f and -R but no -k.
      flags: [...COMMON.filter((f) => f.name !== 'selector' && f.name !== 'kustomize'), { name: 'resource-version', type: 'string', description: 'If non-empty, the selectors update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.' }],
      run: withPrinterFirst(runSelector),
    },
    {
      name: 'serviceaccount',
      aliases: ['sa'],
      summary: 'Update the service account of a resource',
      usage: '(-f FILENAME | TYPE NAME) SERVICE_ACCOUNT',
      flags: COMMON.filter((f) => f.name !== 'selector'),
      run: withPrinterFirst(runServiceAccount),
    },
    {
      name: 'subject',
      summary: 'Update the user, group, or service account in a role binding or cluster role binding',
      usage: '(-f FILENAME | TYPE NAME) [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]',
      flags: [
        ...COMMON.filter((f) => f.name !== 'record'),
        { name: 'user', type: 'strings', description: 'Usernames to bind to the role' },
        { name: 'group', type: 'strings', description: 'Groups to bind to the role' },
        { name: 'serviceaccount', type: 'strings', description: 'Service accounts to bind to the role' },
      ],
      run: withPrinterFirst(runSubject),
    },
  ],
};

// ---- subject ----

const RBAC_GROUP = 'rbac.authorization.k8s.io';

async function runSubject(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const users: string[] = flags.user ?? [];
  const groups: string[] = flags.group ?? [];
  const accounts: string[] = flags.serviceaccount ?? [];
  selectorNeedsResources(args, flags);
  if (args.length === 0 && !hasManifestInput(flags)) throw new CliError(PROVIDE_RESOURCES);
  const validate = () => {
    if (users.length + groups.length + accounts.length === 0) throw new CliError('you must specify at least one value of user, group or serviceaccount');
    for (const sa of accounts) {
      const parts = sa.split(':');
      if (parts.length !== 2 || parts[1] === '') throw new CliError('serviceaccount must be <namespace>:<name>');
    }
  };
  return runEdit(ctx, {
    operation: 'subjects updated',
    args,
    flags,
    validate,
    scope: (obj) => (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding' ? obj : undefined),
    scopeWhy: 'setting subjects is only supported for RoleBinding/ClusterRoleBinding',
    edit: (binding) => {
      const wanted = [
        ...users.map((name) => ({ kind: 'User', apiGroup: RBAC_GROUP, name })),
        ...groups.map((name) => ({ kind: 'Group', apiGroup: RBAC_GROUP, name })),
        ...accounts.map((sa) => {
          const [ns, name] = sa.split(':') as [string, string];
          // An empty namespace is the binding's own; a ClusterRoleBinding has none to give.
          const namespace = ns || binding.metadata?.namespace;
          if (!namespace) throw new CliError('serviceaccount must be <namespace>:<name>, namespace must be specified');
          return { kind: 'ServiceAccount', name, namespace };
        }),
      ];
      const subjects: any[] = [...(binding.subjects ?? [])];
      const same = (a: any, b: any) => a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '') && (a.apiGroup ?? '') === (b.apiGroup ?? '');
      for (const s of wanted) if (!subjects.some((x) => same(x, s))) subjects.push(s);
      if (subjects.length) binding.subjects = subjects;
    },
  });
}

// ---- selector ----

async function runSelector(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  // kubectl's getResourcesAndSelector: the last word is the selector (metav1's, any syntax), the others the resources.
  const { labelSelector, goMatchExpressions } = await import('./label-selector.js');
  const selector = args.length ? labelSelector(args[args.length - 1]!) : undefined;
  if (!selector) throw new CliError('one selector is required');
  return runEdit(ctx, {
    operation: 'selector updated',
    args: args.slice(0, -1),
    flags,
    scope: (obj) => (obj.kind === 'Service' ? (obj.spec ??= {}) : undefined),
    scopeError: 'setting a selector is only supported for Services',
    visits: true,
    // kubectl sends set selector's patch, and prints the object, even when nothing changed.
    patchUnchanged: true,
    editErrorSkips: true,
    resourceVersion: (flags['resource-version'] as string | undefined) || undefined,
    edit: (spec, errors) => {
      // A Service's selector is a map: only equality terms fit in it.
      if (selector.matchExpressions?.length) return void errors.push(`match expression ${goMatchExpressions(selector.matchExpressions)} not supported on this object`);
      // An empty map is no selector (omitempty).
      if (Object.keys(selector.matchLabels ?? {}).length) spec.selector = { ...selector.matchLabels };
      else delete spec.selector;
    },
  });
}

// ---- serviceaccount ----

async function runServiceAccount(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const files = hasManifestInput(flags);
  if (args.length === 0) throw new CliError('serviceaccount is required');
  if (!files && args.length < 2) throw new CliError(PROVIDE_RESOURCES);
  const name = args[args.length - 1]!;
  return runEdit(ctx, {
    operation: 'serviceaccount updated',
    args: args.slice(0, -1),
    flags,
    patchUnchanged: true,
    localReadsFilesOnly: true,
    patchFailure: 'failed to patch ServiceAccountName ',
    edit: (spec) => {
      spec.serviceAccountName = name;
    },
  });
}
