/**
 * `kubectl create <kind> NAME ...`: the objects kubectl's generators build, before the server
 * fills in defaults. Error wrapping follows each generator (some wrap AlreadyExists, some don't).
 */
import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { goTypeName } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';
import { hasKey, setKey } from '../util/own.js';
import type { Context, FlagSpec, FlagValues, VerbSpec } from './framework.js';
import { policySubcommands } from './create-policy.js';
import { rbacSubcommands, sliceFlag } from './create-rbac.js';
import { containerNameFromImage, createGenerated, GENERATOR_FLAGS, newObjectMeta, requireName, wrap } from './generated.js';
import { checkPrintFlags } from './print-flags.js';
import { fetchSelection, parseResourceArgs } from './resource-args.js';
import { portNameErrors } from '../api/validation/semantic.js';
import { dns1123Subdomain } from '../api/validation/names.js';

function containerWithCommand(name: string, image: string, ctx: Context): Record<string, unknown> {
  const c: Record<string, unknown> = { image, name };
  if (ctx.dashArgs.length) c.command = [...ctx.dashArgs];
  c.resources = {};
  return c;
}

const deployment: VerbSpec = {
  name: 'deployment',
  aliases: ['deploy'],
  summary: 'Create a deployment with the specified name',
  usage: 'NAME --image=image -- [COMMAND] [args...] [options]',
  flags: [
    { name: 'image', type: 'strings', required: true, description: 'Image names to run. A deployment can have multiple images set for multi-container pod.' },
    { name: 'replicas', short: 'r', type: 'int', bits: 32, default: 1, description: 'Number of replicas to create. Default is 1.' },
    { name: 'port', type: 'int', bits: 32, default: -1, description: 'The containerPort that this deployment exposes.' },
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    // A StringSlice: `--image=nginx,busybox` is two images, `--image=` none.
    const images = sliceFlag(flags.image);
    if (images.length > 1 && ctx.dashArgs.length) throw new CliError('cannot specify multiple --image options and command');
    const labels = { app: name };
    const containers = images.map((image, i) => {
      const c = containerWithCommand(containerNameFromImage(image), image, ctx);
      // The port is the first container's only.
      if (flags.port >= 0 && i === 0) {
        const { resources, ...rest } = c;
        return { ...rest, ports: [{ containerPort: flags.port }], resources };
      }
      return c;
    });
    const obj: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: newObjectMeta(name, labels),
      spec: {
        replicas: flags.replicas,
        selector: { matchLabels: { ...labels } },
        strategy: {},
        template: { metadata: { creationTimestamp: null, labels: { ...labels } }, spec: { containers } },
      },
      status: {},
    };
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create deployment: ') });
  },
};

/**
 * `--tcp=80:8080,443` → Service ports named `80-8080`, `443`, checked as kubectl checks them: the
 * port as Go's ParseUint(s, 10, 16) (so `0` passes, the API server refuses it later), a numeric
 * target port in 1-65535, any other target as a port name. An empty --tcp value adds no port (a
 * string slice flag), an empty item in a list is a port that does not parse.
 */
export function parseServicePorts(specs: string[], nodePort?: number): Array<Record<string, unknown>> {
  return specs.flatMap((s) => (s === '' ? [] : s.split(','))).map((spec) => {
    const parts = spec.split(':');
    const port = parseUint16(parts[0]!);
    const targetText = parts[1];
    let target: number | string = port;
    if (targetText !== undefined) {
      if (/^[+-]?\d+$/.test(targetText) && Math.abs(Number(targetText)) <= 2 ** 63) {
        target = Number(targetText);
        if (target < 1 || target > 65535) throw new CliError('must be between 1 and 65535, inclusive');
      } else {
        const errs = portNameErrors(targetText);
        if (errs.length) throw new CliError(errs.join(','));
        target = targetText;
      }
    }
    const entry: Record<string, unknown> = { name: spec.replaceAll(':', '-') };
    if (nodePort !== undefined && nodePort > 0) entry.nodePort = nodePort;
    return { ...entry, port, protocol: 'TCP', targetPort: target };
  });
}

/** Go's strconv.ParseUint(text, 10, 16), with its error. */
function parseUint16(text: string): number {
  if (!/^\d+$/.test(text)) throw new CliError(`strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = Number(text);
  if (n > 65535) throw new CliError(`strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`);
  return n;
}

function serviceVariant(type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName', name: string, extraFlags: FlagSpec[]): VerbSpec {
  return {
    name,
    summary: `Create a ${type} service`,
    usage: 'NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none]',
    flags: [{ name: 'tcp', type: 'strings', description: 'Port pairs can be specified as "<port>:<targetPort>".' }, ...extraFlags, ...GENERATOR_FLAGS],
    async run(ctx, args, flags) {
      const svcName = requireName(args, ctx);
      const spec: Record<string, unknown> = {};
      const tcp: string[] = (flags.tcp ?? []).filter((t: string) => t !== '');
      if (type === 'ExternalName') {
        const external = String(flags['external-name'] ?? '');
        if (dns1123Subdomain(external).length) throw new CliError(`invalid service external name ${external}`);
      } else if (tcp.length === 0 && flags.clusterip !== 'None') {
        throw new CliError('at least one tcp port specifier must be provided');
      }
      if (tcp.length) spec.ports = parseServicePorts(tcp, flags['node-port']);
      spec.selector = { app: svcName };
      if (type === 'ClusterIP' && flags.clusterip) spec.clusterIP = flags.clusterip;
      if (type === 'ExternalName') spec.externalName = flags['external-name'];
      spec.type = type;
      const obj: KubeObject = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: newObjectMeta(svcName, { app: svcName }),
        spec,
        status: { loadBalancer: {} },
      };
      await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap(`failed to create ${type} service: `) });
    },
  };
}

const service: VerbSpec = {
  name: 'service',
  aliases: ['svc'],
  summary: 'Create a service using a specified subcommand',
  subcommands: [
    serviceVariant('ClusterIP', 'clusterip', [{ name: 'clusterip', type: 'string', description: 'Assign your own ClusterIP or set to \'None\' for a \'headless\' service (no loadbalancing).' }]),
    serviceVariant('NodePort', 'nodeport', [{ name: 'node-port', type: 'int', description: 'Port used to expose the service on each node in a cluster.' }]),
    serviceVariant('LoadBalancer', 'loadbalancer', []),
    serviceVariant('ExternalName', 'externalname', [{ name: 'external-name', type: 'string', required: true, description: 'External name of service' }]),
  ],
};

const namespace: VerbSpec = {
  name: 'namespace',
  aliases: ['ns'],
  summary: 'Create a namespace with the specified name',
  flags: GENERATOR_FLAGS,
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    await createGenerated(ctx, { apiVersion: 'v1', kind: 'Namespace', metadata: newObjectMeta(name), spec: {}, status: {} }, flags, { verb: 'created' });
  },
};

/** Where the data goes: ConfigMap and Secret word their key errors differently. */
interface DataTarget {
  kind: 'ConfigMap' | 'Secret';
  name: string;
}

const CONFIG_KEY_RULE =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** validation.IsConfigMapKey. */
function configKeyProblem(key: string): string | undefined {
  if (key.length > 253) return 'must be no more than 253 characters';
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) return CONFIG_KEY_RULE;
  if (key === '.') return "must not be '.'";
  if (key === '..') return "must not be '..'";
  if (key.startsWith('..')) return "must not start with '..'";
  return undefined;
}

const ENV_NAME_RULE =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/** One line of an env file: blank and `#` lines give nothing; a bare KEY takes its value from the environment. */
function envFileLine(line: string, first: boolean, env: NodeJS.ProcessEnv): [string, string] | undefined {
  const text = (first ? line.replace(/^\uFEFF/, '') : line).replace(/^\s+/, '');
  if (!text || text.startsWith('#')) return undefined;
  const i = text.indexOf('=');
  const key = i < 0 ? text : text.slice(0, i);
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) throw new CliError(`"${key}" is not a valid key name: ${ENV_NAME_RULE}`);
  return [key, i < 0 ? (env[key] ?? '') : text.slice(i + 1)];
}

/**
 * --from-file (file, key=file, or a directory), --from-literal and --from-env-file, in kubectl's
 * order. File contents stay bytes (a ConfigMap puts non-UTF-8 files in binaryData).
 */
export function collectData(ctx: Context, flags: FlagValues, target: DataTarget): Record<string, string | Buffer> {
  const data: Record<string, string | Buffer> = {};
  const files = (flags['from-file'] as string[] | undefined) ?? [];
  const literals = (flags['from-literal'] as string[] | undefined) ?? [];
  const envFiles = (flags['from-env-file'] as string[] | undefined) ?? [];
  if (envFiles.length && (files.length || literals.length)) throw new CliError('from-env-file cannot be combined with from-file or from-literal');
  const put = (k: string, v: string | Buffer) => {
    const problem = configKeyProblem(k);
    if (problem) {
      throw new CliError(target.kind === 'ConfigMap' ? `"${k}" is not a valid key name for a ConfigMap: ${problem}` : `"${k}" is not valid key name for a Secret ${problem}`);
    }
    if (hasKey(data, k)) {
      throw new CliError(
        target.kind === 'ConfigMap'
          ? `cannot add key "${k}", another key by that name already exists in Data for ConfigMap "${target.name}"`
          : `cannot add key ${k}, another key by that name already exists`,
      );
    }
    setKey(data, k, v);
  };
  for (const src of files) {
    const i = src.indexOf('=');
    const [key, path] = i > 0 ? [src.slice(0, i), src.slice(i + 1)] : [undefined, src];
    const full = resolve(ctx.cwd, path);
    let st;
    try {
      st = statSync(full);
    } catch {
      throw new CliError(`error reading ${path}: no such file or directory`);
    }
    if (st.isDirectory()) {
      if (key) throw new CliError(`cannot give a key name for a directory path`);
      for (const f of readdirSync(full).sort()) {
        const p = resolve(full, f);
        if (statSync(p).isFile()) put(f, readFileSync(p));
      }
    } else {
      put(key ?? basename(path), readFileSync(full));
    }
  }
  for (const lit of literals) {
    const i = lit.indexOf('=');
    if (i <= 0) throw new CliError(`invalid literal source ${lit}, expected key=value`);
    put(lit.slice(0, i), lit.slice(i + 1));
  }
  for (const envFile of envFiles) {
    let text: string;
    try {
      text = readFileSync(resolve(ctx.cwd, envFile), 'utf8');
    } catch {
      throw new CliError(`error reading ${envFile}: no such file or directory`);
    }
    text.split('\n').forEach((line, n) => {
      const pair = envFileLine(line.replace(/\r$/, ''), n === 0, ctx.env);
      if (pair) put(pair[0], pair[1]);
    });
  }
  return data;
}

const DATA_FLAGS: FlagSpec[] = [
  { name: 'from-literal', type: 'strings', description: 'Specify a key and literal value to insert (i.e. mykey=somevalue)' },
  { name: 'from-file', type: 'strings', description: 'Key file can be specified using its file path, in which case file basename will be used as key, or optionally with a key and file path, in which case the given key will be used.' },
  { name: 'from-env-file', type: 'strings', description: 'Specify the path to a file to read lines of key=val pairs.' },
];

const configmap: VerbSpec = {
  name: 'configmap',
  aliases: ['cm'],
  summary: 'Create a config map from a local file, directory or literal value',
  flags: [...DATA_FLAGS, { name: 'append-hash', type: 'bool', description: 'Append a hash of the configmap to its name.' }, ...GENERATOR_FLAGS],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const data: Record<string, string> = {};
    const binaryData: Record<string, string> = {};
    for (const [k, v] of Object.entries(collectData(ctx, flags, { kind: 'ConfigMap', name }))) {
      if (typeof v === 'string' || isUtf8(v)) setKey(data, k, v.toString());
      else setKey(binaryData, k, v.toString('base64'));
    }
    const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: newObjectMeta(name) };
    if (Object.keys(binaryData).length) obj.binaryData = binaryData;
    if (Object.keys(data).length) obj.data = data;
    if (flags['append-hash'] === true) await appendHash(obj);
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create configmap: ') });
  },
};

function base64(s: string | Buffer): string {
  return Buffer.from(s).toString('base64');
}

/**
 * --append-hash: kubectl's suffix, the first 10 hex digits of the SHA-256 of the JSON (keys sorted)
 * of kind, name, data (and a ConfigMap's binaryData, a Secret's type), with 0 1 3 a e mapped to
 * g h k m t so that no words form.
 */
async function appendHash(obj: KubeObject): Promise<void> {
  const [{ goJson }, { sha256Hex }] = await Promise.all([import('../printers/go-values.js'), import('../util/digest.js')]);
  const encoded: Record<string, unknown> = { kind: obj.kind, name: obj.metadata.name, data: obj.data ?? {} };
  if (obj.kind === 'ConfigMap' && obj.binaryData) encoded.binaryData = obj.binaryData;
  if (obj.kind === 'Secret') encoded.type = obj.type ?? '';
  const hex = sha256Hex(goJson(encoded)).slice(0, 10);
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  obj.metadata.name = `${obj.metadata.name}-${hex.replace(/[013ae]/g, (c) => swap[c]!)}`;
}

const APPEND_HASH: FlagSpec = { name: 'append-hash', type: 'bool', description: 'Append a hash of the secret to its name.' };

const secretGeneric: VerbSpec = {
  name: 'generic',
  summary: 'Create a secret from a local file, directory, or literal value',
  flags: [...DATA_FLAGS, { name: 'type', type: 'string', description: 'The type of secret to create' }, APPEND_HASH, ...GENERATOR_FLAGS],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const data = collectData(ctx, flags, { kind: 'Secret', name });
    const obj: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: newObjectMeta(name) };
    if (Object.keys(data).length) obj.data = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64(v)]));
    if (flags.type) obj.type = flags.type;
    if (flags['append-hash'] === true) await appendHash(obj);
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create secret ') });
  },
};

const secretTls: VerbSpec = {
  name: 'tls',
  summary: 'Create a TLS secret',
  flags: [
    { name: 'cert', type: 'string', description: 'Path to PEM encoded public key certificate.' },
    { name: 'key', type: 'string', description: 'Path to private key associated with given certificate.' },
    APPEND_HASH,
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    if (!flags.cert || !flags.key) throw new CliError('key and cert must be specified');
    const read = (p: string) => {
      try {
        return readFileSync(resolve(ctx.cwd, p));
      } catch (e) {
        // Go's os.ReadFile error: a directory opens, and fails to be read.
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'EISDIR' ? `read ${p}: is a directory` : `open ${p}: ${code === 'EACCES' ? 'permission denied' : 'no such file or directory'}`;
        throw new CliError(`Cannot read file ${p}, ${why}`);
      }
    };
    const cert = read(flags.cert);
    const key = read(flags.key);
    // kubectl refuses a pair Go's tls.X509KeyPair refuses (src/cli/tls-key-pair.ts, which loads node:crypto).
    (await import('./tls-key-pair.js')).checkX509KeyPair(cert, key);
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: newObjectMeta(name),
      data: { 'tls.crt': cert.toString('base64'), 'tls.key': key.toString('base64') },
      type: 'kubernetes.io/tls',
    };
    if (flags['append-hash'] === true) await appendHash(obj);
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create secret ') });
  },
};

const secretDocker: VerbSpec = {
  name: 'docker-registry',
  summary: 'Create a secret for use with a Docker registry',
  flags: [
    { name: 'docker-server', type: 'string', default: 'https://index.docker.io/v1/', description: 'Server location for Docker registry' },
    { name: 'docker-username', type: 'string', description: 'Username for Docker registry authentication' },
    { name: 'docker-password', type: 'string', description: 'Password for Docker registry authentication' },
    { name: 'docker-email', type: 'string', description: 'Email for Docker registry' },
    { name: 'from-file', type: 'strings', description: 'Key files can be specified using their file path, in which case a default name of .dockerconfigjson will be given to them, or optionally with a name and file path, in which case the given name will be used. Specifying a directory will iterate each named file in the directory that is a valid secret key. For this command, the key should always be .dockerconfigjson.' },
    APPEND_HASH,
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const files = (flags['from-file'] as string[] | undefined) ?? [];
    const obj: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: newObjectMeta(name), data: {}, type: 'kubernetes.io/dockerconfigjson' };
    if (files.length) {
      // A bare path is the .dockerconfigjson key's content (so a directory, which has no one key, is refused).
      const sources = files.map((f) => (f.indexOf('=') > 0 ? f : `.dockerconfigjson=${f}`));
      obj.data = Object.fromEntries(Object.entries(collectData(ctx, { 'from-file': sources }, { kind: 'Secret', name })).map(([k, v]) => [k, base64(v)]));
    } else {
      if (!flags['docker-username'] || !flags['docker-password'] || !flags['docker-server']) {
        throw new CliError('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
      }
      const entry: Record<string, string> = { username: flags['docker-username'], password: flags['docker-password'] };
      if (flags['docker-email']) entry.email = flags['docker-email'];
      entry.auth = base64(`${flags['docker-username']}:${flags['docker-password']}`);
      obj.data = { '.dockerconfigjson': base64(JSON.stringify({ auths: { [flags['docker-server']]: entry } })) };
    }
    if (flags['append-hash'] === true) await appendHash(obj);
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create secret ') });
  },
};

const secret: VerbSpec = {
  name: 'secret',
  summary: 'Create a secret using a specified subcommand',
  subcommands: [secretDocker, secretGeneric, secretTls],
};

const job: VerbSpec = {
  name: 'job',
  summary: 'Create a job with the specified name',
  usage: 'NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...]',
  flags: [
    { name: 'image', type: 'string', description: 'Image name to run.' },
    { name: 'from', type: 'string', description: 'The name of the resource to create a Job from (only cronjob is supported).' },
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    if (!flags.image === !flags.from) throw new CliError('either --image or --from must be specified');
    if (flags.from) {
      const session = ctx.session();
      const cron = session.read((api) => cronJobFrom(api, flags.from, session.namespace));
      const template = cron.spec?.jobTemplate ?? {};
      const obj: KubeObject = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          // The template's annotations are laid over kubectl's own, and the reference is no
          // NewControllerRef: it does not block the owner's deletion.
          annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...(template.metadata?.annotations ?? {}) },
          creationTimestamp: null,
          ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
          name,
          ownerReferences: [{ apiVersion: 'batch/v1', controller: true, kind: 'CronJob', name: cron.metadata.name!, uid: cron.metadata.uid! }],
        },
        spec: template.spec ?? {},
        status: {},
      };
      await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create job: ') });
      return;
    }
    if (!flags.image) throw new CliError('--image must be specified');
    const obj: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: newObjectMeta(name),
      spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [containerWithCommand(name, flags.image, ctx)], restartPolicy: 'Never' } } },
      status: {},
    };
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create job: ') });
  },
};

/**
 * `--from`: one object as kubectl's builder finds it (any TYPE/NAME, its errors), of which only a
 * CronJob makes a Job (`unknown object type *v1.Deployment`).
 */
function cronJobFrom(api: ApiServer, from: string, namespace: string): KubeObject {
  const selection = parseResourceArgs([from], api.registry);
  if (selection.named.length === 0) throw new CliError('resource(s) were provided, but no name was specified');
  const { found, missing } = fetchSelection(api, selection, { namespace });
  if (missing.length) throw missing[0];
  const { type, object } = found[0]!;
  if (type.kind !== 'CronJob' || type.group !== 'batch') throw new CliError(`unknown object type ${goTypeName(type)}`);
  return object;
}

const cronjob: VerbSpec = {
  name: 'cronjob',
  aliases: ['cj'],
  summary: 'Create a cron job with the specified name',
  flags: [
    { name: 'image', type: 'string', required: true, description: 'Image name to run.' },
    { name: 'schedule', type: 'string', required: true, description: 'A schedule in the Cron format the job should be run with.' },
    { name: 'restart', type: 'string', default: 'OnFailure', description: "job's restart policy. supported values: OnFailure, Never" },
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    // An empty --image or --schedule is sent as it is: the API server refuses it.
    // Any policy is sent (the API server refuses what a Job cannot have); none is OnFailure.
    const restartPolicy = flags.restart || 'OnFailure';
    const obj: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: newObjectMeta(name),
      spec: {
        jobTemplate: {
          metadata: { creationTimestamp: null, name },
          spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [containerWithCommand(name, flags.image, ctx)], restartPolicy } } },
        },
        schedule: flags.schedule,
      },
      status: {},
    };
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create cronjob: ') });
  },
};

const serviceaccount: VerbSpec = {
  name: 'serviceaccount',
  aliases: ['sa'],
  summary: 'Create a service account with the specified name',
  flags: GENERATOR_FLAGS,
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    await createGenerated(ctx, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: newObjectMeta(name) }, flags, {
      verb: 'created',
      wrapError: wrap('failed to create serviceaccount: '),
    });
  },
};

/** kubectl lists its create subcommands by name. */
export const createSubcommands: VerbSpec[] = [configmap, cronjob, deployment, job, namespace, secret, service, serviceaccount, ...rbacSubcommands, ...policySubcommands]
  .map(printerFirst)
  .sort((a, b) => (a.name < b.name ? -1 : 1));

/**
 * Every generator's Complete reads the NAME and then builds its printer (PrintFlags.ToPrinter)
 * before it validates or sends anything: a bad -o or template fails first, and nothing is written.
 */
function printerFirst(spec: VerbSpec): VerbSpec {
  const { run, subcommands } = spec;
  return {
    ...spec,
    ...(subcommands ? { subcommands: subcommands.map(printerFirst) } : {}),
    ...(run
      ? {
          async run(ctx, args, flags) {
            requireName(args, ctx);
            await checkPrintFlags(ctx.cwd, flags);
            await run(ctx, args, flags);
          },
        }
      : {}),
  };
}
