/**
 * Go's fmt (Sprintf and %v) over template values: JSON values (integral numbers are int64,
 * others float64) plus the few Go-typed values a template makes itself.
 */
import { goFloat, goQuote, goSharpV, int64Literal, isGoInt } from './go-values.js';

/** An integer a template produced itself (`len`, literals, range indexes): Go int, or uint8 for string bytes. */
export class GoInt {
  constructor(
    readonly value: number,
    readonly kind: 'int' | 'int64' | 'uint8',
  ) {}
}

/** A float64 the template produced (a literal like `30.0`), even when integral. */
export class GoFloatValue {
  constructor(readonly value: number) {}
}

/** Go's invalid reflect.Value: a missing map key, printed as `<no value>`. */
export const NO_VALUE = Object.freeze({ __noValue: true });

export type GoValue = unknown;

export function isNoValue(v: unknown): boolean {
  return v === NO_VALUE;
}

export function goTypeOf(v: GoValue): string {
  if (v === null || v === undefined || isNoValue(v)) return '<nil>';
  if (v instanceof GoInt) return v.kind;
  if (v instanceof GoFloatValue) return 'float64';
  if (typeof v === 'string') return int64Literal(v) === undefined ? 'string' : 'int64';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isGoInt(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** The JSON value behind a template value (for %#v and JSON output). */
function toPlain(v: GoValue): unknown {
  if (v instanceof GoInt || v instanceof GoFloatValue) return v.value;
  if (isNoValue(v)) return null;
  return v;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
  verb: string;
}

/** fmt.Sprintf. */
export function goSprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argi = 0;
  const chars = [...format];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false, verb: '' };
    i++;
    for (; i < chars.length; i++) {
      const f = chars[i];
      if (f === '-') spec.minus = true;
      else if (f === '+') spec.plus = true;
      else if (f === '#') spec.sharp = true;
      else if (f === ' ') spec.space = true;
      else if (f === '0') spec.zero = !spec.minus;
      else break;
    }
    const readNum = (): number | undefined => {
      if (chars[i] === '*') {
        i++;
        const a = args[argi++];
        return a instanceof GoInt ? a.value : typeof a === 'number' ? a : undefined;
      }
      let s = '';
      while (chars[i] !== undefined && chars[i]! >= '0' && chars[i]! <= '9') s += chars[i++];
      return s ? Number(s) : undefined;
    };
    spec.width = readNum();
    if (chars[i] === '.') {
      i++;
      spec.prec = readNum() ?? 0;
    }
    if (i >= chars.length) {
      out += '%!(NOVERB)';
      break;
    }
    spec.verb = chars[i]!;
    if (spec.verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${spec.verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argi++], spec);
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => (a === null || isNoValue(a) ? '<nil>' : `${goTypeOf(a)}=${formatArg(a, { ...blankSpec(), verb: 'v' })}`))
      .join(', ')})`;
  }
  return out;
}

function blankSpec(): Spec {
  return { minus: false, plus: false, sharp: false, space: false, zero: false, verb: 'v' };
}

function pad(s: string, spec: Spec, numeric = false): string {
  const width = spec.width ?? 0;
  const len = [...s].length;
  if (len >= width) return s;
  if (spec.minus) return s + ' '.repeat(width - len);
  if (spec.zero && numeric) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(width - len) + s.slice(sign.length);
  }
  return ' '.repeat(width - len) + s;
}

function badVerb(v: GoValue, spec: Spec): string {
  if (v === null || v === undefined || isNoValue(v)) return `%!${spec.verb}(<nil>)`;
  return `%!${spec.verb}(${goTypeOf(v)}=${formatArg(v, { ...blankSpec(), verb: 'v' })})`;
}

function formatArg(v: GoValue, spec: Spec): string {
  const verb = spec.verb;
  if (verb === 'T') return pad(goTypeOf(v), spec);
  if (verb === 'v' && spec.sharp) return goSharpV(toPlain(v));
  if (v === null || v === undefined || isNoValue(v)) return verb === 'v' ? pad('<nil>', spec) : badVerb(v, spec);
  if (typeof v === 'string') return int64Literal(v) === undefined ? formatString(v, spec) : formatInt(BigInt(int64Literal(v)!), spec, v);
  if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), spec) : badVerb(v, spec);
  if (v instanceof GoInt || (typeof v === 'number' && isGoInt(v))) return formatInt(v instanceof GoInt ? v.value : v, spec, v);
  if (v instanceof GoFloatValue || typeof v === 'number') return formatFloat(v instanceof GoFloatValue ? v.value : v, spec, v);
  if (Array.isArray(v)) return `[${v.map((x) => formatArg(x, { ...spec, width: undefined })).join(' ')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const inner = { ...spec, width: undefined };
  return `map[${keys.map((k) => `${formatArg(k, inner)}:${formatArg(o[k], inner)}`).join(' ')}]`;
}

function formatString(s: string, spec: Spec): string {
  switch (spec.verb) {
    case 'v':
    case 's':
      return pad(spec.prec !== undefined ? [...s].slice(0, spec.prec).join('') : s, spec);
    case 'q':
      return pad(goQuote(s), spec);
    case 'x':
    case 'X': {
      const hex = Buffer.from(s, 'utf8').toString('hex');
      return pad(spec.verb === 'X' ? hex.toUpperCase() : hex, spec);
    }
    default:
      return badVerb(s, spec);
  }
}

/** An integer as fmt prints an int64; a double is the int64 its JSON text (String(n)) decodes to. */
function formatInt(value: number | bigint, spec: Spec, original: GoValue): string {
  const big = typeof value === 'bigint' ? value : BigInt(String(value));
  const n = Number(big);
  const neg = big < 0n;
  const abs = neg ? -big : big;
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  switch (spec.verb) {
    case 'v':
    case 'd':
      return pad(sign + abs.toString(10), spec, true);
    case 'b':
      return pad(sign + abs.toString(2), spec, true);
    case 'o':
      return pad(sign + (spec.sharp ? '0' : '') + abs.toString(8), spec, true);
    case 'O':
      return pad(`${sign}0o${abs.toString(8)}`, spec, true);
    case 'x':
      return pad(sign + (spec.sharp ? '0x' : '') + abs.toString(16), spec, true);
    case 'X':
      return pad(sign + (spec.sharp ? '0X' : '') + abs.toString(16).toUpperCase(), spec, true);
    case 'c':
      return pad(String.fromCodePoint(n), spec);
    case 'q': {
      const ch = String.fromCodePoint(n);
      const q = goQuote(ch);
      return pad(`'${q.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`, spec);
    }
    case 'U':
      return pad(`U+${n.toString(16).toUpperCase().padStart(4, '0')}`, spec);
    default:
      return badVerb(original, spec);
  }
}

function expForm(mantissa: string, exp: number, upper: boolean): string {
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${mantissa}${upper ? 'E' : 'e'}${e}`;
}

function formatFloat(f: number, spec: Spec, original: GoValue): string {
  const sign = f < 0 || Object.is(f, -0) ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  const a = Math.abs(f);
  let body: string;
  switch (spec.verb) {
    case 'v':
    case 'g':
    case 'G':
      if (spec.prec === undefined) body = goFloat(a);
      else body = precisionG(a, spec.prec === 0 ? 1 : spec.prec);
      if (spec.verb === 'G') body = body.toUpperCase();
      break;
    case 'e':
    case 'E': {
      const [m, e] = a.toExponential(spec.prec ?? 6).split('e') as [string, string];
      body = expForm(m, Number(e), spec.verb === 'E');
      break;
    }
    case 'f':
    case 'F':
      body = a.toFixed(spec.prec ?? 6);
      break;
    default:
      return badVerb(original, spec);
  }
  return pad(sign + body, spec, true);
}

/** strconv.FormatFloat(f, 'g', prec, 64). */
function precisionG(a: number, prec: number): string {
  if (a === 0) return '0';
  const [m, e] = a.toExponential(prec - 1).split('e') as [string, string];
  const exp = Number(e);
  const digits = m.replace('.', '').replace(/0+$/, '') || '0';
  let eprec = prec;
  if (eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
  if (exp < -4 || exp >= eprec) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return expForm(mant, exp, false);
  }
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return frac ? `${intPart}.${frac}` : intPart;
  }
  return `0.${'0'.repeat(-exp - 1)}${digits}`;
}
