/**
 * resource.Quantity arithmetic for admission and quota: exact values (BigInt nano-units)
 * and the API server's canonical text form (`1500m`, `2`, `1536Mi`, `2k`).
 */

export interface Quantity {
  /** Value in units of 1e-9. */
  nanos: bigint;
  /** Binary-SI quantities (`Mi`, `Gi`) print with binary suffixes. */
  binary: boolean;
  /** Decimal-exponent quantities (`1e3`) print with an exponent (resource.DecimalExponent). */
  exponent?: boolean;
  /** The text it was parsed from, where resource.ParseQuantity keeps it as its canonical form (`2E6`, `1500m`, `5Mi`). */
  text?: string;
}

const NANO = 1_000_000_000n;
const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const QUANTITY_RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

export const ZERO: Quantity = { nanos: 0n, binary: false };

/** Parses `500m`, `1.5`, `2Gi`, `1e3`; undefined when malformed. */
export function parseQuantity(text: unknown): Quantity | undefined {
  const s = typeof text === 'number' ? String(text) : typeof text === 'string' ? text.trim() : undefined;
  if (s === undefined) return undefined;
  const m = QUANTITY_RE.exec(s);
  if (!m) return undefined;
  const [, sign, num, suffix = ''] = m;
  const [intPart = '0', fracPart = ''] = num!.split('.');
  // value = digits * 10^(-fracLen) * multiplier; keep it exact in nanos.
  const digits = BigInt((intPart || '0') + fracPart);
  let nanos: bigint;
  if (suffix in BINARY_SUFFIX) {
    nanos = scale10(digits * 1024n ** BigInt(BINARY_SUFFIX[suffix]!), 9 - fracPart.length);
  } else {
    const exp = suffix in DECIMAL_SUFFIX ? DECIMAL_SUFFIX[suffix]! : Number(suffix.slice(1));
    nanos = scale10(digits, exp + 9 - fracPart.length);
  }
  const q: Quantity = { nanos: sign === '-' ? -nanos : nanos, binary: suffix in BINARY_SUFFIX };
  if (/^[eE]/.test(suffix)) q.exponent = true;
  if (keepsText(intPart, fracPart, suffix)) q.text = s;
  return q;
}

/**
 * ParseQuantity's fast path keeps the text it was given when that is already canonical: a
 * decimal amount whose scale is a multiple of 3, whose digits neither start with 0 nor end in
 * 000; a binary one without a fraction whose number is not a multiple of 8.
 */
function keepsText(intPart: string, fracPart: string, suffix: string): boolean {
  if (suffix in BINARY_SUFFIX) return fracPart === '' && intPart !== '' && (BigInt(intPart) & 7n) !== 0n;
  const exp = suffix in DECIMAL_SUFFIX ? DECIMAL_SUFFIX[suffix]! : Number(suffix.slice(1));
  // The numerator's leading zeros are skipped (none left: the numerator is 0).
  const shifted = (intPart.replace(/^0+/, '') || '0') + fracPart;
  const scale = exp - fracPart.length;
  return scale >= -9 && shifted.length <= 18 && ((scale % 3) + 3) % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

function scale10(v: bigint, exp: number): bigint {
  // Below a nano the API server rounds up; so do we.
  if (exp >= 0) return v * 10n ** BigInt(exp);
  const d = 10n ** BigInt(-exp);
  return (v + d - 1n) / d;
}

export function add(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, binary: a.nanos === 0n ? b.binary : a.binary };
}

export function compare(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** The canonical string form, as resource.Quantity.String() prints it. */
export function formatQuantity(q: Quantity): string {
  if (q.text !== undefined) return q.text;
  if (q.nanos === 0n) return '0';
  const neg = q.nanos < 0n;
  const abs = neg ? -q.nanos : q.nanos;
  const sign = neg ? '-' : '';
  if (q.binary && abs % NANO === 0n && abs >= 1024n * NANO) {
    let units = abs / NANO;
    let power = 0;
    while (power < 6 && units % 1024n === 0n) {
      units /= 1024n;
      power++;
    }
    const suffix = Object.keys(BINARY_SUFFIX).find((k) => BINARY_SUFFIX[k] === power) ?? '';
    return `${sign}${units}${suffix}`;
  }
  let exp = -9;
  let mantissa = abs;
  // SI suffixes end at E (10^18); an exponent has no such end.
  while ((q.exponent || exp < 18) && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  if (q.exponent) return `${sign}${mantissa}${exp === 0 ? '' : `e${exp}`}`;
  const suffix = Object.keys(DECIMAL_SUFFIX).find((k) => DECIMAL_SUFFIX[k] === exp) ?? '';
  return `${sign}${mantissa}${suffix}`;
}

/** Re-renders a quantity string in canonical form (`0.5` → `500m`); unparsable text is kept. */
export function canonical(text: string): string {
  const q = parseQuantity(text);
  return q ? formatQuantity(q) : text;
}

export type ResourceList = Record<string, string>;

/** Adds two resource lists key by key, keeping canonical strings. */
export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = formatQuantity(add(parseQuantity(out[k] ?? '0') ?? ZERO, parseQuantity(v) ?? ZERO));
  }
  return out;
}
