/**
 * --sort-by as kubectl does it: the first JSONPath value of each object, compared by
 * kind (numbers numerically, strings as resource quantities when both parse, else
 * byte-wise), objects without a value first, sorted by Go's (unstable) sort.Sort so
 * that ties come out in the same order as kubectl's.
 */
import { CliError } from '../errors.js';
import { GoFloatValue, GoInt } from './go-fmt.js';
import { JsonPath, JsonPathError, jsonPathCliErrors } from './jsonpath.js';
import { byteCompare, goQuote, isGoInt } from './go-values.js';
import { goSort } from '../util/go-sort.js';

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** kubectl's RelaxedJSONPathExpression: `.a.b`, `a.b`, `{a.b}` → `{.a.b}`. */
export function relaxedJsonPath(expr: string): string {
  if (expr.length === 0) return expr;
  const m = RELAXED.exec(expr);
  if (!m) {
    throw new CliError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  }
  return `{.${m[1] || m[2]}}`;
}

export type SortOutcome<T> = { sorted: T[] } | { missingField: string };

/** SortObjects' error when no object has the field (the path as Go's %q quotes it). */
export function missingFieldError(field: string): CliError {
  return new CliError(`couldn't find any field with path ${goQuote(field)} in the list of objects`);
}

/**
 * kubectl's isLess gave up on two values (a map, a list, a bool, or values of two kinds): kubectl
 * exits through klog, naming the field and why; the caller words the line (where it was sorting).
 */
export class UnsortableError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    /** Sorting a Table's rows (kubectl's TableSorter), not objects (its RuntimeSort). */
    readonly rows: boolean,
  ) {
    super(reason);
  }
}

/**
 * kubectl's SortObjects: sorts `objects` by the first value the JSONPath `sortBy` finds in each
 * (`valueOf` gives what the path reads of an item). The path must be a relaxed one and parse, or
 * it is the error; `missingField` (the relaxed path) is reported when no object has a value for it.
 */
export function sortByJsonPath<T>(objects: T[], sortBy: string, valueOf: (item: T) => unknown = (item) => item): SortOutcome<T> {
  const field = relaxedJsonPath(sortBy);
  const parser = jsonPathCliErrors(() => new JsonPath(field, true));
  return sortWith(objects, parser, field, valueOf, false);
}

/**
 * kubectl's SortingPrinter on a server Table: the rows sorted by the path (taken as given when it
 * is not a relaxed one). Undefined when the path does not parse or no row has it: kubectl's get
 * then drops the printer's error and prints nothing of that table.
 */
export function sortTableRows<T>(rows: T[], sortBy: string, valueOf: (row: T) => unknown): T[] | undefined {
  let field = sortBy;
  try {
    field = relaxedJsonPath(sortBy);
  } catch {
    /* the path as given */
  }
  try {
    const outcome = sortWith(rows, new JsonPath(field, true), field, valueOf, true);
    return 'missingField' in outcome ? undefined : outcome.sorted;
  } catch (e) {
    if (e instanceof JsonPathError) return undefined;
    throw e;
  }
}

function sortWith<T>(items: T[], parser: JsonPath, field: string, valueOf: (item: T) => unknown, rows: boolean): SortOutcome<T> {
  const keys = jsonPathCliErrors(() => items.map((o) => firstValue(parser, valueOf(o))));
  if (!keys.some((k) => k.found)) return { missingField: field };
  const entries = items.map((object, i) => ({ object, key: keys[i]! }));
  try {
    goSort(entries, (a, b) => lessKey(a.key, b.key));
  } catch (e) {
    if (e instanceof Unsortable) throw new UnsortableError(field, e.message, rows);
    throw e;
  }
  return { sorted: entries.map((e) => e.object) };
}

interface SortKey {
  found: boolean;
  value: unknown;
}

function firstValue(parser: JsonPath, obj: unknown): SortKey {
  const groups = parser.findResults(obj as never);
  if (groups.length === 0 || groups[0]!.length === 0) return { found: false, value: undefined };
  return { found: true, value: groups[0]![0] };
}

function lessKey(i: SortKey, j: SortKey): boolean {
  if (!i.found) return true;
  if (!j.found) return false;
  return isLess(i.value, j.value);
}

class Unsortable extends Error {}

/** The Go type a decoded JSON value has in an unstructured object. */
function goType(v: unknown): string {
  if (v instanceof GoInt) return 'int64';
  if (v instanceof GoFloatValue) return 'float64';
  if (typeof v === 'number') return isGoInt(v) ? 'int64' : 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
}

function numeric(v: unknown): number {
  return v instanceof GoFloatValue || v instanceof GoInt ? v.value : (v as number);
}

/**
 * kubectl's isLess for values held in interface{}: numbers of one Go type by value, strings as
 * resource quantities when both parse, else byte-wise; anything else cannot be sorted.
 */
function isLess(a: unknown, b: unknown): boolean {
  const aNil = a === null || a === undefined;
  const bNil = b === null || b === undefined;
  if (aNil || bNil) return aNil && !bNil;
  const type = goType(a);
  if (type !== 'int64' && type !== 'float64' && type !== 'string') throw new Unsortable(`unsortable type: ${type}`);
  if (goType(b) !== type) throw new Unsortable('unsortable interface: interface');
  if (type !== 'string') return numeric(a) < numeric(b);
  const qa = parseQuantity(a as string);
  const qb = parseQuantity(b as string);
  if (qa === undefined || qb === undefined) return byteCompare(a as string, b as string) < 0;
  return qa < qb;
}

const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

/** resource.ParseQuantity, reduced to the value it stands for (undefined if it is not one). */
export function parseQuantity(s: string): number | undefined {
  const m = QUANTITY.exec(s);
  if (!m) return undefined;
  const suffix = m[3] ?? '';
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  if (/^[eE]/.test(suffix)) return n * 10 ** Number(suffix.slice(1));
  return n * SUFFIX[suffix]!;
}
