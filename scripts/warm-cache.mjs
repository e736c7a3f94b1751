// node scripts/warm-cache.mjs BUNDLE OUT SETUP RUNS [validators]: writes OUT, the V8 code cache of BUNDLE made
// after the command lines RUNS (JSON) ran in-process, so that the functions they compile lazily are
// in it too. With `validators`, also the code cache of each precompiled validator the runs loaded
// (dist/validators/<name>.cjs.cache), so that it holds what validating a real object of the kind
// compiles (a Pod's containers, ...), not only what the build's one-line warm-up reached. SETUP (JSON) command lines run first in a child process, through bin/kubectl-lite
// with no cache, so that what they compile stays out of this cache (they apply a pod named warm;
// RUNS that read stdin then apply one named warm-2, else warm). scripts/bundle.mjs runs one
// process per cache: V8 shares the compiled functions of one source within a process, so a second
// cache made in the same process would hold the first one's functions as well.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';

const [bundleFile, out, setupText, runsText, also] = process.argv.slice(2);
const file = resolve(bundleFile);
const pod = (name) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'warm' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });
// The set-up applies pod warm and enough others that the cluster's pods are past what store.json
// keeps inline (64 objects): a command then runs the sharded store's code (shards, their summaries,
// the persisted indexes), as it does on the clusters it is timed on (npm run bench: 50 pods).
const SETUP_PODS = 60;
const setupInput = JSON.stringify({
  apiVersion: 'v1',
  kind: 'List',
  items: [pod('warm'), ...Array.from({ length: SETUP_PODS - 1 }, (_, i) => pod(`fill-${i}`))].map((p) => JSON.parse(p)),
});
const home = mkdtempSync(join(tmpdir(), 'kl-warmup-'));
const env = { KUBECTL_LITE_HOME: home, NO_COLOR: '1' };
try {
  const setup = JSON.parse(setupText);
  for (const argv of setup) {
    const r = spawnSync(process.execPath, [resolve('bin/kubectl-lite'), ...argv], { env: { ...process.env, ...env }, input: setupInput, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`warm-up set-up ${argv.join(' ')}: ${r.stderr}`);
  }
  // The same text as bin/kubectl-lite compiles, or V8 would reject the cache.
  const script = new Script(readFileSync(file, 'latin1'), { filename: file });
  const mod = { exports: {}, filename: file };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, join(file, '..'));
  const io = { out: { write() {} }, err: { write() {} }, isTTY: false, readStdin: async () => Buffer.from(pod(setup.length ? 'warm-2' : 'warm')) };
  for (const argv of JSON.parse(runsText)) await mod.exports.run(argv, { io, env, cwd: home });
  writeFileSync(out, script.createCachedData());
  if (also === 'validators') for (const [f, s] of mod.exports.compiledScripts()) writeFileSync(`${f}.cache`, s.createCachedData());
} finally {
  rmSync(home, { recursive: true, force: true });
}
