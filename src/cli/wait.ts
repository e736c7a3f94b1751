/**
 * `kubectl wait`: polls the cluster (which moves on with the clock) until each object meets the
 * condition, is deleted, exists, or matches a JSONPath value; kubectl's messages and exit codes.
 */
import { kindPrefix, qualifiedName, type ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, CliError, exitIfInterrupted } from '../errors.js';
import { parseGoDuration } from '../util/duration.js';
import type { Context, VerbSpec } from './framework.js';
import { failAggregate, VisitErrors } from './aggregate-errors.js';
import { fileSelector, NamespaceMismatch, OUTPUT_FLAG, outputOf, PRINT_FLAGS, printResults, readDocuments, resolveDoc } from './manifest-objects.js';
import { matches } from '../api/labels.js';
import { checkPrintFlags } from './print-flags.js';
import { LOCAL_NEEDS_FILES } from './file-targets.js';
import { JsonPath, jsonPathCliErrors, plainValue } from '../printers/jsonpath.js';
import { relaxedJsonPath } from '../printers/sort.js';
import { fetchSelection, namedWithSelectorError, noNamespaceMessage, parseResourceArgs, pathsWithArgumentsError, noResourcesError } from './resource-args.js';

type Condition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; name: string; value: string }
  | { kind: 'jsonpath'; path: JsonPath; value?: string };

/** Parses --for: `delete`, `create`, `condition=Ready`, `condition=Available=false`, `jsonpath={.status.phase}=Running`. */
export function parseFor(text: string): Condition {
  if (text.toLowerCase() === 'delete') return { kind: 'delete' };
  if (text.toLowerCase() === 'create') return { kind: 'create' };
  if (text.startsWith('condition=')) {
    const rest = text.slice('condition='.length);
    const i = rest.indexOf('=');
    const name = i < 0 ? rest : rest.slice(0, i);
    const value = i < 0 ? 'true' : rest.slice(i + 1);
    return { kind: 'condition', name, value };
  }
  if (text.startsWith('jsonpath=')) return parseJsonPathWait(text.slice('jsonpath='.length));
  throw new CliError(`unrecognized condition: "${text}"`);
}

export function conditionMet(obj: KubeObject, cond: Extract<Condition, { kind: 'condition' }>): boolean {
  const conditions: Array<{ type?: string; status?: string }> = obj.status?.conditions ?? [];
  return conditions.some((c) => c.type?.toLowerCase() === cond.name.toLowerCase() && c.status?.toLowerCase() === cond.value.toLowerCase());
}

/** kubectl's split of `--for=jsonpath=` on single `=` signs (a `==` stays in its part). */
function splitOnEquals(input: string): string[] {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== '=') part += input[i];
    else if (input[i + 1] === '=') {
      part += '==';
      i++;
    } else {
      parts.push(part);
      part = '';
    }
  }
  return [...parts, part];
}

/** `--for=jsonpath=EXPR[=VALUE]` as kubectl reads it: a relaxed path (`.a.b`, `{a.b}`), a value without its quotes. */
function parseJsonPathWait(input: string): Condition {
  const parts = splitOnEquals(input);
  if (parts.length > 2) throw new CliError(`jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'`);
  const path = relaxedJsonPath(parts[0]!);
  if (path === '') throw new CliError('jsonpath expression cannot be empty');
  const parsed = jsonPathCliErrors(() => new JsonPath(path, true));
  if (parts.length === 1) return { kind: 'jsonpath', path: parsed };
  const value = parts[1]!.replace(/^['"]+|['"]+$/g, '');
  if (value === '') throw new CliError(`jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3`);
  return { kind: 'jsonpath', path: parsed, value };
}

/**
 * kubectl's JSONPath wait: met once the path has a value (the value given, compared as Go prints
 * it, spaces trimmed); a path with several values, or a value asked of an object or list, is an error.
 */
function jsonpathMet(obj: KubeObject, cond: Extract<Condition, { kind: 'jsonpath' }>): boolean {
  const values = (cond.path.findResults(obj)[0] ?? []).map(plainValue);
  if (values.length === 0) return false;
  if (values.length > 1) throw new CliError('given jsonpath expression matches more than one value');
  if (cond.value === undefined) return true;
  const v = values[0];
  if (typeof v === 'object' && v !== null) throw new CliError('jsonpath leads to a nested object or list which is not supported');
  return (v === null ? '<nil>' : String(v)).trim() === cond.value.trim();
}

/**
 * A step of kubectl's visit: an object named (by argument or document), or the error in its place.
 * `inOrder`: an error met as the visit reaches the document (the namespace check, or wait's own
 * refusal of a document without a name: `condition`), reported among the objects' in their order;
 * the others are the builder's, reported after them.
 */
type Step = { named: { type: ResourceType; name: string; namespace?: string } } | { error: unknown; inOrder?: boolean; condition?: boolean };

interface WaitTarget {
  type: ResourceType;
  name: string;
  namespace: string | undefined;
  /** The object's uid when the wait began (undefined: it was not there). */
  uid: string | undefined;
  seen: KubeObject | undefined;
  /** Named (by argument or document): kubectl's builder fetches it again when the visit reaches it. */
  named?: boolean;
  /** Its fetch failing is the builder's error (a document's), reported after the objects'. */
  builder?: boolean;
}

function notFound(t: WaitTarget): ApiError {
  return new ApiError('NotFound', 404, `${qualifiedName(t.type)} "${t.name}" not found`);
}

function id(type: ResourceType, name: string): string {
  return `${kindPrefix(type)}/${name}`;
}

/** `condition`: an error of wait's condition function, not of the builder's visit (--for=create's first visit does not meet it). */
type Visited = { error: unknown; builder?: boolean; condition?: boolean } | { target: WaitTarget };

function missing(v: Visited): v is { target: WaitTarget } {
  return 'target' in v && v.target.seen === undefined;
}

/**
 * kubectl's --for=create, before it visits anything: what -f names must all be there (the objects
 * missing are the error, at once); objects named as arguments are polled for until the timeout.
 */
async function waitForCreation(ctx: Context, visits: Visited[], fromFiles: boolean, deadline: number): Promise<boolean> {
  if (fromFiles) {
    // Its visit's errors, any of them, end the command before anything is waited for.
    const visitError = (v: Visited): v is Extract<Visited, { error: unknown }> => 'error' in v && !v.condition;
    if (!visits.some((v) => visitError(v) || missing(v))) return true;
    const errors = new VisitErrors();
    for (const v of visits) {
      if (visitError(v)) errors.add(v.error, v.builder);
      else if (missing(v)) errors.add(notFound(v.target), true);
    }
    errors.report(ctx);
    return false;
  }
  if (!visits.some(missing)) return true;
  for (;;) {
    const left = ctx.session().read((api) => visits.filter((v) => missing(v) && !api.tryGet(v.target.type, v.target.namespace, v.target.name)));
    if (left.length === 0) return true;
    if (ctx.realNow() >= deadline) throw new CliError('timed out waiting for the condition');
    await ctx.sleep(Math.min(200, Math.max(1, deadline - ctx.realNow())));
    exitIfInterrupted(ctx.signal);
  }
}

export const verb: VerbSpec = {
  name: 'wait',
  summary: 'Experimental: Wait for a specific condition on one or many resources',
  usage: "([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]]",
  flags: [
    { name: 'for', type: 'string', description: 'The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath=\'{JSONPath expression}\'=[JSONPath value]].' },
    { name: 'timeout', type: 'string', arg: 'duration', default: '30s', description: 'The length of time to wait before giving up.' },
    { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on' },
    { name: 'all', type: 'bool', description: 'Select all resources in the namespace of the specified resource types' },
    { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If present, list the requested object(s) across all namespaces.' },
    { name: 'field-selector', type: 'string', description: 'Selector (field query) to filter on' },
    OUTPUT_FLAG,
    ...PRINT_FLAGS,
    { name: 'filename', short: 'f', type: 'strings', description: 'identifying the resource.' },
    { name: 'recursive', short: 'R', type: 'bool', default: true, description: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.' },
    { name: 'local', type: 'bool', description: 'If true, annotation will NOT contact api-server but run locally.' },
  ],
  async run(ctx, args, flags) {
    void ctx.signal; // installs the signal handlers: wait is long-running
    // kubectl builds the printer first, before it reads --for or the objects.
    await checkPrintFlags(ctx.cwd, flags);
    if (!flags.for) throw new CliError('unrecognized condition: ""');
    const cond = parseFor(flags.for);
    const timeoutMs = parseGoDuration(String(flags.timeout));
    if (timeoutMs === undefined) throw new CliError(`invalid argument "${flags.timeout}" for "--timeout" flag: time: invalid duration "${flags.timeout}"`);
    const deadline = ctx.realNow() + (timeoutMs < 0 ? 7 * 24 * 3600 * 1000 : timeoutMs);
    const output = outputOf(flags);
    const files = ((flags.filename as string[] | undefined) ?? []).length > 0;
    if (files && args.length) throw pathsWithArgumentsError(args, flags, ctx.cwd);
    const selecting = flags.selector !== undefined || Boolean(flags['field-selector']);
    if (!files && args.length === 0) throw noResourcesError(selecting);
    if (!files && flags.local === true) throw new CliError(LOCAL_NEEDS_FILES);
    const unread: Array<{ error: unknown; seq: number }> = [];
    const fileSel = files && flags.selector !== undefined ? await fileSelector(String(flags.selector)) : undefined;
    const docs = files ? await readDocuments(ctx, flags, 'wait', { continueOnError: (error, seq) => unread.push({ error, seq }) }) : undefined;
    const session = ctx.session();
    // kubectl's builder visits the objects named in order (-f: each document in its namespace, with
    // -R on by default for wait), with an error in the place of each it cannot read, map or find;
    // wait goes on past each and reports them all at the end.
    const { steps, types } = session.read((api) => {
      if (!docs) {
        const sel = parseResourceArgs(args, api.registry);
        if (sel.named.length && selecting) throw namedWithSelectorError(args);
        if (sel.named.length && flags['all-namespaces'] === true) throw new CliError('a resource cannot be retrieved by name across all namespaces');
        return { steps: sel.named.map((n): Step => ({ named: n })), types: sel.types };
      }
      const placed: Array<{ seq: number; step: Step }> = unread.map(({ error, seq }) => ({ seq, step: { error } }));
      for (const doc of docs) {
        try {
          const r = resolveDoc(api, session, doc, { latest: true });
          // With -A the builder gives a document no namespace of its own: the object cannot be fetched.
          const namespaceless = flags['all-namespaces'] === true && r.type.namespaced && !doc.object.metadata?.namespace;
          // kubectl's condition functions refuse an object the document did not name.
          const step: Step = namespaceless
            ? { error: new CliError(noNamespaceMessage(r.type, doc.object.apiVersion, r.name)) }
            : r.name
              ? { named: { type: r.type, name: r.name, namespace: r.namespace } }
              : { error: new CliError('resource name must be provided'), inOrder: true, condition: true };
          placed.push({ seq: doc.seq ?? 0, step });
        } catch (error) {
          // The namespace check is made as the visit reaches the document: its error is in the objects' order.
          placed.push({ seq: doc.seq ?? 0, step: { error, inOrder: error instanceof NamespaceMismatch } });
        }
      }
      return { steps: placed.sort((a, b) => a.seq - b.seq).map((p) => p.step), types: [] as ResourceType[] };
    });
    const namedCount = steps.filter((s) => 'named' in s).length;
    // Documents none of which could be read or mapped: their errors are all there is to say.
    if (docs && namedCount === 0 && steps.length) return failAggregate(ctx, steps.map((s) => (s as { error: unknown }).error));
    if (namedCount === 0 && types.length === 0 && !docs) throw new CliError('resource(s) were provided, but no name was specified');
    const fieldSelector = (flags['field-selector'] as string | undefined) || undefined;
    if (types.length && flags.selector === undefined && fieldSelector === undefined && !flags.all) throw new CliError('resource(s) were provided, but no name was specified');
    const fetchOpts = { namespace: session.namespace, allNamespaces: flags['all-namespaces'], labelSelector: flags.selector, fieldSelector, all: flags.all };

    // What is there now: each named object (a missing one is waited for with --for=create, gone
    // with --for=delete, an error otherwise), then what the selection matches.
    // With -f, what the builder could not read, map or find is its own aggregate, reported after
    // the objects' errors; a named argument's object that is missing is reported in its place.
    const visits: Visited[] = session.read((api) => {
      const out: Visited[] = [];
      for (const step of steps) {
        if ('error' in step) {
          out.push({ error: step.error, builder: !step.inOrder, condition: step.condition });
          continue;
        }
        const { type, name, namespace = session.namespace } = step.named;
        const now = fetchSelection(api, { named: [{ type, name }], types: [] }, { ...fetchOpts, namespace });
        const found = now.found[0]?.object;
        // -l beside -f: the builder keeps the objects whose live labels match.
        if (found && fileSel && !matches(fileSel, found.metadata.labels)) continue;
        // A name no request can hold is refused by the client, whatever the condition.
        const refused = now.missing[0] instanceof CliError ? now.missing[0] : undefined;
        if (refused) out.push({ error: refused, builder: docs !== undefined });
        else out.push({ target: { type, name, namespace, uid: found?.metadata.uid, seen: found, named: true, builder: docs !== undefined } });
      }
      if (types.length) {
        const listed = fetchSelection(api, { named: [], types }, fetchOpts);
        for (const f of listed.found) out.push({ target: { type: f.type, name: f.object.metadata.name!, namespace: f.object.metadata.namespace, uid: f.object.metadata.uid, seen: f.object } });
        for (const error of listed.missing) out.push({ error });
      }
      return out;
    });
    if (cond.kind === 'create' && !(await waitForCreation(ctx, visits, docs !== undefined, deadline))) return;
    if (cond.kind !== 'delete' && visits.length === 0) throw new CliError('no matching resources found');

    const errors = new VisitErrors();
    for (const v of visits) {
      if ('error' in v) {
        errors.add(v.error, v.builder);
        continue;
      }
      const t = v.target;
      if (t.named) {
        // kubectl's builder fetches a named object when the visit reaches it: --for=delete ignores
        // one it cannot find (gone while an earlier one was waited for: nothing is printed).
        const now = ctx.session().read((api) => api.tryGet(t.type, t.namespace, t.name));
        if (!now) {
          if (cond.kind !== 'delete') errors.add(notFound(t), t.builder);
          continue;
        }
        if (fileSel && !matches(fileSel, now.metadata.labels)) continue;
        t.seen = now;
        t.uid = now.metadata.uid;
      }
      // Once the command's --timeout has passed, kubectl's context is done: delete's first request
      // fails in the client, a watch for a condition ends before it looks.
      if (timeoutMs > 0 && cond.kind !== 'create' && ctx.realNow() >= deadline) {
        errors.add(new CliError(cond.kind === 'delete' ? 'client rate limiter Wait returned an error: context deadline exceeded' : `timed out waiting for the condition on ${t.type.plural}/${t.name}`));
        continue;
      }
      // -o prints the object as last seen (for --for=delete, before it went).
      let seen = t.seen;
      for (;;) {
        const obj = ctx.session().read((api) => api.tryGet(t.type, t.namespace, t.name));
        if (obj && (cond.kind !== 'delete' || obj.metadata.uid === t.uid)) seen = obj;
        let met = false;
        if (cond.kind === 'delete') met = !obj || (t.uid !== undefined && obj.metadata.uid !== t.uid);
        else if (cond.kind === 'create') met = obj !== undefined;
        else if (!obj) {
          errors.add(notFound(t));
          break;
        } else if (cond.kind === 'condition') met = conditionMet(obj, cond);
        else {
          try {
            met = jsonpathMet(obj, cond);
          } catch (err) {
            if (!(err instanceof CliError)) throw err;
            errors.add(err);
            break;
          }
        }
        if (met) {
          if (cond.kind !== 'delete' || t.uid !== undefined) {
            if (output && seen) await printResults(ctx, output, [{ object: seen, type: t.type }], 'documents', flags);
            else ctx.io.out.write(`${id(t.type, t.name)} condition met\n`);
          }
          break;
        }
        // A --timeout of 0 looks once. One deadline for the whole command: once it has passed, each object left is looked at once.
        if (timeoutMs === 0) {
          errors.add(new CliError(`condition not met for ${t.type.plural}/${t.name}`));
          break;
        }
        if (ctx.realNow() >= deadline) {
          errors.add(new CliError(`timed out waiting for the condition on ${t.type.plural}/${t.name}`));
          break;
        }
        await ctx.sleep(Math.min(200, Math.max(1, deadline - ctx.realNow())));
        exitIfInterrupted(ctx.signal);
      }
    }
    errors.report(ctx);
  },
};
