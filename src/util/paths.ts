import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The kubectl-lite package directory (where package.json, schemas/ and dist/ are), found by
 * walking up from this module. Works both from dist/src (tests) and from the bundle in dist/bundle.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'bin', 'package.json')) === false) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the kubectl-lite package directory');
    dir = up;
  }
  return (root = dir);
}
