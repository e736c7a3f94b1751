/**
 * `config`: contexts of the simulated clusters, kept in $KUBECTL_LITE_HOME/config.json.
 * A context names a cluster and, optionally, a default namespace; messages are kubectl's.
 */
import { contextUser, homeDir, loadConfig, updateConfig } from '../config.js';
import { CliError, RawError } from '../errors.js';
import { byteCompare } from '../printers/go-values.js';
import { failAggregate } from './aggregate-errors.js';
import { tabwrite } from '../util/tabwriter.js';
import { asKubeconfig, checkMerge, configFile, entryVerbs } from './config-entries.js';
import type { VerbSpec } from './framework.js';
import { outputOf, PRINT_FLAGS, printOptionsOf, requirePrintFormat } from './print-flags.js';

const view: VerbSpec = {
  name: 'view',
  summary: 'Display merged kubeconfig settings or a specified kubeconfig file',
  flags: [
    { name: 'minify', type: 'bool', description: 'Remove all information not used by current-context from the output' },
    // yaml when no -o is given (not a declared default: a --template without -o means go-template).
    { name: 'output', short: 'o', type: 'string', description: 'Output format: yaml or json' },
    ...PRINT_FLAGS,
    { name: 'raw', type: 'bool', description: 'Display raw byte data and sensitive data' },
    { name: 'flatten', type: 'bool', description: 'Flatten the resulting kubeconfig file into self-contained output (certificate files embedded)' },
    { name: 'merge', type: 'bool', default: true, description: 'Merge the full hierarchy of kubeconfig files (kubectl-lite has one; --merge=false needs --kubeconfig, as kubectl)' },
  ],
  async run(ctx, args, flags) {
    if (args.length > 0) throw new RawError(`error: unexpected arguments: [${args.join(' ')}]\nSee '${ctx.programName} config view -h' for help and examples`);
    checkMerge(ctx, flags);
    const home = homeDir(ctx.env);
    const cfg = loadConfig(home);
    const current = ctx.globals.context ?? cfg.currentContext;
    if (flags.minify && !cfg.contexts[current]) throw new CliError(`current-context must exist in order to minify`);
    const doc = asKubeconfig(cfg, home, { only: flags.minify ? current : undefined, raw: !!flags.raw, flatten: !!flags.flatten });
    if (flags.minify) doc['current-context'] = current;
    const output = outputOf(flags, 'yaml');
    if (output === 'json') {
      ctx.io.out.write(JSON.stringify(doc, null, 4) + '\n');
      return;
    }
    if (output !== 'yaml') {
      requirePrintFormat(output);
      const { printObjects } = await import('../printers/format.js');
      await printObjects({ output, items: [{ object: doc as never, type: undefined as never }], single: true, typed: true, cwd: ctx.cwd, out: ctx.io.out, ...printOptionsOf(flags) });
      return;
    }
    const { toYaml } = await import('../printers/yaml.js');
    ctx.io.out.write(toYaml(doc));
  },
};

const currentContext: VerbSpec = {
  name: 'current-context',
  summary: 'Display the current-context',
  run(ctx) {
    const cfg = loadConfig(homeDir(ctx.env));
    if (!cfg.currentContext) throw new CliError('current-context is not set');
    ctx.io.out.write(`${cfg.currentContext}\n`);
  },
};

const getContexts: VerbSpec = {
  name: 'get-contexts',
  summary: 'Describe one or many contexts',
  flags: [
    { name: 'no-headers', type: 'bool', description: "When using the default or custom-column output format, don't print headers (default print headers)." },
    { name: 'output', short: 'o', type: 'string', description: 'Output format. One of: (name).' },
  ],
  run(ctx, args, flags) {
    const output = (flags.output as string | undefined) ?? '';
    if (output !== '' && output !== 'name') {
      throw new CliError(`--output ${output} is not available in kubectl config get-contexts; resetting to default output format`);
    }
    const cfg = loadConfig(homeDir(ctx.env));
    // The ones asked for that exist, sorted as kubectl sorts them; each missing one is an error, after.
    const errors = args.filter((n) => !cfg.contexts[n]).map((n) => new CliError(`context ${n} not found`));
    const names = (args.length ? args.filter((n) => cfg.contexts[n]) : Object.keys(cfg.contexts)).sort(byteCompare);
    if (output === 'name') ctx.io.out.write(names.map((n) => `${n}\n`).join(''));
    else {
      const lines: string[] = flags['no-headers'] ? [] : ['CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE'];
      for (const n of names) {
        const c = cfg.contexts[n]!;
        lines.push(`${n === cfg.currentContext ? '*' : ''}\t${n}\t${c.cluster}\t${contextUser(c)}\t${c.namespace ?? ''}`);
      }
      if (lines.length) ctx.io.out.write(tabwrite(lines.join('\n') + '\n'));
    }
    failAggregate(ctx, errors);
  },
};

const useContext: VerbSpec = {
  name: 'use-context',
  aliases: ['use'],
  summary: 'Set the current-context in a kubeconfig file',
  run(ctx, args) {
    if (args.length !== 1) throw new CliError(`Unexpected args: [${args.join(' ')}]`);
    const name = args[0]!;
    if (!name) throw new CliError('empty context names are not allowed');
    updateConfig(homeDir(ctx.env), (cfg) => {
      if (!cfg.contexts[name]) throw new CliError(`no context exists with the name: "${name}"`);
      cfg.currentContext = name;
    });
    ctx.io.out.write(`Switched to context "${name}".\n`);
  },
};

const setContext: VerbSpec = {
  name: 'set-context',
  summary: 'Set a context entry in kubeconfig',
  flags: [
    { name: 'current', type: 'bool', description: 'Modify the current context' },
    { name: 'cluster', type: 'string', description: 'cluster for the context entry in kubeconfig' },
    { name: 'user', type: 'string', description: 'user for the context entry in kubeconfig' },
  ],
  run(ctx, args, flags) {
    const home = homeDir(ctx.env);
    // --namespace is the global flag; here it sets the context's namespace.
    const namespace = ctx.globals.namespace;
    if (args.length > 1) throw new CliError(`Unexpected args: [${args.join(' ')}]`);
    const message = updateConfig(home, (cfg) => {
      const name = flags.current ? cfg.currentContext : args[0];
      if (flags.current && args.length) throw new CliError('you cannot specify both a context name and --current');
      if (flags.current && !name) throw new CliError('no current context is set');
      if (!name) throw new CliError('you must specify a non-empty context name or --current');
      const existing = cfg.contexts[name];
      const entry = existing ? { ...existing } : { cluster: '' };
      if (flags.cluster !== undefined) entry.cluster = flags.cluster;
      if (flags.user !== undefined) entry.user = flags.user;
      if (namespace !== undefined) {
        if (namespace) entry.namespace = namespace;
        else delete entry.namespace;
      }
      cfg.contexts[name] = entry;
      return `Context "${name}" ${existing ? 'modified' : 'created'}.`;
    });
    ctx.io.out.write(`${message}\n`);
  },
};

const deleteContext: VerbSpec = {
  name: 'delete-context',
  summary: 'Delete the specified context from the kubeconfig',
  run(ctx, args) {
    // kubectl prints delete-context's help and exits 0 unless given exactly one name (an empty one is looked up).
    if (args.length !== 1) return;
    const name = args[0]!;
    const wasCurrent = updateConfig(homeDir(ctx.env), (cfg) => {
      if (!cfg.contexts[name]) throw new CliError(`cannot delete context ${name}, not in ${configFile(ctx)}`);
      delete cfg.contexts[name];
      return cfg.currentContext === name;
    });
    if (wasCurrent) ctx.io.err.write('warning: this removed your active context, use "kubectl config use-context" to select a different one\n');
    ctx.io.out.write(`deleted context ${name} from ${configFile(ctx)}\n`);
  },
};

const renameContext: VerbSpec = {
  name: 'rename-context',
  summary: 'Rename a context from the kubeconfig file',
  run(ctx, args) {
    const [from, to] = args;
    if (from === undefined || to === undefined || args.length !== 2) throw new CliError(`Unexpected args: [${args.join(' ')}]`);
    updateConfig(homeDir(ctx.env), (cfg) => {
      if (!cfg.contexts[from]) throw new CliError(`cannot rename the context "${from}", it's not in ${configFile(ctx)}`);
      if (cfg.contexts[to]) throw new CliError(`cannot rename the context "${from}", the context "${to}" already exists in ${configFile(ctx)}`);
      cfg.contexts[to] = cfg.contexts[from]!;
      delete cfg.contexts[from];
      if (cfg.currentContext === from) cfg.currentContext = to;
    });
    ctx.io.out.write(`Context "${from}" renamed to "${to}".\n`);
  },
};

export const verb: VerbSpec = {
  name: 'config',
  summary: 'Modify kubeconfig files',
  usage: 'SUBCOMMAND',
  subcommands: [currentContext, deleteContext, getContexts, renameContext, setContext, useContext, view, ...entryVerbs].sort((a, b) => a.name.localeCompare(b.name)),
};
