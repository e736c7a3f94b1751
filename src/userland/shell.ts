/**
 * busybox ash, simulated: runs what shell-parse.ts parsed over a container's programs and
 * files. Builtins are ash's (cd, pwd, export, unset, exit, echo, printf, test/[, read, true,
 * false, set, shift, :); everything else is looked up on $PATH in the program table. Output of
 * pipes and `$(...)` is collected as text; the last command of a line writes straight through.
 */
import { FsError, type Program, type ProgramContext } from './types.js';
import type { ContainerFs } from './fs.js';
import { IncompleteInput, parseShell, ShellSyntaxError, type Node, type Redir, type Word } from './shell-parse.js';

export interface Stdin {
  data: string;
  pos: number;
}

export interface ShellIO {
  stdin: Stdin;
  out(text: string): void;
  err(text: string): void;
  /** stdout is the user's terminal (not a pipe, a file or a command substitution). */
  tty?: boolean;
}

/** What a shell needs from the container it runs in. */
export interface ShellHost {
  fs: ContainerFs;
  /** A program by name (as found on $PATH), or undefined. */
  lookup(name: string): Program | undefined;
  /** The parts of a program's context that do not change from one command to the next. */
  base: Pick<ProgramContext, 'world' | 'origin' | 'sleep' | 'signal'>;
}

class ExitShell {
  constructor(readonly code: number) {}
}
class LoopControl {
  constructor(
    readonly kind: 'break' | 'continue',
    readonly n: number,
  ) {}
}

const BUILTINS = new Set(['cd', 'pwd', 'export', 'unset', 'exit', 'echo', 'printf', 'test', '[', 'read', 'true', 'false', 'set', 'shift', ':', 'break', 'continue', 'type', 'command', 'exec', 'readonly', 'local', 'source', '.', 'wait', 'trap', 'umask']);

export const SHELL_BUILTINS = BUILTINS;

/** A file error as busybox's programs print it (busybox's errno wording), anything else as its message. */
export function errText(e: unknown): string {
  return e instanceof FsError ? errnoText(e.code) : String((e as Error).message ?? e);
}

/** Busybox's wording of an errno. */
export function errnoText(code: FsError['code']): string {
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EISDIR':
      return 'Is a directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EROFS':
      return 'Read-only file system';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'EEXIST':
      return 'File exists';
    case 'ENOTEMPTY':
      return 'Directory not empty';
  }
}

export class Shell {
  vars = new Map<string, string>();
  exported = new Set<string>();
  status = 0;
  positional: string[] = [];
  arg0 = 'sh';
  /** The shell's own PID, and the next one a command gets. */
  pid = 1;
  nextPid = 2;
  /** Where `sh:` messages say they come from (`sh: 1: ...` in dash; ash says `sh:`). */
  name = 'sh';
  /** `exit` was run. */
  exited = false;

  constructor(
    readonly host: ShellHost,
    env: Array<[string, string]>,
  ) {
    for (const [k, v] of env) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    if (!this.vars.has('PWD')) this.vars.set('PWD', host.fs.cwd);
  }

  env(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of this.exported) if (this.vars.has(k)) out[k] = this.vars.get(k)!;
    return out;
  }

  /** A copy for `( ... )` and `$( ... )`: changes inside do not reach the parent. */
  private fork(): Shell {
    const s = new Shell(this.host, []);
    s.vars = new Map(this.vars);
    s.exported = new Set(this.exported);
    s.status = this.status;
    s.positional = [...this.positional];
    s.arg0 = this.arg0;
    s.pid = this.pid;
    s.nextPid = this.nextPid;
    return s;
  }

  /** Runs a script; syntax errors are reported as ash reports them (exit 2). */
  async runScript(src: string, io: ShellIO): Promise<number> {
    let node: Node;
    try {
      node = parseShell(src);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        io.err(`${this.name}: ${e.message}\n`);
        return (this.status = 2);
      }
      throw e;
    }
    try {
      return (this.status = await this.exec(node, io));
    } catch (e) {
      if (e instanceof ExitShell) {
        this.exited = true;
        return (this.status = e.code);
      }
      if (e instanceof LoopControl) return this.status;
      throw e;
    }
  }

  /** For the interactive shell: whether `src` is a complete command yet. */
  static incomplete(src: string): boolean {
    try {
      parseShell(src);
      return false;
    } catch (e) {
      return e instanceof IncompleteInput;
    }
  }

  private aborted(): boolean {
    return Boolean(this.host.base.signal?.aborted);
  }

  async exec(node: Node, io: ShellIO): Promise<number> {
    if (this.aborted()) return 130;
    switch (node.t) {
      case 'list': {
        let st = this.status;
        for (const item of node.items) {
          st = await this.exec(item, io);
          this.status = st;
          if (this.aborted()) return 130;
        }
        return st;
      }
      case 'andor': {
        let st = await this.exec(node.first, io);
        this.status = st;
        for (const [op, next] of node.rest) {
          if ((op === '&&' && st === 0) || (op === '||' && st !== 0)) {
            st = await this.exec(next, io);
            this.status = st;
          }
        }
        return st;
      }
      case 'pipeline': {
        let input = io.stdin;
        let st = 0;
        for (let i = 0; i < node.cmds.length; i++) {
          const last = i === node.cmds.length - 1;
          let buf = '';
          const sub: ShellIO = { stdin: input, out: last ? io.out : (t) => void (buf += t), err: io.err, tty: last && io.tty };
          st = await this.exec(node.cmds[i]!, sub);
          input = { data: buf, pos: 0 };
        }
        return node.bang ? (st === 0 ? 1 : 0) : st;
      }
      case 'group': {
        return this.withRedirs(node.redirs, io, async (rio) => {
          if (!node.subshell) return this.exec(node.body, rio);
          const sub = this.fork();
          try {
            return await sub.exec(node.body, rio);
          } catch (e) {
            if (e instanceof ExitShell) return e.code;
            throw e;
          }
        });
      }
      case 'for': {
        return this.withRedirs(node.redirs, io, async (rio) => {
          const items = node.words === null ? [...this.positional] : await this.expandWords(node.words, rio);
          let st = 0;
          for (const item of items) {
            this.vars.set(node.name, item);
            const r = await this.loopBody(node.body, rio);
            st = r.status;
            if (r.stop) break;
            if (this.aborted()) return 130;
          }
          return st;
        });
      }
      case 'while': {
        return this.withRedirs(node.redirs, io, async (rio) => {
          let st = 0;
          for (let rounds = 0; ; rounds++) {
            const c = await this.exec(node.cond, rio);
            if ((c === 0) === node.until) break;
            const r = await this.loopBody(node.body, rio);
            st = r.status;
            if (r.stop) break;
            if (this.aborted()) return 130;
            // A loop that never waits would never let time pass: yield now and then.
            if (rounds % 1000 === 999) await new Promise((r) => setImmediate(r));
          }
          return st;
        });
      }
      case 'if': {
        return this.withRedirs(node.redirs, io, async (rio) => {
          for (const [cond, body] of node.clauses) {
            if ((await this.exec(cond, rio)) === 0) return this.exec(body, rio);
          }
          return node.otherwise ? this.exec(node.otherwise, rio) : 0;
        });
      }
      case 'simple':
        return this.simple(node, io);
    }
  }

  /** One round of a loop's body: `break` stops the loop, `continue` ends the round; `break 2` reaches the loop outside. */
  private async loopBody(body: Node, io: ShellIO): Promise<{ status: number; stop: boolean }> {
    try {
      return { status: await this.exec(body, io), stop: false };
    } catch (e) {
      if (!(e instanceof LoopControl)) throw e;
      if (e.n > 1) throw new LoopControl(e.kind, e.n - 1);
      return { status: 0, stop: e.kind === 'break' };
    }
  }

  // ---- expansion -------------------------------------------------------------------------

  private param(name: string): string | undefined {
    if (name === '?') return String(this.status);
    if (name === '$') return String(this.pid);
    if (name === '#') return String(this.positional.length);
    if (name === '@' || name === '*') return this.positional.join(' ');
    if (name === '!') return '';
    if (name === '0') return this.arg0;
    if (/^[0-9]+$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name);
  }

  private async cmdSubst(src: string, io: ShellIO): Promise<string> {
    const sub = this.fork();
    let out = '';
    await sub.runScript(src, { stdin: { data: '', pos: 0 }, out: (t) => void (out += t), err: io.err });
    this.status = sub.status;
    return out.replace(/\n+$/, '');
  }

  /** Expands words into fields: parameter, command and arithmetic expansion, field splitting, globbing. */
  async expandWords(words: Word[], io: ShellIO): Promise<string[]> {
    const out: string[] = [];
    for (const w of words) out.push(...(await this.expandWord(w, io, true)));
    return out;
  }

  async expandWord(w: Word, io: ShellIO, split: boolean): Promise<string[]> {
    const fields: Array<{ text: string; glob: string; quoted: boolean }> = [];
    let cur: { text: string; glob: string; quoted: boolean } | undefined;
    const push = (text: string, quoted: boolean, literal: boolean) => {
      cur ??= { text: '', glob: '', quoted: false };
      cur.text += text;
      cur.glob += literal && !quoted ? text : text.replace(/[*?[\]\\]/g, '\\$&');
      if (quoted) cur.quoted = true;
    };
    const end = () => {
      if (cur) fields.push(cur);
      cur = undefined;
    };
    for (const seg of w.segs) {
      let value: string;
      if (seg.k === 'lit') {
        push(seg.s, seg.q, true);
        continue;
      }
      if (seg.k === 'var') value = await this.varValue(seg, io);
      else if (seg.k === 'cmd') value = await this.cmdSubst(seg.src, io);
      else value = String(this.arith(seg.expr));
      if (seg.q || !split) {
        if (seg.k === 'var' && seg.q && seg.name === '@' && !seg.op) {
          // "$@": one field per positional parameter.
          this.positional.forEach((p, i) => {
            if (i > 0) end();
            push(p, true, false);
          });
          if (!this.positional.length) cur ??= undefined;
          continue;
        }
        push(value, true, false);
        continue;
      }
      const parts = value.split(/[ \t\n]+/);
      parts.forEach((p, i) => {
        if (i > 0) end();
        if (p !== '') push(p, false, false);
      });
    }
    end();
    const result: string[] = [];
    for (const f of fields) {
      if (split && !f.quoted && /(^|[^\\])[*?[]/.test(f.glob)) {
        const matches = this.glob(f.glob);
        if (matches.length) {
          result.push(...matches);
          continue;
        }
      }
      result.push(f.text);
    }
    // An unquoted expansion that came to nothing is no field at all; "" is one empty field.
    return result;
  }

  private async varValue(seg: Extract<Word['segs'][number], { k: 'var' }>, io: ShellIO): Promise<string> {
    const v = this.param(seg.name);
    if (seg.op === '#') return String((v ?? '').length);
    if (!seg.op) {
      if (v === undefined && this.vars.has('-u')) throw new ExitShell(2);
      return v ?? '';
    }
    const unsetOrEmpty = seg.op.startsWith(':') ? v === undefined || v === '' : v === undefined;
    const arg = async () => (seg.arg ? (await this.expandWord(seg.arg, io, false)).join(' ') : '');
    switch (seg.op.replace(':', '')) {
      case '-':
        return unsetOrEmpty ? arg() : v!;
      case '=': {
        if (!unsetOrEmpty) return v!;
        const a = await arg();
        this.vars.set(seg.name, a);
        return a;
      }
      case '+':
        return unsetOrEmpty ? '' : arg();
      case '?':
        if (unsetOrEmpty) {
          io.err(`${this.name}: ${seg.name}: ${(await arg()) || 'parameter not set'}\n`);
          throw new ExitShell(1);
        }
        return v!;
    }
    return v ?? '';
  }

  /** $(( ... )): integers, + - * / % comparisons, && ||, parentheses, variables. */
  arith(expr: string): number {
    const src = expr.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, '$1');
    let i = 0;
    const ws = () => {
      while (i < src.length && /\s/.test(src[i]!)) i++;
    };
    const prim = (): number => {
      ws();
      if (src[i] === '(') {
        i++;
        const v = or();
        ws();
        i++;
        return v;
      }
      if (src[i] === '-') {
        i++;
        return -prim();
      }
      if (src[i] === '+') {
        i++;
        return prim();
      }
      if (src[i] === '!') {
        i++;
        return prim() ? 0 : 1;
      }
      const m = /^[0-9]+|^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      if (!m) throw new ShellSyntaxError(`arithmetic syntax error`);
      i += m[0].length;
      if (/^[0-9]/.test(m[0])) return Number(m[0]);
      const v = Number(this.vars.get(m[0]) ?? 0);
      return Number.isFinite(v) ? Math.trunc(v) : 0;
    };
    const binary = (next: () => number, ops: string[], apply: (op: string, a: number, b: number) => number) => (): number => {
      let v = next();
      for (;;) {
        ws();
        const op = ops.find((o) => src.startsWith(o, i) && !(o.length === 1 && ['=', '&', '|'].includes(src[i + 1] ?? '') && o !== '<' && o !== '>'));
        if (!op) return v;
        i += op.length;
        v = apply(op, v, next());
      }
    };
    const mul = binary(prim, ['*', '/', '%'], (op, a, b) => {
      if ((op === '/' || op === '%') && b === 0) throw new ShellSyntaxError('divide by zero');
      return op === '*' ? a * b : op === '/' ? Math.trunc(a / b) : a % b;
    });
    const add = binary(mul, ['+', '-'], (op, a, b) => (op === '+' ? a + b : a - b));
    const cmp = binary(add, ['<=', '>=', '<', '>'], (op, a, b) => Number(op === '<=' ? a <= b : op === '>=' ? a >= b : op === '<' ? a < b : a > b));
    const eq = binary(cmp, ['==', '!='], (op, a, b) => Number(op === '==' ? a === b : a !== b));
    const and = binary(eq, ['&&'], (_, a, b) => Number(Boolean(a) && Boolean(b)));
    const or = binary(and, ['||'], (_, a, b) => Number(Boolean(a) || Boolean(b)));
    const v = or();
    ws();
    if (i < src.length) throw new ShellSyntaxError(`arithmetic syntax error`);
    return v;
  }

  /** Pathname expansion against the container's files; sorted; no match leaves the word as it was. */
  private glob(pattern: string): string[] {
    const fs = this.host.fs;
    const abs = pattern.startsWith('/');
    const parts = pattern.split('/').filter(Boolean);
    let bases = [abs ? '/' : ''];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const next: string[] = [];
      const isPattern = /(^|[^\\])[*?[]/.test(part);
      for (const base of bases) {
        const dir = base === '' ? '.' : base;
        if (!isPattern) {
          const p = base === '' ? unescapeGlob(part) : base === '/' ? `/${unescapeGlob(part)}` : `${base}/${unescapeGlob(part)}`;
          if (fs.exists(p)) next.push(p);
          continue;
        }
        let names: string[];
        try {
          names = fs.readDir(dir).map((f) => f.path.slice(f.path.lastIndexOf('/') + 1));
        } catch {
          continue;
        }
        const re = globRegExp(part);
        for (const n of names) {
          if (n.startsWith('.') && !part.startsWith('.')) continue;
          if (re.test(n)) next.push(base === '' ? n : base === '/' ? `/${n}` : `${base}/${n}`);
        }
      }
      bases = next;
    }
    return bases.filter((b) => b !== '' && b !== '/').sort();
  }

  // ---- commands -------------------------------------------------------------------------

  /** Applies redirections around `fn`; a failed one fails the command (status 1) without running it. */
  private async withRedirs(redirs: Redir[], io: ShellIO, fn: (io: ShellIO) => Promise<number>): Promise<number> {
    if (!redirs.length) return fn(io);
    let rio: ShellIO = { ...io };
    const pending: Array<{ path: string; buf: string[] }> = [];
    const fs = this.host.fs;
    for (const r of redirs) {
      const target = (await this.expandWord(r.target, io, false)).join(' ');
      if (r.op === '>&' || r.op === '<&') {
        const to = target === '1' ? rio.out : target === '2' ? rio.err : undefined;
        if (target === '-') continue;
        if (!to) {
          io.err(`${this.name}: ${target}: bad file descriptor\n`);
          return 1;
        }
        if (r.fd === 1) rio = { ...rio, out: to };
        else if (r.fd === 2) rio = { ...rio, err: to };
        continue;
      }
      if (r.op === '<') {
        try {
          rio = { ...rio, stdin: { data: fs.readFile(target), pos: 0 } };
        } catch (e) {
          io.err(`${this.name}: can't open ${target}: ${e instanceof FsError && e.code === 'ENOENT' ? 'no such file' : e instanceof FsError ? errnoText(e.code) : String(e)}\n`);
          return 1;
        }
        continue;
      }
      let sink: (t: string) => void;
      if (target === '/dev/null') sink = () => {};
      else if (target === '/dev/stdout' || target === '/proc/self/fd/1') sink = io.out;
      else if (target === '/dev/stderr' || target === '/proc/self/fd/2') sink = io.err;
      else {
        try {
          const st = fs.exists(target) ? fs.stat(target) : undefined;
          if (st?.type === 'dir') throw new FsError('EISDIR', target);
          fs.writeFile(target, '', { append: r.op === '>>' });
        } catch (e) {
          const why = e instanceof FsError ? (e.code === 'ENOENT' || e.code === 'ENOTDIR' ? 'nonexistent directory' : errnoText(e.code)) : String(e);
          io.err(`${this.name}: can't create ${target}: ${why}\n`);
          return 1;
        }
        const p = { path: target, buf: [] as string[] };
        pending.push(p);
        sink = (t) => void p.buf.push(t);
      }
      if (r.fd === 1) rio = { ...rio, out: sink, tty: false };
      else if (r.fd === 2) rio = { ...rio, err: sink };
    }
    try {
      return await fn(rio);
    } finally {
      for (const p of pending) {
        const text = p.buf.join('');
        if (text) fs.writeFile(p.path, text, { append: true });
      }
    }
  }

  private async simple(node: Extract<Node, { t: 'simple' }>, io: ShellIO): Promise<number> {
    const argv = await this.expandWords(node.words, io);
    const assigns: Array<[string, string]> = [];
    for (const [name, w] of node.assigns) assigns.push([name, (await this.expandWord(w, io, false)).join('')]);
    if (!argv.length) {
      for (const [k, v] of assigns) this.vars.set(k, v);
      // `> file` alone creates the file.
      return this.withRedirs(node.redirs, io, async () => 0);
    }
    return this.withRedirs(node.redirs, io, (rio) => this.command(argv, assigns, rio));
  }

  private async command(argv: string[], assigns: Array<[string, string]>, io: ShellIO): Promise<number> {
    const name = argv[0]!;
    if (BUILTINS.has(name) && name !== 'exec') {
      for (const [k, v] of assigns) this.vars.set(k, v);
      return this.builtin(argv, io);
    }
    if (name === 'exec') {
      if (argv.length === 1) return 0;
      const st = await this.command(argv.slice(1), assigns, io);
      throw new ExitShell(st);
    }
    const env = this.env();
    for (const [k, v] of assigns) env[k] = v;
    return this.runProgram(argv, env, io);
  }

  /** Runs argv[0] as the container would: a program on $PATH, a path to one, or a script. */
  async runProgram(argv: string[], env: Record<string, string>, io: ShellIO): Promise<number> {
    const name = argv[0]!;
    const found = this.find(name);
    if (found.kind === 'missing') {
      io.err(`${this.name}: ${name}: not found\n`);
      return 127;
    }
    if (found.kind === 'denied') {
      io.err(`${this.name}: ${name}: Permission denied\n`);
      return 126;
    }
    if (found.kind === 'script') {
      const sub = new Shell(this.host, Object.entries(env));
      sub.arg0 = name;
      sub.positional = argv.slice(1);
      sub.pid = this.nextPid++;
      return sub.runScript(found.text, io);
    }
    // A program that reads its input takes all of it; one that does not (mkdir) leaves it to the next.
    const input = io.stdin;
    let taken: string | undefined;
    const ctx: ProgramContext & { tty?: boolean; pid: number } = {
      ...this.host.base,
      argv,
      get stdin() {
        if (taken === undefined) {
          taken = input.data.slice(input.pos);
          input.pos = input.data.length;
        }
        return taken;
      },
      env,
      fs: this.host.fs,
      out: io.out,
      err: io.err,
      tty: io.tty,
      pid: this.nextPid++,
    };
    try {
      return await found.program(ctx);
    } catch (e) {
      if (e instanceof FsError) {
        io.err(`${name}: ${e.path}: ${errnoText(e.code)}\n`);
        return 1;
      }
      throw e;
    }
  }

  /** How `name` resolves: a program, a script, or why not. */
  find(name: string): { kind: 'program'; program: Program } | { kind: 'script'; text: string } | { kind: 'missing' } | { kind: 'denied' } {
    if (!name.includes('/')) {
      const program = this.host.lookup(name);
      return program ? { kind: 'program', program } : { kind: 'missing' };
    }
    const fs = this.host.fs;
    let st;
    try {
      st = fs.stat(name);
    } catch {
      return { kind: 'missing' };
    }
    // A program's own path (/bin/ls) runs that program.
    const abs = fs.resolve(name);
    const base = abs.slice(abs.lastIndexOf('/') + 1);
    if (st.type === 'dir') return { kind: 'denied' };
    if ((st.mode & 0o111) === 0) return { kind: 'denied' };
    const text = fs.readFile(name);
    if (!text && this.host.lookup(base)) return { kind: 'program', program: this.host.lookup(base)! };
    return { kind: 'script', text: text.replace(/^#![^\n]*\n/, '') };
  }

  private async builtin(argv: string[], io: ShellIO): Promise<number> {
    const [name, ...args] = argv as [string, ...string[]];
    const fs = this.host.fs;
    switch (name) {
      case ':':
      case 'true':
      case 'wait':
      case 'trap':
      case 'umask':
      case 'local':
        return 0;
      case 'false':
        return 1;
      case 'cd': {
        const dir = args[0] === undefined ? (this.vars.get('HOME') ?? '/') : args[0] === '-' ? (this.vars.get('OLDPWD') ?? fs.cwd) : args[0];
        try {
          const st = fs.stat(dir);
          if (st.type !== 'dir') throw new FsError('ENOTDIR', dir);
        } catch (e) {
          io.err(`${this.name}: cd: can't cd to ${dir}: ${e instanceof FsError ? errnoText(e.code) : String(e)}\n`);
          return 2;
        }
        this.vars.set('OLDPWD', fs.cwd);
        fs.cwd = fs.resolve(dir);
        this.vars.set('PWD', fs.cwd);
        if (args[0] === '-') io.out(`${fs.cwd}\n`);
        return 0;
      }
      case 'pwd':
        io.out(`${fs.cwd}\n`);
        return 0;
      case 'export':
      case 'readonly': {
        if (!args.length || args[0] === '-p') {
          for (const k of [...this.exported].sort()) if (this.vars.has(k)) io.out(`export ${k}=${shellQuote(this.vars.get(k)!)}\n`);
          return 0;
        }
        for (const a of args) {
          const eq = a.indexOf('=');
          const k = eq < 0 ? a : a.slice(0, eq);
          if (eq >= 0) this.vars.set(k, a.slice(eq + 1));
          this.exported.add(k);
        }
        return 0;
      }
      case 'unset':
        for (const a of args) {
          this.vars.delete(a);
          this.exported.delete(a);
        }
        return 0;
      case 'set':
        if (!args.length) {
          for (const k of [...this.vars.keys()].sort()) io.out(`${k}=${shellQuote(this.vars.get(k)!)}\n`);
          return 0;
        }
        if (args[0] === '--') this.positional = args.slice(1);
        else if (!args[0]!.startsWith('-') && !args[0]!.startsWith('+')) this.positional = args;
        return 0;
      case 'shift': {
        const n = Number(args[0] ?? 1);
        if (n > this.positional.length) return 1;
        this.positional = this.positional.slice(n);
        return 0;
      }
      case 'exit':
        throw new ExitShell(args[0] === undefined ? this.status : Number(args[0]) & 255);
      case 'break':
      case 'continue':
        throw new LoopControl(name, Number(args[0] ?? 1) || 1);
      case 'echo':
        return echo(args, io);
      case 'printf':
        return printf(args, io);
      case 'test':
        return testExpr(args, fs);
      case '[':
        if (args[args.length - 1] !== ']') {
          io.err(`${this.name}: [: missing ]\n`);
          return 2;
        }
        return testExpr(args.slice(0, -1), fs);
      case 'read': {
        const names = args.filter((a) => !a.startsWith('-'));
        const s = io.stdin;
        if (s.pos >= s.data.length) return 1;
        const nl = s.data.indexOf('\n', s.pos);
        const line = nl < 0 ? s.data.slice(s.pos) : s.data.slice(s.pos, nl);
        s.pos = nl < 0 ? s.data.length : nl + 1;
        const targets = names.length ? names : ['REPLY'];
        const words = line.trim().split(/[ \t]+/);
        targets.forEach((n, i) => this.vars.set(n, i === targets.length - 1 ? words.slice(i).join(' ') : (words[i] ?? '')));
        return 0;
      }
      case 'type':
      case 'command': {
        const list = name === 'command' ? args.filter((a) => a !== '-v' && a !== '-V') : args;
        if (name === 'command' && !args.some((a) => a === '-v' || a === '-V')) return list.length ? this.command(list, [], io) : 0;
        let st = 0;
        for (const n of list) {
          if (BUILTINS.has(n)) io.out(name === 'type' ? `${n} is a shell builtin\n` : `${n}\n`);
          else if (this.host.lookup(n)) io.out(name === 'type' ? `${n} is /bin/${n}\n` : `/bin/${n}\n`);
          else {
            if (name === 'type') io.out(`${n}: not found\n`);
            st = 127;
          }
        }
        return name === 'command' && st ? 1 : st;
      }
      case 'source':
      case '.': {
        if (!args[0]) return 0;
        let text: string;
        try {
          text = fs.readFile(args[0]);
        } catch {
          io.err(`${this.name}: .: can't open '${args[0]}'\n`);
          return 2;
        }
        return this.runScript(text, io);
      }
    }
    return 0;
  }
}

function unescapeGlob(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

function globRegExp(part: string): RegExp {
  let re = '^';
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '\\') re += (part[++i] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = part.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += '[' + part.slice(i + 1, end).replace(/^!/, '^') + ']';
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

export function shellQuote(v: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]*$/.test(v) && v !== '' ? v : `'${v.replace(/'/g, `'"'"'`)}'`;
}

/** Backslash escapes as `echo -e` and printf read them. */
export function unescape(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i === s.length - 1) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', e: '\x1b' };
    if (n === 'c') return { text: out, stop: true };
    if (map[n] !== undefined) out += map[n];
    else if (n === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m || '0', 8));
      i += m.length;
    } else out += '\\' + n;
  }
  return { text: out, stop: false };
}

function echo(args: string[], io: ShellIO): number {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!/^-[neE]+$/.test(a)) break;
    if (a.includes('n')) newline = false;
    if (a.includes('e')) escapes = true;
    if (a.includes('E')) escapes = false;
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const u = unescape(text);
    text = u.text;
    if (u.stop) newline = false;
  }
  io.out(newline ? text + '\n' : text);
  return 0;
}

function printf(args: string[], io: ShellIO): number {
  const [fmt, ...rest] = args;
  if (fmt === undefined) {
    io.err('printf: usage: printf FORMAT [ARGUMENT...]\n');
    return 1;
  }
  let out = '';
  let idx = 0;
  do {
    const start = idx;
    out += fmt.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdiouxXfcb%])|\\(?:[0-7]{1,3}|.)/g, (m, flags: string, width: string, prec: string, conv: string) => {
      if (m.startsWith('\\')) return unescape(m).text;
      if (conv === '%') return '%';
      const arg = rest[idx++] ?? '';
      let v: string;
      switch (conv) {
        case 'd':
        case 'i':
          v = String(Math.trunc(Number(arg) || 0));
          break;
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
          const n = Math.trunc(Number(arg) || 0);
          v = conv === 'o' ? n.toString(8) : conv === 'u' ? String(n) : conv === 'x' ? n.toString(16) : n.toString(16).toUpperCase();
          break;
        }
        case 'f':
          v = (Number(arg) || 0).toFixed(prec ? Number(prec) : 6);
          break;
        case 'c':
          v = arg.slice(0, 1);
          break;
        case 'b':
          v = unescape(arg).text;
          break;
        default:
          v = prec ? arg.slice(0, Number(prec)) : arg;
      }
      const w = Number(width || 0);
      if (v.length < w) v = flags.includes('-') ? v.padEnd(w) : flags.includes('0') && conv !== 's' ? v.padStart(w, '0') : v.padStart(w);
      return v;
    });
    if (idx === start) break;
  } while (idx < rest.length);
  io.out(out);
  return 0;
}

export function testExpr(args: string[], fs: ContainerFs): number {
  const t = (a: string[]): boolean => {
    if (a[0] === '!') return !t(a.slice(1));
    const oi = a.indexOf('-o');
    if (oi > 0) return t(a.slice(0, oi)) || t(a.slice(oi + 1));
    const ai = a.indexOf('-a');
    if (ai > 0) return t(a.slice(0, ai)) && t(a.slice(ai + 1));
    if (a.length === 0) return false;
    if (a.length === 1) return a[0] !== '';
    if (a.length === 2) {
      const [op, v] = a as [string, string];
      const st = () => {
        try {
          return fs.stat(v);
        } catch {
          return undefined;
        }
      };
      switch (op) {
        case '-n':
          return v !== '';
        case '-z':
          return v === '';
        case '-e':
          return st() !== undefined;
        case '-f':
          return st()?.type === 'file';
        case '-d':
          return st()?.type === 'dir';
        case '-s':
          return (st()?.size ?? 0) > 0;
        case '-r':
        case '-w':
          return st() !== undefined;
        case '-x':
          return ((st()?.mode ?? 0) & 0o111) !== 0;
        case '-L':
        case '-h':
          try {
            return fs.lstat(v).type === 'symlink';
          } catch {
            return false;
          }
      }
      return false;
    }
    const [l, op, r] = a as [string, string, string];
    switch (op) {
      case '=':
      case '==':
        return l === r;
      case '!=':
        return l !== r;
      case '-eq':
        return Number(l) === Number(r);
      case '-ne':
        return Number(l) !== Number(r);
      case '-lt':
        return Number(l) < Number(r);
      case '-le':
        return Number(l) <= Number(r);
      case '-gt':
        return Number(l) > Number(r);
      case '-ge':
        return Number(l) >= Number(r);
    }
    return false;
  };
  return t(args) ? 0 : 1;
}
