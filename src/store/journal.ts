/**
 * The store's bounded history of changes: `journal.jsonl` beside `store.json`, one line per
 * commit, appended (under the store lock) right after the commit's rename, holding what the
 * commit changed: each object's committed state, or its last state for a deletion. A watch
 * (`get -w`) follows it by generation, so it sees every committed version, not only the ones a
 * poll happens to catch. The history is bounded: past JOURNAL_BYTES the file becomes
 * `journal.old.jsonl` (the one before is dropped), and a commit that changed more than
 * MAX_CHANGES objects is recorded without them. A reader that finds a commit missing (too old,
 * too big, or lost to a crash between the rename and the append) is told so and compares the
 * current state instead, as a client re-lists after the API server's 410 Gone.
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One changed key: [collection, key, type, value (the last state, for DELETED)]. */
export type Change = [collection: string, key: string, type: ChangeType, value: unknown];

export interface JournalEntry {
  /** The store generation this commit made. */
  g: number;
  /** The store revision after it. */
  rv: number;
  /** What changed; null when the commit was too big to record. */
  ch: Change[] | null;
}

/** Where a transaction stood on a key when it first touched it, and what it last deleted of it. */
export interface Touched {
  existed: boolean;
  before: unknown;
  /** The state a delete in this transaction removed (a pod's final state, Terminating, not the one before the commit). */
  last?: unknown;
}

const JOURNAL = 'journal.jsonl';
const JOURNAL_OLD = 'journal.old.jsonl';
/** Past this size the journal is rotated. */
const JOURNAL_BYTES = 8 * 1024 * 1024;
/** A commit that changed more objects than this (a big apply's settle) is recorded without them. */
const MAX_CHANGES = 2_000;

/** The changes of one transaction, from what it touched and what it left. */
export function changesOf(touched: Map<string, Map<string, Touched>>, now: (collection: string, key: string) => unknown): Change[] {
  const out: Change[] = [];
  for (const [collection, keys] of touched) {
    for (const [key, t] of keys) {
      const after = now(collection, key);
      if (after === undefined) {
        if (t.existed) out.push([collection, key, 'DELETED', t.last ?? t.before]);
      } else if (!t.existed) out.push([collection, key, 'ADDED', after]);
      else if (after !== t.before) out.push([collection, key, 'MODIFIED', after]);
    }
  }
  return out;
}

/**
 * Appends a commit to the journal in `dir`. Called after the commit, under the lock; a failure
 * here must not undo the commit, so it is swallowed (readers see the gap and re-list).
 */
export function appendCommit(dir: string, generation: number, revision: number, changes: Change[]): void {
  try {
    const file = join(dir, JOURNAL);
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      /* no journal yet */
    }
    if (size > JOURNAL_BYTES) renameSync(file, join(dir, JOURNAL_OLD));
    const entry: JournalEntry = { g: generation, rv: revision, ch: changes.length > MAX_CHANGES ? null : changes };
    let line = JSON.stringify(entry) + '\n';
    if (line.length > JOURNAL_BYTES) line = JSON.stringify({ g: generation, rv: revision, ch: null }) + '\n';
    const fd = openSync(file, 'a', 0o600);
    try {
      writeSync(fd, line);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* the commit stands; readers will find this generation missing */
  }
}

interface Position {
  ino: number;
  offset: number;
}

/**
 * Follows the journal of one store from a generation on. `poll()` returns the commits after the
 * last one seen, in order, and whether any is missing (then the caller compares the current
 * state and calls `skipTo` with the generation it read).
 */
export class JournalReader {
  private pos: Position | undefined;

  constructor(
    private readonly dir: string,
    private generation: number,
  ) {
    // Start at the journal's end: a commit made since `generation` and before this point shows
    // up as a gap (the first commit read is not generation + 1).
    try {
      const st = statSync(join(dir, JOURNAL));
      this.pos = { ino: st.ino, offset: st.size };
    } catch {
      this.pos = undefined;
    }
  }

  /** The last generation delivered. */
  get at(): number {
    return this.generation;
  }

  skipTo(generation: number): void {
    if (generation > this.generation) this.generation = generation;
  }

  poll(): { entries: JournalEntry[]; gap: boolean } {
    const text = this.readNew();
    if (text === undefined) return { entries: [], gap: true };
    const lines = text.split('\n');
    lines.pop();
    const entries: JournalEntry[] = [];
    let gap = false;
    for (const line of lines) {
      let e: JournalEntry;
      try {
        e = JSON.parse(line) as JournalEntry;
      } catch {
        // A line torn by a crash: the commit it belonged to is missing.
        gap = true;
        continue;
      }
      if (typeof e?.g !== 'number' || e.g <= this.generation) continue;
      if (e.g !== this.generation + 1 || e.ch === null) gap = true;
      this.generation = e.g;
      entries.push(e);
    }
    return { entries, gap };
  }

  /** The bytes appended since the last poll; undefined when the journal was rotated past them. */
  private readNew(): string | undefined {
    const file = join(this.dir, JOURNAL);
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return this.pos === undefined ? '' : undefined;
    }
    try {
      const st = fstatSync(fd);
      let prefix = '';
      if (this.pos && this.pos.ino !== st.ino) {
        // Rotated: the rest of the file we were reading is now journal.old.jsonl (unless it was
        // rotated twice since, and then commits are missing).
        const old = readFrom(join(this.dir, JOURNAL_OLD), this.pos);
        if (old === undefined) {
          this.pos = { ino: st.ino, offset: 0 };
          return undefined;
        }
        prefix = old;
        this.pos = { ino: st.ino, offset: 0 };
      }
      const pos = (this.pos ??= { ino: st.ino, offset: 0 });
      if (st.size < pos.offset) {
        pos.offset = 0;
        return undefined;
      }
      const buf = Buffer.allocUnsafe(st.size - pos.offset);
      let n = 0;
      while (n < buf.length) {
        const r = readSync(fd, buf, n, buf.length - n, pos.offset + n);
        if (r === 0) break;
        n += r;
      }
      // Only up to the last newline: a line being appended may end in the middle of a character.
      const end = buf.lastIndexOf(10, n - 1) + 1;
      pos.offset += end;
      return prefix + buf.toString('utf8', 0, end);
    } finally {
      closeSync(fd);
    }
  }
}

/** The rest of `file` from `pos`, if it is the file `pos` was in. */
function readFrom(file: string, pos: Position): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (st.ino !== pos.ino || st.size < pos.offset) return undefined;
    const buf = Buffer.allocUnsafe(st.size - pos.offset);
    const n = buf.length ? readSync(fd, buf, 0, buf.length, pos.offset) : 0;
    return buf.toString('utf8', 0, buf.lastIndexOf(10, n - 1) + 1);
  } finally {
    closeSync(fd);
  }
}
