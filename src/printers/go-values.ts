/**
 * How Go prints JSON-decoded values. kubectl's printers see objects as Go
 * `map[string]interface{}` trees: integers are int64 and other numbers float64 when the
 * object was decoded as "unstructured" (yaml, json, jsonpath, custom-columns, --sort-by),
 * but every number is a float64 in go-templates (json.Unmarshal into interface{}).
 */

import { numberLiteral, unmarkJson } from '../api/json-numbers.js';

/** 2^63, int64's bound (9223372036854775807 as a double is this). */
const TWO_63 = 2 ** 63;

/** Go `strconv.FormatFloat(f, 'g', -1, 64)`, which is also fmt's `%v` for a float64. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  // Shortest digits; exponent form outside [1e-4, 1e6), with at least two exponent digits.
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

/**
 * Go `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest digits that read back as the same float32
 * (`3.14159265358979` is `3.1415927`, `1e7` is `1e+07`; past float32's range, `+Inf`).
 */
export function goFloat32(f: number): string {
  const x = Math.fround(f);
  if (!Number.isFinite(x) || x === 0) return goFloat(x);
  for (let digits = 1; digits < 9; digits++) {
    const text = x.toExponential(digits - 1);
    if (Math.fround(Number(text)) === x) return goFloat(Number(text));
  }
  return goFloat(Number(x.toExponential(8)));
}

/**
 * True when Go's unstructured decoding would have produced an int64 for this number, read from
 * its JSON text: -2^63 as a double is written -9223372036854776000, past int64's range.
 */
export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && n > -TWO_63 && n < TWO_63;
}

/**
 * An unstructured number as Go prints it: int64 digits, else a float64 (`%v`). The digits are the
 * JSON text's (String(n)), which is what Go decoded the int64 from: 2^60 as a double is written
 * 1152921504606847000, not its exact 1152921504606846976.
 */
export function goNumber(n: number, asFloat = false): string {
  return !asFloat && isGoInt(n) ? String(n) : goFloat(n);
}

/**
 * The digits of an int64 JavaScript cannot hold, kept as a marked literal (json-numbers.ts) by a
 * manifest decoded on the client: Go prints the int64 itself. Undefined for anything else.
 */
export function int64Literal(v: unknown): string | undefined {
  const literal = numberLiteral(v);
  return literal !== undefined && isInt64Literal(literal) ? literal : undefined;
}

export function isInt64Literal(literal: string): boolean {
  return /^-?[0-9]{1,19}$/.test(literal) && BigInt(literal) >= -(2n ** 63n) && BigInt(literal) < 2n ** 63n;
}

function sortedKeys(o: object): string[] {
  return Object.keys(o).sort(byteCompare);
}

/** Go string order (bytewise UTF-8, which for BMP text equals code unit order except surrogates). */
export function byteCompare(a: string, b: string): number {
  if (a === b) return 0;
  // Without surrogates, UTF-16 code unit order is UTF-8 byte order.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const SURROGATE = /[\ud800-\udfff]/;

/** fmt.Sprint of a JSON value: `map[k:v]`, `[a b]`, `<nil>`. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return int64Literal(v) ?? v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => goSprint(x)).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${sortedKeys(o)
    .map((k) => `${k}:${goSprint(o[k])}`)
    .join(' ')}]`;
}

/** Go strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && c < 0xa0) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c === 0xfeff || c === 0xfffe || c === 0xffff || (c >= 0xd800 && c < 0xe000)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** fmt's `%#v` of a JSON value (map[string]interface {}{...}), as jsonpath error dumps show it. */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return int64Literal(v) ?? goQuote(v);
  if (typeof v === 'number') return isGoInt(v) ? String(v) : goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x)).join(', ')}}`;
  const o = v as Record<string, unknown>;
  return `map[string]interface {}{${sortedKeys(o)
    .map((k) => `${goQuote(k)}:${goSharpV(o[k])}`)
    .join(', ')}}`;
}

/** Go's encoding/json escapes <, > and & (HTML safety) and U+2028/U+2029 inside strings. */
function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The shape of a typed Go value, for encoding/json's field order: a struct's fields come in
 * declaration order, a map's keys sorted. Without a shape every object is a map.
 */
export interface GoShape {
  /** The keys of `o` in the order Go writes them. */
  keys(o: Record<string, unknown>): string[];
  /** The shape of a field or map value. */
  child(key: string): GoShape | undefined;
  /** The shape of a list's items. */
  item(): GoShape | undefined;
}

/** Go json.Marshal / MarshalIndent(v, "", indent) of a JSON value: map keys sorted bytewise. */
function encode(v: unknown, indent: string, prefix: string, shape?: GoShape): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return int64Literal(v) ?? jsonString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  const nl = indent ? `\n${prefix}${indent}` : '';
  const end = indent ? `\n${prefix}` : '';
  const sep = indent ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const item = shape?.item();
    return `[${v.map((x) => nl + encode(x, indent, prefix + indent, item)).join(',')}${end}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = (shape ? shape.keys(o) : sortedKeys(o)).filter((k) => o[k] !== undefined);
  if (keys.length === 0) return '{}';
  return `{${keys.map((k) => `${nl}${jsonString(k)}${sep}${encode(o[k], indent, prefix + indent, shape?.child(k))}`).join(',')}${end}}`;
}

/** Go json.Marshal: compact, keys sorted. */
export function goJson(v: unknown): string {
  return encode(v, '', '');
}

/** A copy of a JSON value with every object's keys in Go's (bytewise) order. */
function sortedCopy(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(sortedCopy);
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of sortedKeys(o)) if (o[k] !== undefined) out[k] = sortedCopy(o[k]);
  return out;
}

/** Whether JSON.stringify of sortedCopy(v) writes every object's keys in Go's order. */
function stringifiedInOrder(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every(stringifiedInOrder);
  const keys = Object.keys(v);
  for (const k of keys) if (k === '__proto__' || (keys.length > 1 && ARRAY_INDEX.test(k) && Number(k) < 4294967295)) return false;
  return keys.every((k) => stringifiedInOrder((v as Record<string, unknown>)[k]));
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * goJsonIndent(v, '    ') of a plain JSON value, each line after the first prefixed with `prefix`
 * (an item inside a List), by the native JSON.stringify: a few times faster on big lists. Go's
 * escapes of <, >, & and U+2028/9 can only be inside strings, so they are applied to the text.
 */
export function goJsonIndent4(v: unknown, prefix = ''): string {
  // An object holds keys that are array indices ("10", "9") before the others, in numeric order,
  // and its own `__proto__` only as defineProperty makes it: then the text is made key by key.
  if (!stringifiedInOrder(v)) return encode(v, '    ', prefix);
  let text = JSON.stringify(sortedCopy(v), null, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (prefix) text = text.replace(/\n/g, `\n${prefix}`);
  return unmarkJson(text);
}

/** Go json.MarshalIndent(v, "", indent). */
export function goJsonIndent(v: unknown, indent = '    '): string {
  return encode(v, indent, '');
}

/** An object's keys in the order it was built (one kubectl-lite builds in Go's field order). */
export const AS_BUILT: GoShape = { keys: (o) => Object.keys(o), child: () => AS_BUILT, item: () => AS_BUILT };

/** Go json.Marshal of a typed value: compact, struct fields in declaration order. */
export function goJsonShaped(v: unknown, shape: GoShape | undefined): string {
  return encode(v, '', '', shape);
}

/** Go json.MarshalIndent of a typed value: struct fields in declaration order. */
export function goJsonIndentShaped(v: unknown, shape: GoShape | undefined, indent = '    '): string {
  return encode(v, indent, '', shape);
}
