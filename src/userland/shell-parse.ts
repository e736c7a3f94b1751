/**
 * The POSIX shell grammar that busybox's ash understands, as far as people type it into a
 * container: words with quotes and expansions, `;` `&&` `||` `|` `&`, redirections, `for`,
 * `while`/`until`, `if`, `{ }` and `( )`. Parsing is separate from running (shell.ts), so the
 * interactive shell can tell an incomplete line (an open quote, a `for` without `done`) and
 * ask for more.
 */

export type Seg =
  | { k: 'lit'; s: string; q: boolean }
  | { k: 'var'; name: string; q: boolean; op?: string; arg?: Word }
  | { k: 'cmd'; src: string; q: boolean }
  | { k: 'arith'; expr: string; q: boolean };

export interface Word {
  segs: Seg[];
  /** The word as typed, for reserved-word checks and messages. */
  raw: string;
}

export interface Redir {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<&';
  target: Word;
}

export type Node =
  | { t: 'simple'; assigns: Array<[string, Word]>; words: Word[]; redirs: Redir[] }
  | { t: 'pipeline'; cmds: Node[]; bang: boolean }
  | { t: 'andor'; first: Node; rest: Array<['&&' | '||', Node]> }
  | { t: 'list'; items: Node[] }
  | { t: 'for'; name: string; words: Word[] | null; body: Node; redirs: Redir[] }
  | { t: 'if'; clauses: Array<[Node, Node]>; otherwise?: Node; redirs: Redir[] }
  | { t: 'while'; until: boolean; cond: Node; body: Node; redirs: Redir[] }
  | { t: 'group'; body: Node; subshell: boolean; redirs: Redir[] };

/** A syntax error, worded as ash words it. */
export class ShellSyntaxError extends Error {}
/** The input ended inside a construct: an interactive shell asks for another line. */
export class IncompleteInput extends ShellSyntaxError {}

type Tok = { type: 'word'; word: Word } | { type: 'op'; op: string } | { type: 'ionum'; fd: number } | { type: 'nl' } | { type: 'eof' };

const OPS = ['&&', '||', ';;', '>>', '>&', '<&', ';', '&', '|', '(', ')', '>', '<'];
const RESERVED = new Set(['for', 'in', 'do', 'done', 'if', 'then', 'elif', 'else', 'fi', 'while', 'until', '{', '}', '!', 'case', 'esac']);

function isNameChar(c: string | undefined, first = false): boolean {
  return c !== undefined && (/[A-Za-z_]/.test(c) || (!first && /[0-9]/.test(c)));
}

class Lexer {
  pos = 0;
  constructor(private readonly src: string) {}

  private peekc(o = 0): string | undefined {
    return this.src[this.pos + o];
  }

  next(): Tok {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else break;
    }
    if (this.pos >= s.length) return { type: 'eof' };
    const c = s[this.pos]!;
    if (c === '\n') {
      this.pos++;
      return { type: 'nl' };
    }
    for (const op of OPS) {
      if (s.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { type: 'op', op };
      }
    }
    // An IO number: digits right before a redirection operator.
    const m = /^[0-9]+(?=[<>])/.exec(s.slice(this.pos, this.pos + 12));
    if (m) {
      this.pos += m[0].length;
      return { type: 'ionum', fd: Number(m[0]) };
    }
    return { type: 'word', word: this.word() };
  }

  private word(): Word {
    const start = this.pos;
    const segs: Seg[] = [];
    const lit = (t: string, q: boolean) => {
      const last = segs[segs.length - 1];
      if (last?.k === 'lit' && last.q === q) last.s += t;
      else segs.push({ k: 'lit', s: t, q });
    };
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (' \t\n;&|()<>'.includes(c)) break;
      if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new IncompleteInput('syntax error: unterminated quoted string');
        lit(s.slice(this.pos + 1, end), true);
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos++;
        // Quoted, with expansions.
        lit('', true);
        for (;;) {
          if (this.pos >= s.length) throw new IncompleteInput('syntax error: unterminated quoted string');
          const d = s[this.pos]!;
          if (d === '"') {
            this.pos++;
            break;
          }
          if (d === '\\' && '$`"\\\n'.includes(s[this.pos + 1] ?? '')) {
            if (s[this.pos + 1] !== '\n') lit(s[this.pos + 1]!, true);
            this.pos += 2;
          } else if (d === '$' || d === '`') {
            const seg = this.dollar(true);
            if (seg) segs.push(seg);
            else lit('$', true);
          } else {
            lit(d, true);
            this.pos++;
          }
        }
      } else if (c === '\\') {
        if (this.pos + 1 < s.length) lit(s[this.pos + 1]!, true);
        this.pos += 2;
      } else if (c === '$' || c === '`') {
        const seg = this.dollar(false);
        if (seg) segs.push(seg);
        else lit('$', false);
      } else {
        lit(c, false);
        this.pos++;
      }
    }
    return { segs, raw: s.slice(start, this.pos) };
  }

  /** At `$` or a backquote: one expansion, or undefined for a lone `$`. */
  private dollar(q: boolean): Seg | undefined {
    const s = this.src;
    if (s[this.pos] === '`') {
      const end = s.indexOf('`', this.pos + 1);
      if (end < 0) throw new IncompleteInput('syntax error: unterminated quoted string');
      const src = s.slice(this.pos + 1, end);
      this.pos = end + 1;
      return { k: 'cmd', src, q };
    }
    const n = s[this.pos + 1];
    if (n === '(' && s[this.pos + 2] === '(') {
      const end = this.matchParen(this.pos + 2);
      // $(( ... )): the closing must be `))`.
      const expr = s.slice(this.pos + 3, end);
      if (s[end + 1] !== ')') throw new ShellSyntaxError('syntax error: missing ))');
      this.pos = end + 2;
      return { k: 'arith', expr, q };
    }
    if (n === '(') {
      const end = this.matchParen(this.pos + 1);
      const src = s.slice(this.pos + 2, end);
      this.pos = end + 1;
      return { k: 'cmd', src, q };
    }
    if (n === '{') {
      const end = s.indexOf('}', this.pos + 2);
      if (end < 0) throw new IncompleteInput('syntax error: missing }');
      const body = s.slice(this.pos + 2, end);
      this.pos = end + 1;
      const m = /^(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$@*!])(?:(:?[-=+?])(.*))?$/s.exec(body);
      if (!m) throw new ShellSyntaxError(`syntax error: bad substitution`);
      if (m[1]) return { k: 'var', name: m[2]!, q, op: '#' };
      return { k: 'var', name: m[2]!, q, op: m[3], arg: m[3] ? new Lexer(m[4]!).word() : undefined };
    }
    if (n !== undefined && isNameChar(n, true)) {
      let e = this.pos + 1;
      while (isNameChar(s[e])) e++;
      const name = s.slice(this.pos + 1, e);
      this.pos = e;
      return { k: 'var', name, q };
    }
    if (n !== undefined && /[0-9?#$@*!]/.test(n)) {
      this.pos += 2;
      return { k: 'var', name: n, q };
    }
    this.pos++;
    return undefined;
  }

  /** Index of the `)` matching the `(` at `open`, skipping quotes and nested parentheses. */
  private matchParen(open: number): number {
    const s = this.src;
    let depth = 0;
    for (let i = open; i < s.length; i++) {
      const c = s[i];
      if (c === "'") {
        const e = s.indexOf("'", i + 1);
        if (e < 0) break;
        i = e;
      } else if (c === '"') {
        for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
      } else if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return i;
    }
    throw new IncompleteInput('syntax error: unterminated $(');
  }
}

function plain(w: Word): string | undefined {
  return w.segs.length === 1 && w.segs[0]!.k === 'lit' && !w.segs[0]!.q ? w.segs[0]!.s : w.segs.length === 0 ? '' : undefined;
}

class Parser {
  private tok: Tok;
  constructor(private readonly lex: Lexer) {
    this.tok = lex.next();
  }

  private advance(): Tok {
    const t = this.tok;
    this.tok = this.lex.next();
    return t;
  }

  /** The current token's type, read afresh (after advance() the narrowing of `tok` no longer holds). */
  private kind(): Tok['type'] {
    return this.tok.type;
  }

  private isWord(w: string): boolean {
    return this.tok.type === 'word' && plain(this.tok.word) === w;
  }

  private isOp(op: string): boolean {
    return this.tok.type === 'op' && this.tok.op === op;
  }

  private unexpected(): never {
    const t = this.tok;
    if (t.type === 'eof') throw new IncompleteInput('syntax error: unexpected end of file');
    const what = t.type === 'nl' ? 'newline' : t.type === 'op' ? t.op : t.type === 'word' ? t.word.raw : String((t as { fd: number }).fd);
    throw new ShellSyntaxError(`syntax error: unexpected "${what}"`);
  }

  private expectWord(w: string): void {
    if (this.tok.type === 'eof') throw new IncompleteInput(`syntax error: unexpected end of file (expecting "${w}")`);
    if (!this.isWord(w)) this.unexpected();
    this.advance();
  }

  private skipNewlines(): void {
    while (this.tok.type === 'nl') this.advance();
  }

  parseProgram(): Node {
    const list = this.list(new Set());
    if (this.tok.type !== 'eof') this.unexpected();
    return list;
  }

  /** A list up to one of the `stops` reserved words (or `)` / eof). */
  private list(stops: Set<string>): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipNewlines();
      while (this.isOp(';')) {
        if (!items.length) this.unexpected();
        this.advance();
        this.skipNewlines();
      }
      if (this.tok.type === 'eof' || this.isOp(')')) break;
      if (this.tok.type === 'word') {
        const p = plain(this.tok.word);
        if (p !== undefined && stops.has(p)) break;
      }
      items.push(this.andOr());
      if (this.isOp(';') || this.isOp('&')) this.advance();
      else if (this.kind() === 'nl') this.advance();
      else if (this.kind() === 'eof' || this.isOp(')')) break;
      else if (this.tok.type === 'word' && stops.has(plain(this.tok.word) ?? '')) break;
      else this.unexpected();
    }
    return { t: 'list', items };
  }

  private andOr(): Node {
    const first = this.pipeline();
    const rest: Array<['&&' | '||', Node]> = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.advance() as { op: '&&' | '||' }).op;
      this.skipNewlines();
      if (this.tok.type === 'eof') throw new IncompleteInput('syntax error: unexpected end of file');
      rest.push([op, this.pipeline()]);
    }
    return rest.length ? { t: 'andor', first, rest } : first;
  }

  private pipeline(): Node {
    let bang = false;
    if (this.isWord('!')) {
      this.advance();
      bang = true;
    }
    const cmds = [this.command()];
    while (this.isOp('|')) {
      this.advance();
      this.skipNewlines();
      if (this.tok.type === 'eof') throw new IncompleteInput('syntax error: unexpected end of file');
      cmds.push(this.command());
    }
    return cmds.length === 1 && !bang ? cmds[0]! : { t: 'pipeline', cmds, bang };
  }

  private command(): Node {
    if (this.tok.type === 'word') {
      const p = plain(this.tok.word);
      if (p === 'for') return this.forCmd();
      if (p === 'if') return this.ifCmd();
      if (p === 'while' || p === 'until') return this.whileCmd(p === 'until');
      if (p === '{') {
        this.advance();
        const body = this.list(new Set(['}']));
        this.expectWord('}');
        return { t: 'group', body, subshell: false, redirs: this.redirs() };
      }
      if (p !== undefined && RESERVED.has(p) && p !== '!') this.unexpected();
    }
    if (this.isOp('(')) {
      this.advance();
      const body = this.list(new Set());
      if (this.tok.type === 'eof') throw new IncompleteInput('syntax error: unexpected end of file (expecting ")")');
      if (!this.isOp(')')) this.unexpected();
      this.advance();
      return { t: 'group', body, subshell: true, redirs: this.redirs() };
    }
    return this.simple();
  }

  private redirs(): Redir[] {
    const out: Redir[] = [];
    for (;;) {
      const r = this.redir();
      if (!r) return out;
      out.push(r);
    }
  }

  private redir(): Redir | undefined {
    let fd: number | undefined;
    if (this.tok.type === 'ionum') {
      fd = this.tok.fd;
      this.advance();
    }
    if (this.tok.type === 'op' && ['>', '>>', '<', '>&', '<&'].includes(this.tok.op)) {
      const op = (this.advance() as { op: Redir['op'] }).op;
      if (this.kind() !== 'word') this.unexpected();
      const target = (this.advance() as { word: Word }).word;
      return { fd: fd ?? (op === '<' || op === '<&' ? 0 : 1), op, target };
    }
    if (fd !== undefined) this.unexpected();
    return undefined;
  }

  private simple(): Node {
    const assigns: Array<[string, Word]> = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const r = this.redir();
      if (r) {
        redirs.push(r);
        continue;
      }
      if (this.tok.type !== 'word') break;
      const w = this.tok.word;
      const first = w.segs[0];
      if (!words.length && first?.k === 'lit' && !first.q) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.s);
        if (m) {
          this.advance();
          const rest: Seg[] = [{ ...first, s: first.s.slice(m[0].length) }, ...w.segs.slice(1)];
          assigns.push([m[1]!, { segs: rest, raw: w.raw.slice(m[0].length) }]);
          continue;
        }
      }
      words.push(w);
      this.advance();
    }
    if (!assigns.length && !words.length && !redirs.length) this.unexpected();
    return { t: 'simple', assigns, words, redirs };
  }

  private forCmd(): Node {
    this.advance();
    if (this.tok.type !== 'word') this.unexpected();
    const name = plain(this.tok.word);
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ShellSyntaxError(`syntax error: bad for loop variable`);
    this.advance();
    let words: Word[] | null = null;
    this.skipNewlines();
    if (this.isWord('in')) {
      this.advance();
      words = [];
      while (this.tok.type === 'word') words.push((this.advance() as { word: Word }).word);
      if (this.isOp(';')) this.advance();
      else if (this.kind() === 'nl') this.advance();
      else if (this.kind() === 'eof') throw new IncompleteInput('syntax error: unexpected end of file (expecting "do")');
      else this.unexpected();
    } else if (this.isOp(';')) this.advance();
    this.skipNewlines();
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { t: 'for', name, words, body, redirs: this.redirs() };
  }

  private ifCmd(): Node {
    this.advance();
    const clauses: Array<[Node, Node]> = [];
    let otherwise: Node | undefined;
    for (;;) {
      const cond = this.list(new Set(['then']));
      this.expectWord('then');
      const body = this.list(new Set(['elif', 'else', 'fi']));
      clauses.push([cond, body]);
      if (this.isWord('elif')) {
        this.advance();
        continue;
      }
      if (this.isWord('else')) {
        this.advance();
        otherwise = this.list(new Set(['fi']));
      }
      this.expectWord('fi');
      return { t: 'if', clauses, otherwise, redirs: this.redirs() };
    }
  }

  private whileCmd(until: boolean): Node {
    this.advance();
    const cond = this.list(new Set(['do']));
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { t: 'while', until, cond, body, redirs: this.redirs() };
  }
}

export function parseShell(src: string): Node {
  return new Parser(new Lexer(src)).parseProgram();
}
