/**
 * The object store: named collections of JSON values under string keys, one revision
 * counter, and a little metadata. Nothing Kubernetes-specific lives at this layer, so a
 * different backend can replace the file store behind the same interface.
 *
 * Values handed out by get/list are the store's own: treat them as read-only and `put`
 * a new value to change one.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Snapshot {
  /** The last revision handed out by a committed write. */
  readonly revision: number;
  /** How many commits the store has had: it names the state this snapshot shows. */
  readonly generation: number;
  get(collection: string, key: string): unknown;
  /** Every [key, value] in the collection, keys in ascending byte order. */
  list(collection: string): Array<[string, unknown]>;
  /** Every key of the collection in ascending byte order, without reading the values where the store can. */
  keys?(collection: string): string[];
  /** Names of the collections that hold at least one value. */
  collections(): string[];
  getMeta(key: string): unknown;
  /**
   * Every [key, summary] of the collection, keys in byte order, where the store keeps summaries of
   * it (see summaries.ts) and they describe this snapshot; undefined otherwise.
   */
  listSummaries?(collection: string): Array<[string, unknown]> | undefined;
  /**
   * Every [key, value] of the collection (see ScanOptions for which), keys in byte order, read
   * lazily a part at a time; undefined where the store cannot (then list).
   */
  scan?(collection: string, opts?: ScanOptions): Iterable<[string, unknown]> | undefined;
  /** Index `name` of `collection` is kept in the store and usable (see persisted-index.ts). */
  hasIndex?(collection: string, name: string): boolean;
  /** The keys under `value` in that index as of the last commit, in byte order (undefined: unusable). */
  indexedKeys?(collection: string, name: string, value: string): readonly string[] | undefined;
  /** Every value `<group>\0...` of a grouped index with its keys, as of the last commit (undefined: unusable). */
  indexedGroup?(collection: string, name: string, group: string): Array<[string, readonly string[]]> | undefined;
  /** Set by a view that wraps another snapshot (read tracking): the one it wraps. */
  readonly underlying?: Snapshot;
}

export interface ScanOptions {
  /** Only keys that start with this. */
  prefix?: string;
  /** Only those it keeps, given each key and its summary (or, where there is none, its value). */
  want?: (key: string, summary: unknown) => boolean;
  /**
   * Only these keys, in byte order, each one the collection holds (as an index the store keeps of
   * it gives them), instead of every key; `want` is then not asked.
   */
  keys?: readonly string[];
  /** A metadata field the caller does not use, which the values may lack (or not). */
  omit?: string;
  /**
   * Values may be given as their stored bytes (a RawObject, see peek.ts: valid until the next
   * value is asked for).
   */
  raw?: boolean;
}

export interface Transaction extends Snapshot {
  put(collection: string, key: string, value: unknown): void;
  delete(collection: string, key: string): boolean;
  setMeta(key: string, value: unknown): void;
  /** Bumps the store-wide counter and returns the new value (a resourceVersion). */
  nextRevision(): number;
  /** True once anything was put, deleted or set. */
  readonly dirty: boolean;
  /** Puts, deletes and setMetas so far in this transaction. */
  readonly writes: number;
  /** The value `writes` had after the last put or delete in this collection (0: none yet). */
  lastWrite(collection: string): number;
  /** The same for one meta key. */
  lastMetaWrite(key: string): number;
  /**
   * The puts and deletes made after `writes` had the given value, oldest first: what a work queue
   * is fed from (kept in memory for the length of the transaction).
   */
  changesSince?(writes: number): Change[];
  /** changesSince, of one collection only (a store that has one has the other). */
  changesOf?(collection: string, writes: number): Change[];
  /** The values `<group>\0...` of one group of a grouped index, without their keys, as of the last commit (undefined: unusable). */
  indexedGroupValues?(collection: string, name: string, group: string): readonly string[] | undefined;
  /** Every value of a counted index with how many keys it holds, as of the last commit (undefined: unusable). */
  indexedCounts?(collection: string, name: string): Map<string, number> | undefined;
  /** Asks the commit to keep index `name` of `collection` in the store. */
  keepIndex?(collection: string, name: string): void;
}

/** One put or delete: `at` is the transaction's write count it made, `old` the value it replaced (undefined: none). */
export interface Change {
  at: number;
  collection: string;
  key: string;
  old: unknown;
}

export interface Store {
  /** A consistent snapshot without taking the lock (writes are atomic renames). */
  read<T>(fn: (snap: Snapshot) => T): T;
  /**
   * Read-modify-write under an exclusive cross-process lock. The change is committed
   * atomically when fn returns and discarded if it throws.
   */
  update<T>(fn: (tx: Transaction) => T): T;
  /** Where the data lives, for messages. */
  readonly location: string;
}

export class StoreError extends Error {}
