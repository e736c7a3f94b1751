// Bundles the compiled CLI (dist/src) into one CommonJS file, dist/bundle/kubectl-lite.cjs. One file
// is the cheapest thing for Node to load: a command reads and compiles it once, and esbuild wraps
// each module in a lazy initialiser, so a verb's code runs only when that verb is used (start-up
// target: `get` within 1.3x of a bare node start). Unit tests keep importing dist/src directly.
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

await build({
  entryPoints: ['dist/src/main.js'],
  outfile: 'dist/bundle/kubectl-lite.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [lazyChildProcess],
  // Code that finds files relative to itself (packageRoot) sees the bundle's own location.
  define: { 'import.meta.url': '__klModuleUrl' },
  banner: { js: "var __klModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  legalComments: 'none',
});
