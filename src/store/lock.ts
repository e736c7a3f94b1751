import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { StoreError } from './types.js';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreError(`cannot create lock file "${path}": ${(e as Error).message}`);
  }
}

function holder(path: string): number | undefined {
  try {
    return parseInt(readFileSync(path, 'utf8'), 10);
  } catch {
    return undefined;
  }
}

/**
 * An exclusive lock shared by every process on this machine: a file created with O_EXCL
 * holding the owner's pid. A lock whose owner died (a crash mid-write) is broken, under a
 * second lock so that two waiters never both break it and steal each other's fresh lock.
 */
export function acquireLock(path: string, timeoutMs = 60_000): () => void {
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  for (;;) {
    if (tryCreate(path)) {
      return () => {
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
    }
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
    if (owner !== undefined && !processAlive(owner)) {
      try {
        unlinkSync(breaker);
      } catch {
        /* someone else did */
      }
    }
    return;
  }
  try {
    if (holder(path) === deadPid) unlinkSync(path);
  } catch {
    /* gone already */
  } finally {
    unlinkSync(breaker);
  }
}
