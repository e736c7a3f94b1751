/**
 * Where clusters live and which one a command talks to: $KUBECTL_LITE_HOME (default
 * ~/.kubectl-lite) holds config.json (contexts) and clusters/<name>/ (one store each).
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './errors.js';
import { ensurePrivateDir } from './store/file-store.js';
import { acquireLock } from './store/lock.js';

export interface ContextEntry {
  cluster: string;
  namespace?: string;
  /** The kubeconfig user the context names; absent: the user named as the cluster. */
  user?: string;
}

/** A kubeconfig cluster or user entry's fields, by their kubeconfig names (`config set-cluster`, `set-credentials`). */
export type KubeconfigFields = Record<string, unknown>;

export interface LiteConfig {
  currentContext: string;
  contexts: Record<string, ContextEntry>;
  /** Cluster entries given settings by `config set-cluster` / `config set`; the simulated cluster is still the one named. */
  clusters?: Record<string, KubeconfigFields>;
  users?: Record<string, KubeconfigFields>;
  preferences?: KubeconfigFields;
}

export const DEFAULT_CLUSTER = 'lite';

/** A context's user: the one it names, else (kubectl-lite's default) the user named as its cluster. */
export function contextUser(c: { cluster: string; user?: string }): string {
  return c.user ?? c.cluster;
}

export function homeDir(env: NodeJS.ProcessEnv): string {
  if (env.KUBECTL_LITE_HOME) return env.KUBECTL_LITE_HOME;
  // $HOME first: loading node:os only for its homedir() would cost every command start-up time.
  const home = env.HOME || (process.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined)?.homedir() || '.';
  return join(home, '.kubectl-lite');
}

/**
 * A cluster's name is a directory under clusters/: it must stay one path segment there, whatever a
 * context says (`config set-context x --cluster=../../victim` must never reach outside the home).
 */
export function clusterDir(home: string, cluster: string): string {
  if (!isClusterName(cluster)) throw new CliError(`invalid cluster name "${cluster}": a cluster name is one path segment (no "/" or "\\", not "." or "..")`);
  return join(home, 'clusters', cluster);
}

function isClusterName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && name.length <= 253 && !/[/\\\0]/.test(name);
}

/** Context names are user text: a null-prototype map makes `constructor` or `__proto__` ordinary names. */
export function contextMap<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

function defaultConfig(): LiteConfig {
  return { currentContext: DEFAULT_CLUSTER, contexts: contextMap({ [DEFAULT_CLUSTER]: { cluster: DEFAULT_CLUSTER } }) };
}

export function loadConfig(home: string): LiteConfig {
  const file = join(home, 'config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw new CliError(`cannot read "${file}": ${(e as Error).message}`);
  }
  try {
    const cfg = JSON.parse(text) as LiteConfig;
    if (typeof cfg.currentContext !== 'string' || typeof cfg.contexts !== 'object' || cfg.contexts === null) {
      throw new Error('not a kubectl-lite config');
    }
    cfg.contexts = contextMap(cfg.contexts);
    if (cfg.clusters) cfg.clusters = contextMap(cfg.clusters);
    if (cfg.users) cfg.users = contextMap(cfg.users);
    return cfg;
  } catch (e) {
    throw new CliError(`the config file "${file}" is corrupt and was left untouched: ${(e as Error).message}`);
  }
}

/** Read-modify-write of config.json under a lock, written atomically. */
export function updateConfig<T>(home: string, fn: (cfg: LiteConfig) => T): T {
  ensurePrivateDir(home);
  const release = acquireLock(join(home, 'config.lock'));
  try {
    const cfg = loadConfig(home);
    const result = fn(cfg);
    const file = join(home, 'config.json');
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(cfg, null, 2) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    return result;
  } finally {
    release();
  }
}
