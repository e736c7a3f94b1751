/**
 * `get` with `-l k=v`, `-l 'k in (...)'` or `--field-selector spec.nodeName=n` over sharded pods
 * reads the pods the store's indexes (by label, by node) name, and only their shards: what it
 * prints must be what the same command prints when the indexes cannot be used.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { clusterDir } from '../../src/config.js';
import { runBin, tempHome } from '../helpers/cli.js';

const home = tempHome();
const NOW = Date.parse('2026-12-01T10:00:00Z');
/** Runs the binary at a pinned time; `check`: with KUBECTL_LITE_CHECK_SETTLE=1. */
const kl = (args: string, check = true) => runBin(args, { home: home.home, now: NOW, env: { KUBECTL_LITE_CHECK_SETTLE: check ? '1' : '0' } });
const clusterRoot = () => join(clusterDir(home.home, 'lite'), 'store.json');
const objectsDir = () => join(clusterDir(home.home, 'lite'), 'objects');

const COMMANDS = [
  'get pods -A -l app=web -o name',
  'get pods -l app=web',
  'get pods -l app=web,pod-template-hash!=x -o wide',
  'get pods -n other -l app==web -o json',
  'get pods -l app=db -o jsonpath={.items[*].metadata.name}',
  'get pods -A -l "app in (web,db)" -o yaml',
  'get pods -A -l "app in (db)" -o custom-columns=NAME:.metadata.name,NS:.metadata.namespace',
  'get pods -A --field-selector spec.nodeName=lite-worker -o name',
  'get pods --field-selector spec.nodeName=lite-worker2,status.phase=Running',
  'get pods -A -l app=web --field-selector spec.nodeName=lite-worker3',
  'get pods -n other -l app=nothing-has-this',
  'get pods -A -l app=db --sort-by=.metadata.name -o name',
  // The other verbs that list with -l, and describe's own listings (pods of a ReplicaSet, of a
  // node; Events about the object, through the index of Events by involvedObject uid).
  'describe pods -l app=db',
  'describe rs -l app=web',
  'describe deployment web',
  'describe node lite-worker',
  'describe service kubernetes -n default',
  'logs -l app=db --tail=1',
  'top pods -l app=db',
  // Events about one object, through the index of Events by involvedObject (its name's group),
  // among them one a user made that names no uid.
  "get events -A --field-selector involvedObject.name=web -o custom-columns=NS:.metadata.namespace,REASON:.reason,KIND:.involvedObject.kind,MESSAGE:.message",
  'get events --field-selector involvedObject.name=web,involvedObject.kind=Deployment -o name',
  'get events --field-selector involvedObject.name=no-such-object',
  // Writes with -l find their objects through the indexes as their transaction sees them.
  'label pods -l app=db tier=x --dry-run=server',
  'annotate pods -A -l "app in (web)" note=y --dry-run=client',
  'delete pods -n other -l app=web --dry-run=server',
];

before(() => {
  // More than 64 pods: the store shards them, and keeps their indexes from then on.
  for (const c of ['create deployment web --image=nginx:1.27 --replicas=40', 'create deployment db --image=redis:7 --replicas=30', 'create namespace other', 'create deployment web -n other --image=nginx:1.27 --replicas=5']) {
    const r = kl(c);
    assert.equal(r.code, 0, `${c}: ${r.stderr}`);
  }
  const note = join(home.home, 'note.yaml');
  writeFileSync(note, 'apiVersion: v1\nkind: Event\nmetadata: {name: web.note}\ninvolvedObject: {kind: Deployment, name: web, namespace: default}\nreason: Noted\nmessage: a note a user made\ntype: Normal\n');
  const r = kl(`create -f ${note}`);
  assert.equal(r.code, 0, r.stderr);
});

after(() => home.dispose());

/** Runs `fn` with the pods' persisted indexes marked as another build's (so unusable: every listing reads all pods), then puts them back. */
function withoutIndexes(fn: () => void): void {
  const good = readFileSync(clusterRoot(), 'utf8');
  const root = JSON.parse(good);
  assert.ok(root.indexes?.['core/pods']?.files?.label, 'the store keeps the pods\' label index');
  assert.ok(root.indexes?.['core/events']?.files?.involved, 'the store keeps the Events\' involvedObject index');
  for (const rec of Object.values(root.indexes) as Array<{ version: string }>) rec.version = 'another build';
  writeFileSync(clusterRoot(), JSON.stringify(root));
  try {
    fn();
  } finally {
    writeFileSync(clusterRoot(), good);
  }
}

test('get with label and node selectors prints the same through the indexes as without them', () => {
  const withIndex = COMMANDS.map((c) => kl(c));
  for (const [i, r] of withIndex.entries()) assert.equal(r.code, COMMANDS[i]!.startsWith('top ') ? r.code : 0, `${COMMANDS[i]}: ${r.stderr}`);
  assert.match(withIndex[COMMANDS.indexOf('describe pods -l app=db')]!.stdout, /Successfully assigned default\/db-/);
  assert.equal(withIndex[0]!.stdout.split('\n').filter(Boolean).length, 45);
  assert.match(withIndex[10]!.stderr, /^No resources found in other namespace\.$/m);
  const about = withIndex[COMMANDS.findIndex((c) => c.includes('involvedObject.name=web -o custom'))]!.stdout;
  assert.match(about, /^default +ScalingReplicaSet +Deployment +Scaled up replica set web-\S+ from 0 to 40$/m);
  assert.match(about, /^other +ScalingReplicaSet +Deployment +Scaled up replica set web-\S+ from 0 to 5$/m);
  assert.match(about, /^default +Noted +Deployment +a note a user made$/m);
  withoutIndexes(() => {
    for (const [i, c] of COMMANDS.entries()) {
      const r = kl(c);
      assert.equal(r.code, withIndex[i]!.code, `${c}: ${r.stderr}`);
      assert.equal(r.stdout, withIndex[i]!.stdout, c);
      assert.equal(r.stderr, withIndex[i]!.stderr, c);
    }
  });
});

test('get -l k=v reads only the shards of the pods the label index names', () => {
  const root = JSON.parse(readFileSync(clusterRoot(), 'utf8'));
  const files: string[] = root.sharded['core/pods'].files;
  // A shard none of whose pods is labelled app=db, made unreadable, and its summaries with it
  // (a listing from the summaries reads them all, and then every pod).
  const other = files.find((f) => !readFileSync(join(objectsDir(), f), 'utf8').includes('"app":"db"'));
  assert.ok(other, 'a shard without app=db pods');
  const paths = [join(objectsDir(), other), join(objectsDir(), `summary.${other}`)];
  const good = paths.map((p) => readFileSync(p, 'utf8'));
  for (const p of paths) writeFileSync(p, '{"not": a shard');
  try {
    // Check mode lists every pod to compare, so it is off here.
    for (const c of ['get pods -l app=db -o name', 'get pods -l app=db', 'get pods -l app=db -o jsonpath={.items[*].metadata.name}', 'describe pods -l app=db', 'logs -l app=db --tail=1 --prefix']) {
      const selected = kl(c, false);
      assert.equal(selected.code, 0, `${c}: ${selected.stderr}`);
      assert.match(selected.stdout, /db-/, c);
    }
    const all = kl('get pods -o name', false);
    assert.equal(all.code, 1);
    assert.match(all.stderr, new RegExp(other.replace(/\./g, '\\.')));
  } finally {
    paths.forEach((p, i) => writeFileSync(p, good[i]!));
  }
});

test('get events --field-selector involvedObject.name=N reads only the shards of the Events its index group names', () => {
  const root = JSON.parse(readFileSync(clusterRoot(), 'utf8'));
  const files: string[] = root.sharded['core/events']?.files ?? [];
  const other = files.find((f) => !readFileSync(join(objectsDir(), f), 'utf8').includes('"name":"web"'));
  assert.ok(other, 'an Events shard with no Event about web');
  const paths = [join(objectsDir(), other), join(objectsDir(), `summary.${other}`)].filter((p) => existsSync(p));
  const good = paths.map((p) => readFileSync(p, 'utf8'));
  for (const p of paths) writeFileSync(p, '{"not": a shard');
  try {
    const selected = kl('get events -A --field-selector involvedObject.name=web -o name', false);
    assert.equal(selected.code, 0, selected.stderr);
    assert.match(selected.stdout, /^event\/web\.note$/m);
    const all = kl('get events -A -o name', false);
    assert.equal(all.code, 1);
    assert.match(all.stderr, new RegExp(other.replace(/\./g, '\\.')));
  } finally {
    paths.forEach((p, i) => writeFileSync(p, good[i]!));
  }
});

test('after a relabel, the index gives the pod under its new label', () => {
  const web = kl('get pods -l app=web -o name').stdout.split('\n')[0]!.slice('pod/'.length);
  const r = kl(`label pod ${web} app=db --overwrite`);
  assert.equal(r.code, 0, r.stderr);
  const listed = kl('get pods -l app=db -o name');
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, new RegExp(`^pod/${web}$`, 'm'));
  // Its ReplicaSet released it and made another: 40 web pods again.
  assert.equal(kl('get pods -l app=web -o name').stdout.split('\n').filter(Boolean).length, 40);
  withoutIndexes(() => assert.equal(kl('get pods -l app=db -o name').stdout, listed.stdout));
});

test('a listing through an index that lost a pod is caught under KUBECTL_LITE_CHECK_SETTLE=1 (and is what is printed otherwise)', () => {
  const root = JSON.parse(readFileSync(clusterRoot(), 'utf8'));
  const bucket = 'default\u0000app=db';
  const file = (root.indexes['core/pods'].files.label as string[]).map((f) => join(objectsDir(), f)).find((f) => bucket in JSON.parse(readFileSync(f, 'utf8')));
  assert.ok(file, 'the label index file holding app=db');
  const good = readFileSync(file, 'utf8');
  const index = JSON.parse(good);
  const lost = index[bucket].shift();
  writeFileSync(file, JSON.stringify(index));
  try {
    const unchecked = kl('get pods -l app=db -o name', false);
    assert.equal(unchecked.code, 0, unchecked.stderr);
    assert.doesNotMatch(unchecked.stdout, new RegExp(`pod/${lost.slice('default/'.length)}$`, 'm'));
    const checked = kl('describe pods -l app=db');
    assert.notEqual(checked.code, 0);
    assert.match(checked.stderr, /listed through the store's indexes differ from those a full listing selects/);
  } finally {
    writeFileSync(file, good);
  }
});
