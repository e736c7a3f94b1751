/**
 * `cluster snapshot save|restore`: every object and the clock go to a file and come back; a
 * snapshot this version cannot read is refused with the reason, and the store is left as it was.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, runBin, tempHome } from '../helpers/cli.js';

const NOW = Date.parse('2026-06-01T10:00:00Z');

test('save, change, restore: the cluster reads as it did, clock included', () => {
  const h = tempHome();
  try {
    const o = { home: h.home, now: NOW };
    assert.equal(runBin(['apply', '-f', join(REPO_ROOT, 'manifests', 'web.yaml')], o).code, 0);
    const file = join(h.home, 'snap.yaml');
    const saved = runBin(['cluster', 'snapshot', 'save', file], o);
    assert.match(saved.stdout, /^cluster "lite" saved to .*snap\.yaml \(\d+ objects\)\n$/);
    const list = readFileSync(file, 'utf8');
    assert.match(list, /^apiVersion: v1\nitems:\n/);
    assert.match(list, /snapshot\.kubectl-lite\.io\/clock: "2026-06-01T10:00:00Z"/);
    const before = runBin(['get', 'all', '-A', '-o', 'wide'], o).stdout;
    // Later, on another day: things were deleted and added.
    const later = { home: h.home, now: NOW + 86_400_000 };
    runBin(['delete', '-f', join(REPO_ROOT, 'manifests', 'web.yaml')], later);
    runBin(['create', 'configmap', 'extra'], later);
    const restored = runBin(['cluster', 'snapshot', 'restore', file], later);
    assert.match(restored.stdout, /^cluster "lite" restored from .*snap\.yaml \(\d+ objects\)\n$/);
    // The clock is back at the save: ages read as they did then.
    assert.equal(runBin(['get', 'all', '-A', '-o', 'wide'], later).stdout, before);
    assert.equal(runBin(['get', 'cm', 'extra'], later).code, 1);
    // And it runs on from there: the restored cluster takes writes as before.
    assert.equal(runBin(['scale', 'deploy/web', '--replicas=1'], later).code, 0);
    assert.match(runBin(['get', 'deploy', 'web'], later).stdout, /\nweb +1\/1 /);
  } finally {
    h.dispose();
  }
});

test('a JSON snapshot, a newer format and unknown kinds', () => {
  const h = tempHome();
  try {
    const o = { home: h.home, now: NOW };
    runBin(['create', 'configmap', 'keep'], o);
    const file = join(h.home, 'snap.json');
    assert.equal(runBin(['cluster', 'snapshot', 'save', file], o).code, 0);
    const snap = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(snap.kind, 'List');
    const newer = join(h.home, 'newer.json');
    writeFileSync(newer, JSON.stringify({ ...snap, metadata: { annotations: { ...snap.metadata.annotations, 'snapshot.kubectl-lite.io/format': '9', 'snapshot.kubectl-lite.io/written-by': 'kubectl-lite 9.0.0' } } }));
    const r = runBin(['cluster', 'snapshot', 'restore', newer], o);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: cannot restore .*newer\.json: it was written by kubectl-lite 9\.0\.0 in snapshot format 9, and kubectl-lite \S+ reads format 1 and older; use a newer kubectl-lite\n$/);
    const odd = join(h.home, 'odd.json');
    writeFileSync(odd, JSON.stringify({ ...snap, items: [...snap.items, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }] }));
    const r2 = runBin(['cluster', 'snapshot', 'restore', odd], o);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /cannot store example\.com\/v1 Widget\n$/);
    runBin(['create', 'configmap', 'after'], o);
    assert.equal(runBin(['get', 'cm', 'after', '-o', 'name'], o).stdout, 'configmap/after\n');
    assert.equal(runBin(['cluster', 'snapshot', 'restore', file], o).code, 0);
    assert.equal(runBin(['get', 'cm', '-o', 'name'], o).stdout, 'configmap/keep\nconfigmap/kube-root-ca.crt\n');
  } finally {
    h.dispose();
  }
});
