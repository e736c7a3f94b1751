/**
 * kubeconfig entries beside the contexts: `config set-cluster`, `set-credentials`, `delete-cluster`,
 * `delete-user`, `get-clusters`, `get-users`, `set`, `unset`, and the kubeconfig document `config view`
 * prints. kubectl-lite keeps them in $KUBECTL_LITE_HOME/config.json; a cluster entry's settings
 * (server, certificate authority, ...) are kept and shown, while the cluster a context names is
 * always the simulated one of that name. Messages are kubectl's.
 */
import { errnoText } from '../util/errno.js';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { clusterDir, contextMap, contextUser, homeDir, loadConfig, updateConfig, type KubeconfigFields, type LiteConfig } from '../config.js';
import { CliError } from '../errors.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { parseFlagBool } from './simple-args.js';

/** kubeconfig's field order (client-go's struct order, which `-o json` keeps). */
const CLUSTER_FIELDS = ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression'];
const USER_FIELDS = ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'as', 'as-uid', 'as-groups', 'username', 'password', 'auth-provider', 'exec'];
const CONTEXT_FIELDS = ['cluster', 'user', 'namespace'];
const BOOL_FIELDS = new Set(['insecure-skip-tls-verify', 'disable-compression']);
const DATA_FIELDS = new Set(['certificate-authority-data', 'client-certificate-data', 'client-key-data']);
const SECRET_FIELDS = new Set(['token', 'password']);
/** The fields `config set` reaches (kubectl cannot parse a value into the structured ones). */
const SCALAR_USER_FIELDS = USER_FIELDS.filter((f) => !['as-groups', 'auth-provider', 'exec'].includes(f));

export function configFile(ctx: Context): string {
  return join(homeDir(ctx.env), 'config.json');
}

function ordered(fields: KubeconfigFields | undefined, order: string[]): KubeconfigFields {
  const out: KubeconfigFields = {};
  for (const k of order) if (fields?.[k] !== undefined) out[k] = fields[k];
  return out;
}

function defaultServer(home: string, cluster: string): string {
  try {
    return `file://${clusterDir(home, cluster)}`;
  } catch {
    return '';
  }
}

function clusterNames(cfg: LiteConfig): string[] {
  return [...new Set([...Object.values(cfg.contexts).map((c) => c.cluster).filter((c) => c !== ''), ...Object.keys(cfg.clusters ?? {})])].sort();
}

function userNames(cfg: LiteConfig): string[] {
  return [...new Set([...Object.values(cfg.contexts).map(contextUser).filter((u) => u !== ''), ...Object.keys(cfg.users ?? {})])].sort();
}

export interface KubeconfigOptions {
  /** Only this context, its cluster and its user (`--minify`). */
  only?: string;
  /** Secrets and certificate data shown as they are (`--raw`); otherwise REDACTED / DATA+OMITTED as kubectl. */
  raw?: boolean;
  /** Certificate files read into the *-data fields (`--flatten`). */
  flatten?: boolean;
}

/** The config as a kubeconfig document, in client-go's field order, for `config view`. */
export function asKubeconfig(cfg: LiteConfig, home: string, opts: KubeconfigOptions = {}): Record<string, unknown> {
  const names = Object.keys(cfg.contexts).sort().filter((n) => opts.only === undefined || n === opts.only);
  const onlyCtx = opts.only !== undefined ? cfg.contexts[opts.only] : undefined;
  const clusters = clusterNames(cfg).filter((c) => opts.only === undefined || c === onlyCtx?.cluster);
  const users = userNames(cfg).filter((u) => opts.only === undefined || (onlyCtx && u === contextUser(onlyCtx)));
  const shown = (fields: KubeconfigFields): KubeconfigFields => {
    if (opts.flatten) flatten(fields);
    if (opts.raw || opts.flatten) return fields;
    for (const k of Object.keys(fields)) {
      if (DATA_FIELDS.has(k)) fields[k] = 'DATA+OMITTED';
      else if (SECRET_FIELDS.has(k)) fields[k] = 'REDACTED';
    }
    return fields;
  };
  const list = <T>(items: T[]): T[] | null => (items.length ? items : null);
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: { ...(cfg.preferences ?? {}) },
    clusters: list(clusters.map((name) => {
      const given = cfg.clusters?.[name];
      // An entry without a server of its own is the simulated cluster of its name, shown by its directory.
      const fields = ordered({ ...given, server: (given?.server as string | undefined) || defaultServer(home, name) }, CLUSTER_FIELDS);
      return { name, cluster: shown(fields) };
    })),
    users: list(users.map((name) => ({ name, user: shown(withExecDefaults(ordered(cfg.users?.[name], USER_FIELDS))) }))),
    contexts: list(names.map((name) => {
      const c = cfg.contexts[name]!;
      return { name, context: { cluster: c.cluster, user: contextUser(c), ...(c.namespace ? { namespace: c.namespace } : {}) } };
    })),
    'current-context': cfg.currentContext,
  };
}

const EXEC_ORDER = ['command', 'args', 'env', 'apiVersion', 'installHint', 'provideClusterInfo', 'interactiveMode'];

/** client-go's defaulting as it loads a kubeconfig: a v1beta1 or v1alpha1 exec plugin is interactive IfAvailable. */
function withExecDefaults(user: KubeconfigFields): KubeconfigFields {
  const exec = user.exec as Record<string, unknown> | undefined;
  if (exec && !exec.interactiveMode && /^client\.authentication\.k8s\.io\/v1(beta1|alpha1)$/.test(String(exec.apiVersion ?? ''))) {
    user.exec = ordered({ ...exec, interactiveMode: 'IfAvailable' }, EXEC_ORDER);
  }
  return user;
}

/** `--flatten`: a certificate file's content into its *-data field, as kubectl does. */
function flatten(fields: KubeconfigFields): void {
  for (const path of ['certificate-authority', 'client-certificate', 'client-key']) {
    const file = fields[path];
    if (typeof file !== 'string' || file === '') continue;
    fields[`${path}-data`] = readCert(file);
    delete fields[path];
  }
  // The order changes: *-data now sits where client-go puts it.
  const order = 'server' in fields ? CLUSTER_FIELDS : USER_FIELDS;
  const copy = ordered(fields, order);
  for (const k of Object.keys(fields)) delete fields[k];
  Object.assign(fields, copy);
}

function readCert(file: string): string {
  try {
    return readFileSync(file).toString('base64');
  } catch (e) {
    throw new CliError(`open ${file}: ${errnoText(e)}`);
  }
}

/** kubectl's check of a file to embed: `could not stat certificate-authority file X: stat X: ...`. */
function embed(what: string, file: string): string {
  try {
    return readFileSync(file).toString('base64');
  } catch (e) {
    throw new CliError(`could not stat ${what} file ${file}: stat ${file}: ${errnoText(e)}`);
  }
}

function absolute(ctx: Context, path: string): string {
  return path === '' || isAbsolute(path) ? path : resolve(ctx.cwd, path);
}

function oneName(args: string[], lowerCase = false): string {
  if (args.length !== 1 || args[0] === '') throw new CliError(`${lowerCase ? 'unexpected' : 'Unexpected'} args: [${args.join(' ')}]`);
  return args[0]!;
}

const setCluster: VerbSpec = {
  name: 'set-cluster',
  summary: 'Set a cluster entry in kubeconfig',
  usage: 'NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com] [flags]',
  flags: [
    { name: 'server', type: 'string', description: 'server for the cluster entry in kubeconfig (kept and shown; commands use the simulated cluster of that name)' },
    { name: 'certificate-authority', type: 'string', description: 'Path to certificate-authority file for the cluster entry in kubeconfig' },
    { name: 'embed-certs', type: 'bool', description: 'embed-certs for the cluster entry in kubeconfig' },
    { name: 'insecure-skip-tls-verify', type: 'bool', description: 'insecure-skip-tls-verify for the cluster entry in kubeconfig' },
    { name: 'tls-server-name', type: 'string', description: 'tls-server-name for the cluster entry in kubeconfig' },
    { name: 'proxy-url', type: 'string', description: 'proxy-url for the cluster entry in kubeconfig' },
  ],
  run(ctx, args, flags) {
    const name = oneName(args);
    const ca = flags['certificate-authority'] as string | undefined;
    const insecure = flags['insecure-skip-tls-verify'] as boolean | undefined;
    if (insecure && ca) throw new CliError('you cannot specify a certificate authority and insecure mode at the same time');
    if (flags['embed-certs'] && !ca) throw new CliError('you must specify a --certificate-authority to embed');
    const caData = flags['embed-certs'] && ca ? embed('certificate-authority', ca) : undefined;
    updateConfig(homeDir(ctx.env), (cfg) => {
      const entry: KubeconfigFields = { ...(cfg.clusters?.[name] ?? { server: '' }) };
      for (const f of ['server', 'tls-server-name', 'proxy-url']) if (flags[f] !== undefined) entry[f] = flags[f];
      if (insecure !== undefined) {
        if (insecure) entry['insecure-skip-tls-verify'] = true;
        else delete entry['insecure-skip-tls-verify'];
        if (insecure) {
          delete entry['certificate-authority'];
          delete entry['certificate-authority-data'];
        }
      }
      if (ca !== undefined) {
        if (caData !== undefined) {
          entry['certificate-authority-data'] = caData;
          delete entry['certificate-authority'];
        } else {
          entry['certificate-authority'] = absolute(ctx, ca);
          delete entry['certificate-authority-data'];
        }
        delete entry['insecure-skip-tls-verify'];
      }
      (cfg.clusters ??= contextMap({}))[name] = entry;
    });
    ctx.io.out.write(`Cluster "${name}" set.\n`);
  },
};

/** `KEY=VALUE` to set, `KEY-` to remove: kubectl's form for --auth-provider-arg and --exec-env. */
function keyValues(flag: string, values: string[] | undefined): { set: Array<[string, string]>; remove: string[] } {
  const set: Array<[string, string]> = [];
  const remove: string[] = [];
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq > 0) set.push([v.slice(0, eq), v.slice(eq + 1)]);
    else if (v.length > 1 && v.endsWith('-') && eq < 0) remove.push(v.slice(0, -1));
    else throw new CliError(`invalid ${flag} format: ${v}`);
  }
  return { set, remove };
}

const INTERACTIVE_MODES = ['IfAvailable', 'Never', 'Always'];

const setCredentials: VerbSpec = {
  name: 'set-credentials',
  summary: 'Set a user entry in kubeconfig',
  usage: 'NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value] [flags]',
  flags: [
    { name: 'client-certificate', type: 'string', description: 'Path to client-certificate file for the user entry in kubeconfig' },
    { name: 'client-key', type: 'string', description: 'Path to client-key file for the user entry in kubeconfig' },
    { name: 'token', type: 'string', description: 'token for the user entry in kubeconfig' },
    { name: 'username', type: 'string', description: 'username for the user entry in kubeconfig' },
    { name: 'password', type: 'string', description: 'password for the user entry in kubeconfig' },
    { name: 'auth-provider', type: 'string', description: 'Auth provider for the user entry in kubeconfig' },
    { name: 'auth-provider-arg', type: 'strings', description: "'key=value' arguments for the auth provider" },
    { name: 'embed-certs', type: 'bool', description: 'Embed client cert/key for the user entry in kubeconfig' },
    { name: 'exec-api-version', type: 'string', description: 'API version of the exec credential plugin for the user entry in kubeconfig' },
    { name: 'exec-arg', type: 'strings', description: 'New arguments for the exec credential plugin command for the user entry in kubeconfig' },
    { name: 'exec-command', type: 'string', description: 'Command for the exec credential plugin for the user entry in kubeconfig' },
    { name: 'exec-env', type: 'strings', description: "'key=value' environment values for the exec credential plugin" },
    { name: 'exec-interactive-mode', type: 'string', description: 'InteractiveMode of the exec credentials plugin for the user entry in kubeconfig' },
    { name: 'exec-provide-cluster-info', type: 'bool', description: 'ProvideClusterInfo of the exec credentials plugin for the user entry in kubeconfig' },
  ],
  run(ctx, args, flags) {
    const name = oneName(args, true);
    const providerArgs = keyValues('auth-provider-arg', flags['auth-provider-arg']);
    const env = keyValues('exec-env', flags['exec-env']);
    const mode = flags['exec-interactive-mode'] as string | undefined;
    if (mode !== undefined && !INTERACTIVE_MODES.includes(mode)) throw new CliError('invalid interactive mode type, can be only IfAvailable, Never, Always');
    const setToken = !!flags.token;
    const setBasic = !!flags.username || !!flags.password;
    if (setToken && setBasic) throw new CliError('you cannot specify more than one authentication method at the same time: --token, --username/--password');
    const cert = flags['client-certificate'] as string | undefined;
    const key = flags['client-key'] as string | undefined;
    if (flags['embed-certs'] && !cert && !key) throw new CliError('you must specify a --client-certificate or --client-key to embed');
    const embedded = {
      cert: flags['embed-certs'] && cert ? embed('client-certificate', cert) : undefined,
      key: flags['embed-certs'] && key ? embed('client-key', key) : undefined,
    };
    updateConfig(homeDir(ctx.env), (cfg) => {
      const u: KubeconfigFields = { ...(cfg.users?.[name] ?? {}) };
      for (const [path, data] of [['client-certificate', embedded.cert], ['client-key', embedded.key]] as const) {
        const given = path === 'client-certificate' ? cert : key;
        if (given === undefined) continue;
        if (data !== undefined) {
          u[`${path}-data`] = data;
          delete u[path];
        } else {
          u[path] = absolute(ctx, given);
          delete u[`${path}-data`];
        }
      }
      if (setToken) u.token = flags.token;
      if (flags.username) u.username = flags.username;
      if (flags.password) u.password = flags.password;
      // One authentication method at a time: setting one clears the other.
      if (setToken || setBasic) {
        if (!setToken) delete u.token;
        if (!setToken) delete u.tokenFile;
        if (!setBasic) delete u.username;
        if (!setBasic) delete u.password;
      }
      if (flags['auth-provider'] !== undefined || providerArgs.set.length || providerArgs.remove.length) {
        const prev = u['auth-provider'] as { name?: string; config?: Record<string, string> } | undefined;
        const providerName = (flags['auth-provider'] as string | undefined) ?? prev?.name ?? '';
        const config = { ...(providerName === prev?.name ? prev?.config : {}) };
        for (const [k, v] of providerArgs.set) config[k] = v;
        for (const k of providerArgs.remove) delete config[k];
        u['auth-provider'] = { name: providerName, ...(Object.keys(config).length ? { config } : {}) };
      }
      const execGiven = ['exec-command', 'exec-api-version', 'exec-arg', 'exec-interactive-mode'].some((f) => flags[f] !== undefined) || env.set.length || env.remove.length || flags['exec-provide-cluster-info'] !== undefined;
      if (execGiven) {
        let exec = { ...((u.exec as Record<string, unknown> | undefined) ?? { command: '', args: null, env: null, provideClusterInfo: false }) };
        const command = flags['exec-command'] as string | undefined;
        if (command !== undefined && command !== exec.command) exec = { command, args: null, env: null, provideClusterInfo: false };
        if (flags['exec-arg'] !== undefined) exec.args = flags['exec-arg'];
        if (env.set.length || env.remove.length) {
          const list = [...((exec.env as Array<{ name: string; value: string }> | null) ?? [])].filter((e) => !env.remove.includes(e.name));
          for (const [k, v] of env.set) {
            const at = list.findIndex((e) => e.name === k);
            if (at >= 0) list[at] = { name: k, value: v };
            else list.push({ name: k, value: v });
          }
          exec.env = list;
        }
        if (flags['exec-api-version'] !== undefined) exec.apiVersion = flags['exec-api-version'];
        if (flags['exec-provide-cluster-info'] !== undefined) exec.provideClusterInfo = !!flags['exec-provide-cluster-info'];
        if (mode !== undefined) exec.interactiveMode = mode;
        u.exec = ordered(exec, EXEC_ORDER);
      }
      (cfg.users ??= contextMap({}))[name] = u;
    });
    ctx.io.out.write(`User "${name}" set.\n`);
  },
};

/** The names a section lists: every entry of it, and those contexts name. */
const NAMES = { cluster: clusterNames, user: userNames };

/** `config delete-cluster` / `delete-user`: the entry (its settings) leaves config.json; a simulated cluster stays. */
function deleteEntry(what: 'cluster' | 'user'): VerbSpec {
  return {
    name: `delete-${what}`,
    summary: `Delete the specified ${what} from the kubeconfig`,
    usage: 'NAME [flags]',
    run(ctx, args) {
      if (args.length !== 1 && what === 'cluster') return; // kubectl prints delete-cluster's help and exits 0
      if (args.length !== 1) {
        // delete-user says a name is required.
        throw new CliError(`user to delete is required\nSee '${ctx.commandPath ?? 'kubectl config delete-user'} -h' for help and examples`);
      }
      const name = args[0]!;
      updateConfig(homeDir(ctx.env), (cfg) => {
        if (!NAMES[what](cfg).includes(name)) throw new CliError(`cannot delete ${what} ${name}, not in ${configFile(ctx)}`);
        delete cfg[`${what}s`]?.[name];
      });
      ctx.io.out.write(`deleted ${what} ${name} from ${configFile(ctx)}\n`);
    },
  };
}

/** `config get-clusters` / `get-users`: NAME, then one name a line. */
function getEntries(what: 'cluster' | 'user'): VerbSpec {
  return {
    name: `get-${what}s`,
    summary: `Display ${what}s defined in the kubeconfig`,
    run(ctx) {
      ctx.io.out.write(['NAME', ...NAMES[what](loadConfig(homeDir(ctx.env)))].join('\n') + '\n');
    },
  };
}

type Section = 'clusters' | 'users' | 'contexts';
const SECTION_FIELDS: Record<Section, string[]> = { clusters: CLUSTER_FIELDS, users: SCALAR_USER_FIELDS, contexts: CONTEXT_FIELDS };

/** A property path split as kubectl does: the section, the entry's name (dots allowed), the field. */
function splitProperty(cfg: LiteConfig, path: string): { section: Section; name: string; field?: string } | undefined {
  const [section, ...rest] = path.split('.');
  if (section !== 'clusters' && section !== 'users' && section !== 'contexts') return undefined;
  if (rest.length === 0) return { section, name: '' };
  const whole = rest.join('.');
  if (rest.length > 1) {
    const field = rest[rest.length - 1]!;
    const name = rest.slice(0, -1).join('.');
    const exists = entries(cfg, section)[whole] !== undefined;
    if (!exists && (SECTION_FIELDS[section].includes(field) || section === 'users' || entries(cfg, section)[name] !== undefined)) return { section, name, field };
  }
  return { section, name: whole };
}

function entries(cfg: LiteConfig, section: Section): Record<string, unknown> {
  if (section === 'contexts') return cfg.contexts;
  return (cfg[section] ??= contextMap({}));
}

function unparsable(path: string): CliError {
  return new CliError(`unable to parse ${path} after [] at api.Config`);
}

const set: VerbSpec = {
  name: 'set',
  summary: 'Set an individual value in a kubeconfig file',
  usage: 'PROPERTY_NAME PROPERTY_VALUE [flags]',
  flags: [{ name: 'set-raw-bytes', type: 'bool', description: 'When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.' }],
  run(ctx, args, flags) {
    if (args.length !== 2) throw new CliError(`Unexpected args: [${args.join(' ')}]`);
    const [path, value] = args as [string, string];
    updateConfig(homeDir(ctx.env), (cfg) => setProperty(cfg, path, value, !!flags['set-raw-bytes']));
    ctx.io.out.write(`Property "${path}" set.\n`);
  },
};

function parseBool(value: string): boolean {
  const b = parseFlagBool(value);
  if (b === undefined) throw new CliError(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
  return b;
}

function setProperty(cfg: LiteConfig, path: string, value: string, rawBytes: boolean): void {
  if (path === 'current-context') {
    cfg.currentContext = value;
    return;
  }
  if (path === 'preferences.colors') {
    (cfg.preferences ??= {}).colors = parseBool(value);
    return;
  }
  const p = splitProperty(cfg, path);
  if (!p) throw unparsable(path);
  if (p.section === 'users' && path.split('.').slice(2).some((w) => USER_FIELDS.includes(w) && !SCALAR_USER_FIELDS.includes(w))) {
    throw new CliError(`unable to parse one or more field values of ${path}`);
  }
  // kubectl names the map it stopped at (with Go pointers where kubectl-lite names the entries only).
  const mapError = () => new CliError(`can't set a map to a value: map[${Object.keys(entries(cfg, p.section)).sort().join(' ')}]`);
  if (p.field === undefined || !SECTION_FIELDS[p.section].includes(p.field)) throw mapError();
  let v: unknown = value;
  if (BOOL_FIELDS.has(p.field)) v = parseBool(value);
  else if (DATA_FIELDS.has(p.field)) v = rawBytes ? Buffer.from(value).toString('base64') : checkedBase64(value);
  if (p.section === 'contexts') {
    const c = (cfg.contexts[p.name] ??= { cluster: '', user: '' });
    (c as unknown as Record<string, unknown>)[p.field] = v;
    return;
  }
  const list = entries(cfg, p.section) as Record<string, KubeconfigFields>;
  const entry = (list[p.name] ??= p.section === 'clusters' ? { server: '' } : {});
  entry[p.field] = v;
}

/** Go's strict base64 decoding: the value is kept as given when it decodes. */
function checkedBase64(value: string): string {
  const bad = /[^A-Za-z0-9+/=]/.exec(value);
  const padded = value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
  if (bad || !padded) {
    const at = bad ? bad.index : value.length - (value.length % 4 || 4);
    throw new CliError(`error decoding input value: illegal base64 data at input byte ${at}`);
  }
  return value;
}

const unset: VerbSpec = {
  name: 'unset',
  summary: 'Unset an individual value in a kubeconfig file',
  usage: 'PROPERTY_NAME [flags]',
  run(ctx, args) {
    if (args.length !== 1) throw new CliError(`Unexpected args: [${args.join(' ')}]`);
    const path = args[0]!;
    updateConfig(homeDir(ctx.env), (cfg) => unsetProperty(cfg, path));
    ctx.io.out.write(`Property "${path}" unset.\n`);
  },
};

function unsetProperty(cfg: LiteConfig, path: string): void {
  if (path === 'current-context') {
    cfg.currentContext = '';
    return;
  }
  if (path === 'preferences' || path === 'preferences.colors') {
    delete cfg.preferences?.colors;
    return;
  }
  const p = splitProperty(cfg, path);
  if (!p) throw unparsable(path);
  const list = entries(cfg, p.section) as Record<string, unknown>;
  if (p.name === '') {
    for (const k of Object.keys(list)) delete list[k];
    return;
  }
  if (p.field === undefined) {
    delete list[p.name];
    return;
  }
  const entry = list[p.name] as Record<string, unknown> | undefined;
  if (!entry) throw new CliError(`current map key \`${p.name.split('.')[0]}\` is invalid`);
  if (p.section === 'contexts' && (p.field === 'cluster' || p.field === 'user')) entry[p.field] = '';
  else if (p.section === 'clusters' && p.field === 'server') entry.server = '';
  else delete entry[p.field];
}

export const entryVerbs: VerbSpec[] = [deleteEntry('cluster'), deleteEntry('user'), getEntries('cluster'), getEntries('user'), set, setCluster, setCredentials, unset];

/** For `config view --merge=false`: kubectl needs one precise file, which kubectl-lite's home is only with --kubeconfig. */
export function checkMerge(ctx: Context, flags: FlagValues): void {
  if (flags.merge === false && !ctx.globals.kubeconfig) throw new CliError('if merge==false a precise file must be specified');
}
