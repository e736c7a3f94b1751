/**
 * Where the API server meets managedFields: the manager of a write (the request's fieldManager,
 * `kubectl` for a kubectl request that names none, as the server derives it from kubectl's
 * User-Agent, and the controller that wrote for the simulation's own writes), and the stamping
 * of every create, update and controller write. Events are left without (they are many and
 * nobody reads their owners).
 */
import type { ResourceType } from '../registry.js';
import type { KubeObject } from '../types.js';
import { baseEntries, recordControllerWrite, recordUpdate, type ManagedFieldsEntry, type Target, type Writer } from './index.js';
import { ownLeavesUpdate } from './own-leaves.js';

export interface ManagedWrite {
  trusted?: boolean;
  fieldManager?: string;
  subresource?: 'status' | 'scale' | 'ephemeralcontainers';
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
    return place(obj, createEntries(target(type), obj, { manager, apiVersion: apiVersionOf(obj), time }));
  }
  const w = { manager: opts.fieldManager ?? 'kubectl', apiVersion: apiVersionOf(obj), time };
  place(obj, createEntries(target(type), obj, w));
}

/**
 * The entries of a create that sent none depend only on the writer and the object's content
 * but for its name (the API server does not track it): the pods a controller makes from one
 * template at one moment (named from generateName) all get the same. They are computed once (for
 * content seen again, byte for byte) and shared, frozen, between those objects: a write makes new
 * entries, never changes stored ones.
 */
const createMemo = new Map<string, readonly ManagedFieldsEntry[] | undefined>();
const MEMO_SIZE = 512;
const MEMO_KEY_CHARS = 16_384;

function createEntries(t: Target, obj: KubeObject, w: Writer): ManagedFieldsEntry[] | undefined {
  const meta = obj.metadata as Obj;
  const sent = baseEntries(undefined, obj as unknown as Obj);
  // Only objects made from a template (named from generateName) are made by the hundred alike.
  if (sent !== undefined || !meta.generateName) return recordUpdate(t, undefined, obj as unknown as Obj, w, sent ?? []);
  const content = contentKey(obj, meta);
  const key = content.length <= MEMO_KEY_CHARS ? `${t.kind}\u0000${t.custom}\u0000${t.statusReset}\u0000${w.manager}\u0000${w.apiVersion}\u0000${w.time}\u0000${content}` : undefined;
  if (key !== undefined && createMemo.has(key)) {
    const hit = createMemo.get(key);
    return hit && [...hit];
  }
  const entries = recordUpdate(t, undefined, obj as unknown as Obj, w, []);
  if (key === undefined) return entries;
  if (createMemo.size >= MEMO_SIZE) createMemo.clear();
  if (entries) for (const e of entries) deepFreeze(e);
  createMemo.set(key, entries && [...entries]);
  return entries;
}

/** The object as JSON without its name. */
function contentKey(obj: KubeObject, meta: Obj): string {
  if (!Object.hasOwn(meta, 'name')) return JSON.stringify(obj);
  const name = meta.name;
  meta.name = undefined;
  try {
    return JSON.stringify(obj);
  } finally {
    meta.name = name;
  }
}

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const c of Object.values(v)) deepFreeze(c);
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
