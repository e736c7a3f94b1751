/**
 * The command lines parseSimpleArgs leaves alone (help, flags it does not read, usage errors) are
 * parsed by commander, here: src/cli/index.ts imports this module only for them, so the commands
 * run most often never load commander. Parser errors are rewritten into cobra/pflag's wording.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { RawError } from '../errors.js';
import type { Context, FlagSpec, FlagValues, GlobalFlags, VerbSpec } from './framework.js';
import {
  GLOBAL_FLAGS,
  RawErrorSilent,
  VERBS,
  allFlags,
  flagsOnPath,
  checkDurationFlags,
  checkRequiredFlags,
  commandPath,
  deprecatedDryRun,
  deprecatedRecord,
  seeHelp,
} from './index.js';
import { CHECKED_GLOBALS, flagInt, parseFlagBool } from './simple-args.js';

/**
 * pflag's forms commander does not read, rewritten first: `-o=yaml`, `--all=false`, a run of
 * shorthands (`-An ns`, `-Aw=false`, `-An-x`), and a value that starts with a dash (`-l -a=b`:
 * a flag taking a value is given the next word, whatever it is). `boolFlags` maps each boolean
 * flag's short and long names to its long name, `valueFlags` those of the flags taking a value.
 */
export function normaliseArgv(argv: string[], boolFlags: Map<string, string>, shorts: Map<string, string> = new Map(), valueFlags: Map<string, string> = new Map()): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--')) {
      if (a[2] === '-' || a[2] === '=') throw new RawError(`Error: bad flag syntax: ${a}`);
      const longEq = /^--([^=]+)=(.*)$/s.exec(a);
      if (valueFlags.has(a.slice(2)) && i + 1 < argv.length) out.push(...withValue(a, argv[++i]!));
      else if (longEq && boolFlags.has(longEq[1]!)) out.push(...boolForm(flagDisplay(longEq[1]!, shorts), longEq[1]!, longEq[2]!));
      else out.push(a);
      continue;
    }
    const run = a.length > 1 && a.startsWith('-') ? shorthandRun(a, argv[i + 1], boolFlags, shorts, valueFlags) : undefined;
    if (run) {
      out.push(...run.words);
      i += run.consumed;
    } else {
      out.push(a);
    }
  }
  return out;
}

/**
 * A word of shorthands as pflag reads it, one flag at a time: a boolean may be followed by
 * `=value` (which ends the word); the first flag taking a value takes the rest of the word (less a
 * leading `=`, unless that is all: `-l=` is "="), or the next word. Undefined when a letter is no
 * known flag: commander reports the word.
 */
function shorthandRun(
  word: string,
  next: string | undefined,
  boolFlags: Map<string, string>,
  shorts: Map<string, string>,
  valueFlags: Map<string, string>,
): { words: string[]; consumed: number } | undefined {
  const words: string[] = [];
  for (let j = 1; j < word.length; j++) {
    const c = word[j]!;
    const rest = word.slice(j + 1);
    const long = boolFlags.get(c);
    if (long) {
      if (rest.length > 1 && rest.startsWith('=')) return { words: [...words, ...boolForm(flagDisplay(long, shorts), long, rest.slice(1))], consumed: 0 };
      words.push(`--${long}`);
    } else if (valueFlags.has(c)) {
      const given = (value: string) => withValue(`-${c}`, value, valueFlags.get(c));
      if (rest) return { words: [...words, ...given(rest.length > 1 && rest.startsWith('=') ? rest.slice(1) : rest)], consumed: 0 };
      // With no next word, commander reports the missing value.
      return next === undefined ? { words: [...words, `-${c}`], consumed: 0 } : { words: [...words, ...given(next)], consumed: 1 };
    } else {
      return undefined;
    }
  }
  return { words, consumed: 0 };
}

/**
 * A flag and its value as commander reads them. A value that starts with a dash is joined to the
 * flag's long name (`--selector=-n`), else commander would read it as an option (`-l -n`: the global
 * -n); any other stays as given, so an error names the flag as the user wrote it.
 */
function withValue(flag: string, value: string, long?: string): string[] {
  return value.startsWith('-') ? [`${long ? `--${long}` : flag}=${value}`] : [flag, value];
}

/** How pflag names a flag in its errors: `-r, --replicas`, or `--image` when it has no shorthand. */
function flagDisplay(long: string, shorts: Map<string, string>): string {
  const short = shorts.get(long);
  return short ? `-${short}, --${long}` : `--${long}`;
}

function boolForm(flag: string, long: string, value: string): string[] {
  const parsed = parseFlagBool(value);
  if (parsed !== undefined) return [parsed ? `--${long}` : `--no-${long}`];
  throw new RawError(`Error: invalid argument "${value}" for "${flag}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parseIntFlag(flagName: string, flag: FlagSpec) {
  return (value: string): number => {
    const n = flagInt(value, flag);
    if (typeof n !== 'number') throw new InvalidArgumentError(`invalid argument "${value}" for "${flagName}" flag: strconv.ParseInt: parsing ${JSON.stringify(value)}: ${n}`);
    return n;
  };
}

function addFlag(cmd: Command, f: FlagSpec): void {
  const long = `--${f.name}`;
  const names = f.short ? `-${f.short}, ${long}` : long;
  let opt: Option;
  switch (f.type) {
    case 'bool':
      opt = new Option(names, f.description);
      cmd.addOption(f.hidden ? opt.hideHelp() : opt);
      if (!f.name.startsWith('no-')) cmd.addOption(new Option(`--no-${f.name}`).hideHelp());
      if (f.default !== undefined) cmd.setOptionValueWithSource(camel(f.name), f.default, 'default');
      return;
    case 'int':
      opt = new Option(`${names} <${f.arg ?? 'int'}>`, f.description).argParser(parseIntFlag(f.short ? `-${f.short}, ${long}` : long, f));
      break;
    case 'strings':
      opt = new Option(`${names} <${f.arg ?? 'strings'}>`, f.description).argParser(collect);
      break;
    default:
      opt = new Option(`${names} <${f.arg ?? 'string'}>`, f.description);
  }
  if (f.default !== undefined) opt.default(f.default);
  cmd.addOption(f.hidden ? opt.hideHelp() : opt);
}

/**
 * commander reads a flag named `--no-x` as the negation of `--x` (stored as x: false), so a
 * kubectl flag such as `--no-headers` is recovered from its positive twin.
 */
function flagValue(f: FlagSpec, raw: Record<string, unknown>): unknown {
  if (f.type === 'bool' && f.name.startsWith('no-')) {
    const positive = raw[camel(f.name.slice(3))];
    return positive === false ? true : (f.default ?? false);
  }
  return raw[camel(f.name)];
}

/**
 * commander lets a parent verb parse the options given after a subcommand's name when it
 * knows them (`create deployment web -o yaml`: create has -o for `create -f`), so a
 * subcommand takes such a value from an ancestor when it was not given one itself.
 */
function inheritParentFlags(self: Command, spec: VerbSpec, flags: FlagValues): void {
  for (const f of spec.flags ?? []) {
    const key = camel(f.name);
    if (self.getOptionValueSource(key) === 'cli') continue;
    for (let p = self.parent; p; p = p.parent) {
      if (p.getOptionValueSource(key) === 'cli') {
        flags[f.name] = p.getOptionValue(key);
        break;
      }
    }
  }
}

/** The command line each program was given, before normaliseArgv. */
const GIVEN_ARGV = new WeakMap<Command, string[]>();

/**
 * A verb's own flags are not its subcommands' (cobra's local flags): `create token sa --validate=x`
 * is an unknown flag, though commander lets `create` take it. The global flags stay everyone's.
 */
function rejectParentOnlyFlags(self: Command, spec: VerbSpec, path: string): void {
  const own = new Set((spec.flags ?? []).map((f) => f.name));
  let root = self;
  while (root.parent) root = root.parent;
  // The words as given: normaliseArgv rewrites `-f -x` as `--filename=-x`, and pflag names the `-f`.
  const argv = GIVEN_ARGV.get(root) ?? (root as Command & { rawArgs: string[] }).rawArgs;
  for (let p = self.parent; p && p !== root; p = p.parent) {
    for (const o of p.options) {
      const name = o.long?.replace(o.negate ? /^--no-/ : /^--/, '') ?? '';
      if (own.has(name) || p.getOptionValueSource(o.attributeName()) !== 'cli') continue;
      const word = argv.find((a) => a === o.long || a.startsWith(`${o.long}=`) || (o.short !== undefined && a.startsWith(o.short))) ?? o.long ?? '';
      const text = word.startsWith('--') ? `Error: unknown flag: ${word.split('=')[0]}` : `Error: unknown shorthand flag: '${word[1]}' in ${word}`;
      throw new RawError(`${text}\nSee '${path} --help' for usage.`);
    }
  }
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Each flag's long and short name to its long name, for the boolean flags or for those taking a value. */
function flagNames(specs: FlagSpec[], bool: boolean): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of specs) {
    if ((f.type === 'bool') !== bool) continue;
    m.set(f.name, f.name);
    if (f.short) m.set(f.short, f.name);
  }
  return m;
}

function buildCommand(parent: Command, spec: VerbSpec, ctx: Context, pathPrefix: string, run?: (args: string[], flags: FlagValues) => Promise<void> | void): void {
  const cmd = parent.command(spec.name).description(spec.summary);
  for (const a of spec.aliases ?? []) cmd.alias(a);
  cmd.usage(spec.usage ?? '[flags]');
  cmd.helpOption('-h, --help', 'help for ' + spec.name);
  cmd.allowExcessArguments(true);
  if (spec.examples) cmd.addHelpText('after', `\nExamples:\n${spec.examples}`);
  for (const f of spec.flags ?? []) addFlag(cmd, f);
  for (const sub of spec.subcommands ?? []) buildCommand(cmd, sub, ctx, `${pathPrefix} ${spec.name}`);
  if (spec.subcommands && !spec.run) {
    // A group run without one of its subcommands: commander calls this instead.
    cmd.argument('[words...]');
    cmd.action((words: string[]) => {
      const path = `${pathPrefix} ${spec.name}`;
      if (words.length && spec.bareGroup !== 'plain') throw new RawError(`error: unknown command "${words.join(' ')}"\nSee '${path} -h' for help and examples`);
      (spec.bareGroup ? ctx.io.out : ctx.io.err).write(cmd.helpInformation());
      throw new RawErrorSilent(spec.bareGroup === 'plain' ? 0 : 1);
    });
  }
  if (spec.run) {
    cmd.argument('[args...]');
    cmd.action(async (args: string[], _opts: FlagValues, self: Command) => {
      const flags: FlagValues = {};
      const raw = self.opts();
      for (const f of spec.flags ?? []) flags[f.name] = flagValue(f, raw);
      rejectParentOnlyFlags(self, spec, `${pathPrefix} ${spec.name}`);
      inheritParentFlags(self, spec, flags);
      checkDurationFlags(ctx, spec, flags);
      checkRequiredFlags(ctx, spec, flags);
      deprecatedDryRun(ctx, flags);
      deprecatedRecord(ctx, flags);
      // `run` (given for the top verb only) stands in for spec.run when only the parse is wanted.
      await (run ? run(args, flags) : spec.run!(ctx, args, flags));
    });
  }
}

export async function parseWithCommander(
  argv: string[],
  ctx: Context,
  verbName: string | undefined,
  spec: VerbSpec | undefined,
  run: (args: string[], flags: FlagValues) => Promise<void> | void,
  globals: GlobalFlags,
): Promise<void> {
  const prog = ctx.programName;
  const program = new Command(prog);
  GIVEN_ARGV.set(program, argv);
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => ctx.io.out.write(s),
    writeErr: (s) => ctx.io.err.write(s),
    outputError: () => {},
  });
  program.showSuggestionAfterError(false);
  program.helpOption('-h, --help', `help for ${prog}`);
  program.addHelpCommand(false);
  program.description(`${prog} controls a simulated Kubernetes cluster kept in a file.\n\n Find more information at: the README of kubectl-lite`);
  // A flag of the command being run shadows kubectl's global one of the same name (`create
  // rolebinding --user`); the global stays for its siblings (`create configmap --user`).
  const own = new Set((spec ? flagsOnPath(spec, argv) : []).map((f) => f.name));
  for (const f of GLOBAL_FLAGS) if (!(f.hidden && own.has(f.name))) addFlag(program, f);
  program.hook('preAction', (_root, action) => {
    const g = action.optsWithGlobals();
    globals.namespace = g.namespace;
    globals.context = g.context;
    globals.kubeconfig = g.kubeconfig;
    globals.requestTimeout = g.requestTimeout;
    // A verb's own flag of a global's name is the verb's (`debug --profile=general`), not the global one.
    for (const [flag, key] of Object.entries(CHECKED_GLOBALS)) if (!own.has(flag) && g[camel(flag)] !== undefined) (globals as Record<string, unknown>)[key] = g[camel(flag)];
  });
  // Running a verb needs only its own command; the others are listed for the top-level help.
  if (spec) buildCommand(program, spec, ctx, prog, run);
  else for (const v of VERBS) program.command(v.name, { hidden: v.hidden }).description(v.summary);

  const specs = [...GLOBAL_FLAGS.filter((f) => !(f.hidden && own.has(f.name))), ...allFlags(spec)];
  const bools = flagNames(specs, true);
  const shorts = new Map(specs.filter((f) => f.short).map((f) => [f.name, f.short!]));
  let args: string[];
  try {
    args = normaliseArgv(argv, bools, shorts, flagNames(specs, false));
  } catch (e) {
    // A flag's bad value is a usage error: cobra points at the help.
    if (e instanceof RawError) throw new RawError(`${e.text}\n${seeHelp(ctx, spec, argv)}`);
    throw e;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) throw translate(e, ctx, spec, argv);
    throw e;
  }
}

function translate(e: CommanderError, ctx: Context, spec: VerbSpec | undefined, argv: string[]): Error {
  const prog = ctx.programName;
  const verbPath = spec ? `${prog} ${commandPath(spec, argv)}` : prog;
  const seeHelp = `See '${verbPath} --help' for usage.`;
  switch (e.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return new RawErrorSilent(0);
    case 'commander.help':
      // kubectl-lite run with nothing at all shows the help and exits 0, as kubectl does (a command
      // group without its subcommand has an action of its own, see buildCommand).
      return new RawErrorSilent(0);
    case 'commander.unknownOption': {
      const m = /'([^']+)'/.exec(e.message);
      const flag = m?.[1] ?? '';
      if (/^-[^-]/.test(flag)) return new RawError(`Error: unknown shorthand flag: '${flag[1]}' in ${flag}\n${seeHelp}`);
      // pflag names the flag without the value given with it (`--dry-run=client` is `--dry-run`).
      return new RawError(`Error: unknown flag: ${flag.replace(/=.*/s, '')}\n${seeHelp}`);
    }
    case 'commander.optionMissingArgument': {
      const m = /option '(?:-(\w), )?--([\w-]+)/.exec(e.message);
      // The flag missing its value ends the command line: `-n`, or a run of shorthands (`-An`).
      const last = argv[argv.length - 1] ?? '';
      const usedShort = m?.[1] && /^-[^-]/.test(last) && last.endsWith(m[1]);
      const text = usedShort ? `'${m![1]}' in -${m![1]}` : `--${m?.[2] ?? ''}`;
      return new RawError(`Error: flag needs an argument: ${text}\n${seeHelp}`);
    }
    case 'commander.invalidArgument': {
      const m = /invalid argument ".*$/s.exec(e.message);
      return new RawError(`Error: ${m ? m[0] : e.message}\n${seeHelp}`);
    }
    case 'commander.unknownCommand':
      return new RawError(`Error: unknown command ${/'([^']+)'/.exec(e.message)?.[1] ?? ''} for "${verbPath}"\n${seeHelp}`);
    default:
      return new RawError(`Error: ${e.message.replace(/^error: /, '')}\n${seeHelp}`);
  }
}
