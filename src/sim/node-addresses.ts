import type { KubeObject } from '../api/types.js';

/** A node's InternalIP address ('' when it has none): the host IP of its pods. */
export function internalIP(node: KubeObject): string {
  const addresses: unknown = node.status?.addresses;
  return (Array.isArray(addresses) ? addresses : []).find((a: any) => a?.type === 'InternalIP')?.address ?? '';
}

/**
 * The `nodeView` index value of a node (see src/controllers/node-view.ts): `[name, spec.podCIDR,
 * InternalIP, healthy]` as JSON, healthy when its Ready condition is True and it has no NoExecute taint.
 */
export function nodeViewValue(node: KubeObject): string {
  const taints: unknown = node.spec?.taints;
  const conditions: unknown = node.status?.conditions;
  const noExecute = Array.isArray(taints) && taints.some((t) => (t as { effect?: unknown } | null)?.effect === 'NoExecute');
  const ready = Array.isArray(conditions) && (conditions as Array<{ type?: unknown; status?: unknown } | null>).find((c) => c?.type === 'Ready')?.status === 'True';
  return JSON.stringify([node.metadata.name ?? null, node.spec?.podCIDR ?? null, internalIP(node), ready && !noExecute]);
}
