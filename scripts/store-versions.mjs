// The versions a store's derived data carries, computed by the build (scripts/bundle.mjs defines
// them into the bundles). Each is a hash of the compiled modules one module reaches through its
// imports (its own code and all it can run), so a build that changed only, say, a printer or a verb
// keeps a big cluster's persisted indexes, list summaries and controllers' run records, and its
// first command neither rebuilds them nor settles the whole cluster again.
//   __KL_SETTLE_BUILD__: the loop's run records (what the controllers, the API server and the
//                        admission hooks a session gives it compute): cli/session.ts's imports;
//   __KL_INDEX_BUILD__:  the index functions (controllers/informer.ts);
//   __KL_SUMMARY_BUILD__: the list summaries (api/list-summaries.ts);
// and each the store's own code, which writes and reads these files.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Each version's modules, whose imports are followed; the store (file-store.js) is in each, as it writes what they version. */
export const VERSIONED = {
  __KL_SETTLE_BUILD__: ['dist/src/cli/session.js'],
  __KL_INDEX_BUILD__: ['dist/src/controllers/informer.js', 'dist/src/store/file-store.js'],
  __KL_SUMMARY_BUILD__: ['dist/src/api/list-summaries.js', 'dist/src/store/file-store.js'],
};

/** `{ name: hash }` for each of VERSIONED, from the compiled sources under `root`; `read` reads a module's text, given its path under `root` (tests change one). */
export async function storeVersions({ root = process.cwd(), plugins = [], read = (path) => readFileSync(join(root, path)) } = {}) {
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: ['dist/src/main.js'],
    bundle: true,
    write: false,
    metafile: true,
    outfile: 'versions.cjs',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    plugins,
    external: ['node-forge', '@marcbachmann/cel-js'],
    define: { 'import.meta.url': '__klModuleUrl' },
    logLevel: 'error',
  });
  const closureHash = (entries) => {
    for (const entry of entries) if (!metafile.inputs[entry]) throw new Error(`store-versions: ${entry} is not in the bundle`);
    const seen = new Set(entries);
    for (const todo = [...entries]; todo.length; ) {
      for (const i of metafile.inputs[todo.pop()]?.imports ?? []) {
        if (!i.external && !seen.has(i.path)) {
          seen.add(i.path);
          todo.push(i.path);
        }
      }
    }
    const hash = createHash('sha256');
    // A module of a plugin's own namespace (`lazy:...`) is no file: its name stands for it.
    for (const path of [...seen].sort()) hash.update(path).update(path.includes(':') ? '' : read(path));
    return hash.digest('hex').slice(0, 16);
  };
  return Object.fromEntries(Object.entries(VERSIONED).map(([name, entries]) => [name, closureHash(entries)]));
}
