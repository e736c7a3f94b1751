/**
 * A container's filesystem: a mount table over volumes. Each volume is a flat map of
 * entries (path relative to the volume's root → file, directory or symlink); the root
 * volume is the container's writable layer over the image's skeleton. Volumes that persist
 * (the writable layer, emptyDirs, PVCs, hostPaths) carry a store key, and every change to
 * them is also recorded as an operation, so the caller can replay it on the store's current
 * copy under the lock (see files.ts) without ever writing what was only computed.
 */
import { FsError, type FileInfo, type SimFs } from './types.js';

export interface Entry {
  /** f: file, d: directory, l: symlink (d holds the target), w: deleted (a whiteout over the image). */
  t: 'f' | 'd' | 'l' | 'w';
  d?: string;
  /** Permission bits. */
  m: number;
  /** Modification time, ms. */
  at: number;
}

export type Entries = Record<string, Entry>;

export interface Volume {
  /** The store key of a persistent volume; absent for what is computed (ConfigMaps, Secrets, kubelet files). */
  key?: string;
  readonly: boolean;
  entries: Entries;
  /** Modification time of the volume's root directory. */
  at: number;
  /** Mode of the root directory (0o755 unless said). */
  mode?: number;
}

export interface Mount {
  path: string;
  vol: Volume;
  /** subPath: the entry of the volume mounted here ('' = its root). */
  sub: string;
  readonly: boolean;
}

export type FileOp =
  | { op: 'write'; key: string; rel: string; data: string; append: boolean; mode: number; at: number }
  | { op: 'mkdir'; key: string; rel: string; mode: number; at: number }
  | { op: 'rm'; key: string; rel: string; whiteout: boolean }
  | { op: 'chmod'; key: string; rel: string; mode: number }
  | { op: 'symlink'; key: string; rel: string; target: string; at: number };

export function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

function parentOf(abs: string): string {
  const i = abs.lastIndexOf('/');
  return i <= 0 ? '/' : abs.slice(0, i);
}

interface Located {
  abs: string;
  mount: Mount;
  /** Key of the entry inside the volume ('' = the volume's root). */
  key: string;
  entry?: Entry;
}

const DIR_SIZE = 4096;

export class ContainerFs implements SimFs {
  cwd = '/';
  /** Mounts, longest path first. */
  private readonly mounts: Mount[];

  constructor(
    mounts: Mount[],
    private readonly now: () => number,
    private readonly record: (op: FileOp) => void,
    /** Told of each path not found where only the image's own files could be. */
    private readonly miss?: (path: string) => void,
  ) {
    this.mounts = [...mounts].sort((a, b) => b.path.length - a.path.length);
  }

  resolve(path: string): string {
    return normalize(path.startsWith('/') ? path : join(this.cwd, path));
  }

  private mountFor(abs: string): Mount {
    for (const m of this.mounts) if (m.path === '/' || abs === m.path || abs.startsWith(m.path + '/')) return m;
    throw new Error('no root mount');
  }

  private entryAt(mount: Mount, key: string, abs: string): Entry | undefined {
    const e = key === '' && mount.sub === '' ? { t: 'd' as const, m: mount.vol.mode ?? 0o755, at: mount.vol.at } : mount.vol.entries[key];
    if (e && e.t !== 'w') return e;
    // A directory on the way to a mount point exists (the runtime made it).
    if (this.mounts.some((m) => m.path !== abs && m.path.startsWith(abs === '/' ? '/' : abs + '/'))) return { t: 'd', m: 0o755, at: mount.vol.at };
    return undefined;
  }

  private at(abs: string): Located {
    const mount = this.mountFor(abs);
    const rel = mount.path === '/' ? abs.slice(1) : abs.slice(mount.path.length + 1);
    const key = mount.sub ? (rel ? `${mount.sub}/${rel}` : mount.sub) : rel;
    return { abs, mount, key, entry: this.entryAt(mount, key, abs) };
  }

  /** Walks `path`, following symlinks on the way (and at the end when `follow`). */
  private locate(path: string, follow: boolean): Located {
    let abs = this.resolve(path);
    for (let hops = 0; hops < 40; hops++) {
      const parts = abs.split('/').filter(Boolean);
      let cur = '/';
      let restarted = false;
      for (let i = 0; i < parts.length; i++) {
        const next = join(cur, parts[i]!);
        const loc = this.at(next);
        const last = i === parts.length - 1;
        if (loc.entry?.t === 'l' && (!last || follow)) {
          const target = loc.entry.d ?? '';
          abs = normalize((target.startsWith('/') ? target : join(cur, target)) + '/' + parts.slice(i + 1).join('/'));
          restarted = true;
          break;
        }
        if (!last && loc.entry && loc.entry.t !== 'd') throw new FsError('ENOTDIR', path);
        if (!last && !loc.entry) throw this.enoent(next, path);
        cur = next;
      }
      if (!restarted) return this.at(abs);
    }
    throw new FsError('ENOENT', path);
  }

  private enoent(abs: string, path: string): FsError {
    if (this.mountFor(abs).path === '/') this.miss?.(abs);
    return new FsError('ENOENT', path);
  }

  private info(loc: Located): FileInfo {
    const e = loc.entry!;
    const type = e.t === 'd' ? 'dir' : e.t === 'l' ? 'symlink' : 'file';
    const size = e.t === 'd' ? DIR_SIZE : Buffer.byteLength(e.d ?? '');
    return { path: loc.abs, type, mode: e.m, size, mtimeMs: e.at, uid: 0, gid: 0, ...(e.t === 'l' ? { target: e.d } : {}) };
  }

  stat(path: string): FileInfo {
    const loc = this.locate(path, true);
    if (!loc.entry) throw this.enoent(loc.abs, path);
    return this.info(loc);
  }

  /** stat without following a final symlink (ls -l). */
  lstat(path: string): FileInfo {
    const loc = this.locate(path, false);
    if (!loc.entry) throw this.enoent(loc.abs, path);
    return this.info(loc);
  }

  exists(path: string): boolean {
    try {
      this.stat(path);
      return true;
    } catch {
      return false;
    }
  }

  readFile(path: string): string {
    const abs = this.resolve(path);
    if (abs === '/dev/null') return '';
    const loc = this.locate(path, true);
    if (!loc.entry) throw this.enoent(loc.abs, path);
    if (loc.entry.t === 'd') throw new FsError('EISDIR', path);
    return loc.entry.d ?? '';
  }

  readDir(path: string): FileInfo[] {
    const loc = this.locate(path, true);
    if (!loc.entry) throw this.enoent(loc.abs, path);
    if (loc.entry.t !== 'd') throw new FsError('ENOTDIR', path);
    const names = new Set<string>();
    const prefix = loc.key === '' ? '' : loc.key + '/';
    for (const [k, e] of Object.entries(loc.mount.vol.entries)) {
      if (e.t === 'w' || !k.startsWith(prefix) || k.length === prefix.length) continue;
      const rest = k.slice(prefix.length);
      if (!rest.includes('/')) names.add(rest);
    }
    const dirPrefix = loc.abs === '/' ? '/' : loc.abs + '/';
    for (const m of this.mounts) {
      if (m.path === '/' || !m.path.startsWith(dirPrefix)) continue;
      names.add(m.path.slice(dirPrefix.length).split('/')[0]!);
    }
    return [...names].sort().map((n) => this.info(this.at(join(loc.abs, n))));
  }

  private writable(loc: Located, path: string): void {
    if (loc.mount.readonly || loc.mount.vol.readonly) throw new FsError('EROFS', path);
  }

  private parentDir(path: string): void {
    const parent = this.locate(parentOf(this.resolve(path)), true);
    if (!parent.entry) throw new FsError('ENOENT', path);
    if (parent.entry.t !== 'd') throw new FsError('ENOTDIR', path);
  }

  writeFile(path: string, data: string, opts: { append?: boolean; mode?: number } = {}): void {
    const abs = this.resolve(path);
    if (abs === '/dev/null') return;
    this.parentDir(path);
    const loc = this.locate(path, true);
    if (loc.entry?.t === 'd') throw new FsError('EISDIR', path);
    this.writable(loc, path);
    const at = this.now();
    const old = loc.entry;
    const mode = old?.m ?? opts.mode ?? 0o644;
    loc.mount.vol.entries[loc.key] = { t: 'f', d: opts.append && old ? (old.d ?? '') + data : data, m: mode, at };
    if (loc.mount.vol.key) this.record({ op: 'write', key: loc.mount.vol.key, rel: loc.key, data, append: Boolean(opts.append), mode, at });
  }

  mkdir(path: string, opts: { parents?: boolean } = {}): void {
    const abs = this.resolve(path);
    if (opts.parents) {
      const parts = abs.split('/').filter(Boolean);
      let cur = '/';
      for (const p of parts) {
        cur = join(cur, p);
        const loc = this.locate(cur, true);
        if (loc.entry) {
          if (loc.entry.t !== 'd') throw new FsError('ENOTDIR', path);
          continue;
        }
        this.makeDir(loc, path);
      }
      return;
    }
    this.parentDir(path);
    const loc = this.locate(path, false);
    if (loc.entry) throw new FsError('EEXIST', path);
    this.makeDir(loc, path);
  }

  private makeDir(loc: Located, path: string): void {
    this.writable(loc, path);
    const at = this.now();
    loc.mount.vol.entries[loc.key] = { t: 'd', m: 0o755, at };
    if (loc.mount.vol.key) this.record({ op: 'mkdir', key: loc.mount.vol.key, rel: loc.key, mode: 0o755, at });
  }

  remove(path: string, opts: { recursive?: boolean } = {}): void {
    const loc = this.locate(path, false);
    if (!loc.entry) throw this.enoent(loc.abs, path);
    const entries = loc.mount.vol.entries;
    const prefix = loc.key + '/';
    if (loc.entry.t === 'd') {
      if (!opts.recursive) throw new FsError('EISDIR', path);
    }
    if (loc.key === '' || this.mounts.some((m) => m.path === loc.abs)) throw new FsError('EACCES', path);
    this.writable(loc, path);
    const whiteout = !loc.mount.vol.key?.startsWith('layer/') ? false : true;
    for (const k of Object.keys(entries)) if (k === loc.key || k.startsWith(prefix)) delete entries[k];
    if (whiteout) entries[loc.key] = { t: 'w', m: 0, at: this.now() };
    if (loc.mount.vol.key) this.record({ op: 'rm', key: loc.mount.vol.key, rel: loc.key, whiteout });
  }

  /** A symbolic link at `path` to `target` (kept as written, resolved when followed). */
  symlink(target: string, path: string): void {
    this.parentDir(path);
    const loc = this.locate(path, false);
    if (loc.entry) throw new FsError('EEXIST', path);
    this.writable(loc, path);
    const at = this.now();
    loc.mount.vol.entries[loc.key] = { t: 'l', d: target, m: 0o777, at };
    if (loc.mount.vol.key) this.record({ op: 'symlink', key: loc.mount.vol.key, rel: loc.key, target, at });
  }

  chmod(path: string, mode: number): void {
    const loc = this.locate(path, true);
    if (!loc.entry) throw this.enoent(loc.abs, path);
    this.writable(loc, path);
    loc.mount.vol.entries[loc.key] = { ...loc.entry, m: mode };
    if (loc.mount.vol.key) this.record({ op: 'chmod', key: loc.mount.vol.key, rel: loc.key, mode });
  }

  /** Whether `path` lies in what the simulation knows of (a volume, a written file) or only in the image it cannot see. */
  inImageOnly(path: string): boolean {
    const mount = this.mountFor(this.resolve(path));
    return mount.path === '/';
  }
}

/** Applies recorded operations to a stored copy of a volume's entries. */
export function applyOps(entries: Entries, ops: FileOp[]): Entries {
  const out: Entries = { ...entries };
  for (const o of ops) {
    if (o.op === 'write') {
      const old = out[o.rel];
      const base = o.append && old?.t === 'f' ? (old.d ?? '') : '';
      out[o.rel] = { t: 'f', d: base + o.data, m: old?.t === 'f' ? old.m : o.mode, at: o.at };
    } else if (o.op === 'mkdir') {
      if (out[o.rel]?.t !== 'd') out[o.rel] = { t: 'd', m: o.mode, at: o.at };
    } else if (o.op === 'rm') {
      for (const k of Object.keys(out)) if (k === o.rel || k.startsWith(o.rel + '/')) delete out[k];
      if (o.whiteout) out[o.rel] = { t: 'w', m: 0, at: 0 };
    } else if (o.op === 'symlink') {
      out[o.rel] = { t: 'l', d: o.target, m: 0o777, at: o.at };
    } else if (o.op === 'chmod') {
      const old = out[o.rel];
      if (old) out[o.rel] = { ...old, m: o.mode };
      // A file of the image that is not stored: the mode change applies to what the overlay shows.
    }
  }
  return out;
}
