/**
 * The simulated userland's contract: a program run inside a simulated container (by
 * `exec`, `run -i`, or a pod's own command) gets its arguments, stdin, environment, the
 * container's filesystem and the dataplane as seen from that container, and returns an
 * exit code. Programs print what the busybox/alpine tool of that name prints.
 */
import type { Origin, World } from '../dataplane/types.js';

export interface FileInfo {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits, e.g. 0o644. */
  mode: number;
  size: number;
  mtimeMs: number;
  uid: number;
  gid: number;
  /** For symlinks. */
  target?: string;
}

/** Errors carry the errno name (ENOENT, EISDIR, EACCES, EROFS, ENOTDIR, EEXIST) so each tool words them its own way. */
export class FsError extends Error {
  constructor(readonly code: 'ENOENT' | 'EISDIR' | 'EACCES' | 'EROFS' | 'ENOTDIR' | 'EEXIST' | 'ENOTEMPTY', readonly path: string) {
    super(`${code}: ${path}`);
  }
}

/** A container's view of its files: its writable layer, its volume mounts, and what the kubelet writes. */
export interface SimFs {
  stat(path: string): FileInfo;
  readFile(path: string): string;
  writeFile(path: string, data: string, opts?: { append?: boolean; mode?: number }): void;
  readDir(path: string): FileInfo[];
  mkdir(path: string, opts?: { parents?: boolean }): void;
  remove(path: string, opts?: { recursive?: boolean }): void;
  /** Absolute path from one relative to the working directory. */
  resolve(path: string): string;
}

export interface ProgramContext {
  /** argv[0] is the program name as invoked. */
  argv: string[];
  stdin: string;
  env: Record<string, string>;
  fs: SimFs;
  world: World;
  /** The container this program runs in. */
  origin: Extract<Origin, { kind: 'pod' }> | Extract<Origin, { kind: 'host' }>;
  out(text: string): void;
  err(text: string): void;
  /** Simulated time passes (sleep, curl --max-time, ping intervals); returns the new `now`. */
  sleep(ms: number): Promise<number> | number;
  signal?: AbortSignal;
  /** stdout is a terminal (`exec -t`): curl then shows no progress meter. Absent: a pipe. */
  tty?: boolean;
}

/** Returns the exit code. */
export type Program = (ctx: ProgramContext) => number | Promise<number>;

/** `sh` alone: on a terminal, the interactive shell. */
export function isBareShell(argv: string[]): boolean {
  return argv.length === 1 && ['sh', 'ash', '/bin/sh', '/bin/ash'].includes(argv[0]!);
}
