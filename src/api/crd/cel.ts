/**
 * x-kubernetes-validations: CEL rules evaluated where the schema declares them, with `self` the value
 * there and `oldSelf` the stored one (transition rules run on update only, when an old value exists).
 * The evaluator, @marcbachmann/cel-js, is required on the first rule evaluated, never by a write
 * whose schema has no rule. Part of Kubernetes' own CEL libraries is added (cel-k8s.ts); a rule using
 * the rest (url(), ip(), quantity() values, ...) fails with the evaluator's message.
 */
import type { StatusCause } from '../../errors.js';
import { registerKubernetesLibraries } from './cel-k8s.js';
import { childPath, type Schema } from './schema.js';
import { requireFrom } from '../../util/lazy-require.js';

type Rule = NonNullable<Schema['x-kubernetes-validations']>[number];
type Program = (ctx: Record<string, unknown>) => unknown;
interface CelModule {
  Environment: new (opts: Record<string, unknown>) => { parse(expr: string): Program };
}

let env: { parse(expr: string): Program } | undefined;
const programs = new Map<string, Program | Error>();

function compile(expr: string): Program | Error {
  let p = programs.get(expr);
  if (p === undefined) {
    if (!env) {
      const cel = requireFrom(import.meta.url)('@marcbachmann/cel-js') as CelModule;
      env = new cel.Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
      registerKubernetesLibraries(env as unknown as Parameters<typeof registerKubernetesLibraries>[0]);
    }
    try {
      p = env.parse(expr);
    } catch (e) {
      p = e instanceof Error ? e : new Error(String(e));
    }
    programs.set(expr, p);
  }
  return p;
}

/** The first line of an evaluator error, as CEL words it (lower-case first letter). */
function firstLine(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A rule that does not compile: the CRD is refused with this (undefined when it compiles). */
export function compileError(rule: string): string | undefined {
  const p = compile(rule);
  return p instanceof Error ? `compilation failed: ${firstLine(p)}` : undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value as CEL sees it under the schema: integers are ints, date-time strings timestamps. */
function toCel(value: unknown, schema: Schema | undefined): unknown {
  if (typeof value === 'number') return schema?.type !== 'number' && Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' && schema?.format === 'date-time') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : d;
  }
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items));
  if (isObj(value)) {
    const additional = isObj(schema?.additionalProperties) ? (schema!.additionalProperties as Schema) : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCel(v, schema?.properties?.[k] ?? additional);
    return out;
  }
  return value;
}

const usesOldSelf = (rule: Rule) => /\boldSelf\b/.test(rule.rule);

function cause(path: string, rule: Rule, schema: Schema, message: string): StatusCause {
  const field = rule.fieldPath ? `${path}${rule.fieldPath.startsWith('.') || rule.fieldPath.startsWith('[') ? '' : '.'}${rule.fieldPath}`.replace(/^\./, '') : path;
  const at = field || '<nil>';
  if (rule.reason === 'FieldValueForbidden') return { field: at, message: `Forbidden: ${message}` };
  if (rule.reason === 'FieldValueRequired') return { field: at, message: `Required value: ${message}` };
  return { field: at, message: `Invalid value: ${JSON.stringify(schema.type ?? 'object')}: ${message}` };
}

function evalRules(value: unknown, old: unknown, schema: Schema, path: string, out: StatusCause[]): void {
  const rules = schema['x-kubernetes-validations'];
  if (!rules?.length) return;
  const self = toCel(value, schema);
  const oldSelf = old === undefined ? undefined : toCel(old, schema);
  for (const rule of rules) {
    if (usesOldSelf(rule) && old === undefined) continue;
    const program = compile(rule.rule);
    if (program instanceof Error) {
      out.push(cause(path, rule, schema, `compilation failed: ${firstLine(program)}`));
      continue;
    }
    let result: unknown;
    try {
      result = program(oldSelf === undefined ? { self } : { self, oldSelf });
    } catch (e) {
      out.push(cause(path, rule, schema, `${firstLine(e)} evaluating rule: ${rule.rule}`));
      continue;
    }
    if (result === true) continue;
    if (result !== false) {
      out.push(cause(path, rule, schema, `rule did not evaluate to a bool: ${rule.rule}`));
      continue;
    }
    let message = rule.message || `failed rule: ${rule.rule.trim()}`;
    if (rule.messageExpression) {
      const m = compile(rule.messageExpression);
      try {
        const text = m instanceof Error ? undefined : m(oldSelf === undefined ? { self } : { self, oldSelf });
        if (typeof text === 'string' && text.trim() !== '') message = text;
      } catch {
        // the rule's message (or the default) stands
      }
    }
    out.push(cause(path, rule, schema, message));
  }
}

/** Whether the schema declares any rule at all (so writes without rules never load the evaluator). */
export function hasRules(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema['x-kubernetes-validations']?.length) return true;
  if (Object.values(schema.properties ?? {}).some(hasRules)) return true;
  if (isObj(schema.additionalProperties) && hasRules(schema.additionalProperties as Schema)) return true;
  return hasRules(schema.items);
}

/** Every failed rule under `schema`, depth-first, parents before children. */
export function validateRules(value: unknown, old: unknown, schema: Schema, path: string, out: StatusCause[] = []): StatusCause[] {
  if (value === undefined || value === null) return out;
  evalRules(value, old, schema, path, out);
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((v, i) => validateRules(v, undefined, schema.items!, childPath(path, i), out));
  } else if (isObj(value)) {
    const additional = isObj(schema.additionalProperties) ? (schema.additionalProperties as Schema) : undefined;
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k] ?? additional;
      if (sub) validateRules(v, isObj(old) ? old[k] : undefined, sub, childPath(path, k), out);
    }
  }
  return out;
}
