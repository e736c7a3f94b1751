/**
 * What the per-pod controllers read of a pod's node, from the counted `nodeView` index (one small
 * value per node, see informer.ts) read once per run: the kubelet its podCIDR and InternalIP, node
 * lifecycle whether it is healthy (Ready, no NoExecute taint: nothing to do for its pods). A part
 * of a big apply binds pods to most nodes, and reading each Node parsed every node shard, per part.
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

/** Node `name` as the per-pod controllers see it, undefined when there is none; from the index where the store under `api` has one. */
export function nodeSummary(api: ApiServer, run: Map<string, unknown>, name: string): NodeSummary | undefined {
  if (!canIndex(api)) {
    const node = api.tryGet(api.registry.forKind('v1', 'Node')!, undefined, name);
    return node && summarize(node);
  }
  let byName = run.get('nodeView') as Map<string, NodeSummary> | undefined;
  if (!byName) {
    byName = new Map();
    for (const value of indexCounts(api, 'core/nodes', 'nodeView').keys()) {
      const [node, podCIDR, hostIP, healthy] = JSON.parse(value) as [string, unknown, string, boolean];
      byName.set(node, { podCIDR, hostIP, healthy });
    }
    run.set('nodeView', byName);
  }
  return byName.get(name);
}
