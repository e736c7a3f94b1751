import { appendFileSync, closeSync, linkSync, openSync, readFileSync, readSync, unlinkSync, writeFileSync } from 'node:fs';
import { StoreError } from './types.js';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, in clock ticks since boot (field 22 of /proc/PID/stat), so that a pid
 * reused by another process after a crash does not keep a dead writer's lock alive. Undefined
 * where there is no /proc: the pid alone decides there.
 */
function startTime(pid: number): string | undefined {
  try {
    const stat = readProcFile(`/proc/${pid}/stat`);
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * A /proc file's text. readFileSync reads a file whose size stat gives as 0 in 64 KB buffers of
 * fresh memory, which made this one read cost a write several milliseconds; the line is short.
 */
function readProcFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(4096);
    let text = '';
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) text += buf.toString('latin1', 0, n);
    return text;
  } finally {
    closeSync(fd);
  }
}

let ownStamp: string | undefined;
/** What a lock file holds: `<pid> <start time>`. */
function stamp(): string {
  if (ownStamp === undefined) {
    const started = startTime(process.pid);
    ownStamp = started === undefined ? `${process.pid}` : `${process.pid} ${started}`;
  }
  return ownStamp;
}

interface Holder {
  /** The file's text, to make sure the lock broken is the one judged. */
  text: string;
  /** Undefined when the text is no lock of ours (empty, garbled): no live process holds such a file. */
  pid?: number;
  started?: string;
}

function isAlive(h: Holder): boolean {
  if (h.pid === undefined || !processAlive(h.pid)) return false;
  if (h.started === undefined) return true;
  const now = startTime(h.pid);
  return now === undefined || now === h.started;
}

/**
 * Creates `path` holding our pid, or returns false if it exists. The file is written under a
 * private name first and then hard-linked into place (link fails if the name exists), so a lock
 * file is never seen empty or half-written by another process.
 */
function tryCreate(path: string): boolean {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(tmp, `${stamp()}\n`, { mode: 0o600 });
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreError(`cannot create lock file "${path}": ${(e as Error).message}`);
  } finally {
    unlinkQuietly(tmp);
  }
}

/** Who holds a lock file, or undefined when there is none (it went away). */
function holder(path: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
  const m = /^(\d+)(?: (\d+))?\n$/.exec(text);
  if (!m) return { text };
  const pid = Number(m[1]);
  return pid > 0 ? { text, pid, started: m[2] } : { text };
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/**
 * An exclusive lock shared by every process on this machine: a file holding the owner's pid and
 * start time. A lock whose owner died (a crash mid-write; its pid gone or reused), or a file that
 * holds no lock of ours (empty, garbled: ours are published whole), is broken, under a second
 * lock so that two waiters never both break it and steal each other's fresh lock.
 */
export function acquireLock(path: string, timeoutMs = 60_000, onStale?: () => void): () => void {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let delay = 1;
  for (;;) {
    if (tryCreate(path)) {
      logWait(Date.now() - started);
      return () => unlinkQuietly(path);
    }
    const h = holder(path);
    if (h !== undefined && !isAlive(h)) {
      breakStaleLock(path, h.text);
      // A writer died holding the lock: what it left half-done (temp files) can be swept.
      onStale?.();
    }
    if (Date.now() > deadline) {
      throw new StoreError(`timed out waiting for the store lock "${path}" held by process ${h?.pid ?? 'unknown'}`);
    }
    sleepSync(delay);
    delay = Math.min(delay * 2, 20);
  }
}

/** KUBECTL_LITE_LOCK_LOG=FILE: each lock taken appends how long it was waited for (ms), for the bench. */
function logWait(ms: number): void {
  const file = process.env.KUBECTL_LITE_LOCK_LOG;
  if (file) appendFileSync(file, `${ms}\n`);
}

/**
 * The temp files of writers that died: under the lock, a `NAME.PID.tmp` (store.json's, a
 * shard's) is nobody's, since only the lock holder writes them; a lock file's private copy
 * (`store.lock.PID.RANDOM`, written before the lock is taken) is left to a live pid.
 */
export function isLeftoverTemp(name: string, lockName: string): boolean {
  const tmp = /\.(\d+)\.tmp$/.exec(name);
  if (tmp) return Number(tmp[1]) !== process.pid;
  const m = name.startsWith(`${lockName}.`) ? /^\.(\d+)\.[a-z0-9]+$/.exec(name.slice(lockName.length)) : null;
  return m !== null && Number(m[1]) !== process.pid && !processAlive(Number(m[1]));
}

function breakStaleLock(path: string, staleText: string): void {
  const breaker = `${path}.break`;
  if (!tryCreate(breaker)) {
    const owner = holder(breaker);
    if (owner !== undefined && !isAlive(owner)) unlinkQuietly(breaker);
    return;
  }
  try {
    if (holder(path)?.text === staleText) unlinkQuietly(path);
  } finally {
    unlinkQuietly(breaker);
  }
}
