/**
 * What Tab offers after a partial command line: verbs, subcommands, flags, resource types
 * and the names of live objects. Shared by `completion` scripts (through the hidden
 * `__complete` verb) and the interactive `shell`.
 */
import { builtinRegistry } from '../api/registry.js';
import { loadConfig, homeDir } from '../config.js';
import type { Context, FlagSpec, VerbSpec } from './framework.js';
import { GLOBAL_FLAGS, VERBS, loadVerb } from './index.js';

/** Verbs whose first argument is a resource type (then names of that type). */
const TYPE_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'scale', 'explain', 'wait', 'autoscale', 'expose']);
/** Verbs (or subcommands) whose arguments are names of one type. */
const NAME_VERBS: Record<string, string> = {
  logs: 'pods', cordon: 'nodes', uncordon: 'nodes', drain: 'nodes', taint: 'nodes',
  'node stop': 'nodes', 'node start': 'nodes', 'node remove': 'nodes',
  'rollout status': 'deployments', 'rollout history': 'deployments', 'rollout undo': 'deployments',
  'rollout restart': 'deployments', 'rollout pause': 'deployments', 'rollout resume': 'deployments',
  'config use-context': '@contexts', 'config delete-context': '@contexts', 'config rename-context': '@contexts',
  'cluster delete': '@clusters', 'top pods': 'pods', 'top nodes': 'nodes',
};
const OUTPUTS = ['json', 'yaml', 'wide', 'name', 'jsonpath=', 'custom-columns=', 'go-template='];

function flagWords(flags: FlagSpec[]): string[] {
  return flags.filter((f) => !f.hidden).flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]);
}

function typeWords(): string[] {
  const words = new Set<string>();
  for (const t of builtinRegistry.types) {
    if (!t.verbs.includes('list')) continue;
    words.add(t.plural);
  }
  return [...words].sort();
}

function namesOf(ctx: Context, typeArg: string, namespace: string | undefined): string[] {
  try {
    if (typeArg === '@contexts') return Object.keys(loadConfig(homeDir(ctx.env)).contexts).sort();
    if (typeArg === '@clusters') return [...new Set(Object.values(loadConfig(homeDir(ctx.env)).contexts).map((c) => c.cluster))].sort();
    const type = builtinRegistry.lookup(typeArg);
    if (!type) return [];
    const session = ctx.session();
    return session.read((api) => api.list(type, type.namespaced ? (namespace ?? session.namespace) : undefined).map((o) => o.metadata.name!));
  } catch {
    return [];
  }
}

function valueCandidates(ctx: Context, flag: string, namespace: string | undefined): string[] | undefined {
  if (flag === '-n' || flag === '--namespace') return namesOf(ctx, 'namespaces', undefined);
  if (flag === '--context') return namesOf(ctx, '@contexts', undefined);
  if (flag === '-o' || flag === '--output') return OUTPUTS;
  void namespace;
  return undefined;
}

/** Candidates for the last word of `words` (which may be empty, meaning a new word). */
export async function complete(ctx: Context, words: string[]): Promise<string[]> {
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const prefixed = (xs: string[]) => xs.filter((x) => x.startsWith(current));

  // The value of a flag that takes one.
  const prev = before[before.length - 1];
  let namespace: string | undefined;
  for (let i = 0; i < before.length; i++) if (before[i] === '-n' || before[i] === '--namespace') namespace = before[i + 1];
  if (prev?.startsWith('-')) {
    const values = valueCandidates(ctx, prev, namespace);
    if (values) return prefixed(values);
  }

  const positional = before.filter((w, i) => !w.startsWith('-') && !(before[i - 1] && ['-n', '--namespace', '--context', '-o', '--output', '-l', '-f', '-c'].includes(before[i - 1]!)));
  if (positional.length === 0) {
    if (current.startsWith('-')) return prefixed(flagWords(GLOBAL_FLAGS));
    return prefixed(VERBS.filter((v) => !v.hidden).map((v) => v.name));
  }
  const verbName = positional[0]!;
  const spec = await loadVerb(verbName).catch(() => undefined);
  if (!spec) return [];
  // Walk into subcommands.
  let node: VerbSpec = spec;
  let path = verbName;
  let rest = positional.slice(1);
  while (node.subcommands?.length && rest.length) {
    const sub = node.subcommands.find((s) => s.name === rest[0] || s.aliases?.includes(rest[0]!));
    if (!sub) break;
    node = sub;
    path += ` ${sub.name}`;
    rest = rest.slice(1);
  }
  if (current.startsWith('-')) return prefixed([...flagWords(node.flags ?? []), ...flagWords(GLOBAL_FLAGS)]);
  if (node.subcommands?.length && !node.run && rest.length === 0) return prefixed(node.subcommands.map((s) => s.name));

  const nameType = NAME_VERBS[path];
  if (nameType) return prefixed(namesOf(ctx, nameType, namespace));
  if (TYPE_VERBS.has(path) || path === 'rollout' || path.startsWith('set ')) {
    if (current.includes('/')) {
      const [t, partial] = [current.slice(0, current.indexOf('/')), current.slice(current.indexOf('/') + 1)];
      return namesOf(ctx, t, namespace).filter((n) => n.startsWith(partial)).map((n) => `${t}/${n}`);
    }
    if (rest.length === 0) return prefixed(typeWords());
    if (!rest[0]!.includes('/')) return prefixed(namesOf(ctx, rest[0]!, namespace));
  }
  return [];
}
