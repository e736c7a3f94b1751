/**
 * kubectl's JSONPath dialect (k8s.io/client-go/util/jsonpath): the template parser, the
 * evaluator (including its range/end mechanics and quirks) and the printing of results.
 * Values are JSON-decoded ("unstructured") objects: integral numbers behave as Go int64.
 */
import { CliError } from '../errors.js';
import { GoFloatValue, GoInt } from './go-fmt.js';
import { goJson, goJsonIndent, goNumber, goSprint, int64Literal, isGoInt } from './go-values.js';

export type PathNode =
  | { kind: 'list'; nodes: PathNode[] }
  | { kind: 'text'; text: string }
  | { kind: 'field'; name: string }
  | { kind: 'identifier'; name: string }
  | { kind: 'array'; params: ArrayParam[] }
  | { kind: 'filter'; left: ListNode; right: ListNode; op: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'wildcard' }
  | { kind: 'recursive' }
  | { kind: 'union'; nodes: ListNode[] };

type ListNode = { kind: 'list'; nodes: PathNode[] };

interface ArrayParam {
  value: number;
  known: boolean;
  derived: boolean;
}

/** An evaluation failure; `message` is Go's error text. */
export class JsonPathError extends Error {}

/** Runs `use` (a parse or an evaluation); a JSONPath error is kubectl's plain `error: <message>`. */
export function jsonPathCliErrors<T>(use: () => T): T {
  try {
    return use();
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(e.message);
    throw e;
  }
}

const EOF = -1;

const list = (): ListNode => ({ kind: 'list', nodes: [] });

class Parser {
  private pos = 0;
  private start = 0;
  private width = 0;
  readonly root: ListNode = list();

  constructor(private readonly input: string) {}

  parse(): ListNode {
    this.parseText(this.root);
    return this.root;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private consumeText(): string {
    const s = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return s;
  }

  private rest(): string {
    return this.input.slice(this.pos);
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) cur.nodes.push({ kind: 'text', text: this.consumeText() });
        return this.parseLeftDelim(cur);
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ kind: 'text', text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const node = list();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    // Iterative where Go recurses, to keep long templates off the stack.
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consumeText();
        return this.parseText(this.root);
      }
      if (rest.startsWith('[?(')) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      const ch = r === EOF ? '' : String.fromCodePoint(r);
      if (r === EOF || ch === '\r' || ch === '\n') throw new JsonPathError('unclosed action');
      if (ch === ' ' || ch === '@' || ch === '$') this.consumeText();
      else if (ch === '[') this.parseArray(cur);
      else if (ch === '"' || ch === "'") this.parseQuote(cur, ch);
      else if (ch === '.') this.parseField(cur);
      else if (ch === '+' || ch === '-' || isDigit(ch)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(ch)) {
        this.backup();
        this.parseIdentifier(cur);
      } else throw new JsonPathError(`unrecognized character in action: ${goRuneU(r)}`);
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ kind: 'bool', value: value === 'true' });
    else cur.nodes.push({ kind: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.kind === 'recursive') throw new JsonPathError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ kind: 'recursive' });
    const r = this.peek();
    if (r !== EOF && isAlphaNumeric(String.fromCodePoint(r))) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const r = this.peek();
    if (r === 0x2b || r === 0x2d) this.next();
    for (;;) {
      const c = this.next();
      if (c !== 0x2e && !(c !== EOF && isDigit(String.fromCodePoint(c)))) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) {
      cur.nodes.push({ kind: 'int', value: Number(value) });
      return;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) {
      cur.nodes.push({ kind: 'float', value: Number(value) });
      return;
    }
    throw new JsonPathError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathError('unterminated array');
      if (r === 0x5d) break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';

    const strs = text.split(',');
    if (strs.length > 1) {
      const union: ListNode[] = [];
      for (const s of strs) union.push(parseAction(`[${s.trim()}]`));
      cur.nodes.push({ kind: 'union', nodes: union });
      return;
    }

    const dictKey = /^'([^']*)'$/.exec(text);
    if (dictKey) {
      for (const n of parseAction(`.${dictKey[1]}`).nodes) cur.nodes.push(n);
      return;
    }

    const m = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text);
    if (!m) throw new JsonPathError(`invalid array index ${text}`);
    const value = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: ArrayParam[] = [];
    for (let i = 0; i < 3; i++) {
      const p: ArrayParam = { value: 0, known: false, derived: false };
      if (value[i] !== '') {
        if (i > 0) value[i] = value[i]!.slice(1);
        if (!(i > 0 && value[i] === '')) {
          if (!/^[+-]?\d+$/.test(value[i]!)) throw new JsonPathError(`array index ${value[i]} is not a number`);
          p.known = true;
          p.value = Number(value[i]);
        }
      } else if (i === 1) {
        p.known = true;
        p.value = params[0]!.value + 1;
        p.derived = true;
      }
      params.push(p);
    }
    cur.nodes.push({ kind: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathError('unterminated filter');
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === 0x29) {
        if (begin === end) break;
      }
    }
    if (this.next() !== 0x5d) throw new JsonPathError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text);
    if (!m) {
      cur.nodes.push({ kind: 'filter', left: parseAction(text), right: list(), op: 'exists' });
    } else {
      cur.nodes.push({ kind: 'filter', left: parseAction(m[1]!), right: parseAction(m[3]!), op: m[2]! });
    }
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathError('unterminated quoted string');
      if (r === 0x5c) {
        const n = this.next();
        if (n !== EOF && n !== 0x0a) continue;
        break;
      }
      if (String.fromCodePoint(r) === end) break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw new JsonPathError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ kind: 'text', text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === 0x5c) this.next();
      else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ kind: 'wildcard' });
    else cur.nodes.push({ kind: 'field', name: value.replace(/\\/g, '') });
  }
}

function parseAction(text: string): ListNode {
  const root = new Parser(`{${text}}`).parse();
  return root.nodes[0] as ListNode;
}

/** Parses a template; throws JsonPathError with Go's message on bad syntax. */
export function parseJsonPath(template: string): ListNode {
  return new Parser(template).parse();
}

function isDigit(ch: string): boolean {
  return /^\p{Nd}$/u.test(ch);
}

function isAlphaNumeric(ch: string): boolean {
  return ch === '_' || /^[\p{L}\p{Nd}]$/u.test(ch);
}

function isTerminator(r: number): boolean {
  if (r === EOF) return true;
  const ch = String.fromCodePoint(r);
  return ' \t\r\n.,[]$@{}'.includes(ch);
}

function goRuneU(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} '${String.fromCodePoint(r)}'`;
}

/** Go strconv.UnquoteChar over a quoted literal (jsonpath's UnquoteExtend); undefined on bad syntax. */
function unquoteExtend(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0]!;
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === quote) return undefined;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (simple[e] !== undefined) {
      out += simple[e];
      i += 2;
    } else if (e === quote) {
      out += e;
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) return undefined;
      out += e === 'x' ? Buffer.from([cp]).toString('latin1') : String.fromCodePoint(cp);
      i += 2 + n;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const v = parseInt(oct, 8);
      if (v > 255) return undefined;
      out += String.fromCharCode(v);
      i += 4;
    } else return undefined;
  }
  return out;
}

type Value = unknown;

/** Go's type name for a JSON value, as jsonpath error messages print it. */
function goTypeName(v: Value): string {
  if (v === null || v === undefined) return 'interface {}';
  if (v instanceof GoFloatValue) return 'float64';
  if (v instanceof GoInt) return v.kind;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isGoInt(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

function isMap(v: Value): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof GoFloatValue) && !(v instanceof GoInt);
}

/** A compiled template with kubectl's options. */
export class JsonPath {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: PathNode | undefined;
  private readonly root: ListNode;

  constructor(
    template: string,
    readonly allowMissingKeys = true,
    readonly outputJson = false,
    /**
     * The object is a typed Go value, which kubectl's printer marshals and unmarshals into
     * interface{} first: every number in it is a float64 (`1e+06`).
     */
    readonly numbersAreFloats = false,
  ) {
    this.root = parseJsonPath(template);
  }

  /** Values read out of the object (not the template's literals). */
  private fromData(values: Value[]): Value[] {
    return this.numbersAreFloats ? values.map((v) => (typeof v === 'number' ? new GoFloatValue(v) : v)) : values;
  }

  /** Every result group, in template order (Go FindResults). */
  findResults(data: Value): Value[][] {
    return this.find(data, this.root.nodes);
  }

  /** Prints like Go's Execute: each group's values space-separated, maps/lists as JSON. */
  execute(data: Value): string {
    return this.findResults(data)
      .map((g) => this.printResults(g))
      .join('');
  }

  private find(data: Value, nodes: PathNode[]): Value[][] {
    const full: Value[][] = [];
    const cur: Value[] = [data];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const results = this.walk(cur, node);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = node;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const value of results) full.push(...this.find(value, nodes.slice(i + 1)));
        } else {
          this.find(undefined, nodes.slice(i + 1));
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private printResults(results: Value[]): string {
    if (this.outputJson) results = [results.map(plainValue)];
    let out = '';
    results.forEach((r, i) => {
      let text: string;
      const structured = Array.isArray(r) || isMap(r);
      if (this.outputJson) text = goJsonIndent(r) + '\n';
      else if (structured) text = goJson(r);
      else text = valueText(r);
      if (i !== results.length - 1) text += ' ';
      out += text;
    });
    return out;
  }

  private walk(value: Value[], node: PathNode): Value[] {
    switch (node.kind) {
      case 'list':
        return this.evalList(value, node);
      case 'text':
        return [node.text];
      case 'field':
        return this.fromData(this.evalField(value, node.name));
      case 'array':
        return this.fromData(evalArray(value, node.params));
      case 'filter':
        return this.evalFilter(value, node);
      case 'int':
        return value.map(() => node.value);
      case 'float':
        return value.map(() => new GoFloatValue(node.value));
      case 'bool':
        return value.map(() => node.value);
      case 'wildcard':
        return this.fromData(evalWildcard(value));
      case 'recursive':
        return this.fromData(evalRecursive(value));
      case 'union':
        return node.nodes.flatMap((n) => this.evalList(value, n));
      case 'identifier':
        return this.evalIdentifier(value, node.name);
    }
  }

  private evalList(value: Value[], node: ListNode): Value[] {
    let cur = value;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: Value[], name: string): Value[] {
    if (name === 'range') {
      this.beginRange++;
      return input;
    }
    if (name === 'end') {
      if (this.inRange > 0) {
        this.endRange++;
        return [];
      }
      throw new JsonPathError('not in range, nothing to end');
    }
    throw new JsonPathError(`unrecognized identifier ${name}`);
  }

  private evalField(input: Value[], name: string): Value[] {
    const results: Value[] = [];
    if (input.length === 0) return results;
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, name)) results.push(v[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JsonPathError(`${name} is not found`);
    return results;
  }

  private evalFilter(input: Value[], node: { left: ListNode; right: ListNode; op: string }): Value[] {
    const results: Value[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) throw new JsonPathError(`${goFmtV(value)} is not array or slice and cannot be filtered`);
      for (const item of value) {
        let lefts: Value[];
        try {
          lefts = this.evalList([item], node.left);
        } catch (e) {
          if (node.op === 'exists') continue;
          throw e;
        }
        if (node.op === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
        const rights = this.evalList([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
        if (compare(lefts[0], rights[0], node.op)) results.push(item);
      }
    }
    return results;
  }
}

function evalArray(input: Value[], template: ArrayParam[]): Value[] {
  const result: Value[] = [];
  for (const value of input) {
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value)) throw new JsonPathError(`${goTypeName(value)} is not array or slice`);
    const params = template.map((p) => ({ ...p }));
    const len = value.length;
    if (!params[0]!.known) params[0]!.value = 0;
    if (params[0]!.value < 0) params[0]!.value += len;
    if (!params[1]!.known) params[1]!.value = len;
    if (params[1]!.value < 0 || (params[1]!.value === 0 && params[1]!.derived)) params[1]!.value += len;
    const [p0, p1, p2] = [params[0]!.value, params[1]!.value, params[2]!];
    if (p1 !== p0) {
      if (p0 >= len || p0 < 0) throw new JsonPathError(`array index out of bounds: index ${p0}, length ${len}`);
      if (p1 > len || p1 < 0) throw new JsonPathError(`array index out of bounds: index ${p1 - 1}, length ${len}`);
      if (p0 > p1) throw new JsonPathError(`starting index ${p0} is greater than ending index ${p1}`);
    } else {
      return result;
    }
    const slice = value.slice(p0, p1);
    let step = 1;
    if (p2.known) {
      if (p2.value <= 0) throw new JsonPathError('step must be > 0');
      step = p2.value;
    }
    for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
  }
  return result;
}

/** Go map iteration order is random; sorted keys are one of its possible orders. */
function children(v: Value): Value[] {
  if (typeof v === 'string') return [...Buffer.from(v, 'utf8')].map((b) => new GoInt(b, 'uint8'));
  if (Array.isArray(v)) return v;
  if (isMap(v)) return Object.keys(v).sort().map((k) => v[k]);
  return [];
}

function evalWildcard(input: Value[]): Value[] {
  return input.flatMap((v) => (v === null || v === undefined ? [] : children(v)));
}

function evalRecursive(input: Value[]): Value[] {
  const result: Value[] = [];
  for (const value of input) {
    if (value === null || value === undefined) continue;
    const kids = children(value);
    if (kids.length !== 0) {
      result.push(value);
      result.push(...evalRecursive(kids));
    }
  }
  return result;
}

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(v: Value): BasicKind {
  if (v instanceof GoFloatValue) return 'float';
  if (v instanceof GoInt) return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return isGoInt(v) ? 'int' : 'float';
  return 'invalid';
}

function num(v: Value): number {
  return v instanceof GoFloatValue || v instanceof GoInt ? v.value : (v as number);
}

/** The comparison functions of client-go's forked text/template (eq, lt, ...). */
function compare(left: Value, right: Value, op: string): boolean {
  const k1 = basicKind(left);
  const k2 = basicKind(right);
  if (k1 === 'invalid' || k2 === 'invalid') throw new JsonPathError('invalid type for comparison');
  if (op === '==' || op === '!=') {
    if (k1 !== k2) throw new JsonPathError('incompatible types for comparison');
    const eq = k1 === 'int' || k1 === 'float' ? num(left) === num(right) : left === right;
    return op === '==' ? eq : !eq;
  }
  if (!['<', '>', '<=', '>='].includes(op)) throw new JsonPathError(`unrecognized filter operator ${op}`);
  if (k1 === 'bool') throw new JsonPathError('invalid type for comparison');
  if (k1 !== k2) throw new JsonPathError('incompatible types for comparison');
  const a = k1 === 'string' ? (left as string) : num(left);
  const b = k1 === 'string' ? (right as string) : num(right);
  const less = k1 === 'string' ? Buffer.compare(Buffer.from(a as string), Buffer.from(b as string)) < 0 : a < b;
  const equal = a === b;
  switch (op) {
    case '<':
      return less;
    case '>':
      return !less && !equal;
    case '<=':
      return less || equal;
    default:
      return !less;
  }
}

/** The plain JSON value behind a result (template literals and string bytes unwrapped). */
export function plainValue(v: Value): Value {
  return v instanceof GoFloatValue || v instanceof GoInt ? v.value : v;
}

/** fmt.Fprint of a scalar result; JSON null prints as `null`. */
function valueText(v: Value): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof GoFloatValue) return goNumber(v.value, true);
  if (v instanceof GoInt) return String(v.value);
  if (typeof v === 'number') return goNumber(v);
  return int64Literal(v) ?? String(v);
}

/** fmt `%v` of a value inside an error message: `map[a:1 b:[x y]]`. */
function goFmtV(v: Value): string {
  if (v === null || v === undefined) return '<nil>';
  if (isMap(v) || Array.isArray(v)) return goSprint(v);
  return valueText(v);
}
