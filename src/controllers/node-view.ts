/**
 * What the per-pod controllers read of a pod's node, from the counted `nodeView` index (one small
 * value per node, see informer.ts) read once per run: the kubelet its podCIDR and InternalIP, node
 * lifecycle whether it is healthy (Ready, no NoExecute taint: nothing to do for its pods). A part
 * of a big apply binds pods to most nodes, and reading each Node parsed every node shard, per part;
 * a write that binds one pod reads its one Node instead.
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { nodeViewValue } from '../sim/node-addresses.js';
import { canIndex, indexCounts } from './informer.js';

export interface NodeSummary {
  podCIDR: unknown;
  hostIP: string;
  /** Ready, with no NoExecute taint. */
  healthy: boolean;
}

/** What the index would say of `node`. */
export function summarize(node: KubeObject): NodeSummary {
  const [, podCIDR, hostIP, healthy] = JSON.parse(nodeViewValue(node)) as [string, unknown, string, boolean];
  return { podCIDR, hostIP, healthy };
}

/** How many nodes a run reads whole before it reads the `nodeView` index instead. */
const NODES_READ_ONE_BY_ONE = 8;

/** Node `name` as the per-pod controllers see it, undefined when there is none; from the index where the store under `api` has one. */
export function nodeSummary(api: ApiServer, run: Map<string, unknown>, name: string): NodeSummary | undefined {
  if (!canIndex(api)) return readSummary(api, name);
  let byName = run.get('nodeView') as Map<string, string | NodeSummary> | undefined;
  if (!byName) {
    // The first few nodes asked for are read one by one (a shard of a few nodes each), as a
    // write that binds one pod asks for one node: the whole index is 340 KB at 5,000 nodes.
    const asked = (run.get('nodeViewGets') as number | undefined) ?? 0;
    if (asked < NODES_READ_ONE_BY_ONE) {
      run.set('nodeViewGets', asked + 1);
      return readSummary(api, name);
    }
    // Each value is parsed when its node is first asked for.
    byName = new Map();
    for (const value of indexCounts(api, 'core/nodes', 'nodeView').keys()) {
      const node = plainName(value);
      if (node !== undefined) byName.set(node, value);
      else {
        const [escaped, summary] = parseView(value);
        byName.set(escaped, summary);
      }
    }
    run.set('nodeView', byName);
  }
  const found = byName.get(name);
  if (typeof found !== 'string') return found;
  const [, summary] = parseView(found);
  byName.set(name, summary);
  return summary;
}

/** Node `name` read whole and summarized. */
function readSummary(api: ApiServer, name: string): NodeSummary | undefined {
  const node = api.tryGet(api.registry.forKind('v1', 'Node')!, undefined, name);
  return node && summarize(node);
}

function parseView(value: string): [string, NodeSummary] {
  const [name, podCIDR, hostIP, healthy] = JSON.parse(value) as [string, unknown, string, boolean];
  return [name, { podCIDR, hostIP, healthy }];
}

/**
 * The node name a `nodeView` value (`["<name>",...`) starts with, read without parsing it, when
 * JSON wrote it as it is (no escape in it); undefined otherwise.
 */
export function plainName(value: string): string | undefined {
  if (!value.startsWith('["')) return undefined;
  const end = value.indexOf('"', 2);
  if (end < 0 || value.charCodeAt(end + 1) !== 0x2c) return undefined;
  const name = value.slice(2, end);
  return name.includes('\\') ? undefined : name;
}
