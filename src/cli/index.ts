/**
 * The only place that knows commander. Verbs are listed here by name and summary; the
 * module of the verb being run is imported lazily, and its flag data is turned into a
 * commander command. Parser errors are rewritten into cobra/pflag's wording.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError, RawError } from '../errors.js';
import { goDuration } from '../util/duration.js';
import { checkGlobals } from './global-checks.js';
import type { Context, FlagSpec, FlagValues, GlobalFlags, VerbSpec } from './framework.js';
import { CHECKED_GLOBALS, flagIntError, isFlagInt, parseFlagBool, parseSimpleArgs, type SimpleParse } from './simple-args.js';
import { editDistance } from '../util/edit-distance.js';

interface VerbEntry {
  name: string;
  summary: string;
  group: string;
  /** Not listed in help (cobra's __complete). */
  hidden?: boolean;
}

const G_BEGINNER = 'Basic Commands (Beginner):';
const G_INTER = 'Basic Commands (Intermediate):';
const G_DEPLOY = 'Deploy Commands:';
const G_CLUSTER = 'Cluster Management Commands:';
const G_TROUBLE = 'Troubleshooting and Debugging Commands:';
const G_ADV = 'Advanced Commands:';
const G_SETTINGS = 'Settings Commands:';
const G_SIM = 'Simulated Cluster Commands:';
const G_OTHER = 'Other Commands:';

export const VERBS: VerbEntry[] = [
  { name: 'create', summary: 'Create a resource from a file or from stdin', group: G_BEGINNER },
  { name: 'expose', summary: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service', group: G_BEGINNER },
  { name: 'run', summary: 'Run a particular image on the cluster', group: G_BEGINNER },
  { name: 'set', summary: 'Set specific features on objects', group: G_BEGINNER },
  { name: 'explain', summary: 'Get documentation for a resource', group: G_INTER },
  { name: 'get', summary: 'Display one or many resources', group: G_INTER },
  { name: 'edit', summary: 'Edit a resource on the server', group: G_INTER },
  { name: 'delete', summary: 'Delete resources by file names, stdin, resources and names, or by resources and label selector', group: G_INTER },
  { name: 'rollout', summary: 'Manage the rollout of a resource', group: G_DEPLOY },
  { name: 'scale', summary: 'Set a new size for a deployment, replica set, or replication controller', group: G_DEPLOY },
  { name: 'autoscale', summary: 'Auto-scale a deployment, replica set, stateful set, or replication controller', group: G_DEPLOY },
  { name: 'cluster-info', summary: 'Display cluster information', group: G_CLUSTER },
  { name: 'top', summary: 'Display resource (CPU/memory) usage', group: G_CLUSTER },
  { name: 'cordon', summary: 'Mark node as unschedulable', group: G_CLUSTER },
  { name: 'uncordon', summary: 'Mark node as schedulable', group: G_CLUSTER },
  { name: 'drain', summary: 'Drain node in preparation for maintenance', group: G_CLUSTER },
  { name: 'taint', summary: 'Update the taints on one or more nodes', group: G_CLUSTER },
  { name: 'describe', summary: 'Show details of a specific resource or group of resources', group: G_TROUBLE },
  { name: 'logs', summary: 'Print the logs for a container in a pod', group: G_TROUBLE },
  { name: 'attach', summary: 'Attach to a running container', group: G_TROUBLE },
  { name: 'exec', summary: 'Execute a command in a container', group: G_TROUBLE },
  { name: 'port-forward', summary: 'Forward one or more local ports to a pod', group: G_TROUBLE },
  { name: 'proxy', summary: 'Run a proxy to the Kubernetes API server', group: G_TROUBLE },
  { name: 'cp', summary: 'Copy files and directories to and from containers', group: G_TROUBLE },
  { name: 'auth', summary: 'Inspect authorization', group: G_TROUBLE },
  { name: 'debug', summary: 'Create debugging sessions for troubleshooting workloads and nodes', group: G_TROUBLE },
  { name: 'events', summary: 'List events', group: G_TROUBLE },
  { name: 'diff', summary: 'Diff the live version against a would-be applied version', group: G_ADV },
  { name: 'apply', summary: 'Apply a configuration to a resource by file name or stdin', group: G_ADV },
  { name: 'patch', summary: 'Update fields of a resource', group: G_ADV },
  { name: 'replace', summary: 'Replace a resource by file name or stdin', group: G_ADV },
  { name: 'wait', summary: 'Experimental: Wait for a specific condition on one or many resources', group: G_ADV },
  { name: 'label', summary: 'Update the labels on a resource', group: G_SETTINGS },
  { name: 'annotate', summary: 'Update the annotations on a resource', group: G_SETTINGS },
  { name: 'completion', summary: 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)', group: G_SETTINGS },
  { name: 'cluster', summary: 'Create, list, delete simulated clusters and move their clock', group: G_SIM },
  { name: 'node', summary: 'Add, remove, stop and start simulated nodes', group: G_SIM },
  { name: 'curl', summary: 'Send an HTTP request from the host to a NodePort, LoadBalancer or Ingress address', group: G_SIM },
  { name: 'shell', summary: 'Open an interactive kubectl-lite prompt', group: G_SIM },
  { name: 'load', summary: 'Send HTTP requests to a Service, Ingress, pod or URL and show which pods served them', group: G_SIM },
  { name: 'serve', summary: 'Serve the current cluster as a Kubernetes API endpoint (HTTPS) and write a kubeconfig for it', group: G_SIM },
  { name: 'why', summary: 'Explain why an object is as it is: a Pending or unready pod, a Service without endpoints, a stuck rollout', group: G_SIM },
  { name: 'tree', summary: 'Draw a workload and what it owns: Deployment, ReplicaSets, Pods, Nodes', group: G_SIM },
  { name: 'map', summary: 'Draw how traffic reaches pods: Service, EndpointSlices, Pods, Nodes (or Ingress, Services)', group: G_SIM },
  { name: 'dashboard', summary: 'Serve a live page of the cluster on 127.0.0.1', group: G_SIM },
  { name: 'api-resources', summary: 'Print the supported API resources on the server', group: G_OTHER },
  { name: 'api-versions', summary: 'Print the supported API versions on the server, in the form of "group/version"', group: G_OTHER },
  { name: 'config', summary: 'Modify kubeconfig files', group: G_OTHER },
  { name: 'kustomize', summary: 'Build a kustomization target from a directory or URL', group: G_OTHER },
  { name: 'version', summary: 'Print the client and server version information', group: G_OTHER },
  { name: '__complete', summary: 'Print completion candidates for a partial command line', group: G_OTHER, hidden: true },
];

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', arg: 'namespace', description: 'If present, the namespace scope for this CLI request' },
  { name: 'context', type: 'string', arg: 'context', description: 'The name of the kubeconfig context to use' },
  { name: 'kubeconfig', type: 'string', arg: 'path', description: 'Accepted for compatibility; kubectl-lite keeps its contexts in $KUBECTL_LITE_HOME' },
  { name: 'request-timeout', type: 'string', arg: 'duration', description: 'Accepted for compatibility: the simulated cluster answers at once' },
  { name: 'v', short: 'v', type: 'int', arg: 'level', description: 'number for the log level verbosity (accepted, no effect)', hidden: true },
  // kubectl's other global flags, accepted as kubectl accepts them: the simulated cluster needs no
  // credentials, TLS settings or server address, so they are checked for consistency and unused.
  ...(
    [
      ['as', 'string', 'Username to impersonate for the operation.'],
      ['as-group', 'strings', 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.'],
      ['as-uid', 'string', 'UID to impersonate for the operation.'],
      ['cache-dir', 'string', 'Default cache directory (unused: nothing is cached).'],
      ['certificate-authority', 'string', 'Path to a cert file for the certificate authority (unused).'],
      ['client-certificate', 'string', 'Path to a client certificate file for TLS (unused).'],
      ['client-key', 'string', 'Path to a client key file for TLS (unused).'],
      ['cluster', 'string', 'The name of the kubeconfig cluster to use (unused: the context names the cluster).'],
      ['disable-compression', 'bool', 'If true, opt-out of response compression for all requests to the server.'],
      ['insecure-skip-tls-verify', 'bool', "If true, the server's certificate will not be checked for validity."],
      ['log-flush-frequency', 'string', 'Maximum number of seconds between log flushes.'],
      ['match-server-version', 'bool', 'Require server version to match client version (they always match).'],
      ['password', 'string', 'Password for basic authentication to the API server (unused).'],
      ['profile', 'string', 'Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)'],
      ['profile-output', 'string', 'Name of the file to write the profile to'],
      ['server', 'string', 'The address and port of the Kubernetes API server (unused: the simulated cluster is local).', 's'],
      ['tls-server-name', 'string', 'Server name to use for server certificate validation.'],
      ['token', 'string', 'Bearer token for authentication to the API server (unused).'],
      ['user', 'string', 'The name of the kubeconfig user to use (unused).'],
      ['username', 'string', 'Username for basic authentication to the API server (unused).'],
      ['vmodule', 'string', 'comma-separated list of pattern=N settings for file-filtered logging'],
      ['warnings-as-errors', 'bool', 'Treat warnings received from the server as errors and exit with a non-zero exit code'],
    ] as Array<[string, FlagSpec['type'], string, string?]>
  ).map(([name, type, description, short]): FlagSpec => ({ name, type, description, hidden: true, ...(short ? { short } : {}) })),
];

/** Global options that take a value, to find the verb in argv. */
const GLOBAL_VALUE_FLAGS = new Set(GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));

export async function loadVerb(name: string): Promise<VerbSpec | undefined> {
  if (!VERBS.some((v) => v.name === name)) return undefined;
  try {
    const mod = (await import(`./${name}.js`)) as { verb: VerbSpec };
    return mod.verb;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(`/cli/${name}.js`)) {
      return undefined;
    }
    throw e;
  }
}

/** Finds the verb: the first argument that is neither a flag nor a global flag's value. */
export function findVerb(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (a.startsWith('-')) {
      if (GLOBAL_VALUE_FLAGS.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

/**
 * pflag accepts `-o=yaml` and `--all=false`; commander does not, so rewrite them first.
 * `boolFlags` maps each boolean flag's short and long names to its long name.
 */
export function normaliseArgv(argv: string[], boolFlags: Map<string, string>, shorts: Map<string, string> = new Map()): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const shortEq = /^-([A-Za-z])=(.*)$/s.exec(a);
    if (shortEq) {
      const long = boolFlags.get(shortEq[1]!);
      if (long) out.push(...boolForm(flagDisplay(long, shorts), long, shortEq[2]!));
      else out.push(a.slice(0, 2), shortEq[2]!);
      continue;
    }
    const longEq = /^--([^=]+)=(.*)$/s.exec(a);
    if (longEq && boolFlags.has(longEq[1]!)) {
      out.push(...boolForm(flagDisplay(longEq[1]!, shorts), longEq[1]!, longEq[2]!));
      continue;
    }
    out.push(a);
  }
  return out;
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

function parseIntFlag(flagName: string) {
  return (value: string): number => {
    const why = flagIntError(value);
    if (why) throw new InvalidArgumentError(`invalid argument "${value}" for "${flagName}" flag: strconv.ParseInt: parsing "${value}": ${why}`);
    return parseInt(value, 10);
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
      opt = new Option(`${names} <${f.arg ?? 'int'}>`, f.description).argParser(parseIntFlag(f.short ? `-${f.short}, ${long}` : long));
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

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function boolFlagNames(specs: FlagSpec[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of specs) {
    if (f.type !== 'bool') continue;
    m.set(f.name, f.name);
    if (f.short) m.set(f.short, f.name);
  }
  return m;
}

function allFlags(spec: VerbSpec | undefined): FlagSpec[] {
  if (!spec) return [];
  return [...(spec.flags ?? []), ...(spec.subcommands ?? []).flatMap((s) => allFlags(s))];
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
  if (spec.run) {
    cmd.argument('[args...]');
    cmd.action(async (args: string[], _opts: FlagValues, self: Command) => {
      const flags: FlagValues = {};
      const raw = self.opts();
      for (const f of spec.flags ?? []) flags[f.name] = flagValue(f, raw);
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

/** Parses argv and runs the verb. Throws RawError for usage errors in cobra's wording. */
export async function dispatch(givenArgv: string[], ctx: Context): Promise<void> {
  if (findVerb(givenArgv) !== 'diff') return dispatchVerb(givenArgv, ctx);
  try {
    await dispatchVerb(givenArgv, ctx);
  } catch (e) {
    // kubectl diff sets its own flag error function: exit 2 (1 means "differences found") and a `-h` hint.
    const m = e instanceof RawError ? /^Error: (.*)\nSee '(.*) --help' for usage\.$/s.exec(e.text) : null;
    if (m) throw new RawError(`error: ${m[1]}\nSee '${m[2]} -h' for help and examples`, 2);
    throw e;
  }
}

async function dispatchVerb(givenArgv: string[], ctx: Context): Promise<void> {
  let argv = givenArgv;
  const dash = argv.indexOf('--');
  ctx.dashArgs = dash >= 0 ? argv.slice(dash + 1) : [];
  const verbName = findVerb(argv);
  const spec = verbName ? await loadVerb(verbName) : undefined;
  const prog = ctx.programName;
  if (spec) {
    ctx.commandPath = `${prog} ${commandPath(spec, argv)}`;
    ctx.argv = argv;
    ctx.commandFlags = [...GLOBAL_FLAGS, ...flagsOnPath(spec, argv)];
  }

  if (verbName && !VERBS.some((v) => v.name === verbName) && !verbName.startsWith('-')) {
    throw new RawError(`Error: unknown command "${verbName}" for "${prog}"${suggest(verbName)}`);
  }
  if (verbName && !spec && VERBS.some((v) => v.name === verbName)) {
    throw new RawError(`error: "${verbName}" is not implemented in this version of ${prog}`);
  }

  if (spec?.rawArgs && spec.run) {
    await spec.run(ctx, argv.slice(argv.indexOf(verbName!) + 1), {});
    return;
  }
  argv = withNoOptDefaults(argv, allFlags(spec));

  const simple = spec?.run ? parseSimpleArgs(argv, verbName!, spec, GLOBAL_FLAGS) : undefined;
  if (simple) {
    if (process.env.KUBECTL_LITE_CHECK_ARGS === '1') await checkSimpleParse(argv, ctx, verbName!, spec!, simple);
    Object.assign(ctx.globals, simple.globals);
    await checkGlobals(ctx.globals, globalCheckWords(ctx, spec, argv));
    checkDurationFlags(ctx, spec!, simple.flags);
    checkRequiredFlags(ctx, spec!, simple.flags);
    deprecatedDryRun(ctx, simple.flags);
    deprecatedRecord(ctx, simple.flags);
    await spec!.run!(ctx, simple.args, simple.flags);
    warningsAsErrors(ctx);
    return;
  }
  await parseWithCommander(argv, ctx, verbName, spec, async (args, flags) => {
    await checkGlobals(ctx.globals, globalCheckWords(ctx, spec, argv));
    await spec!.run!(ctx, args, flags);
    warningsAsErrors(ctx);
  }, ctx.globals);
}

/**
 * KUBECTL_LITE_CHECK_ARGS=1: parses the same words with commander too and fails unless both
 * parsers give the verb the same arguments, flags and globals.
 */
async function checkSimpleParse(argv: string[], ctx: Context, verbName: string, spec: VerbSpec, simple: SimpleParse): Promise<void> {
  let seen: SimpleParse | undefined;
  const globals: GlobalFlags = {};
  const quiet = { ...ctx, io: { ...ctx.io, out: { write() {} }, err: { write() {} } } };
  await parseWithCommander(argv, quiet, verbName, spec, (args, flags) => void (seen = { args, flags, globals }), globals);
  // commander's flags have been through deprecatedDryRun (`--dry-run=true` is client by then): compare like with like.
  const flags = { ...simple.flags };
  deprecatedDryRun(quiet, flags);
  const a = JSON.stringify({ ...simple, flags });
  const b = JSON.stringify(seen);
  if (a !== b) throw new Error(`the simple parse of ${JSON.stringify(argv)} differs from commander's:\n${a}\n${b}`);
}

async function parseWithCommander(
  argv: string[],
  ctx: Context,
  verbName: string | undefined,
  spec: VerbSpec | undefined,
  run: (args: string[], flags: FlagValues) => Promise<void> | void,
  globals: GlobalFlags,
): Promise<void> {
  const prog = ctx.programName;
  const program = new Command(prog);
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
  // A verb's own flag shadows kubectl's global one of the same name (`create rolebinding --user`).
  const own = new Set(allFlags(spec).map((f) => f.name));
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
  const bools = boolFlagNames(specs);
  const shorts = new Map(specs.filter((f) => f.short).map((f) => [f.name, f.short!]));
  let args: string[];
  try {
    args = normaliseArgv(argv, bools, shorts);
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

function seeHelp(ctx: Context, spec: VerbSpec | undefined, argv: string[]): string {
  return `See '${spec ? `${ctx.programName} ${commandPath(spec, argv)}` : ctx.programName} --help' for usage.`;
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
      // A command group run without its subcommand (`rollout`, `config`, `top`): kubectl shows its help
      // and exits 1; kubectl-lite run with nothing at all shows the help and exits 0, as kubectl does.
      return new RawErrorSilent(spec ? 1 : 0);
    case 'commander.unknownOption': {
      const m = /'([^']+)'/.exec(e.message);
      const flag = m?.[1] ?? '';
      if (/^-[^-]/.test(flag)) return new RawError(`Error: unknown shorthand flag: '${flag[1]}' in ${flag}\n${seeHelp}`);
      // pflag names the flag without the value given with it (`--dry-run=client` is `--dry-run`).
      return new RawError(`Error: unknown flag: ${flag.replace(/=.*/s, '')}\n${seeHelp}`);
    }
    case 'commander.optionMissingArgument': {
      const m = /option '(?:-(\w), )?--([\w-]+)/.exec(e.message);
      const usedShort = m?.[1] && argv.includes(`-${m[1]}`);
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

/** The flags of the (sub)command argv runs, and of the commands above it (commander lets those through too). */
function flagsOnPath(spec: VerbSpec, argv: string[]): FlagSpec[] {
  const out = [...(spec.flags ?? [])];
  let subs = spec.subcommands ?? [];
  for (const a of argv.slice(argv.indexOf(spec.name) + 1)) {
    const sub = subs.find((s) => s.name === a || s.aliases?.includes(a));
    if (!sub) break;
    out.push(...(sub.flags ?? []));
    subs = sub.subcommands ?? [];
  }
  return out;
}

function commandPath(spec: VerbSpec, argv: string[]): string {
  const path = [spec.name];
  let subs = spec.subcommands ?? [];
  for (const a of argv.slice(argv.indexOf(spec.name) + 1)) {
    const sub = subs.find((s) => s.name === a || s.aliases?.includes(a));
    if (!sub) break;
    path.push(sub.name);
    subs = sub.subcommands ?? [];
  }
  return path.join(' ');
}

/** pflag's NoOptDefVal: the value a flag takes when it is given bare (`--dry-run`). */
const NO_OPT_DEFAULTS: Record<string, string> = { 'dry-run': 'unchanged', cascade: 'background', validate: 'strict' };

/** Rewrites a bare `--dry-run` into `--dry-run=unchanged`, as pflag reads it; the words after `--` stay. */
function withNoOptDefaults(argv: string[], specs: FlagSpec[]): string[] {
  const names = new Set(specs.map((f) => f.name).filter((n) => n in NO_OPT_DEFAULTS));
  if (names.size === 0) return argv;
  const dash = argv.indexOf('--');
  return argv.map((a, i) => ((dash < 0 || i < dash) && a.startsWith('--') && names.has(a.slice(2)) ? `${a}=${NO_OPT_DEFAULTS[a.slice(2)]}` : a));
}

/** kubectl's GetDryRunStrategy: a bare --dry-run and the old boolean values still work, with a warning. */
function deprecatedDryRun(ctx: Context, flags: FlagValues): void {
  const value = flags['dry-run'];
  const old: Record<string, [string, string]> = {
    unchanged: ['client', 'helpers.go:702] --dry-run is deprecated and can be replaced with --dry-run=client.'],
    true: ['client', 'helpers.go:716] --dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.'],
    false: ['none', 'helpers.go:719] --dry-run=false is deprecated (boolean value) and can be replaced with --dry-run=none.'],
  };
  if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(old, value)) return;
  const [mode, message] = old[value]!;
  ctx.io.err.write(`${klogPrefix(ctx, 'W')} ${message}\n`);
  flags['dry-run'] = mode;
}

/** kubectl --warnings-as-errors: after the command, any warning from the server fails it. */
function warningsAsErrors(ctx: Context): void {
  const n = ctx.serverWarnings ?? 0;
  if (ctx.globals.warningsAsErrors && n > 0 && !ctx.failed) throw new CliError(`${n} warning${n === 1 ? '' : 's'} received`);
}

/** cobra's notice for a deprecated flag, printed whenever --record is given. */
function deprecatedRecord(ctx: Context, flags: FlagValues): void {
  if (flags.record !== undefined) ctx.io.err.write('Flag --record has been deprecated, --record will be removed in the future\n');
}

/** A klog line's header: `E1122 00:26:53.123456   12345` (severity, local time, process id). */
export function klogPrefix(ctx: Context, severity: 'E' | 'W'): string {
  const d = new Date(ctx.realNow());
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${severity}${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)} ${String(process.pid).padStart(7)}`;
}

/**
 * cobra checks required flags after parsing and before anything the command does, and kubectl
 * prints the failure as a klog error line:
 * `E1122 00:26:53.123456   12345 run.go:72] "command failed" err="required flag(s) \"image\" not set"`.
 */
/** A verb's duration flags are parsed as pflag parses them: a bad one is cobra's usage error, before anything runs. */
function checkDurationFlags(ctx: Context, spec: VerbSpec, flags: FlagValues): void {
  for (const f of spec.flags ?? []) {
    const value = flags[f.name];
    if (f.arg !== 'duration' || typeof value !== 'string') continue;
    const d = goDuration(value);
    if ('error' in d) {
      throw new RawError(`Error: invalid argument "${value}" for "--${f.name}" flag: ${d.error}\nSee '${ctx.commandPath ?? ctx.programName} --help' for usage.`);
    }
  }
}

export function checkRequiredFlags(ctx: Context, spec: VerbSpec, flags: FlagValues): void {
  const missing = (spec.flags ?? []).filter((f) => f.required && flags[f.name] === undefined).map((f) => f.name);
  if (missing.length) throw requiredFlagsError(ctx, missing);
}

function requiredFlagsError(ctx: Context, names: string[]): RawError {
  const list = names.map((f) => `\\"${f}\\"`).join(', ');
  return commandFailed(ctx, `required flag(s) ${list} not set`);
}

/** cobra's fatal error as kubectl's klog prints it (`E1203 ... run.go:72] "command failed" err="..."`). */
export function commandFailed(ctx: Context, err: string): RawError {
  return new RawError(`${klogPrefix(ctx, 'E')} run.go:72] "command failed" err="${err}"`);
}

function globalCheckWords(ctx: Context, spec: VerbSpec | undefined, argv: string[]) {
  return { seeHelp: seeHelp(ctx, spec, argv), commandFailed: (err: string) => commandFailed(ctx, err) };
}

/** Help was printed: leave with this code and print nothing more. */
export class RawErrorSilent extends RawError {
  constructor(code: number) {
    super('', code);
  }
}

function suggest(name: string): string {
  const close = VERBS.map((v) => v.name).filter((v) => editDistance(v, name) <= 2 || v.startsWith(name));
  if (close.length === 0) return '';
  return `\n\nDid you mean this?\n${close.map((c) => `\t${c}`).join('\n')}\n\n`;
}
