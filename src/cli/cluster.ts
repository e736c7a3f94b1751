/**
 * `kubectl-lite cluster create|delete|list|advance`: simulated clusters (one store each,
 * one context each in config.json) and their clocks.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clusterDir, DEFAULT_CLUSTER, homeDir, loadConfig, updateConfig } from '../config.js';
import { CliError } from '../errors.js';
import { FileStore } from '../store/file-store.js';
import { goDurationString, parseGoDuration } from '../util/duration.js';
import type { Context, VerbSpec } from './framework.js';
import { Session, SIMULATION } from './session.js';

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function requireName(args: string[], usage: string): string {
  const name = args[0];
  if (!name || args.length > 1) throw new CliError(`exactly one NAME is required; usage: kubectl-lite ${usage}`);
  if (!NAME_RE.test(name) || name.length > 40) {
    throw new CliError(`invalid cluster name "${name}": must consist of lower case alphanumeric characters or '-', and start and end with an alphanumeric character`);
  }
  return name;
}

/** Every cluster: those named by contexts and those with a store on disk. */
export function clusterNames(home: string): string[] {
  const names = new Set(Object.values(loadConfig(home).contexts).map((c) => c.cluster));
  const dir = join(home, 'clusters');
  if (existsSync(dir)) for (const d of readdirSync(dir)) names.add(d);
  return [...names].sort();
}

const create: VerbSpec = {
  name: 'create',
  summary: 'Create a simulated cluster (a control-plane node and N workers) and switch to it',
  usage: 'NAME [--nodes N] [--node-cpu C] [--node-memory M]',
  flags: [
    { name: 'nodes', type: 'int', description: 'Number of worker nodes (besides the control-plane node)', default: 3 },
    { name: 'node-cpu', type: 'string', description: 'CPU capacity of each node', default: '4' },
    { name: 'node-memory', type: 'string', description: 'Memory capacity of each node', default: '8Gi' },
    { name: 'static', type: 'bool', description: 'A static cluster: objects are stored as applied and nothing reconciles them (no nodes, no controllers)' },
  ],
  run(ctx, args, flags) {
    const name = requireName(args, 'cluster create NAME');
    const workers = flags.nodes as number;
    if (workers < 0) throw new CliError('--nodes must be 0 or more');
    const home = homeDir(ctx.env);
    if (clusterNames(home).includes(name)) throw new CliError(`cluster "${name}" already exists`);
    const shape = { workers, nodeCpu: flags['node-cpu'] as string, nodeMemory: flags['node-memory'] as string };
    new FileStore(clusterDir(home, name)).update((tx) => {
      tx.setMeta('cluster.shape', shape);
      if (flags.static) tx.setMeta(SIMULATION, 'off');
    });
    updateConfig(home, (cfg) => {
      cfg.contexts[name] = { cluster: name };
      cfg.currentContext = name;
    });
    new Session({ env: ctx.env, globals: { context: name }, realNow: ctx.realNow }).write(() => undefined);
    ctx.io.out.write(`cluster "${name}" created\nSwitched to context "${name}".\n`);
  },
};

const remove: VerbSpec = {
  name: 'delete',
  summary: 'Delete a simulated cluster and its contexts',
  usage: 'NAME',
  run(ctx, args) {
    const name = requireName(args, 'cluster delete NAME');
    const home = homeDir(ctx.env);
    if (!clusterNames(home).includes(name)) throw new CliError(`cluster "${name}" not found`);
    updateConfig(home, (cfg) => {
      for (const [ctxName, entry] of Object.entries(cfg.contexts)) if (entry.cluster === name) delete cfg.contexts[ctxName];
      if (!cfg.contexts[cfg.currentContext]) {
        const remaining = Object.keys(cfg.contexts).sort();
        if (remaining.length === 0) cfg.contexts[DEFAULT_CLUSTER] = { cluster: DEFAULT_CLUSTER };
        cfg.currentContext = remaining[0] ?? DEFAULT_CLUSTER;
      }
    });
    rmSync(clusterDir(home, name), { recursive: true, force: true });
    ctx.io.out.write(`cluster "${name}" deleted\n`);
  },
};

/** One row of `cluster list`: read from the store as it is (no settling, no write). */
function clusterRow(home: string, name: string, current: string): string[] {
  const store = new FileStore(clusterDir(home, name));
  const [nodes, mode] = existsSync(join(clusterDir(home, name), 'store.json'))
    ? store.read((snap) => [String(snap.list('core/nodes').length), snap.getMeta(SIMULATION) === 'off' ? 'static' : 'simulated'])
    : ['-', 'not created yet'];
  return [name === current ? '*' : '', name, nodes, mode];
}

const list: VerbSpec = {
  name: 'list',
  summary: 'List the simulated clusters',
  usage: '[-o name]',
  flags: [{ name: 'output', short: 'o', type: 'string', description: "Output format: 'name' prints one cluster name a line" }],
  async run(ctx, _args, flags) {
    const home = homeDir(ctx.env);
    const names = clusterNames(home);
    if (flags.output === 'name') {
      for (const name of names) ctx.io.out.write(`${name}\n`);
      return;
    }
    if (flags.output !== undefined) throw new CliError(`unable to match a printer suitable for the output format "${flags.output}", allowed formats are: name`);
    const config = loadConfig(home);
    const current = config.contexts[config.currentContext]?.cluster ?? '';
    // kubectl has no table of its own for this: kubectl-lite's own tables are drawn with cli-table3.
    const { default: Table } = await import('cli-table3');
    const table = new Table({
      head: ['CURRENT', 'NAME', 'NODES', 'MODE'],
      // No rule between rows; colour only where ctx.color allows it.
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      style: ctx.color ? { head: ['bold'] } : { head: [], border: [] },
    });
    for (const name of names) table.push(clusterRow(home, name, current));
    ctx.io.out.write(`${table.toString()}\n`);
  },
};

const advance: VerbSpec = {
  name: 'advance',
  summary: "Move the current cluster's clock forward (e.g. 30s, 5m, 1h30m) and let what was due happen",
  usage: 'DURATION',
  run(ctx: Context, args) {
    if (args.length !== 1) throw new CliError('exactly one DURATION is required; usage: kubectl-lite cluster advance DURATION');
    const ms = parseGoDuration(args[0]!);
    if (ms === undefined || ms < 0) throw new CliError(`invalid duration "${args[0]}": use a Go duration such as 30s, 5m or 1h30m`);
    const session = ctx.session();
    session.advance(ms);
    ctx.io.out.write(`cluster "${session.clusterName}" clock advanced by ${goDurationString(ms)}\n`);
  },
};

const save: VerbSpec = {
  name: 'save',
  summary: "Save every object of the current cluster, and its clock, to FILE (a List: YAML, or JSON for a .json file)",
  usage: 'FILE',
  async run(ctx, args) {
    if (args.length !== 1) throw new CliError('exactly one FILE is required; usage: kubectl-lite cluster snapshot save FILE');
    const session = ctx.session();
    const { saveSnapshot, snapshotList } = await import('./cluster-snapshot.js');
    // Brought up to now first, so the snapshot shows the cluster as commands would.
    session.write(() => undefined);
    const list = session.store.read((snap) => snapshotList(snap, session.simulatedNow(snap), session.clusterName));
    await saveSnapshot(resolve(ctx.cwd, args[0]!), list);
    ctx.io.out.write(`cluster "${session.clusterName}" saved to ${args[0]} (${(list.items as unknown[]).length} objects)\n`);
  },
};

const restore: VerbSpec = {
  name: 'restore',
  summary: "Replace the current cluster's objects and clock with those of a snapshot FILE",
  usage: 'FILE',
  async run(ctx, args) {
    if (args.length !== 1) throw new CliError('exactly one FILE is required; usage: kubectl-lite cluster snapshot restore FILE');
    const session = ctx.session();
    const { readSnapshot, restoreInto } = await import('./cluster-snapshot.js');
    const parsed = await readSnapshot(resolve(ctx.cwd, args[0]!));
    const count = session.store.update((tx) => restoreInto(tx, parsed, ctx.realNow(), args[0]!));
    ctx.io.out.write(`cluster "${session.clusterName}" restored from ${args[0]} (${count} objects)\n`);
  },
};

const snapshot: VerbSpec = {
  name: 'snapshot',
  summary: 'Save the current cluster to a file, or restore it from one',
  usage: 'save|restore FILE',
  subcommands: [save, restore],
};

export const verb: VerbSpec = {
  name: 'cluster',
  summary: 'Create, list, delete simulated clusters and move their clock',
  usage: 'create|delete|list|advance|snapshot',
  subcommands: [create, remove, list, advance, snapshot],
};
