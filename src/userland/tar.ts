/**
 * busybox's `tar` applet over a container's files: create (`c`), extract (`x`) and list (`t`) an
 * archive on stdin/stdout (`f -`, the default) or in a file, from or into a directory (`-C`). It is
 * what `kubectl cp` runs in the container (`tar cf - SRC`, `tar -xmf - -C DIR`).
 *
 * Streams in the simulation are text: an archive travels as the string whose UTF-8 bytes are the
 * archive, so files (text, as the simulated filesystem holds them) pass through unchanged.
 */
import { decodeTar, encodeTar, TarFormatError, type TarEntry } from '../util/tar.js';
import type { ContainerFs } from './fs.js';
import { errText } from './shell.js';
import type { FileInfo, Program, ProgramContext } from './types.js';

interface TarOptions {
  mode?: 'c' | 'x' | 't';
  file: string;
  dir?: string;
  verbose: boolean;
  toStdout: boolean;
  keepPermissions: boolean;
  dereference: boolean;
  paths: string[];
}

const VALUED = 'fCTX';

class Usage extends Error {}

function parse(argv: string[]): TarOptions {
  const o: TarOptions = { file: '-', verbose: false, toStdout: false, keepPermissions: true, dereference: false, paths: [] };
  const words = argv.slice(1);
  // Old style: a first word without a dash is a bundle of option letters.
  if (words[0] !== undefined && !words[0].startsWith('-')) words[0] = `-${words[0]}`;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      o.paths.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--')) {
      const [name, value] = w.includes('=') ? [w.slice(2, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w.slice(2), undefined];
      if (name === 'no-same-permissions') o.keepPermissions = false;
      else if (name === 'same-permissions' || name === 'preserve-permissions') o.keepPermissions = true;
      else if (name === 'no-same-owner' || name === 'same-owner' || name === 'numeric-owner' || name === 'overwrite' || name === 'touch') continue;
      else if (name === 'directory') o.dir = value ?? words[++i];
      else if (name === 'file') o.file = value ?? words[++i] ?? '-';
      else if (name === 'create' || name === 'extract' || name === 'list') o.mode = name === 'create' ? 'c' : name === 'extract' ? 'x' : 't';
      else if (name === 'verbose') o.verbose = true;
      else if (name === 'to-stdout') o.toStdout = true;
      else throw new Usage(`unrecognized option '${w}'`);
      continue;
    }
    if (!w.startsWith('-') || w === '-') {
      o.paths.push(w);
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const f = w[j]!;
      if (VALUED.includes(f)) {
        const value = words[++i];
        if (value === undefined) throw new Usage(`option requires an argument -- '${f}'`);
        if (f === 'f') o.file = value;
        else if (f === 'C') o.dir = value;
        continue;
      }
      if (f === 'c' || f === 'x' || f === 't') o.mode = f;
      else if (f === 'v') o.verbose = true;
      else if (f === 'O') o.toStdout = true;
      else if (f === 'p') o.keepPermissions = true;
      else if (f === 'h') o.dereference = true;
      else if (!'mok'.includes(f)) throw new Usage(`invalid option -- '${f}'`);
    }
  }
  return o;
}

/** The member name as busybox stores and extracts it: without leading slashes (said once). */
function stripLeading(name: string, warn: () => void): string {
  const stripped = name.replace(/^\/+/, '');
  if (stripped !== name) warn();
  return stripped;
}

class Die extends Error {}

export const tar: Program = (ctx) => {
  const fs = ctx.fs as ContainerFs;
  const die = (msg: string): never => {
    ctx.err(`tar: ${msg}\n`);
    throw new Die();
  };
  let o: TarOptions;
  try {
    o = parse(ctx.argv);
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    ctx.err(`tar: ${e.message}\n`);
    return 1;
  }
  let warned = false;
  const warnLeading = () => {
    if (!warned) ctx.err("tar: removing leading '/' from member names\n");
    warned = true;
  };
  try {
    if (!o.mode) die('need to specify one of -c, -x or -t');
    if (o.dir !== undefined) {
      let info: FileInfo | undefined;
      try {
        info = fs.stat(o.dir);
      } catch (e) {
        die(`can't change directory to '${o.dir}': ${errText(e)}`);
      }
      if (info!.type !== 'dir') die(`can't change directory to '${o.dir}': Not a directory`);
    }
    const base = o.dir !== undefined ? fs.resolve(o.dir) : fs.cwd;
    const at = (name: string) => (name.startsWith('/') ? name : base === '/' ? `/${name}` : `${base}/${name}`);
    if (o.mode === 'c') return create(ctx, fs, o, at, warnLeading);
    return extract(ctx, fs, o, at, warnLeading, die);
  } catch (e) {
    if (e instanceof Die) return 1;
    throw e;
  }
};

function create(ctx: ProgramContext, fs: ContainerFs, o: TarOptions, at: (name: string) => string, warnLeading: () => void): number {
  if (!o.paths.length) {
    ctx.err('tar: empty archive\n');
    return 1;
  }
  const entries: TarEntry[] = [];
  let failed = false;
  // Names go to stderr when the archive goes to stdout.
  const listName = (name: string) => (o.file === '-' ? ctx.err(`${name}\n`) : ctx.out(`${name}\n`));
  /** `name` undefined: the operand itself, its member name worked out once it is found. */
  const add = (path: string, given?: string): void => {
    let info: FileInfo;
    try {
      info = o.dereference ? fs.stat(at(path)) : fs.lstat(at(path));
    } catch (e) {
      ctx.err(`tar: ${path}: ${errText(e)}\n`);
      failed = true;
      return;
    }
    const name = given ?? stripLeading(path, warnLeading);
    const mtime = Math.floor(info.mtimeMs / 1000);
    if (info.type === 'dir') {
      const dirName = name.endsWith('/') || name === '' ? name : `${name}/`;
      if (dirName) {
        entries.push({ name: dirName, type: 'dir', mode: info.mode, mtime });
        if (o.verbose) listName(dirName);
      }
      let children: FileInfo[] = [];
      try {
        children = fs.readDir(at(path));
      } catch (e) {
        ctx.err(`tar: ${path}: ${errText(e)}\n`);
        failed = true;
      }
      const trimmed = path.replace(/\/+$/, '');
      for (const c of children) {
        const child = c.path.slice(c.path.lastIndexOf('/') + 1);
        add(`${trimmed}/${child}`, `${dirName}${child}`);
      }
      return;
    }
    if (info.type === 'symlink') entries.push({ name, type: 'symlink', mode: info.mode, mtime, linkname: info.target ?? '' });
    else {
      let data: string;
      try {
        data = fs.readFile(at(path));
      } catch (e) {
        ctx.err(`tar: ${path}: ${errText(e)}\n`);
        failed = true;
        return;
      }
      entries.push({ name, type: 'file', mode: info.mode, mtime, data: Buffer.from(data, 'utf8') });
    }
    if (o.verbose) listName(name);
  };
  for (const p of o.paths) add(p);
  const archive = encodeTar(entries).toString('utf8');
  if (o.file === '-') ctx.out(archive);
  else {
    try {
      fs.writeFile(o.file, archive);
    } catch (e) {
      ctx.err(`tar: can't open '${o.file}': ${errText(e)}\n`);
      return 1;
    }
  }
  if (failed) ctx.err('tar: error exit delayed from previous errors\n');
  return failed ? 1 : 0;
}

function modeText(e: TarEntry): string {
  const bits = 'rwxrwxrwx';
  let out = e.type === 'dir' ? 'd' : e.type === 'symlink' ? 'l' : '-';
  for (let i = 0; i < 9; i++) out += e.mode & (1 << (8 - i)) ? bits[i] : '-';
  return out;
}

function verboseLine(e: TarEntry, name: string): string {
  const d = new Date(e.mtime * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  const when = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  const size = String(e.data?.length ?? 0).padStart(9);
  return `${modeText(e)} root/root ${size} ${when} ${name}${e.type === 'symlink' ? ` -> ${e.linkname}` : ''}\n`;
}

function extract(ctx: ProgramContext, fs: ContainerFs, o: TarOptions, at: (name: string) => string, warnLeading: () => void, die: (msg: string) => never): number {
  let bytes: Buffer;
  if (o.file === '-') bytes = Buffer.from(ctx.stdin, 'utf8');
  else {
    try {
      bytes = Buffer.from(fs.readFile(at(o.file)), 'utf8');
    } catch (e) {
      return die(`can't open '${o.file}': ${errText(e)}`);
    }
  }
  let entries: TarEntry[];
  try {
    entries = decodeTar(bytes);
  } catch (e) {
    if (e instanceof TarFormatError) return die(e.message);
    throw e;
  }
  const wanted = o.paths.length ? new Set(o.paths.map((p) => p.replace(/^\/+/, '').replace(/\/+$/, ''))) : undefined;
  const selected = (name: string) => !wanted || [...wanted].some((w) => name === w || name.replace(/\/+$/, '') === w || name.startsWith(`${w}/`));
  for (const e of entries) {
    const name = stripLeading(e.name, warnLeading);
    if (!name || !selected(name)) continue;
    if (o.mode === 't') {
      ctx.out(o.verbose ? verboseLine(e, name) : `${name}\n`);
      continue;
    }
    if (o.toStdout) {
      if (e.type === 'file') ctx.out(e.data!.toString('utf8'));
      continue;
    }
    if (o.verbose) ctx.out(`${name}\n`);
    const path = at(name.replace(/\/+$/, ''));
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    try {
      fs.mkdir(parent, { parents: true });
    } catch (err) {
      die(`can't create directory '${parent}': ${errText(err)}`);
    }
    const mode = o.keepPermissions ? e.mode : e.mode & ~0o022;
    const existing = (() => {
      try {
        return fs.lstat(path);
      } catch {
        return undefined;
      }
    })();
    if (e.type === 'dir') {
      try {
        if (!existing) fs.mkdir(path);
        else if (existing.type !== 'dir') die(`can't make dir ${name}: File exists`);
        if (mode !== (existing?.mode ?? 0o755)) fs.chmod(path, mode);
      } catch (err) {
        if (err instanceof Die) throw err;
        die(`can't make dir ${name}: ${errText(err)}`);
      }
      continue;
    }
    if (existing) {
      try {
        fs.remove(path);
      } catch (err) {
        die(`can't remove old file ${name}: ${errText(err)}`);
      }
    }
    if (e.type === 'symlink') {
      try {
        fs.symlink(e.linkname ?? '', path);
      } catch (err) {
        die(`can't create symlink '${name}' to '${e.linkname}': ${errText(err)}`);
      }
      continue;
    }
    try {
      fs.writeFile(path, e.data!.toString('utf8'), { mode });
    } catch (err) {
      die(`can't open '${name}': ${errText(err)}`);
    }
  }
  return 0;
}
