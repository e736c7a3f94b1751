/**
 * The store as a long-running server reads it: a snapshot stays in use while the store file is
 * the same file (same inode, size and modification time: every commit renames a new one in), so
 * fifty clients listing pods parse the store once, not fifty times. Writes go straight through.
 */
import { statSync } from 'node:fs';
import type { Snapshot, Store, Transaction } from '../store/types.js';

export class CachedStore implements Store {
  private last?: { stamp: string; snap: Snapshot };

  constructor(private readonly inner: Store) {}

  get location(): string {
    return this.inner.location;
  }

  /** Identifies the committed state on disk; '' when the file cannot be read. */
  stamp(): string {
    try {
      const st = statSync(this.inner.location, { bigint: true });
      return `${st.ino}:${st.mtimeNs}:${st.size}`;
    } catch {
      return '';
    }
  }

  read<T>(fn: (snap: Snapshot) => T): T {
    const stamp = this.stamp();
    if (stamp && this.last?.stamp === stamp) return fn(this.last.snap);
    return this.inner.read((snap) => {
      if (stamp) this.last = { stamp, snap };
      return fn(snap);
    });
  }

  update<T>(fn: (tx: Transaction) => T): T {
    this.last = undefined;
    return this.inner.update(fn);
  }
}
