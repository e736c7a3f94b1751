/** Building blocks shared by the per-kind table handlers (printers.go helpers). */
import type { KubeObject } from '../../api/types.js';
import { age } from '../../util/duration.js';
import type { ColumnDefinition } from '../types.js';

type CellType = ColumnDefinition['type'];

/** A column definition; `wide` marks priority 1 (shown with -o wide only). */
export function col(name: string, description = '', type: CellType = 'string', wide = false): ColumnDefinition {
  return { name, type, format: name === 'Name' ? 'name' : '', description, priority: wide ? 1 : 0 };
}

export function wide(name: string, description = '', type: CellType = 'string'): ColumnDefinition {
  return col(name, description, type, true);
}

export const NAME = col('Name', "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");
export const AGE = col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata');
export const CONTAINERS = wide('Containers', 'Names of each container in the template.');
export const IMAGES = wide('Images', 'Images referenced by each container in the template.');

export function nameOf(obj: KubeObject): string {
  return obj.metadata?.name ?? '';
}

export function ageOf(obj: KubeObject, now: Date): string {
  return age(obj.metadata?.creationTimestamp ?? undefined, now);
}

/** CONTAINERS and IMAGES cells of a pod spec: comma-joined, no spaces. */
export function containersAndImages(podSpec: any): [string, string] {
  const cs: any[] = podSpec?.containers ?? [];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** printers.go cuts long LoadBalancer/ingress address lists in non-wide output; the server always cuts (wide=false). */
export function truncateAddress(s: string, max = 16): string {
  return s.length > max ? s.slice(0, 13) + '...' : s;
}

/** `a,b,c + N more...` (listWithMoreString). */
export function listWithMore(items: string[], max = 3, sep = ','): string {
  const shown = items.slice(0, max).join(sep);
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

export function condition(obj: KubeObject, type: string): any {
  return (obj.status?.conditions ?? []).find((c: any) => c?.type === type);
}
