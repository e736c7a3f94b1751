import {
  chmodSync, closeSync, existsSync, fdatasync, fdatasyncSync, fstatSync, linkSync, openSync, readdirSync, readSync, renameSync, statSync, unlink, unlinkSync, writeSync, writevSync,
} from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename, dirname, join } from 'node:path';
import { LowSync, type SyncAdapter } from 'lowdb';
import { appendCommit, changesOf, type Touched } from './journal.js';
import { acquireLock, isLeftoverTemp } from './lock.js';
import {
  addCount, addSorted, fileOfBucket, fnv1a, indexFileCount, indexBuilder, indexFunctions, isCounted, isIndexFile, keptFromStart, removeSorted,
  shardsFingerprint, valuesOf, type CountFile, type IndexFile, type IndexFn, type IndexRecord,
} from './persisted-index.js';
import { peekFileEntry, RawObject, shardEntries, withoutMetadataField } from './peek.js';
import { ShardEdit } from './shard-edit.js';
import { shardOfSummary, summarise, summaryFileName, summaryFunctions, type SummaryFn } from './summaries.js';
import { StoreError, type Change, type ScanOptions, type Snapshot, type Store, type Transaction } from './types.js';
import { mkdirAll } from '../util/mkdir-all.js';

/**
 * The root document, kept by lowdb in `store.json`. Small collections live inline, so a
 * small cluster is one JSON file. A collection grown past INLINE_MAX objects is split by key
 * hash into shard files under `objects/`, and the root only names them: a command that needs
 * one object then parses one shard, not the whole cluster. Renaming a new root over the old
 * one is the single commit point, so a crash at any moment leaves the previous state whole.
 */
export interface RootData {
  /**
   * 4 since shards may be hashed by `mixed`, 3 since by `group` (older builds would look for keys in
   * the wrong shard); 2 and 3 are read.
   */
  format: 4;
  revision: number;
  /** Bumped by every commit; makes shard file names unique. */
  generation: number;
  meta: Record<string, unknown>;
  inline: Record<string, Record<string, unknown>>;
  sharded: Record<string, ShardedCollection>;
  /**
   * Shard files that commits replaced, with when (epoch ms): each is removed once no reader can
   * still hold the root that named it, without listing the directory.
   */
  retired?: Array<[file: string, at: number]>;
  /** Secondary indexes of sharded collections (see persisted-index.ts); absent in stores written before. */
  indexes?: Record<string, IndexRecord>;
  /** Sharded collections whose shards have summaries (see summaries.ts); absent in stores written before. */
  summaries?: Record<string, SummaryRecord>;
}

interface SummaryRecord {
  /** The version of the summary function that made them. */
  version: string;
  /** Fingerprint of the shard file names they describe: a writer that does not make summaries leaves it stale. */
  of: number;
}

interface ShardedCollection {
  count: number;
  /** File name of each shard (shard i holds the keys with hash % files.length === i). */
  files: string[];
  /**
   * What is hashed. `mixed` (collections sharded since format 4): as `group`, with the hash's bits
   * mixed before the shard is picked (FNV-1a's low bits, all that a shard count of a power of two
   * uses, spread similar names badly: one shard of 128 held 15 ReplicaSets' pods, another none).
   * `group` (format 3): the stem, less a generated name's
   * suffix (`-` and five characters of the API server's generateName alphabet), so that the pods
   * of one ReplicaSet, Job or DaemonSet (`<owner>-<xxxxx>`), and the Events about them, share a
   * shard: reconciling one owner reads one shard. `stem` (format 2): the key up to its last '.',
   * so that keys `<stem>.<suffix>` share a shard: the Events about one object (`<object>.<hex>`).
   * Absent (the first sharded stores): the whole key. A collection hashed otherwise than `group`
   * is re-sharded by the first commit that writes it.
   */
  hash?: 'stem' | 'group' | 'mixed';
}

/** The first layout: everything inline under `collections`. Still read. */
interface LegacyData {
  revision: number;
  meta: Record<string, unknown>;
  collections: Record<string, Record<string, unknown>>;
}

const INLINE_MAX = 64;
/**
 * A collection whose JSON passes this many bytes is sharded however few its objects: the root is
 * parsed by every command, and a few big objects (the bootstrap RBAC policy's 34 ClusterRoles, 48 KB;
 * a CRD with its schema) would cost each command their parse. Back inline below half of it.
 */
const INLINE_BYTES = (Number(process.env.KUBECTL_LITE_INLINE_KB) || 16) * 1024;
/**
 * The bytes of shard files a view keeps in hand (see RootView.hold) before it drops the oldest it
 * has not written; a shard written by a transaction is always kept. The objects parsed from them
 * take a few times that. A whole-cluster resync of 1,000 nodes (163 MB of pods, read by five
 * controllers) cost 15.4 s of CPU and 361 MB with 32, 20.2 s and 592 MB with 96 (the garbage
 * collector's work grows with what is held), 7.3 s and 654 MB with 256 (every pod held once).
 */
const SHARD_CACHE_BYTES = (Number(process.env.KUBECTL_LITE_SHARD_CACHE_MB) || 32) * 1024 * 1024;
const OBJECTS_PER_SHARD = 64;
/**
 * Past this many shards a collection's shards grow instead: each file costs a create, a sync and
 * a rename (about 2 ms here) when the collection is re-sharded, and a commit that changes one
 * object rewrites its whole shard. At 2,048, the 150,000 pods of 1,500 ReplicaSets are mostly one
 * ReplicaSet a shard (about 0.5 MB, where 512 shards made them 1.5 MB and three ReplicaSets each).
 */
const MAX_SHARDS = 2048;
/** Old shard files are kept this long so a reader holding the previous root can still open them. */
const SHARD_GRACE_MS = 60_000;
/**
 * Every this many commits the objects/ directory is also swept for files no root ever retired
 * (the temp files of a writer that crashed, the shards of a commit that never happened).
 */
const SWEEP_EVERY = 64;

const emptyRoot = (): RootData => ({ format: 4, revision: 0, generation: 0, meta: {}, inline: {}, sharded: {} });

/**
 * At most this many files have their fdatasync running in the background (see writeFileAtomic), each
 * open until it ends; a commit that writes more (a big apply's hundreds of shards) syncs the rest as
 * it writes them, as before.
 */
const BACKGROUND_SYNCS = 8;
let inBackground = 0;
/** Files written with `before-root` whose fdatasync the next root must wait for (syncBeforeRoot). */
const unsynced = new Set<number>();
/**
 * The `before-root` files past the background ones, synced by syncBeforeRoot only: each still open
 * (up to DEFERRED_OPEN of them), or its name. A commit that writes hundreds of shards waited for the
 * disk after each one (an fdatasync of a file just written: 1.2 to 1.5 ms here); synced one after
 * the other once all are written, they cost 0.2 to 0.4 ms each, the disk having started on them.
 */
const deferred: Array<number | string> = [];
let deferredOpen = 0;
const DEFERRED_OPEN = 256;

/**
 * Writes through a temp file and a rename. `sync`: `now` waits for the disk before the rename (the
 * root); `before-root` (shards) starts the fdatasync in the background (past BACKGROUND_SYNCS files,
 * leaves it to syncBeforeRoot: see `deferred`), so that the disk works while the commit goes on to
 * indexes and summaries, and syncBeforeRoot waits for it: a power loss can
 * leave such a file short, but never a root that names it; `false` for index and summary files:
 * derived data, which a reader that finds it unreadable (after a power loss) does not use and
 * rebuilds, so it need not wait for the disk.
 */
function writeFileAtomic(file: string, text: string | Buffer[], sync: 'now' | 'before-root' | false = 'before-root'): void {
  if (sync !== 'now' && isEmptyRecord(text) && linkEmpty(file)) return;
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  const background = sync === 'before-root' && inBackground < BACKGROUND_SYNCS;
  try {
    if (typeof text === 'string') writeSync(fd, text);
    else writeChunks(fd, text);
    if (sync === 'now') fdatasyncSync(fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  if (sync === 'before-root' && !background) {
    const keep = deferredOpen < DEFERRED_OPEN;
    if (!keep) closeSync(fd);
    try {
      renameSync(tmp, file);
    } catch (e) {
      if (keep) closeSync(fd);
      throw e;
    }
    if (keep) deferredOpen++;
    deferred.push(keep ? fd : file);
    return;
  }
  if (background) {
    inBackground++;
    unsynced.add(fd);
    // Its errors are those of syncBeforeRoot's own fdatasync of the file, which the commit waits for.
    fdatasync(fd, () => {
      inBackground--;
      unsynced.delete(fd);
      closeSync(fd);
    });
  } else {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * Empty files (`{}`) are hard links to one file per commit, written and synced once. Growing a
 * collection's shards leaves most of them empty for a while (150,000 Events of 300 ReplicaSets in
 * 2,048 shards: 1,900 empty), and each was created, synced (about 1 ms) and renamed. A link is as
 * durable as a rename: made before the root's rename, it reaches the disk's journal no later. The
 * files are never changed in place (every write is a new name), so sharing an inode is safe.
 */
let emptySource: string | undefined;

function isEmptyRecord(text: string | Buffer[]): boolean {
  if (typeof text === 'string') return text === '{}';
  return text.length === 1 && text[0]!.length === 2 && text[0]![0] === 0x7b && text[0]![1] === 0x7d;
}

/** Makes `file` an empty record by a link to this commit's synced empty file; false when it cannot (the caller writes it). */
function linkEmpty(file: string): boolean {
  const dir = dirname(file);
  try {
    if (emptySource === undefined || dirname(emptySource) !== dir) {
      dropEmptySource();
      // A `.tmp` name: the sweep of a crashed writer's temp files takes it if this process dies.
      const source = join(dir, `empty.${process.pid}.tmp`);
      const fd = openSync(source, 'w', 0o600);
      try {
        writeSync(fd, '{}');
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
      emptySource = source;
    }
    linkSync(emptySource, file);
    return true;
  } catch {
    return false;
  }
}

/** Removes this commit's empty file (its links stay): at the end of each commit, under the lock. */
function dropEmptySource(): void {
  if (emptySource === undefined) return;
  removeQuietly(emptySource);
  emptySource = undefined;
}

/**
 * How many background fdatasyncs are still running whose files the last root already waited for
 * (syncBeforeRoot synced each itself): all that is left of them is closing the file, which the
 * process's exit does as well. -1 while some file still waits for a root.
 */
export function syncsLeftToClose(): number {
  return unsynced.size === 0 && deferred.length === 0 ? inBackground : -1;
}

/** Writes the chunks in one writev (no buffer made to join them); what a short write left is written after. */
function writeChunks(fd: number, chunks: Buffer[]): void {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const written = writevSync(fd, chunks);
  if (written >= total) return;
  const rest = Buffer.concat(chunks).subarray(written);
  for (let n = 0; n < rest.length; ) n += writeSync(fd, rest, n);
}

/** Waits until every file written with `before-root` is on disk (at once for those whose background sync already finished). */
function syncBeforeRoot(): void {
  for (const fd of unsynced) fdatasyncSync(fd);
  unsynced.clear();
  const files = deferred.splice(0);
  deferredOpen = 0;
  let failed: unknown;
  for (const f of files) {
    // Every descriptor is closed, whatever fails; the first failure is the commit's.
    try {
      const fd = typeof f === 'number' ? f : openSync(f, 'r');
      try {
        if (failed === undefined) fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      failed ??= e;
    }
  }
  if (failed !== undefined) throw failed;
}

function corrupt(file: string, why: string): StoreError {
  return new StoreError(`the cluster store "${file}" is corrupt and was left untouched: ${why}`);
}

/**
 * One buffer that every file is read into (grown to the biggest): a fresh buffer for each of a
 * listing's hundreds of shards costs more, in memory the system must hand over, than the read.
 */
let readBuffer: Buffer = Buffer.allocUnsafeSlow(0);
const NO_BYTES = Buffer.allocUnsafeSlow(0);

/**
 * A file's bytes (`file` a path, or a descriptor open on it, which is closed), in the shared buffer
 * (or `pool`'s): valid until the next read into it.
 */
function readBytes(file: string | number, pool?: BufferPool): Buffer {
  const fd = typeof file === 'number' ? file : openSync(file, 'r');
  try {
    const size = fstatSync(fd).size + 1;
    let buffer = pool ? pool.buffer : readBuffer;
    if (pool?.free) buffer = takeFree(pool.free, size) ?? buffer;
    if (buffer.length < size) buffer = Buffer.allocUnsafeSlow(size);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buffer, n, buffer.length - n, null);
      if (got === 0) break;
      n += got;
      // The file grew while read (it never does: files are replaced, not written in place).
      if (n === buffer.length) {
        const bigger = Buffer.allocUnsafeSlow(n * 2);
        buffer.copy(bigger, 0, 0, n);
        buffer = bigger;
      }
    }
    if (pool) pool.buffer = buffer;
    else readBuffer = buffer;
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** A buffer to read into, or (`free`) the smallest of those that holds the file. */
type BufferPool = { buffer: Buffer; free?: Buffer[] };

/** The smallest of `free` of at least `size` bytes, taken out of it. */
function takeFree(free: Buffer[], size: number): Buffer | undefined {
  let best = -1;
  for (let k = 0; k < free.length; k++) if (free[k]!.length >= size && (best < 0 || free[k]!.length < free[best]!.length)) best = k;
  return best < 0 ? undefined : free.splice(best, 1)[0];
}

/** The part of a shard file that peekFile reads it through (a read of one object reads it a part at a time). */
let peekChunk: Buffer | undefined;

/**
 * The object stored under `key` in shard file `file`, taken out of its text (peek.ts) without
 * reading the whole file into memory; undefined when that cannot be told, and for any error (the
 * caller then reads the shard, which reports a missing or unreadable file as before).
 */
function peekFile(file: string, key: string): Record<string, unknown> | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return peekFileEntry(fd, fstatSync(fd).size, key, (peekChunk ??= Buffer.allocUnsafeSlow(PEEK_CHUNK)));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** 64 KB: a few stored objects, and the scan of a megabyte's shard in 16 reads. */
const PEEK_CHUNK = 64 * 1024;

function readText(file: string): string {
  return readBytes(file).toString('utf8');
}

function readJson(file: string): unknown {
  const text = readFileText(file);
  return text === undefined ? undefined : parseJson(file, text);
}

/** A store file's text (or, `bytes`, its bytes in the shared buffer or `pool`'s); undefined when it does not exist. */
function readFileText(file: string): string | undefined;
function readFileText(file: string, bytes: true, pool?: BufferPool, fd?: number): Buffer | undefined;
function readFileText(file: string, bytes = false, pool?: BufferPool, fd?: number): string | Buffer | undefined {
  try {
    return bytes ? readBytes(fd ?? file, pool) : readText(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreError(`cannot read the cluster store "${file}": ${(e as Error).message}`);
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw corrupt(file, (e as Error).message);
  }
}

/** lowdb adapter for the root: whole-file JSON, written through temp file + fsync + rename, mode 0600. */
class RootFile implements SyncAdapter<RootData> {
  constructor(private readonly file: string) {}

  read(): RootData | null {
    const data = readJson(this.file);
    return data === undefined ? null : this.rootOf(data);
  }

  /**
   * The root as a reader uses it: the same, but for the list of retired files, which only a writer
   * uses and is not parsed, and the collections kept in the root and the records of the sharded
   * collections and of their indexes, each parsed when first asked for (a `get pod ONE` needs the
   * pods' record only). Right after a big apply the
   * retired list is most of the root (340 KB of 520 KB at 1,000 nodes), and the shard and index
   * file lists most of the rest; every `get` parsed them all. This needs the root as write lays it
   * out (rootText); anything else is read as read() reads it.
   */
  readForReader(): RootData | null {
    const bytes = readFileText(this.file, true);
    if (bytes === undefined) return null;
    const lazy = lazyRoot(bytes, this.file);
    if (lazy) return lazy;
    return this.rootOf(parseJson(this.file, bytes.toString('utf8')));
  }

  private rootOf(data: unknown): RootData {
    if (isRoot(data)) return { ...data, format: 4 };
    const format = (data as { format?: unknown } | null)?.format;
    if (typeof format === 'number' && format > 4) {
      throw new StoreError(`the cluster store "${this.file}" was written by a newer kubectl-lite (store format ${format}; this one reads formats up to 4) and was left untouched`);
    }
    if (isLegacy(data)) {
      return { format: 4, revision: data.revision, generation: 0, meta: data.meta, inline: data.collections, sharded: {} };
    }
    throw corrupt(this.file, 'not a kubectl-lite store');
  }

  write(data: RootData): void {
    syncBeforeRoot();
    writeFileAtomic(this.file, rootText(data), 'now');
  }
}

/**
 * The root's text: JSON, laid out so that a reader can leave most of it unparsed (lazyRoot). The
 * collections kept in the root (`inline`), then the records of `sharded` and `indexes` come last
 * but for `retired`, one per line: JSON.stringify writes no line break, so every one in the text
 * is one of these. `retired`, when there is one, ends the text.
 */
export function rootText(data: RootData): string {
  const { inline, sharded, indexes, retired, ...rest } = data;
  let text = `${JSON.stringify(rest).slice(0, -1)},"inline":${membersByLine(inline)},"sharded":${membersByLine(sharded)}`;
  if (indexes !== undefined) text += `,"indexes":${membersByLine(indexes)}`;
  if (retired !== undefined) text += `,"retired":${JSON.stringify(retired)}`;
  return `${text}}`;
}

/** `{` and each member on a line of its own (`\n"name":value`, commas between), then `\n}`. */
function membersByLine(record: Record<string, unknown>): string {
  const members: string[] = [];
  for (const key of Object.keys(record)) {
    const value = JSON.stringify(record[key]);
    if (value !== undefined) members.push(`\n${JSON.stringify(key)}:${value}`);
  }
  return `{${members.join(',')}\n}`;
}

const INLINE_OPEN = Buffer.from(',"inline":{');
/** The lines that close one lined record and open the next, in order (the last one may be absent). */
const NEXT_OPEN = [Buffer.from('},"sharded":{'), Buffer.from('},"indexes":{')];
const RETIRED_OPEN = Buffer.from('},"retired":[');

/**
 * A reader's root from the text rootText writes: the members before `inline` parsed, the
 * collections of `inline` and the records of `sharded` and `indexes` parsed each when first read (a
 * corrupt one is reported then, naming the file), `retired` left out. Undefined for a text not
 * laid out so (a root an older build wrote), which the caller parses whole.
 */
function lazyRoot(bytes: Buffer, file: string): RootData | undefined {
  const first = bytes.indexOf(0x0a);
  if (first < INLINE_OPEN.length || !bytes.subarray(first - INLINE_OPEN.length, first).equals(INLINE_OPEN)) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(`${bytes.toString('utf8', 0, first - INLINE_OPEN.length)}}`);
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head)) return undefined;
  // The lines after it: the members of `inline`, the line that closes it and opens `sharded`, its
  // members, and so on; the last line closes the last record and the root. Each member's text is
  // taken from the bytes (copied: the read buffer is shared) only when it is asked for.
  const sections: Array<Array<[string, number, number]>> = [];
  let members: Array<[string, number, number]> = [];
  let at = first + 1;
  for (;;) {
    const end = bytes.indexOf(0x0a, at);
    const lineEnd = end < 0 ? bytes.length : end;
    if (bytes[at] === 0x7d) {
      sections.push(members);
      members = [];
      const rest = bytes.subarray(at, lineEnd);
      if (end >= 0 && sections.length <= NEXT_OPEN.length && rest.equals(NEXT_OPEN[sections.length - 1]!)) {
        at = end + 1;
        continue;
      }
      // `}}`, or `},"retired":[...]}`: the end of the text, after `sharded` at least.
      if (end >= 0 || sections.length < 2) return undefined;
      if (!(rest.length === 2 && rest[1] === 0x7d) && !(rest.subarray(0, RETIRED_OPEN.length).equals(RETIRED_OPEN) && rest[rest.length - 1] === 0x7d)) return undefined;
      break;
    }
    if (end < 0) return undefined;
    const member = memberOfLine(bytes, at, lineEnd);
    if (!member) return undefined;
    members.push(member);
    at = end + 1;
  }
  const records = Buffer.from(bytes.subarray(first, at));
  const [inline, sharded, indexes] = sections.map((m) => lazyRecord(m, records, first, file));
  const root = { ...head, inline, sharded, ...(indexes ? { indexes } : {}) };
  return isRoot(root) ? { ...root, format: 4 } : undefined;
}

/** A line's member `"name":value` (with the comma after it, if any), as [name, value start, value end]; undefined when not one. */
function memberOfLine(bytes: Buffer, start: number, end: number): [string, number, number] | undefined {
  if (bytes[start] !== 0x22) return undefined;
  let i = start + 1;
  while (i < end && bytes[i] !== 0x22) i += bytes[i] === 0x5c ? 2 : 1;
  if (i >= end || bytes[i + 1] !== 0x3a) return undefined;
  let name: unknown;
  try {
    name = JSON.parse(bytes.toString('utf8', start, i + 1));
  } catch {
    return undefined;
  }
  const valueEnd = bytes[end - 1] === 0x2c ? end - 1 : end;
  if (valueEnd <= i + 2) return undefined;
  return [name as string, i + 2, valueEnd];
}

/** A record whose members are parsed when first read (and then kept as plain values): each [name, start, end] of `bytes` (which starts at `offset` of the file). */
function lazyRecord(members: Array<[string, number, number]>, bytes: Buffer, offset: number, file: string): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, start, end] of members) {
    Object.defineProperty(record, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = parseJson(file, bytes.toString('utf8', start - offset, end - offset));
        Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
        return value;
      },
    });
  }
  return record;
}

function isRoot(d: unknown): d is RootData {
  const o = d as { format?: unknown } & Omit<RootData, 'format'>;
  return typeof o === 'object' && o !== null && (o.format === 2 || o.format === 3 || o.format === 4) && typeof o.revision === 'number' && typeof o.inline === 'object' && typeof o.sharded === 'object' && typeof o.meta === 'object';
}

function isLegacy(d: unknown): d is LegacyData {
  const o = d as LegacyData;
  return typeof o === 'object' && o !== null && typeof o.revision === 'number' && typeof o.collections === 'object' && typeof o.meta === 'object';
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const groupsInFile = new WeakMap<ShardEdit, Map<string, string[]>>();

/**
 * A grouped index file's values by group (`<group>\0...`), worked out once per file read: the
 * kubelets of a part's 5,000 nodes each ask for their group of a file holding hundreds (whose
 * key lists are parsed as asked for).
 */
function groupsOf(file: ShardEdit): Map<string, string[]> {
  let groups = groupsInFile.get(file);
  if (groups) return groups;
  groups = new Map();
  for (const v of file.keys()) {
    const end = v.indexOf('\u0000');
    if (end < 0) continue;
    const group = v.slice(0, end);
    let values = groups.get(group);
    if (!values) groups.set(group, (values = []));
    values.push(v);
  }
  groupsInFile.set(file, groups);
  return groups;
}

/**
 * A file of an index as a command holds it: a counted one parsed (a few hundred counts), one of
 * key lists as a ShardEdit over its bytes, whose lists are parsed as they are asked for and whose
 * commit copies the bytes of those nobody touched (a part of a big apply moves the buckets of
 * 5,000 pods and 25,000 Events: parsing and writing every key list of every file it touched cost
 * most of the commit at 5,000 nodes).
 */
type LoadedIndexFile = ShardEdit | CountFile;

/** The text an index file is written as. */
function indexText(file: LoadedIndexFile | IndexFile): string | Buffer[] {
  return file instanceof ShardEdit ? file.text() : JSON.stringify(file);
}

/** Index file `path` (file `index` of `files` of index `name`) read and checked; undefined when missing or not such a file. */
function readIndexFile(path: string, index: number, files: number, name: string): LoadedIndexFile | undefined {
  let bytes: Buffer | undefined;
  try {
    bytes = readFileText(path, true);
  } catch {
    return undefined;
  }
  if (!bytes) return undefined;
  if (!isCounted(name)) {
    const at = shardEntries(bytes, 0x5b);
    if (at) {
      for (const bucket of at.keys()) if (fileOfBucket(bucket, files, name) !== index) return undefined;
      // Its own copy of the bytes: the shared read buffer is read into again.
      return ShardEdit.ofBytes(Buffer.from(bytes), at, (text) => parseJson(path, text));
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isIndexFile(data, index, files, name)) return undefined;
  return isCounted(name) ? data as CountFile : ShardEdit.ofObjects(data);
}

/** Which shard of a sharded collection a key lives in. */
function shardOf(key: string, sharded: Pick<ShardedCollection, 'files' | 'hash'>): number {
  const dot = sharded.hash ? key.lastIndexOf('.') : -1;
  let end = dot < 0 ? key.length : dot;
  if ((sharded.hash === 'mixed' || sharded.hash === 'group') && end >= 6 && key.charCodeAt(end - 6) === 0x2d && isGenerated(key, end - 5, end)) end -= 6;
  const h = fnv1a(key, end);
  return (sharded.hash === 'mixed' ? mix32(h) : h) % sharded.files.length;
}

/** MurmurHash3's finaliser: every bit of the result depends on every bit of `h`. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The API server's generateName alphabet (no vowels, no 0, 1, 3), by character code. */
const GENERATED = new Uint8Array(128);
for (const c of 'bcdfghjklmnpqrstvwxz2456789') GENERATED[c.charCodeAt(0)] = 1;

// By character code: a key is hashed at every get and put, and taking each character out as a
// string of its own cost more than the hash.
function isGenerated(key: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (GENERATED[key.charCodeAt(i)] !== 1) return false;
  return true;
}

/** How collections sharded from now on are hashed. */
const HASH = 'mixed' as const;

interface KeyOrder {
  keys: string[];
  /** For a sharded collection, the shard index of each key. */
  shardOfKey?: Int32Array;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

function shardCountFor(count: number): number {
  let n = 1;
  while (n * OBJECTS_PER_SHARD < count && n < MAX_SHARDS) n *= 2;
  return n;
}

/**
 * A collection that outgrows its shards is given room for this many times its count. Re-sharding
 * rewrites every object of the collection, so a collection growing by a few thousand pods a commit
 * (a big apply, in parts) would otherwise be rewritten at every doubling: 150,000 Events went
 * through 512, 1,024 and 2,048 shards.
 */
const GROW_AHEAD = 4;

/** The shard count a collection of `count` objects held in `current` shards moves to (`current`: it stays). */
function shardCountAfter(count: number, current: number): number {
  const fit = shardCountFor(count);
  if (fit > current) return shardCountFor(count * GROW_AHEAD);
  // Shrinking leaves room to grow back twice over before the next re-shard.
  if (fit * 8 <= current) return shardCountFor(count * 2);
  return current;
}

/**
 * A view of the root plus lazily loaded shards. Used read-only by snapshots and, with the
 * dirty-tracking below, by transactions.
 */
class RootView implements Snapshot {
  protected shards = new Map<string, Array<ShardEdit | undefined>>();
  /**
   * Each listed collection's keys in byte order (with the shard of each): controllers list the
   * same big collection many times per command, and sorting 30,000 keys each time would cost
   * more than the rest of the listing. Dropped when a key comes or goes.
   */
  protected order = new Map<string, KeyOrder>();

  constructor(
    protected root: RootData,
    protected readonly objectsDir: string,
  ) {}

  get revision(): number {
    return this.root.revision;
  }

  get generation(): number {
    return this.root.generation;
  }

  /** Shard `index` of a sharded collection; `whole`: every object of it is wanted now (parsed in one go). */
  protected shard(collection: string, index: number, whole = false): ShardEdit {
    let loaded = this.shards.get(collection);
    if (!loaded) this.shards.set(collection, (loaded = []));
    const cached = loaded[index];
    if (cached) return cached;
    const read = this.readShard(collection, index, undefined, whole);
    this.hold(collection, index, read);
    return (loaded[index] = read);
  }

  /**
   * The shards read so far, oldest first, with the size of their files. A command that reads its
   * way through a big collection a key at a time (the resync of a controller over every key, see
   * controllers/loop.ts) would otherwise end up holding every shard it read, and every object it
   * parsed from them, until it ends: 150,000 pods are 800 MB of shards, several times that parsed.
   */
  private readonly held = new Map<string, number>();
  private heldBytes = 0;

  /**
   * Notes a shard just read (`<collection>\0<index>`: a shard the commit re-files goes with its old
   * layout, and nothing here keeps it); past SHARD_CACHE_BYTES, drops the oldest shards that may be
   * dropped (see mayDrop) until half of that is held: each is read again if asked for again.
   */
  private hold(collection: string, index: number, shard: ShardEdit): void {
    const id = `${collection}\u0000${index}`;
    const before = this.held.get(id);
    if (before !== undefined) {
      this.held.delete(id);
      this.heldBytes -= before;
    }
    if (this.heldBytes + shard.fileBytes > SHARD_CACHE_BYTES) {
      for (const [old, bytes] of this.held) {
        if (this.heldBytes <= SHARD_CACHE_BYTES / 2) break;
        const at = old.lastIndexOf('\u0000');
        const [c, i] = [old.slice(0, at), Number(old.slice(at + 1))];
        if (!this.mayDrop(c, i)) continue;
        const loaded = this.shards.get(c);
        if (loaded) loaded[i] = undefined;
        this.held.delete(old);
        this.heldBytes -= bytes;
      }
    }
    this.held.set(id, shard.fileBytes);
    this.heldBytes += shard.fileBytes;
  }

  /** Whether a shard in hand can be dropped and read again when asked for (a transaction's written ones cannot). */
  protected mayDrop(_collection: string, _index: number): boolean {
    return true;
  }

  /**
   * Reads and checks one shard file (not kept: see shard); `read`: the file's bytes, already read
   * (the shard's own: not a shared buffer). Its objects are parsed when asked for (shard-edit.ts),
   * or, `whole`, all at once now.
   */
  protected readShard(collection: string, index: number, read?: Buffer, whole = false): ShardEdit {
    const file = this.shardFile(collection, index);
    const bytes = read ?? (whole ? this.shardBytes(file, false) : this.shardBytes(file));
    // A shard that parses but is not the one the root names (another shard's keys) would be
    // read as part of the collection: it is corrupt instead.
    const layout = this.root.sharded[collection]!;
    const foreign = (keys: Iterable<string>): void => {
      for (const key of keys) if (shardOf(key, layout) !== index) throw corrupt(file, `it holds "${key}", which belongs to another shard`);
    };
    const at = whole ? undefined : shardEntries(bytes);
    if (at) {
      foreign(at.keys());
      return ShardEdit.ofBytes(bytes, at, (text) => parseJson(file, text));
    }
    // Wanted whole, or not a shard as this store writes one: parsed whole, which reports what is wrong.
    const data = parseJson(file, bytes.toString('utf8'));
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw corrupt(file, 'not a shard');
    foreign(Object.keys(data));
    const shard = ShardEdit.ofObjects(data as Record<string, unknown>);
    shard.fileBytes = bytes.length;
    return shard;
  }

  /**
   * Every key of a collection in byte order, without parsing or keeping any object: of a shard in
   * hand, its keys; of any other, those of its summary file where usable, else of its file's text
   * (in the shared buffer). What a resync lists before reading its keys one at a time.
   */
  keys(collection: string): string[] {
    const inline = this.root.inline[collection];
    if (inline) return Object.keys(inline).sort(byteOrder);
    const sharded = this.root.sharded[collection];
    if (!sharded) return [];
    const ordered = this.order.get(collection);
    if (ordered) return [...ordered.keys];
    const summarised = this.summariesUsable(collection, sharded.files);
    const keys = this.shardKeys(collection, summarised);
    // Summary files that do not hold their shards' keys are not used (the shards are read and checked).
    return summarised && keys.length !== sharded.count ? this.shardKeys(collection, false) : keys;
  }

  private shardKeys(collection: string, summarised: boolean): string[] {
    const sharded = this.root.sharded[collection]!;
    const loaded = this.shards.get(collection);
    const out: string[] = [];
    for (let i = 0; i < sharded.files.length; i++) {
      const inHand = loaded?.[i];
      if (inHand) {
        for (const k of inHand.keys()) out.push(k);
        continue;
      }
      const file = this.shardFile(collection, i);
      let at: Map<string, [number, number]> | undefined;
      if (summarised) {
        const bytes = readFileText(join(this.objectsDir, summaryFileName(sharded.files[i]!)), true);
        at = bytes && shardEntries(bytes);
      }
      if (!at) at = shardEntries(this.shardBytes(file, false));
      // Not a shard as this store writes one: read as a get would, which reports what is wrong.
      if (!at) {
        for (const k of this.shard(collection, i).keys()) out.push(k);
        continue;
      }
      for (const k of at.keys()) {
        if (shardOf(k, sharded) !== i) throw corrupt(file, `it holds "${k}", which belongs to another shard`);
        out.push(k);
      }
    }
    return out.sort(byteOrder);
  }

  /**
   * The [key, value] pairs of a collection in key byte order, as list gives them, but read a shard
   * at a time: each shard is read when its first key comes and dropped after its last, so a big
   * listing never holds the whole collection (the pods of one owner share a shard, and their keys
   * are neighbours), and each object is parsed from the shard's bytes as it comes (peek.ts
   * shardEntries), so nothing parsed outlives its turn (a shard of two owners far apart in key
   * order would otherwise stay parsed in between, and the garbage collector copy it). The keys
   * and their order come from the summary files; `want` (given the key and its summary) filters
   * before any shard is read, so a shard none of whose keys is wanted is never read. `omit`: a
   * field of metadata the caller has no use for (managedFields), which may then be left out
   * unparsed (or not: the caller drops it itself). `raw`: an object of a well-formed shard (in
   * UTF-8) is given as its bytes (a RawObject, valid until the next one is asked for). A shard's
   * buffer is read into again once its last key has gone. Undefined for
   * a sharded collection without usable summaries (and in a transaction, whose own writes are not
   * in them): the caller lists it.
   */
  scan(collection: string, opts: ScanOptions = {}): Iterable<[string, unknown]> | undefined {
    const { want, prefix = '', omit, raw, keys: given } = opts;
    const sharded = this.root.sharded[collection];
    if (!sharded) {
      const only = given && new Set(given);
      return this.list(collection).filter(([k, v]) => k.startsWith(prefix) && (only ? only.has(k) : !want || want(k, v)));
    }
    // Without `want`, only the keys of the summaries are read (not parsed).
    const listed = given
      ? given.filter((k) => k.startsWith(prefix))
      : want
        ? this.listSummaries(collection)?.filter(([k, v]) => k.startsWith(prefix) && want(k, v)).map(([k]) => k)
        : this.summaryKeys(collection)?.filter((k) => k.startsWith(prefix));
    if (!listed) return undefined;
    const keys = listed;
    const from = keys.map((k) => shardOf(k, sharded));
    const left = new Int32Array(sharded.files.length);
    from.forEach((i) => left[i]!++);
    const cached = this.shards.get(collection);
    // The shards are opened now, as the listing is asked for: a commit meanwhile may retire them,
    // and the files it retires go a minute later, which a long listing may outlast.
    const fds = new Map<number, number>();
    for (let i = 0; i < left.length; i++) {
      if (left[i] === 0 || cached?.[i]) continue;
      try {
        fds.set(i, openSync(this.shardFile(collection, i), 'r'));
      } catch {
        break; // Read by name when its turn comes (out of descriptors, or missing: reported then).
      }
    }
    return (function* (view: RootView) {
      type Open = { file: string } & ({ shard: ShardEdit } | { bytes: Buffer; own: Buffer; at: Map<string, [number, number]>; raw: boolean; parse: (r: RawObject) => unknown });
      const open = new Map<number, Open>();
      // The buffers of shards done with, read into again (fresh memory costs more than reading).
      const free: Buffer[] = [];
      for (let n = 0; n < keys.length; n++) {
        const i = from[n]!;
        const key = keys[n]!;
        let s = open.get(i);
        if (!s) {
          const file = view.shardFile(collection, i);
          if (cached?.[i]) s = { shard: cached[i], file };
          else {
            const pool = { buffer: Buffer.allocUnsafeSlow(0), free };
            const bytes = readFileText(file, true, pool, fds.get(i));
            fds.delete(i);
            if (bytes === undefined) throw new StoreError(`the cluster store is missing "${file}"`);
            const at = shardEntries(bytes);
            const ours = at && [...at.keys()].every((k) => shardOf(k, sharded) === i);
            // Anything else than a well-formed shard of this shard's keys is parsed whole, which reports what is wrong.
            if (ours) {
              const parse = (r: RawObject) => parseJson(file, omit ? withoutMetadataField(r.bytes, r.start, r.end, omit) : r.bytes.toString('utf8', r.start, r.end));
              s = { bytes, own: pool.buffer, at, raw: !!raw && isUtf8(bytes), parse, file };
            } else {
              s = { shard: view.readShard(collection, i, Buffer.from(bytes)), file };
              free.push(pool.buffer);
            }
          }
          open.set(i, s);
        }
        let value: unknown;
        if ('shard' in s) value = s.shard.get(key);
        else {
          const span = s.at.get(key);
          if (span) {
            const r = new RawObject(s.bytes, span[0], span[1], s.parse);
            value = s.raw ? r : r.parse();
          }
        }
        if (value === undefined) throw corrupt(s.file, `it does not hold "${key}", which its ${given ? 'index' : 'summary'} lists`);
        yield [key, value] as [string, unknown];
        if (--left[i]! === 0) {
          if (!('shard' in s)) free.push(s.own);
          open.delete(i);
        }
      }
    })(this);
  }

  /**
   * The keys listSummaries gives, taken from the summary files without parsing the summaries
   * (a listing that keeps every object needs only those); where a file is not as written, what
   * listSummaries decides.
   */
  private summaryKeys(collection: string): string[] | undefined {
    const sharded = this.root.sharded[collection];
    if (!sharded || !this.summariesUsable(collection, sharded.files)) return undefined;
    const keys: string[] = [];
    for (const file of sharded.files) {
      let bytes: Buffer | undefined;
      try {
        bytes = readFileText(join(this.objectsDir, summaryFileName(file)), true);
      } catch {
        return undefined;
      }
      const at = bytes && shardEntries(bytes);
      if (!at) return this.listSummaries(collection)?.map(([k]) => k);
      for (const k of at.keys()) keys.push(k);
    }
    if (keys.length !== sharded.count) return undefined;
    return keys.sort(byteOrder);
  }

  /** Index files loaded so far, per collection (null: unreadable). */
  protected indexFiles = new Map<string, Array<LoadedIndexFile | null | undefined>>();
  /** Collections whose persisted index is unusable in this view (a file missing or malformed, or stale). */
  protected unusableIndexes = new Set<string>();
  /** Collections whose persisted index was found to describe their shards (checked once). */
  private checkedIndexes = new Set<string>();

  /**
   * The persisted index record of `collection`, when it describes the collection's shards as this
   * view sees them and was filled by the registered index functions.
   */
  protected usableIndex(collection: string): IndexRecord | undefined {
    const rec = this.root.indexes?.[collection];
    if (!rec || this.unusableIndexes.has(collection)) return undefined;
    if (this.checkedIndexes.has(collection)) return rec;
    const sharded = this.root.sharded[collection];
    if (!sharded || rec.version !== indexFunctions()?.version || rec.of !== shardsFingerprint(sharded.files)) {
      this.unusableIndexes.add(collection);
      return undefined;
    }
    this.checkedIndexes.add(collection);
    return rec;
  }

  /** File `index` of index `name` (of key lists, or of counts for a counted index). */
  protected indexFile(collection: string, rec: IndexRecord, name: string, index: number): LoadedIndexFile | undefined {
    const id = `${collection}\u0000${name}`;
    let loaded = this.indexFiles.get(id);
    if (!loaded) this.indexFiles.set(id, (loaded = []));
    if (loaded[index] === undefined) loaded[index] = readIndexFile(join(this.objectsDir, rec.files[name]![index]!), index, rec.files[name]!.length, name) ?? null;
    const file = loaded[index];
    if (!file) this.unusableIndexes.add(collection);
    return file ?? undefined;
  }

  /** True when the store keeps index `name` of `collection` and it can be used. */
  hasIndex(collection: string, name: string): boolean {
    return this.usableIndex(collection)?.files[name] !== undefined;
  }

  /**
   * The keys filed under `value` in the persisted index `name` of `collection`, in byte order, as
   * of the last commit (a transaction's own writes are not in it); undefined when it cannot be used.
   * The array is the store's: do not change it.
   */
  indexedKeys(collection: string, name: string, value: string): readonly string[] | undefined {
    const rec = this.usableIndex(collection);
    const files = rec?.files[name];
    if (!files || isCounted(name)) return undefined;
    const file = this.indexFile(collection, rec!, name, fileOfBucket(value, files.length, name)) as ShardEdit | undefined;
    return file ? ((file.get(value) as string[] | undefined) ?? []) : undefined;
  }

  /**
   * Every value of group `group` (values `<group>\0...`) of the grouped index `name` of
   * `collection`, with its keys, as of the last commit, read from the group's one file; undefined
   * when unusable.
   */
  indexedGroup(collection: string, name: string, group: string): Array<[string, readonly string[]]> | undefined {
    const rec = this.usableIndex(collection);
    const files = rec?.files[name];
    if (!files || isCounted(name)) return undefined;
    const prefix = `${group}\u0000`;
    const file = this.indexFile(collection, rec!, name, fileOfBucket(prefix, files.length, name)) as ShardEdit | undefined;
    if (!file) return undefined;
    const out: Array<[string, readonly string[]]> = [];
    for (const v of groupsOf(file).get(group) ?? []) {
      const keys = file.get(v) as string[] | undefined;
      if (keys) out.push([v, keys]);
    }
    return out;
  }

  /**
   * The values of group `group` of the grouped index `name` of `collection`, as of the last commit,
   * without their key lists (each a bucket of at least one key); undefined when unusable. A reader
   * that needs only which values are taken (a node's pod addresses) parses no key list.
   */
  indexedGroupValues(collection: string, name: string, group: string): readonly string[] | undefined {
    const rec = this.usableIndex(collection);
    const files = rec?.files[name];
    if (!files || isCounted(name)) return undefined;
    const file = this.indexFile(collection, rec!, name, fileOfBucket(`${group}\u0000`, files.length, name)) as ShardEdit | undefined;
    return file ? (groupsOf(file).get(group) ?? []) : undefined;
  }

  /**
   * Every value of the counted index `name` of `collection` with its count, as of the last commit,
   * in a new map; undefined when unusable (a value in two files among them: see isIndexFile).
   */
  indexedCounts(collection: string, name: string): Map<string, number> | undefined {
    const rec = this.usableIndex(collection);
    const files = rec?.files[name];
    if (!files || !isCounted(name)) return undefined;
    const out = new Map<string, number>();
    for (let i = 0; i < files.length; i++) {
      const file = this.indexFile(collection, rec!, name, i) as CountFile | undefined;
      if (!file) return undefined;
      const before = out.size;
      let n = 0;
      for (const v in file) {
        out.set(v, file[v]!);
        n++;
      }
      if (out.size !== before + n) {
        this.unusableIndexes.add(collection);
        return undefined;
      }
    }
    return out;
  }

  /**
   * Every [key, summary] of a sharded collection, keys in byte order, read from the summary files
   * (see summaries.ts); undefined when the collection has none usable, and the caller lists it.
   */
  listSummaries(collection: string): Array<[string, unknown]> | undefined {
    const sharded = this.root.sharded[collection];
    if (!sharded || !this.summariesUsable(collection, sharded.files)) return undefined;
    const parts: Array<Record<string, unknown>> = [];
    let count = 0;
    for (const file of sharded.files) {
      const data = this.summaryFile(file);
      if (!data) return undefined;
      parts.push(data);
      for (const _ in data) count++;
    }
    // A summary file that parses but does not hold its shard's keys is not used (the shards are read and checked).
    if (count !== sharded.count) return undefined;
    const out: Array<[string, unknown]> = [];
    for (const part of parts) for (const key of Object.keys(part)) out.push([key, part[key]]);
    return out.sort((a, b) => byteOrder(a[0], b[0]));
  }

  /** The summary file of shard file `shardFile`, read; undefined when missing or not a map. */
  protected summaryFile(shardFile: string): Record<string, unknown> | undefined {
    let data: unknown;
    try {
      data = readJson(join(this.objectsDir, summaryFileName(shardFile)));
    } catch {
      return undefined;
    }
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  }

  /** The collection's summaries were made by this build's function and describe these shard files. */
  protected summariesUsable(collection: string, files: readonly string[]): boolean {
    const rec = this.root.summaries?.[collection];
    const registered = summaryFunctions();
    return rec !== undefined && registered?.fns[collection] !== undefined && rec.version === registered.version && rec.of === shardsFingerprint(files);
  }

  get(collection: string, key: string): unknown {
    const inline = this.root.inline[collection];
    if (inline) return inline[key];
    const sharded = this.root.sharded[collection];
    if (!sharded) return undefined;
    const index = shardOf(key, sharded);
    if (!this.peeks || this.shards.get(collection)?.[index]) return this.shard(collection, index).get(key);
    // A read of one object takes it out of its shard's text where it can (peek.ts), not parsing the rest.
    const id = `${collection}\u0000${key}`;
    if (this.peeked.has(id)) return this.peeked.get(id);
    const file = this.shardFile(collection, index);
    const found = peekFile(file, key);
    if (found) {
      // The same object each time, as from a loaded shard.
      this.peeked.set(id, found);
      return found;
    }
    return this.shard(collection, index).get(key);
  }

  /** Whether get may take one object out of a shard's text (a read-only view: a transaction keeps whole shards, which it writes). */
  protected peeks = true;
  private readonly peeked = new Map<string, unknown>();

  protected shardFile(collection: string, index: number): string {
    return join(this.objectsDir, this.root.sharded[collection]!.files[index]!);
  }

  /** A shard file's bytes, in a buffer of their own (`own` false: in the shared one, valid until the next read). */
  private shardBytes(file: string, own = true): Buffer {
    // Its own: read straight into a buffer of its size (not into the shared one and then copied:
    // a megabyte's pages touched twice).
    const bytes = readFileText(file, true, own ? { buffer: NO_BYTES } : undefined);
    if (bytes === undefined) throw new StoreError(`the cluster store is missing "${file}"`);
    return bytes;
  }

  protected entries(collection: string): Array<[string, unknown]> {
    const inline = this.root.inline[collection];
    if (inline) return Object.entries(inline);
    const sharded = this.root.sharded[collection];
    if (!sharded) return [];
    const out: Array<[string, unknown]> = [];
    for (let i = 0; i < sharded.files.length; i++) {
      for (const e of Object.entries(this.shard(collection, i, true).all())) out.push(e);
    }
    return out;
  }

  list(collection: string): Array<[string, unknown]> {
    const inline = this.root.inline[collection];
    const sharded = this.root.sharded[collection];
    if (!inline && !sharded) return [];
    let order = this.order.get(collection);
    if (!order) this.order.set(collection, (order = inline ? { keys: Object.keys(inline).sort(byteOrder) } : this.shardedOrder(collection)));
    const { keys, shardOfKey } = order;
    const out = new Array<[string, unknown]>(keys.length);
    if (inline) {
      for (let i = 0; i < keys.length; i++) out[i] = [keys[i]!, inline[keys[i]!]];
    } else {
      const shards = sharded!.files.map((_, i) => this.shard(collection, i, true).all());
      for (let i = 0; i < keys.length; i++) out[i] = [keys[i]!, shards[shardOfKey![i]!]![keys[i]!]];
    }
    return out;
  }

  /** The keys in byte order (see keys: no shard is parsed or kept for them), with the shard of each. */
  private shardedOrder(collection: string): KeyOrder {
    const sharded = this.root.sharded[collection]!;
    const keys = this.keys(collection);
    return { keys, shardOfKey: Int32Array.from(keys, (k) => shardOf(k, sharded)) };
  }

  collections(): string[] {
    return [
      ...Object.keys(this.root.inline).filter((c) => !isEmpty(this.root.inline[c]!)),
      ...Object.keys(this.root.sharded).filter((c) => this.root.sharded[c]!.count > 0),
    ];
  }

  getMeta(key: string): unknown {
    return Object.hasOwn(this.root.meta, key) ? this.root.meta[key] : undefined;
  }
}

class RootTransaction extends RootView implements Transaction {
  protected override peeks = false;
  /** Wall-clock time for retired files (injected by tests). */
  nowMs: () => number = Date.now;
  dirty = false;
  writes = 0;
  /** Shards changed by this transaction, per sharded collection. */
  private readonly dirtyShards = new Map<string, Set<number>>();
  private readonly written = new Map<string, number>();
  private readonly metaWritten = new Map<string, number>();
  /** Each key put or deleted, with its state before this transaction (for the journal). */
  readonly touched = new Map<string, Map<string, Touched>>();

  private touch(collection: string, key: string): void {
    let keys = this.touched.get(collection);
    if (!keys) this.touched.set(collection, (keys = new Map()));
    if (keys.has(key)) return;
    const before = this.get(collection, key);
    keys.set(key, { existed: before !== undefined, before });
  }

  /** The file each shard written by this commit replaced (`<collection>\0<index>`), whose summaries it starts from. */
  private readonly replaced = new Map<string, string>();
  /** Collections re-sharded by this transaction's commit. */
  private readonly resharded = new Set<string>();
  /**
   * The keys this transaction touched, with their objects as the re-filing of their collection met
   * them in hand (per collection): the commit's indexes and journal read them after it, and parsed
   * each again from the new files (a big apply's part: 5,000 pods and 20,000 Events, 2 of the 3 s
   * of the commit that re-filed them).
   */
  private refiledInHand: Map<string, Map<string, unknown>> | undefined;

  override get(collection: string, key: string): unknown {
    const kept = this.refiledInHand?.get(collection);
    if (kept) {
      const obj = kept.get(key);
      if (obj !== undefined) return obj === NOT_IN_HAND ? super.get(collection, key) : obj;
      // A key it touched that the re-filing did not meet is gone.
      if (this.touched.get(collection)?.has(key)) return undefined;
    }
    return super.get(collection, key);
  }

  /** Indexes asked to be kept (see keepIndex), per collection. */
  private readonly keptIndexes = new Map<string, Set<string>>();

  /**
   * Asks the commit to persist index `name` of `collection` (a sharded one; ignored otherwise),
   * filled by the registered function of that name. Called by a reader that had to build it from
   * a full scan, so that the next command need not.
   */
  keepIndex(collection: string, name: string): void {
    let names = this.keptIndexes.get(collection);
    if (!names) this.keptIndexes.set(collection, (names = new Set()));
    names.add(name);
  }

  /** A transaction's own writes are not in the summary files. */
  override listSummaries(): undefined {
    return undefined;
  }

  /** Nor in the summaries a scan takes its keys from. */
  override scan(): undefined {
    return undefined;
  }

  /** Every put and delete of this transaction, in order (see changesSince); and the same per collection. */
  private readonly changeLog: Change[] = [];
  private readonly collectionLogs = new Map<string, Change[]>();

  changesSince(writes: number): Change[] {
    return after(this.changeLog, writes);
  }

  changesOf(collection: string, writes: number): Change[] {
    const log = this.collectionLogs.get(collection);
    return log ? after(log, writes) : [];
  }

  private logChange(change: Change): void {
    this.changeLog.push(change);
    let log = this.collectionLogs.get(change.collection);
    if (!log) this.collectionLogs.set(change.collection, (log = []));
    log.push(change);
  }

  lastWrite(collection: string): number {
    return this.written.get(collection) ?? 0;
  }

  lastMetaWrite(key: string): number {
    return this.metaWritten.get(key) ?? 0;
  }

  put(collection: string, key: string, value: unknown): void {
    this.touch(collection, key);
    this.dirty = true;
    this.written.set(collection, ++this.writes);
    const sharded = this.root.sharded[collection];
    if (!sharded) {
      const inline = (this.root.inline[collection] ??= {});
      this.logChange({ at: this.writes, collection, key, old: inline[key] });
      if (!(key in inline)) this.order.delete(collection);
      inline[key] = value;
      return;
    }
    const i = shardOf(key, sharded);
    const s = this.shard(collection, i);
    this.logChange({ at: this.writes, collection, key, old: s.get(key) });
    if (!s.has(key)) {
      sharded.count++;
      this.order.delete(collection);
    }
    s.set(key, value);
    this.markDirty(collection, i);
  }

  delete(collection: string, key: string): boolean {
    this.touch(collection, key);
    const inline = this.root.inline[collection];
    if (inline) {
      if (!(key in inline)) return false;
      const old = inline[key];
      delete inline[key];
      this.touched.get(collection)!.get(key)!.last = old;
      this.order.delete(collection);
      // An emptied collection is dropped at commit: for...in over an object that has had many keys
      // deleted costs the whole object, so checking here made a transaction's deletions quadratic.
      this.dirty = true;
      this.written.set(collection, ++this.writes);
      this.logChange({ at: this.writes, collection, key, old });
      return true;
    }
    const sharded = this.root.sharded[collection];
    if (!sharded) return false;
    const i = shardOf(key, sharded);
    const s = this.shard(collection, i);
    if (!s.has(key)) return false;
    const old = s.get(key);
    s.delete(key);
    this.touched.get(collection)!.get(key)!.last = old;
    sharded.count--;
    this.order.delete(collection);
    this.markDirty(collection, i);
    this.dirty = true;
    this.written.set(collection, ++this.writes);
    this.logChange({ at: this.writes, collection, key, old });
    return true;
  }

  setMeta(key: string, value: unknown): void {
    if (value === undefined) delete this.root.meta[key];
    // Defined, not assigned: a key such as `__proto__` is a key like any other.
    else Object.defineProperty(this.root.meta, key, { value, writable: true, enumerable: true, configurable: true });
    this.dirty = true;
    this.metaWritten.set(key, ++this.writes);
  }

  nextRevision(): number {
    this.dirty = true;
    return ++this.root.revision;
  }

  protected override mayDrop(collection: string, index: number): boolean {
    return !this.dirtyShards.get(collection)?.has(index);
  }

  private markDirty(collection: string, index: number): void {
    let set = this.dirtyShards.get(collection);
    if (!set) this.dirtyShards.set(collection, (set = new Set()));
    set.add(index);
  }

  /** Writes the shard files this transaction changed, re-balancing collections that grew or shrank. Returns the new root. */
  writeShards(): RootData {
    this.order.clear();
    // Which persisted indexes describe the shards this transaction started from (before they change).
    const usable = new Map<string, IndexRecord>();
    for (const collection of Object.keys(this.root.indexes ?? {})) {
      const rec = this.usableIndex(collection);
      if (rec) usable.set(collection, rec);
    }
    // And which collections' summaries do (those of the others are all written again).
    const summarised = new Set(Object.keys(this.root.sharded).filter((c) => this.summariesUsable(c, this.root.sharded[c]!.files)));
    /** The shards written, per collection. */
    const written = new Map<string, Set<number>>();
    const gen = ++this.root.generation;
    for (const collection of Object.keys(this.root.inline)) {
      const objects = this.root.inline[collection]!;
      const count = Object.keys(objects).length;
      if (count === 0) delete this.root.inline[collection];
      else if (count > INLINE_MAX || (count > 1 && this.written.has(collection) && JSON.stringify(objects).length > INLINE_BYTES)) {
        this.reshard(collection, Object.entries(objects), count, shardCountAfter(count, 0), gen);
        summarised.delete(collection);
        written.set(collection, new Set());
      }
    }
    for (const [collection, indexes] of this.dirtyShards) {
      const sharded = this.root.sharded[collection];
      if (!sharded) continue;
      const back = sharded.count <= INLINE_MAX / 2 ? Object.fromEntries(this.entries(collection)) : undefined;
      if (back && (sharded.count <= 1 || JSON.stringify(back).length <= INLINE_BYTES / 2)) {
        this.root.inline[collection] = back;
        this.retire(sharded.files);
        delete this.root.sharded[collection];
        if (sharded.count === 0) delete this.root.inline[collection];
        continue;
      }
      const n = shardCountAfter(sharded.count, sharded.files.length);
      if (n !== sharded.files.length || sharded.hash !== HASH) {
        if (sharded.hash === HASH && Math.max(n, sharded.files.length) % Math.min(n, sharded.files.length) === 0) {
          this.refile(collection, n, gen, summarised.has(collection));
          if (summaryFunctions()?.fns[collection]) summarised.add(collection);
        } else {
          this.reshard(collection, this.entries(collection), sharded.count, n, gen);
          summarised.delete(collection);
        }
        written.set(collection, new Set());
        continue;
      }
      written.set(collection, indexes);
      for (const i of indexes) {
        const name = shardFileName(collection, i, gen);
        writeFileAtomic(join(this.objectsDir, name), this.shard(collection, i).text());
        this.replaced.set(`${collection}\u0000${i}`, sharded.files[i]!);
        this.retire([sharded.files[i]!]);
        sharded.files[i] = name;
      }
    }
    // Summaries another build made (or none made) are made anew by the first commit after it, whether
    // or not it writes the collection: until then every listing of it parses all its shards.
    const registered = summaryFunctions();
    for (const collection of Object.keys(this.root.sharded)) {
      if (!written.has(collection) && registered?.fns[collection] && !summarised.has(collection)) written.set(collection, new Set());
    }
    this.writeIndexes(usable, gen);
    this.writeSummaries(written, summarised);
    return this.root;
  }

  /**
   * Writes the summaries of the shards written (of every shard, for a collection whose summaries
   * were not usable before this commit), and drops the record of collections no longer summarised.
   */
  private writeSummaries(written: Map<string, Set<number>>, summarised: Set<string>): void {
    const registered = summaryFunctions();
    for (const [collection, shards] of written) {
      const sharded = this.root.sharded[collection];
      if (!sharded) continue;
      const fn = registered?.fns[collection];
      if (!fn) {
        delete this.root.summaries?.[collection];
        continue;
      }
      const which = summarised.has(collection) ? shards : sharded.files.keys();
      for (const i of which) {
        const shard = this.shardUncached(collection, i);
        const summaries = (summarised.has(collection) && this.patchedSummaries(collection, i, shard, fn)) || summarise(shard.all(), fn);
        const text = JSON.stringify(summaries);
        writeFileAtomic(join(this.objectsDir, summaryFileName(sharded.files[i]!)), text, false);
      }
      (this.root.summaries ??= {})[collection] = { version: registered!.version, of: shardsFingerprint(sharded.files) };
    }
    for (const collection of Object.keys(this.root.summaries ?? {})) if (!this.root.sharded[collection]) delete this.root.summaries![collection];
    if (this.root.summaries && isEmpty(this.root.summaries)) delete this.root.summaries;
  }

  /**
   * The summaries of a shard this commit rewrote, made from those of the file it replaced: the
   * objects parsed (or put) summarised again, the others' summaries copied, so that the objects
   * nobody read are not parsed to be summarised. Undefined when that file's summaries cannot be
   * read or lack a key, and the caller summarises every object.
   */
  private patchedSummaries(collection: string, index: number, shard: ShardEdit, fn: SummaryFn): Record<string, unknown> | undefined {
    const old = this.replaced.get(`${collection}\u0000${index}`);
    const before = old ? this.summaryFile(old) : undefined;
    if (!before) return undefined;
    const out: Record<string, unknown> = Object.create(null);
    for (const key of shard.keys()) {
      if (shard.inHand(key)) {
        const obj = shard.get(key);
        if (obj !== undefined) out[key] = fn(obj);
      } else if (Object.hasOwn(before, key)) out[key] = before[key];
      else return undefined;
    }
    return out;
  }

  /**
   * Brings the persisted indexes up to this commit: a usable one gets the buckets of the keys this
   * transaction touched moved (from each key's state before it to its state now); one asked for
   * that is missing or unusable is filled from the whole collection (which the reader that asked
   * has just scanned); an unusable one nobody asked for is dropped.
   */
  private writeIndexes(usable: Map<string, IndexRecord>, gen: number): void {
    const registered = indexFunctions();
    const collections = new Set([...Object.keys(this.root.indexes ?? {}), ...this.keptIndexes.keys()]);
    for (const collection of collections) {
      const sharded = this.root.sharded[collection];
      const old = this.root.indexes?.[collection];
      const rec = usable.get(collection);
      const wanted = [...(this.keptIndexes.get(collection) ?? [])];
      if (sharded && registered && rec && wanted.every((n) => rec.files[n])) {
        const touched = this.touched.get(collection);
        // A collection re-sharded by this commit gets its indexes re-bucketed too (see refitIndex).
        if (this.bringIndex(collection, rec, touched, registered.fns, this.resharded.has(collection) ? sharded.files.length : undefined, gen)) {
          rec.of = shardsFingerprint(sharded.files);
          continue;
        }
      }
      if (old) {
        this.retire(Object.values(old.files).flat());
        delete this.root.indexes![collection];
      }
      if (!sharded || !registered || wanted.length === 0) continue;
      const names = [...new Set([...Object.keys(old?.files ?? {}), ...wanted])].filter((n) => registered.fns[n]).sort();
      const builders = names.map((name) => indexBuilder(registered.fns[name]!, indexFileCount(sharded.files.length, name), name));
      for (const [key, obj] of this.entriesUncached(collection)) for (const b of builders) b.add(key, obj);
      const files: Record<string, string[]> = {};
      for (const [n, name] of names.entries()) {
        files[name] = this.writeIndexFiles(collection, name, builders[n]!.files(), gen);
      }
      (this.root.indexes ??= {})[collection] = { version: registered.version, of: shardsFingerprint(sharded.files), files };
    }
    if (this.root.indexes && isEmpty(this.root.indexes)) delete this.root.indexes;
  }

  /**
   * A shard as `shard` gives it, but one not in memory is read without being kept: a commit that
   * goes over every shard (summaries or indexes made anew, after an upgrade) holds one at a time.
   */
  private shardUncached(collection: string, i: number): ShardEdit {
    return this.shards.get(collection)?.[i] ?? this.readShard(collection, i, undefined, true);
  }

  /** Every entry of a collection, its shards read one at a time (see shardUncached). */
  private *entriesUncached(collection: string): Iterable<[string, unknown]> {
    const sharded = this.root.sharded[collection];
    if (!sharded) {
      yield* this.entries(collection);
      return;
    }
    for (let i = 0; i < sharded.files.length; i++) yield* Object.entries(this.shardUncached(collection, i).all());
  }

  /**
   * Brings a usable index up to this commit: in memory first, re-bucketed to the file count a
   * re-sharded collection's new shard count calls for (`shards`), then the touched keys' buckets
   * moved; then the files that changed are written, each under this commit's name, and the ones
   * they replace retired. False when an index file cannot be read, and then nothing is written or
   * retired (the caller fills the index anew). Writing only at the end is what keeps a file this
   * commit names off the retired list: a re-bucketing after files were written under this
   * generation's names retired them, and the grace period later removed files the root named.
   */
  private bringIndex(collection: string, rec: IndexRecord, touched: Map<string, Touched> | undefined, fns: Record<string, IndexFn>, shards: number | undefined, gen: number): boolean {
    const refitted = shards === undefined ? new Map<string, LoadedIndexFile[]>() : this.refitIndex(collection, rec, shards);
    const counts = new Map(Object.keys(rec.files).map((name) => [name, refitted?.get(name)?.length ?? rec.files[name]!.length]));
    const dirty = refitted && this.updateIndex(collection, rec, touched, fns, counts, refitted);
    if (!refitted || !dirty) {
      // The files re-bucketed in memory describe nothing on disk.
      for (const name of Object.keys(rec.files)) this.indexFiles.delete(`${collection}\u0000${name}`);
      return false;
    }
    for (const [name, files] of refitted) {
      this.retire(rec.files[name]!);
      rec.files[name] = this.writeIndexFiles(collection, name, files, gen);
    }
    for (const [name, changed] of dirty) {
      if (refitted.has(name)) continue;
      const files = rec.files[name]!;
      for (const i of changed) {
        const file = indexFileName(collection, name, i, gen);
        writeFileAtomic(join(this.objectsDir, file), indexText(this.indexFile(collection, rec, name, i)!), false);
        this.retire([files[i]!]);
        files[i] = file;
      }
    }
    return true;
  }

  /**
   * Moves the touched keys' buckets in the index files in memory (`counts`: each index's file count,
   * `refitted`: the files of those re-bucketed); the files changed, per index, or undefined when an
   * index file cannot be read.
   */
  private updateIndex(
    collection: string, rec: IndexRecord, touched: Map<string, Touched> | undefined, fns: Record<string, IndexFn>,
    counts: Map<string, number>, refitted: Map<string, LoadedIndexFile[]>,
  ): Map<string, Set<number>> | undefined {
    const changed = new Map<string, Set<number>>();
    if (!touched?.size) return changed;
    for (const name of Object.keys(rec.files)) {
      const fn = fns[name];
      if (!fn) return undefined;
      const count = counts.get(name)!;
      const dirty = new Set<number>();
      changed.set(name, dirty);
      const counted = isCounted(name);
      const inMemory = refitted.get(name);
      const fileFor = (value: string): LoadedIndexFile | undefined => {
        const i = fileOfBucket(value, count, name);
        dirty.add(i);
        return inMemory ? inMemory[i] : this.indexFile(collection, rec, name, i);
      };
      for (const [key, t] of touched) {
        const after = this.get(collection, key);
        if (after === t.before) continue;
        const was = valuesOf(fn, t.before);
        const now = valuesOf(fn, after);
        for (const v of was) {
          if (now.has(v)) continue;
          const file = fileFor(v);
          if (!file) return undefined;
          if (counted) {
            // A count that is not there: the file does not describe the collection.
            if (!((file as CountFile)[v]! > 0)) return undefined;
            addCount(file as CountFile, v, -1);
          }
          else removeSorted(file as ShardEdit, v, key);
        }
        for (const v of now) {
          if (was.has(v)) continue;
          const file = fileFor(v);
          if (!file) return undefined;
          if (counted) addCount(file as CountFile, v, 1);
          else addSorted(file as ShardEdit, v, key);
        }
      }
    }
    return changed;
  }

  /**
   * The files of each index of a re-sharded collection whose file count no longer fits its new shard
   * count, re-bucketed in memory (an index made when the collection had 32 shards would otherwise
   * keep 8 files for 32,000 pods, 300 KB each, read and rewritten by every write of a pod). An index
   * maps values to keys, whatever shard a key is in, so its buckets are only moved between files;
   * undefined when a file cannot be read.
   */
  private refitIndex(collection: string, rec: IndexRecord, shards: number): Map<string, LoadedIndexFile[]> | undefined {
    const out = new Map<string, LoadedIndexFile[]>();
    for (const name of Object.keys(rec.files)) {
      const count = indexFileCount(shards, name);
      const files = rec.files[name]!;
      if (files.length === count) continue;
      const refitted: LoadedIndexFile[] = Array.from({ length: count }, () => (isCounted(name) ? Object.create(null) as CountFile : ShardEdit.ofObjects({})));
      for (let i = 0; i < files.length; i++) {
        const file = this.indexFile(collection, rec, name, i);
        if (!file) return undefined;
        if (file instanceof ShardEdit) for (const bucket of file.keys()) (refitted[fileOfBucket(bucket, count, name)] as ShardEdit).set(bucket, file.get(bucket));
        else {
          for (const bucket of Object.keys(file)) {
            const to = refitted[fileOfBucket(bucket, count, name)] as CountFile;
            // A value in two files (see isIndexFile): the index does not describe the collection.
            if (to[bucket] !== undefined) return undefined;
            to[bucket] = file[bucket]!;
          }
        }
      }
      out.set(name, refitted);
    }
    // Read through the cache from now on (as written at the end of the commit).
    for (const [name, files] of out) this.indexFiles.set(`${collection}\u0000${name}`, files);
    return out;
  }

  /** Writes the files of index `name` anew (derived data: not waited for by the root) and returns their names. */
  private writeIndexFiles(collection: string, name: string, data: Array<LoadedIndexFile | IndexFile>, gen: number): string[] {
    return data.map((file, i) => {
      const fileName = indexFileName(collection, name, i, gen);
      writeFileAtomic(join(this.objectsDir, fileName), indexText(file), false);
      return fileName;
    });
  }

  private retire(files: string[]): void {
    const at = this.nowMs();
    for (const f of files) (this.root.retired ??= []).push([f, at]);
  }

  /**
   * Moves a collection to `n` shards, a multiple or a divisor of its count, holding only a few
   * shards at a time: with the hash modulo a power of two, the objects of old shards r, r+g,
   * r+2g, ... (g the smaller count) all go to new shards r, r+g, ..., so each such group is read,
   * re-filed, written with its summaries and dropped before the next. A collection of 150,000
   * pods is never all in memory, and an object nobody asked for is moved as its bytes, never
   * parsed; its summary is copied from the old shard's when those were usable (`summarised`).
   * Indexes do not depend on the shards: writeIndexes re-buckets them to the new count.
   */
  private refile(collection: string, n: number, gen: number, summarised: boolean): void {
    const sharded = this.root.sharded[collection]!;
    const old = sharded.files.length;
    const g = Math.min(old, n);
    const layout = { files: new Array<string>(n), hash: HASH };
    const loaded = this.shards.get(collection) ?? [];
    const summary = summaryFunctions()?.fns[collection];
    ensurePrivateDir(this.objectsDir);
    const touched = this.touched.get(collection);
    const inHand = new Map<string, unknown>();
    for (let r = 0; r < g; r++) {
      const parts = new Map<number, { chunks: Buffer[]; summaries: Record<string, unknown> }>();
      for (let j = r; j < n; j += g) parts.set(j, { chunks: [], summaries: Object.create(null) as Record<string, unknown> });
      for (let i = r; i < old; i += g) {
        const shard = loaded[i] ?? this.readShard(collection, i);
        const before = summary && summarised ? this.summaryFile(sharded.files[i]!) : undefined;
        for (const [k, text] of shard.texts()) {
          const part = parts.get(shardOf(k, layout))!;
          part.chunks.push(Buffer.from(`${part.chunks.length ? ',' : '{'}${JSON.stringify(k)}:`), text);
          if (touched?.has(k)) inHand.set(k, shard.inHand(k) ? shard.get(k) : NOT_IN_HAND);
          if (!summary) continue;
          part.summaries[k] = !shard.inHand(k) && before && Object.hasOwn(before, k) ? before[k] : summary(shard.get(k));
        }
        loaded[i] = undefined;
      }
      for (const [j, part] of parts) {
        const name = shardFileName(collection, j, gen);
        part.chunks.push(part.chunks.length ? CLOSE_BRACE : EMPTY_SHARD);
        writeFileAtomic(join(this.objectsDir, name), [Buffer.concat(part.chunks)]);
        if (summary) writeFileAtomic(join(this.objectsDir, summaryFileName(name)), JSON.stringify(part.summaries), false);
        layout.files[j] = name;
      }
    }
    this.retire(sharded.files);
    this.root.sharded[collection] = { count: sharded.count, files: layout.files, hash: HASH };
    // Read again from the new files as needed; what the commit's indexes and journal read of the keys
    // it touched is kept (see refiledInHand).
    this.shards.set(collection, []);
    if (touched) (this.refiledInHand ??= new Map()).set(collection, inHand);
    this.resharded.add(collection);
  }

  private reshard(collection: string, entries: Array<[string, unknown]>, count: number, n: number, gen: number): void {
    const shards: Array<Record<string, unknown>> = Array.from({ length: n }, () => ({}));
    const layout = { files: shards.map(() => ''), hash: HASH };
    for (const [k, v] of entries) shards[shardOf(k, layout)]![k] = v;
    ensurePrivateDir(this.objectsDir);
    const files = shards.map((s, i) => {
      const name = shardFileName(collection, i, gen);
      writeFileAtomic(join(this.objectsDir, name), JSON.stringify(s));
      return name;
    });
    delete this.root.inline[collection];
    this.retire(this.root.sharded[collection]?.files ?? []);
    this.root.sharded[collection] = { count, files, hash: HASH };
    this.shards.set(collection, shards.map((objects) => ShardEdit.ofObjects(objects)));
    this.resharded.add(collection);
    // Every object is in hand: the indexes kept from the start are filled now (or kept up, if they are).
    for (const name of keptFromStart(collection)) this.keepIndex(collection, name);
  }
}

/** A touched key the re-filing met out of hand (read from the new files as any other). */
const NOT_IN_HAND = Symbol('not in hand');

const CLOSE_BRACE = Buffer.from('}');
const EMPTY_SHARD = Buffer.from('{}');

/** The changes of `log` (in write order) made after `writes` had the given value. */
function after(log: Change[], writes: number): Change[] {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log[mid]!.at <= writes) lo = mid + 1;
    else hi = mid;
  }
  return log.slice(lo);
}

function shardFileName(collection: string, index: number, gen: number): string {
  return `${collection.replace(/[^A-Za-z0-9.-]/g, '_')}.${index}.${gen}.json`;
}

/** A collection's name always has a '/' (made '_'), so `index.<collection>.<name>` names no shard. */
function indexFileName(collection: string, name: string, index: number, gen: number): string {
  return `index.${shardFileName(`${collection}.${name}`, index, gen)}`;
}

/** The cluster in `dir`: `store.json` (kept by lowdb), `objects/` shards, `store.lock`. */
export class FileStore implements Store {
  private readonly file: string;
  private readonly lockFile: string;
  private readonly objectsDir: string;
  private readonly db: LowSync<RootData>;
  private readonly rootFile: RootFile;

  /** `now`: the wall clock that times the removal of replaced shard files (tests move it). */
  constructor(dir: string, private readonly now: () => number = Date.now) {
    ensurePrivateDir(dir);
    this.file = join(dir, 'store.json');
    this.lockFile = join(dir, 'store.lock');
    this.objectsDir = join(dir, 'objects');
    this.rootFile = new RootFile(this.file);
    this.db = new LowSync<RootData>(this.rootFile, emptyRoot());
  }

  get location(): string {
    return this.file;
  }

  read<T>(fn: (snap: Snapshot) => T): T {
    // A reader has no use for the list of retired files (update reads the root whole, under the lock).
    const data = this.rootFile.readForReader();
    if (data) this.db.data = data;
    return fn(new RootView(this.db.data, this.objectsDir));
  }

  update<T>(fn: (tx: Transaction) => T): T {
    let crashed = false;
    const release = acquireLock(this.lockFile, undefined, () => (crashed = true));
    try {
      if (crashed) this.sweepTemps();
      this.db.read();
      // lowdb hands back the same default object while the file does not exist yet; never mutate it.
      if (this.db.data.generation === 0 && this.db.data.revision === 0) this.db.data = emptyRoot();
      const tx = new RootTransaction(this.db.data, this.objectsDir);
      tx.nowMs = this.now;
      const result = fn(tx);
      if (tx.dirty) {
        const root = tx.writeShards();
        const expired = expireRetired(root, this.now() - SHARD_GRACE_MS);
        this.db.data = root;
        this.db.write();
        appendCommit(dirname(this.file), root.generation, root.revision, changesOf(tx.touched, (c, k) => tx.get(c, k)));
        const remove = expired.length > REMOVE_AT_ONCE ? removeInBackground : removeQuietly;
        for (const f of expired) {
          remove(join(this.objectsDir, f));
          // An index file has no summary (most of what a big apply retires: one unlink, not two).
          if (!f.startsWith('index.')) remove(join(this.objectsDir, summaryFileName(f)));
        }
        if (root.generation % SWEEP_EVERY === 0) {
          this.sweepTemps();
          if (existsSync(this.objectsDir)) this.sweep();
        } else this.sweepTemps(false);
      }
      return result;
    } finally {
      dropEmptySource();
      release();
    }
  }

  /**
   * Removes the temp files of writers that died (called under the lock): beside store.json at
   * every commit (a handful of names), under objects/ too when asked.
   */
  private sweepTemps(objects = true): void {
    const dir = dirname(this.file);
    const lockName = basename(this.lockFile);
    for (const name of listQuietly(dir)) {
      if ((name.startsWith('store.json.') || name.startsWith(`${lockName}.`)) && isLeftoverTemp(name, lockName)) removeQuietly(join(dir, name));
    }
    if (objects) for (const name of listQuietly(this.objectsDir)) if (isLeftoverTemp(name, lockName)) removeQuietly(join(this.objectsDir, name));
  }

  /**
   * Removes files under objects/ that no root names or retired (temp files of a crashed writer,
   * shards of a commit that never happened), once they are older than a reader could need.
   */
  private sweep(): void {
    const root = this.db.data;
    const known = new Set([
      ...Object.values(root.sharded).flatMap((s) => s.files),
      ...Object.values(root.indexes ?? {}).flatMap((s) => Object.values(s.files).flat()),
      ...(root.retired ?? []).map(([f]) => f),
    ]);
    let names: string[];
    try {
      names = readdirSync(this.objectsDir);
    } catch {
      return;
    }
    const cutoff = this.now() - SHARD_GRACE_MS;
    for (const name of names) {
      if (known.has(name) || known.has(shardOfSummary(name) ?? '')) continue;
      const path = join(this.objectsDir, name);
      try {
        if (statSync(path).mtimeMs < cutoff) unlinkSync(path);
      } catch {
        /* already gone */
      }
    }
  }
}

/** Takes the files retired before `cutoff` off the root's list and returns them. */
function expireRetired(root: RootData, cutoff: number): string[] {
  const keep: Array<[string, number]> = [];
  const gone: string[] = [];
  for (const [file, at] of root.retired ?? []) {
    if (at < cutoff) gone.push(file);
    else keep.push([file, at]);
  }
  if (keep.length) root.retired = keep;
  else delete root.retired;
  return gone;
}

function listQuietly(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Past this many files expired at once (a re-shard a minute before retired hundreds of shards,
 * summaries and index files), they are removed on the thread pool while the command goes on: at
 * 5,000 nodes their unlinks took 8 s of a big apply's part on a loaded machine. The process
 * waits for them before it ends; a file not yet removed is named by no root, and the periodic
 * sweep takes it if the process dies first.
 */
const REMOVE_AT_ONCE = 32;

function removeInBackground(path: string): void {
  unlink(path, () => {
    /* already gone, or left to the sweep */
  });
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** An in-memory store for unit tests: same semantics, nothing on disk. */
export class MemoryStore implements Store {
  private data = emptyRoot();
  readonly location = '<memory>';
  read<T>(fn: (snap: Snapshot) => T): T {
    return fn(new RootView(this.data, '/nonexistent'));
  }
  update<T>(fn: (tx: Transaction) => T): T {
    const work = structuredClone(this.data);
    const tx = new RootTransaction(work, '/nonexistent');
    const result = fn(tx);
    if (tx.dirty) work.generation++;
    this.data = work;
    return result;
  }
}

/** Creates `dir` (and missing parents) private to the user; a directory that already exists keeps its mode. */
export function ensurePrivateDir(dir: string): void {
  if (existsSync(dir)) return;
  try {
    mkdirAll(dir, 0o700);
    // The umask may have taken bits off; the store holds Secrets, so the owner alone has access.
    if ((statSync(dir).mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
  } catch (e) {
    throw new StoreError(`cannot use the directory "${dir}": ${(e as Error).message}`);
  }
}
