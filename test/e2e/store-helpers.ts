/** Looking at the cluster store file directly from e2e tests (no `get` needed). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function storePath(home: string, cluster = 'lite'): string {
  return join(home, 'clusters', cluster, 'store.json');
}

/** The store file's bytes, or undefined when the cluster has not been written yet. */
export function storeBytes(home: string): Buffer | undefined {
  const p = storePath(home);
  return existsSync(p) ? readFileSync(p) : undefined;
}

/** One stored object by collection (`core/pods`, `apps/deployments`) and key (`ns/name`). */
export function storedObject(home: string, collection: string, key: string): any {
  const data = JSON.parse(readFileSync(storePath(home), 'utf8')) as unknown;
  return findCollection(data, collection)?.[key];
}

function findCollection(node: unknown, collection: string): Record<string, any> | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  for (const [k, v] of Object.entries(node)) {
    if (k === collection && typeof v === 'object') return v as Record<string, any>;
    const found = findCollection(v, collection);
    if (found) return found;
  }
  return undefined;
}
