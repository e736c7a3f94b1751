import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LowSync, type SyncAdapter } from 'lowdb';
import { acquireLock } from './lock.js';
import { StoreError, type Snapshot, type Store, type Transaction } from './types.js';

/** What the JSON file holds. */
export interface StoreData {
  revision: number;
  meta: Record<string, unknown>;
  collections: Record<string, Record<string, unknown>>;
}

const emptyData = (): StoreData => ({ revision: 0, meta: {}, collections: {} });

/**
 * lowdb adapter: the file is read whole and written whole, through a temp file that is
 * fsynced and renamed over the old one, so a crash leaves either the old or the new file.
 * The store may hold Secrets, so every file is 0600.
 */
class AtomicJsonFile implements SyncAdapter<StoreData> {
  constructor(private readonly file: string) {}

  read(): StoreData | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError(`cannot read the cluster store "${this.file}": ${(e as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new StoreError(`the cluster store "${this.file}" is corrupt and was left untouched: ${(e as Error).message}`);
    }
    if (!isStoreData(data)) {
      throw new StoreError(`the cluster store "${this.file}" is corrupt and was left untouched: not a kubectl-lite store`);
    }
    return data;
  }

  write(data: StoreData): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}

function isStoreData(d: unknown): d is StoreData {
  if (typeof d !== 'object' || d === null) return false;
  const o = d as Record<string, unknown>;
  return typeof o.revision === 'number' && typeof o.meta === 'object' && typeof o.collections === 'object';
}

class MemorySnapshot implements Snapshot {
  constructor(protected data: StoreData) {}
  get revision(): number {
    return this.data.revision;
  }
  get(collection: string, key: string): unknown {
    return this.data.collections[collection]?.[key];
  }
  list(collection: string): Array<[string, unknown]> {
    const c = this.data.collections[collection];
    if (!c) return [];
    return Object.keys(c)
      .sort(byteOrder)
      .map((k) => [k, c[k]]);
  }
  collections(): string[] {
    return Object.keys(this.data.collections).filter((c) => Object.keys(this.data.collections[c]!).length > 0);
  }
  getMeta(key: string): unknown {
    return this.data.meta[key];
  }
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class MemoryTransaction extends MemorySnapshot implements Transaction {
  dirty = false;
  put(collection: string, key: string, value: unknown): void {
    (this.data.collections[collection] ??= {})[key] = value;
    this.dirty = true;
  }
  delete(collection: string, key: string): boolean {
    const c = this.data.collections[collection];
    if (!c || !(key in c)) return false;
    delete c[key];
    if (Object.keys(c).length === 0) delete this.data.collections[collection];
    this.dirty = true;
    return true;
  }
  setMeta(key: string, value: unknown): void {
    if (value === undefined) delete this.data.meta[key];
    else this.data.meta[key] = value;
    this.dirty = true;
  }
  nextRevision(): number {
    this.dirty = true;
    return ++this.data.revision;
  }
}

/** The whole cluster in one JSON file (`store.json`) in `dir`, kept by lowdb. */
export class FileStore implements Store {
  private readonly file: string;
  private readonly lockFile: string;
  private readonly db: LowSync<StoreData>;

  constructor(dir: string) {
    ensurePrivateDir(dir);
    this.file = join(dir, 'store.json');
    this.lockFile = join(dir, 'store.lock');
    this.db = new LowSync<StoreData>(new AtomicJsonFile(this.file), emptyData());
  }

  get location(): string {
    return this.file;
  }

  read<T>(fn: (snap: Snapshot) => T): T {
    this.db.read();
    return fn(new MemorySnapshot(this.db.data));
  }

  update<T>(fn: (tx: Transaction) => T): T {
    const release = acquireLock(this.lockFile);
    try {
      this.db.read();
      const tx = new MemoryTransaction(this.db.data);
      const result = fn(tx);
      if (tx.dirty) this.db.write();
      return result;
    } finally {
      release();
    }
  }
}

/** An in-memory store for unit tests: same semantics, nothing on disk. */
export class MemoryStore implements Store {
  private data: StoreData = emptyData();
  readonly location = '<memory>';
  read<T>(fn: (snap: Snapshot) => T): T {
    return fn(new MemorySnapshot(this.data));
  }
  update<T>(fn: (tx: Transaction) => T): T {
    const work = structuredClone(this.data);
    const tx = new MemoryTransaction(work);
    const result = fn(tx);
    this.data = work;
    return result;
  }
}

export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  try {
    if ((statSync(dir).mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
  } catch (e) {
    throw new StoreError(`cannot use the directory "${dir}": ${(e as Error).message}`);
  }
}
