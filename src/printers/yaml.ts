/**
 * YAML as kubectl -o yaml prints it: sigs.k8s.io/yaml, i.e. the object goes through JSON
 * and is emitted by go-yaml v2 (a port of libyaml). This follows that emitter's rules:
 * block style, sequences inside mappings not indented, `{}`/`[]` for empties, go-yaml's
 * key order, plain scalars unless they would read back as something else (then "double"
 * quotes) or contain indicators ('single' quotes), `|` blocks for multi-line strings, and
 * folding of long scalars after column 80.
 */
import { CliError } from '../errors.js';
import { setKey } from '../util/own.js';
import { goFloat, int64Literal, isGoInt } from './go-values.js';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

type Style = 'plain' | 'single' | 'double' | 'literal';

/**
 * The line breaks go-yaml has read in the JSON before a document's own text (NELs: Go's JSON
 * escapes every other break), for a List printed a part at a time; each toYaml adds its own.
 */
export interface YamlLines {
  breaks: number;
}

/** Serialises a JSON value as `kubectl -o yaml` does (one document, no `---`). */
export function toYaml(obj: unknown, read: YamlLines = { breaks: 0 }): string {
  nels = 0;
  markerAfterNel = false;
  const value = normalize(obj);
  if (markerAfterNel) throw documentMarkerError(obj, read.breaks);
  read.breaks += nels;
  const e = new Emitter();
  e.node(value, { root: true, mappingContext: false, simpleKey: false });
  e.writeIndent();
  return e.out;
}

/**
 * sigs.k8s.io/yaml has go-yaml read Go's JSON of the object before it writes YAML, and to go-yaml
 * NEL breaks a line: one followed by `---` or `...` and a blank (a space or another NEL; Go's JSON
 * escapes the rest) opens a document inside a quoted string, which it refuses.
 */
const MARKER_AFTER_NEL = /\u0085(?:---|\.\.\.)[ \u0085]/;

/** What the last normalize saw: how many NELs, and whether a document marker follows one. */
let nels = 0;
let markerAfterNel = false;

function noteNels(s: string): void {
  if (!s.includes('\u0085')) return;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 0x85) nels++;
  if (MARKER_AFTER_NEL.test(s)) markerAfterNel = true;
}

/** go-yaml's error, on the line it counts: the breaks before the marker (in Go's JSON order), plus one. */
function documentMarkerError(obj: unknown, breaksBefore: number): CliError {
  let line = breaksBefore + 1;
  walkGoJson(obj, (s) => {
    const marker = MARKER_AFTER_NEL.exec(s);
    const upTo = marker ? marker.index + 1 : s.length;
    for (let i = 0; i < upTo; i++) if (s.charCodeAt(i) === 0x85) line++;
    return marker !== null;
  });
  return new CliError(`yaml: line ${line}: found unexpected document indicator`);
}

/** Visits the strings of Go's JSON of `v` (keys and values) in its order, map keys in byte order, until `visit` says stop. */
function walkGoJson(v: unknown, visit: (s: string) => boolean): boolean {
  if (typeof v === 'string') return visit(v);
  if (v === null || typeof v !== 'object') return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return walkGoJson(JSON.parse(JSON.stringify(v)), visit);
  if (Array.isArray(v)) return v.some((x) => walkGoJson(x, visit));
  const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
  entries.sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return entries.some(([k, x]) => visit(k) || walkGoJson(x, visit));
}

/**
 * What go-yaml's reader refuses in the JSON it converts (Go's JSON escapes U+0000-U+001F, not
 * these): DEL, the C1 controls but NEL, and U+FFFE/U+FFFF. kubectl's YAML of an object holding one
 * is this error, nothing printed.
 */
const REFUSED_BY_YAML_READER = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

function readable(s: string): string {
  if (REFUSED_BY_YAML_READER.test(s)) throw new CliError('yaml: control characters are not allowed');
  noteNels(s);
  return s;
}

/** What survives the trip through JSON (undefined dropped, toJSON applied). */
function normalize(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return foldNel(readable(v));
  if (typeof v !== 'object') return typeof v === 'number' && !Number.isFinite(v) ? null : v;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return normalize(JSON.parse(JSON.stringify(v)));
  if (Array.isArray(v)) return v.map((x) => (x === undefined || typeof x === 'function' ? null : normalize(x)));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined && typeof x !== 'function') setKey(out, readable(k), normalize(x));
  return out;
}

/**
 * Go's JSON leaves U+0085 (NEL) unescaped, and go-yaml, reading that JSON back, treats it
 * as a line break inside a quoted scalar and folds it: one break becomes a space, n breaks
 * become n-1 newlines, and blanks around them go. (Keys are folded the same way.)
 */
function foldNel(s: string): string {
  if (!s.includes('\u0085')) return s;
  // Only raw spaces are blanks to go-yaml there: Go's JSON writes a tab as `\t`, which it keeps.
  return s.replace(/ *(\u0085 *)+/g, (run) => {
    const breaks = run.split('\u0085').length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

interface NodeContext {
  root: boolean;
  mappingContext: boolean;
  simpleKey: boolean;
}

class Emitter {
  out = '';
  column = 0;
  indent = -1;
  private indents: number[] = [];
  whitespace = true;
  indention = true;
  private flowLevel = 0;

  node(v: unknown, ctx: NodeContext): void {
    if (Array.isArray(v)) {
      if (v.length === 0) return this.emptyFlow('[', ']');
      return this.blockSequence(v, ctx);
    }
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v).sort((a, b) => yamlKeyLess(foldNel(a), foldNel(b)));
      if (keys.length === 0) return this.emptyFlow('{', '}');
      return this.blockMapping(v as Record<string, unknown>, keys);
    }
    this.scalar(v, ctx);
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private blockSequence(items: unknown[], ctx: NodeContext): void {
    this.increaseIndent(false, ctx.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { root: false, mappingContext: false, simpleKey: false });
    }
    this.popIndent();
  }

  private blockMapping(map: Record<string, unknown>, keys: string[]): void {
    this.increaseIndent(false, false);
    for (const rawKey of keys) {
      this.writeIndent();
      const value = map[rawKey];
      const key = foldNel(rawKey);
      const keyScalar = analyzeString(key);
      if (isSimpleKey(key, keyScalar)) {
        this.scalar(key, { root: false, mappingContext: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.scalar(key, { root: false, mappingContext: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, { root: false, mappingContext: true, simpleKey: false });
    }
    this.popIndent();
  }

  private scalar(v: unknown, ctx: NodeContext): void {
    let text: string;
    let requested: Style = 'plain';
    if (v === null || v === undefined) text = 'null';
    else if (typeof v === 'boolean') text = String(v);
    else if (typeof v === 'number') text = yamlNumber(v);
    else if (int64Literal(v) !== undefined) text = int64Literal(v)!;
    else {
      text = String(v);
      if (text.includes('\n')) requested = 'literal';
      else if (!resolvesToString(text)) requested = 'double';
    }
    const a = analyzeString(text);
    const style = selectStyle(requested, a, text, ctx.simpleKey, this.flowLevel);
    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    switch (style) {
      case 'plain':
        this.writePlain(text, allowBreaks);
        break;
      case 'single':
        this.writeSingleQuoted(text, allowBreaks);
        break;
      case 'double':
        this.writeDoubleQuoted(text, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(text);
        break;
    }
    this.popIndent();
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private put(s: string): void {
    this.out += s;
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** Appends text known to hold no line breaks; `runes` is its length in characters. */
  private putText(text: string, runes: number): void {
    this.out += text;
    this.column += runes;
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    // Folding only happens at a space reached past column 80.
    if (!allowBreaks || !value.includes(' ') || this.column + value.length <= BEST_WIDTH) {
      this.putText(value, runeCount(value));
      this.whitespace = false;
      this.indention = false;
      return;
    }
    const chars = [...value];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = [...value];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') {
          this.writeIndent();
        } else this.put(ch);
        spaces = true;
      } else if (isBreak(ch.codePointAt(0)!)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.out += ch === '\r' || ch === '\n' ? '\n' : ch;
        this.column = 0;
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        breaks = false;
        if (ch === "'") this.put("'");
        this.put(ch);
        this.indention = false;
        spaces = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = [...value];
    // go-yaml's is_bom looks at the value's first bytes wherever it is asked about: after a leading
    // BOM every character is escaped (and nothing folds).
    const bom = value.charCodeAt(0) === 0xfeff;
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      const c = ch.codePointAt(0)!;
      if (bom || !isPrintable(c) || isBreak(c) || ch === '"' || ch === '\\') {
        this.put('\\');
        const esc = DOUBLE_ESCAPES[c];
        if (esc) this.put(esc);
        else {
          const [letter, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(letter as string);
          for (const d of c.toString(16).toUpperCase().padStart(width as number, '0')) this.put(d);
        }
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false);
    const first = value.codePointAt(0)!;
    if (first === 0x20 || isBreak(first)) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = value.charCodeAt(value.length - 1);
    let chomp = '';
    if (!isBreak(last)) chomp = '-';
    else if (value.length === 1 || isBreak(value.charCodeAt(value.length - 2))) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    if (!/[\r\u0085\u2028\u2029]/.test(value)) {
      // Only \n breaks: write line by line.
      value.split('\n').forEach((line, i) => {
        if (i > 0) {
          this.putBreak();
          this.indention = true;
        }
        if (line.length > 0) {
          this.writeIndent();
          this.putText(line, runeCount(line));
          this.indention = false;
        }
      });
      return;
    }
    const chars = [...value];
    let breaks = true;
    for (const ch of chars) {
      if (isBreak(ch.codePointAt(0)!)) {
        this.out += ch === '\r' || ch === '\n' ? '\n' : ch;
        this.column = 0;
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

const DOUBLE_ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

/** libyaml's is_printable (which, as go-yaml checks it, excludes everything beyond the BMP). */
function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

function isBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isSimpleKey(key: string, a: Analysis): boolean {
  return Buffer.byteLength(key, 'utf8') <= 128 && !a.multiline;
}

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

/** libyaml's yaml_emitter_analyze_scalar: which styles can represent the text. */
function analyzeString(value: string): Analysis {
  if (value.length === 0) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < value.length; ) {
    const c = value.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    const ch = value[i]!;
    const nextIndex = i + width;
    const n = nextIndex < value.length ? value.charCodeAt(nextIndex) : -1;
    const followedByWhitespace = n === -1 || n === 0x20 || n === 0x09 || isBreak(n);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (ch === ',' || ch === '?' || ch === '[' || ch === ']' || ch === '{' || ch === '}') {
      flowIndicators = true;
    } else if (ch === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === '#' && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    const last = nextIndex >= value.length;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === 0x20 || c === 0x09 || isBreak(c) || c === 0;
    i = nextIndex;
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || specialCharacters) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowIndicators) a.flowPlain = false;
  if (blockIndicators) a.blockPlain = false;
  return a;
}

function selectStyle(requested: Style, a: Analysis, text: string, simpleKey: boolean, flowLevel: number): Style {
  let style = requested;
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if ((flowLevel > 0 && !a.flowPlain) || (flowLevel === 0 && !a.blockPlain)) style = 'single';
    if (text.length === 0 && (flowLevel > 0 || simpleKey)) style = 'single';
  }
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || flowLevel > 0 || simpleKey)) style = 'double';
  return style;
}

/**
 * How a JSON number comes out of go-yaml, which reads Go's JSON text of it: an int64 or else a
 * uint64 when the text parses as one (2^63 is written 9223372036854776000), else a float (%g).
 */
function yamlNumber(n: number): string {
  return isGoInt(n) || (Number.isInteger(n) && n >= 0 && n < 2 ** 64) ? String(n) : goFloat(n);
}

const RESOLVE_SPECIAL = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
const GO_INT = /^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_UINT = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = [
  /^\d{4}-\d{1,2}-\d{1,2}$/,
  /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/,
];

/** go-yaml's resolve(): would this text, written plain, read back as a string? */
function resolvesToString(s: string): boolean {
  if (RESOLVE_SPECIAL.has(s)) return false;
  if (BASE60_FLOAT.test(s)) return false;
  const c = s[0]!;
  if (c === '.') return !DOT_FLOAT.test(s);
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (TIMESTAMP.some((re) => re.test(s))) return false;
    const plain = s.replace(/_/g, '');
    if (GO_INT.test(plain) || GO_UINT.test(plain) || YAML_FLOAT.test(plain)) return false;
    if (/^-?0b[01]+$/.test(plain)) return false;
  }
  return true;
}

/** go-yaml v2's key order: runs of digits compare as numbers, non-letters before letters. */
export function yamlKeyLess(a: string, b: string): number {
  const ascii = /^[\x00-\x7f]*$/;
  const ar = ascii.test(a) ? a : [...a];
  const br = ascii.test(b) ? b : [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)! ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10n + BigInt(ar[ai]!.charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10n + BigInt(br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)! ? -1 : 1;
  }
  return ar.length === br.length ? 0 : ar.length < br.length ? -1 : 1;
}

function isLetter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return /\p{L}/u.test(ch);
}

function isDigit(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return /\p{Nd}/u.test(ch);
}
