/**
 * The structured-merge-diff operations on objects, over the shapes schema.ts describes:
 * an applied configuration's field set, the comparison of two versions of an object (what was
 * added, changed, removed), the merge of a configuration into a live object, and the removal of
 * fields an applier stopped applying that nobody else owns.
 */
import { hasKey, own, setKey } from '../../util/own.js';
import { child, emptySet, insert, type FieldNode } from './fieldset.js';
import { isAtomicMap, isFreeForm, listType, type ListType } from './schema.js';

type Obj = Record<string, unknown>;

export interface Shape {
  kind: string;
  custom: boolean;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
  let defined = 0;
  for (const k of Object.keys(a)) {
    const v = (a as Obj)[k];
    if (v === undefined) continue;
    defined++;
    if (!hasKey(b, k) || !sameJson(v, (b as Obj)[k])) return false;
  }
  for (const k of Object.keys(b)) if ((b as Obj)[k] !== undefined) defined--;
  return defined === 0;
}

/** The path element of a list item: `k:{...}` by the list's keys (a port's protocol defaults to TCP), `v:...` for sets. */
export function itemElement(lt: ListType, item: unknown, index: number): string {
  if (lt.type === 'set') return `v:${JSON.stringify(item)}`;
  if (lt.type === 'map' && isObj(item)) {
    const key: Obj = {};
    for (const k of [...lt.keys].sort()) {
      const v = own(item, k) ?? (k === 'protocol' ? 'TCP' : undefined);
      if (v !== undefined) key[k] = v;
    }
    return `k:${JSON.stringify(key)}`;
  }
  return `i:${index}`;
}

function itemsByElement(lt: ListType, list: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  if (Array.isArray(list)) list.forEach((item, i) => m.set(itemElement(lt, item, i), item));
  return m;
}

type Kind = 'atomic' | 'map' | 'list';

function kindOf(shape: Shape, names: readonly string[], value: unknown): { kind: Kind; lt?: ListType } {
  if (Array.isArray(value)) {
    const lt = listType(shape.kind, shape.custom, names);
    return lt.type === 'atomic' ? { kind: 'atomic' } : { kind: 'list', lt };
  }
  if (isObj(value)) return isAtomicMap(shape.custom, names) ? { kind: 'atomic' } : { kind: 'map' };
  return { kind: 'atomic' };
}

/** An applied configuration's field set (ToFieldSet). */
export function fieldSetOf(shape: Shape, obj: Obj): FieldNode {
  const set = emptySet();
  walkSet(shape, obj, [], set);
  return set;
}

function walkSet(shape: Shape, value: unknown, names: string[], node: FieldNode): void {
  const { kind, lt } = kindOf(shape, names, value);
  if (kind === 'atomic') {
    if (names.length) node.member = true;
    return;
  }
  if (kind === 'list') {
    (value as unknown[]).forEach((item, i) => {
      const c = child(node, itemElement(lt!, item, i));
      c.member = true;
      if (lt!.type === 'map') walkSet(shape, item, names, c);
    });
    return;
  }
  const free = names.length > 0 && isFreeForm(shape.custom, names);
  for (const [k, v] of Object.entries(value as Obj)) {
    if (v === undefined) continue;
    const c = child(node, `f:${k}`);
    walkSet(shape, v, [...names, k], c);
    const emptyMap = isObj(v) && Object.keys(v).length === 0;
    if (v === null || emptyMap || free) c.member = true;
    if (!c.member && c.children.size === 0) node.children.delete(`f:${k}`);
  }
}

export interface Comparison {
  /** Added or modified (what the writer comes to own). */
  changed: FieldNode;
  removed: FieldNode;
}

/** How `rhs` differs from `lhs`, field by field (typed.Compare). */
export function compare(shape: Shape, lhs: unknown, rhs: unknown): Comparison {
  const c: Comparison = { changed: emptySet(), removed: emptySet() };
  cmp(shape, lhs, rhs, [], [], c);
  return c;
}

function isEmptyish(v: unknown): boolean {
  return v === undefined || v === null || (isObj(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
}

// `names` and `path` are stacks the walk pushes to and pops from (nothing keeps them): copying
// them at every node was most of what a comparison allocated.
function cmp(shape: Shape, l: unknown, r: unknown, names: string[], path: string[], c: Comparison): void {
  // The same value (a controller's write shares what it did not change with the live object) has no changes.
  if (l === r) return;
  // A top-level field (spec, status) is compared whole first: most writes leave all but one alone.
  if (path.length === 1 && sameJson(l, r)) return;
  const probe = r === undefined || r === null ? l : r;
  const { kind, lt } = kindOf(shape, names, probe);
  if (kind === 'atomic' || (isEmptyish(l) && isEmptyish(r))) {
    if (!path.length) return;
    if (l === undefined) insert(c.changed, path);
    else if (r === undefined) insert(c.removed, path);
    else if (!sameJson(l, r)) insert(c.changed, path);
    return;
  }
  if (kind === 'list') {
    const li = itemsByElement(lt!, l);
    const ri = itemsByElement(lt!, r);
    for (const [pe, rv] of ri) {
      path.push(pe);
      cmpItem(shape, lt!, li.get(pe), rv, names, path, c);
      path.pop();
    }
    for (const [pe, lv] of li) {
      if (ri.has(pe)) continue;
      path.push(pe);
      cmpItem(shape, lt!, lv, undefined, names, path, c);
      path.pop();
    }
  } else {
    cmpFields(shape, isObj(l) ? l : {}, isObj(r) ? r : {}, names, path, c);
  }
  if (!path.length) return;
  if (l === undefined) insert(c.changed, path);
  else if (r === undefined) insert(c.removed, path);
}

function cmpFields(shape: Shape, lm: Obj, rm: Obj, names: string[], path: string[], c: Comparison): void {
  for (const k of Object.keys(rm)) {
    names.push(k);
    path.push(`f:${k}`);
    cmp(shape, own(lm, k), rm[k], names, path, c);
    names.pop();
    path.pop();
  }
  for (const k of Object.keys(lm)) {
    if (hasKey(rm, k)) continue;
    names.push(k);
    path.push(`f:${k}`);
    cmp(shape, lm[k], undefined, names, path, c);
    names.pop();
    path.pop();
  }
}

function cmpItem(shape: Shape, lt: ListType, l: unknown, r: unknown, names: string[], path: string[], c: Comparison): void {
  if (lt.type === 'set' || !isObj(l ?? r)) {
    if (l === undefined) insert(c.changed, path);
    else if (r === undefined) insert(c.removed, path);
    else if (!sameJson(l, r)) insert(c.changed, path);
    return;
  }
  cmpFields(shape, isObj(l) ? l : {}, isObj(r) ? r : {}, names, path, c);
  if (l === undefined) insert(c.changed, path);
  else if (r === undefined) insert(c.removed, path);
}

/** A configuration merged into a live object (typed Merge): maps and keyed lists field by field, the rest replaced. */
export function mergeConfig(shape: Shape, live: unknown, config: unknown, names: string[] = []): unknown {
  if (config === undefined) return live;
  const { kind, lt } = kindOf(shape, names, config);
  if (kind === 'atomic' || (kind === 'map' && !isObj(live)) || (kind === 'list' && !Array.isArray(live))) return structuredClone(config);
  if (kind === 'list') {
    const out = [...(live as unknown[])];
    const index = new Map<string, number>();
    out.forEach((item, i) => index.set(itemElement(lt!, item, i), i));
    (config as unknown[]).forEach((item, i) => {
      const pe = itemElement(lt!, item, i);
      const at = index.get(pe);
      if (at === undefined) out.push(structuredClone(item));
      else if (lt!.type === 'map') out[at] = mergeConfig(shape, out[at], item, names);
    });
    return out;
  }
  const out: Obj = { ...(live as Obj) };
  for (const [k, v] of Object.entries(config as Obj)) {
    if (v === null) delete out[k];
    else setKey(out, k, mergeConfig(shape, own(live as Obj, k), v, [...names, k]));
  }
  return out;
}

/**
 * Removes from `obj` what the applier owned before (`last`) and no longer does, unless another
 * manager (or the applier's new set, both in `owned`) owns it or something below it; fields
 * nobody ever owned (defaults) stay unless their parent goes.
 */
export function pruneObject(shape: Shape, obj: unknown, last: FieldNode, owned: FieldNode | undefined, names: string[] = []): unknown {
  if (Array.isArray(obj)) {
    const lt = listType(shape.kind, shape.custom, names);
    if (lt.type === 'atomic') return obj;
    const out: unknown[] = [];
    obj.forEach((item, i) => {
      const pe = itemElement(lt, item, i);
      const l = last.children.get(pe);
      const o = owned?.children.get(pe);
      if (!l) return void out.push(item);
      if (l.member && !o) return;
      out.push(lt.type === 'map' && !o?.member ? pruneObject(shape, item, l, o, names) : item);
    });
    return out;
  }
  if (!isObj(obj)) return obj;
  const out: Obj = {};
  for (const [k, v] of Object.entries(obj)) {
    const l = last.children.get(`f:${k}`);
    const o = owned?.children.get(`f:${k}`);
    if (!l) {
      setKey(out, k, v);
      continue;
    }
    if (l.member && !o) continue;
    if (o?.member) {
      setKey(out, k, v);
      continue;
    }
    const pruned = pruneObject(shape, v, l, o, [...names, k]);
    // A map emptied by the pruning goes with what it held.
    if (isObj(pruned) && Object.keys(pruned).length === 0 && isObj(v) && Object.keys(v).length > 0) continue;
    setKey(out, k, pruned);
  }
  return out;
}
