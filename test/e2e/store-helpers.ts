/** Looking at a cluster's store from e2e tests, without going through the CLI. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clusterDir } from '../../src/config.js';
import { FileStore } from '../../src/store/file-store.js';

/**
 * Every file of the cluster's store (store.json and its shards) with its bytes, or
 * undefined when nothing has been written yet: compare two of these to prove "unchanged".
 */
export function storeBytes(home: string, cluster = 'lite'): Buffer | undefined {
  const dir = clusterDir(home, cluster);
  if (!existsSync(join(dir, 'store.json'))) return undefined;
  const parts: Buffer[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (name.endsWith('.lock')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else parts.push(Buffer.from(`${p}\n`), readFileSync(p));
    }
  };
  walk(dir);
  return Buffer.concat(parts);
}

/** One stored object by collection (`core/pods`, `apps/deployments`) and key (`ns/name`). */
export function storedObject(home: string, collection: string, key: string, cluster = 'lite'): any {
  return new FileStore(clusterDir(home, cluster)).read((snap) => snap.get(collection, key));
}
