/**
 * metrics-server's tables for PodMetrics and NodeMetrics (`kubectl get podmetrics`): NAME, the
 * usage of each resource (a pod's summed over its containers) and WINDOW.
 */
import { cpuQuantity, memoryQuantity, usageOf } from '../../api/metrics-api.js';
import type { ColumnDefinition, TableHandler } from '../types.js';
import { nameOf } from './common.js';

const columns: ColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name of the resource', priority: 0 },
  { name: 'cpu', type: 'string', format: 'quantity', description: '', priority: 0 },
  { name: 'memory', type: 'string', format: 'quantity', description: '', priority: 0 },
  { name: 'Window', type: 'string', format: 'duration', description: '', priority: 0 },
];

export const podMetricsHandler: TableHandler = {
  columns,
  row(m) {
    const total = (m.containers ?? []).reduce(
      (t: { cpu: number; memory: number }, c: any) => {
        const u = usageOf(c.usage);
        return { cpu: t.cpu + u.cpu, memory: t.memory + u.memory };
      },
      { cpu: 0, memory: 0 },
    );
    return [nameOf(m), cpuQuantity(total.cpu), memoryQuantity(total.memory), m.window ?? ''];
  },
};

export const nodeMetricsHandler: TableHandler = {
  columns,
  row: (m) => [nameOf(m), m.usage?.cpu ?? '', m.usage?.memory ?? '', m.window ?? ''],
};
