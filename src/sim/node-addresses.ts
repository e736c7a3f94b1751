import type { KubeObject } from '../api/types.js';

/** A node's InternalIP address ('' when it has none): the host IP of its pods. */
export function internalIP(node: KubeObject): string {
  const addresses: unknown = node.status?.addresses;
  return (Array.isArray(addresses) ? addresses : []).find((a: any) => a?.type === 'InternalIP')?.address ?? '';
}
