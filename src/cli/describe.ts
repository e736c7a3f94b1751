/**
 * kubectl describe: resolves the arguments to objects, fetches each describer's related
 * objects inside one read of the cluster, and prints the texts separated as kubectl does.
 */
import { matches, parseSelector, type Selector } from '../api/labels.js';
import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, CliError, notFound } from '../errors.js';
import { describeObject, type ObjectSource } from '../printers/describe/index.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';

const NO_TYPE = 'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.';
const SLASH_MIX =
  "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

export const verb: VerbSpec = {
  name: 'describe',
  summary: 'Show details of a specific resource or group of resources',
  usage: '(-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)',
  flags: [
    { name: 'selector', short: 'l', type: 'string', arg: 'selector', description: 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.' },
    { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If present, list the requested object(s) across all namespaces.' },
    { name: 'show-events', type: 'bool', default: true, description: 'If true, display events related to the described object.' },
    { name: 'chunk-size', type: 'int', default: 500, arg: 'int', description: 'Return large lists in chunks rather than all at once. Pass 0 to disable.' },
  ],
  run(ctx, args, flags) {
    describeCommand(ctx, args, flags);
  },
};

/** One requested resource type with its names (none: every object of the type). */
interface Request {
  type: ResourceType;
  names: string[];
}

function parseRequests(args: string[], resolve: (t: string) => ResourceType): Request[] {
  if (args.some((a) => a.split('/').length > 2)) throw new CliError('arguments in resource/name form may not have more than one slash');
  const slashed = args.filter((a) => a.includes('/')).length;
  if (slashed > 0 && slashed < args.length) throw new CliError(SLASH_MIX);
  if (slashed > 0) {
    return args.map((a) => {
      const [type, name] = a.split('/') as [string, string];
      if (!type || !name) throw new CliError('arguments in resource/name form must have a single resource and name');
      return { type: resolve(type), names: [name] };
    });
  }
  const names = args.slice(1);
  return args[0]!.split(',').map((t) => ({ type: resolve(t), names }));
}

type Found = { obj: KubeObject } | { error: ApiError };

function byKey(a: KubeObject, b: KubeObject): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function listOf(api: ApiServer, type: ResourceType, namespace: string | undefined, selector: Selector): KubeObject[] {
  return api
    .list(type, type.namespaced ? namespace : undefined)
    .filter((o) => matches(selector, o.metadata.labels))
    .sort(byKey);
}

function sourceOver(api: ApiServer): ObjectSource {
  return {
    list(apiVersion, kind, namespace) {
      const type = api.typeFor({ apiVersion, kind });
      return type ? api.list(type, type.namespaced ? namespace : undefined).slice().sort(byKey) : [];
    },
  };
}

function describeCommand(ctx: Context, args: string[], flags: FlagValues): void {
  if (args.length === 0) throw new CliError(NO_TYPE);
  const allNamespaces = flags['all-namespaces'] === true;
  const selectorText: string | undefined = flags.selector;
  let selector: Selector = [];
  if (selectorText !== undefined) {
    try {
      selector = parseSelector(selectorText);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  const session = ctx.session();
  const namespace = allNamespaces ? undefined : session.namespace;
  const showEvents = flags['show-events'] !== false;

  const { texts, errors, prefixTexts } = session.read((api) => {
    const requests = parseRequests(args, (t) => api.registry.resolve(t));
    const named = requests.some((r) => r.names.length > 0);
    if (named && selectorText !== undefined) throw new CliError('name cannot be provided when a selector is specified');
    if (named && allNamespaces) throw new CliError('a resource cannot be retrieved by name across all namespaces');
    const found: Found[] = [];
    for (const { type, names } of requests) {
      if (names.length === 0) {
        for (const obj of listOf(api, type, namespace, selector)) found.push({ obj });
        continue;
      }
      for (const name of names) {
        const obj = api.tryGet(type, type.namespaced ? namespace : undefined, name);
        found.push(obj ? { obj } : { error: notFound(type.plural, type.group, name) });
      }
    }
    const src = sourceOver(api);
    const opts = { now: api.clock.now(), showEvents };
    const describe = (obj: KubeObject) => describeObject(obj, src, opts);
    const errors = found.flatMap((f) => ('error' in f ? [f.error] : []));
    // kubectl retries `describe TYPE NAME` as a name prefix when NAME is not found.
    if (errors.length > 0 && args.length === 2) {
      if (args[0]!.includes('/')) return { texts: [], errors: errors.slice(0, 1) };
      const matching = listOf(api, requests[0]!.type, namespace, []).filter((o) => o.metadata.name!.startsWith(args[1]!));
      if (matching.length === 0) return { texts: [], errors: errors.slice(0, 1) };
      return { texts: [], errors: [], prefixTexts: matching.map(describe) };
    }
    const texts = found.flatMap((f) => ('obj' in f ? [describe(f.obj)] : []));
    return { texts, errors, prefixTexts: undefined };
  });

  const out = ctx.io.out;
  if (prefixTexts) {
    for (const t of prefixTexts) out.write(`${t}\n`);
    return;
  }
  texts.forEach((t, i) => out.write(i === 0 ? t : `\n\n${t}`));
  for (const e of errors) ctx.fail(e);
  if (texts.length === 0 && errors.length === 0) {
    ctx.io.err.write(allNamespaces ? 'No resources found\n' : `No resources found in ${session.namespace} namespace.\n`);
  }
}
