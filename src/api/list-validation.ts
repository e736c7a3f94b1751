/**
 * kubectl's client-side schema validation of a `v1 List` document. The API server never validates a
 * List (there is no List resource to ask for fieldValidation), so kubectl checks each item itself
 * against the OpenAPI v2 definitions before anything is sent, and refuses the whole document at
 * the first fault (kube-openapi's validation: types, unknown fields, required fields, nulls).
 * Kinds the document does not define are not checked, as there.
 */
import { numberLiteral } from './json-numbers.js';
import { CliError } from '../errors.js';
import { byteCompare } from '../printers/go-values.js';
import { parseGroupVersion, type Definitions, type Gvk, type Model } from './openapi-v2-models.js';

/** What is wrong with the List's items, in kubectl's words; empty when nothing is. */
export function listItemErrors(list: Record<string, unknown>, defs: Definitions): string[] {
  const items = list.items;
  if (!Array.isArray(items)) return ['invalid object to validate'];
  const errors: string[] = [];
  for (const item of items) {
    const kind = objectKind(item);
    if (typeof kind === 'object' && 'errors' in kind) {
      errors.push(...kind.errors);
      continue;
    }
    const model = defs.lookup(kind);
    if (model) errors.push(...validateValue(defs, item, model, kind.kind));
  }
  return errors;
}

/** kubectl's getObjectKind: the item's group, version and kind, or what keeps them from being read. */
function objectKind(item: unknown): Gvk | { errors: string[] } {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { errors: ['invalid object to validate'] };
  const o = item as Record<string, unknown>;
  const errors: string[] = [];
  let group = '';
  let version = '';
  if (o.apiVersion === undefined || o.apiVersion === null) errors.push('apiVersion not set');
  else if (typeof o.apiVersion !== 'string') errors.push("apiVersion isn't string type");
  else {
    try {
      ({ group, version } = parseGroupVersion(o.apiVersion));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      errors.push(e.message);
    }
  }
  if (o.kind === undefined || o.kind === null) errors.push('kind not set');
  else if (typeof o.kind !== 'string') errors.push("kind isn't string type");
  return errors.length ? { errors } : { group, version, kind: o.kind as string };
}

/** The kind of a value as kube-openapi's validator names it. */
function valueKind(v: unknown): 'map' | 'array' | 'boolean' | 'integer' | 'number' | 'string' {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  // A number JavaScript cannot hold as written (json-numbers.ts) is one all the same: a float if written as one.
  const literal = numberLiteral(v);
  if (literal !== undefined) return /[.eE]/.test(literal) ? 'number' : 'integer';
  return 'string';
}

const invalidType = (item: string, schema: string, got: string, expected: string) => `ValidationError(${item}): invalid type for ${schema}: got "${got}", expected "${expected}"`;
const nilAt = (path: string) => `unknown object type "nil" in ${path}`;

/** The faults of `v` (not null) at item path `path` against `m`, in the validator's order. */
function validateValue(defs: Definitions, v: unknown, m: Model, path: string): string[] {
  if (m.t === 'ref') return validateValue(defs, v, defs.resolve(m), path);
  if (m.t === 'arbitrary') return [];
  const kind = valueKind(v);
  if (kind === 'map') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj).sort(byteCompare);
    switch (m.t) {
      case 'primitive':
        return [invalidType(path, m.path, 'map', m.type)];
      case 'array':
        return [invalidType(path, m.path, 'map', 'array')];
      case 'map':
        return keys.flatMap((k) => (obj[k] === null ? [nilAt(`${path}.${k}`)] : validateValue(defs, obj[k], m.sub, `${path}.${k}`)));
      case 'kind': {
        const errors: string[] = [];
        for (const k of keys) {
          if (obj[k] === null) continue;
          const field = m.fields[k];
          if (!field) errors.push(`ValidationError(${path}): unknown field "${k}" in ${m.path}`);
          else errors.push(...validateValue(defs, obj[k], field, `${path}.${k}`));
        }
        for (const r of m.required) if (obj[r] === undefined || obj[r] === null) errors.push(`ValidationError(${path}): missing required field "${r}" in ${m.path}`);
        return errors;
      }
    }
  }
  if (kind === 'array') {
    const list = v as unknown[];
    switch (m.t) {
      case 'primitive':
        return [invalidType(path, m.path, 'array', m.type)];
      case 'array':
        return list.flatMap((el, i) => (el === null ? [`ValidationError(${path}): ${nilAt(`${path}[${i}]`)}`] : validateValue(defs, el, m.sub, `${path}[${i}]`)));
      default:
        return [invalidType(path, m.path, 'array', 'map')];
    }
  }
  switch (m.t) {
    case 'primitive':
      if (m.type === 'string' || (m.type === 'boolean' && kind === 'boolean') || ((m.type === 'integer' || m.type === 'number') && (kind === 'integer' || kind === 'number'))) return [];
      return [invalidType(path, m.path, kind, m.type)];
    case 'array':
      return [invalidType(path, m.path, kind, 'array')];
    default:
      return [invalidType(path, m.path, kind, 'map')];
  }
}
