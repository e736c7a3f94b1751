/**
 * Where the API server meets managedFields: the manager of a write (the request's fieldManager,
 * `kubectl` for a kubectl request that names none, as the server derives it from kubectl's
 * User-Agent, and the controller that wrote for the simulation's own writes), and the stamping
 * of every create, update and controller write. Events are left without (they are many and
 * nobody reads their owners).
 */
import type { ResourceType } from '../registry.js';
import type { KubeObject } from '../types.js';
import { baseEntries, recordControllerWrite, recordUpdate, type ManagedFieldsEntry, type Target } from './index.js';
import { ownLeavesUpdate } from './own-leaves.js';

export interface ManagedWrite {
  trusted?: boolean;
  fieldManager?: string;
  subresource?: 'status' | 'scale';
  /** Computed by server-side apply: stored as they are. */
  managedFields?: ManagedFieldsEntry[] | null;
}

type Obj = Record<string, unknown>;

function target(type: ResourceType): Target {
  return { kind: type.kind, custom: type.custom === true, statusReset: type.custom !== true };
}

function tracked(type: ResourceType): boolean {
  return type.kind !== 'Event';
}

/** Who writes for the simulation: the kubelet for pod and node status, kube-controller-manager for the rest. */
function controllerManagers(type: ResourceType): { main?: string; status?: string } {
  if (type.group === '' && type.kind === 'Pod') return { status: 'kubelet' };
  if (type.group === '' && type.kind === 'Node') return { main: 'kubelet', status: 'kubelet' };
  return { main: 'kube-controller-manager', status: 'kube-controller-manager' };
}

function place(obj: KubeObject, entries: ManagedFieldsEntry[] | undefined | null): void {
  const meta = obj.metadata as Obj;
  if (entries && entries.length) meta.managedFields = entries;
  else delete meta.managedFields;
}

function apiVersionOf(obj: KubeObject): string {
  return String(obj.apiVersion ?? '');
}

export function stampCreate(type: ResourceType, obj: KubeObject, opts: ManagedWrite, time: string): void {
  if (!tracked(type)) return;
  if (opts.managedFields !== undefined) return place(obj, opts.managedFields);
  if (!opts.fieldManager && opts.trusted) {
    const m = controllerManagers(type);
    const manager = m.main ?? m.status;
    if (!manager) return place(obj, undefined);
    return place(obj, recordUpdate(target(type), undefined, obj as unknown as Obj, { manager, apiVersion: apiVersionOf(obj), time }, baseEntries(undefined, obj as unknown as Obj) ?? []));
  }
  const w = { manager: opts.fieldManager ?? 'kubectl', apiVersion: apiVersionOf(obj), time };
  place(obj, recordUpdate(target(type), undefined, obj as unknown as Obj, w, baseEntries(undefined, obj as unknown as Obj) ?? []));
}

/** The entries a request sent (a JSON patch rewriting managedFields), read before the object is reshaped. */
export function sentEntries(live: KubeObject, input: KubeObject): unknown {
  return baseEntries(live as unknown as Obj, input as unknown as Obj);
}

export function stampUpdate(type: ResourceType, live: KubeObject, obj: KubeObject, opts: ManagedWrite, time: string, base: unknown): void {
  if (!tracked(type)) return;
  if (opts.managedFields !== undefined) return place(obj, opts.managedFields);
  if (!opts.fieldManager && opts.trusted) return stampControllerWrite(type, live, obj, time);
  const w = { manager: opts.fieldManager ?? 'kubectl', subresource: opts.subresource, apiVersion: apiVersionOf(obj), time };
  place(obj, recordUpdate(target(type), live as unknown as Obj, obj as unknown as Obj, w, base));
}

export function stampControllerWrite(type: ResourceType, live: KubeObject | undefined, obj: KubeObject, time: string): void {
  if (!tracked(type)) return;
  const main = controllerManagers(type).main;
  // A Lease renewal and the like: the writer's own fields changed in place (see own-leaves.ts).
  const quick = live && main ? ownLeavesUpdate(live as unknown as Obj, obj as unknown as Obj, main, apiVersionOf(obj), time) : undefined;
  if (quick) return place(obj, quick);
  const entries = recordControllerWrite(target(type), live as unknown as Obj, obj as unknown as Obj, controllerManagers(type), time, apiVersionOf(obj));
  place(obj, entries);
}
