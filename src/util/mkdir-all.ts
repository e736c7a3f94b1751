/**
 * Go's os.MkdirAll. Node's `mkdirSync(path, { recursive: true })` never returns for a path under
 * /proc (the kernel answers every mkdir there with ENOENT, and Node retries the parent forever);
 * this makes each missing directory in turn, as Go does, and fails as Go words it:
 * `mkdir /proc/x: no such file or directory`, `mkdir /etc/passwd: not a directory`.
 */
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { errnoText } from './errno.js';

export class MkdirError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    reason: string,
  ) {
    super(`mkdir ${path}: ${reason}`);
  }
}

export function mkdirAll(path: string, mode = 0o777): void {
  let isDir: boolean | undefined;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // Not there (or not readable): made below.
  }
  if (isDir === true) return;
  if (isDir === false) throw new MkdirError(path, 'ENOTDIR', 'not a directory');
  const parent = dirname(path);
  if (parent !== path) mkdirAll(parent, mode);
  try {
    mkdirSync(path, { mode });
  } catch (e) {
    try {
      if (lstatSync(path).isDirectory()) return;
    } catch {
      // Still not there: the mkdir's own error says why.
    }
    throw new MkdirError(path, (e as NodeJS.ErrnoException).code, errnoText(e));
  }
}
