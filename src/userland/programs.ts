/**
 * The non-network programs of the simulated userland, each printing what busybox's applet of
 * that name prints (its columns, spacing and messages), over the container's simulated files.
 */
import { FsError, type FileInfo, type Program, type ProgramContext } from './types.js';
import type { ContainerFs } from './fs.js';
import { errnoText, errText, Shell, testExpr, type ShellHost } from './shell.js';
import { tar } from './tar.js';

/** What the runner adds to a program's context (not part of the shared contract). */
export interface LocalContext extends ProgramContext {
  /** This process's PID, for ps. */
  pid?: number;
  /** A fresh view of the files at the current moment (tail -f). */
  refresh?(): ContainerFs;
}

function fsOf(ctx: ProgramContext): ContainerFs {
  return ctx.fs as ContainerFs;
}

/** Splits `-abc` flags from operands (a bare `--` ends flags); `valued` flags take the next word. */
function opts(argv: string[], valued = ''): { flags: Map<string, string | true>; args: string[] } {
  const flags = new Map<string, string | true>();
  const args: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (valued.includes(f)) {
          const rest = a.slice(j + 1);
          flags.set(f, rest !== '' ? rest : (argv[++i] ?? ''));
          break;
        }
        flags.set(f, true);
      }
    } else args.push(a);
  }
  return { flags, args };
}

/** Reads each operand (or stdin for none or `-`); reports unreadable ones as `<tool>: can't open 'x': ...`. */
function inputs(ctx: ProgramContext, files: string[], tool: string): { texts: Array<{ name: string; text: string }>; failed: boolean } {
  const texts: Array<{ name: string; text: string }> = [];
  let failed = false;
  if (!files.length) return { texts: [{ name: '-', text: ctx.stdin }], failed };
  for (const f of files) {
    if (f === '-') {
      texts.push({ name: f, text: ctx.stdin });
      continue;
    }
    try {
      texts.push({ name: f, text: fsOf(ctx).readFile(f) });
    } catch (e) {
      if (e instanceof FsError && e.code === 'EISDIR') ctx.err(`${tool}: read error: Is a directory\n`);
      else ctx.err(`${tool}: can't open '${f}': ${errText(e)}\n`);
      failed = true;
    }
  }
  return { texts, failed };
}

function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

// ---- files ------------------------------------------------------------------------------

const cat: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv);
  const { texts, failed } = inputs(ctx, args, 'cat');
  let n = 1;
  for (const t of texts) {
    if (flags.has('n')) {
      const ls = t.text.split('\n');
      const endsNl = t.text.endsWith('\n');
      ctx.out(
        ls
          .slice(0, endsNl ? -1 : undefined)
          .map((l) => `${String(n++).padStart(6)}\t${l}`)
          .join('\n') + (endsNl ? '\n' : ''),
      );
    } else ctx.out(t.text);
  }
  return failed ? 1 : 0;
};

function modeString(info: FileInfo): string {
  const t = info.type === 'dir' ? 'd' : info.type === 'symlink' ? 'l' : '-';
  const m = info.mode;
  const rwx = (shift: number, special: boolean, ch: string) => {
    const r = m & (4 << shift) ? 'r' : '-';
    const w = m & (2 << shift) ? 'w' : '-';
    const x = m & (1 << shift);
    const xc = special ? (x ? ch : ch.toUpperCase()) : x ? 'x' : '-';
    return r + w + xc;
  };
  return t + rwx(6, Boolean(m & 0o4000), 's') + rwx(3, Boolean(m & 0o2000), 's') + rwx(0, Boolean(m & 0o1000), 't');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** busybox ls's time column: `Dec  2 16:00`, or `Dec  2  2025` when more than six months away. */
function lsTime(ms: number, now: number): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2);
  const recent = Math.abs(now - ms) < 182.5 * 86400_000;
  const tail = recent ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

function userName(uid: number): string {
  return uid === 0 ? 'root' : String(uid);
}

function human(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1).replace(/\.0$/, '') : Math.round(v)}${units[u]}`;
}

const ls: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv);
  const fs = fsOf(ctx);
  const long = flags.has('l') || flags.has('n');
  const all = flags.has('a');
  const almost = flags.has('A');
  const one = flags.has('1');
  const follow = flags.has('L');
  const dirAsFile = flags.has('d');
  const now = ctx.world.now;
  const local = ctx as LocalContext;
  const stat = (p: string) => (follow ? fs.stat(p) : fs.lstat(p));
  let status = 0;
  const targets = args.length ? args : ['.'];
  const files: Array<{ name: string; info: FileInfo }> = [];
  const dirs: Array<{ name: string; info: FileInfo }> = [];
  for (const t of targets) {
    try {
      // A trailing slash names the directory a symlink points to.
      const info = t.endsWith('/') ? fs.stat(t) : fs.lstat(t);
      const real = info.type === 'symlink' && (!long || follow) ? fs.stat(t) : info;
      if (real.type === 'dir' && !dirAsFile) dirs.push({ name: t, info: real });
      else files.push({ name: t, info: real });
    } catch (e) {
      ctx.err(`ls: ${t}: ${errText(e)}\n`);
      status = 1;
    }
  }
  const line = (name: string, info: FileInfo) => {
    const size = flags.has('h') ? human(info.size) : String(info.size);
    const owner = flags.has('n') ? String(info.uid) : userName(info.uid);
    const group = flags.has('n') ? String(info.gid) : userName(info.gid);
    const nlink = info.type === 'dir' ? 2 : 1;
    const link = info.type === 'symlink' ? ` -> ${info.target}` : '';
    return `${modeString(info)} ${String(nlink).padStart(4)} ${owner.padEnd(8)} ${group.padEnd(8)} ${size.padStart(9)} ${lsTime(info.mtimeMs, now)} ${name}${link}\n`;
  };
  const print = (entries: Array<{ name: string; info: FileInfo }>) => {
    if (long) {
      for (const e of entries) ctx.out(line(e.name, e.info));
    } else if (local.tty && !one && entries.length) {
      const width = Math.max(...entries.map((e) => e.name.length)) + 2;
      const cols = Math.max(1, Math.floor(80 / width));
      const rows = Math.ceil(entries.length / cols);
      for (let r = 0; r < rows; r++) {
        let row = '';
        for (let c = 0; c < cols; c++) {
          const e = entries[c * rows + r];
          if (!e) continue;
          const last = c === cols - 1 || !entries[(c + 1) * rows + r];
          row += last ? e.name : e.name.padEnd(width);
        }
        ctx.out(row + '\n');
      }
    } else for (const e of entries) ctx.out(e.name + '\n');
  };
  files.sort((a, b) => (a.name < b.name ? -1 : 1));
  print(files);
  dirs.forEach((d, i) => {
    if (targets.length > 1 || files.length) ctx.out(`${files.length || i ? '\n' : ''}${d.name}:\n`);
    let entries: Array<{ name: string; info: FileInfo }>;
    try {
      entries = fs.readDir(d.name).map((f) => ({ name: f.path.slice(f.path.lastIndexOf('/') + 1), info: f }));
    } catch (e) {
      ctx.err(`ls: ${d.name}: ${errText(e)}\n`);
      status = 1;
      return;
    }
    entries = entries.filter((e) => all || almost || !e.name.startsWith('.'));
    if (follow) entries = entries.map((e) => ({ name: e.name, info: (() => { try { return stat(e.info.path); } catch { return e.info; } })() }));
    if (all) entries.unshift({ name: '.', info: d.info }, { name: '..', info: { ...d.info } });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (long) {
      const blocks = entries.reduce((n, e) => n + (e.info.type === 'dir' ? 4 : e.info.type === 'file' ? Math.ceil(e.info.size / 4096) * 4 : 0), 0);
      ctx.out(`total ${blocks}\n`);
    }
    print(entries);
  });
  return status;
};

function splitCount(argv: string[], def: number): { n: number; fromStart: boolean; bytes: boolean; follow: boolean; quiet: boolean; files: string[]; bad?: string } {
  let n = def;
  let fromStart = false;
  let bytes = false;
  let follow = false;
  let quiet = false;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (v: string | undefined) => {
      if (v === undefined || !/^[+-]?\d+$/.test(v)) return v ?? '';
      if (v.startsWith('+')) fromStart = true;
      n = Math.abs(Number(v));
      return undefined;
    };
    if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else if (a === '-n' || a === '-c') {
      if (a === '-c') bytes = true;
      const bad = num(argv[++i]);
      if (bad !== undefined) return { n, fromStart, bytes, follow, quiet, files, bad };
    } else if (/^-[nc]/.test(a)) {
      if (a[1] === 'c') bytes = true;
      const bad = num(a.slice(2));
      if (bad !== undefined) return { n, fromStart, bytes, follow, quiet, files, bad };
    } else if (a === '-f' || a === '-F') follow = true;
    else if (a === '-q') quiet = true;
    else if (/^-[fFq]+$/.test(a)) {
      if (/[fF]/.test(a)) follow = true;
      if (a.includes('q')) quiet = true;
    } else files.push(a);
  }
  return { n, fromStart, bytes, follow, quiet, files };
}

function tailOf(text: string, n: number, fromStart: boolean, bytes: boolean): string {
  if (bytes) return fromStart ? text.slice(Math.max(0, n - 1)) : n === 0 ? '' : text.slice(-n);
  const ls = text.split('\n');
  const endsNl = text.endsWith('\n');
  if (endsNl) ls.pop();
  const kept = fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n);
  return kept.length ? kept.join('\n') + (endsNl ? '\n' : '') : '';
}

/** Waits `ms` of real time, or until `signal` aborts (the listener is removed either way). */
export function waitReal(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** What head and tail share: the count options, the inputs and `==> name <==` before each when there are several. */
function eachInput(ctx: ProgramContext, tool: string, part: (text: string, o: ReturnType<typeof splitCount>) => string) {
  const o = splitCount(ctx.argv, 10);
  if (o.bad !== undefined) {
    ctx.err(`${tool}: invalid number '${o.bad}'\n`);
    return undefined;
  }
  const { texts, failed } = inputs(ctx, o.files, tool);
  const header = texts.length > 1 && !o.quiet;
  texts.forEach((t, i) => {
    if (header) ctx.out(`${i ? '\n' : ''}==> ${t.name === '-' ? 'standard input' : t.name} <==\n`);
    ctx.out(part(t.text, o));
  });
  return { o, texts, failed, header };
}

const tail: Program = async (ctx) => {
  const done = eachInput(ctx, 'tail', (text, o) => tailOf(text, o.n, o.fromStart, o.bytes));
  if (!done) return 1;
  const { o, texts, failed, header } = done;
  if (!o.follow || !o.files.length) return failed ? 1 : 0;
  // -f with nothing to follow ends; -F waits for the files to appear.
  if (!texts.length && !ctx.argv.some((a) => /^-[a-zA-Z]*F/.test(a))) {
    ctx.err('tail: no files\n');
    return 1;
  }
  // Follow: print what is appended, as time passes and other commands write.
  const local = ctx as LocalContext;
  const seen = new Map(texts.map((t) => [t.name, t.text.length]));
  let current = o.files[o.files.length - 1];
  for (;;) {
    if (ctx.signal?.aborted) return 130;
    await waitReal(1000, ctx.signal);
    if (ctx.signal?.aborted) return 130;
    const fs = local.refresh?.() ?? fsOf(ctx);
    for (const f of o.files) {
      let text: string;
      try {
        text = fs.readFile(f);
      } catch {
        continue;
      }
      const before = seen.get(f) ?? 0;
      if (text.length < before) {
        ctx.err(`tail: ${f}: file truncated\n`);
        seen.set(f, 0);
      }
      const fresh = text.slice(seen.get(f) ?? 0);
      if (!fresh) continue;
      if (header && current !== f) ctx.out(`\n==> ${f} <==\n`);
      current = f;
      ctx.out(fresh);
      seen.set(f, text.length);
    }
  }
};

const head: Program = (ctx) => {
  const done = eachInput(ctx, 'head', (text, o) => {
    if (o.bytes) return text.slice(0, o.n);
    const ls = text.split('\n');
    return ls.slice(0, o.n).join('\n') + (ls.length > o.n ? '\n' : '');
  });
  return !done ? 1 : done.failed ? 1 : 0;
};

/** A basic (BRE) or extended regular expression as a JavaScript one. */
function regexFrom(pattern: string, extended: boolean, fixed: boolean, flags: string, word: boolean): RegExp {
  let src: string;
  if (fixed) src = pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  else if (extended) src = pattern;
  else {
    src = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === '\\' && i + 1 < pattern.length) {
        const n = pattern[++i]!;
        src += '(){}|+?'.includes(n) ? n : '\\' + n;
      } else if ('(){}|+?'.includes(c)) src += '\\' + c;
      else if (c === '[') {
        const end = pattern.indexOf(']', i + 2);
        if (end < 0) src += '\\[';
        else {
          src += pattern.slice(i, end + 1).replace(/\[:(\w+):\]/g, (_, cls: string) => POSIX_CLASSES[cls] ?? '');
          i = end;
        }
      } else src += c;
    }
  }
  if (extended) src = src.replace(/\[:(\w+):\]/g, (_, cls: string) => POSIX_CLASSES[cls] ?? '');
  if (word) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
  return new RegExp(src, flags);
}

const POSIX_CLASSES: Record<string, string> = { alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', space: ' \\t\\n\\r\\f\\v', upper: 'A-Z', lower: 'a-z', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', blank: ' \\t' };

const grep: Program = (ctx) => {
  const patterns: string[] = [];
  const argv = [...ctx.argv];
  const { flags, args } = opts(argv, 'emA');
  if (typeof flags.get('e') === 'string') patterns.push(flags.get('e') as string);
  const files = [...args];
  if (!patterns.length) {
    if (!files.length) {
      ctx.err('Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n');
      return 2;
    }
    patterns.push(files.shift()!);
  }
  const ext = flags.has('E') || ctx.argv[0] === 'egrep';
  const fixed = flags.has('F') || ctx.argv[0] === 'fgrep';
  let res: RegExp[];
  try {
    res = patterns.map((p) => regexFrom(p, ext, fixed, flags.has('i') ? 'i' : '', flags.has('w')));
  } catch {
    ctx.err(`grep: bad regex '${patterns[0]}'\n`);
    return 2;
  }
  const { texts, failed } = (() => {
    if (!files.length) return { texts: [{ name: '(standard input)', text: ctx.stdin }], failed: false };
    const out: Array<{ name: string; text: string }> = [];
    let bad = false;
    for (const f of files) {
      try {
        out.push({ name: f, text: fsOf(ctx).readFile(f) });
      } catch (e) {
        if (!flags.has('s')) ctx.err(`grep: ${f}: ${errText(e)}\n`);
        bad = true;
      }
    }
    return { texts: out, failed: bad };
  })();
  const prefix = (files.length > 1 && !flags.has('h')) || flags.has('H');
  const max = flags.has('m') ? Number(flags.get('m')) : Infinity;
  let any = false;
  for (const t of texts) {
    let count = 0;
    const ls = lines(t.text);
    for (let i = 0; i < ls.length && count < max; i++) {
      const l = ls[i]!;
      const hit = res.some((r) => r.test(l)) !== flags.has('v');
      if (!hit) continue;
      count++;
      any = true;
      if (flags.has('q')) return 0;
      if (flags.has('l') || flags.has('c')) continue;
      const pre = (prefix ? `${t.name}:` : '') + (flags.has('n') ? `${i + 1}:` : '');
      if (flags.has('o') && !flags.has('v')) {
        for (const r of res) for (const m of l.matchAll(new RegExp(r.source, r.flags + 'g'))) if (m[0]) ctx.out(`${pre}${m[0]}\n`);
      } else ctx.out(`${pre}${l}\n`);
    }
    if (flags.has('c')) ctx.out(`${prefix ? `${t.name}:` : ''}${count}\n`);
    if (flags.has('l') && count) ctx.out(`${t.name}\n`);
  }
  if (failed && !flags.has('q')) return 2;
  return any ? 0 : 1;
};

const wc: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv);
  const picked = ['l', 'w', 'c', 'm', 'L'].filter((f) => flags.has(f));
  const shown = picked.length ? picked : ['l', 'w', 'c'];
  const { texts, failed } = inputs(ctx, args, 'wc');
  const total = { l: 0, w: 0, c: 0, m: 0, L: 0 } as Record<string, number>;
  const row = (counts: Record<string, number>, name: string | undefined) => {
    let s = '';
    shown.forEach((f, i) => {
      const v = String(counts[f]);
      s += shown.length === 1 ? v : i === 0 ? v.padStart(9) : ' ' + v.padStart(9);
    });
    ctx.out(name === undefined ? `${s}\n` : `${s} ${name}\n`);
  };
  for (const t of texts) {
    const counts = {
      l: (t.text.match(/\n/g) ?? []).length,
      w: t.text.split(/\s+/).filter(Boolean).length,
      c: Buffer.byteLength(t.text),
      m: [...t.text].length,
      L: Math.max(0, ...t.text.split('\n').map((l) => l.length)),
    } as Record<string, number>;
    for (const k of Object.keys(total)) total[k] = k === 'L' ? Math.max(total[k]!, counts[k]!) : total[k]! + counts[k]!;
    row(counts, args.length ? t.name : undefined);
  }
  if (texts.length > 1) row(total, 'total');
  return failed ? 1 : 0;
};

const touch: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv, 'dtr');
  const fs = fsOf(ctx);
  let st = 0;
  if (!args.length) {
    ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: touch [-c] [-d DATE] [-t DATE] [-r FILE] FILE...\n');
    return 1;
  }
  for (const f of args) {
    try {
      if (fs.exists(f)) {
        const info = fs.stat(f);
        if (info.type === 'file') fs.writeFile(f, '', { append: true });
      } else if (!flags.has('c')) fs.writeFile(f, '');
    } catch (e) {
      ctx.err(`touch: ${f}: ${errText(e)}\n`);
      st = 1;
    }
  }
  return st;
};

const mkdir: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv, 'm');
  const fs = fsOf(ctx);
  let st = 0;
  for (const d of args) {
    try {
      fs.mkdir(d, { parents: flags.has('p') });
      if (typeof flags.get('m') === 'string') fs.chmod(d, parseInt(flags.get('m') as string, 8));
    } catch (e) {
      ctx.err(`mkdir: can't create directory '${d}': ${errText(e)}\n`);
      st = 1;
    }
  }
  return st;
};

const rm: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv);
  const fs = fsOf(ctx);
  const force = flags.has('f');
  const recursive = flags.has('r') || flags.has('R');
  let st = 0;
  for (const f of args) {
    try {
      const info = fs.lstat(f);
      if (info.type === 'dir' && !recursive) {
        ctx.err(`rm: '${f}' is a directory\n`);
        st = 1;
        continue;
      }
      fs.remove(f, { recursive });
    } catch (e) {
      if (force && e instanceof FsError && e.code === 'ENOENT') continue;
      ctx.err(`rm: can't remove '${f}': ${errText(e)}\n`);
      st = 1;
    }
  }
  return st;
};

const rmdir: Program = (ctx) => {
  const fs = fsOf(ctx);
  let st = 0;
  for (const d of ctx.argv.slice(1)) {
    try {
      if (fs.readDir(d).length) throw new FsError('ENOTEMPTY', d);
      fs.remove(d, { recursive: true });
    } catch (e) {
      ctx.err(`rmdir: '${d}': ${errText(e)}\n`);
      st = 1;
    }
  }
  return st;
};

/** cp and mv of files (a directory operand is left alone, as cp without -r does). */
function copyOrMove(tool: 'cp' | 'mv'): Program {
  return (ctx) => {
    const { args } = opts(ctx.argv);
    const fs = fsOf(ctx);
    if (args.length < 2) {
      ctx.err(`${tool}: need at least two arguments\n`);
      return 1;
    }
    const dest = args.pop()!;
    const destDir = fs.exists(dest) && fs.stat(dest).type === 'dir';
    let st = 0;
    for (const src of args) {
      let text: string;
      try {
        text = fs.readFile(src);
      } catch (e) {
        const dir = e instanceof FsError && e.code === 'EISDIR';
        ctx.err(tool === 'mv' ? `mv: can't rename '${src}': ${errText(e)}\n` : dir ? `cp: omitting directory '${src}'\n` : `cp: can't stat '${src}': ${errText(e)}\n`);
        st = 1;
        continue;
      }
      const to = destDir ? `${dest.replace(/\/$/, '')}/${src.slice(src.lastIndexOf('/') + 1)}` : dest;
      try {
        fs.writeFile(to, text);
        if (tool === 'mv') fs.remove(src);
      } catch (e) {
        ctx.err(tool === 'mv' ? `mv: can't rename '${src}': ${errText(e)}\n` : `cp: can't create '${to}': ${errText(e)}\n`);
        st = 1;
      }
    }
    return st;
  };
}

const cp = copyOrMove('cp');
const mv = copyOrMove('mv');

const chmod: Program = (ctx) => {
  const { args } = opts(ctx.argv);
  const fs = fsOf(ctx);
  const [mode, ...files] = args;
  let st = 0;
  for (const f of files) {
    try {
      const cur = fs.stat(f).mode;
      let next = cur;
      if (/^[0-7]+$/.test(mode!)) next = parseInt(mode!, 8);
      else {
        const m = /^([ugoa]*)([+-=])([rwxst]*)$/.exec(mode ?? '');
        if (!m) {
          ctx.err(`chmod: invalid mode '${mode}'\n`);
          return 1;
        }
        const who = m[1] || 'a';
        let bits = 0;
        for (const p of m[3]!) bits |= p === 'r' ? 0o444 : p === 'w' ? 0o222 : p === 'x' ? 0o111 : 0;
        let mask = 0;
        if (who.includes('u') || who.includes('a')) mask |= 0o700;
        if (who.includes('g') || who.includes('a')) mask |= 0o070;
        if (who.includes('o') || who.includes('a')) mask |= 0o007;
        bits &= mask;
        next = m[2] === '+' ? cur | bits : m[2] === '-' ? cur & ~bits : (cur & ~mask) | bits;
      }
      fs.chmod(f, next);
    } catch (e) {
      ctx.err(`chmod: ${f}: ${errText(e)}\n`);
      st = 1;
    }
  }
  return st;
};

const tee: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv);
  const fs = fsOf(ctx);
  let st = 0;
  for (const f of args) {
    try {
      fs.writeFile(f, ctx.stdin, { append: flags.has('a') });
    } catch (e) {
      ctx.err(`tee: ${f}: ${errText(e)}\n`);
      st = 1;
    }
  }
  ctx.out(ctx.stdin);
  return st;
};

// ---- text -------------------------------------------------------------------------------

const sort: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv, 'tk');
  const { texts, failed } = inputs(ctx, args, 'sort');
  let all = texts.flatMap((t) => lines(t.text));
  if (flags.has('n')) all.sort((a, b) => (parseFloat(a) || 0) - (parseFloat(b) || 0) || (a < b ? -1 : a > b ? 1 : 0));
  else all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (flags.has('r')) all.reverse();
  if (flags.has('u')) all = all.filter((l, i) => i === 0 || l !== all[i - 1]);
  if (all.length) ctx.out(all.join('\n') + '\n');
  return failed ? 1 : 0;
};

const uniq: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv);
  const { texts, failed } = inputs(ctx, args.slice(0, 1), 'uniq');
  const ls = texts.flatMap((t) => lines(t.text));
  const groups: Array<[string, number]> = [];
  for (const l of ls) {
    const last = groups[groups.length - 1];
    if (last && last[0] === l) last[1]++;
    else groups.push([l, 1]);
  }
  for (const [l, n] of groups) {
    if (flags.has('d') && n < 2) continue;
    if (flags.has('u') && n > 1) continue;
    ctx.out(flags.has('c') ? `${String(n).padStart(7)} ${l}\n` : `${l}\n`);
  }
  return failed ? 1 : 0;
};

const cut: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv, 'dfc');
  const { texts, failed } = inputs(ctx, args, 'cut');
  const listSpec = String(flags.get('f') ?? flags.get('c') ?? '');
  const pick = (n: number) =>
    listSpec.split(',').some((r) => {
      const [a, b] = r.split('-');
      const lo = a ? Number(a) : 1;
      const hi = r.includes('-') ? (b ? Number(b) : Infinity) : lo;
      return n >= lo && n <= hi;
    });
  const delim = String(flags.get('d') ?? '\t');
  for (const t of texts) {
    for (const l of lines(t.text)) {
      if (flags.has('c')) ctx.out([...l].filter((_, i) => pick(i + 1)).join('') + '\n');
      else if (!l.includes(delim)) ctx.out(l + '\n');
      else
        ctx.out(
          l
            .split(delim)
            .filter((_, i) => pick(i + 1))
            .join(delim) + '\n',
        );
    }
  }
  return failed ? 1 : 0;
};

const tr: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv);
  const expand = (s: string) => {
    const u = s.replace(/\[:(upper|lower|digit|space|alpha):\]/g, (_, c: string) => ({ upper: 'A-Z', lower: 'a-z', digit: '0-9', space: ' \t\n', alpha: 'a-zA-Z' })[c] ?? '');
    let out = '';
    for (let i = 0; i < u.length; i++) {
      if (u[i + 1] === '-' && i + 2 < u.length) {
        for (let c = u.charCodeAt(i); c <= u.charCodeAt(i + 2); c++) out += String.fromCharCode(c);
        i += 2;
      } else if (u[i] === '\\' && u[i + 1] === 'n') {
        out += '\n';
        i++;
      } else out += u[i];
    }
    return out;
  };
  const from = expand(args[0] ?? '');
  const to = expand(args[1] ?? '');
  let text = '';
  for (const ch of ctx.stdin) {
    const i = from.indexOf(ch);
    if (flags.has('d')) {
      if (i < 0) text += ch;
    } else text += i < 0 ? ch : (to[Math.min(i, to.length - 1)] ?? ch);
  }
  if (flags.has('s') && to) text = text.replace(new RegExp(`([${to.replace(/[\]\\^-]/g, '\\$&')}])\\1+`, 'g'), '$1');
  ctx.out(text);
  return 0;
};

const basename: Program = (ctx) => {
  const [p = '', suffix] = ctx.argv.slice(1);
  let b = p.replace(/\/+$/, '');
  b = b.slice(b.lastIndexOf('/') + 1) || (p.startsWith('/') ? '/' : '');
  if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
  ctx.out(b + '\n');
  return 0;
};

const dirname: Program = (ctx) => {
  const p = (ctx.argv[1] ?? '').replace(/\/+$/, '');
  const i = p.lastIndexOf('/');
  ctx.out((i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i)) + '\n');
  return 0;
};

// ---- the process and its environment ------------------------------------------------------

const printenv: Program = (ctx) => {
  const names = ctx.argv.slice(1);
  if (!names.length) {
    for (const [k, v] of Object.entries(ctx.env)) ctx.out(`${k}=${v}\n`);
    return 0;
  }
  let st = 0;
  for (const n of names) {
    if (ctx.env[n] === undefined) st = 1;
    else ctx.out(`${ctx.env[n]}\n`);
  }
  return st;
};

const hostname: Program = (ctx) => {
  const fs = fsOf(ctx);
  let name = '';
  try {
    name = fs.readFile('/etc/hostname').trim();
  } catch {
    name = ctx.env.HOSTNAME ?? '';
  }
  const flag = ctx.argv[1];
  if (flag === '-i') {
    try {
      const hosts = fs.readFile('/etc/hosts');
      const line = hosts.split('\n').find((l) => !l.startsWith('#') && l.split(/\s+/).slice(1).includes(name));
      if (line) {
        ctx.out(`${line.split(/\s+/)[0]}\n`);
        return 0;
      }
    } catch {
      // fall through
    }
    ctx.err(`hostname: ${name}: Unknown host\n`);
    return 1;
  }
  if (flag === '-s') name = name.split('.')[0]!;
  if (flag === '-d') name = name.split('.').slice(1).join('.');
  ctx.out(`${name}\n`);
  return 0;
};

function containerSpec(ctx: ProgramContext): any {
  if (ctx.origin.kind !== 'pod') return undefined;
  const name = ctx.origin.container;
  return [...(ctx.origin.pod.spec?.containers ?? []), ...(ctx.origin.pod.spec?.initContainers ?? []), ...(ctx.origin.pod.spec?.ephemeralContainers ?? [])].find((c: any) => c.name === name);
}

/** uid, gid and supplementary groups from the pod's and the container's securityContext. */
function identity(ctx: ProgramContext): { uid: number; gid: number; groups: number[] } {
  const pod = ctx.origin.kind === 'pod' ? ctx.origin.pod : undefined;
  const psc = pod?.spec?.securityContext ?? {};
  const csc = containerSpec(ctx)?.securityContext ?? {};
  const uid = Number(csc.runAsUser ?? psc.runAsUser ?? 0);
  const gid = Number(csc.runAsGroup ?? psc.runAsGroup ?? 0);
  const groups = [gid, ...(psc.fsGroup !== undefined ? [Number(psc.fsGroup)] : []), ...(psc.supplementalGroups ?? []).map(Number)];
  return { uid, gid, groups: [...new Set(groups)] };
}

const id: Program = (ctx) => {
  const { flags } = opts(ctx.argv);
  const me = identity(ctx);
  const named = (n: number) => (n === 0 ? '0(root)' : String(n));
  if (flags.has('u')) ctx.out(`${flags.has('n') ? userName(me.uid) : me.uid}\n`);
  else if (flags.has('g')) ctx.out(`${flags.has('n') ? userName(me.gid) : me.gid}\n`);
  else if (flags.has('G')) ctx.out(`${me.groups.join(' ')}\n`);
  else ctx.out(`uid=${named(me.uid)} gid=${named(me.gid)} groups=${me.groups.map(named).join(',')}\n`);
  return 0;
};

const whoami: Program = (ctx) => {
  const me = identity(ctx);
  if (me.uid !== 0) {
    ctx.err(`whoami: unknown uid ${me.uid}\n`);
    return 1;
  }
  ctx.out('root\n');
  return 0;
};

/** The main process's command line: the container's command and args; the image's own entrypoint is not known. */
export function mainCommand(c: any): string {
  const argv = [...(c?.command ?? []), ...(c?.args ?? [])];
  return argv.length ? argv.join(' ') : `(entrypoint of ${c?.image ?? 'the image'}: not known to the simulation)`;
}

const ps: Program = (ctx) => {
  const me = identity(ctx);
  const local = ctx as LocalContext;
  const rows: Array<[number, string]> = [];
  const pod = ctx.origin.kind === 'pod' ? ctx.origin.pod : undefined;
  if (pod?.spec?.shareProcessNamespace) {
    rows.push([1, '/pause']);
    (pod.spec.containers ?? []).forEach((c: any, i: number) => rows.push([7 + i * 6, mainCommand(c)]));
  } else rows.push([1, mainCommand(containerSpec(ctx))]);
  rows.push([local.pid ?? 7, ctx.argv.join(' ')]);
  ctx.out('PID   USER     TIME  COMMAND\n');
  for (const [pid, cmd] of rows) ctx.out(`${String(pid).padStart(5)} ${userName(me.uid).padEnd(8)} ${'0:00'.padStart(5)} ${cmd}\n`);
  return 0;
};

function parseSeconds(s: string): number | undefined {
  const m = /^(\d*\.?\d+)([smhd]?)$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]!]!;
}

const sleep: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (!args.length) {
    ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n');
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const s = a === 'infinity' ? Infinity : parseSeconds(a);
    if (s === undefined) {
      ctx.err(`sleep: invalid number '${a}'\n`);
      return 1;
    }
    total += s;
  }
  await ctx.sleep(total * 1000);
  return ctx.signal?.aborted ? 130 : 0;
};

/** strftime as busybox's date applies it (UTC: containers have no TZ unless told). */
export function strftime(fmt: string, ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2, c = '0') => String(n).padStart(w, c);
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'a': return DAYS[d.getUTCDay()]!;
      case 'A': return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()]!;
      case 'b': case 'h': return MONTHS[d.getUTCMonth()]!;
      case 'B': return ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][d.getUTCMonth()]!;
      case 'd': return p(d.getUTCDate());
      case 'e': return p(d.getUTCDate(), 2, ' ');
      case 'H': return p(d.getUTCHours());
      case 'I': return p(((d.getUTCHours() + 11) % 12) + 1);
      case 'M': return p(d.getUTCMinutes());
      case 'S': return p(d.getUTCSeconds());
      case 'm': return p(d.getUTCMonth() + 1);
      case 'y': return p(d.getUTCFullYear() % 100);
      case 'Y': return String(d.getUTCFullYear());
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case 's': return String(Math.floor(ms / 1000));
      case 'N': return p((ms % 1000) * 1_000_000, 9);
      case 'j': return p(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400_000) + 1, 3);
      case 'p': return d.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'F': return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
      case 'T': return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
      case 'D': return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${p(d.getUTCFullYear() % 100)}`;
      case 'R': return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
      case 'u': return String(d.getUTCDay() || 7);
      case 'w': return String(d.getUTCDay());
      case 'n': return '\n';
      case 't': return '\t';
      case '%': return '%';
    }
    return m;
  });
}

const date: Program = (ctx) => {
  const args = ctx.argv.slice(1).filter((a) => a !== '-u' && a !== '--utc');
  const now = ctx.world.now;
  const fmt = args.find((a) => a.startsWith('+'));
  if (fmt) ctx.out(strftime(fmt.slice(1), now) + '\n');
  else if (args.includes('-I') || args.includes('-Idate')) ctx.out(strftime('%F', now) + '\n');
  else if (args.includes('-Iseconds')) ctx.out(strftime('%FT%T', now) + '+00:00\n');
  else if (args.includes('-R')) ctx.out(strftime('%a, %d %b %Y %T +0000', now) + '\n');
  else if (args.length) {
    ctx.err(`date: invalid date '${args[0]}'\n`);
    return 1;
  } else ctx.out(strftime('%a %b %e %H:%M:%S %Z %Y', now) + '\n');
  return 0;
};

const seq: Program = (ctx) => {
  const { flags, args } = opts(ctx.argv, 's');
  const nums = args.map(Number);
  if (!args.length || args.length > 3 || nums.some((n) => Number.isNaN(n))) {
    const bad = args.find((a) => Number.isNaN(Number(a)));
    if (bad !== undefined) ctx.err(`seq: invalid number '${bad}'\n`);
    else ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n');
    return 1;
  }
  const [first, inc, last] = nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!];
  const sep = typeof flags.get('s') === 'string' ? (flags.get('s') as string) : '\n';
  const decimals = Math.max(...args.map((a) => (a.includes('.') ? a.length - a.indexOf('.') - 1 : 0)));
  const width = flags.has('w') ? Math.max(String(first).length, String(last).length) : 0;
  const out: string[] = [];
  if (inc === 0) return 0;
  for (let v = first, i = 0; inc > 0 ? v <= last + 1e-9 : v >= last - 1e-9; i++, v = first + i * inc) {
    out.push(v.toFixed(decimals).padStart(width, '0'));
    if (out.length > 1_000_000) break;
  }
  if (out.length) ctx.out(out.join(sep) + '\n');
  return 0;
};

const uname: Program = (ctx) => {
  const { flags } = opts(ctx.argv);
  const pod = ctx.origin.kind === 'pod' ? ctx.origin.pod : undefined;
  const node = pod?.spec?.nodeName ? (ctx.world.snap.get('core/nodes', pod.spec.nodeName) as any) : undefined;
  const kernel = node?.status?.nodeInfo?.kernelVersion ?? 'unknown';
  const arch = node?.status?.nodeInfo?.architecture === 'arm64' ? 'aarch64' : 'x86_64';
  const host = ctx.env.HOSTNAME ?? '';
  const parts: string[] = [];
  const all = flags.has('a');
  if (all || flags.has('s') || flags.size === 0) parts.push('Linux');
  if (all || flags.has('n')) parts.push(host);
  if (all || flags.has('r')) parts.push(kernel);
  if (all || flags.has('m')) parts.push(arch);
  if (all) parts.push('GNU/Linux');
  ctx.out(parts.join(' ') + '\n');
  return 0;
};

const trueProgram: Program = () => 0;
const falseProgram: Program = () => 1;

const echoProgram: Program = (ctx) => {
  let args = ctx.argv.slice(1);
  let nl = true;
  if (args[0] === '-n') {
    nl = false;
    args = args.slice(1);
  }
  ctx.out(args.join(' ') + (nl ? '\n' : ''));
  return 0;
};

const pwd: Program = (ctx) => {
  ctx.out(`${fsOf(ctx).cwd}\n`);
  return 0;
};

/** The program table: these programs plus `sh`, `env`, `which`, and whatever `extra` adds (the network tools). */
export function programTable(extra: Record<string, Program> = {}): Record<string, Program> {
  const table: Record<string, Program> = {
    cat, ls, tail, head, grep, egrep: grep, fgrep: grep, wc, touch, mkdir, rm, rmdir, cp, mv, chmod, tee,
    sort, uniq, cut, tr, basename, dirname, printenv, hostname, id, whoami, ps, sleep, date, seq, uname,
    true: trueProgram, false: falseProgram, echo: echoProgram, pwd, tar,
    // The shell has its own; these are the applets exec and env start.
    test: (ctx) => testExpr(ctx.argv.slice(1), fsOf(ctx)),
    '[': (ctx) => {
      if (ctx.argv[ctx.argv.length - 1] !== ']') {
        ctx.err('[: missing ]\n');
        return 2;
      }
      return testExpr(ctx.argv.slice(1, -1), fsOf(ctx));
    },
    ...extra,
  };
  const lookup = (n: string) => table[n];
  table.sh = shProgram(lookup);
  table.ash = table.sh;
  table.env = envProgram(lookup);
  table.which = (ctx) => {
    let st = 0;
    for (const n of ctx.argv.slice(1)) {
      if (table[n]) ctx.out(`/bin/${n}\n`);
      else st = 1;
    }
    return st;
  };
  return table;
}

function hostFor(ctx: ProgramContext, lookup: (n: string) => Program | undefined): ShellHost {
  return { fs: fsOf(ctx), lookup, base: { world: ctx.world, origin: ctx.origin, sleep: ctx.sleep, signal: ctx.signal } };
}

/** `sh -c 'script' [arg0 [args]]`, `sh FILE [args]`, or `sh` reading its script from stdin. */
function shProgram(lookup: (n: string) => Program | undefined): Program {
  return async (ctx) => {
    const shell = new Shell(hostFor(ctx, lookup), Object.entries(ctx.env));
    const local = ctx as LocalContext;
    shell.pid = local.pid ?? 1;
    const args = ctx.argv.slice(1);
    const io = { stdin: { data: ctx.stdin, pos: 0 }, out: ctx.out, err: ctx.err, tty: local.tty };
    let i = 0;
    let script: string | undefined;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-c') {
        script = args[i + 1];
        if (script === undefined) {
          ctx.err('sh: -c requires an argument\n');
          return 2;
        }
        i += 2;
        break;
      }
      if (!/^-[eiuxl]+$/.test(a)) break;
    }
    if (script !== undefined) {
      if (args[i] !== undefined) shell.arg0 = args[i]!;
      shell.positional = args.slice(i + 1);
      return shell.runScript(script, io);
    }
    if (args[i] !== undefined) {
      let text: string;
      try {
        text = fsOf(ctx).readFile(args[i]!);
      } catch {
        ctx.err(`sh: can't open '${args[i]}': No such file or directory\n`);
        return 2;
      }
      shell.arg0 = args[i]!;
      shell.positional = args.slice(i + 1);
      return shell.runScript(text, io);
    }
    return shell.runScript(ctx.stdin, { ...io, stdin: { data: '', pos: 0 } });
  };
}

/** env [-i] [-u NAME] [NAME=VALUE]... [PROGRAM ARGS...] */
function envProgram(lookup: (n: string) => Program | undefined): Program {
  return async (ctx) => {
    let env: Record<string, string> = { ...ctx.env };
    const args = ctx.argv.slice(1);
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-i' || a === '-') env = {};
      else if (a === '-u') delete env[args[++i] ?? ''];
      else if (/^[^=]+=/.test(a)) env[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
      else break;
    }
    if (i >= args.length) {
      for (const [k, v] of Object.entries(env)) ctx.out(`${k}=${v}\n`);
      return 0;
    }
    const shell = new Shell(hostFor(ctx, lookup), []);
    shell.name = 'env';
    const argv = args.slice(i);
    const found = shell.find(argv[0]!);
    if (found.kind === 'missing') {
      ctx.err(`env: can't execute '${argv[0]}': No such file or directory\n`);
      return 127;
    }
    return shell.runProgram(argv, env, { stdin: { data: ctx.stdin, pos: 0 }, out: ctx.out, err: ctx.err });
  };
}

