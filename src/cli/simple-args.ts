/**
 * The common command line, parsed without commander: a verb (not one of its subcommands) followed by
 * positional words and flags it declares, each flag well formed (`-o yaml`, `-oyaml`, `-o=yaml`,
 * `--output yaml`, `--output=yaml`, `--all`, `--all=false`, `--no-headers`). Anything else (help,
 * an unknown or malformed flag, `--`, a value that looks like a flag) returns undefined, and
 * commander parses it, with its errors. Building commander's command and running its parser is
 * most of the start-up cost of a command that otherwise only reads a few objects.
 *
 * The result is what commander gives for the same words (src/cli/index.ts checks this, word for
 * word, when KUBECTL_LITE_CHECK_ARGS=1, and the test suite passes that way).
 */
import type { FlagSpec, FlagValues, GlobalFlags, VerbSpec } from './framework.js';
import { parseGoInt, type GoIntError } from '../util/go-int.js';

export interface SimpleParse {
  args: string[];
  flags: FlagValues;
  globals: GlobalFlags;
}

/** The global flags kubectl-lite checks (src/cli/global-checks.ts), beyond the four it uses. */
export const CHECKED_GLOBALS: Record<string, keyof GlobalFlags> = {
  as: 'as',
  'as-group': 'asGroup',
  'as-uid': 'asUid',
  token: 'token',
  user: 'user',
  cluster: 'cluster',
  'certificate-authority': 'certificateAuthority',
  'client-certificate': 'clientCertificate',
  'client-key': 'clientKey',
  username: 'username',
  password: 'password',
  profile: 'profile',
  'log-flush-frequency': 'logFlushFrequency',
  'warnings-as-errors': 'warningsAsErrors',
};

const GLOBAL_KEYS: Record<string, keyof GlobalFlags> = {
  namespace: 'namespace',
  context: 'context',
  kubeconfig: 'kubeconfig',
  'request-timeout': 'requestTimeout',
  ...CHECKED_GLOBALS,
};

export function parseSimpleArgs(argv: string[], verbName: string, spec: VerbSpec, globalFlags: FlagSpec[]): SimpleParse | undefined {
  if (spec.rawArgs) return undefined;
  const byName = new Map<string, { flag: FlagSpec; global: boolean }>();
  const byShort = new Map<string, { flag: FlagSpec; global: boolean }>();
  for (const [flags, global] of [[globalFlags, true], [spec.flags ?? [], false]] as const) {
    for (const flag of flags) {
      // A verb flag that shadows a global one is commander's business.
      if (byName.has(flag.name) || (flag.short && byShort.has(flag.short))) return undefined;
      byName.set(flag.name, { flag, global });
      if (flag.short) byShort.set(flag.short, { flag, global });
    }
  }
  const given = new Map<string, unknown>();
  const args: string[] = [];
  let verbSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--' || word === '-') return undefined;
    if (!word.startsWith('-')) {
      if (!verbSeen) {
        if (word !== verbName) return undefined;
        verbSeen = true;
      } else {
        args.push(word);
      }
      continue;
    }
    let entry: { flag: FlagSpec; global: boolean } | undefined;
    let inline: string | undefined;
    let negated = false;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      if (eq >= 0) inline = word.slice(eq + 1);
      entry = byName.get(name);
      if (!entry && name.startsWith('no-') && inline === undefined) {
        entry = byName.get(name.slice(3));
        if (!entry || entry.flag.type !== 'bool' || entry.flag.name.startsWith('no-')) return undefined;
        negated = true;
      }
    } else {
      entry = byShort.get(word[1]!);
      // pflag: `-l=x` is x, but `-l=` is "=" (the `=` only separates when a value follows it).
      if (word.length > 2) inline = word[2] === '=' && word.length > 3 ? word.slice(3) : word.slice(2);
      // `-Av` could be two booleans: leave such bundles to commander.
      if (entry?.flag.type === 'bool' && word.length > 2 && word[2] !== '=') return undefined;
    }
    if (!entry) return undefined;
    // Before the verb only the global flags are known.
    if (!verbSeen && !entry.global) return undefined;
    const { flag } = entry;
    if (flag.type === 'bool') {
      let value = !negated;
      if (inline !== undefined) {
        if (flag.name.startsWith('no-')) return undefined;
        const parsed = parseFlagBool(inline);
        if (parsed === undefined) return undefined;
        value = parsed;
      }
      given.set(flag.name, value);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      value = argv[++i];
      // `-f -` is stdin; any other value that starts with a dash is left to commander.
      if (value === undefined || (value.startsWith('-') && value !== '-')) return undefined;
    }
    if (flag.type === 'int') {
      const n = flagInt(value, flag);
      if (typeof n !== 'number') return undefined;
      given.set(flag.name, n);
    } else if (flag.type === 'strings') {
      given.set(flag.name, [...((given.get(flag.name) as string[] | undefined) ?? []), value]);
    } else {
      given.set(flag.name, value);
    }
  }
  if (!verbSeen) return undefined;
  const flags: FlagValues = {};
  for (const flag of spec.flags ?? []) flags[flag.name] = valueOf(flag, given);
  const globals: GlobalFlags = {};
  for (const flag of globalFlags) {
    const key = GLOBAL_KEYS[flag.name];
    // The four globals every verb reads are always present; the checked ones only when given.
    if (key && (given.has(flag.name) || !(flag.name in CHECKED_GLOBALS))) (globals as Record<string, unknown>)[key] = given.get(flag.name);
  }
  // A word naming a subcommand is commander's to dispatch (`apply view-last-applied`).
  if ((spec.subcommands ?? []).some((sub) => args.includes(sub.name) || sub.aliases?.some((a) => args.includes(a)))) return undefined;
  return { args, flags, globals };
}

/** A boolean flag's value as pflag reads it (`true`, `t`, `1`, `false`, ...); undefined when it is none. */
export function parseFlagBool(value: string): boolean | undefined {
  if (GO_TRUE.has(value)) return true;
  if (GO_FALSE.has(value)) return false;
  return undefined;
}

/** The words Go's strconv.ParseBool takes (`tRuE` is not one). */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** An int flag's value as pflag reads it (strconv.ParseInt, base 0, 64 bits or the flag's 32), or why it is refused. */
export function flagInt(value: string, flag: Pick<FlagSpec, 'bits'>): number | GoIntError {
  const n = parseGoInt(value, flag.bits ?? 64);
  return typeof n === 'bigint' ? Number(n) : n;
}

/** What the verb sees for a flag: its value, else its default (a `no-` flag is true only when given). */
function valueOf(flag: FlagSpec, given: Map<string, unknown>): unknown {
  if (flag.type === 'bool' && flag.name.startsWith('no-')) return given.get(flag.name) === true ? true : (flag.default ?? false);
  return given.has(flag.name) ? given.get(flag.name) : flag.default;
}
