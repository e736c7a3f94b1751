import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';

function manifest(): string {
  const items = [];
  for (const name of ['a', 'b', 'c']) {
    const labels = { app: name };
    items.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
      spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    });
  }
  for (const name of ['a', 'b', 'c']) items.push({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

const generation = (home: string): number => JSON.parse(readFileSync(join(home, 'clusters', 'lite', 'store.json'), 'utf8')).generation;

/** Applies the manifest in parts of `part` work (undefined: the default) and returns what a user sees after. */
function applyIn(part: string | undefined, verb = 'apply') {
  const h = tempHome();
  try {
    const env = part ? { KUBECTL_LITE_WRITE_PART: part } : undefined;
    const o = { home: h.home, now: '2026-12-03T10:00:00Z', env };
    assert.equal(runBin('get ns', o).code, 0);
    const before = generation(h.home);
    const applied = runBin(`${verb} -f -`, { ...o, stdin: manifest() });
    assert.equal(applied.code, 0, applied.stderr);
    const commits = generation(h.home) - before;
    const pods = runBin(['get', 'pods', '-o', 'custom-columns=PHASE:.status.phase,READY:.status.conditions[?(@.type=="Ready")].status', '--no-headers'], o).stdout;
    const endpoints = runBin(['get', 'endpoints', 'a', 'b', 'c', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.subsets[0].addresses[*].nodeName}{"\\n"}{end}'], o);
    return { out: applied.stdout, commits, pods, endpoints: endpoints.stdout.trim().split('\n').map((l) => `${l.split('=')[0]}:${l.split(' ').length}`) };
  } finally {
    h.dispose();
  }
}

test('a manifest bigger than one part is applied in several commits, with what one commit gives', () => {
  const whole = applyIn(undefined);
  // Each Deployment is 1 + 2 replicas of work: with parts of 3, each goes in a commit of its own, the Services in a fourth.
  const parts = applyIn('3');
  assert.equal(whole.commits, 1);
  assert.equal(parts.commits, 4);
  assert.equal(parts.out, whole.out);
  assert.equal(parts.out.split('\n').filter(Boolean).length, 6);
  assert.equal(parts.pods, whole.pods);
  assert.deepEqual(parts.pods.trim().split('\n').map((l) => l.split(/\s+/).join(' ')), Array(6).fill('Running True'));
  assert.deepEqual(parts.endpoints, ['a:2', 'b:2', 'c:2']);
  assert.deepEqual(parts.endpoints, whole.endpoints);
});

test('create -f is written in the same parts', () => {
  const whole = applyIn(undefined, 'create');
  const parts = applyIn('3', 'create');
  assert.deepEqual([whole.commits, parts.commits], [1, 4]);
  assert.equal(parts.out, whole.out);
  assert.match(parts.out, /^deployment\.apps\/a created\n/);
  assert.equal(parts.pods, whole.pods);
  assert.deepEqual(parts.endpoints, ['a:2', 'b:2', 'c:2']);
});
