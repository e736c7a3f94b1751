/**
 * The API server decodes every resource.Quantity field into a Quantity and encodes it back: what it
 * stores and answers is the canonical text (`0.5` is `500m`, `1024Mi` is `1Gi`, the number 1 is
 * the string "1"), or the text sent where that is already canonical (`2E6`, `1500m`). The fields
 * are listed per schema by the build (dist/validators/quantities.json, from schemas/*.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatQuantity, parseQuantity } from '../sim/admission/quantity.js';
import { packageRoot } from '../util/paths.js';
import { setKey } from '../util/own.js';
import type { KubeObject } from './types.js';
import { numberLiteral } from './json-numbers.js';
import { schemaNameFor } from './validation/decode.js';

let paths: Record<string, string[][]> | undefined;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function quantityPaths(): Record<string, string[][]> {
  if (!paths) {
    const table = JSON.parse(readFileSync(join(packageRoot(), 'dist', 'validators', 'quantities.json'), 'utf8')) as Record<string, string[]>;
    paths = Object.fromEntries(Object.entries(table).map(([name, list]) => [name, list.map((p) => p.split('.'))]));
  }
  return paths;
}

/** Re-encodes the object's quantities in place; one that does not parse is left for validation to refuse. */
export function canonicalizeQuantities(obj: KubeObject): void {
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return;
  for (const path of quantityPaths()[schemaNameFor(obj.apiVersion, obj.kind)] ?? []) visit(obj, path, 0);
}

function visit(node: unknown, path: string[], at: number): void {
  if (!isObj(node) && !Array.isArray(node)) return;
  const step = path[at]!;
  const last = at === path.length - 1;
  const each = (container: Record<string, unknown> | unknown[], key: string | number) => {
    const v = (container as Record<string, unknown>)[key];
    if (last) {
      const text = canonical(v);
      // setKey: a map key may be any text (`__proto__` too).
      if (text !== undefined) setKey(container as Record<string, unknown>, String(key), text);
    } else visit(v, path, at + 1);
  };
  if (step === '[]') {
    if (Array.isArray(node)) for (let i = 0; i < node.length; i++) each(node, i);
  } else if (step === '*') {
    if (isObj(node)) for (const k of Object.keys(node)) each(node, k);
  } else if (isObj(node) && Object.hasOwn(node, step)) each(node, step);
}

/**
 * The canonical text of a quantity sent as a string or a JSON number (a number JavaScript would
 * change, `1.0`, as its literal: Quantity decodes the number's text); undefined when it is no quantity.
 */
function canonical(v: unknown): string | undefined {
  const literal = numberLiteral(v);
  const text = literal ?? (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' && !/\s/.test(v) ? v : undefined);
  const q = text === undefined ? undefined : parseQuantity(text);
  return q && formatQuantity(q);
}
