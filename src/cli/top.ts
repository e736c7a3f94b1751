/** `kubectl top nodes|pods` from the simulation's usage model (src/sim/metrics.ts). */
import { matches } from '../api/labels.js';
import type { KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';
import { nodeUsage, podUsage, quantityValue, type Usage } from '../sim/metrics.js';
import { tabwrite } from '../util/tabwriter.js';
import type { Context, VerbSpec } from './framework.js';
import { parseLabelSelectorArg } from './resource-args.js';
import { pushTo } from '../util/group.js';

/** kubectl rounds CPU up to whole millicores and memory down to whole Mi. */
const cpuCell = (nanocores: number) => `${Math.ceil(nanocores / 1e6)}m`;
const memCell = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))}Mi`;

/** Every cell tab-terminated, as kubectl's top printer writes them (so lines end in padding). */
function table(header: string[], rows: string[][], noHeaders: boolean): string {
  const lines = [...(noHeaders ? [] : [header]), ...rows].map((cells) => cells.map((c) => `${c}\t`).join(''));
  return tabwrite(lines.join('\n') + '\n');
}

function sortRows<T extends { name: string; usage: Usage }>(rows: T[], sortBy: string | undefined): T[] {
  if (!sortBy) return rows;
  if (sortBy !== 'cpu' && sortBy !== 'memory') throw new CliError(`--sort-by accepts only cpu or memory`);
  return [...rows].sort((a, b) => b.usage[sortBy] - a.usage[sortBy]);
}

const SHARED = [
  { name: 'selector', short: 'l', type: 'string' as const, description: 'Selector (label query) to filter on' },
  { name: 'sort-by', type: 'string' as const, description: 'If non-empty, sort the list using specified field. The field can be either \'cpu\' or \'memory\'.' },
  { name: 'no-headers', type: 'bool' as const, description: 'If present, print output without headers' },
  { name: 'use-protocol-buffers', type: 'bool' as const, description: 'Accepted for compatibility' },
];

const nodes: VerbSpec = {
  name: 'node',
  aliases: ['nodes', 'no'],
  summary: 'Display resource (CPU/memory) usage of nodes',
  flags: [...SHARED, { name: 'show-capacity', type: 'bool', description: 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.' }],
  run(ctx: Context, args, flags) {
    const session = ctx.session();
    const rows = session.read((api) => {
      const nodeType = api.registry.resolve('nodes');
      const podType = api.registry.resolve('pods');
      let list = api.list(nodeType);
      if (args[0]) {
        const one = api.get(nodeType, undefined, args[0]);
        list = [one];
      }
      if (flags.selector !== undefined) {
        const sel = parseLabelSelectorArg(flags.selector, nodeType);
        list = list.filter((n) => matches(sel, n.metadata.labels));
      }
      const byNode = new Map<string, KubeObject[]>();
      for (const p of api.list(podType)) {
        const n = p.spec?.nodeName;
        if (n) pushTo(byNode, n, p);
      }
      return list.map((node) => ({ name: node.metadata.name!, node, usage: nodeUsage(byNode.get(node.metadata.name!) ?? [], api.store, api.clock.now().getTime()) }));
    });
    if (rows.length === 0) {
      ctx.io.err.write('No resources found\n');
      return;
    }
    const source = flags['show-capacity'] ? 'capacity' : 'allocatable';
    const out = sortRows(rows, flags['sort-by']).map(({ name, node, usage }) => {
      const cpuTotal = quantityValue(node.status?.[source]?.cpu) * 1e9;
      const memTotal = quantityValue(node.status?.[source]?.memory);
      const pct = (u: number, t: number) => (t > 0 ? `${Math.floor((u / t) * 100)}%` : '<unknown>');
      return [name, cpuCell(usage.cpu), pct(Math.ceil(usage.cpu / 1e6) * 1e6, cpuTotal), memCell(usage.memory), pct(usage.memory, memTotal)];
    });
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
    const session = ctx.session();
    const allNs = Boolean(flags['all-namespaces']);
    const found = session.read((api) => {
      const podType = api.registry.resolve('pods');
      let list = args[0] ? [api.get(podType, session.namespace, args[0])] : api.list(podType, allNs ? undefined : session.namespace);
      if (flags.selector !== undefined) {
        const sel = parseLabelSelectorArg(flags.selector, podType);
        list = list.filter((p) => matches(sel, p.metadata.labels));
      }
      const nowMs = api.clock.now().getTime();
      return list.flatMap((pod) => {
        const containers = podUsage(pod, api.store, nowMs);
        if (!containers) return [];
        const usage = containers.reduce((t, c) => ({ cpu: t.cpu + c.usage.cpu, memory: t.memory + c.usage.memory }), { cpu: 0, memory: 0 });
        return [{ name: pod.metadata.name!, namespace: pod.metadata.namespace!, containers, usage }];
      });
    });
    if (found.length === 0) {
      if (args[0]) throw new CliError(`Metrics not available for pod ${session.namespace}/${args[0]}, age: 0s`);
      ctx.io.err.write(allNs ? 'No resources found\n' : `No resources found in ${session.namespace} namespace.\n`);
      return;
    }
    const ns = (r: { namespace: string }) => (allNs ? [r.namespace] : []);
    const header = [...(allNs ? ['NAMESPACE'] : []), ...(flags.containers ? ['POD', 'NAME'] : ['NAME']), 'CPU(cores)', 'MEMORY(bytes)'];
    const rows = sortRows(found, flags['sort-by']).flatMap((r) =>
      flags.containers
        ? r.containers.map((c) => [...ns(r), r.name, c.name, cpuCell(c.usage.cpu), memCell(c.usage.memory)])
        : [[...ns(r), r.name, cpuCell(r.usage.cpu), memCell(r.usage.memory)]],
    );
    let text = table(header, rows, Boolean(flags['no-headers']));
    if (flags.sum) {
      const total = found.reduce((t, r) => ({ cpu: t.cpu + r.usage.cpu, memory: t.memory + r.usage.memory }), { cpu: 0, memory: 0 });
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
