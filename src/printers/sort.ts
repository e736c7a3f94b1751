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

/** Go's sort.Sort (pdqsort, Go >= 1.19), step for step, so unequal-but-tied items land where Go puts them. */
export function goSort<T>(data: T[], less: (a: T, b: T) => boolean): void {
  const n = data.length;
  if (n <= 1) return;
  const s = new GoSorter(data, less);
  s.pdqsort(0, n, bitsLen(n));
}

function bitsLen(x: number): number {
  return x === 0 ? 0 : Math.floor(Math.log2(x)) + 1;
}

class GoSorter<T> {
  constructor(
    private readonly data: T[],
    private readonly lessFn: (a: T, b: T) => boolean,
  ) {}

  private less(i: number, j: number): boolean {
    return this.lessFn(this.data[i]!, this.data[j]!);
  }

  private swap(i: number, j: number): void {
    const t = this.data[i]!;
    this.data[i] = this.data[j]!;
    this.data[j] = t;
  }

  private insertionSort(a: number, b: number): void {
    for (let i = a + 1; i < b; i++) for (let j = i; j > a && this.less(j, j - 1); j--) this.swap(j, j - 1);
  }

  private siftDown(lo: number, hi: number, first: number): void {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && this.less(first + child, first + child + 1)) child++;
      if (!this.less(first + root, first + child)) return;
      this.swap(first + root, first + child);
      root = child;
    }
  }

  private heapSort(a: number, b: number): void {
    const first = a;
    const hi = b - a;
    for (let i = Math.floor((hi - 1) / 2); i >= 0; i--) this.siftDown(i, hi, first);
    for (let i = hi - 1; i >= 0; i--) {
      this.swap(first, first + i);
      this.siftDown(0, i, first);
    }
  }

  pdqsort(a: number, b: number, limit: number): void {
    const maxInsertion = 12;
    let wasBalanced = true;
    let wasPartitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= maxInsertion) {
        this.insertionSort(a, b);
        return;
      }
      if (limit === 0) {
        this.heapSort(a, b);
        return;
      }
      if (!wasBalanced) {
        this.breakPatterns(a, b);
        limit--;
      }
      let [pivot, hint] = this.choosePivot(a, b);
      if (hint === 'decreasing') {
        this.reverseRange(a, b);
        pivot = b - 1 - (pivot - a);
        hint = 'increasing';
      }
      if (wasBalanced && wasPartitioned && hint === 'increasing') {
        if (this.partialInsertionSort(a, b)) return;
      }
      if (a > 0 && !this.less(a - 1, pivot)) {
        a = this.partitionEqual(a, b, pivot);
        continue;
      }
      const [mid, alreadyPartitioned] = this.partition(a, b, pivot);
      wasPartitioned = alreadyPartitioned;
      const leftLen = mid - a;
      const rightLen = b - mid;
      const balanceThreshold = Math.floor(length / 8);
      if (leftLen < rightLen) {
        wasBalanced = leftLen >= balanceThreshold;
        this.pdqsort(a, mid, limit);
        a = mid + 1;
      } else {
        wasBalanced = rightLen >= balanceThreshold;
        this.pdqsort(mid + 1, b, limit);
        b = mid;
      }
    }
  }

  private partition(a: number, b: number, pivot: number): [number, boolean] {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    while (i <= j && this.less(i, a)) i++;
    while (i <= j && !this.less(j, a)) j--;
    if (i > j) {
      this.swap(j, a);
      return [j, true];
    }
    this.swap(i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && this.less(i, a)) i++;
      while (i <= j && !this.less(j, a)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    this.swap(j, a);
    return [j, false];
  }

  private partitionEqual(a: number, b: number, pivot: number): number {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !this.less(a, i)) i++;
      while (i <= j && this.less(a, j)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    return i;
  }

  private partialInsertionSort(a: number, b: number): boolean {
    const maxSteps = 5;
    const shortestShifting = 50;
    let i = a + 1;
    for (let step = 0; step < maxSteps; step++) {
      while (i < b && !this.less(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < shortestShifting) return false;
      this.swap(i, i - 1);
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1; j--) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
      if (b - i >= 2) {
        for (let j = i + 1; j < b; j++) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
    }
    return false;
  }

  private breakPatterns(a: number, b: number): void {
    const length = b - a;
    if (length >= 8) {
      let random = BigInt(length);
      const mask = (1n << 64n) - 1n;
      const next = (): bigint => {
        random ^= (random << 13n) & mask;
        random ^= random >> 17n;
        random ^= (random << 5n) & mask;
        return random;
      };
      const modulus = 1 << bitsLen(length);
      const idx = a + Math.floor(length / 4) * 2 - 1;
      for (let i = 0; i < 3; i++) {
        let other = Number(next() & BigInt(modulus - 1));
        if (other >= length) other -= length;
        this.swap(idx + i, a + other);
      }
    }
  }

  private choosePivot(a: number, b: number): [number, 'increasing' | 'decreasing' | 'unknown'] {
    const shortestNinther = 50;
    const maxSwaps = 4 * 3;
    const l = b - a;
    const swaps = { n: 0 };
    let i = a + Math.floor(l / 4) * 1;
    let j = a + Math.floor(l / 4) * 2;
    let k = a + Math.floor(l / 4) * 3;
    if (l >= 8) {
      if (l >= shortestNinther) {
        i = this.median(i - 1, i, i + 1, swaps);
        j = this.median(j - 1, j, j + 1, swaps);
        k = this.median(k - 1, k, k + 1, swaps);
      }
      j = this.median(i, j, k, swaps);
    }
    if (swaps.n === 0) return [j, 'increasing'];
    if (swaps.n === maxSwaps) return [j, 'decreasing'];
    return [j, 'unknown'];
  }

  private order2(a: number, b: number, swaps: { n: number }): [number, number] {
    if (this.less(b, a)) {
      swaps.n++;
      return [b, a];
    }
    return [a, b];
  }

  private median(a: number, b: number, c: number, swaps: { n: number }): number {
    [a, b] = this.order2(a, b, swaps);
    [b, c] = this.order2(b, c, swaps);
    [a, b] = this.order2(a, b, swaps);
    return b;
  }

  private reverseRange(a: number, b: number): void {
    for (let i = a, j = b - 1; i < j; i++, j--) this.swap(i, j);
  }
}
