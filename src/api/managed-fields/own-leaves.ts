/**
 * A shortcut for the commonest controller write on a big cluster, a node's Lease renewal: the
 * object has one managedFields entry, the writer's own Update entry, and the write changes only
 * scalar fields of `spec` that entry already owns. Then recordUpdate's answer is known without
 * decoding, comparing and re-encoding field sets: the same entry with the write's time (the set
 * is unchanged, the entry touched). Anything else (another manager's entry, a field not owned, a
 * change outside `spec`, an object with a status, a field set not as toFieldsV1 writes it)
 * returns undefined and takes the full path. test/unit/own-leaves.test.ts checks that both give
 * the same entries, byte for byte.
 */
import type { ManagedFieldsEntry } from './index.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The entries recordUpdate gives for this write by `manager` (Update, no subresource), or undefined when the shortcut does not apply. */
export function ownLeavesUpdate(live: Obj, next: Obj, manager: string, apiVersion: string, time: string): ManagedFieldsEntry[] | undefined {
  const entries = (live.metadata as Obj | undefined)?.managedFields;
  if (!Array.isArray(entries) || entries.length !== 1) return undefined;
  const e = entries[0] as ManagedFieldsEntry;
  if (!isObj(e) || e.manager !== manager || e.operation !== 'Update' || e.subresource !== undefined || e.apiVersion !== apiVersion) return undefined;
  if (!isObj(e.fieldsV1) || !canonical(e.fieldsV1)) return undefined;
  if ('status' in live || 'status' in next) return undefined;
  // Nothing but spec differs (metadata but for managedFields and resourceVersion, the rest whole).
  if (!sameKeys(live, next) || !isObj(live.metadata) || !isObj(next.metadata) || !sameKeys(live.metadata, next.metadata)) return undefined;
  for (const k in live) if (k !== 'spec' && k !== 'metadata' && !same(live[k], next[k])) return undefined;
  for (const k in live.metadata) if (k !== 'managedFields' && k !== 'resourceVersion' && !same(live.metadata[k], next.metadata[k])) return undefined;
  const a = live.spec;
  const b = next.spec;
  if (!isObj(a) || !isObj(b) || !sameKeys(a, b)) return undefined;
  const owned = (e.fieldsV1 as Obj)['f:spec'];
  let changed = false;
  for (const k in a) {
    if (same(a[k], b[k])) continue;
    // A scalar changed in place (not added or removed), at a leaf the entry owns.
    if (!isScalar(a[k]) || !isScalar(b[k]) || !isObj(owned)) return undefined;
    const leaf = owned[`f:${k}`];
    if (!isObj(leaf) || !isEmptyObj(leaf)) return undefined;
    changed = true;
  }
  if (!changed) return undefined;
  return [{ manager, operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: e.fieldsV1 } as ManagedFieldsEntry];
}

/** A FieldsV1 tree exactly as toFieldsV1 writes one: `.` first (only beside children), then the keys sorted. */
function canonical(v: Obj): boolean {
  const keys = Object.keys(v);
  let from = 0;
  if (keys[0] === '.') {
    const dot = v['.'];
    if (!isObj(dot) || !isEmptyObj(dot) || keys.length === 1) return false;
    from = 1;
  }
  for (let i = from; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === '.' || (i > from && !(keys[i - 1]! < k))) return false;
    const child = v[k];
    if (!isObj(child) || !canonical(child)) return false;
  }
  return true;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

/** The same own keys (in any order). */
function sameKeys(a: Obj, b: Obj): boolean {
  let n = 0;
  for (const k in a) {
    if (!Object.hasOwn(b, k)) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

function isEmptyObj(v: Obj): boolean {
  for (const _ in v) return false;
  return true;
}
