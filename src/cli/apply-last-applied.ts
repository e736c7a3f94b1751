/**
 * `apply set-last-applied`, `apply view-last-applied` and `apply edit-last-applied`: the
 * last-applied-configuration annotation read, set from files, or edited in $KUBE_EDITOR, as
 * kubectl v1.32 does it. set and edit write the annotation as kubectl's GetApplyPatch does: the
 * object as compact sorted JSON and a newline, taken as it is (no `annotations: {}` added, unlike
 * apply's own), so the next apply computes its three-way patch from it.
 */
import { goJson } from '../api/merge/index.js';
import { markedNumbers, parseJson, setAt } from '../api/json-numbers.js';
import { goQuote, isInt64Literal } from '../printers/go-values.js';
import { kindPrefix, type ResourceType } from '../api/registry.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { ApiError, CliError, RawError } from '../errors.js';
import { fetchFailure } from './aggregate-errors.js';
import { indentJson, LAST_APPLIED } from './apply.js';
import type { Context, FlagValues } from './framework.js';
import { dryRunOf, dryRunSuffix, fieldValidationOf, hasManifestInput, outputOf, printResults, printWarnings, readDocuments, resolveDocs } from './manifest-objects.js';
import { PROVIDE_RESOURCES } from './resource-args.js';
import { fetchSelection, namedWithSelectorError, parseResourceArgs, pathsWithArgumentsError } from './resource-args.js';

/** kubectl's encodeToJSON: what set-last-applied and edit-last-applied store in the annotation. */
export function annotationText(object: KubeObject): string {
  return goJson(object) + '\n';
}

function withAnnotation(live: KubeObject, text: string): KubeObject {
  const next = deepClone(live);
  next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [LAST_APPLIED]: text };
  return next;
}

interface Target {
  type: ResourceType;
  object: KubeObject;
  /** The file it came from (-f), for kubectl's `error when ... "<file>"`. */
  source?: string;
}

/**
 * The live objects named by -f/-k, TYPE NAME..., TYPE/NAME, or TYPE with -l / --all. `visit` sees
 * each object of the files as the builder fetches it: its error, like a missing object's, ends the
 * command there (the builder does not go on past an error).
 */
async function liveTargets(ctx: Context, args: string[], flags: FlagValues, verb: string, visit: (t: Target) => void = () => {}): Promise<Target[]> {
  const hasFiles = hasManifestInput(flags);
  if (!hasFiles && args.length === 0) throw new CliError(PROVIDE_RESOURCES);
  if (hasFiles && args.length > 0) throw pathsWithArgumentsError(args, flags, ctx.cwd);
  const docs = hasFiles ? await readDocuments(ctx, flags, verb) : [];
  const session = ctx.session();
  return session.read((api) => {
    if (hasFiles) {
      const stop = (err: unknown): never => {
        throw err;
      };
      return resolveDocs(ctx, api, session, docs, undefined, stop, undefined, { latest: true }).map((r) => {
        // The builder fetches nothing for a document without a name: the verb is given the document itself.
        const t = { type: r.type, object: r.name ? api.get(r.type, r.namespace, r.name) : r.object, source: r.doc.source };
        visit(t);
        return t;
      });
    }
    const sel = parseResourceArgs(args, api.registry);
    const labelSelector = builderSelector(args, flags, verb === 'edit-last-applied' || session.namespaceExplicit);
    if (labelSelector !== undefined && sel.named.length) throw namedWithSelectorError(args);
    if (sel.types.length && labelSelector === undefined) throw new CliError('resource(s) were provided, but no name was specified');
    const { found, missing } = fetchSelection(api, sel, { namespace: session.namespace, labelSelector, all: labelSelector === '' });
    // view-last-applied's builder stops at the first error; edit-last-applied's continues and aggregates.
    if (missing.length) throw verb === 'view-last-applied' ? missing[0] : fetchFailure(missing);
    return found.map((f) => ({ type: f.type, object: f.object }));
  });
}

/**
 * The label selector kubectl's builder ends up with (undefined: none, names are visited), set as the
 * last-applied verbs set it: ResourceTypeOrNameArgs first, which gives a lone type argument an empty
 * selector when `allowEmptySelector` (edit-last-applied always; view-last-applied with -n given, its
 * enforceNamespace), then --all (SelectAllParam), then -l (LabelSelectorParam), each refusing the other.
 */
function builderSelector(args: string[], flags: FlagValues, allowEmptySelector: boolean): string | undefined {
  let selector = args.length === 1 && !args[0]!.includes('/') && allowEmptySelector ? '' : undefined;
  let selectAll = false;
  if (flags.all === true) {
    if (selector !== undefined) throw new CliError("setting 'all' parameter but found a non empty selector. ");
    selectAll = true;
  }
  const given = ((flags.selector as string | undefined) ?? '').trim();
  if (given) {
    if (selectAll) throw new CliError(`found non-empty label selector ${goQuote(flags.selector as string)} with previously set 'all' parameter. `);
    selector = given;
  }
  return selectAll ? '' : selector;
}

export async function runView(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const output = (flags.output as string | undefined) ?? 'yaml';
  const texts: string[] = [];
  const targets = await liveTargets(ctx, args, flags, 'view-last-applied', (t) => {
    // kubectl wraps a nil error with the file name: named by argument, an object without one is skipped.
    if (!t.object.metadata.annotations?.[LAST_APPLIED]) throw new CliError(`error when no last-applied-configuration annotation found on resource: ${t.object.metadata.name ?? ''}\n ${goQuote(t.source ?? '')}: <nil>`);
  });
  for (const t of targets) {
    const text = t.object.metadata.annotations?.[LAST_APPLIED];
    if (text) texts.push(text);
  }
  for (const text of texts) {
    if (output === 'json') {
      ctx.io.out.write(indentJson(text.trimEnd()) + '\n');
    } else if (output === 'yaml') {
      let value: unknown;
      try {
        value = annotationValue(text);
      } catch (e) {
        throw new CliError(`error converting JSON to YAML: ${(e as Error).message}`);
      }
      const { toYaml } = await import('../printers/yaml.js');
      ctx.io.out.write(toYaml(value));
    } else {
      throw new RawError(
        `error: Unexpected -o output mode: ${output}, the flag 'output' must be one of yaml|json\nSee '${ctx.programName} apply view-last-applied -h' for help and examples`,
      );
    }
  }
}

export async function runSet(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const dryRun = dryRunOf(flags);
  const output = outputOf(flags);
  if (((flags.filename as string[] | undefined) ?? []).length === 0) throw new CliError(PROVIDE_RESOURCES);
  void args;
  const docs = await readDocuments(ctx, flags, 'set-last-applied');
  const session = ctx.session();
  const printed: Array<{ object: KubeObject; type: ResourceType }> = [];
  session.write((api) => {
    // As kubectl, every document is checked (and "no changes required" said) before anything is patched.
    const changes: Array<{ type: ResourceType; live: KubeObject; text: string }> = [];
    for (const r of resolveDocs(ctx, api, session, docs)) {
      const text = annotationText(r.object);
      const live = api.get(r.type, r.namespace, r.name);
      const current = live.metadata.annotations?.[LAST_APPLIED];
      if (current === undefined && flags['create-annotation'] !== true) {
        throw new CliError(`no last-applied-configuration annotation found on resource: ${r.name}, to create the annotation, run the command with --create-annotation`);
      }
      if (current === text) ctx.io.out.write(`set-last-applied ${r.name}: no changes required.\n`);
      else changes.push({ type: r.type, live, text });
    }
    for (const { type, live, text } of changes) {
      let result = live;
      if (dryRun !== 'client') {
        const warnings: string[] = [];
        result = api.update(withAnnotation(live, text), { dryRun: dryRun === 'server', fieldManager: 'kubectl', warnings });
        printWarnings(ctx, warnings);
      }
      if (output) printed.push({ object: result, type });
      else ctx.io.out.write(`${kindPrefix(type)}/${live.metadata.name} configured${dryRunSuffix(dryRun)}\n`);
    }
  });
  if (output) await printResults(ctx, output, printed, 'documents', flags);
}

const EDIT_HEADER =
  "# Please edit the 'last-applied-configuration' annotations below.\n" +
  "# Lines beginning with a '#' will be ignored, and an empty file will abort the edit.\n#\n";

export async function runEdit(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const { loadYamlSupport } = await import('../api/manifest.js');
  const { editLoop, addError } = await import('./edit.js');
  await loadYamlSupport();
  const output = outputOf(flags) || undefined;
  if (output && !['yaml', 'json'].includes(output) && !output.startsWith('name')) {
    throw new CliError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  }
  const targets = (await liveTargets(ctx, args, flags, 'edit-last-applied')).flatMap((t) => {
    const text = t.object.metadata.annotations?.[LAST_APPLIED];
    if (!text) return [];
    try {
      return [{ type: t.type, live: t.object, object: annotationValue(text) as KubeObject }];
    } catch (e) {
      throw new CliError(`error parsing the last-applied-configuration of ${t.object.metadata.name}: ${(e as Error).message}`);
    }
  });
  if (targets.length === 0) {
    throw new CliError('no last-applied-configuration annotation found on resources, to create the annotation, use command `kubectl apply set-last-applied --create-annotation`');
  }
  const originals = targets.map((t) => ({ type: t.type, object: t.object }));
  await editLoop(ctx, flags, originals, {
    header: EDIT_HEADER,
    apply: (updated, results) => {
      const lines: string[] = [];
      const printed: Array<{ object: KubeObject; type: ResourceType }> = [];
      ctx.session().write((api) => {
        updated.forEach((obj, i) => {
          // The annotations carry no uid: they are matched by place (one object, or a List in order).
          const t = targets[i];
          if (!t) throw new CliError(`no original object found for ${obj.kind ?? 'object'} "${obj.metadata?.name ?? ''}"`);
          const ref = `${kindPrefix(t.type)}/${t.live.metadata.name}`;
          const text = annotationText(obj);
          if (text === annotationText(t.object)) {
            if (output) printed.push({ object: obj, type: t.type });
            else lines.push(`${ref} skipped\n`);
            return;
          }
          try {
            const live = api.get(t.type, t.live.metadata.namespace, t.live.metadata.name!);
            const warnings: string[] = [];
            api.update(withAnnotation(live, text), { fieldManager: (flags['field-manager'] as string | undefined) || 'kubectl-client-side-apply', fieldValidation: fieldValidationOf(flags), warnings });
            printWarnings(ctx, warnings);
          } catch (err) {
            if (err instanceof ApiError && err.reason === 'Invalid') {
              ctx.io.err.write(addError(results, err, t.type, t.live.metadata.name!) + '\n');
              return;
            }
            throw err;
          }
          if (output) printed.push({ object: obj, type: t.type });
          else lines.push(`${ref} edited\n`);
        });
      });
      return { lines, printed };
    },
  });
}

/** The annotation's object as go-yaml reads its JSON: an int64 past 2^53 keeps its digits. */
function annotationValue(text: string): unknown {
  const value = parseJson(text);
  for (const { segments, literal } of markedNumbers(value)) if (!isInt64Literal(literal)) setAt(value, segments, Number(literal));
  return value;
}
