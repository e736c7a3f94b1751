// Bundles the compiled CLI (dist/src) into CommonJS files, dist/bundle/kubectl-lite.cjs (every verb)
// and kubectl-lite-core.cjs (the verbs run most often; see below). One file is the cheapest thing
// for Node to load: a command reads and compiles one bundle once, and esbuild wraps
// each module in a lazy initialiser, so a verb's code runs only when that verb is used (start-up
// target: `get` within 1.3x of a bare node start). Unit tests keep importing dist/src directly.
import { readFileSync as readSource } from 'node:fs';
import { storeVersions } from './store-versions.mjs';
import { build } from 'esbuild';

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

/**
 * Two bundles of the same program. The full one holds every verb. The core one leaves out the
 * verbs whose code is big and rarely the first thing run (bin/kubectl-lite's FULL_ONLY: describe,
 * run, serve, dashboard, load, shell, ...): it is half the size, so the commands run most often
 * (get, apply, delete, label, scale, ...) read, convert and deserialise half the bytes at start.
 * bin/kubectl-lite picks the core bundle when the command line's first word is a core verb. Each
 * process loads exactly one bundle, so no module is ever loaded twice.
 */
const binText = readSource('bin/kubectl-lite', 'utf8');
const fullOnlyMatch = /const FULL_ONLY = new Set\((\[[^\]]*\])\)/.exec(binText);
if (!fullOnlyMatch) throw new Error('bin/kubectl-lite has no FULL_ONLY set');
const FULL_ONLY = new Set(JSON.parse(fullOnlyMatch[1].replace(/'/g, '"')));
const VERB_NAMES = [...readSource('src/cli/index.ts', 'utf8').matchAll(/\{ name: '([a-z_-]+)'/g)].map((m) => m[1]);
for (const v of FULL_ONLY) if (!VERB_NAMES.includes(v)) throw new Error(`bin/kubectl-lite FULL_ONLY names "${v}", which is no verb`);

/** In the core bundle, the module of a FULL_ONLY verb is a stub that says so (bin never lets it run). */
const leaveOutFullOnlyVerbs = {
  name: 'leave-out-full-only-verbs',
  setup(b) {
    b.onLoad({ filter: /dist[\\/]src[\\/]cli[\\/][a-z_-]+\.js$/ }, (args) => {
      const name = args.path.split(/[\\/]/).pop().slice(0, -3);
      if (!FULL_ONLY.has(name)) return undefined;
      return { contents: `throw new Error('internal error: the verb "${name}" is not in the core bundle');`, loader: 'js' };
    });
  },
};

// What a store made by one build may keep using under another (see scripts/store-versions.mjs).
const VERSIONS = Object.fromEntries(Object.entries(await storeVersions({ plugins: [lazyChildProcess] })).map(([k, v]) => [k, JSON.stringify(v)]));

const BUNDLES = [
  { file: 'dist/bundle/kubectl-lite.cjs', plugins: [lazyChildProcess], warm: ['describe'] },
  { file: 'dist/bundle/kubectl-lite-core.cjs', plugins: [lazyChildProcess, leaveOutFullOnlyVerbs], warm: [] },
];

for (const { file, plugins } of BUNDLES) {
  const result = await build({
    entryPoints: ['dist/src/main.js'],
    outfile: file,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    plugins,
    // node-forge (certificates, for serve only) is required from node_modules when serve first runs, not read by every command;
    // so is the CEL evaluator, when a custom resource's schema first has a rule to evaluate.
    external: ['node-forge', '@marcbachmann/cel-js'],
    // Code that finds files relative to itself (packageRoot) sees the bundle's own location. The URL
    // is made on first use: most commands never ask for it, and the first pathToFileURL of a process
    // costs about a millisecond.
    define: { 'import.meta.url': '__klModule.url', ...VERSIONS },
    // The file is the CommonJS module wrapper itself, so bin/kubectl-lite compiles it as it is read.
    banner: { js: "(function (exports, require, module, __filename, __dirname) { 'use strict'; var __klModuleUrl, __klModule = { get url() { return (__klModuleUrl ??= require('node:url').pathToFileURL(__filename).href); } };" },
    footer: { js: '\n})' },
    logLevel: 'warning',
    legalComments: 'none',
    // Fewer bytes to read, convert and deserialise at every start: whitespace, syntax and local
    // names are minified, and so are the names of functions and classes (nothing reads them; keepNames
    // would wrap every function and class the code creates in a call that sets its name).
    minifyWhitespace: true,
    minifySyntax: true,
    // KL_READABLE_BUNDLE=1 keeps local names, for CPU profiles that name functions (the versions
    // above are the same, so a store made by the minified build is read as its own).
    minifyIdentifiers: process.env.KL_READABLE_BUNDLE !== '1',
    keepNames: false,
  });
  // A core verb that imports a FULL_ONLY verb's module would find it empty.
  if (result.warnings.length) throw new Error(`${file}: esbuild warned (see above); a FULL_ONLY verb may be imported by a core one`);

  // bin/kubectl-lite reads the bundle as latin1, which is cheaper than decoding UTF-8 and the same
  // for ASCII: esbuild escapes non-ASCII text in strings, but not in regular expressions.
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(file, 'latin1');
  const at = text.search(/[^\x00-\x7f]/);
  if (at >= 0) throw new Error(`${file} is not ASCII at offset ${at}: ${JSON.stringify(text.slice(at - 40, at + 10))}`);
}

// A V8 code cache for each precompiled validator (src/util/code-cache.ts loads them), after one call so
// that the validating function itself is compiled into the cache. Made before the bundles' caches:
// the write warm-up below replaces the caches of the validators it used with ones made after
// validating real objects (see scripts/warm-cache.mjs).
{
  const { readdirSync, readFileSync, writeFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const { dirname, join, resolve } = await import('node:path');
  const { Script } = await import('node:vm');
  const dir = resolve('dist/validators');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.cjs'))) {
    const file = join(dir, name);
    const script = new Script(readFileSync(file, 'latin1'), { filename: file });
    const mod = { exports: {} };
    script.runInThisContext()(mod.exports, createRequire(file), mod, file, dirname(file));
    const validate = typeof mod.exports === 'function' ? mod.exports : mod.exports.default;
    if (typeof validate === 'function') validate({ apiVersion: 'v1', kind: 'X', metadata: { name: 'warm' }, spec: {} });
    writeFileSync(`${file}.cache`, script.createCachedData());
  }
}

// V8 code caches for each bundle, made after a warm-up so that the functions a typical command
// compiles lazily are in them too (scripts/warm-cache.mjs, one process per cache). bin/kubectl-lite
// uses one when V8 accepts it: for the core verbs in its CACHE_OF, the cache of their kind (read or
// write: made by a warm-up of that kind alone, in a cluster set up beforehand, so it is smaller),
// else the bundle's general one.
{
  const { rmSync } = await import('node:fs');
  const { spawnSync } = await import('node:child_process');
  const cacheOfMatch = /const CACHE_OF = (\{[^}]*\});/.exec(binText);
  if (!cacheOfMatch) throw new Error('bin/kubectl-lite has no CACHE_OF table');
  const CACHE_OF = JSON.parse(cacheOfMatch[1].replace(/'/g, '"'));
  for (const v of Object.keys(CACHE_OF)) if (!VERB_NAMES.includes(v) || FULL_ONLY.has(v)) throw new Error(`bin/kubectl-lite CACHE_OF names "${v}", which is no core verb`);
  const KINDS = [...new Set(Object.values(CACHE_OF))];
  // A cache left from an older bundle of the same length would be accepted by V8: none is kept
  // while the new ones are made (the warm-ups' set-up runs bin/kubectl-lite).
  for (const { file } of BUNDLES) for (const suffix of ['', ...KINDS.map((k) => `.${k}`)]) rmSync(`${file}${suffix}.cache`, { force: true });
  const GET_RUNS = [['get', 'pods'], ['get', 'pods', '-o', 'wide'], ['get', 'pod', 'warm', '-o', 'yaml'], ['get', 'svc,deploy', '-A']];
  const KIND_RUNS = { read: { setup: [['apply', '-f', '-']], runs: GET_RUNS }, write: { setup: [['apply', '-f', '-']], runs: [['apply', '-f', '-']] } };
  const caches = [];
  for (const { file, warm } of BUNDLES) {
    const runs = [['version'], ['apply', '-f', '-'], ...GET_RUNS];
    if (warm.includes('describe')) runs.push(['describe', 'pod', 'warm']);
    caches.push({ file, out: `${file}.cache`, setup: [], runs });
  }
  const core = BUNDLES.find((b) => b.file.endsWith('-core.cjs')).file;
  for (const kind of KINDS) {
    if (!KIND_RUNS[kind]) throw new Error(`bin/kubectl-lite CACHE_OF names a cache "${kind}", which has no warm-up in scripts/bundle.mjs`);
    caches.push({ file: core, out: `${core}.${kind}.cache`, ...KIND_RUNS[kind], validators: kind === 'write' });
  }
  for (const c of caches) {
    const argv = ['scripts/warm-cache.mjs', c.file, c.out, JSON.stringify(c.setup), JSON.stringify(c.runs), ...(c.validators ? ['validators'] : [])];
    const r = spawnSync(process.execPath, argv, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`code cache ${c.out} failed`);
  }
}
