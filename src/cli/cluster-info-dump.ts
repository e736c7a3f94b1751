/**
 * `cluster-info dump`: what kubectl dumps for debugging, from the simulated cluster: the nodes,
 * then for each namespace (kube-system and the current one; --namespaces; -A for all) its events,
 * replication controllers, services, daemon sets, deployments, replica sets and pods, each as the
 * typed List kubectl's client reads (items without kind/apiVersion), and every container's log
 * between kubectl's START/END lines. --output-directory writes kubectl's files instead.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, CliError, RawError } from '../errors.js';
import { parseGoDuration } from '../util/duration.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { podRunningTimeoutFlag, podRunningTimeoutOf } from './pod-running-timeout.js';
import { outputOf, PRINT_FLAGS, printOptionsOf, requirePrintFormat, type PrintOptions } from './print-flags.js';
import { mkdirAll } from '../util/mkdir-all.js';

/** Per namespace, in kubectl's order: resource, list kind, file name. */
const NAMESPACED: Array<[string, string, string]> = [
  ['events', 'EventList', 'events'],
  ['replicationcontrollers', 'ReplicationControllerList', 'replication-controllers'],
  ['services', 'ServiceList', 'services'],
  ['daemonsets.apps', 'DaemonSetList', 'daemonsets'],
  ['deployments.apps', 'DeploymentList', 'deployments'],
  ['replicasets.apps', 'ReplicaSetList', 'replicasets'],
  ['pods', 'PodList', 'pods'],
];

export const dump: VerbSpec = {
  name: 'dump',
  summary: 'Dump relevant information for debugging and diagnosis',
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If true, dump all namespaces.  If true, --namespaces is ignored.' },
    { name: 'namespaces', type: 'strings', description: 'A comma separated list of namespaces to dump.' },
    // json when no -o is given (not a declared default: a --template without -o means go-template).
    { name: 'output', short: 'o', type: 'string', description: 'Output format. One of: (json, yaml).' },
    { name: 'output-directory', type: 'string', description: 'Where to output the files.  If empty or \'-\' uses stdout, otherwise creates a directory hierarchy in that directory' },
    podRunningTimeoutFlag('20s'),
    ...PRINT_FLAGS,
  ],
  async run(ctx, args, flags) {
    await runDump(ctx, args, flags);
  },
};

interface Sink {
  /** A list, to stdout or to `<dir>/<file>.<ext>`. */
  list(file: string, list: Record<string, unknown>): Promise<void>;
  /** Log text, to stdout or appended to `<dir>/<file>.txt`. */
  text(file: string, text: string): void;
}

async function runDump(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  // kubectl ignores words after dump.
  void args;
  const output = outputOf(flags, 'json');
  requirePrintFormat(output);
  const timeout = String(flags['pod-running-timeout'] ?? '20s');
  if (parseGoDuration(timeout) === undefined) {
    throw new RawError(`Error: invalid argument "${timeout}" for "--pod-running-timeout" flag: time: invalid duration "${timeout}"\nSee '${ctx.programName} cluster-info dump --help' for usage.`);
  }
  podRunningTimeoutOf(ctx, flags);
  const dir = flags['output-directory'] && flags['output-directory'] !== '-' ? resolve(ctx.cwd, String(flags['output-directory'])) : undefined;
  if (output === 'name') {
    // kubectl's name printer refuses the first list it is given, the nodes, once their file is open.
    if (dir) {
      mkdirAll(dir, 0o755);
      writeFileSync(join(dir, 'nodes.txt'), '');
    }
    throw new CliError('list types are not supported by name printing: *v1.NodeList');
  }
  const print = printOptionsOf(flags);
  const sink = await makeSink(ctx, output, dir, print);
  const session = ctx.session();
  const { logsOf, formatLog } = await import('./logs.js');
  // What is dumped, in order, read at one moment; printed after (a template's printer loads asynchronously).
  const dumped: Array<{ file: string; list?: Record<string, unknown>; text?: string }> = [];
  // kubectl's printer leaves managedFields out of -o json and yaml only, unless --show-managed-fields.
  const keep = print.showManagedFields || (output !== 'json' && output !== 'yaml');
  session.read((api) => {
    const now = api.clock.now().getTime();
    dumped.push({ file: 'nodes', list: typedList(api, 'nodes', 'NodeList', undefined, keep) });
    const namespaces: string[] = flags['all-namespaces']
      ? api.list(api.registry.resolve('namespaces'), undefined).map((n) => n.metadata.name!)
      : ((flags.namespaces as string[] | undefined) ?? []).flatMap((n) => n.split(',')).filter(Boolean);
    if (!flags['all-namespaces'] && namespaces.length === 0) namespaces.push('kube-system', session.namespace);
    for (const ns of namespaces) {
      for (const [resource, kind, file] of NAMESPACED) dumped.push({ file: join(ns, file), list: typedList(api, resource, kind, ns, keep) });
      for (const pod of api.list(api.registry.resolve('pods'), ns)) {
        const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c: { name: string }) => c.name);
        for (const c of containers) {
          const where = `container ${c} of pod ${ns}/${pod.metadata.name}`;
          let body: string;
          try {
            body = formatLog(logsOf(pod, c, false, now), {}, '', now);
          } catch (e) {
            body = `Request log error: ${e instanceof ApiError || e instanceof CliError ? e.message : String(e)}\n`;
          }
          dumped.push({ file: join(ns, pod.metadata.name!, 'logs'), text: `==== START logs for ${where} ====\n${body}==== END logs for ${where} ====\n` });
        }
      }
    }
  });
  for (const d of dumped) {
    if (d.list) await sink.list(d.file, d.list);
    else sink.text(d.file, d.text!);
  }
  if (dir) ctx.io.out.write(`Cluster info dumped to ${dir}\n`);
}

/**
 * What the typed client reads: the list's kind and version, its items without their own (and
 * without managedFields unless `keepManagedFields`).
 */
function typedList(api: ApiServer, resource: string, kind: string, ns: string | undefined, keepManagedFields: boolean): Record<string, unknown> {
  const type = api.registry.resolve(resource);
  const items = api.list(type, ns).map((o) => {
    const { kind: _k, apiVersion: _v, ...rest } = o;
    const { managedFields, ...metadata } = (rest.metadata ?? {}) as Record<string, unknown>;
    if (keepManagedFields && managedFields !== undefined) Object.assign(metadata, { managedFields });
    return { ...rest, metadata, __kind: o.kind, __apiVersion: o.apiVersion } as unknown as KubeObject;
  });
  return {
    kind,
    apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
    metadata: { resourceVersion: String(api.store.revision ?? '') },
    items,
  };
}

async function makeSink(ctx: Context, output: string, dir: string | undefined, print: PrintOptions): Promise<Sink> {
  const render = await renderer(output, ctx, print);
  const texts = new Map<string, string>();
  let printed = 0;
  if (!dir) {
    return {
      async list(_file, list) {
        // kubectl's YAML printer separates the documents it prints.
        if (output === 'yaml' && printed++ > 0) ctx.io.out.write('---\n');
        ctx.io.out.write(await render(list));
      },
      text(_file, text) {
        ctx.io.out.write(text);
      },
    };
  }
  const write = (file: string, text: string, append: boolean) => {
    const path = join(dir, file);
    mkdirAll(resolve(path, '..'), 0o755);
    const all = (append ? (texts.get(path) ?? '') : '') + text;
    texts.set(path, all);
    writeFileSync(path, all);
  };
  // kubectl names the files .json or .yaml after the format, .txt for the others.
  const ext = output === 'json' || output === 'yaml' ? output : 'txt';
  return {
    list: async (file, list) => write(`${file}.${ext}`, await render(list), false),
    text: (file, text) => write(`${file}.txt`, text, true),
  };
}

/**
 * JSON in the typed objects' Go field order; YAML with sorted keys, as kubectl prints them; the
 * template formats (go-template, jsonpath, ...) run over the list as the typed client has it.
 */
async function renderer(output: string, ctx: Context, print: PrintOptions): Promise<(list: Record<string, unknown>) => string | Promise<string>> {
  const strip = (list: Record<string, unknown>) => ({ ...list, items: (list.items as Array<Record<string, unknown>>).map(({ __kind: _k, __apiVersion: _v, ...o }) => o) });
  if (output !== 'json' && output !== 'yaml') {
    const { printObjects } = await import('../printers/format.js');
    return async (list) => {
      let text = '';
      const out = { write: (t: string) => void (text += t) };
      try {
        await printObjects({ output, items: [{ object: strip(list) as unknown as KubeObject, type: undefined as never }], single: true, typed: true, cwd: ctx.cwd, out, ...print });
      } catch (err) {
        // What the template printed before failing (its debugging dump) goes out before the error.
        ctx.io.out.write(text);
        throw err;
      }
      return text;
    };
  }
  if (output === 'yaml') {
    const { toYaml } = await import('../printers/yaml.js');
    return (list) => toYaml(strip(list));
  }
  const [{ goShapeOf }, { goJsonIndentShaped }] = await Promise.all([import('../printers/go-struct-order.js'), import('../printers/go-values.js')]);
  return (list) => {
    const items = list.items as Array<Record<string, unknown>>;
    const first = items[0];
    const itemShape = first ? goShapeOf({ kind: first.__kind, apiVersion: first.__apiVersion } as KubeObject) : undefined;
    const shape = {
      keys: (o: Record<string, unknown>) => ['kind', 'apiVersion', 'metadata', 'items'].filter((k) => k in o),
      child: (key: string) => (key === 'items' ? { keys: (o: Record<string, unknown>) => Object.keys(o), child: () => undefined, item: () => itemShape } : undefined),
      item: () => undefined,
    };
    return goJsonIndentShaped(strip(list), shape) + '\n';
  };
}
