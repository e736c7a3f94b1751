/**
 * A memo for the managedFields of the controllers' status writes (the kubelet's pod statuses, the
 * scheduler's PodScheduled condition): thousands of pods go through the same statuses, owned the
 * same way, differing only in their addresses, which appear in the field paths as list keys
 * (`k:{"ip":"10.244.3.7"}` under podIPs and hostIPs). The entries a write gives depend only on
 * the entries before it, what it changed and removed (as field sets) and the writer; with each
 * `k:{"ip":...}` element renamed to a placeholder in order of first appearance, those inputs are
 * the same for all such pods, and so is the result, renamed back. A hit rebuilds only the objects
 * on the paths to an address: the rest of each new FieldsV1 is shared, frozen, between the
 * entries, as the create memo (record.ts) shares whole entries. What is stored is byte for byte
 * what the computation would give (checked by test/unit/status-memo.test.ts).
 */
import type { FieldNode, FieldsV1 } from './fieldset.js';
import type { ManagedFieldsEntry, Writer } from './index.js';

/** A path element renamed on the way in and back out. */
const RENAMED_PREFIX = 'k:{"ip":';

/** One entry of a remembered result: an input entry as it was, or a new one. */
type OutEntry =
  | { input: number }
  | { props: Record<string, unknown>; fieldsV1: Template };

/** A FieldsV1 object: shared as it is (nothing renamed below it), or made anew with these keys. */
type Template =
  | { shared: FieldsV1 }
  | { keys: string[]; renamed: number[]; children: Template[]; sort: boolean };

interface Remembered {
  out: OutEntry[] | undefined;
}

const memo = new Map<string, Remembered>();
const MEMO_SIZE = 256;
const MAX_KEY = 16_384;
/** Ids of frozen (shared) entries: they are keyed by identity. */
const frozenIds = new WeakMap<object, number>();
let nextFrozenId = 0;

/** The renaming of one write: each `k:{"ip":...}` seen, in order, and its placeholder. */
export class Renaming {
  readonly byElement = new Map<string, string>();
  readonly elements: string[] = [];

  token(pe: string): string {
    let t = this.byElement.get(pe);
    if (t === undefined) {
      t = `\u0001${this.elements.length}`;
      this.byElement.set(pe, t);
      this.elements.push(pe);
    }
    return t;
  }
}

/** A path element in a key: its length, then itself (no quoting to do); a renamed one as its placeholder. */
function key(pe: string, r: Renaming): string {
  const k = pe.startsWith(RENAMED_PREFIX) ? r.token(pe) : pe;
  return `${k.length}:${k}`;
}

function setKey(s: FieldNode, r: Renaming, out: string[]): void {
  out.push(s.member ? '(' : '[');
  for (const [pe, c] of s.children) {
    out.push(key(pe, r));
    setKey(c, r, out);
  }
  out.push(')');
}

function fieldsKey(v: unknown, r: Renaming, out: string[]): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    out.push(`~${JSON.stringify(v) ?? 'u'};`);
    return;
  }
  out.push('{');
  for (const k of Object.keys(v)) {
    out.push(key(k, r));
    fieldsKey((v as Record<string, unknown>)[k], r, out);
  }
  out.push('}');
}

function entryKey(e: unknown, r: Renaming, out: string[]): void {
  if (typeof e === 'object' && e !== null && Object.isFrozen(e)) {
    let id = frozenIds.get(e);
    if (id === undefined) frozenIds.set(e, (id = nextFrozenId++));
    out.push(`#${id}`);
    return;
  }
  if (typeof e !== 'object' || e === null || Array.isArray(e)) {
    out.push(`~${JSON.stringify(e) ?? 'u'};`);
    return;
  }
  const o = e as Record<string, unknown>;
  // Every property but fieldsV1 as it is (a new entry made from this one copies them), in order.
  out.push(JSON.stringify(Object.keys(o)), JSON.stringify({ ...o, fieldsV1: 0 }));
  fieldsKey(o.fieldsV1, r, out);
}

/** The memo key of a status write, and its renaming; undefined when it is not to be remembered. */
export function statusWriteKey(
  kind: string, custom: boolean, w: Writer, entries: unknown, changed: FieldNode, removed: FieldNode,
): { key: string; renaming: Renaming } | undefined {
  const r = new Renaming();
  const out: string[] = [kind, String(custom), JSON.stringify([w.manager, w.subresource ?? null, w.apiVersion, w.time])];
  if (entries !== undefined && !Array.isArray(entries)) return undefined;
  for (const e of (entries as unknown[] | undefined) ?? []) {
    out.push('|');
    entryKey(e, r, out);
  }
  out.push('|c');
  setKey(changed, r, out);
  out.push('|r');
  setKey(removed, r, out);
  const k = out.join('');
  return k.length <= MAX_KEY ? { key: k, renaming: r } : undefined;
}

/** The remembered result of this key, made for this write's entries and addresses; undefined on a miss. */
export function recall(key: string, renaming: Renaming, entries: unknown): { result: ManagedFieldsEntry[] | undefined } | undefined {
  const hit = memo.get(key);
  if (!hit) return undefined;
  if (!hit.out) return { result: undefined };
  const inputs = (entries as ManagedFieldsEntry[] | undefined) ?? [];
  const result = hit.out.map((o): ManagedFieldsEntry => {
    if ('input' in o) return inputs[o.input]!;
    return { ...o.props, fieldsV1: materialize(o.fieldsV1, renaming) } as ManagedFieldsEntry;
  });
  return { result };
}

/** Remembers the result computed for this key. */
export function remember(key: string, renaming: Renaming, entries: unknown, result: ManagedFieldsEntry[] | undefined): void {
  const inputs = (entries as unknown[] | undefined) ?? [];
  // Every address in the result comes from the inputs; one that did not could not be renamed back.
  if (result?.some((e) => !inputs.includes(e) && unrenamed(e.fieldsV1, renaming))) return;
  const out = result?.map((e): OutEntry => {
    const at = inputs.indexOf(e);
    if (at >= 0) return { input: at };
    const { fieldsV1, ...props } = e;
    // A new entry is either spread from an input entry with new fieldsV1 (settle's `{ ...d.entry,
    // fieldsV1 }`) or made whole (entryOf): remembered whole, its properties in their order.
    return { props: orderedProps(e, props), fieldsV1: template(fieldsV1, renaming) };
  });
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, { out });
}

/** The properties of `e` but fieldsV1, with a placeholder where fieldsV1 was so that the order is kept. */
function orderedProps(e: ManagedFieldsEntry, props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(e)) out[k] = k === 'fieldsV1' ? null : props[k];
  return out;
}

function template(v: FieldsV1, r: Renaming): Template {
  if (!hasRenamed(v, r)) return { shared: deepFreeze(v) };
  const keys = Object.keys(v);
  const renamedKeys = keys.filter((k) => r.byElement.has(k)).length;
  return {
    keys,
    // The index of the renamed element at each key (-1: the key as it is).
    renamed: keys.map((k) => (r.byElement.has(k) ? r.elements.indexOf(k) : -1)),
    children: keys.map((k) => template(v[k]!, r)),
    // toFieldsV1 sorts a node's keys ('.' first): where a renamed key has siblings, the order
    // depends on the names, so it is worked out again for each write.
    sort: renamedKeys > 0 && keys.filter((k) => k !== '.').length > 1,
  };
}

function unrenamed(v: unknown, r: Renaming): boolean {
  if (typeof v !== 'object' || v === null) return false;
  for (const k of Object.keys(v)) if ((k.startsWith(RENAMED_PREFIX) && !r.byElement.has(k)) || unrenamed((v as Record<string, unknown>)[k], r)) return true;
  return false;
}

function hasRenamed(v: FieldsV1, r: Renaming): boolean {
  for (const k of Object.keys(v)) if (r.byElement.has(k) || hasRenamed(v[k]!, r)) return true;
  return false;
}

function materialize(t: Template, r: Renaming): FieldsV1 {
  if ('shared' in t) return t.shared;
  const out: FieldsV1 = {};
  const n = t.keys.length;
  if (!t.sort) {
    for (let i = 0; i < n; i++) out[t.renamed[i]! < 0 ? t.keys[i]! : r.elements[t.renamed[i]!]!] = materialize(t.children[i]!, r);
    return out;
  }
  const names = t.keys.map((k, i) => (t.renamed[i]! < 0 ? k : r.elements[t.renamed[i]!]!));
  const dot = names.indexOf('.');
  const rest = names.map((_, i) => i).filter((i) => i !== dot).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  for (const i of dot >= 0 ? [dot, ...rest] : rest) out[names[i]!] = materialize(t.children[i]!, r);
  return out;
}

function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  Object.freeze(v);
  for (const c of Object.values(v)) deepFreeze(c);
  return v;
}

/** For tests: forget everything remembered. */
export function clearStatusMemo(): void {
  memo.clear();
}
