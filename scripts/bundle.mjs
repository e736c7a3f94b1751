// Bundles the compiled CLI (dist/src) into one CommonJS file, dist/bundle/kubectl-lite.cjs. One file
// is the cheapest thing for Node to load: a command reads and compiles it once, and esbuild wraps
// each module in a lazy initialiser, so a verb's code runs only when that verb is used (start-up
// target: `get` within 1.3x of a bare node start). Unit tests keep importing dist/src directly.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync as readSource } from 'node:fs';
import { join as joinPath } from 'node:path';
import { build } from 'esbuild';

/** A hash of the compiled sources: the reconcile loop trusts only run records made by the same build. */
function sourceHash(dir) {
  const hash = createHash('sha256');
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = joinPath(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) hash.update(p).update(readSource(p));
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}

/**
 * commander requires node:child_process at load time (for git-style executable subcommands, which
 * kubectl-lite does not use); that drags in net, dgram and streams. Give it a proxy that loads the
 * real module only if it is ever touched.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander') ? { path: 'lazy-child-process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, k) => require('node:child_process')[k] });",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: ['dist/src/main.js'],
  outfile: 'dist/bundle/kubectl-lite.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [lazyChildProcess],
  // node-forge (certificates, for serve only) is required from node_modules when serve first runs, not read by every command;
  // so is the CEL evaluator, when a custom resource's schema first has a rule to evaluate.
  external: ['node-forge', '@marcbachmann/cel-js'],
  // Code that finds files relative to itself (packageRoot) sees the bundle's own location.
  define: { 'import.meta.url': '__klModuleUrl', __KL_BUILD__: JSON.stringify(sourceHash('dist/src')) },
  // The file is the CommonJS module wrapper itself, so bin/kubectl-lite compiles it as it is read.
  banner: { js: "(function (exports, require, module, __filename, __dirname) { 'use strict'; var __klModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  footer: { js: '\n})' },
  logLevel: 'warning',
  legalComments: 'none',
  // Fewer bytes to read and to check against the code cache; names are kept as they are.
  minifyWhitespace: true,
  minifySyntax: true,
});

// bin/kubectl-lite reads the bundle as latin1, which is cheaper than decoding UTF-8 and the same
// for ASCII: esbuild escapes non-ASCII text in strings, but not in regular expressions.
{
  const { readFileSync } = await import('node:fs');
  const text = readFileSync('dist/bundle/kubectl-lite.cjs', 'latin1');
  const at = text.search(/[^\x00-\x7f]/);
  if (at >= 0) throw new Error(`dist/bundle/kubectl-lite.cjs is not ASCII at offset ${at}: ${JSON.stringify(text.slice(at - 40, at + 10))}`);
}

// V8 code cache for the bundle, made after a warm-up so that the functions a typical command
// compiles lazily are in it too. bin/kubectl-lite uses it when V8 accepts it.
{
  const { readFileSync, writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const { tmpdir } = await import('node:os');
  const { join, resolve } = await import('node:path');
  const { Script } = await import('node:vm');
  const file = resolve('dist/bundle/kubectl-lite.cjs');
  // The same text as bin/kubectl-lite compiles, or V8 would reject the cache.
  const source = readFileSync(file, 'latin1');
  const script = new Script(source, { filename: file });
  const mod = { exports: {}, filename: file };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, join(file, '..'));
  const home = mkdtempSync(join(tmpdir(), 'kl-warmup-'));
  const io = { out: { write() {} }, err: { write() {} }, isTTY: false, readStdin: async () => Buffer.from(
    JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'warm', labels: { app: 'warm' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } })) };
  const env = { KUBECTL_LITE_HOME: home, NO_COLOR: '1' };
  try {
    for (const argv of [['version'], ['apply', '-f', '-'], ['get', 'pods'], ['get', 'pods', '-o', 'wide'], ['get', 'pod', 'warm', '-o', 'yaml'], ['describe', 'pod', 'warm'], ['get', 'svc,deploy', '-A']]) {
      await mod.exports.run(argv, { io, env, cwd: home });
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  writeFileSync(`${file}.cache`, script.createCachedData());
}

// The same for each precompiled validator (src/util/code-cache.ts loads them), after one call so
// that the validating function itself is compiled into the cache.
{
  const { readdirSync, readFileSync, writeFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const { dirname, join, resolve } = await import('node:path');
  const { Script } = await import('node:vm');
  const dir = resolve('dist/validators');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.cjs'))) {
    const file = join(dir, name);
    const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, 'latin1')}\n})`;
    const script = new Script(source, { filename: file });
    const mod = { exports: {} };
    script.runInThisContext()(mod.exports, createRequire(file), mod, file, dirname(file));
    const validate = typeof mod.exports === 'function' ? mod.exports : mod.exports.default;
    if (typeof validate === 'function') validate({ apiVersion: 'v1', kind: 'X', metadata: { name: 'warm' }, spec: {} });
    writeFileSync(`${file}.cache`, script.createCachedData());
  }
}
