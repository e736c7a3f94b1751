/**
 * Secondary indexes kept in the store beside a sharded collection (pods by controller, label,
 * node), so that a command that needs the objects under one index value reads one small index
 * file and the shards those objects live in, not every shard of the collection.
 *
 * The store knows nothing of what an index means: the functions that file an object under its
 * values are registered here (by the informer, see controllers/informer.ts) under a version. An
 * index is persisted once a command asks the transaction to keep it (after building it from a
 * full scan, which it needed anyway), and from then on every commit that changes the collection
 * updates the buckets of the keys it touched, from each key's state before the transaction and
 * after. Index files are written like shards (temp file + fsync + rename, a new name per commit,
 * the old one retired), so a crash leaves the previous root and its index whole.
 *
 * A *counted* index keeps only how many keys are filed under each value (`{ [v]: count }`): what a
 * reader that sums over every value needs (the scheduler's requests per node), in a fraction of
 * the bytes of the key lists. In a *grouped* index, a value `<group>\0<rest>` is filed by its group
 * alone, so every value of one group is in one file (a node's pod addresses).
 *
 * An index is derived data: one that does not describe the collection's current shards (written by
 * a build that did not keep it, functions of another version, a file gone or unreadable) is not
 * used, and the next command that needs it rebuilds it.
 */

/** The values an object is filed under in one index. */
export type IndexFn = (obj: any) => readonly string[];

/** A collection's persisted indexes, named by the root. */
export interface IndexRecord {
  /** The version of the index functions that filled it. */
  version: string;
  /** Fingerprint of the collection's shard file names the index describes (see shardsFingerprint). */
  of: number;
  /**
   * The files of each index kept, by its name: the keys filed under value v are in file
   * fnv1a(v) % files.length, as `{ [v]: keys in byte order }`.
   */
  files: Record<string, string[]>;
}

export type IndexFile = Record<string, string[]>;
/** A counted index's file: how many keys are filed under each value. */
export type CountFile = Record<string, number>;

interface Registered {
  version: string;
  fns: Record<string, IndexFn>;
  /**
   * Per collection, the indexes kept from the moment it is sharded (filled while every object is
   * in hand); `*`: those of a collection not named.
   */
  keep: Record<string, readonly string[]>;
  /** The names of the counted indexes. */
  counted: ReadonlySet<string>;
  /** The names of the grouped indexes. */
  grouped: ReadonlySet<string>;
}

let registered: Registered | undefined;

/**
 * Registers the index functions (one set per process), their version, the indexes kept from the
 * start, those kept as counts and those grouped.
 */
export function setIndexFunctions(
  version: string,
  fns: Record<string, IndexFn>,
  keep: Record<string, readonly string[]> = {},
  opts: { counted?: readonly string[]; grouped?: readonly string[] } = {},
): void {
  registered = { version, fns, keep, counted: new Set(opts.counted), grouped: new Set(opts.grouped) };
}

/** The indexes kept of `collection` from the moment it is sharded. */
export function keptFromStart(collection: string): readonly string[] {
  const keep = registered?.keep;
  return (keep && (Object.hasOwn(keep, collection) ? keep[collection] : keep['*'])) ?? [];
}

export function isCounted(name: string): boolean {
  return registered?.counted.has(name) === true;
}

export function indexFunctions(): Registered | undefined {
  return registered;
}

/** FNV-1a, 32 bit, of the first `length` characters. */
export function fnv1a(key: string, length = key.length): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Changes whenever a commit rewrites any shard of the collection (each file name carries its generation). */
export function shardsFingerprint(files: readonly string[]): number {
  return fnv1a(files.join('\n'));
}

/** The file of index `name` that holds `value`: by the value's hash, or its group's in a grouped index. */
export function fileOfBucket(value: string, files: number, name: string): number {
  const group = registered?.grouped.has(name) ? value.indexOf('\u0000') : -1;
  return fnv1a(value, group >= 0 ? group : value.length) % files;
}

/**
 * How many files index `name` of a collection of this many shards gets: one per 16 shards, so a
 * reader of one value reads a small file (a few tens of KB at 150,000 pods); a counted index, which
 * its reader reads whole, one per 64. One per four made a part of a big apply, whose pods land on
 * every node, rewrite most of 256 files per index at 1,000 nodes (512 at 5,000), each a new file:
 * creating a file costs more here than writing a few more KB into one.
 */
export function indexFileCount(shards: number, name: string): number {
  return Math.max(1, Math.ceil(shards / (isCounted(name) ? 64 : 16)));
}

/**
 * True when `data` is an index file: of key lists whose buckets all belong in file `index` of
 * `files`, or of positive counts. The values of a counted index are not hashed to check their file
 * (20,000 values at 5,000 nodes, read by every write that schedules a pod): its reader reads every
 * file and refuses a value found in two (see FileStore.indexedCounts), and its writer refuses to
 * take a count from a file that does not hold it, so a value in another file than its own is
 * still counted once, or the index is not used.
 */
export function isIndexFile(data: unknown, index: number, files: number, name: string): data is IndexFile | CountFile {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  if (isCounted(name)) {
    for (const bucket in data) {
      const count = (data as CountFile)[bucket];
      if (!(Number.isSafeInteger(count) && count! > 0)) return false;
    }
    return true;
  }
  for (const [bucket, keys] of Object.entries(data)) {
    if (!Array.isArray(keys) || fileOfBucket(bucket, files, name) !== index) return false;
  }
  return true;
}

/** Adds `delta` to the count of `bucket` (a count that reaches 0 is dropped). */
export function addCount(file: CountFile, bucket: string, delta: number): void {
  const n = (file[bucket] ?? 0) + delta;
  if (n > 0) file[bucket] = n;
  else delete file[bucket];
}

/** Fills the files of an index from scratch, one object at a time. */
export interface IndexBuilder {
  add(key: string, obj: unknown): void;
  files(): Array<IndexFile | CountFile>;
}

/** A builder of the files of counted index `fn`. */
function countBuilder(fn: IndexFn, count: number, name: string): IndexBuilder {
  const files: CountFile[] = Array.from({ length: count }, () => ({}));
  return {
    add: (_key, obj) => {
      for (const v of valuesOf(fn, obj)) addCount(files[fileOfBucket(v, count, name)]!, v, 1);
    },
    files: () => files,
  };
}

/** Index of `key` in the sorted `keys`, or where it would go (binary search, byte order). */
function position(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An index file's buckets as a commit edits them (a ShardEdit over the file's bytes: a bucket is parsed when asked for). */
export interface Buckets {
  get(bucket: string): unknown;
  set(bucket: string, keys: string[]): void;
  delete(bucket: string): boolean;
}

export function addSorted(file: Buckets, bucket: string, key: string): void {
  let keys = file.get(bucket) as string[] | undefined;
  if (!keys) file.set(bucket, (keys = []));
  const at = position(keys, key);
  if (keys[at] !== key) keys.splice(at, 0, key);
}

export function removeSorted(file: Buckets, bucket: string, key: string): void {
  const keys = file.get(bucket) as string[] | undefined;
  if (!keys) return;
  const at = position(keys, key);
  if (keys[at] === key) keys.splice(at, 1);
  if (keys.length === 0) file.delete(bucket);
}

/** A builder of the files of index `fn` (counted or not, by its name). */
export function indexBuilder(fn: IndexFn, count: number, name: string): IndexBuilder {
  if (isCounted(name)) return countBuilder(fn, count, name);
  const buckets = new Map<string, string[]>();
  return {
    add: (key, obj) => {
      if (!obj) return;
      for (const v of fn(obj)) {
        let keys = buckets.get(v);
        if (!keys) buckets.set(v, (keys = []));
        keys.push(key);
      }
    },
    files: () => {
      const files: IndexFile[] = Array.from({ length: count }, () => ({}));
      for (const [v, keys] of buckets) {
        keys.sort((a, c) => (a < c ? -1 : a > c ? 1 : 0));
        // One object filed twice under the same value (a function returning duplicates) counts once.
        files[fileOfBucket(v, count, name)]![v] = keys.filter((k, i) => i === 0 || keys[i - 1] !== k);
      }
      return files;
    },
  };
}

/** The values of `fn` for an object that may be absent, as a set. */
export function valuesOf(fn: IndexFn, obj: unknown): Set<string> {
  return obj === undefined || obj === null ? new Set() : new Set(fn(obj));
}
