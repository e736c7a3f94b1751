/** kubectl api-resources: the served resource types, as discovery lists them. */
import { apiVersionOf, type ResourceType } from '../api/registry.js';
import { CliError, RawError } from '../errors.js';
import { TABLE_TABWRITER, tabwrite } from '../util/tabwriter.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';

interface Options {
  output: '' | 'wide' | 'name';
  sortBy: '' | 'name' | 'kind';
  namespaced?: boolean;
  apiGroup?: string;
  verbs: string[];
  categories: string[];
  noHeaders: boolean;
}

function complete(flags: FlagValues): Options {
  const output = flags.output ?? '';
  if (!['', 'wide', 'name'].includes(output)) throw new CliError(`--output ${output} is not available`);
  const sortBy = flags['sort-by'] ?? '';
  if (!['', 'name', 'kind'].includes(sortBy)) throw new CliError('--sort-by accepts only name or kind');
  const list = (v: string[] | undefined) => (v ?? []).flatMap((s) => s.split(',')).filter(Boolean);
  return {
    output,
    sortBy,
    namespaced: flags.namespaced,
    apiGroup: flags['api-group'],
    verbs: list(flags.verbs),
    categories: list(flags.categories),
    noHeaders: flags['no-headers'] === true,
  };
}

export function selectResources(types: readonly ResourceType[], o: Options): ResourceType[] {
  const chosen = types.filter(
    (t) =>
      t.verbs.length > 0 &&
      (o.namespaced === undefined || t.namespaced === o.namespaced) &&
      (o.apiGroup === undefined || t.group === o.apiGroup) &&
      o.verbs.every((v) => t.verbs.includes(v)) &&
      o.categories.every((c) => t.categories.includes(c)),
  );
  const key = (t: ResourceType) => (o.sortBy === 'name' ? t.plural : o.sortBy === 'kind' ? t.kind : t.group);
  // Go's strings.Compare: byte order, ties broken by resource name; the sort is stable.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return chosen
    .map((t, i) => ({ t, i }))
    .sort((a, b) => cmp(key(a.t), key(b.t)) || cmp(a.t.plural, b.t.plural) || a.i - b.i)
    .map((x) => x.t);
}

export function renderResources(types: ResourceType[], o: Options): string {
  if (o.output === 'name') return types.map((t) => (t.group ? `${t.plural}.${t.group}\n` : `${t.plural}\n`)).join('');
  const wide = o.output === 'wide';
  const lines: string[] = [];
  if (!o.noHeaders) lines.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])].join('\t'));
  for (const t of types) {
    const cells = [t.plural, t.shortNames.join(','), apiVersionOf(t), String(t.namespaced), t.kind];
    if (wide) cells.push(t.verbs.join(','), t.categories.join(','));
    lines.push(cells.join('\t'));
  }
  if (lines.length === 0) return '';
  return tabwrite(lines.join('\n'), TABLE_TABWRITER) + '\n';
}

export const verb: VerbSpec = {
  name: 'api-resources',
  summary: 'Print the supported API resources on the server',
  usage: '[flags]',
  examples: `  # Print the supported API resources
  kubectl api-resources

  # Print the supported API resources with more information
  kubectl api-resources -o wide

  # Print the supported API resources sorted by a column
  kubectl api-resources --sort-by=name

  # Print the supported namespaced resources
  kubectl api-resources --namespaced=true

  # Print the supported non-namespaced resources
  kubectl api-resources --namespaced=false

  # Print the supported API resources with a specific APIGroup
  kubectl api-resources --api-group=rbac.authorization.k8s.io`,
  flags: [
    { name: 'output', short: 'o', type: 'string', arg: 'format', description: 'Output format. One of: (wide, name).' },
    { name: 'namespaced', type: 'bool', description: 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.' },
    { name: 'api-group', type: 'string', arg: 'group', description: 'Limit to resources in the specified API group.' },
    { name: 'verbs', type: 'strings', arg: 'verbs', description: 'Limit to resources that support the specified verbs.' },
    { name: 'categories', type: 'strings', arg: 'categories', description: 'Limit to resources that belong to the specified categories.' },
    { name: 'sort-by', type: 'string', arg: 'field', description: "If non-empty, sort list of resources using specified field. One of (name, kind)." },
    { name: 'no-headers', type: 'bool', description: "When using the default or custom-column output format, don't print headers (default print headers)." },
    { name: 'cached', type: 'bool', description: 'Use the cached list of resources if available.' },
  ],
  run(ctx: Context, args: string[], flags: FlagValues) {
    if (args.length) throw new RawError(`error: unexpected arguments: [${args.join(' ')}]\nSee '${ctx.programName} api-resources -h' for help and examples`);
    const o = complete(flags);
    const types = ctx.session().read((api) => api.registry.types);
    ctx.io.out.write(renderResources(selectResources(types, o), o));
  },
};
