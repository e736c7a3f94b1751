import type { ApiServer } from '../api/server.js';

export interface ClusterShape {
  name: string;
  workers: number;
  nodeCpu: string;
  nodeMemory: string;
}

export const DEFAULT_SHAPE: Omit<ClusterShape, 'name'> = { workers: 3, nodeCpu: '4', nodeMemory: '8Gi' };

/** Fills an empty store with a fresh cluster: system namespaces (nodes etc. come with the simulation). */
export function bootstrapCluster(api: ApiServer, _shape: ClusterShape): void {
  for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
}
