import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** Generated files are self-contained (scripts/build-validators.mjs checks): they get no require. */
function noRequire(id: string): never {
  throw new Error(`a generated module may not require "${id}"`);
}

/** The generated files compiled so far, by path (scripts/warm-cache.mjs writes their caches after a warm-up). */
const compiled = new Map<string, Script>();

/** The scripts requireWithCodeCache compiled in this process, by file. */
export function compiledScripts(): ReadonlyMap<string, Script> {
  return compiled;
}

/**
 * require() for a generated CommonJS file, compiled with the V8 code cache the build left next to
 * it (`<file>.cache`) when there is one V8 accepts: most of the cost of loading a precompiled
 * validator is compiling it.
 */
export function requireWithCodeCache(file: string): unknown {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // compile without
  }
  // Generated files are ASCII (the build checks), and latin1 is the cheaper decoding.
  // The file is the CommonJS module wrapper function itself (scripts/build-validators.mjs).
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  compiled.set(file, script);
  const mod = { exports: {} as unknown };
  script.runInThisContext()(mod.exports, noRequire, mod, file, dirname(file));
  return mod.exports;
}
