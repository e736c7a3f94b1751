/**
 * `-f FILE` and `--local` on the verbs that change objects named by argument (label, annotate,
 * set, scale, autoscale, expose): the objects a file names, fetched live from the cluster, or,
 * with --local, the file's own objects changed on the client and printed (kubectl's
 * `--local`: no request is made). kubectl's guards between -f, --local and resource arguments
 * are worded as kubectl words them.
 */
import type { ManifestDoc } from '../api/manifest.js';
import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { CliError, notFound } from '../errors.js';
import { notInSchemeMessage, typedDecodeFailure } from '../api/kubectl-scheme.js';
import type { Context, FlagValues } from './framework.js';
import { hasManifestInput, readDocuments, requireNamespace, resolveDoc } from './manifest-objects.js';
import { BuilderErrorList, failAggregate, isMappingError, VisitErrors } from './aggregate-errors.js';
import { fetchSelection, noNamespaceMessage, parseResourceArgs, pathsWithArgumentsError, PROVIDE_RESOURCES } from './resource-args.js';
import { outputOf, printOptionsOf } from './print-flags.js';
import type { Session } from './session.js';

export interface FileTarget {
  type: ResourceType;
  obj: KubeObject;
}

/**
 * The documents of -f (undefined without -f), after kubectl's checks of -f against the arguments.
 * `unread`, when given, takes the errors of documents that cannot be read (the builder goes on);
 * `selects`: -l keeps the documents whose own labels match (a builder that fetches nothing first).
 */
export async function readTargetDocuments(
  ctx: Context, flags: FlagValues, resources: string[], verb: string, style: 'map' | 'set' | 'plain', unread?: (err: unknown, seq: number) => void, selects = false,
): Promise<ManifestDoc[] | undefined> {
  const files = hasManifestInput(flags);
  if (flags.local === true) {
    if (flags['dry-run'] === 'server') throw new CliError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
    // (label and annotate check --local against their arguments themselves, in their order.)
    // set's --local refuses a resource argument even beside -f.
    if ((style === 'set' || !files) && style !== 'map' && resources.length) {
      throw new CliError(LOCAL_NEEDS_FILES);
    }
  }
  if (!files) return undefined;
  if (resources.length) throw pathsWithArgumentsError(resources, flags, ctx.cwd);
  return readDocuments(ctx, flags, verb, { ...(unread && { continueOnError: unread }), selects });
}

/** client-go's refusal of a request for one object whose name is empty. */
export const NO_NAME = 'resource name may not be empty';

/** A name client-go can send a request for: a string, not empty (a -f document may have none, or a number). */
export function hasName(obj: KubeObject): boolean {
  const name: unknown = obj.metadata?.name;
  return typeof name === 'string' && name !== '';
}

/** The builder's refusal of resource arguments with --local. */
export const LOCAL_NEEDS_FILES = "you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'";

/**
 * The live objects the documents name; each one that cannot be mapped or is missing is reported
 * (kubectl carries on): to `unread` with its place when given (the builder fetched it), else ctx.fail.
 */
export function liveTargets(
  ctx: Context, api: ApiServer, session: Session, docs: ManifestDoc[], unread?: (err: unknown, seq: number) => void, opts: { allNamespaces?: boolean; latest?: boolean } = {},
): FileTarget[] {
  const out: FileTarget[] = [];
  const fail = reporter(ctx, unread);
  for (const doc of docs) {
    try {
      const r = resolveDoc(api, session, doc, { latest: opts.latest ?? true });
      if (opts.allNamespaces && r.type.namespaced && !doc.object.metadata?.namespace) {
        fail(new CliError(noNamespaceMessage(r.type, doc.object.apiVersion, r.name)), doc);
        continue;
      }
      // The builder fetches nothing for a document without a name: the verb is given the document itself.
      if (!r.name) {
        out.push({ type: r.type, obj: r.object });
        continue;
      }
      const live = api.tryGet(r.type, r.namespace, r.name);
      if (live) out.push({ type: r.type, obj: live });
      else fail(notFound(r.type.plural, r.type.group, r.name), doc);
    } catch (e) {
      fail(e, doc);
    }
  }
  return out;
}

/**
 * The documents' own objects, as the files have them (--local: nothing is filled in); `unread` as
 * liveTargets'. A kind the cluster does not serve is kubectl's to judge, not the cluster's: label
 * and annotate change it as an unstructured object (`unserved: 'unstructured'`), set decodes it
 * into its scheme's types and refuses it (`'typed'`).
 */
export function localTargets(
  ctx: Context, api: ApiServer, session: Session, docs: ManifestDoc[], unread?: (err: unknown, seq: number) => void, unserved: 'unstructured' | 'typed' = 'typed',
): FileTarget[] {
  const out: FileTarget[] = [];
  const fail = reporter(ctx, unread);
  for (const doc of docs) {
    try {
      // A local builder maps nothing: a document that names a namespace is namespaced to it, whatever its kind.
      requireNamespace(session, doc.object.metadata?.namespace);
      const r = resolveDoc(api, session, doc);
      out.push({ type: r.type, obj: deepClone(doc.object) });
    } catch (e) {
      if (!isMappingError(e)) fail(e, doc);
      else if (unserved === 'typed') fail(new CliError(notInSchemeMessage(doc.source, doc.object.apiVersion, doc.object.kind)), doc);
      else {
        try {
          out.push({ type: unservedType(doc.object), obj: deepClone(doc.object) });
        } catch (err) {
          fail(err, doc);
        }
      }
    }
  }
  return out;
}

/**
 * The type of an object of a kind the cluster does not serve, as kubectl's unstructured local
 * objects have it: named by its kind and group (`widget.example.com/w`), its scope unknown (no
 * namespace is filled in).
 */
function unservedType(obj: KubeObject): ResourceType {
  const apiVersion = String(obj.apiVersion ?? '');
  const slash = apiVersion.indexOf('/');
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  const singular = obj.kind.toLowerCase();
  return { group, version, versions: [version], kind: obj.kind, plural: singular, singular, shortNames: [], namespaced: false, categories: [], verbs: [], custom: true };
}

/** Where a document's error goes: to `unread` with the document's place, else ctx.fail. */
function reporter(ctx: Context, unread?: (err: unknown, seq: number) => void): (err: unknown, doc: ManifestDoc) => void {
  return (e, doc) => (unread ? unread(e, doc.seq ?? 0) : ctx.fail(e));
}

/**
 * Prints objects one by one, as kubectl's per-object printers do (no List; `---` between YAML
 * documents when `separated`), with the verb's PRINT_FLAGS (`flags`).
 */
export async function printEach(ctx: Context, flags: FlagValues, items: FileTarget[], typed = false, separated = false): Promise<void> {
  if (items.length === 0) return;
  const output = outputOf(flags);
  const { printObjects } = await import('../printers/format.js');
  for (const [i, { type, obj }] of items.entries()) {
    // One YAML printer for all the objects separates them with `---`.
    if (separated && i > 0 && output === 'yaml') ctx.io.out.write('---\n');
    await printObjects({ output, items: [{ object: obj, type }], single: true, typed, cwd: ctx.cwd, out: ctx.io.out, ...printOptionsOf(flags) });
  }
}

/**
 * Generates an object for each object named (expose, autoscale), going on past one that fails, as
 * kubectl's visitor does; the failures are reported at the end. `printed` counts what the verb's
 * one printer printed (see GenerateOptions.printed). `requireObjects`: nothing named at all is an error.
 */
export async function generateForEach(
  ctx: Context, flags: FlagValues, args: string[], verb: string,
  generate: (target: KubeObject, printed: { count: number }) => Promise<void>, typed = false, requireObjects = false,
): Promise<void> {
  const errors = new VisitErrors();
  const printed = { count: 0 };
  const visits = await namedOrFileTargets(ctx, flags, args, verb, typed);
  // autoscale counts what it visited; expose visits nothing and says nothing.
  if (requireObjects && visits.length === 0) throw new CliError(`no objects passed to ${verb}`);
  for (const visit of visits) {
    if ('error' in visit) {
      errors.add(visit.error, visit.builder);
      continue;
    }
    try {
      await generate(visit.target, printed);
    } catch (err) {
      errors.add(err);
    }
  }
  errors.report(ctx);
}

/**
 * The objects of a verb that acts on what each one names (expose, autoscale), in the order kubectl
 * visits them: those the arguments name (one that is missing is an error in its place), else those
 * -f names, as the files have them (kubectl's builder does not fetch them), the errors of the
 * documents it could not read or map being the builder's own (`builder`).
 */
async function namedOrFileTargets(
  ctx: Context, flags: FlagValues, args: string[], verb: string, typed: boolean,
): Promise<Array<{ target: KubeObject } | { error: unknown; builder: boolean }>> {
  const unread = new BuilderErrorList();
  const docs = await readTargetDocuments(ctx, flags, args, verb, 'plain', unread.add);
  const session = ctx.session();
  return session.read((api) => {
    if (!docs) {
      if (args.length === 0) throw new CliError(PROVIDE_RESOURCES);
      const { named } = parseResourceArgs(args, api.registry);
      if (!named.length) throw new CliError('resource(s) were provided, but no name was specified');
      return named.map((n) => {
        const { found, missing } = fetchSelection(api, { named: [n], types: [] }, { namespace: session.namespace });
        return found[0] ? { target: found[0].object } : { error: missing[0], builder: false };
      });
    }
    const visits: Array<{ target: KubeObject } | { error: unknown; builder: boolean }> = [];
    for (const doc of docs) {
      const undecodable = typed ? typedDecodeFailure(api.registry, doc) : undefined;
      if (undecodable) {
        unread.add(undecodable, doc.seq ?? 0);
        continue;
      }
      try {
        visits.push({ target: resolveDoc(api, session, doc).object });
      } catch (error) {
        unread.add(error, doc.seq ?? 0);
      }
    }
    for (const error of unread.errors) visits.push({ error, builder: true });
    return visits;
  });
}
