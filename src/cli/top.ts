/**
 * `kubectl top nodes|pods`, reading the resource metrics API (PodMetrics and NodeMetrics,
 * src/api/metrics-api.ts) as kubectl does, with its messages for metrics not there yet.
 */
import { matches, parseSelector, SelectorParseError, type Selector } from '../api/labels.js';
import { checkRequestPath } from '../api/request-name.js';
import { FieldSelectorError, fieldMatcher, parseFieldSelector } from '../api/fields.js';
import { getMetrics, listMetrics, usageOf } from '../api/metrics-api.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, CliError } from '../errors.js';
import type { ResourceType } from '../api/registry.js';
import { quantityValue, type Usage } from '../sim/metrics.js';
import { goDurationString } from '../util/duration.js';
import { goSort } from '../util/go-sort.js';
import { tabwrite } from '../util/tabwriter.js';
import type { Context, VerbSpec } from './framework.js';
import { usageError } from './generated.js';
import { listSelected } from './indexed-list.js';

/** kubectl rounds CPU up to whole millicores and memory down to whole Mi. */
const cpuCell = (nanocores: number) => `${Math.ceil(nanocores / 1e6)}m`;
const memCell = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))}Mi`;

/** kubectl's metricsCreationDelay: a pod younger than this without metrics is only "not yet" there. */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;

/** Every cell tab-terminated, as kubectl's top printer writes them (so lines end in padding). */
function table(header: string[], rows: string[][], noHeaders: boolean): string {
  const lines = [...(noHeaders ? [] : [header]), ...rows].map((cells) => cells.map((c) => `${c}\t`).join(''));
  return tabwrite(lines.join('\n') + '\n');
}

/** kubectl top's Validate: --sort-by is checked before anything is read. */
function checkSortBy(sortBy: string | undefined): void {
  if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') throw new CliError(`--sort-by accepts only cpu or memory`);
}

/** kubectl top parses -l itself (labels.Parse): a selector it cannot read is its own error, not the server's. */
function clientLabelSelector(text: string): Selector {
  try {
    return parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) throw new CliError(e.message);
    throw e;
  }
}

/**
 * --field-selector, parsed by kubectl, then sent with the metrics API's list: it selects on metadata.name and
 * metadata.namespace only, and refuses another field (BadRequest). The pods then listed are selected alike.
 */
function metricsFields(text: string, metricsType: ResourceType): (obj: KubeObject) => boolean {
  const requirements = parseFieldSelector(text);
  try {
    return fieldMatcher(requirements, metricsType);
  } catch (e) {
    if (e instanceof FieldSelectorError) throw new ApiError('BadRequest', 400, e.message);
    throw e;
  }
}

/**
 * kubectl's sorters (nodes, pods, a pod's containers): by name (namespace first across namespaces),
 * or by cpu or memory, highest first, through Go's unstable sort.Sort from the order listed. CPU is
 * compared in whole millicores, rounded up as printed, memory in bytes, so rows that both print
 * 95m are a tie, which lands where Go's sort puts it.
 */
export function sortRows<T extends { name: string; namespace?: string; usage: Usage }>(rows: T[], sortBy: string | undefined, withNamespace = false): T[] {
  checkSortBy(sortBy);
  const millis = (r: T) => Math.ceil(r.usage.cpu / 1e6);
  const bytes = (r: T) => Math.ceil(r.usage.memory);
  const less =
    sortBy === 'cpu'
      ? (a: T, b: T) => millis(a) > millis(b)
      : sortBy
        ? (a: T, b: T) => bytes(a) > bytes(b)
        : (a: T, b: T) => (withNamespace && a.namespace !== b.namespace ? (a.namespace ?? '') < (b.namespace ?? '') : a.name < b.name);
  const sorted = [...rows];
  goSort(sorted, less);
  return sorted;
}

const SHARED = [
  { name: 'selector', short: 'l', type: 'string' as const, description: 'Selector (label query) to filter on' },
  { name: 'sort-by', type: 'string' as const, description: 'If non-empty, sort the list using specified field. The field can be either \'cpu\' or \'memory\'.' },
  { name: 'no-headers', type: 'bool' as const, description: 'If present, print output without headers' },
  { name: 'use-protocol-buffers', type: 'bool' as const, description: 'Accepted for compatibility' },
];

/** top's Complete: one NAME at most, else a usage error that is the command's use line. */
function checkNameArgs(ctx: Context, args: string[], what: 'node' | 'pod'): void {
  if (args.length > 1) throw usageError(ctx, `${what} [NAME | -l label]`);
}

const nodes: VerbSpec = {
  name: 'node',
  aliases: ['nodes', 'no'],
  summary: 'Display resource (CPU/memory) usage of nodes',
  flags: [...SHARED, { name: 'show-capacity', type: 'bool', description: 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.' }],
  run(ctx: Context, args, flags) {
    checkNameArgs(ctx, args, 'node');
    checkSortBy(flags['sort-by']);
    if (args[0] && flags.selector) throw new CliError('only one of NAME or --selector can be provided');
    const session = ctx.session();
    const { metrics, nodes } = session.read((api) => {
      const metricsType = api.registry.resolve('nodes.metrics.k8s.io');
      const nodeType = api.registry.resolve('nodes');
      const sel = flags.selector !== undefined ? clientLabelSelector(flags.selector) : undefined;
      const picked = (o: KubeObject) => !sel || matches(sel, o.metadata.labels);
      if (args[0]) checkRequestPath(nodeType, undefined, args[0]);
      if (args[0]) return { metrics: [getMetrics(api, metricsType, undefined, args[0])], nodes: [api.get(nodeType, undefined, args[0])] };
      return { metrics: listMetrics(api, metricsType).filter(picked), nodes: api.list(nodeType).filter(picked) };
    });
    if (metrics.length === 0) throw new CliError('metrics not available yet');
    const source = flags['show-capacity'] ? 'capacity' : 'allocatable';
    const available = new Map(nodes.map((n) => [n.metadata.name!, n.status?.[source] ?? {}]));
    const rows = sortRows(metrics.map((m) => ({ name: m.metadata.name!, usage: usageOf(m.usage) })), flags['sort-by']);
    const pct = (u: number, t: number) => (t > 0 ? `${Math.floor((u / t) * 100)}%` : '<unknown>');
    const out = rows.map(({ name, usage }) => {
      const total = available.get(name) ?? {};
      available.delete(name);
      return [name, cpuCell(usage.cpu), pct(Math.ceil(usage.cpu / 1e6) * 1e6, quantityValue(total.cpu) * 1e9), memCell(usage.memory), pct(usage.memory, quantityValue(total.memory))];
    });
    // Nodes metrics-server could not scrape (a stopped kubelet) follow, unknown.
    for (const name of [...available.keys()].sort()) out.push([name, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
    ctx.io.out.write(table(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'], out, Boolean(flags['no-headers'])));
  },
};

const pods: VerbSpec = {
  name: 'pod',
  aliases: ['pods', 'po'],
  summary: 'Display resource (CPU/memory) usage of pods',
  flags: [
    ...SHARED,
    { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If present, list the requested object(s) across all namespaces.' },
    { name: 'containers', type: 'bool', description: 'If present, print usage of containers within a pod.' },
    { name: 'sum', type: 'bool', description: 'Print the sum of the resource usage' },
    { name: 'field-selector', type: 'string', description: 'Selector (field query) to filter on' },
  ],
  run(ctx: Context, args, flags) {
    checkNameArgs(ctx, args, 'pod');
    checkSortBy(flags['sort-by']);
    if (args[0] && (flags.selector || flags['field-selector'])) throw new CliError('only one of NAME or selector can be provided');
    const session = ctx.session();
    const allNs = Boolean(flags['all-namespaces']);
    const ns = allNs ? undefined : session.namespace;
    const { found, missing } = session.read((api) => {
      const metricsType = api.registry.resolve('pods.metrics.k8s.io');
      const podType = api.registry.resolve('pods');
      const sel = flags.selector !== undefined ? clientLabelSelector(flags.selector) : undefined;
      const fields = flags['field-selector'] !== undefined ? metricsFields(String(flags['field-selector']), metricsType) : undefined;
      const picked = (o: KubeObject) => (!sel || matches(sel, o.metadata.labels)) && (!fields || fields(o));
      // A pod's metrics carry its labels: with -l, only the pods the selector keeps are measured.
      const podsOf = sel && ((n: string | undefined) => listSelected(api.asSystem(), podType, n, { labels: sel }, (p) => matches(sel, p.metadata.labels)));
      if (args[0]) checkRequestPath(podType, session.namespace, args[0]);
      const found = args[0] ? [getMetrics(api, metricsType, session.namespace, args[0])] : listMetrics(api, metricsType, ns, podsOf).filter(picked);
      if (found.length > 0) return { found, missing: undefined };
      // kubectl's verifyEmptyMetrics: pods there but no metrics yet, or one old enough that it should have them.
      const nowMs = api.clock.now().getTime();
      const old = (podsOf ? podsOf(ns) : api.list(podType, ns)).filter(picked).map((p) => ({ p, age: nowMs - Date.parse(p.metadata.creationTimestamp ?? '') }));
      if (old.length === 0) return { found, missing: undefined };
      const stale = old.find((x) => x.age > METRICS_CREATION_DELAY_MS);
      return { found, missing: stale ? `Metrics not available for pod ${stale.p.metadata.namespace}/${stale.p.metadata.name}, age: ${goDurationString(stale.age)}` : 'metrics not available yet' };
    });
    if (missing) throw new CliError(missing);
    if (found.length === 0) {
      ctx.io.err.write(allNs ? 'No resources found\n' : `No resources found in ${session.namespace} namespace.\n`);
      return;
    }
    const rowsOf = found.map((m) => {
      const containers = (m.containers ?? []).map((c: any) => ({ name: c.name as string, usage: usageOf(c.usage) }));
      const usage = containers.reduce((t: Usage, c: { usage: Usage }) => ({ cpu: t.cpu + c.usage.cpu, memory: t.memory + c.usage.memory }), { cpu: 0, memory: 0 });
      return { name: m.metadata.name!, namespace: m.metadata.namespace as string, containers, usage };
    });
    const nsCell = (r: { namespace: string }) => (allNs ? [r.namespace] : []);
    const header = [...(allNs ? ['NAMESPACE'] : []), ...(flags.containers ? ['POD', 'NAME'] : ['NAME']), 'CPU(cores)', 'MEMORY(bytes)'];
    const sorted = sortRows(rowsOf, flags['sort-by'], allNs);
    const rows = sorted.flatMap((r) =>
      flags.containers
        ? sortRows(r.containers, flags['sort-by']).map((c) => [...nsCell(r), r.name, c.name, cpuCell(c.usage.cpu), memCell(c.usage.memory)])
        : [[...nsCell(r), r.name, cpuCell(r.usage.cpu), memCell(r.usage.memory)]],
    );
    let text = table(header, rows, Boolean(flags['no-headers']));
    if (flags.sum) {
      const total = rowsOf.reduce((t, r) => ({ cpu: t.cpu + r.usage.cpu, memory: t.memory + r.usage.memory }), { cpu: 0, memory: 0 });
      const pad = header.length - 2;
      text = table(header, [...rows, [...Array(pad).fill(''), '________', '________'], [...Array(pad).fill(''), cpuCell(total.cpu), memCell(total.memory)]], Boolean(flags['no-headers']));
    }
    ctx.io.out.write(text);
  },
};

export const verb: VerbSpec = {
  name: 'top',
  summary: 'Display resource (CPU/memory) usage',
  usage: 'SUBCOMMAND',
  subcommands: [nodes, pods],
};
