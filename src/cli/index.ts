/**
 * Verbs are listed here by name and summary; the module of the verb being run is imported
 * lazily. Its command line is read by parseSimpleArgs when it can, else by commander
 * (./commander-parse.js, imported only then), whose errors are rewritten into cobra/pflag's wording.
 */
import { CliError, RawError } from '../errors.js';
import { goDuration } from '../util/duration.js';
import { checkGlobals } from './global-checks.js';
import type { Context, FlagSpec, FlagValues, GlobalFlags, VerbSpec } from './framework.js';
import { parseFlagBool, parseSimpleArgs, type SimpleParse } from './simple-args.js';
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
  { name: 'certificate', summary: 'Modify certificate resources', group: G_CLUSTER },
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
      ['certificate-authority', 'string', 'Path to a cert file for the certificate authority'],
      ['client-certificate', 'string', 'Path to a client certificate file for TLS'],
      ['client-key', 'string', 'Path to a client key file for TLS'],
      ['cluster', 'string', 'The name of the kubeconfig cluster to use'],
      ['disable-compression', 'bool', 'If true, opt-out of response compression for all requests to the server.'],
      ['insecure-skip-tls-verify', 'bool', "If true, the server's certificate will not be checked for validity."],
      ['log-flush-frequency', 'string', 'Maximum number of seconds between log flushes.'],
      ['match-server-version', 'bool', 'Require server version to match client version (they always match).'],
      ['password', 'string', 'Password for basic authentication to the API server (unused).'],
      ['profile', 'string', 'Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)'],
      ['profile-output', 'string', 'Name of the file to write the profile to'],
      ['server', 'string', 'The address and port of the Kubernetes API server (unused: the simulated cluster is local).', 's'],
      ['tls-server-name', 'string', 'Server name to use for server certificate validation.'],
      ['token', 'string', 'Bearer token for authentication to the API server'],
      ['user', 'string', 'The name of the kubeconfig user to use'],
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

export function allFlags(spec: VerbSpec | undefined): FlagSpec[] {
  if (!spec) return [];
  return [...(spec.flags ?? []), ...(spec.subcommands ?? []).flatMap((s) => allFlags(s))];
}

/** commander parses what parseSimpleArgs does not: loaded then, so the commands run most often never load it. */
async function parseWithCommander(...args: Parameters<typeof import('./commander-parse.js').parseWithCommander>): Promise<void> {
  const { parseWithCommander: parse } = await import('./commander-parse.js');
  return parse(...args);
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
  // A subcommand (`create deployment`) is run by commander itself, not through the callback above.
  warningsAsErrors(ctx);
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

export function seeHelp(ctx: Context, spec: VerbSpec | undefined, argv: string[]): string {
  return `See '${spec ? `${ctx.programName} ${commandPath(spec, argv)}` : ctx.programName} --help' for usage.`;
}

/** The flags of the (sub)command argv runs, and of the commands above it (commander lets those through too). */
export function flagsOnPath(spec: VerbSpec, argv: string[]): FlagSpec[] {
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

export function commandPath(spec: VerbSpec, argv: string[]): string {
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
export function deprecatedDryRun(ctx: Context, flags: FlagValues): void {
  const value = flags['dry-run'];
  if (typeof value !== 'string') return;
  // strconv.ParseBool's words first, then pflag's NoOptDefVal for a bare flag.
  const bool = parseFlagBool(value);
  let message: string;
  if (bool !== undefined) {
    const mode = bool ? 'client' : 'none';
    message = `helpers.go:${bool ? 716 : 719}] --dry-run=${value} is deprecated (boolean value) and can be replaced with --dry-run=${mode}.`;
    flags['dry-run'] = mode;
  } else if (value === NO_OPT_DEFAULTS['dry-run']) {
    message = 'helpers.go:702] --dry-run is deprecated and can be replaced with --dry-run=client.';
    flags['dry-run'] = 'client';
  } else return;
  ctx.io.err.write(`${klogPrefix(ctx, 'W')} ${message}\n`);
}

/**
 * kubectl --warnings-as-errors: after the command, any warning from the server fails it, reported
 * as an error returned to kubectl's main (klog's line, not `error: `).
 */
function warningsAsErrors(ctx: Context): void {
  const n = ctx.serverWarnings ?? 0;
  if (ctx.globals.warningsAsErrors && n > 0 && !ctx.failed) {
    throw new RawError(`${klogPrefix(ctx, 'E')} run.go:72] "command failed" err="${n} warning${n === 1 ? '' : 's'} received"`);
  }
}

/** cobra's notice for a deprecated flag, printed whenever --record is given. */
export function deprecatedRecord(ctx: Context, flags: FlagValues): void {
  if (flags.record !== undefined) ctx.io.err.write('Flag --record has been deprecated, --record will be removed in the future\n');
}

/** A klog line's header: `E1122 00:26:53.123456   12345` (severity, local time, process id). */
export function klogPrefix(ctx: Context, severity: 'E' | 'W' | 'F'): string {
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
export function checkDurationFlags(ctx: Context, spec: VerbSpec, flags: FlagValues): void {
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
