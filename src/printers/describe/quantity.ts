/**
 * Just enough of apimachinery's resource.Quantity for describe: parse, add, compare and
 * print in canonical form (`1500m`, `1536Mi`, `1k`). Values are exact: an integer
 * numerator over 10^scale.
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value = n / 10^scale */
  n: bigint;
  scale: number;
  format: QuantityFormat;
}

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

export const ZERO: Quantity = { n: 0n, scale: 0, format: 'DecimalSI' };

export function parseQuantity(input: string | number | undefined | null): Quantity {
  if (input === undefined || input === null) return ZERO;
  const text = String(input).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return ZERO;
  const sign = m[1] === '-' ? -1n : 1n;
  const frac = m[3] ?? '';
  let n = BigInt((m[2] || '0') + frac) * sign;
  let scale = frac.length;
  const suffix = m[4] ?? '';
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in BINARY_SUFFIX) {
    format = 'BinarySI';
    n *= 1024n ** BigInt(BINARY_SUFFIX[suffix]!);
  } else if (/^[eE]/.test(suffix)) {
    format = 'DecimalExponent';
    scale -= Number(suffix.slice(1));
  } else {
    scale -= DECIMAL_SUFFIX[suffix]!;
  }
  return normalise({ n, scale, format });
}

/** Rounds up to nano precision (as Quantity does) and drops trailing zeros. */
function normalise(q: Quantity): Quantity {
  let { n, scale } = q;
  if (scale > 9) {
    const div = 10n ** BigInt(scale - 9);
    const r = n % div;
    n = n / div + (r > 0n ? 1n : r < 0n ? 0n : 0n);
    scale = 9;
  }
  while (n !== 0n && n % 10n === 0n) {
    n /= 10n;
    scale -= 1;
  }
  if (n === 0n) scale = 0;
  return { n, scale, format: q.format };
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(s - a.scale), b.n * 10n ** BigInt(s - b.scale), s];
}

/** a + b, keeping a's format (Quantity.Add). */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const [x, y, s] = align(a, b);
  return normalise({ n: x + y, scale: s, format: a.n === 0n && a === ZERO ? b.format : a.format });
}

export function compareQuantity(a: Quantity, b: Quantity): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Milli-units, rounded up (Quantity.MilliValue). */
export function milliValue(q: Quantity): number {
  return scaledValue(q, 3);
}

/** Whole units, rounded up (Quantity.Value). */
export function value(q: Quantity): number {
  return scaledValue(q, 0);
}

function scaledValue(q: Quantity, digits: number): number {
  const shift = digits - q.scale;
  if (shift >= 0) return Number(q.n * 10n ** BigInt(shift));
  return Number(ceilDiv(q.n, 10n ** BigInt(-shift)));
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const d = a / b;
  return a % b > 0n ? d + 1n : d;
}

/** Canonical string, as Quantity.String(). */
export function formatQuantity(q: Quantity): string {
  if (q.n === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small = compareQuantity(q, parseQuantity('-1024')) > 0 && compareQuantity(q, parseQuantity('1024')) < 0;
    if (small || q.scale > 0) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let n = q.n * 10n ** BigInt(-q.scale);
    let exp = 0;
    while (exp < 6 && n % 1024n === 0n) {
      n /= 1024n;
      exp++;
    }
    return `${n}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][exp]}`;
  }
  let n = q.n;
  let exp = -q.scale;
  let extra = exp % 3;
  if (extra < 0) extra += 3;
  n *= 10n ** BigInt(extra);
  exp -= extra;
  if (format === 'DecimalExponent') return exp === 0 ? `${n}` : `${n}e${exp}`;
  if (exp > 18) {
    n *= 10n ** BigInt(exp - 18);
    exp = 18;
  }
  const suffix = Object.entries(DECIMAL_SUFFIX).find(([, e]) => e === exp)![0];
  return `${n}${suffix}`;
}

/** Shorthand: canonical form of a quantity string. */
export function canonical(text: string | number | undefined): string {
  return formatQuantity(parseQuantity(text));
}
