/**
 * Numbers JavaScript cannot hold as written. Go decodes a JSON number straight into its field's
 * type, so `1e400`, `9223372036854775808` or `1.0` in an int32 field fail with the literal in the
 * message (`cannot unmarshal number 1e400 into Go struct field ... of type int32`), where
 * JSON.parse would have made them Infinity, a rounded integer or 1. Such a number is read as a
 * marked string holding its literal, and decoding (validation/decode.ts) decides what it becomes.
 */
import { hasKey } from '../util/own.js';

const MARK = '\u0000number:';

let marked = 0;

/** The literal of a marked number, or undefined. */
export function numberLiteral(v: unknown): string | undefined {
  return typeof v === 'string' && v.startsWith(MARK) ? v.slice(MARK.length) : undefined;
}

/** A marked number as JSON.stringify writes the string holding it. */
const MARKED_IN_JSON = /"\\u0000number:(-?[0-9][0-9.eE+-]*)"/g;

/** JSON.stringify's text of a value, each marked number in it written as its literal again. */
export function unmarkJson(text: string): string {
  return marked === 0 || !text.includes('"\\u0000number:') ? text : text.replace(MARKED_IN_JSON, '$1');
}

/**
 * Marks a number literal whose value JavaScript would change in a way Go's decoder tells apart:
 * out of range, an integer beyond 2^53, or an integral value written as a float (`1.0`, `1e2`),
 * which Go refuses for an integer field. Other fractions stay numbers.
 */
export function markIfInexact(literal: string, value: number): number | string {
  const exact = Number.isFinite(value) && (!Number.isInteger(value) || (Number.isSafeInteger(value) && String(value) === literal));
  if (exact) return value;
  marked++;
  return MARK + literal;
}

/** Deepest nesting kubectl-lite reads (see MAX_DEPTH in yaml-documents.ts, which shares it). */
export const MAX_JSON_DEPTH = 1000;

/** True when brackets outside strings nest deeper than MAX_JSON_DEPTH (only long texts can). */
export function tooDeep(text: string): boolean {
  if (text.length <= 2 * MAX_JSON_DEPTH) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 91 || c === 123 /* [ { */) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

/** JSON.parse, except that numbers other than safe integers keep their literal (see above). */
export function parseJson(text: string): unknown {
  if (tooDeep(text)) throw new SyntaxError(`nesting deeper than ${MAX_JSON_DEPTH} levels is not supported by kubectl-lite`);
  if (!/[.eE]|\d{16}/.test(text)) return JSON.parse(text);
  let out = '';
  let last = 0;
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
      const literal = text.slice(i, j);
      const value = Number(literal);
      // Not a JSON number (`01`, `1.`): left for JSON.parse to refuse.
      const kept = Number.isNaN(value) || !JSON_NUMBER.test(literal) ? value : markIfInexact(literal, value);
      if (typeof kept === 'string') {
        out += text.slice(last, i) + JSON.stringify(kept);
        last = j;
        changed = true;
      }
      i = j - 1;
    }
  }
  return JSON.parse(changed ? out + text.slice(last) : text);
}

export interface MarkedNumber {
  segments: Array<string | number>;
  literal: string;
}

/** Every marked number in `v`, with its path; nothing is walked unless this process marked one. */
export function markedNumbers(v: unknown): MarkedNumber[] {
  const found: MarkedNumber[] = [];
  if (marked === 0) return found;
  const walk = (x: unknown, path: Array<string | number>): void => {
    const literal = numberLiteral(x);
    if (literal !== undefined) found.push({ segments: path, literal });
    else if (Array.isArray(x)) x.forEach((item, i) => walk(item, [...path, i]));
    else if (typeof x === 'object' && x !== null) for (const k of Object.keys(x)) walk((x as Record<string, unknown>)[k], [...path, k]);
  };
  walk(v, []);
  return found;
}

/** Replaces the value at `segments` (which must exist). */
export function setAt(root: unknown, segments: Array<string | number>, value: unknown): void {
  let cur: any = root;
  for (const seg of segments.slice(0, -1)) cur = cur[seg];
  const last = segments[segments.length - 1]!;
  if (typeof last === 'string' && !hasKey(cur, last)) return;
  cur[last] = value;
}
