/**
 * The API server's decoding step: the body is unmarshalled into the kind's Go struct, which fails on
 * wrong JSON types, bad base64 and bad quantities (first error in document order), and, in strict
 * mode, reports every unknown and duplicate field. The precompiled validator of the kind
 * (dist/validators/<name>.cjs, built from schemas/) finds the problems; this module words them as
 * the API server does. Only the validator of the kind being written is loaded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireWithCodeCache } from '../../util/code-cache.js';
import { packageRoot } from '../../util/paths.js';
import { setKey } from '../../util/own.js';
import { setAt, type MarkedNumber } from '../json-numbers.js';

const validatorsDir = (): string => join(packageRoot(), 'dist', 'validators');
const schemasDir = (): string => join(packageRoot(), 'schemas');

export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, any>;
}

type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
type JsonSchema = Record<string, any>;

let kindIndex: Record<string, string> | undefined;
const validators = new Map<string, Validator>();
const schemas = new Map<string, JsonSchema>();

/** The schema (and validator) name for a manifest's apiVersion and kind; `Object` = permissive fallback. */
export function schemaNameFor(apiVersion: string, kind: string): string {
  kindIndex ??= JSON.parse(readFileSync(join(validatorsDir(), 'index.json'), 'utf8')) as Record<string, string>;
  return kindIndex[`${apiVersion}/${kind}`] ?? 'Object';
}

/** Names of the validators this process has loaded (tests check that writes load only their kind's). */
export function loadedValidators(): string[] {
  return [...validators.keys()];
}

export function loadValidator(name: string): Validator {
  let v = validators.get(name);
  if (!v) {
    v = requireWithCodeCache(join(validatorsDir(), `${name}.cjs`)) as Validator;
    validators.set(name, v);
  }
  return v;
}

/** The JSON schema itself: read only when an error needs Go type names. */
function loadSchema(name: string): JsonSchema {
  let s = schemas.get(name);
  if (!s) {
    s = JSON.parse(readFileSync(join(schemasDir(), `${name}.json`), 'utf8')) as JsonSchema;
    schemas.set(name, s);
  }
  return s;
}

/** `/spec/containers/0/name` → ['spec', 0, 'name'] (numbers are array indices). */
export function splitPointer(pointer: string, data: unknown): Array<string | number> {
  if (!pointer) return [];
  const out: Array<string | number> = [];
  let cur: any = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur?.[seg];
    }
  }
  return out;
}

/** Kubernetes field path: `spec.containers[0].image`. */
export function fieldPath(segments: Array<string | number>): string {
  let s = '';
  for (const seg of segments) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s ? `.${seg}` : seg;
  }
  return s;
}

/**
 * Orders paths as a decoder meets them in the JSON kubectl sends (object keys sorted, array
 * elements in order), so the first error reported is the one the API server reports.
 */
export function compareDocumentOrder(a: Array<string | number>, b: Array<string | number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

function resolve(root: JsonSchema, s: JsonSchema | undefined): JsonSchema | undefined {
  let cur = s;
  while (cur && typeof cur.$ref === 'string') {
    cur = root.definitions?.[cur.$ref.replace('#/definitions/', '')];
  }
  return cur;
}

/** Go's `Struct.field.path` and the Go type of the value at `segments`, as encoding/json names them. */
function goContext(root: JsonSchema, segments: Array<string | number>): { struct: string; path: string[]; goType: string } {
  let s = resolve(root, root);
  let struct = root['x-struct'] as string;
  const path: string[] = [];
  for (const seg of segments) {
    if (!s) break;
    if (typeof seg === 'number') {
      s = resolve(root, s.items);
    } else if (s.properties && seg in s.properties) {
      struct = s['x-struct'] ?? struct;
      path.push(seg);
      s = resolve(root, s.properties[seg]);
    } else {
      s = resolve(root, typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    }
  }
  return { struct, path, goType: (s?.['x-go'] as string) ?? 'interface {}' };
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function valueAt(data: unknown, segments: Array<string | number>): unknown {
  let cur: any = data;
  for (const seg of segments) cur = cur?.[seg];
  return cur;
}

/** Go integer types: a number that is no integer of the type is named in the error. */
const INT_TYPES = new Set(['int32', 'int64']);

/**
 * Types with their own UnmarshalJSON decode through a plainer Go type, which the error names:
 * IntOrString's number form is an int32, a Time is a string.
 */
const DECODED_AS: Record<string, string> = { 'intstr.IntOrString': 'int32', 'v1.Time': 'string', 'v1.MicroTime': 'string' };

/** encoding/json's UnmarshalTypeError text for a value that does not fit its Go field. */
function typeErrorMessage(root: JsonSchema, data: unknown, segments: Array<string | number>): string {
  const { struct, path, goType } = goContext(root, segments);
  const value = valueAt(data, segments);
  const kind = jsonKind(value);
  if (goType === 'resource.Quantity') return QUANTITY_ERROR;
  const type = DECODED_AS[goType] ?? goType;
  const desc = kind === 'number' && INT_TYPES.has(type) ? `number ${String(value)}` : kind;
  if (path.length === 0) return `json: cannot unmarshal ${desc} into Go value of type ${type}`;
  return `json: cannot unmarshal ${desc} into Go struct field ${struct}.${path.join('.')} of type ${type}`;
}

const QUANTITY_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const BASE64 = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

/** Offset of the first byte Go's base64.StdEncoding rejects, or -1 when the text decodes. */
export function base64ErrorOffset(src: string): number {
  let si = 0;
  const isNewline = (c: string | undefined): boolean => c === '\n' || c === '\r';
  while (si < src.length) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return -1;
        return si - j;
      }
      const c = src[si]!;
      si++;
      if (BASE64.has(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== '=') return si - 1;
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== '=') return si - 1;
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      return si < src.length ? si : -1;
    }
  }
  return -1;
}

/** Patterns of the schemas (see scripts/build-validators.mjs) stand for Go types with their own decoding. */
function patternErrorMessage(pattern: string, value: unknown): string | undefined {
  if (pattern.includes('==')) {
    const at = base64ErrorOffset(String(value));
    return at >= 0 ? `illegal base64 data at input byte ${at}` : undefined;
  }
  return QUANTITY_ERROR;
}

export interface DecodeResult {
  /** The first decoding error (wrong type, bad base64 or quantity): the server reports only it. */
  decodeError?: string;
  /** Paths of unknown fields, in decoder order. */
  unknownFields: Array<Array<string | number>>;
  /** Required fields that are missing or empty. */
  missing: Array<Array<string | number>>;
  /** Marked numbers (see json-numbers.ts) that decode, with the number each becomes. */
  numbers: Array<{ segments: Array<string | number>; value: number }>;
}

const INT_RANGE: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** What Go's decoder makes of a number JavaScript could not hold as written: a value, or its error. */
function decodeNumber(root: JsonSchema, n: MarkedNumber): { value: number } | { error: string } {
  const { struct, path, goType } = goContext(root, n.segments);
  const type = DECODED_AS[goType] ?? goType;
  const into = path.length === 0 ? `Go value of type ${type}` : `Go struct field ${struct}.${path.join('.')} of type ${type}`;
  const range = INT_RANGE[type];
  if (range) {
    const ok = /^-?\d+$/.test(n.literal) && BigInt(n.literal) >= range[0] && BigInt(n.literal) <= range[1];
    return ok ? { value: Number(n.literal) } : { error: `json: cannot unmarshal number ${n.literal} into ${into}` };
  }
  if (type === 'float64' || type.includes('interface {}')) {
    const value = Number(n.literal);
    return Number.isFinite(value) ? { value } : { error: `json: cannot unmarshal number ${n.literal} into ${into.replace(/of type .*$/, 'of type float64')}` };
  }
  return { error: `json: cannot unmarshal number into ${into}` };
}

/** Runs the kind's validator on `data` (null-free, see stripNulls) and classifies what it found. */
export function decode(name: string, data: unknown, marked: MarkedNumber[] = []): DecodeResult {
  const validate = loadValidator(name);
  const result: DecodeResult = { unknownFields: [], missing: [], numbers: [] };
  const typeErrors: Array<{ segments: Array<string | number>; message: string }> = [];
  let root: JsonSchema | undefined;
  const refused = new Set<string>();
  for (const n of marked) {
    root ??= loadSchema(name);
    const outcome = decodeNumber(root, n);
    if ('value' in outcome) {
      setAt(data, n.segments, outcome.value);
      result.numbers.push({ segments: n.segments, value: outcome.value });
    } else {
      typeErrors.push({ segments: n.segments, message: outcome.error });
      refused.add(JSON.stringify(n.segments));
    }
  }
  const ok = validate(data);
  const errors = ok ? [] : (validate.errors ?? []);
  for (const e of errors) {
    const segments = splitPointer(e.instancePath, data);
    if (refused.has(JSON.stringify(segments))) continue;
    if (e.keyword === 'additionalProperties') {
      result.unknownFields.push([...segments, e.params.additionalProperty as string]);
    } else if (e.keyword === 'required') {
      result.missing.push([...segments, e.params.missingProperty as string]);
    } else if (e.keyword === 'minLength') {
      result.missing.push(segments);
    } else if (e.keyword === 'type' || e.keyword === 'minimum' || e.keyword === 'maximum') {
      root ??= loadSchema(name);
      typeErrors.push({ segments, message: typeErrorMessage(root, data, segments) });
    } else if (e.keyword === 'pattern') {
      const message = patternErrorMessage(e.params.pattern as string, valueAt(data, segments));
      if (message) typeErrors.push({ segments, message });
    }
  }
  if (typeErrors.length) {
    typeErrors.sort((a, b) => compareDocumentOrder(a.segments, b.segments));
    result.decodeError = typeErrors[0]!.message;
  }
  result.unknownFields.sort(compareDocumentOrder);
  return result;
}

/** A copy without null-valued object fields: encoding/json leaves such fields at their zero value. */
export function stripNulls<T>(v: T): T {
  if (Array.isArray(v)) return v.map(stripNulls) as T;
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
    if (child !== null) setKey(out, k, stripNulls(child));
  }
  return out as T;
}
