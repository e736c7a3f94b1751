/**
 * The tar archive format (POSIX ustar, as busybox and Go's archive/tar write it), over bytes:
 * what `kubectl cp` streams through `tar` in the container. Long names use ustar's prefix field,
 * or a GNU long-name entry when they do not fit; reading also takes pax `path`/`linkpath` records.
 */

export interface TarEntry {
  /** The member name: no leading `/` unless the writer kept one; a directory's ends with `/`. */
  name: string;
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits. */
  mode: number;
  /** Seconds since the epoch. */
  mtime: number;
  data?: Buffer;
  linkname?: string;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function field(header: Buffer, text: string, at: number, width: number): void {
  header.write(text, at, Math.min(width, Buffer.byteLength(text)), 'utf8');
}

/**
 * The name as ustar's header holds it: [prefix, name], the name split at a `/` when longer than 100
 * bytes (a prefix of at most 155); undefined when it does not fit (a GNU long-name entry carries it).
 */
function ustarName(name: string): [prefix: string, name: string] | undefined {
  if (Buffer.byteLength(name) <= 100) return ['', name];
  const cut = name.lastIndexOf('/', name.length - 2);
  if (cut > 0 && Buffer.byteLength(name.slice(0, cut)) <= 155 && Buffer.byteLength(name.slice(cut + 1)) <= 100) return [name.slice(0, cut), name.slice(cut + 1)];
  return undefined;
}

/** `name`: as ustarName gives it (a name that does not fit is cut at 100 bytes). */
function header([prefix, short]: [string, string], e: TarEntry, typeflag: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  field(h, short, 0, 100);
  field(h, octal(e.mode & 0o7777, 8), 100, 8);
  field(h, octal(0, 8), 108, 8);
  field(h, octal(0, 8), 116, 8);
  field(h, octal(size, 12), 124, 12);
  field(h, octal(Math.max(0, Math.floor(e.mtime)), 12), 136, 12);
  h.write('        ', 148, 8, 'latin1');
  h.write(typeflag, 156, 1, 'latin1');
  if (e.linkname) field(h, e.linkname, 157, 100);
  h.write('ustar\u000000', 257, 8, 'latin1');
  field(h, 'root', 265, 32);
  field(h, 'root', 297, 32);
  if (prefix) field(h, prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 8, 'latin1');
  return h;
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % BLOCK;
  return rest ? [data, Buffer.alloc(BLOCK - rest)] : [data];
}

/** The archive's bytes, ending with the two zero blocks that mark its end. */
export function encodeTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const typeflag = e.type === 'dir' ? '5' : e.type === 'symlink' ? '2' : '0';
    const name = ustarName(e.name);
    if (!name) {
      // GNU long name: an entry of type L holding the name, then the entry itself.
      const long = Buffer.from(`${e.name}\0`);
      parts.push(header(['', '././@LongLink'], { ...e, mode: 0o644 }, 'L', long.length), ...padded(long));
    }
    const data = e.type === 'file' ? (e.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    parts.push(header(name ?? ['', e.name], e, typeflag, data.length));
    if (data.length) parts.push(...padded(data));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/** Why an archive could not be read, in busybox tar's words. */
export class TarFormatError extends Error {}

function text(h: Buffer, at: number, width: number): string {
  const end = h.indexOf(0, at);
  return h.toString('utf8', at, end < 0 || end > at + width ? at + width : end);
}

function number(h: Buffer, at: number, width: number): number {
  const t = text(h, at, width).trim();
  return t ? parseInt(t, 8) : 0;
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum === number(h, 148, 8);
}

/** Pax extended header records: `LEN key=value\n`. */
function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const len = Number(data.toString('latin1', at, space));
    if (!Number.isInteger(len) || len <= 0) break;
    const record = data.toString('utf8', space + 1, at + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += len;
  }
  return out;
}

/**
 * The entries of an archive, up to its end marker (or the end of the bytes: busybox accepts an
 * archive cut after a whole entry). Throws TarFormatError for what is not an archive.
 */
export function decodeTar(bytes: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let at = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Map<string, string> | undefined;
  while (at + BLOCK <= bytes.length) {
    const h = bytes.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    if (!h.toString('latin1', 257, 262).startsWith('ustar') || !checksumOk(h)) throw new TarFormatError('invalid tar magic');
    const size = number(h, 124, 12);
    const dataStart = at + BLOCK;
    if (dataStart + size > bytes.length) throw new TarFormatError('short read');
    const data = bytes.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    const typeflag = String.fromCharCode(h[156]!);
    if (typeflag === 'L' || typeflag === 'K') {
      const value = data.toString('utf8').replace(/\0+$/, '');
      if (typeflag === 'L') longName = value;
      else longLink = value;
      continue;
    }
    if (typeflag === 'x') {
      pax = paxRecords(data);
      continue;
    }
    if (typeflag === 'g') continue;
    const prefix = text(h, 345, 155);
    const name = longName ?? pax?.get('path') ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    const linkname = longLink ?? pax?.get('linkpath') ?? text(h, 157, 100);
    longName = longLink = pax = undefined;
    const type = typeflag === '5' || (typeflag !== '2' && name.endsWith('/')) ? 'dir' : typeflag === '2' ? 'symlink' : 'file';
    const entry: TarEntry = { name, type, mode: number(h, 100, 8) & 0o7777, mtime: number(h, 136, 12) };
    if (type === 'file') entry.data = Buffer.from(data);
    if (type === 'symlink') entry.linkname = linkname;
    out.push(entry);
  }
  return out;
}
