#!/usr/bin/env node
// npm run bench [-- --help | --quick | --skip-scale | --only-startup | --only-load | --only-serve | --only-writers | --only-scale]
// [--nodes N --deployments M] (shrink the scale cluster from 1,000 nodes and 300 Deployments x 100, for a quick look)
// Start-up figures are ratios against `node -e 0`, measured side by side (interleaved runs,
// medians), so a busy machine slows both. Scale figures are wall-clock seconds, with the child's CPU
// time (/proc) beside `get pod ONE` and the writes: on a shared machine wall time says little.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'kubectl-lite');
const args = new Set(process.argv.slice(2));
const USAGE = `usage: npm run bench [-- --quick | --skip-scale | --only-startup | --only-load | --only-serve | --only-writers | --only-scale]
                     [--nodes N] [--deployments M]`;
const FLAGS = new Set(['--quick', '--skip-scale', '--only-startup', '--only-load', '--only-serve', '--only-writers', '--only-scale']);
const VALUED = new Set(['--nodes', '--deployments']);
checkArgs(process.argv.slice(2));

/** Prints the usage for --help; refuses a flag it does not know (it would run the whole bench, 10 minutes or more). */
function checkArgs(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (VALUED.has(a)) {
      if (!(Number(argv[i + 1]) > 0)) fail(`${a} needs a positive number`);
      i++;
    } else if (!FLAGS.has(a)) fail(`unknown flag ${JSON.stringify(a)}`);
  }
}

function fail(message) {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(1);
}
const runs = args.has('--quick') ? 7 : 21;
const argValue = (name, dflt) => {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : dflt;
};
const SCALE_NODES = argValue('--nodes', 1000);
const SCALE_DEPLOYMENTS = argValue('--deployments', 300);

/** Wall ms and, where /proc tells, the child's CPU ms (user + system). */
function timeOnce(cmd, argv, env, outFile) {
  const fd = outFile === undefined ? undefined : openSync(outFile, 'w');
  const cpu0 = childCpuSeconds();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env, encoding: 'utf8', maxBuffer: 1 << 30, ...(fd === undefined ? {} : { stdio: ['ignore', fd, 'pipe'] }) });
  if (fd !== undefined) closeSync(fd);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = childCpuSeconds();
  return { ms, cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) * 1000, r };
}

/** `1.23 s (CPU 0.45 s)`: the machine is shared, so wall time alone says little. */
const withCpu = (t) => `${(t.ms / 1000).toFixed(2)} s${t.cpuMs === undefined ? '' : ` (CPU ${(t.cpuMs / 1000).toFixed(2)} s)`}`;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function kl(home, argv, input) {
  return spawnSync(process.execPath, [bin, ...argv], {
    env: { ...process.env, KUBECTL_LITE_HOME: home, NO_COLOR: '1' },
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
}

function must(r, what) {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${(r.stderr || '').trim().split('\n')[0]}`);
  return r;
}

/** Median ratio of `argvFor(i)` against a bare node start, interleaved. */
function ratio(home, argvFor) {
  const env = { ...process.env, KUBECTL_LITE_HOME: home, NO_COLOR: '1' };
  const base = [];
  const cmd = [];
  for (let i = 0; i < runs; i++) {
    base.push(timeOnce(process.execPath, ['-e', '0'], env).ms);
    const t = timeOnce(process.execPath, [bin, ...argvFor(i)], env);
    if (t.r.status !== 0) throw new Error(`${argvFor(i).join(' ')}: exit ${t.r.status}: ${t.r.stderr.trim().split('\n')[0]}`);
    cmd.push(t.ms);
  }
  return { node: median(base), cmd: median(cmd), ratio: median(cmd) / median(base) };
}

function podManifest(name) {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'bench' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });
}

const results = [];
function report(label, value, target) {
  const line = `${label.padEnd(58)} ${value.padEnd(28)} ${target}`;
  results.push(line);
  console.log(line);
}

function startupBench() {
  const home = mkdtempSync(join(tmpdir(), 'kl-bench-'));
  try {
    const list = { apiVersion: 'v1', kind: 'List', items: Array.from({ length: 50 }, (_, i) => JSON.parse(podManifest(`bench-${i}`))) };
    const file = join(home, 'pods.json');
    writeFileSync(file, JSON.stringify(list));
    must(kl(home, ['apply', '-f', file]), 'apply of 50 pods');
    must(kl(home, ['get', 'pods']), 'get pods');
    const g = ratio(home, () => ['get', 'pods']);
    report('get pods (50 pods) vs node -e 0', `${g.ratio.toFixed(2)}x (${g.cmd.toFixed(0)} vs ${g.node.toFixed(0)} ms)`, 'target <= 1.3x');
    const a = ratio(home, (i) => {
      const f = join(home, `one-${i}.json`);
      writeFileSync(f, podManifest(`one-${i}`));
      return ['apply', '-f', f];
    });
    report('apply -f one pod vs node -e 0', `${a.ratio.toFixed(2)}x (${a.cmd.toFixed(0)} vs ${a.node.toFixed(0)} ms)`, 'target <= 1.5x');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function scaleBench() {
  const home = mkdtempSync(join(tmpdir(), 'kl-bench-scale-'));
  try {
    let t = timeOnce(process.execPath, [bin, 'cluster', 'create', 'scale', '--nodes', String(SCALE_NODES)], { ...process.env, KUBECTL_LITE_HOME: home });
    must(t.r, `cluster create scale --nodes ${SCALE_NODES}`);
    report(`cluster create --nodes ${SCALE_NODES}`, `${(t.ms / 1000).toFixed(2)} s`, '');
    const docs = [];
    for (let i = 0; i < SCALE_DEPLOYMENTS; i++) {
      const labels = { app: `app-${i}` };
      docs.push({
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${i}`, labels },
        spec: { replicas: 100, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } } },
      });
      docs.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `app-${i}` }, spec: { selector: labels, ports: [{ port: 80 }] } });
    }
    const file = join(home, 'scale.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs }));
    const env = { ...process.env, KUBECTL_LITE_HOME: home, NO_COLOR: '1' };
    const rss = join(home, 'rss');
    const preload = join(home, 'rss.cjs');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rss)}, String(process.resourceUsage().maxRSS)));`);
    const peakMB = () => `${(Number(readFileSync(rss, 'utf8')) / 1024).toFixed(0)} MB`;
    t = timeOnce(process.execPath, ['-r', preload, bin, 'apply', '-f', file], env);
    must(t.r, `apply of ${SCALE_DEPLOYMENTS} deployments + services`);
    const applied = t;
    const applyPeak = peakMB();
    // The apply leaves the cluster settled, but for what fell due while it ran and what its last
    // part's settle budget left: the first read after it settles that, and counts in the figure.
    t = timeOnce(process.execPath, ['-r', preload, bin, 'get', 'pods', '-A', '-o', 'name'], env);
    const names = must(t.r, 'get pods -A -o name').stdout;
    report(
      `apply ${SCALE_DEPLOYMENTS} Deployments x100 + ${SCALE_DEPLOYMENTS} Services, then the read that settles the rest (peak RSS)`,
      `${((applied.ms + t.ms) / 1000).toFixed(2)} s = ${withCpu(applied)} (${applyPeak}) + ${withCpu(t)} (${peakMB()})`,
      'target < 10 s (5,000 nodes, 1,500: < 40 s, < 1.5 GB)',
    );
    const one = names.split('\n').find((l) => l.startsWith('pod/app-7-'))?.slice(4) ?? 'missing';
    // The reads below are timed at the moment of the last commit (KUBECTL_LITE_NOW): a read made
    // after timed work fell due (a Lease renewal) settles first, which is a write, not a read.
    const rootFile = join(home, 'clusters', 'scale', 'store.json');
    const wake = JSON.parse(readFileSync(rootFile, 'utf8')).meta['sim.nextWakeMs'];
    const readEnv = { ...env, KUBECTL_LITE_NOW: String(typeof wake === 'number' ? wake - 1000 : Date.now()) };
    t = timeOnce(process.execPath, [bin, 'get', 'pods', '-A', '-o', 'name'], readEnv);
    must(t.r, 'get pods -A -o name');
    const count = t.r.stdout.split('\n').filter((l) => l.startsWith('pod/')).length;
    report(`get pods -A -o name (${count} pods)`, `${(t.ms / 1000).toFixed(2)} s`, 'target < 2 s');
    t = timeOnce(process.execPath, [bin, 'get', 'pod', one], readEnv);
    must(t.r, `get pod ${one}`);
    report('get pod ONE', withCpu(t), 'target < 0.1 s');
    t = timeOnce(process.execPath, [bin, 'get', 'pods', '-A'], readEnv);
    must(t.r, 'get pods -A');
    report('get pods -A', `${(t.ms / 1000).toFixed(2)} s`, 'target < 1.5 s');
    // What a script asks of one app: its pods by label, one pod described (with its Events), all of them described.
    for (const argv of [['get', 'pods', '-l', 'app=app-7'], ['describe', 'pod', one], ['describe', 'pods', '-l', 'app=app-7']]) {
      t = timeOnce(process.execPath, [bin, ...argv], readEnv);
      must(t.r, argv.join(' '));
      report(argv.join(' ').replace(one, 'ONE'), withCpu(t), '');
    }
    // Into a file, as `> pods.json` (through a pipe, spawnSync's collecting of 265 MB takes seconds itself).
    for (const format of ['json', 'yaml']) {
      const out = join(home, `pods.${format}`);
      t = timeOnce(process.execPath, ['-r', preload, bin, 'get', 'pods', '-A', '-o', format], readEnv, out);
      must(t.r, `get pods -A -o ${format}`);
      const mb = (statSync(out).size / 1e6).toFixed(0);
      report(`get pods -A -o ${format} > file (${mb} MB): time, peak RSS`, `${withCpu(t)}, ${peakMB()}`, format === 'json' ? 'target < 2 s, < 400 MB' : '');
      rmSync(out);
    }
    // Writes last: they change the cluster the reads above measured.
    writesBench(env, lines(must(kl(home, ['get', 'pods', '-o', 'name']), 'get pods').stdout));
    report(`8 concurrent label on this cluster: ok, longest lock wait`, await concurrentLabels(home, env, (i) => `app-${20 + i}`), 'target 8/8, < 2 s');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * 8 concurrent writers on a moderately big cluster (100 nodes, 3,000 pods): each `label` must
 * succeed, and none may wait for the store lock more than 2 s (KUBECTL_LITE_LOCK_LOG records each
 * wait).
 */
async function writersBench() {
  const home = mkdtempSync(join(tmpdir(), 'kl-bench-writers-'));
  try {
    const env = { ...process.env, KUBECTL_LITE_HOME: home, NO_COLOR: '1' };
    must(spawnSync(process.execPath, [bin, 'cluster', 'create', 'w', '--nodes', '100'], { env }), 'cluster create w');
    const docs = Array.from({ length: 30 }, (_, i) => {
      const labels = { app: `w-${i}` };
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `w-${i}` }, spec: { replicas: 100, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '10m' } } }] } } } };
    });
    must(spawnSync(process.execPath, [bin, 'apply', '-f', '-'], { env, input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs }), maxBuffer: 1 << 26 }), 'apply of 30 Deployments');
    report('8 concurrent label on 3,000 pods: ok, longest lock wait', await concurrentLabels(home, env, (i) => `w-${i}`), 'target 8/8, < 2 s');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** 8 `label deployment` at once, each logging its lock wait (KUBECTL_LITE_LOCK_LOG): how many succeeded, the longest wait. */
async function concurrentLabels(home, env, deployment) {
  const log = join(home, 'lock-waits');
  rmSync(log, { force: true });
  const t0 = Date.now();
  const codes = await Promise.all(Array.from({ length: 8 }, (_, i) => new Promise((resolve) => {
    spawn(process.execPath, [bin, 'label', 'deployment', deployment(i), `round=${i}`, '--overwrite'], { env: { ...env, KUBECTL_LITE_LOCK_LOG: log }, stdio: 'ignore' }).on('exit', (code) => resolve(code));
  })));
  const waits = readFileSync(log, 'utf8').trim().split('\n').map(Number);
  const ok = codes.filter((c) => c === 0).length;
  return `${ok}/8, ${(Math.max(...waits) / 1000).toFixed(2)} s (all done in ${((Date.now() - t0) / 1000).toFixed(1)} s)`;
}

const lines = (text) => text.split('\n').filter(Boolean).map((l) => l.replace(/^pod\//, ''));

/**
 * One write each on the scale cluster, settled from work queues and, beside it, with every
 * controller whose inputs changed reconciling the whole cluster (KUBECTL_LITE_FULL_SETTLE=1, how
 * every write settled before), with a bare `node -e 0` timed right before each. The queued writes
 * run first, one after the other, as a user's would: a whole-cluster settle takes longer than the
 * settle budget, and the work it leaves (pending keys) would be paid by the write timed after it.
 * The first write comes after the reads, so the Lease renewals due by then are its own figure.
 */
function writesBench(env, pods) {
  const full = { ...env, KUBECTL_LITE_FULL_SETTLE: '1' };
  const podOf = (app, n) => pods.filter((p) => p.startsWith(`app-${app}-`))[n] ?? 'missing';
  const first = timeOnce(process.execPath, [bin, 'label', 'pod', podOf(0, 2), 'first=1'], env);
  must(first.r, 'label pod (first write)');
  report('first write after the reads (renews Leases due)', withCpu(first), '');
  const cases = [
    ['label pod ONE', (i) => ['label', 'pod', podOf(0, i), `bench=${i}`]],
    ['scale deploy (100 -> 99 replicas)', (i) => ['scale', 'deployment', `app-${1 + i}`, '--replicas=99']],
    ['scale deploy (99 -> 100 replicas)', (i) => ['scale', 'deployment', `app-${1 + i}`, '--replicas=100']],
    ['delete pod ONE', (i) => ['delete', 'pod', podOf(3, i), '--wait=false']],
  ];
  const queued = cases.map(([what, argvFor]) => {
    const node = timeOnce(process.execPath, ['-e', '0'], env);
    const t = timeOnce(process.execPath, [bin, ...argvFor(0)], env);
    must(t.r, argvFor(0).join(' '));
    return { node, t };
  });
  cases.forEach(([what, argvFor], i) => {
    const whole = timeOnce(process.execPath, [bin, ...argvFor(1)], full);
    must(whole.r, argvFor(1).join(' '));
    report(`${what}`, `${withCpu(queued[i].t)}, node -e 0 ${withCpu(queued[i].node)}`, `target < 0.3 s; whole-cluster settle ${withCpu(whole)}`);
  });
}

/** CPU seconds used by this process's waited-for children so far (Linux: /proc/self/stat cutime + cstime). */
function childCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * load: 100,000 requests to a Service of 100 pods on the fast-forward form, timed in-process around
 * the requests themselves (CPU and wall); and a live run at 200 requests/s, as CPU share of one core.
 */
async function loadBench() {
  const home = mkdtempSync(join(tmpdir(), 'kl-bench-load-'));
  try {
    const labels = { app: 'loadbench' };
    const docs = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'loadbench' }, spec: { replicas: 100, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '10m' } } }] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'loadbench' }, spec: { selector: labels, ports: [{ port: 80 }] } },
    ];
    const file = join(home, 'load.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs }));
    must(kl(home, ['apply', '-f', file]), 'apply of the load bench Service');
    const dist = join(root, 'dist', 'src');
    const { makeContext } = await import(join(dist, 'main.js'));
    const { buildWorld } = await import(join(dist, 'dataplane', 'world.js'));
    const { http } = await import(join(dist, 'dataplane', 'http.js'));
    const { Tally, sendBatch, parseTarget } = await import(join(dist, 'dataplane', 'load.js'));
    const sink = { write: () => undefined };
    const ctx = makeContext({ io: { out: sink, err: sink, isTTY: false, readStdin: async () => Buffer.alloc(0) }, env: { ...process.env, KUBECTL_LITE_HOME: home }, cwd: home });
    const figure = ctx.session().read((api) => {
      const now = api.clock.now().getTime();
      const world = buildWorld(api.store, now, 1);
      const tally = new Tally(now);
      const wall0 = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      sendBatch({ buildWorld, http }, world, parseTarget('svc/loadbench', 'default'), { kind: 'host' }, {}, tally, 100_000, now, 0);
      const cpu = process.cpuUsage(cpu0);
      return { wall: Number(process.hrtime.bigint() - wall0) / 1e9, cpu: (cpu.user + cpu.system) / 1e6, pods: tally.pods.size, ok: tally.ok };
    });
    if (figure.ok !== 100_000 || figure.pods !== 100) throw new Error(`load bench: ${figure.ok} ok over ${figure.pods} pods`);
    report('load: 100,000 requests over 100 pods (fast-forward)', `${figure.wall.toFixed(2)} s (CPU ${figure.cpu.toFixed(2)} s)`, 'target < 1 s');
    const before = childCpuSeconds();
    const t = timeOnce(process.execPath, [bin, 'load', 'svc/loadbench', '--rate', '200', '--duration', '10s'], { ...process.env, KUBECTL_LITE_HOME: home, NO_COLOR: '1' });
    must(t.r, 'live load at 200/s');
    const after = childCpuSeconds();
    if (before !== undefined && after !== undefined) {
      report('load: live at 200 requests/s for 10 s, CPU of one core', `${(((after - before) / (t.ms / 1000)) * 100).toFixed(1)}%`, 'target < 20%');
    } else report('load: live at 200 requests/s', 'not measured', '(needs /proc)');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** `kubectl-lite serve` on `home`, with an HTTPS client authenticated by the kubeconfig it wrote. */
async function startServe(home) {
  const proc = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env: { ...process.env, KUBECTL_LITE_HOME: home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /at (https:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  const kubeconfig = join(home, 'kubeconfig');
  const cfg = JSON.parse(readFileSync(kubeconfig, 'utf8'));
  const b64 = (s) => Buffer.from(s, 'base64');
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 64,
    ca: b64(cfg.clusters[0].cluster['certificate-authority-data']),
    cert: b64(cfg.users[0].user['client-certificate-data']),
    key: b64(cfg.users[0].user['client-key-data']),
  });
  const get = (path, onData) =>
    new Promise((resolve, reject) => {
      const req = request(`${url}${path}`, { agent }, (res) => {
        let body = '';
        res.on('data', (c) => (onData ? onData(c) : (body += c)));
        res.on('end', () => resolve({ code: res.statusCode, body }));
      });
      req.on('error', reject);
      req.end();
      get.last = req;
    });
  const stop = () => new Promise((r) => { agent.destroy(); proc.on('exit', r); proc.kill('SIGTERM'); });
  return { url, kubeconfig, get, stop };
}

async function serveBench() {
  const home = mkdtempSync(join(tmpdir(), 'kl-bench-serve-'));
  let served;
  try {
    const list = { apiVersion: 'v1', kind: 'List', items: Array.from({ length: 50 }, (_, i) => JSON.parse(podManifest(`bench-${i}`))) };
    const file = join(home, 'pods.json');
    writeFileSync(file, JSON.stringify(list));
    must(kl(home, ['apply', '-f', file]), 'apply of 50 pods');
    served = await startServe(home);
    const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    if (kubectl.status !== 0) {
      report('kubectl get pods via serve vs kubectl-lite get pods', 'not measured', 'real kubectl is not on PATH');
    } else {
      const env = { ...process.env, KUBECTL_LITE_HOME: home, KUBECONFIG: served.kubeconfig, NO_COLOR: '1' };
      const cache = ['--cache-dir', join(home, 'kube-cache')];
      must(spawnSync('kubectl', [...cache, 'get', 'pods'], { env, encoding: 'utf8' }), 'kubectl get pods via serve');
      const viaServe = [];
      const own = [];
      for (let i = 0; i < runs; i++) {
        const k = timeOnce('kubectl', [...cache, 'get', 'pods'], env);
        must(k.r, 'kubectl get pods via serve');
        viaServe.push(k.ms);
        own.push(timeOnce(process.execPath, [bin, 'get', 'pods'], env).ms);
      }
      const r = median(viaServe) / median(own);
      report('kubectl get pods via serve vs kubectl-lite get pods', `${r.toFixed(2)}x (${median(viaServe).toFixed(0)} vs ${median(own).toFixed(0)} ms)`, 'target <= 1.5x');
    }

    // 50 clients listing pods at once, three rounds.
    let errors = 0;
    const t0 = Date.now();
    for (let round = 0; round < 3; round++) {
      const rs = await Promise.all(Array.from({ length: 50 }, () => served.get('/api/v1/namespaces/default/pods').catch(() => ({ code: 0 }))));
      errors += rs.filter((x) => x.code !== 200 || JSON.parse(x.body).items.length !== 50).length;
    }
    report('50 concurrent clients listing 50 pods (x3 rounds)', `${errors} errors, ${((Date.now() - t0) / 3).toFixed(0)} ms a round`, 'target 0 errors');

    // Watch delivery: one commit of 2,000 ConfigMaps (by the CLI), every event to one watch client.
    const n = 2000;
    const listed = JSON.parse((await served.get('/api/v1/namespaces/default/configmaps')).body);
    let received = 0;
    let buf = '';
    let tEnd = 0;
    const done = new Promise((resolve) => {
      served.get(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${listed.metadata.resourceVersion}`, (c) => {
        buf += c;
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          if (JSON.parse(buf.slice(0, nl)).type === 'ADDED') received++;
          buf = buf.slice(nl + 1);
        }
        if (received >= n) {
          tEnd = Date.now();
          resolve();
        }
      }).catch(() => undefined);
    });
    const watchReq = served.get.last;
    const cms = join(home, 'cms.json');
    writeFileSync(cms, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: n }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `w-${i}` }, data: { i: String(i) } })) }));
    must(kl(home, ['apply', '-f', cms]), 'apply of 2,000 configmaps');
    const tCommitted = Date.now();
    await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
    watchReq.destroy();
    const ms = Math.max(1, (tEnd || Date.now()) - tCommitted);
    report(`watch: ${n} events from one CLI commit to one client`, `${received} in ${ms} ms (${Math.round((received * 1000) / ms)}/s)`, 'target >= 1000 events/s');
  } finally {
    await served?.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

console.log(`kubectl-lite bench (${runs} interleaved runs per start-up figure; node ${process.version})`);
for (const [name, fn] of [['start-up', startupBench], ['load', loadBench], ['scale', scaleBench], ['writers', writersBench], ['serve', serveBench]]) {
  if ((name === 'scale' || name === 'writers') && args.has('--skip-scale')) continue;
  if (args.has('--only-load') && name !== 'load') continue;
  if (args.has('--only-serve') && name !== 'serve') continue;
  if (args.has('--only-startup') && name !== 'start-up') continue;
  if (args.has('--only-writers') && name !== 'writers') continue;
  if (args.has('--only-scale') && name !== 'scale') continue;
  try {
    await fn();
  } catch (e) {
    report(`${name}: not measured`, '', e.message);
    process.exitCode = 1;
  }
}
