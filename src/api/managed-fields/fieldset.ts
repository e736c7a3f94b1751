/**
 * Field sets as structured-merge-diff keeps them: a tree of path elements (`f:name`,
 * `k:{"name":"web"}`, `v:"x"`, `i:0`) whose nodes are members (owned themselves) or only
 * parents of owned fields. Serialized as the API server's FieldsV1: `{}` for a member leaf,
 * `.: {}` for a member with children.
 */

export interface FieldNode {
  member: boolean;
  children: Map<string, FieldNode>;
}

export function emptySet(): FieldNode {
  return { member: false, children: new Map() };
}

export function isEmpty(s: FieldNode): boolean {
  return !s.member && s.children.size === 0;
}

export function child(s: FieldNode, pe: string): FieldNode {
  let c = s.children.get(pe);
  if (!c) s.children.set(pe, (c = emptySet()));
  return c;
}

/** Inserts a path as a member. */
export function insert(s: FieldNode, path: readonly string[]): void {
  let n = s;
  for (const pe of path) n = child(n, pe);
  n.member = true;
}

export function has(s: FieldNode, path: readonly string[]): boolean {
  let n: FieldNode | undefined = s;
  for (const pe of path) {
    n = n.children.get(pe);
    if (!n) return false;
  }
  return n.member;
}

export function union(a: FieldNode, b: FieldNode): FieldNode {
  const out: FieldNode = { member: a.member || b.member, children: new Map() };
  for (const [k, v] of a.children) out.children.set(k, b.children.has(k) ? union(v, b.children.get(k)!) : copy(v));
  for (const [k, v] of b.children) if (!a.children.has(k)) out.children.set(k, copy(v));
  return out;
}

/** Members of `a` that are not members of `b` (parents left without members are dropped). */
export function difference(a: FieldNode, b: FieldNode): FieldNode {
  const out: FieldNode = { member: a.member && !b.member, children: new Map() };
  for (const [k, v] of a.children) {
    const other = b.children.get(k);
    const d = other ? difference(v, other) : copy(v);
    if (!isEmpty(d)) out.children.set(k, d);
  }
  return out;
}

export function intersection(a: FieldNode, b: FieldNode): FieldNode {
  const out: FieldNode = { member: a.member && b.member, children: new Map() };
  for (const [k, v] of a.children) {
    const other = b.children.get(k);
    if (!other) continue;
    const i = intersection(v, other);
    if (!isEmpty(i)) out.children.set(k, i);
  }
  return out;
}

/** Members of `a` and everything below them removed wherever `prefixes` has a member (RecursiveDifference). */
export function recursiveDifference(a: FieldNode, prefixes: FieldNode): FieldNode {
  if (prefixes.member) return emptySet();
  const out: FieldNode = { member: a.member, children: new Map() };
  for (const [k, v] of a.children) {
    const p = prefixes.children.get(k);
    const d = p ? recursiveDifference(v, p) : copy(v);
    if (!isEmpty(d)) out.children.set(k, d);
  }
  return out;
}

/** Only what lies under one top-level path element (`f:status`), or everything else. */
export function only(a: FieldNode, pe: string, keep: boolean): FieldNode {
  const out: FieldNode = { member: keep ? false : a.member, children: new Map() };
  for (const [k, v] of a.children) if ((k === pe) === keep) out.children.set(k, copy(v));
  return out;
}

export function copy(a: FieldNode): FieldNode {
  const out: FieldNode = { member: a.member, children: new Map() };
  for (const [k, v] of a.children) out.children.set(k, copy(v));
  return out;
}

/** Every member path, members of a node before its children's, each level in sorted order (Set.Iterate). */
export function memberPaths(s: FieldNode, prefix: string[] = [], out: string[][] = []): string[][] {
  const keys = [...s.children.keys()].sort();
  for (const k of keys) if (s.children.get(k)!.member) out.push([...prefix, k]);
  for (const k of keys) {
    const c = s.children.get(k)!;
    if (c.children.size) memberPaths(c, [...prefix, k], out);
  }
  return out;
}

export type FieldsV1 = { [key: string]: FieldsV1 };

export function toFieldsV1(s: FieldNode): FieldsV1 {
  const out: FieldsV1 = {};
  if (s.children.size === 0) return out;
  const keys = s.children.size === 1 ? [...s.children.keys()] : [...s.children.keys()].sort();
  if (s.member && keys.length) out['.'] = {};
  for (const k of keys) out[k] = toFieldsV1(s.children.get(k)!);
  return out;
}

export function fromFieldsV1(v: unknown): FieldNode {
  const out = emptySet();
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) out.member = true;
  for (const [k, c] of entries) {
    if (k === '.') out.member = true;
    else out.children.set(k, fromFieldsV1(c));
  }
  return out;
}

/** A path as the API server prints it in conflicts: `.spec.containers[name="web"].image`. */
export function pathString(path: readonly string[]): string {
  let s = '';
  for (const pe of path) {
    const body = pe.slice(2);
    if (pe.startsWith('f:')) s += `.${body}`;
    else if (pe.startsWith('k:')) {
      const key = JSON.parse(body) as Record<string, unknown>;
      s += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (pe.startsWith('v:')) s += `[=${body}]`;
    else s += `[${body}]`;
  }
  return s;
}
