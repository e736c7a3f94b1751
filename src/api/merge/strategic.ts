/**
 * Strategic merge patch (apimachinery's strategicpatch): applying a patch with `$patch`,
 * `$deleteFromPrimitiveList`, `$retainKeys` and `$setElementOrder` directives, computing a
 * two-way patch between two objects, and kubectl apply's three-way patch
 * (last-applied / new manifest / live).
 */
import { hasKey, own, setKey } from '../../util/own.js';
import { clone, deepEqual, isEmptyMap, isMap, type Json, type JsonMap } from './json.js';
import type { FieldPath, StrategyFor } from './strategy.js';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ELEMENT_ORDER = '$setElementOrder/';

/** Applies a strategic merge patch to `target` (not modified) and returns the result. */
export function applyStrategicPatch(target: JsonMap, patch: JsonMap, strategy: StrategyFor): JsonMap {
  if (patch[PATCH] === 'delete') return {};
  return mergeMap(target, patch, strategy, []);
}

function mergeMap(target: JsonMap, patch: JsonMap, strategy: StrategyFor, path: FieldPath): JsonMap {
  if (patch[PATCH] === 'replace') return stripDirectives(patch) as JsonMap;
  const result = clone(target);
  const orders: Array<[string, Json[]]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === PATCH || key === RETAIN_KEYS) continue;
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      if (Array.isArray(value)) orders.push([key.slice(SET_ELEMENT_ORDER.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_FROM_PRIMITIVE)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE.length);
      const current = own(result, field);
      if (Array.isArray(current) && Array.isArray(value)) {
        setKey(result, field, current.filter((item) => !value.some((d) => deepEqual(d, item))));
      }
      continue;
    }
    const fieldPath = [...path, key];
    if (value === null) {
      delete result[key];
    } else if (isMap(value)) {
      if (value[PATCH] === 'delete') delete result[key];
      else {
        const cur = own(result, key);
        setKey(result, key, mergeMap(isMap(cur) ? cur : {}, value, strategy, fieldPath));
      }
    } else if (Array.isArray(value)) {
      const cur = own(result, key);
      const ordered = Object.hasOwn(patch, `${SET_ELEMENT_ORDER}${key}`);
      setKey(result, key, mergeList(Array.isArray(cur) ? cur : [], value, strategy, fieldPath, ordered));
    } else {
      setKey(result, key, value);
    }
  }
  const retain = patch[RETAIN_KEYS];
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  for (const [field, order] of orders) {
    const s = strategy([...path, field]);
    const list = own(result, field);
    if (Array.isArray(list)) setKey(result, field, sortByOrder(list, order, s.kind === 'merge' ? s.key : undefined));
  }
  return result;
}

/**
 * `ordered`: the patch gives the list's order (`$setElementOrder`, applied by the caller); else the
 * merged list is ordered as Go's strategic merge orders it (normalizeElementOrder).
 */
function mergeList(target: Json[], patch: Json[], strategy: StrategyFor, path: FieldPath, ordered = false): Json[] {
  const s = strategy(path);
  if (s.kind === 'replace') return stripDirectives(patch) as Json[];
  if (s.kind === 'mergePrimitive') {
    const out = [...target];
    for (const v of patch) if (!out.some((o) => deepEqual(o, v))) out.push(v);
    return ordered ? out : goElementOrder(out, target, patch, (v) => v);
  }
  if (patch.some((item) => isMap(item) && item[PATCH] === 'replace')) {
    return stripDirectives(patch.filter((item) => !(isMap(item) && item[PATCH] === 'replace'))) as Json[];
  }
  const result = clone(target);
  for (const item of patch) {
    if (!isMap(item) || !(s.key in item)) {
      result.push(clone(item));
      continue;
    }
    const index = result.findIndex((r) => isMap(r) && deepEqual(r[s.key], item[s.key]));
    if (item[PATCH] === 'delete') {
      for (let i = result.length - 1; i >= 0; i--) {
        const r = result[i];
        if (isMap(r) && deepEqual(r[s.key], item[s.key])) result.splice(i, 1);
      }
    } else if (index >= 0) {
      result[index] = mergeMap(result[index] as JsonMap, item, strategy, path);
    } else {
      result.push(stripDirectives(item));
    }
  }
  if (ordered || !result.every((r) => isMap(r) && s.key in r)) return result;
  const live = patch.filter((item) => !(isMap(item) && item[PATCH] === 'delete'));
  return goElementOrder(result, target, live, (v) => (isMap(v) ? v[s.key] : undefined));
}

/**
 * The order Go's strategic merge gives a merged list without `$setElementOrder`: the elements the
 * patch names, in the patch's order, merged with the others (in the original's order) so that two
 * elements both in the original keep its order, and an element the patch adds goes before whatever
 * it meets (an added env variable lands first).
 */
function goElementOrder(merged: Json[], original: Json[], patch: Json[], keyOf: (v: Json) => Json | undefined): Json[] {
  const at = (list: Json[], v: Json) => list.findIndex((o) => deepEqual(keyOf(o), keyOf(v)));
  const inPatch = (v: Json) => at(patch, v) >= 0;
  const fromPatch = merged.filter(inPatch).sort((a, b) => at(patch, a) - at(patch, b));
  const serverOnly = merged.filter((v) => !inPatch(v));
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < fromPatch.length || j < serverOnly.length) {
    if (j >= serverOnly.length) out.push(fromPatch[i++]!);
    else if (i >= fromPatch.length) out.push(serverOnly[j++]!);
    else {
      const li = at(original, fromPatch[i]!);
      const ri = at(original, serverOnly[j]!);
      if (li >= 0 && ri >= 0 && ri < li) out.push(serverOnly[j++]!);
      else out.push(fromPatch[i++]!);
    }
  }
  return out;
}

/** `$setElementOrder`: listed elements in the given order, then the others in their order. */
function sortByOrder(list: Json[], order: Json[], key: string | undefined): Json[] {
  const keyOf = (v: Json) => (key && isMap(v) ? v[key] : v);
  const ordered: Json[] = [];
  const used = new Set<number>();
  for (const o of order) {
    const want = keyOf(o);
    const i = list.findIndex((v, idx) => !used.has(idx) && deepEqual(keyOf(v), want));
    if (i >= 0) {
      used.add(i);
      ordered.push(list[i]!);
    }
  }
  return [...ordered, ...list.filter((_, i) => !used.has(i))];
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, val] of Object.entries(v)) {
    if (k === PATCH || k === RETAIN_KEYS || k.startsWith(SET_ELEMENT_ORDER) || k.startsWith(DELETE_FROM_PRIMITIVE)) continue;
    setKey(out, k, stripDirectives(val));
  }
  return out;
}

export interface DiffOptions {
  /** Fields only in `from` are not removed by the patch. */
  ignoreDeletions?: boolean;
  /** Only removals: fields added or changed in `to` are left out. */
  ignoreChangesAndAdditions?: boolean;
}

/** The strategic merge patch that turns `from` into `to` (two-way). */
export function createStrategicPatch(from: JsonMap, to: JsonMap, strategy: StrategyFor, opts: DiffOptions = {}): JsonMap {
  return diffMaps(from, to, strategy, [], opts);
}

function diffMaps(from: JsonMap, to: JsonMap, strategy: StrategyFor, path: FieldPath, opts: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const additions = !opts.ignoreChangesAndAdditions;
  for (const [key, toValue] of Object.entries(to)) {
    const fieldPath = [...path, key];
    if (!hasKey(from, key)) {
      if (additions) setKey(patch, key, toValue);
      continue;
    }
    const fromValue = from[key]!; // own: hasKey(from, key) above
    if (isMap(fromValue) && isMap(toValue)) {
      const sub = diffMaps(fromValue, toValue, strategy, fieldPath, opts);
      if (!isEmptyMap(sub)) setKey(patch, key, sub);
    } else if (Array.isArray(fromValue) && Array.isArray(toValue)) {
      diffLists(patch, key, fromValue, toValue, strategy, fieldPath, opts);
    } else if (!deepEqual(fromValue, toValue) && additions) {
      setKey(patch, key, toValue);
    }
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(from)) if (!hasKey(to, key)) setKey(patch, key, null);
  }
  if (strategy.retainKeys?.(path)) {
    // As apimachinery's diffMaps: the keys `to` keeps, when the patch changes something or `from` has more.
    const kept = Object.keys(to).filter((k) => to[k] !== null).sort();
    const extra = Object.keys(from).some((k) => !hasKey(to, k));
    if (kept.length && (Object.keys(patch).length > 0 || extra)) patch[RETAIN_KEYS] = kept;
  }
  return patch;
}

/** A scalar as Go's `%v` prints it, which apimachinery sorts lists by. */
function scalarText(v: Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function byScalarText(x: Json, y: Json): number {
  const a = scalarText(x);
  const b = scalarText(y);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Each merge key's element indices, the keys in the order they first come. */
function indicesByKey(list: JsonMap[], mergeKey: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  list.forEach((item, i) => {
    const k = JSON.stringify(item[mergeKey]);
    const at = out.get(k);
    if (at) at.push(i);
    else out.set(k, [i]);
  });
  return out;
}

function diffLists(patch: JsonMap, key: string, from: Json[], to: Json[], strategy: StrategyFor, path: FieldPath, opts: DiffOptions): void {
  const additions = !opts.ignoreChangesAndAdditions;
  const deletions = !opts.ignoreDeletions;
  const s = strategy(path);
  const keyed = s.kind === 'merge' && [...from, ...to].every((v) => isMap(v) && s.key in v);
  // A merged list that was empty is the new list whole, with no order to set (apimachinery's diffLists).
  if ((s.kind === 'mergePrimitive' || keyed) && from.length === 0) {
    if (additions && to.length) setKey(patch, key, to);
    return;
  }
  if (s.kind === 'mergePrimitive') {
    const added = to.filter((v) => !from.some((f) => deepEqual(f, v)));
    const removed = from.filter((v) => !to.some((t) => deepEqual(t, v)));
    if (additions && added.length) setKey(patch, key, added);
    if (deletions && removed.length) patch[DELETE_FROM_PRIMITIVE + key] = removed;
    // The new order, where elements go or the list is otherwise not what it was, which apimachinery
    // compares after sorting the old list in place (so a list reordered from sorted says nothing).
    const sortedFrom = [...from].sort(byScalarText);
    if (to.length && ((deletions && removed.length) || (additions && !deepEqual(sortedFrom, to)))) patch[SET_ELEMENT_ORDER + key] = to;
    return;
  }
  if (s.kind === 'replace' || !keyed) {
    if (additions && !deepEqual(from, to)) setKey(patch, key, to);
    return;
  }
  const mergeKey = s.key;
  const items: Json[] = [];
  const fromList = from as JsonMap[];
  const toList = to as JsonMap[];
  // apimachinery walks the two lists sorted by key (Go's sort puts equal keys in reverse order), so
  // the n-th from the end of a key in `to` is compared with the n-th from the end in `from`: two ports
  // on 53 (UDP and TCP) are two elements, not one changed twice. Its patch gives a key's elements in
  // that walk's order, the keys in `to`'s order.
  const fromByKey = indicesByKey(fromList, mergeKey);
  const paired = new Set<number>();
  for (const [k, toIndices] of indicesByKey(toList, mergeKey)) {
    const fromIndices = fromByKey.get(k) ?? [];
    for (let n = 1; n <= toIndices.length; n++) {
      const t = toList[toIndices[toIndices.length - n]!]!;
      const at = fromIndices[fromIndices.length - n];
      if (at === undefined) {
        if (additions) items.push(t);
        continue;
      }
      paired.add(at);
      const sub = diffMaps(fromList[at]!, t, strategy, path, opts);
      if (!isEmptyMap(sub)) items.push({ [mergeKey]: t[mergeKey]!, ...sub });
    }
  }
  if (deletions) {
    // In the walk's order: by the key as Go's %v prints it, equal keys reversed.
    const gone = fromList.map((f, k) => ({ f, k })).filter(({ k }) => !paired.has(k));
    gone.sort((x, y) => byScalarText(x.f[mergeKey]!, y.f[mergeKey]!) || y.k - x.k);
    for (const { f } of gone) items.push({ [mergeKey]: f[mergeKey]!, [PATCH]: 'delete' });
  }
  if (items.length) setKey(patch, key, items);
  // Like kubectl, a changed or reordered list says in which order the manifest has its elements.
  const orderSame = from.length === to.length && (to as JsonMap[]).every((t, i) => deepEqual((from as JsonMap[])[i]![mergeKey], t[mergeKey]));
  if (to.length && ((additions && (items.length || !orderSame)) || (deletions && items.length))) {
    patch[SET_ELEMENT_ORDER + key] = (to as JsonMap[]).map((t) => ({ [mergeKey]: t[mergeKey]! }));
  }
}

/**
 * kubectl apply's patch: what changed from live to the new manifest (never removing what
 * the server or others added), plus removal of what the last applied manifest had and the
 * new one no longer has. `{}` means there is nothing to do.
 */
export function threeWayPatch(lastApplied: JsonMap | undefined, manifest: JsonMap, live: JsonMap, strategy: StrategyFor): JsonMap {
  const changes = diffMaps(live, manifest, strategy, [], { ignoreDeletions: true });
  const deletions = lastApplied ? diffMaps(lastApplied, manifest, strategy, [], { ignoreChangesAndAdditions: true }) : {};
  return combinePatches(deletions, changes, strategy, []);
}

/**
 * Two patches' versions of a merged list as one, in the order apimachinery's mergeSlice gives: `b`'s
 * elements (merged with `a`'s of the same key) in `b`'s order, `a`'s others (its deletions last)
 * each put before the first of `b`'s that comes after it in `a`.
 */
function combineLists(a: Json[], b: Json[], mergeKey: string, strategy: StrategyFor, path: FieldPath): Json[] {
  const keyOf = (v: Json) => (isMap(v) ? v[mergeKey] : undefined);
  const indexIn = (list: Json[], v: Json) => list.findIndex((x) => deepEqual(keyOf(x), keyOf(v)));
  const right = b.map((item) => {
    const i = isMap(item) ? indexIn(a, item) : -1;
    return i >= 0 && isMap(a[i]!) ? combinePatches(a[i] as JsonMap, item as JsonMap, strategy, path) : item;
  });
  const only = a.filter((item) => indexIn(b, item) < 0);
  const isDelete = (v: Json) => isMap(v) && v[PATCH] === 'delete';
  return goElementOrder([...right, ...only.filter((v) => !isDelete(v)), ...only.filter(isDelete)], a, b, keyOf);
}

/** Merges two patches into one; `b` wins where both say something about the same field. */
function combinePatches(a: JsonMap, b: JsonMap, strategy: StrategyFor, path: FieldPath): JsonMap {
  const out = clone(a);
  for (const [key, value] of Object.entries(b)) {
    const existing = own(out, key);
    const fieldPath = [...path, key];
    if (isMap(existing) && isMap(value)) {
      setKey(out, key, combinePatches(existing, value, strategy, fieldPath));
      continue;
    }
    const s = strategy(fieldPath);
    if (Array.isArray(existing) && Array.isArray(value) && s.kind === 'merge') {
      setKey(out, key, combineLists(existing, value, s.key, strategy, fieldPath));
      continue;
    }
    setKey(out, key, value);
  }
  return out;
}
