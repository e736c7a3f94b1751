import type { ApiServer } from '../api/server.js';
import type { Change, Transaction } from '../store/types.js';

/** A read of `collections()`: any write at all is a change. */
export const ANY = '*';
/** Prefix of a meta key among the reads. */
export const META = 'meta:';

/**
 * A transaction that notes which collections and meta keys are read while `reads` is set. The
 * loop hands controllers an ApiServer over it, so every read they make, through any helper,
 * is seen.
 */
export class ReadTracker implements Transaction {
  reads: Set<string> | undefined;

  constructor(readonly tx: Transaction) {}

  get underlying(): Transaction {
    return (this.tx.underlying as Transaction | undefined) ?? this.tx;
  }
  get revision(): number {
    return this.tx.revision;
  }
  get generation(): number {
    return this.tx.generation;
  }
  get dirty(): boolean {
    return this.tx.dirty;
  }
  get writes(): number {
    return this.tx.writes;
  }
  get(collection: string, key: string): unknown {
    this.reads?.add(collection);
    return this.tx.get(collection, key);
  }
  list(collection: string): Array<[string, unknown]> {
    this.reads?.add(collection);
    return this.tx.list(collection);
  }
  keys(collection: string): string[] {
    this.reads?.add(collection);
    return this.tx.keys?.(collection) ?? this.tx.list(collection).map(([k]) => k);
  }
  collections(): string[] {
    this.reads?.add(ANY);
    return this.tx.collections();
  }
  getMeta(key: string): unknown {
    this.reads?.add(META + key);
    return this.tx.getMeta(key);
  }
  put(collection: string, key: string, value: unknown): void {
    this.tx.put(collection, key, value);
  }
  delete(collection: string, key: string): boolean {
    return this.tx.delete(collection, key);
  }
  setMeta(key: string, value: unknown): void {
    this.tx.setMeta(key, value);
  }
  nextRevision(): number {
    return this.tx.nextRevision();
  }
  lastWrite(collection: string): number {
    return this.tx.lastWrite(collection);
  }
  lastMetaWrite(key: string): number {
    return this.tx.lastMetaWrite(key);
  }
  changesSince(writes: number): Change[] {
    return this.tx.changesSince?.(writes) ?? [];
  }
  changesOf(collection: string, writes: number): Change[] {
    return this.tx.changesOf?.(collection, writes) ?? [];
  }
}

/**
 * For code that reads through a cache of its own (built from an earlier read): records that
 * `collection` was read, as the read that built the cache would have.
 */
export function noteRead(api: ApiServer, collection: string): void {
  if (api.store instanceof ReadTracker) api.store.reads?.add(collection);
}
