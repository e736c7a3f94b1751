/**
 * A CustomResourceDefinition version's structural openAPIV3Schema applied to a custom resource as
 * the apiextensions-apiserver applies it: unknown fields pruned (and reported, for
 * fieldValidation), null values of non-nullable fields dropped, `default`s filled in top-down, then
 * kube-openapi's validation worded as ValidateCustomResource turns it into field errors
 * (`spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"`).
 */
import type { StatusCause } from '../../errors.js';
import { renderValue } from '../validation/semantic.js';
import { checkFormat } from './formats.js';

export interface Schema {
  type?: string;
  format?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  default?: unknown;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-validations'?: Array<{ rule: string; message?: string; messageExpression?: string; reason?: string; fieldPath?: string }>;
  [key: string]: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `spec`, `spec.items[0]`, `spec.labels.app`: kube-openapi's names for a position. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** The metadata fields an ObjectMeta has: what pruning keeps under any `metadata`. */
const OBJECT_META = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

/**
 * Removes, in place, the fields the schema does not declare (unless x-kubernetes-preserve-unknown-fields),
 * returning their paths sorted. apiVersion, kind and metadata are kept at the root and in
 * embedded resources.
 */
export function prune(value: unknown, schema: Schema | undefined, path = '', root = true): string[] {
  const unknown: string[] = [];
  pruneInto(value, schema, path, root, unknown);
  return unknown.sort();
}

function pruneInto(value: unknown, schema: Schema | undefined, path: string, typeMeta: boolean, unknown: string[]): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => pruneInto(v, schema.items, childPath(path, i), !!schema.items?.['x-kubernetes-embedded-resource'], unknown));
    return;
  }
  if (!isObj(value)) return;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const props = schema.properties;
  const additional = isObj(schema.additionalProperties) ? (schema.additionalProperties as Schema) : undefined;
  for (const key of Object.keys(value)) {
    const at = childPath(path, key);
    if (typeMeta && (key === 'apiVersion' || key === 'kind')) continue;
    if (typeMeta && key === 'metadata') {
      if (isObj(value.metadata)) {
        for (const mk of Object.keys(value.metadata)) {
          if (!OBJECT_META.has(mk)) {
            unknown.push(childPath(at, mk));
            delete value.metadata[mk];
          }
        }
      }
      continue;
    }
    const sub = props?.[key] ?? additional;
    if (sub) {
      pruneInto(value[key], sub, at, sub['x-kubernetes-embedded-resource'] === true, unknown);
    } else if (!preserve && schema.additionalProperties !== true) {
      unknown.push(at);
      delete value[key];
    }
  }
}

/**
 * Fills in defaults, in place, top-down (a defaulted object gets its own nested defaults), after
 * dropping nulls of non-nullable fields (replaced by the default where there is one).
 */
export function applyDefaults(value: unknown, schema: Schema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    if (schema.items) for (const v of value) applyDefaults(v, schema.items);
    return;
  }
  if (!isObj(value)) return;
  const props = schema.properties ?? {};
  for (const [key, sub] of Object.entries(props)) {
    if (value[key] === null && !sub.nullable) delete value[key];
    if (!(key in value) && sub.default !== undefined) value[key] = structuredClone(sub.default);
  }
  const additional = isObj(schema.additionalProperties) ? (schema.additionalProperties as Schema) : undefined;
  for (const key of Object.keys(value)) {
    const sub = props[key] ?? additional;
    if (!sub) continue;
    if (value[key] === null && !props[key] && !sub.nullable) {
      if (sub.default !== undefined) value[key] = structuredClone(sub.default);
      else delete value[key];
    }
    applyDefaults(value[key], sub);
  }
}

/** Go's %v for a float64 (how kube-openapi prints bounds): exponent form below 1e-4 and from 1e+06. */
export function goFloat(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return String(n);
  const [mantissa, exp] = n.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(n);
}

/** The JSON type kube-openapi sees: `integer` for whole numbers. */
export function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

const invalid = (field: string, value: unknown, detail: string): StatusCause => ({ field, message: `Invalid value: ${renderValue(value)}: ${detail}` });

/** Every field error of `value` against `schema`, in kube-openapi's order per node. */
export function validate(value: unknown, schema: Schema, path: string, out: StatusCause[] = []): StatusCause[] {
  const name = path || '.';
  if (value === null || value === undefined) {
    if (!schema.nullable && (schema.type || schema['x-kubernetes-int-or-string'])) {
      const t = schema['x-kubernetes-int-or-string'] ? 'integer,string' : schema.type!;
      out.push(invalid(path, 'null', `${name} in body must be of type ${t}: "null"`));
    }
    return out;
  }
  const actual = jsonType(value);
  if (schema['x-kubernetes-int-or-string']) {
    if (actual !== 'integer' && actual !== 'string') {
      out.push(invalid(path, actual, `${name} in body must be of type integer,string: ${JSON.stringify(actual)}`));
      return out;
    }
  } else if (schema.type && !(schema.type === actual || (schema.type === 'number' && actual === 'integer'))) {
    out.push(invalid(path, actual, `${name} in body must be of type ${schema.type}: ${JSON.stringify(actual)}`));
    return out;
  }
  for (const sub of schema.allOf ?? []) validate(value, { ...sub, type: undefined }, path, out);
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      out.push({ field: path, message: `Too long: may not be more than ${schema.maxLength} bytes` });
    }
    if (schema.minLength !== undefined && length < schema.minLength) {
      out.push(invalid(path, value, `${name} in body should be at least ${schema.minLength} chars long`));
    }
    if (schema.pattern !== undefined && !patternMatches(schema.pattern, value)) {
      out.push(invalid(path, value, `${name} in body should match '${schema.pattern}'`));
    }
    if (schema.format && !checkFormat(schema.format, value)) {
      out.push(invalid(path, value, `${name} in body must be of type ${schema.format}: ${JSON.stringify(value)}`));
    }
  }
  if (typeof value === 'number') {
    if (schema.multipleOf !== undefined && schema.multipleOf !== 0 && !Number.isInteger(value / schema.multipleOf)) {
      out.push(invalid(path, value, `${name} in body should be a multiple of ${goFloat(schema.multipleOf)}`));
    }
    if (schema.maximum !== undefined) {
      if (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum) {
        const words = schema.exclusiveMaximum ? 'less than' : 'less than or equal to';
        out.push(invalid(path, value, `${name} in body should be ${words} ${goFloat(schema.maximum)}`));
      }
    }
    if (schema.minimum !== undefined) {
      if (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum) {
        const words = schema.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
        out.push(invalid(path, value, `${name} in body should be ${words} ${goFloat(schema.minimum)}`));
      }
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      out.push(invalid(path, value.length, `${name} in body should have at least ${schema.minItems} items`));
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      out.push({ field: path, message: `Too many: ${value.length}: must have at most ${schema.maxItems} ${schema.maxItems === 1 ? 'item' : 'items'}` });
    }
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      out.push(invalid(path, value, `${name} in body shouldn't contain duplicates`));
    }
    if (schema.items) value.forEach((v, i) => validate(v, schema.items!, childPath(path, i), out));
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    const supported = schema.enum.map((e) => (typeof e === 'string' ? JSON.stringify(e) : JSON.stringify(JSON.stringify(e))));
    out.push({ field: path, message: `Unsupported value: ${renderValue(value)}: supported values: ${supported.join(', ')}` });
  }
  if (isObj(value)) {
    const count = Object.keys(value).length;
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      out.push({ field: path, message: `Too many: ${count}: must have at most ${schema.maxProperties} ${schema.maxProperties === 1 ? 'item' : 'items'}` });
    }
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      out.push(invalid(path, count, `${name} in body should have at least ${schema.minProperties} properties`));
    }
    for (const req of schema.required ?? []) {
      if (value[req] === undefined) out.push({ field: childPath(path, req), message: 'Required value' });
    }
    const props = schema.properties ?? {};
    const additional = isObj(schema.additionalProperties) ? (schema.additionalProperties as Schema) : undefined;
    // Keys in sorted order: what kubectl sends (it marshals maps sorted), so the CLI and serve agree.
    for (const key of Object.keys(value).sort()) {
      const sub = props[key] ?? additional;
      if (sub && !(path === '' && (key === 'metadata' || key === 'apiVersion' || key === 'kind') && !props[key])) {
        validate(value[key], sub, childPath(path, key), out);
      }
    }
    if (schema['x-kubernetes-embedded-resource']) checkEmbedded(value, path, out);
  }
  return out;
}

/** apiVersion and kind of an x-kubernetes-embedded-resource, as validateEmbeddedResource checks them. */
function checkEmbedded(value: Obj, path: string, out: StatusCause[]): void {
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') {
    out.push({ field: childPath(path, 'apiVersion'), message: 'Required value: must not be empty' });
  }
  if (typeof value.kind !== 'string' || value.kind === '') {
    out.push({ field: childPath(path, 'kind'), message: 'Required value: must not be empty' });
  }
}

const patterns = new Map<string, RegExp | null>();

/** ECMA-262 regexps cover what CRD patterns use (RE2 syntax without backreferences). */
function patternMatches(pattern: string, value: string): boolean {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re === null || re.test(value);
}
