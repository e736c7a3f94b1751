/**
 * metadata.managedFields as the API server keeps them: every write is an `Update` by a field
 * manager (owning what it changed, taking it from the others), `apply --server-side` an `Apply`
 * (owning exactly what it sent; refused on conflicts unless forced; what it stops sending is
 * removed unless someone else owns it). Entries are keyed by manager, operation, subresource
 * and (for Updates) apiVersion, sorted as the API server sorts them.
 */
import { ApiError, type StatusCause } from '../../errors.js';
import {
  difference, emptySet, fromFieldsV1, has, intersection, isEmpty, memberPaths, only, pathString, recursiveDifference,
  toFieldsV1, union, insert, type FieldNode, type FieldsV1,
} from './fieldset.js';
import { zeroObject } from './schema.js';
import { compare, fieldSetOf, mergeConfig, pruneObject, type Shape } from './walk.js';
import { recall, remember, statusWriteKey } from './status-memo.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

/** Who writes, how, and when. */
export interface Writer {
  manager: string;
  /** `status` or `scale`; undefined for the main resource. */
  subresource?: string;
  apiVersion: string;
  time: string;
}

export interface Target extends Shape {
  /** The main resource's writes cannot change status (built-in kinds, custom ones with a status subresource). */
  statusReset: boolean;
}

type Obj = Record<string, unknown>;

interface Decoded {
  entry: ManagedFieldsEntry;
  set: FieldNode;
}

/** Fields no manager owns: identity and bookkeeping the server sets. */
const IGNORED = (() => {
  const s = emptySet();
  for (const f of ['apiVersion', 'kind']) insert(s, [`f:${f}`]);
  for (const f of ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
    insert(s, ['f:metadata', `f:${f}`]);
  }
  return s;
})();

export const LAST_APPLIED_PATH = ['f:metadata', 'f:annotations', 'f:kubectl.kubernetes.io/last-applied-configuration'];

function scope(set: FieldNode, t: Target, subresource: string | undefined): FieldNode {
  // IGNORED names nothing under status, so a status write's set is its status part as it is.
  if (subresource === 'status') {
    const status = only(set, 'f:status', true);
    if (isEmpty(status.children.get('f:status') ?? status)) status.children.clear();
    return status;
  }
  const kept = recursiveDifference(set, IGNORED);
  if (t.statusReset) return only(kept, 'f:status', false);
  return kept;
}

/**
 * The field set of each shared FieldsV1 object: the frozen entries stampCreate gives every object
 * made from one template at one moment (record.ts) are decoded once, not at each write of each of
 * them. Frozen entries never change, and the sets are never mutated (the set operations make new ones).
 */
const decodedSets = new WeakMap<object, FieldNode>();

export function setOfFields(fieldsV1: unknown): FieldNode {
  if (typeof fieldsV1 !== 'object' || fieldsV1 === null || !Object.isFrozen(fieldsV1)) return fromFieldsV1(fieldsV1);
  let set = decodedSets.get(fieldsV1);
  if (!set) decodedSets.set(fieldsV1, (set = fromFieldsV1(fieldsV1)));
  return set;
}

function decode(entries: unknown): Decoded[] {
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((e): e is ManagedFieldsEntry => typeof e === 'object' && e !== null && typeof (e as ManagedFieldsEntry).manager === 'string')
    .map((entry) => ({ entry, set: setOfFields(entry.fieldsV1) }));
}

function sameIdentity(e: ManagedFieldsEntry, manager: string, operation: string, subresource: string | undefined, apiVersion: string): boolean {
  return e.manager === manager && e.operation === operation && (e.subresource ?? '') === (subresource ?? '') && (operation === 'Apply' || e.apiVersion === apiVersion);
}

function entryOf(w: Writer, operation: 'Update' | 'Apply', set: FieldNode, time: string | undefined): ManagedFieldsEntry {
  const e: ManagedFieldsEntry = { manager: w.manager, operation, apiVersion: w.apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(set) };
  if (time === undefined) delete e.time;
  if (w.subresource) e.subresource = w.subresource;
  return e;
}

/** The API server's order: Apply before Update, then by time, manager, apiVersion, subresource. */
function sorted(list: ManagedFieldsEntry[]): ManagedFieldsEntry[] | undefined {
  if (!list.length) return undefined;
  return list.sort((p, q) => {
    if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
    const pt = p.time ? Date.parse(p.time) : 0;
    const qt = q.time ? Date.parse(q.time) : 0;
    if (pt !== qt) return pt - qt;
    for (const k of ['manager', 'apiVersion', 'subresource'] as const) {
      const a = p[k] ?? '';
      const b = q[k] ?? '';
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  });
}

function withoutManaged(o: Obj | undefined): Obj | undefined {
  if (!o) return o;
  const meta = o.metadata as Obj | undefined;
  if (!meta || !('managedFields' in meta)) return o;
  const { managedFields: _omit, ...rest } = meta;
  return { ...o, metadata: rest };
}

/** The entries a client sent to replace the live ones: `[{}]` clears them; the same or none keeps them. */
export function baseEntries(live: Obj | undefined, input: Obj): unknown {
  const sent = (input.metadata as Obj | undefined)?.managedFields;
  const kept = (live?.metadata as Obj | undefined)?.managedFields;
  if (sent === undefined || !Array.isArray(sent)) return kept;
  if (sent.length === 1 && typeof sent[0] === 'object' && sent[0] !== null && Object.keys(sent[0]).length === 0) return [];
  if (sent.length === 0) return kept;
  return sent;
}

/**
 * An Update by `w`: the managedFields of `next` after it replaced `live` (undefined: a create,
 * compared with the kind's zero value). Unchanged entries are kept as they were.
 */
export function recordUpdate(t: Target, live: Obj | undefined, next: Obj, w: Writer, base?: unknown, memo = false): ManagedFieldsEntry[] | undefined {
  const raw = base === undefined ? (live?.metadata as Obj | undefined)?.managedFields : base;
  const lhs = withoutManaged(live) ?? zeroObject(t.kind, t.custom, next);
  // A write that kept the live metadata object (a status write) compares one stripped copy of it
  // with itself: nothing there can have changed.
  const rhs = live && lhs !== live && next.metadata === live.metadata ? { ...next, metadata: lhs.metadata } : withoutManaged(next);
  const c = compare(t, lhs, rhs);
  const changed = scope(c.changed, t, w.subresource);
  const removed = scope(c.removed, t, w.subresource);
  const compute = () => sorted(settle(decode(raw), w, 'Update', changed, removed, (prev) => union(difference(prev, removed), changed), !isEmpty(changed)));
  // A controller's status write: remembered for the next pod that goes through the same (status-memo.ts).
  const keyed = memo && w.subresource === 'status' ? statusWriteKey(t.kind, t.custom, w, raw, changed, removed) : undefined;
  if (!keyed) return compute();
  const hit = recall(keyed.key, keyed.renaming, raw);
  if (hit) return hit.result;
  const result = compute();
  remember(keyed.key, keyed.renaming, raw, result);
  return result;
}

/** The others lose what changed and what went; the writer's entry becomes `own(previous)`. */
function settle(entries: Decoded[], w: Writer, operation: 'Update' | 'Apply', changed: FieldNode, removed: FieldNode, own: (prev: FieldNode) => FieldNode, touched: boolean): ManagedFieldsEntry[] {
  const out: ManagedFieldsEntry[] = [];
  let mine: Decoded | undefined;
  let touchedSet: FieldNode | undefined;
  for (const d of entries) {
    if (!mine && sameIdentity(d.entry, w.manager, operation, w.subresource, w.apiVersion)) {
      mine = d;
      continue;
    }
    // An entry that owns nothing the write touched keeps what it has (its members all stay).
    if (isEmpty(intersection(d.set, (touchedSet ??= union(changed, removed))))) {
      if (hasMember(d.set)) out.push(d.entry);
      continue;
    }
    const left = difference(difference(d.set, changed), removed);
    if (isEmpty(left)) continue;
    out.push({ ...d.entry, fieldsV1: toFieldsV1(left) });
  }
  const set = own(mine?.set ?? emptySet());
  if (!isEmpty(set)) {
    const time = touched || !mine ? w.time : mine.entry.time;
    out.push(mine && !touched && sameSet(mine.set, set) ? mine.entry : entryOf(w, operation, set, time));
  }
  return out;
}

function hasMember(s: FieldNode): boolean {
  if (s.member) return true;
  for (const c of s.children.values()) if (hasMember(c)) return true;
  return false;
}

function sameSet(a: FieldNode, b: FieldNode): boolean {
  return isEmpty(difference(a, b)) && isEmpty(difference(b, a));
}

/** The managedFields of an object a controller wrote: status changes as the `status` subresource. */
export function recordControllerWrite(t: Target, live: Obj | undefined, next: Obj, manager: { main?: string; status?: string }, time: string, apiVersion: string): ManagedFieldsEntry[] | undefined {
  let base: unknown = (live?.metadata as Obj | undefined)?.managedFields;
  let current = live;
  let entries: ManagedFieldsEntry[] | undefined = base as ManagedFieldsEntry[] | undefined;
  if (manager.status && t.statusReset && 'status' in next) {
    const statusOnly = live ? { ...live, status: next.status } : undefined;
    if (statusOnly) {
      // The stored object of a kind with status has one, if only `status: {}`.
      const before = live && live.status === undefined ? { ...live, status: {} } : live;
      entries = recordUpdate(t, before, statusOnly, { manager: manager.status, subresource: 'status', apiVersion, time }, base, true);
      base = entries ?? [];
      current = statusOnly;
    }
  }
  if (manager.main && (live || !manager.status)) {
    entries = recordUpdate({ ...t, statusReset: true }, current, next, { manager: manager.main, apiVersion, time }, base);
  }
  return entries;
}

export interface ApplyRequest {
  writer: Writer;
  force: boolean;
}

export interface ApplyResult {
  object: Obj;
  managedFields: ManagedFieldsEntry[] | undefined;
  /** Nothing in the object changed. */
  unchanged: boolean;
}

/** The part of an applied configuration a request can change: only status through /status, no status otherwise. */
function scopedConfig(t: Target, config: Obj, subresource: string | undefined): Obj {
  const { managedFields: _m, ...meta } = (config.metadata as Obj | undefined) ?? {};
  const out: Obj = { ...config, metadata: meta };
  if (subresource === 'status') {
    for (const k of Object.keys(out)) if (k !== 'status' && k !== 'metadata' && k !== 'apiVersion' && k !== 'kind') delete out[k];
    out.metadata = { name: meta.name, namespace: meta.namespace };
  } else if (t.statusReset) delete out.status;
  return out;
}

/** Server-side apply of `config` onto `live` (undefined: the apply creates the object). */
export function applyConfig(t: Target, live: Obj | undefined, config: Obj, req: ApplyRequest): ApplyResult {
  const w = req.writer;
  const cfg = scopedConfig(t, config, w.subresource);
  const newSet = scope(fieldSetOf(t, cfg), t, w.subresource);
  if (!live) {
    return { object: cfg, managedFields: isEmpty(newSet) ? undefined : [entryOf(w, 'Apply', newSet, w.time)], unchanged: false };
  }
  const entries = decode((live.metadata as Obj | undefined)?.managedFields);
  const mine = entries.find((d) => sameIdentity(d.entry, w.manager, 'Apply', w.subresource, w.apiVersion));
  const others = entries.filter((d) => d !== mine);
  const base = withoutManaged(live)!;
  let merged = mergeConfig(t, base, cfg) as Obj;
  if (mine) {
    const owned = others.reduce((acc, d) => union(acc, d.set), newSet);
    merged = pruneObject(t, merged, mine.set, owned) as Obj;
  }
  const c = compare(t, base, merged);
  const changed = scope(c.changed, t, w.subresource);
  const removed = scope(c.removed, t, w.subresource);
  const conflicts: Array<{ label: string; path: string }> = [];
  for (const d of others) {
    const clash = intersection(d.set, changed);
    if (!isEmpty(clash)) for (const p of memberPaths(clash)) conflicts.push({ label: managerLabel(d.entry), path: pathString(p) });
  }
  if (conflicts.length && !req.force) throw conflictError(conflicts);
  const unchanged = isEmpty(changed) && isEmpty(removed);
  const list = settle(mine ? [...others, mine] : others, w, 'Apply', changed, removed, () => newSet, !unchanged || !mine);
  return { object: merged, managedFields: sorted(list), unchanged };
}

/** `"kubectl-edit" using apps/v1`, `"kube-controller-manager" with subresource "status" using apps/v1`, `"ci"` (an applier). */
function managerLabel(e: ManagedFieldsEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}

export const CONFLICT_CAUSE = 'FieldManagerConflict';

function conflictError(conflicts: Array<{ label: string; path: string }>): ApiError {
  const causes: StatusCause[] = conflicts.map((c) => ({ reason: CONFLICT_CAUSE, message: `conflict with ${c.label}`, field: c.path }));
  if (conflicts.length === 1) {
    const [c] = conflicts;
    return new ApiError('Conflict', 409, `Apply failed with 1 conflict: conflict with ${c!.label}: ${c!.path}`, { causes });
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.label, [...(byManager.get(c.label) ?? []), c.path]);
  const lines: string[] = [];
  for (const label of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${label}:`);
    for (const p of byManager.get(label)!) lines.push(`- ${p}`);
  }
  return new ApiError('Conflict', 409, `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, { causes });
}

export function isApplyConflict(err: unknown): err is ApiError {
  return err instanceof ApiError && err.code === 409 && (err.details.causes ?? []).some((c) => c.reason === CONFLICT_CAUSE);
}

/**
 * kubectl v1.32's move from client-side to server-side apply (csaupgrade): the Update entries
 * that own the last-applied annotation are folded into `manager`'s Apply entry. Undefined when
 * there is nothing to move.
 */
export function upgradeClientSideApply(managedFields: unknown, manager: string, time: string): ManagedFieldsEntry[] | undefined {
  const entries = decode(managedFields);
  const csa = entries.filter((d) => d.entry.operation === 'Update' && has(d.set, LAST_APPLIED_PATH));
  if (!csa.length) return undefined;
  const rest = entries.filter((d) => !csa.includes(d));
  const target = rest.find((d) => d.entry.manager === manager && d.entry.operation === 'Apply' && !d.entry.subresource);
  const set = csa.reduce((acc, d) => union(acc, d.set), target?.set ?? emptySet());
  const apiVersion = target?.entry.apiVersion ?? csa[0]!.entry.apiVersion;
  const upgraded = entryOf({ manager, apiVersion, time: target?.entry.time ?? time }, 'Apply', set, target?.entry.time ?? time);
  return sorted([...rest.filter((d) => d !== target).map((d) => d.entry), upgraded]);
}
