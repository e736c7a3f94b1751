/**
 * Go text/template as kubectl's go-template printer runs it: Go's lexer, parser and
 * executor rules (trim markers, pipelines, variables, if/range/with/else, break/continue,
 * comparison and logic builtins, len/index/slice, print/printf/println, html/js/urlquery)
 * plus kubectl's `exists` and `base64decode`, with missing map keys printing `<no value>`.
 * Data is an unstructured object, so integral numbers are Go int64 and others float64.
 */
import { goQuote, isGoInt } from './go-values.js';
import { goSprintf, goTypeOf, GoInt, GoFloatValue, isNoValue, NO_VALUE, type GoValue } from './go-fmt.js';

const NAME = 'output';

/** A template that failed to parse or execute; `message` is Go's error text. */
export class TemplateError extends Error {}

// ---------------------------------------------------------------- lexer

type ItemType =
  | 'error' | 'eof' | 'text' | 'leftDelim' | 'rightDelim' | 'space' | 'pipe' | 'assign' | 'declare'
  | 'leftParen' | 'rightParen' | 'string' | 'rawString' | 'charConstant' | 'number' | 'bool' | 'field'
  | 'variable' | 'identifier' | 'dot' | 'char' | 'keyword';

interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'nil', 'template', 'with']);

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isAlphaNumeric(c: string | undefined): boolean {
  return c !== undefined && (c === '_' || /^[\p{L}\p{Nd}]$/u.test(c));
}

function hasLeftTrimMarker(s: string): boolean {
  return s.length >= 2 && s[0] === '-' && isSpace(s[1]);
}

function hasRightTrimMarker(s: string): boolean {
  return s.length >= 2 && isSpace(s[0]) && s[1] === '-';
}

function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;
  const emit = (typ: ItemType, val = input.slice(start, pos)) => {
    items.push({ typ, pos: start, val, line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = () => {
    line += count(input.slice(start, pos), '\n');
    start = pos;
    startLine = line;
  };
  const advance = (n: number) => {
    line += count(input.slice(pos, pos + n), '\n');
    pos += n;
  };
  const fail = (msg: string): Item[] => {
    items.push({ typ: 'error', pos: start, val: msg, line: startLine });
    return items;
  };
  const atRightDelim = (): [boolean, boolean] => {
    if (hasRightTrimMarker(input.slice(pos)) && input.startsWith('}}', pos + 2)) return [true, true];
    return [input.startsWith('}}', pos), false];
  };
  const atTerminator = (): boolean => {
    const r = input[pos];
    if (r === undefined || isSpace(r)) return true;
    if ('.,|:)('.includes(r)) return true;
    return input.startsWith('}}', pos);
  };
  const runeAt = (p: number): string => String.fromCodePoint(input.codePointAt(p)!);

  for (;;) {
    // Text up to the next action.
    const x = input.indexOf('{{', pos);
    if (x < 0) {
      advance(input.length - pos);
      if (pos > start) emit('text');
      items.push({ typ: 'eof', pos, val: '', line });
      return items;
    }
    if (x > pos) {
      advance(x - pos);
      let trim = 0;
      if (hasLeftTrimMarker(input.slice(pos + 2))) trim = input.slice(start, pos).length - input.slice(start, pos).replace(/[ \t\r\n]+$/, '').length;
      const text = input.slice(start, pos - trim);
      if (text.length > 0) items.push({ typ: 'text', pos: start, val: text, line: startLine });
      start = pos;
      ignore();
    }
    // Left delimiter.
    pos += 2;
    const trimLeft = hasLeftTrimMarker(input.slice(pos));
    const afterMarker = trimLeft ? 2 : 0;
    if (input.startsWith('/*', pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      pos += 2;
      const end = input.indexOf('*/', pos);
      if (end < 0) return fail('unclosed comment');
      advance(end + 2 - pos);
      const [delim, trim] = atRightDelim();
      if (!delim) return fail('comment ends before closing delimiter');
      if (trim) pos += 2;
      pos += 2;
      if (trim) advance(input.slice(pos).length - input.slice(pos).replace(/^[ \t\r\n]+/, '').length);
      ignore();
      continue;
    }
    items.push({ typ: 'leftDelim', pos: start, val: '{{', line: startLine });
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    // Inside the action.
    for (;;) {
      const [delim, trimRight] = atRightDelim();
      if (delim) {
        if (parenDepth !== 0) return fail('unclosed left paren');
        if (trimRight) {
          pos += 2;
          ignore();
        }
        pos += 2;
        emit('rightDelim', '}}');
        if (trimRight) {
          advance(input.slice(pos).length - input.slice(pos).replace(/^[ \t\r\n]+/, '').length);
          ignore();
        }
        break;
      }
      if (pos >= input.length) return fail('unclosed action');
      const r = runeAt(pos);
      pos += r.length;
      if (isSpace(r)) {
        pos -= r.length;
        let n = 0;
        while (isSpace(input[pos])) {
          advance(1);
          n++;
        }
        if (hasRightTrimMarker(input.slice(pos - 1)) && input.startsWith('}}', pos - 1 + 2)) {
          pos -= 1;
          if (n === 1) {
            start = pos;
            continue;
          }
        }
        emit('space');
      } else if (r === '=') emit('assign');
      else if (r === ':') {
        if (input[pos] !== '=') return fail('expected :=');
        pos++;
        emit('declare');
      } else if (r === '|') emit('pipe');
      else if (r === '"') {
        for (;;) {
          const c = input[pos++];
          if (c === '\\') {
            const n = input[pos];
            if (n !== undefined && n !== '\n') {
              pos++;
              continue;
            }
            return fail('unterminated quoted string');
          }
          if (c === undefined || c === '\n') return fail('unterminated quoted string');
          if (c === '"') break;
        }
        emit('string');
      } else if (r === '`') {
        const end = input.indexOf('`', pos);
        if (end < 0) return fail('unterminated raw quoted string');
        advance(end + 1 - pos);
        emit('rawString');
      } else if (r === '$' || (r === '.' && !(input[pos] !== undefined && input[pos]! >= '0' && input[pos]! <= '9'))) {
        const typ: ItemType = r === '$' ? 'variable' : 'field';
        if (atTerminator()) {
          emit(typ === 'variable' ? 'variable' : 'dot');
          continue;
        }
        while (isAlphaNumeric(input[pos] === undefined ? undefined : runeAt(pos))) pos += runeAt(pos).length;
        if (!atTerminator()) return fail(`bad character ${goRuneU(runeAt(pos))}`);
        emit(typ);
      } else if (r === "'") {
        for (;;) {
          const c = input[pos++];
          if (c === '\\') {
            if (input[pos] !== undefined && input[pos] !== '\n') {
              pos++;
              continue;
            }
            return fail('unterminated character constant');
          }
          if (c === undefined || c === '\n') return fail('unterminated character constant');
          if (c === "'") break;
        }
        emit('charConstant');
      } else if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
        pos -= 1;
        const m = /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[bB][01_]*|0[oO][0-7_]*|[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?)i?/.exec(input.slice(pos))!;
        pos += m[0].length;
        if (isAlphaNumeric(input[pos])) {
          pos++;
          return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
        }
        emit('number');
      } else if (isAlphaNumeric(r)) {
        while (isAlphaNumeric(input[pos] === undefined ? undefined : runeAt(pos))) pos += runeAt(pos).length;
        if (!atTerminator()) return fail(`bad character ${goRuneU(runeAt(pos))}`);
        const word = input.slice(start, pos);
        if (KEYWORDS.has(word)) emit('keyword');
        else if (word === 'true' || word === 'false') emit('bool');
        else emit('identifier');
      } else if (r === '(') {
        parenDepth++;
        emit('leftParen');
      } else if (r === ')') {
        parenDepth--;
        if (parenDepth < 0) return fail('unexpected right paren');
        emit('rightParen');
      } else if (r.codePointAt(0)! <= 0x7e && r >= ' ') emit('char');
      else return fail(`unrecognized character in action: ${goRuneU(r)}`);
    }
  }
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

function goRuneU(r: string): string {
  return `U+${r.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${r}'`;
}

function itemString(i: Item): string {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (i.typ === 'keyword') return `<${i.val}>`;
  if (i.val.length > 10) return `${goQuote(i.val.slice(0, 10))}...`;
  return goQuote(i.val);
}

// ---------------------------------------------------------------- parse tree

interface ControlNode {
  type: 'if' | 'with' | 'range';
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList?: Node[];
}

type Node =
  | { type: 'text'; pos: number; text: string }
  | { type: 'action'; pos: number; pipe: Pipe }
  | ControlNode
  | { type: 'template'; pos: number; name: string; pipe?: Pipe }
  | { type: 'break' | 'continue'; pos: number };

interface Pipe {
  pos: number;
  isAssign: boolean;
  decl: string[];
  cmds: Command[];
}

interface Command {
  pos: number;
  args: Arg[];
}

type Arg =
  | { type: 'field'; pos: number; ident: string[] }
  | { type: 'variable'; pos: number; ident: string[] }
  | { type: 'chain'; pos: number; node: Arg; fields: string[] }
  | { type: 'identifier'; pos: number; name: string }
  | { type: 'dot'; pos: number }
  | { type: 'nil'; pos: number }
  | { type: 'bool'; pos: number; value: boolean }
  | { type: 'number'; pos: number; text: string; value: GoValue }
  | { type: 'string'; pos: number; text: string; value: string }
  | { type: 'pipe'; pos: number; pipe: Pipe };

function argString(a: Arg): string {
  switch (a.type) {
    case 'field':
      return a.ident.map((f) => `.${f}`).join('');
    case 'variable':
      return a.ident.join('.');
    case 'chain':
      return `${a.node.type === 'pipe' ? `(${pipeString(a.node.pipe)})` : argString(a.node)}${a.fields.map((f) => `.${f}`).join('')}`;
    case 'identifier':
      return a.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(a.value);
    case 'number':
    case 'string':
      return a.text;
    case 'pipe':
      return `(${pipeString(a.pipe)})`;
  }
}

function commandString(c: Command): string {
  return c.args.map((a) => (a.type === 'pipe' ? `(${pipeString(a.pipe)})` : argString(a))).join(' ');
}

function pipeString(p: Pipe): string {
  const decl = p.decl.length ? `${p.decl.join(', ')} ${p.isAssign ? '=' : ':='} ` : '';
  return decl + p.cmds.map(commandString).join(' | ');
}

export const FUNCS = new Set([
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery',
  'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'exists', 'base64decode',
]);

class ParseTree {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;
  /** `{{define}}`d templates by name. */
  readonly templates = new Map<string, Node[]>();

  constructor(private readonly items: Item[]) {}

  parse(): Node[] {
    const root: Node[] = [];
    while (this.peek().typ !== 'eof') {
      if (this.peek().typ === 'leftDelim') {
        const delim = this.i;
        this.next();
        const t = this.nextNonSpace();
        if (t.typ === 'keyword' && t.val === 'define') {
          this.parseDefinition();
          continue;
        }
        this.i = delim;
      }
      const n = this.textOrAction();
      if (n === 'end' || n === 'else') this.errorf(`unexpected {{${n}}}`);
      root.push(n as Node);
    }
    return root;
  }

  private peek(): Item {
    return this.items[this.i]!;
  }

  private next(): Item {
    const it = this.items[this.i]!;
    if (it.typ === 'error') this.errorf(this.withActionLine(it));
    if (this.i < this.items.length - 1) this.i++;
    return it;
  }

  private backup(n = 1): void {
    this.i -= n;
  }

  private nextNonSpace(): Item {
    let t = this.next();
    while (t.typ === 'space') t = this.next();
    return t;
  }

  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private withActionLine(it: Item): string {
    return this.actionLine !== 0 && this.actionLine !== it.line ? `${it.val} in action started at ${NAME}:${this.actionLine}` : it.val;
  }

  errorf(msg: string): never {
    const line = this.items[Math.max(0, this.i - 1)]?.line ?? 1;
    const cur = this.items[this.i]!;
    const errLine = cur.typ === 'error' ? cur.line : line;
    throw new TemplateError(`template: ${NAME}:${errLine}: ${msg}`);
  }

  private unexpected(t: Item, context: string): never {
    if (t.typ === 'error') this.errorf(this.withActionLine(t));
    this.errorf(`unexpected ${itemString(t)} in ${context}`);
  }

  private expect(typ: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== typ) this.unexpected(t, context);
    return t;
  }

  private textOrAction(): Node | 'end' | 'else' | { else: 'if' | 'with'; pos: number } {
    const t = this.nextNonSpace();
    if (t.typ === 'text') return { type: 'text', pos: t.pos, text: t.val };
    if (t.typ === 'leftDelim') {
      this.actionLine = this.peek().line;
      try {
        return this.action();
      } finally {
        this.actionLine = 0;
      }
    }
    this.unexpected(t, 'input');
  }

  private action(): Node | 'end' | 'else' | { else: 'if' | 'with'; pos: number } {
    const t = this.nextNonSpace();
    if (t.typ === 'keyword') {
      switch (t.val) {
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) this.errorf(`{{${t.val}}} outside {{range}}`);
          this.expect('rightDelim', `{{${t.val}}}`);
          return { type: t.val, pos: t.pos };
        case 'end':
          this.expect('rightDelim', 'end');
          return 'end';
        case 'else': {
          const p = this.peekNonSpace();
          if (p.typ === 'keyword' && (p.val === 'if' || p.val === 'with')) return { else: p.val, pos: t.pos };
          this.expect('rightDelim', 'else');
          return 'else';
        }
        case 'if':
        case 'with':
        case 'range':
          return this.control(t.val, t.pos);
        case 'template': {
          const name = this.nextNonSpace();
          const tname = this.templateName(name, 'template clause');
          let pipe: Pipe | undefined;
          if (this.nextNonSpace().typ !== 'rightDelim') {
            this.backup();
            pipe = this.pipeline('template clause', 'rightDelim');
          }
          return { type: 'template', pos: name.pos, name: tname, pipe };
        }
        case 'block': {
          const name = this.nextNonSpace();
          const tname = this.templateName(name, 'block clause');
          const pipe = this.pipeline('block clause', 'rightDelim');
          const [body, end] = this.itemList();
          if (end !== 'end') this.errorf(`unexpected {{else}} in block clause`);
          this.templates.set(tname, body);
          return { type: 'template', pos: name.pos, name: tname, pipe };
        }
      }
    }
    this.backup();
    const pos = this.peek().pos;
    return { type: 'action', pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  private templateName(t: Item, context: string): string {
    if (t.typ === 'string' || t.typ === 'rawString') {
      const s = t.typ === 'rawString' ? t.val.slice(1, -1) : unquoteGo(t.val);
      if (s !== undefined) return s;
    }
    this.unexpected(t, context);
  }

  private parseDefinition(): void {
    const name = this.templateName(this.nextNonSpace(), 'define clause');
    this.expect('rightDelim', 'define clause');
    const [body, end] = this.itemList();
    if (end !== 'end') this.errorf(`unexpected {{else}} in define clause`);
    this.templates.set(name, body);
  }

  private control(kind: 'if' | 'with' | 'range', pos: number): Node {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(kind, 'rightDelim');
      if (kind === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (kind === 'range') this.rangeDepth--;
      let elseList: Node[] | undefined;
      if (next !== 'end') {
        if (typeof next === 'object' && kind !== 'range' && next.else === kind) {
          this.nextNonSpace();
          elseList = [this.control(kind, next.pos)];
        } else {
          if (typeof next === 'object') this.expect('rightDelim', 'else');
          const [l, n2] = this.itemList();
          if (n2 !== 'end') this.errorf(`expected end; found {{else}}`);
          elseList = l;
        }
      }
      return { type: kind, pos, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private itemList(): [Node[], 'end' | 'else' | { else: 'if' | 'with'; pos: number }] {
    const list: Node[] = [];
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (n === 'end' || n === 'else' || (typeof n === 'object' && 'else' in n)) return [list, n];
      list.push(n as Node);
    }
    this.errorf('unexpected EOF');
  }

  private pipeline(context: string, end: ItemType): Pipe {
    const first = this.peekNonSpace();
    const pipe: Pipe = { pos: first.pos, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      this.nextNonSpace();
      const after = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === 'assign' || next.typ === 'declare') {
        pipe.isAssign = next.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
        break;
      }
      if (next.typ === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace();
          if (p.typ === 'variable' || p.typ === 'rightDelim' || p.typ === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      if (after.typ === 'space') this.backup(2);
      else this.backup();
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.typ === end) {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, i) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0]!.type)) {
            this.errorf(`non executable command in pipeline stage ${i + 2}`);
          }
        });
        return pipe;
      }
      if (['bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'keyword', 'rawString', 'string', 'variable', 'leftParen'].includes(t.typ) && (t.typ !== 'keyword' || t.val === 'nil')) {
        this.backup();
        pipe.cmds.push(this.command());
      } else this.unexpected(t, context);
    }
  }

  private command(): Command {
    const cmd: Command = { pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.typ === 'space') continue;
      if (t.typ === 'rightDelim' || t.typ === 'rightParen') this.backup();
      else if (t.typ !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Arg | undefined {
    let node = this.term();
    if (!node) return undefined;
    if (this.peek().typ === 'field') {
      const pos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().typ === 'field') fields.push(this.next().val.slice(1));
      if (node.type === 'field') node = { type: 'field', pos, ident: [...node.ident, ...fields] };
      else if (node.type === 'variable') node = { type: 'variable', pos, ident: [...node.ident, ...fields] };
      else if (['bool', 'string', 'number', 'nil', 'dot'].includes(node.type)) this.errorf(`unexpected . after term ${goQuote(argString(node))}`);
      else node = { type: 'chain', pos, node, fields };
    }
    return node;
  }

  private term(): Arg | undefined {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case 'identifier':
        if (!FUNCS.has(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'keyword':
        if (t.val === 'nil') return { type: 'nil', pos: t.pos };
        break;
      case 'variable': {
        const [name, ...rest] = t.val.split('.');
        if (!this.vars.includes(name!)) this.errorf(`undefined variable ${goQuote(name!)}`);
        return { type: 'variable', pos: t.pos, ident: [name!, ...rest] };
      }
      case 'field':
        return { type: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'number':
      case 'charConstant':
        return { type: 'number', pos: t.pos, text: t.val, value: parseNumber(t.val, this) };
      case 'leftParen':
        return { type: 'pipe', pos: t.pos, pipe: this.pipeline('parenthesized pipeline', 'rightParen') };
      case 'string':
      case 'rawString': {
        const s = t.typ === 'rawString' ? t.val.slice(1, -1).replace(/\r/g, '') : unquoteGo(t.val);
        if (s === undefined) this.errorf('invalid syntax');
        return { type: 'string', pos: t.pos, text: t.val, value: s };
      }
    }
    this.backup();
    return undefined;
  }
}

function parseNumber(text: string, tree: ParseTree): GoValue {
  if (text.startsWith("'")) {
    const s = unquoteGo(`"${text.slice(1, -1).replace(/"/g, '\\"')}"`);
    if (s === undefined || [...s].length !== 1) tree.errorf(`malformed character constant: ${text}`);
    return new GoInt(s!.codePointAt(0)!, 'int');
  }
  const clean = text.replace(/_/g, '');
  if (/^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.test(clean)) {
    const neg = clean.startsWith('-');
    const body = clean.replace(/^[+-]/, '');
    const v = /^0[0-7]+$/.test(body) ? parseInt(body, 8) : Number(body.replace(/^0[oO]/, '0o'));
    return new GoInt(neg ? -v : v, 'int');
  }
  const f = Number(clean);
  if (!Number.isFinite(f)) tree.errorf(`illegal number syntax: ${goQuote(text)}`);
  return new GoFloatValue(f);
}

/** strconv.Unquote for a double-quoted Go string; undefined when malformed. */
function unquoteGo(s: string): string | undefined {
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (e !== undefined && simple[e] !== undefined) {
      out += simple[e];
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined;
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + n;
    } else if (e !== undefined && e >= '0' && e <= '7') {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 4;
    } else return undefined;
  }
  return out;
}

// ---------------------------------------------------------------- execution

class BreakSignal {}
class ContinueSignal {}

interface Location {
  pos: number;
  context: string;
}

/** A parsed template ready to run against JSON data. */
export class GoTemplate {
  private readonly root: Node[];
  private readonly templates: Map<string, Node[]>;

  constructor(readonly text: string) {
    const tree = new ParseTree(lex(text));
    this.root = tree.parse();
    this.templates = tree.templates;
  }

  /**
   * Runs the template; output produced before an error is passed to `write` before the throw.
   * `missingKeyError` is Go's Option("missingkey=error") (kubectl's --allow-missing-template-keys=false).
   */
  execute(data: unknown, write: (s: string) => void, missingKeyError = false): void {
    new Exec(this.text, write, data, this.templates, missingKeyError).run(this.root);
  }
}

class Exec {
  private vars: Array<{ name: string; value: GoValue }>;
  private at: Location = { pos: 0, context: '' };

  constructor(
    private readonly text: string,
    private readonly write: (s: string) => void,
    data: unknown,
    private readonly templates: Map<string, Node[]>,
    private readonly missingKeyError = false,
  ) {
    this.vars = [{ name: '$', value: data as GoValue }];
  }

  run(nodes: Node[]): void {
    this.walkList(this.vars[0]!.value, nodes);
  }

  private errorf(msg: string): never {
    const before = this.text.slice(0, this.at.pos);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = 1 + count(before, '\n');
    const col = Buffer.byteLength(before.slice(lineStart), 'utf8');
    throw new TemplateError(`template: ${NAME}:${line}:${col}: executing ${goQuote(NAME)} at <${this.at.context}>: ${msg}`);
  }

  private setAt(pos: number, context: string): void {
    this.at = { pos, context };
  }

  private walkList(dot: GoValue, nodes: Node[]): void {
    for (const n of nodes) this.walk(dot, n);
  }

  private walk(dot: GoValue, node: Node): void {
    switch (node.type) {
      case 'text':
        this.write(node.text);
        return;
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(val);
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const val = this.evalPipeline(dot, node.pipe);
        if (truth(val)) this.walkList(node.type === 'with' ? val : dot, node.list);
        else if (node.elseList) this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        return this.walkRange(dot, node);
      case 'template': {
        this.setAt(node.pos, `{{template ${goQuote(node.name)}${node.pipe ? ` ${pipeString(node.pipe)}` : ''}}}`);
        const body = this.templates.get(node.name);
        if (!body) this.errorf(`template ${goQuote(node.name)} not defined`);
        const newDot = node.pipe ? this.evalPipeline(dot, node.pipe) : null;
        const saved = this.vars;
        this.vars = [{ name: '$', value: newDot }];
        try {
          this.walkList(newDot, body);
        } finally {
          this.vars = saved;
        }
        return;
      }
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
    }
  }

  private walkRange(dot: GoValue, node: ControlNode): void {
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, node.pipe);
    const mark2 = this.vars.length;
    const oneIteration = (index: GoValue, elem: GoValue): boolean => {
      const decl = node.pipe.decl;
      if (node.pipe.isAssign) {
        // With two variables the index comes first; with one, it is the element.
        if (decl.length > 1) {
          this.setVar(decl[0]!, index);
          this.setVar(decl[1]!, elem);
        } else if (decl.length === 1) this.setVar(decl[0]!, elem);
      } else if (decl.length > 0) {
        this.vars[this.vars.length - 1]!.value = elem;
        if (decl.length > 1) this.vars[this.vars.length - 2]!.value = index;
      }
      try {
        this.walkList(elem, node.list);
      } catch (e) {
        if (e instanceof BreakSignal) return false;
        if (!(e instanceof ContinueSignal)) throw e;
      } finally {
        this.vars.length = mark2;
      }
      return true;
    };
    const v = val;
    let ran = false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        ran = true;
        if (!oneIteration(new GoInt(i, 'int'), v[i] as GoValue)) break;
      }
    } else if (isMap(v)) {
      for (const k of Object.keys(v).sort(byteOrder)) {
        ran = true;
        if (!oneIteration(k, v[k] as GoValue)) break;
      }
    } else if (!isNoValue(v) && v !== null) {
      this.errorf(`range can't iterate over ${goSprintf('%v', [v])}`);
    }
    this.vars.length = mark;
    if (!ran && node.elseList) this.walkList(dot, node.elseList);
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.errorf(`undefined variable: ${name}`);
  }

  private evalPipeline(dot: GoValue, pipe: Pipe): GoValue {
    this.setAt(pipe.pos, pipeString(pipe));
    let value: GoValue = NO_VALUE;
    let first = true;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, first ? MISSING : value);
      first = false;
      if (value === null) value = NO_VALUE;
    }
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, value);
      else this.vars.push({ name, value });
    }
    return value;
  }

  private notAFunction(args: Arg[], final: GoValue | typeof MISSING): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${argString(args[0]!)}`);
  }

  private evalCommand(dot: GoValue, cmd: Command, final: GoValue | typeof MISSING): GoValue {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        this.setAt(first.pos, argString(first));
        return this.evalFieldChain(dot, dot, first.ident, cmd.args, final, first);
      case 'chain': {
        this.setAt(first.pos, argString(first));
        const recv = this.evalArg(dot, first.node);
        return this.evalFieldChain(dot, recv, first.fields, cmd.args, final, first);
      }
      case 'identifier':
        return this.evalFunction(dot, first, cmd, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first.pipe);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.setAt(first.pos, argString(first));
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      // eslint-disable-next-line no-fallthrough
      case 'number':
        return first.value;
      case 'string':
        return first.value;
    }
  }

  private evalVariable(dot: GoValue, v: Extract<Arg, { type: 'variable' }>, args: Arg[], final: GoValue | typeof MISSING): GoValue {
    this.setAt(v.pos, argString(v));
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v.ident.slice(1), args, final, v);
  }

  private evalFieldChain(dot: GoValue, receiver: GoValue, ident: string[], args: Arg[], final: GoValue | typeof MISSING, node: Arg): GoValue {
    void dot;
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(ident[i]!, false, receiver);
    const hasArgs = args.length > 1 || final !== MISSING;
    void node;
    return this.evalField(ident[n - 1]!, hasArgs, receiver);
  }

  private evalField(name: string, hasArgs: boolean, receiver: GoValue): GoValue {
    if (isNoValue(receiver)) {
      if (this.missingKeyError) this.errorf(`nil data; no entry for key ${goQuote(name)}`);
      return NO_VALUE;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      if (Object.prototype.hasOwnProperty.call(receiver, name)) return receiver[name] as GoValue;
      if (this.missingKeyError) this.errorf(`map has no entry for key ${goQuote(name)}`);
      return NO_VALUE;
    }
    const typ = receiver instanceof GoInt || receiver instanceof GoFloatValue ? goTypeOf(receiver) : 'interface {}';
    this.errorf(`can't evaluate field ${name} in type ${typ}`);
  }

  private evalArg(dot: GoValue, arg: Arg): GoValue {
    this.setAt(arg.pos, argString(arg));
    switch (arg.type) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'field':
        return this.evalFieldChain(dot, dot, arg.ident, [arg], MISSING, arg);
      case 'variable':
        return this.evalVariable(dot, arg, [arg], MISSING);
      case 'pipe':
        return this.evalPipeline(dot, arg.pipe);
      case 'identifier':
        return this.evalFunction(dot, arg, { pos: arg.pos, args: [arg] }, MISSING);
      case 'chain': {
        const recv = this.evalArg(dot, arg.node);
        return this.evalFieldChain(dot, recv, arg.fields, [arg], MISSING, arg);
      }
      case 'bool':
      case 'number':
      case 'string':
        return arg.value;
    }
  }

  private evalFunction(dot: GoValue, id: Extract<Arg, { type: 'identifier' }>, cmd: Command, final: GoValue | typeof MISSING): GoValue {
    this.setAt(id.pos, id.name);
    const name = id.name;
    const argNodes = cmd.args.slice(1);
    const spec = FUNC_ARITY[name]!;
    const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    if (spec.variadic ? numIn < spec.n : numIn !== spec.n) {
      this.errorf(`wrong number of args for ${name}: want ${spec.variadic ? 'at least ' : ''}${spec.n} got ${numIn}`);
    }
    if (name === 'and' || name === 'or') {
      let v: GoValue = NO_VALUE;
      for (const a of argNodes) {
        v = unwrapNil(this.evalArg(dot, a));
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    // text/template names call's callee by its node's text; `{{x | call}}` has no node, and Go's
    // index of it panics (kubectl reports the panic it caught).
    if (name === 'call' && argNodes.length === 0) throw new TemplateError('caught panic: runtime error: index out of range [0] with length 0');
    const args = argNodes.map((a) => this.evalArg(dot, a));
    if (final !== MISSING) args.push(final);
    const stringParam = (i: number): string => {
      const v = args[i];
      if (isNoValue(v)) this.errorf('invalid value; expected string');
      if (typeof v !== 'string') this.errorf(`wrong type for value; expected string; got ${goTypeOf(v as GoValue)}`);
      return v;
    };
    try {
      switch (name) {
        case 'not':
          return !truth(args[0]!);
        case 'len':
          return new GoInt(goLen(args[0]!), 'int');
        case 'index':
          return goIndex(args[0]!, args.slice(1));
        case 'slice':
          return goSlice(args[0]!, args.slice(1));
        case 'print':
          return goSprint_(args);
        case 'println':
          return args.map((a) => goSprintf('%v', [a])).join(' ') + '\n';
        case 'printf': {
          const format = stringParam(0);
          return goSprintf(format, args.slice(1));
        }
        case 'html':
          return htmlEscape(evalArgsText(args));
        case 'js':
          return jsEscape(evalArgsText(args));
        case 'urlquery':
          return urlQueryEscape(evalArgsText(args));
        case 'eq':
        case 'ne':
        case 'lt':
        case 'le':
        case 'gt':
        case 'ge':
          return compareFn(name, args);
        case 'exists':
          return exists(args[0]!, args.slice(1));
        case 'call':
          // Nothing in an object's data is a function.
          if (args[0] === null || isNoValue(args[0])) throw new CallError('call of nil');
          throw new CallError(`non-function ${argString(argNodes[0]!)} of type ${goTypeOf(args[0]!)}`);
        case 'base64decode': {
          const s = stringParam(0);
          return base64decode(s);
        }
        default:
          this.errorf(`can't call ${name}`);
      }
    } catch (e) {
      if (e instanceof CallError) {
        this.setAt(cmd.pos, commandString(cmd));
        this.errorf(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  private printValue(v: GoValue): void {
    this.write(isNoValue(v) ? '<no value>' : goSprintf('%v', [v]));
  }
}

const MISSING = Symbol('missing');

const FUNC_ARITY: Record<string, { n: number; variadic: boolean }> = {
  and: { n: 1, variadic: true },
  or: { n: 1, variadic: true },
  not: { n: 1, variadic: false },
  len: { n: 1, variadic: false },
  index: { n: 1, variadic: true },
  slice: { n: 1, variadic: true },
  print: { n: 0, variadic: true },
  println: { n: 0, variadic: true },
  printf: { n: 1, variadic: true },
  html: { n: 0, variadic: true },
  js: { n: 0, variadic: true },
  urlquery: { n: 0, variadic: true },
  eq: { n: 1, variadic: true },
  ne: { n: 2, variadic: false },
  lt: { n: 2, variadic: false },
  le: { n: 2, variadic: false },
  gt: { n: 2, variadic: false },
  ge: { n: 2, variadic: false },
  exists: { n: 1, variadic: true },
  base64decode: { n: 1, variadic: false },
  call: { n: 1, variadic: true },
};

/** An error returned by a template function (reported as `error calling NAME: ...`). */
class CallError extends Error {}

function unwrapNil(v: GoValue): GoValue {
  return v === null ? NO_VALUE : v;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof GoInt) && !(v instanceof GoFloatValue) && !isNoValue(v);
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Go's template truth: false, 0, nil, empty string/slice/map and missing values are false. */
function truth(v: GoValue): boolean {
  if (isNoValue(v) || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof GoInt || v instanceof GoFloatValue) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v as object).length > 0;
}

function goLen(v: GoValue): number {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  if (v === null) throw new CallError('len of nil pointer');
  if (isNoValue(v)) throw new CallError('len of untyped nil');
  throw new CallError(`len of type ${goTypeOf(v)}`);
}

function intArg(v: GoValue, what: string): number {
  if (v instanceof GoInt) return v.value;
  if (typeof v === 'number' && isGoInt(v)) return v;
  if (isNoValue(v) || v === null) throw new CallError(`cannot index ${what} with nil`);
  throw new CallError(`cannot index ${what} with type ${goTypeOf(v)}`);
}

function goIndex(item: GoValue, indexes: GoValue[]): GoValue {
  if (isNoValue(item) || item === null) throw new CallError('index of untyped nil');
  for (const index of indexes) {
    if (item === null) throw new CallError('index of nil pointer');
    if (typeof item === 'string' || Array.isArray(item)) {
      const x = intArg(index, 'slice/array');
      const len = typeof item === 'string' ? Buffer.byteLength(item) : item.length;
      if (x < 0 || x >= len) throw new CallError(`index out of range: ${x}`);
      item = typeof item === 'string' ? new GoInt(Buffer.from(item)[x]!, 'uint8') : (item[x] as GoValue);
    } else if (isMap(item)) {
      if (isNoValue(index) || index === null) throw new CallError('value is nil; should be of type string');
      if (typeof index !== 'string') throw new CallError(`value has type ${goTypeOf(index)}; should be string`);
      item = Object.prototype.hasOwnProperty.call(item, index) ? (item[index] as GoValue) : null;
    } else throw new CallError(`can't index item of type ${goTypeOf(item)}`);
  }
  return item;
}

function goSlice(item: GoValue, indexes: GoValue[]): GoValue {
  if (isNoValue(item) || item === null) throw new CallError('slice of untyped nil');
  if (indexes.length > 3) throw new CallError(`too many slice indexes: ${indexes.length}`);
  if (typeof item !== 'string' && !Array.isArray(item)) throw new CallError(`can't slice item of type ${goTypeOf(item)}`);
  if (typeof item === 'string' && indexes.length === 3) throw new CallError('cannot 3-index slice a string');
  const len = typeof item === 'string' ? Buffer.byteLength(item) : item.length;
  const idx = [0, len];
  indexes.forEach((v, i) => {
    const x = intArg(v, 'slice/array');
    if (x < 0 || x > len) throw new CallError(`index out of range: ${x}`);
    idx[i] = x;
  });
  if (idx[0]! > idx[1]!) throw new CallError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  return typeof item === 'string' ? Buffer.from(item).subarray(idx[0], idx[1]).toString('utf8') : item.slice(idx[0], idx[1]);
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
function goSprint_(args: GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    const isString = typeof a === 'string';
    if (i > 0 && !isString && typeof args[i - 1] !== 'string') out += ' ';
    out += goSprintf('%v', [a]);
  });
  return out;
}

function evalArgsText(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return goSprint_(args);
}

function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c]!);
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '"') out += '\\"';
    else if (ch === '<') out += '\\u003C';
    else if (ch === '>') out += '\\u003E';
    else if (ch === '&') out += '\\u0026';
    else if (ch === '=') out += '\\u003D';
    else if (c < 0x20) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other';

function basicKind(v: GoValue): Kind {
  if (isNoValue(v) || v === null) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoFloatValue) return 'float';
  if (typeof v === 'number') return isGoInt(v) ? 'int' : 'float';
  return 'other';
}

function numberOf(v: GoValue): number {
  return v instanceof GoInt || v instanceof GoFloatValue ? v.value : (v as number);
}

function eqPair(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if (k1 !== 'invalid' && k2 !== 'invalid') throw new CallError('incompatible types for comparison');
    return false;
  }
  switch (k1) {
    case 'int':
    case 'float':
      return numberOf(a) === numberOf(b);
    case 'bool':
    case 'string':
      return a === b;
    case 'invalid':
      return true;
    default:
      throw new CallError('non-comparable types');
  }
}

function ltPair(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k1 === 'other' || k2 === 'invalid' || k2 === 'other') throw new CallError('invalid type for comparison');
  if (k1 !== k2) throw new CallError('incompatible types for comparison');
  if (k1 === 'bool') throw new CallError('invalid type for comparison');
  if (k1 === 'string') return byteOrder(a as string, b as string) < 0;
  return numberOf(a) < numberOf(b);
}

function compareFn(name: string, args: GoValue[]): boolean {
  switch (name) {
    case 'eq': {
      if (args.length < 2) throw new CallError('missing argument for comparison');
      return args.slice(1).some((b) => eqPair(args[0]!, b));
    }
    case 'ne':
      return !eqPair(args[0]!, args[1]!);
    case 'lt':
      return ltPair(args[0]!, args[1]!);
    case 'le':
      return ltPair(args[0]!, args[1]!) || eqPair(args[0]!, args[1]!);
    case 'gt':
      return !(ltPair(args[0]!, args[1]!) || eqPair(args[0]!, args[1]!));
    default:
      return !ltPair(args[0]!, args[1]!);
  }
}

/** kubectl's `exists`: could `index` be called with these arguments? */
function exists(item: GoValue, indexes: GoValue[]): boolean {
  let v: GoValue = item;
  for (const index of indexes) {
    if (v === null || isNoValue(v)) return false;
    if (typeof v === 'string' || Array.isArray(v)) {
      if (!(index instanceof GoInt) && !(typeof index === 'number' && isGoInt(index))) return false;
      const x = numberOf(index);
      const len = typeof v === 'string' ? Buffer.byteLength(v) : v.length;
      if (x < 0 || x >= len) return false;
      v = typeof v === 'string' ? new GoInt(Buffer.from(v)[x]!, 'uint8') : (v[x] as GoValue);
    } else if (isMap(v)) {
      if (typeof index !== 'string') return false;
      v = Object.prototype.hasOwnProperty.call(v, index) ? (v[index] as GoValue) : null;
    } else return false;
  }
  return !(v === null || isNoValue(v));
}

function base64decode(s: string): string {
  const clean = s;
  const bad = /[^A-Za-z0-9+/=]/.exec(clean);
  if (bad) throw new CallError(`base64 decode failed: illegal base64 data at input byte ${bad.index}`);
  const pad = clean.indexOf('=');
  if (clean.length % 4 !== 0 || (pad >= 0 && !/^=*$/.test(clean.slice(pad))) || (pad >= 0 && clean.length - pad > 2)) {
    const at = pad >= 0 ? pad : clean.length - (clean.length % 4);
    throw new CallError(`base64 decode failed: illegal base64 data at input byte ${at}`);
  }
  return Buffer.from(clean, 'base64').toString('latin1') === '' && clean !== ''
    ? ''
    : decodeUtf8Lossless(Buffer.from(clean, 'base64'));
}

/** Go strings are bytes; invalid UTF-8 cannot be represented in JS, so it becomes U+FFFD. */
function decodeUtf8Lossless(b: Buffer): string {
  return b.toString('utf8');
}

