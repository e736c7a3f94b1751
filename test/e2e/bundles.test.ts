/**
 * bin/kubectl-lite loads the core bundle for every verb but FULL_ONLY: each of those verbs must
 * be whole in it. `VERB --help` runs the verb's own module (its flags and usage) from the bundle
 * bin picked, and the core bundle's stand-in for a left-out verb fails loudly.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Script } from 'node:vm';
import { VERBS } from '../../src/cli/index.js';
import { BIN, REPO_ROOT, tempHome } from '../helpers/cli.js';

const binText = readFileSync(BIN, 'utf8');
const FULL_ONLY: string[] = JSON.parse(/const FULL_ONLY = new Set\((\[[^\]]*\])\)/.exec(binText)![1]!.replace(/'/g, '"'));
const CACHE_OF: Record<string, string> = JSON.parse(/const CACHE_OF = (\{[^}]*\});/.exec(binText)![1]!.replace(/'/g, '"'));

test('the core bundle is smaller and leaves out only FULL_ONLY verbs', () => {
  const core = readFileSync(join(REPO_ROOT, 'dist', 'bundle', 'kubectl-lite-core.cjs'), 'latin1');
  const full = readFileSync(join(REPO_ROOT, 'dist', 'bundle', 'kubectl-lite.cjs'), 'latin1');
  assert.ok(core.length < full.length * 0.8, `core ${core.length} bytes, full ${full.length}`);
  for (const v of FULL_ONLY) assert.ok(core.includes(`the verb "${v}" is not in the core bundle`), v);
  assert.ok(!full.includes('is not in the core bundle'));
});

test('no dynamic import is left for the bundles to make: the compiled script has no module loader', () => {
  // `await import('node:fs')` survives bundling and fails at run time (A dynamic import callback was not specified).
  for (const file of ['kubectl-lite.cjs', 'kubectl-lite-core.cjs']) {
    const text = readFileSync(join(REPO_ROOT, 'dist', 'bundle', file), 'latin1');
    assert.deepEqual(text.match(/\bimport\(\s*["'`][^"'`]+["'`]\s*\)/g) ?? [], [], file);
  }
});

test('every verb runs from the bundle bin picks for it', () => {
  const h = tempHome();
  try {
    for (const { name } of VERBS.filter((v) => !v.hidden)) {
      const r = spawnSync(process.execPath, [BIN, name, '--help'], { env: { PATH: process.env.PATH, KUBECTL_LITE_HOME: h.home, NO_COLOR: '1' }, encoding: 'utf8' });
      assert.equal(r.status, 0, `${name} --help: ${r.stderr}`);
      assert.ok(r.stdout.includes('Usage:'), `${name} --help printed no usage`);
    }
  } finally {
    h.dispose();
  }
});

test('each code cache bin may load is accepted by V8 for its bundle, and a kind\'s cache is smaller than the general one', () => {
  const dir = join(REPO_ROOT, 'dist', 'bundle');
  const caches = [
    ['kubectl-lite.cjs', ''],
    ['kubectl-lite-core.cjs', ''],
    ...[...new Set(Object.values(CACHE_OF))].map((kind) => ['kubectl-lite-core.cjs', `.${kind}`]),
  ] as const;
  assert.ok(caches.length > 2, 'bin names no cache of a kind');
  for (const [bundle, suffix] of caches) {
    const file = join(dir, bundle);
    const cachedData = readFileSync(`${file}${suffix}.cache`);
    const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
    assert.equal(script.cachedDataRejected, false, `${bundle}${suffix}.cache was rejected`);
    if (suffix) assert.ok(cachedData.length < readFileSync(`${file}.cache`).length, `${bundle}${suffix}.cache is no smaller than the general cache`);
  }
});

test('the Pod validator\'s code cache was made after validating a real Pod: validating one compiles nothing more', () => {
  const file = join(REPO_ROOT, 'dist', 'validators', 'Pod.cjs');
  const cachedData = readFileSync(`${file}.cache`);
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  assert.equal(script.cachedDataRejected, false);
  const mod = { exports: {} as unknown };
  script.runInThisContext()(mod.exports, undefined, mod, file, join(file, '..'));
  const validate = mod.exports as (o: unknown) => boolean;
  // A Pod as the API server validates it on create: defaulted, one container.
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', labels: { app: 'p' } },
    spec: {
      containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
    },
  };
  assert.equal(validate(pod), true);
  // What V8 compiled for that call would make the cache bigger (by about 17 KB when the cache was made after validating a bare skeleton).
  const grown = script.createCachedData().length - cachedData.length;
  assert.ok(grown < 1024, `validating a Pod compiled ${grown} more bytes of code than the cache holds`);
});

test('get and apply do not load node:crypto: it costs about 5 ms of a start-up', () => {
  const { home, dispose } = tempHome();
  try {
    const env = { ...process.env, KUBECTL_LITE_HOME: home, NO_COLOR: '1' };
    const pod = join(home, 'pod.yaml');
    spawnSync(process.execPath, [BIN, 'create', 'deployment', 'web', '--image=nginx', '--replicas=3'], { env });
    writeFileSync(pod, 'apiVersion: v1\nkind: Pod\nmetadata: {name: one}\nspec: {containers: [{name: c, image: nginx}]}\n');
    // A preloaded module prints, as the command exits, the built-in modules it loaded.
    const report = join(home, 'report.cjs');
    writeFileSync(report, "process.on('exit', () => process.stderr.write('\\nLOADED ' + process.moduleLoadList.filter((m) => /^NativeModule crypto$/.test(m)).join(',') + '\\n'));\n");
    for (const args of [['get', 'pods'], ['apply', '-f', pod], ['apply', '-f', pod]]) {
      const r = spawnSync(process.execPath, ['--require', report, BIN, ...args], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /\nLOADED \n$/, args.join(' '));
    }
  } finally {
    dispose();
  }
});
