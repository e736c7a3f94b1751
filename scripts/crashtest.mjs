#!/usr/bin/env node
// npm run crashtest [-- --rounds N --writers W]
// kill -9 at random moments: each round starts W concurrent writers (label, scale, apply, create,
// delete) on one cluster and kills some of them with SIGKILL after a random delay (0-600 ms), so
// writers die while waiting for the lock, while settling, while writing shards, between a shard
// and the root's rename. After each round: the store must read whole (`get pods -A -o name`
// exits 0, and every shard the root names parses), the next write must not wait on a stuck lock
// (more than 2 s: the lock is free, or its dead holder's is broken at once), and after the last
// round no temp file of a dead writer is left.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'kubectl-lite');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const rounds = opt('--rounds', 100);
const writers = opt('--writers', 4);

const home = mkdtempSync(join(tmpdir(), 'kl-crashtest-'));
const env = { ...process.env, KUBECTL_LITE_HOME: home, NO_COLOR: '1' };
const cluster = join(home, 'clusters', 'lite');
const lockLog = join(home, 'lock-waits.log');
const kl = (args, input) => spawnSync(process.execPath, [bin, ...args], { env, input, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });

function must(r, what) {
  if (r.status !== 0) throw new Error(`${what}: exit ${r.status} ${(r.stderr || '').trim().split('\n')[0]}`);
  return r;
}

// A cluster big enough that writes spend time in shards: 3 Deployments, 120 pods.
const deploy = (i, replicas) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `d${i}` },
  spec: { replicas, selector: { matchLabels: { app: `d${i}` } }, template: { metadata: { labels: { app: `d${i}` } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});
must(kl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [0, 1, 2].map((i) => deploy(i, 40)) })), 'setup');

let seq = 0;
function writerArgs() {
  const n = seq++;
  switch (n % 5) {
    case 0: return [['label', 'deployment', `d${n % 3}`, `round=r${n}`, '--overwrite']];
    case 1: return [['scale', 'deployment', `d${n % 3}`, `--replicas=${30 + (n % 20)}`]];
    case 2: return [['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm${n % 7}` }, data: { n: String(n) } })];
    case 3: return [['create', 'configmap', `c${n}`, `--from-literal=n=${n}`]];
    default: return [['delete', 'configmap', `c${n - 1}`, '--ignore-not-found']];
  }
}

/** Every shard and index file the root names parses, and get lists the pods. */
function check() {
  const text = readFileSync(join(cluster, 'store.json'), 'utf8');
  const r = JSON.parse(text);
  const files = [...Object.values(r.sharded ?? {}).flatMap((s) => s.files), ...Object.values(r.indexes ?? {}).flatMap((x) => Object.values(x.files).flat())];
  for (const f of files) JSON.parse(readFileSync(join(cluster, 'objects', f), 'utf8'));
  must(kl(['get', 'pods', '-A', '-o', 'name']), 'get pods -A');
}

let kills = 0;
let finished = 0;
let failedOtherwise = 0;
let corruptions = 0;
let stuck = 0;
const started = Date.now();
for (let round = 0; round < rounds; round++) {
  const procs = Array.from({ length: writers }, () => {
    const [args, input] = writerArgs();
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    child.stdin.end(input ?? '');
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const done = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal, stderr })));
    return { child, done };
  });
  // Kill all but one at a random moment each (the survivor shows the others' locks do not stick).
  for (const p of procs.slice(1)) setTimeout(() => p.child.kill('SIGKILL'), Math.random() * 600);
  for (const r of await Promise.all(procs.map((p) => p.done))) {
    if (r.signal === 'SIGKILL') kills++;
    else if (r.code === 0) finished++;
    else if (/AlreadyExists|NotFound/.test(r.stderr)) finished++;
    else {
      failedOtherwise++;
      console.error(`round ${round}: a writer failed: ${r.stderr.trim().split('\n')[0]}`);
    }
  }
  try {
    check();
  } catch (e) {
    corruptions++;
    console.error(`round ${round}: ${e.message}`);
  }
  // Nobody else writes now: the lock must be free or its dead holder's lock broken at once.
  rmSync(lockLog, { force: true });
  const w = spawnSync(process.execPath, [bin, 'annotate', 'deployment', 'd0', `checked=r${round}`, '--overwrite'], { env: { ...env, KUBECTL_LITE_LOCK_LOG: lockLog }, encoding: 'utf8' });
  const waited = existsSync(lockLog) ? Math.max(...readFileSync(lockLog, 'utf8').trim().split('\n').map(Number)) : NaN;
  if (w.status !== 0 || !(waited < 2_000)) {
    stuck++;
    console.error(`round ${round}: the write after the kills waited ${waited} ms for the lock, exit ${w.status}: ${(w.stderr || '').trim()}`);
  }
  if ((round + 1) % 10 === 0) console.log(`round ${round + 1}/${rounds}: ${kills} kills, ${finished} writers finished`);
}
// Sweep: the next writer after a broken lock removes dead writers' temp files; one more write makes sure.
must(kl(['annotate', 'deployment', 'd1', 'final=yes', '--overwrite']), 'final write');
const leftovers = [cluster, join(cluster, 'objects')].flatMap((d) => (existsSync(d) ? readdirSync(d) : []).filter((f) => /\.\d+\.tmp$/.test(f) || /^store\.lock\./.test(f)));
const lockLeft = existsSync(join(cluster, 'store.lock'));
const secs = ((Date.now() - started) / 1000).toFixed(0);
console.log(`${rounds} rounds x ${writers} writers in ${secs} s: ${kills} kill -9, ${finished} finished, ${failedOtherwise} failed otherwise; ` +
  `${corruptions} corruptions, ${stuck} stuck locks, ${leftovers.length} temp files left${leftovers.length ? ` (${leftovers.join(', ')})` : ''}, lock file left: ${lockLeft}`);
const ok = corruptions === 0 && stuck === 0 && failedOtherwise === 0 && leftovers.length === 0 && !lockLeft;
if (ok) rmSync(home, { recursive: true, force: true });
else console.error(`store kept for inspection: ${home}`);
process.exit(ok ? 0 : 1);
