/**
 * `kubectl wait`: polls the cluster (which moves on with the clock) until each object meets the
 * condition, is deleted, exists, or matches a JSONPath value; kubectl's messages and exit codes.
 */
import { kindPrefix, qualifiedName, type ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, CliError, exitIfInterrupted } from '../errors.js';
import { parseGoDuration } from '../util/duration.js';
import type { Context, VerbSpec } from './framework.js';
import { OUTPUT_FLAG, outputOf, PRINT_FLAGS, printResults, readDocuments, resolveDocs } from './manifest-objects.js';
import { checkPrintFlags } from './print-flags.js';
import { fetchSelection, parseResourceArgs, PROVIDE_RESOURCES, type ResourceSelection } from './resource-args.js';

type Condition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; name: string; value: string }
  | { kind: 'jsonpath'; path: string; value?: string };

/** Parses --for: `delete`, `create`, `condition=Ready`, `condition=Available=false`, `jsonpath={.status.phase}=Running`. */
export function parseFor(text: string): Condition {
  if (text === 'delete') return { kind: 'delete' };
  if (text === 'create') return { kind: 'create' };
  if (text.startsWith('condition=')) {
    const rest = text.slice('condition='.length);
    const i = rest.indexOf('=');
    const name = i < 0 ? rest : rest.slice(0, i);
    const value = i < 0 ? 'true' : rest.slice(i + 1);
    if (!name) throw new CliError(`unrecognized condition: "${text}"`);
    return { kind: 'condition', name, value };
  }
  if (text.startsWith('jsonpath=')) {
    const rest = text.slice('jsonpath='.length);
    // The value follows the closing brace (or the path when given without braces).
    const m = /^(\{.*\}|[^=]+)(?:=(.*))?$/s.exec(rest);
    if (!m || !m[1]) throw new CliError(`jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'`);
    return { kind: 'jsonpath', path: m[1], value: m[2] };
  }
  throw new CliError(`unrecognized condition: "${text}"`);
}

export function conditionMet(obj: KubeObject, cond: Extract<Condition, { kind: 'condition' }>): boolean {
  const conditions: Array<{ type?: string; status?: string }> = obj.status?.conditions ?? [];
  return conditions.some((c) => c.type?.toLowerCase() === cond.name.toLowerCase() && c.status?.toLowerCase() === cond.value.toLowerCase());
}

async function jsonpathMet(obj: KubeObject, cond: Extract<Condition, { kind: 'jsonpath' }>): Promise<boolean> {
  const { evaluateJsonPath } = await import('../printers/jsonpath-eval.js');
  const values = evaluateJsonPath(obj, cond.path);
  if (cond.value === undefined) return values.length > 0;
  return values.some((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)) === cond.value);
}

function id(type: ResourceType, name: string): string {
  return `${kindPrefix(type)}/${name}`;
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
    { name: 'local', type: 'bool', description: 'Accepted for compatibility' },
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
    if (files && args.length) throw new CliError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    if (!files && args.length === 0) throw new CliError(PROVIDE_RESOURCES);
    const docs = files ? await readDocuments(ctx, flags, 'wait') : undefined;
    const session = ctx.session();
    // -f (with -R, on by default for wait): the objects the manifests name, in their namespaces.
    const fileNamespaces = new Map<string, string | undefined>();
    const sel: ResourceSelection = session.read((api) => {
      if (!docs) return parseResourceArgs(args, api.registry);
      const resolved = resolveDocs(ctx, api, session, docs);
      for (const r of resolved) fileNamespaces.set(`${r.type.plural}.${r.type.group}/${r.name}`, r.namespace);
      return { named: resolved.map((r) => ({ type: r.type, name: r.name })), types: [] };
    });
    // Documents none of which could be mapped: their errors are all there is to say.
    if (docs && sel.named.length === 0 && ctx.failed) return;
    if (sel.named.length === 0 && sel.types.length === 0) throw new CliError('resource(s) were provided, but no name was specified');
    const fieldSelector = (flags['field-selector'] as string | undefined) || undefined;
    if (sel.types.length && flags.selector === undefined && fieldSelector === undefined && !flags.all) throw new CliError('resource(s) were provided, but no name was specified');
    const fetchOpts = { namespace: session.namespace, allNamespaces: flags['all-namespaces'], labelSelector: flags.selector, fieldSelector, all: flags.all };

    // Named objects are waited on one by one; for a selection, what matches now.
    const initial = session.read((api) => fetchSelection(api, sel, fetchOpts));
    if (cond.kind !== 'create' && cond.kind !== 'delete') {
      for (const err of initial.missing) ctx.fail(err);
      if (initial.found.length === 0 && initial.missing.length === 0) throw new CliError('no matching resources found');
    }
    const targets =
      cond.kind === 'create' || cond.kind === 'delete'
        ? sel.named.map(({ type, name }) => ({ type, name, uid: initial.found.find((f) => f.type === type && f.object.metadata.name === name)?.object.metadata.uid }))
        : initial.found.map((f) => ({ type: f.type, name: f.object.metadata.name!, uid: f.object.metadata.uid, namespace: f.object.metadata.namespace }));
    if (cond.kind === 'delete') {
      for (const f of initial.found.filter((f) => !sel.named.some((n) => n.type === f.type && n.name === f.object.metadata.name))) {
        targets.push({ type: f.type, name: f.object.metadata.name!, uid: f.object.metadata.uid });
      }
    }

    for (const t of targets) {
      const ns = (t as { namespace?: string }).namespace ?? fileNamespaces.get(`${t.type.plural}.${t.type.group}/${t.name}`) ?? session.namespace;
      // -o prints the object as last seen (for --for=delete, before it went).
      let seen = initial.found.find((f) => f.type === t.type && f.object.metadata.name === t.name)?.object;
      for (;;) {
        const obj = ctx.session().read((api) => api.tryGet(t.type, ns, t.name));
        if (obj && (cond.kind !== 'delete' || obj.metadata.uid === t.uid)) seen = obj;
        let met = false;
        if (cond.kind === 'delete') met = !obj || (t.uid !== undefined && obj.metadata.uid !== t.uid);
        else if (cond.kind === 'create') met = obj !== undefined;
        else if (!obj) {
          ctx.fail(new ApiError('NotFound', 404, `${qualifiedName(t.type)} "${t.name}" not found`));
          break;
        } else if (cond.kind === 'condition') met = conditionMet(obj, cond);
        else met = await jsonpathMet(obj, cond);
        if (met) {
          if (cond.kind !== 'delete' || t.uid !== undefined) {
            if (output && seen) await printResults(ctx, output, [{ object: seen, type: t.type }], 'documents', flags);
            else ctx.io.out.write(`${id(t.type, t.name)} condition met\n`);
          }
          break;
        }
        if (ctx.realNow() >= deadline) {
          throw new CliError(`timed out waiting for the condition on ${t.type.plural}/${t.name}`);
        }
        await ctx.sleep(Math.min(200, Math.max(1, deadline - ctx.realNow())));
        exitIfInterrupted(ctx.signal);
      }
    }
  },
};
