/**
 * Strategic merge as kustomize applies patches (kyaml's merge, not apimachinery's): lists merged
 * by key (per the built-in kinds' patch strategies; a custom kind's lists are replaced) come out
 * with the patch's elements first, in the patch's order, then the target's other elements; a
 * primitive list merged the same way. `$patch: replace|delete` and null values as in apimachinery.
 */
import { clone, isMap, type Json, type JsonMap } from '../api/merge/json.js';
import type { FieldPath, StrategyFor } from '../api/merge/strategy.js';
import { own, setKey } from '../util/own.js';

const PATCH = '$patch';

function directive(k: string): boolean {
  return k === PATCH || k === '$retainKeys' || k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/');
}

function strip(v: Json): Json {
  if (Array.isArray(v)) return v.map(strip);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) if (!directive(k)) setKey(out, k, strip(x));
  return out;
}

export function kyamlMerge(target: JsonMap, patch: JsonMap, strategy: StrategyFor): JsonMap {
  return mergeMap(target, patch, strategy, []);
}

function mergeMap(target: JsonMap, patch: JsonMap, strategy: StrategyFor, path: FieldPath): JsonMap {
  if (patch[PATCH] === 'replace') return strip(patch) as JsonMap;
  const out = clone(target);
  for (const [key, value] of Object.entries(patch)) {
    if (directive(key)) continue;
    const cur = own(out, key);
    if (value === null) delete out[key];
    else if (isMap(value)) {
      if (value[PATCH] === 'delete') delete out[key];
      else setKey(out, key, isMap(cur) ? mergeMap(cur, value, strategy, [...path, key]) : (strip(value) as JsonMap));
    } else if (Array.isArray(value)) {
      setKey(out, key, mergeList(Array.isArray(cur) ? cur : [], value, strategy, [...path, key]));
    } else setKey(out, key, value);
  }
  return out;
}

function mergeList(target: Json[], patch: Json[], strategy: StrategyFor, path: FieldPath): Json[] {
  const s = strategy(path);
  if (s.kind === 'replace') return strip(patch) as Json[];
  if (s.kind === 'mergePrimitive') {
    const out = [...patch];
    for (const v of target) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v))) out.push(v);
    return out;
  }
  if (patch.some((item) => isMap(item) && item[PATCH] === 'replace')) {
    return strip(patch.filter((item) => !(isMap(item) && item[PATCH] === 'replace'))) as Json[];
  }
  const keyOf = (v: Json) => (isMap(v) && s.key in v ? JSON.stringify(v[s.key]) : undefined);
  const out: Json[] = [];
  const used = new Set<number>();
  const deleted = new Set<string>();
  for (const item of patch) {
    const k = keyOf(item);
    const i = k === undefined ? -1 : target.findIndex((t, idx) => !used.has(idx) && keyOf(t) === k);
    if (isMap(item) && item[PATCH] === 'delete') {
      if (k !== undefined) deleted.add(k);
      if (i >= 0) used.add(i);
      continue;
    }
    if (i >= 0) {
      used.add(i);
      out.push(isMap(item) ? mergeMap(target[i] as JsonMap, item, strategy, path) : item);
    } else out.push(strip(item));
  }
  target.forEach((t, idx) => {
    if (!used.has(idx) && !(keyOf(t) !== undefined && deleted.has(keyOf(t)!))) out.push(t);
  });
  return out;
}
