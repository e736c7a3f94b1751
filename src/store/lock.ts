import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
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
 * Creates `path` holding our pid, or returns false if it exists. The file is written under a
 * private name first and then hard-linked into place (link fails if the name exists), so a lock
 * file is never seen empty or half-written by another process.
 */
function tryCreate(path: string): boolean {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(tmp, `${process.pid}\n`, { mode: 0o600 });
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreError(`cannot create lock file "${path}": ${(e as Error).message}`);
  } finally {
    unlinkQuietly(tmp);
  }
}

/** The pid in a lock file, or undefined when it cannot be read (gone, or not a pid). */
function holder(path: string): number | undefined {
  try {
    const pid = parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/**
 * An exclusive lock shared by every process on this machine: a file holding the owner's pid.
 * A lock whose owner died (a crash mid-write) is broken, under a second lock so that two
 * waiters never both break it and steal each other's fresh lock.
 */
export function acquireLock(path: string, timeoutMs = 60_000): () => void {
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  for (;;) {
    if (tryCreate(path)) return () => unlinkQuietly(path);
    const pid = holder(path);
    if (pid !== undefined && !processAlive(pid)) breakStaleLock(path, pid);
    if (Date.now() > deadline) {
      throw new StoreError(`timed out waiting for the store lock "${path}" held by process ${pid ?? 'unknown'}`);
    }
    sleepSync(delay);
    delay = Math.min(delay * 2, 20);
  }
}

function breakStaleLock(path: string, deadPid: number): void {
  const breaker = `${path}.break`;
  if (!tryCreate(breaker)) {
    const owner = holder(breaker);
    if (owner !== undefined && !processAlive(owner)) unlinkQuietly(breaker);
    return;
  }
  try {
    if (holder(path) === deadPid) unlinkQuietly(path);
  } finally {
    unlinkQuietly(breaker);
  }
}
