/**
 * `get TYPE -o json|yaml` of a whole List reads the store a shard at a time as it prints
 * (src/cli/get-stream.ts) where the store keeps summaries: what it prints must be what the List
 * printed whole prints, byte for byte, in every form (namespaces, selectors, empty, yaml).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Session } from '../../src/cli/session.js';
import { clusterDir } from '../../src/config.js';
import type { KubeObject } from '../../src/api/types.js';
import { runBin, staticCluster, tempHome } from '../helpers/cli.js';
import { NOW, capturedPods, systemPods } from '../unit/table-fixtures.js';

const home = tempHome();
const objectsDir = join(clusterDir(home.home, 'lite'), 'objects');
const NAMESPACES = ['blue', 'green', 'red', 'teal', 'gold', 'grey'];
const kl = (args: string, check = true) => runBin(args, { home: home.home, now: NOW.getTime(), env: { KUBECTL_LITE_CHECK_SETTLE: check ? '1' : '0' } });
const summaryFiles = () => {
  const root = JSON.parse(readFileSync(join(clusterDir(home.home, 'lite'), 'store.json'), 'utf8'));
  const current = new Set((root.sharded['core/pods']?.files ?? []).map((f: string) => `summary.${f}`));
  return readdirSync(objectsDir).filter((f) => current.has(f));
};

const COMMANDS = [
  'get pods -A -o json',
  'get pods -A -o yaml',
  'get pods -n red -o json',
  'get pods -A -l app=web -o yaml',
  'get pods -A -l app=web -o json',
  'get pods -A --field-selector status.phase=Running -o json',
  'get pods -A --field-selector metadata.namespace!=red -o yaml',
  'get pods -A -o json --show-managed-fields',
  'get pods -n nowhere -o json',
  'get pods -n nowhere -o yaml',
  'get pods -A -l app=nothing -o json',
  'get nodes -o json',
];

before(async () => {
  await staticCluster(home.home);
  const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => NOW.getTime() });
  session.write((api) => {
    for (const ns of NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  const pods: KubeObject[] = [...systemPods(), ...NAMESPACES.flatMap((ns) => capturedPods().map((p) => ({ ...p, metadata: { ...p.metadata, namespace: ns } })))];
  // Keys out of Go's order, a key to escape, a key named like an Object member: copied in order where needed.
  pods[0] = { ...pods[0]!, metadata: { ...pods[0]!.metadata, annotations: { zeta: '<a&b>', alpha: '\u2028', constructor: 'c' } } };
  session.store.update((tx) => {
    for (const p of pods) tx.put('core/pods', `${p.metadata.namespace}/${p.metadata.name}`, p);
  });
  // Summaries are made by the build that writes them: one write through the binary makes its own.
  const touched = runBin('create -f -', {
    home: home.home,
    now: NOW.getTime(),
    stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'touch', namespace: 'red' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }),
  });
  assert.equal(touched.code, 0, touched.stderr);
});

after(() => home.dispose());

test('get -o json|yaml read as printed prints what the whole List prints (namespaces, selectors, empty lists, managedFields)', () => {
  assert.ok(summaryFiles().length > 1, 'the pods are sharded and summarised');
  const streamed = COMMANDS.map((c) => kl(c));
  for (const [i, r] of streamed.entries()) assert.equal(r.code, 0, `${COMMANDS[i]}: ${r.stderr}`);
  const all = JSON.parse(streamed[0]!.stdout) as { items: KubeObject[] };
  assert.ok(all.items.length > 64);
  const keys = all.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  assert.deepEqual(keys, [...keys].sort(), 'in key order across namespaces and shards');
  assert.match(streamed[0]!.stdout, /"alpha": "\\u2028",\n +"constructor": "c",\n +"zeta": "\\u003ca\\u0026b\\u003e"/);
  assert.match(streamed[8]!.stdout, /"items": \[\],/);
  // Without the summaries the same commands list the pods whole.
  const saved = summaryFiles().map((f) => [f, readFileSync(join(objectsDir, f), 'utf8')] as const);
  for (const [f] of saved) rmSync(join(objectsDir, f));
  try {
    for (const [i, c] of COMMANDS.entries()) {
      const r = kl(c);
      assert.equal(r.code, 0, `${c}: ${r.stderr}`);
      assert.equal(streamed[i]!.stdout, r.stdout, c);
    }
  } finally {
    for (const [f, text] of saved) writeFileSync(join(objectsDir, f), text);
  }
});

test('a List read as printed is checked against the List listed whole under KUBECTL_LITE_CHECK_SETTLE=1', () => {
  // A summary that no longer says what its pod is: the scan, filtering on it, leaves the pod out.
  const file = summaryFiles().find((f) => readFileSync(join(objectsDir, f), 'utf8').includes('"red/crash"'));
  assert.ok(file, 'the summary of red/crash');
  const path = join(objectsDir, file);
  const good = readFileSync(path, 'utf8');
  const summaries = JSON.parse(good);
  summaries['red/crash'].metadata.labels = { app: 'tampered' };
  writeFileSync(path, JSON.stringify(summaries));
  try {
    // Unchecked, the summaries are trusted, as a table made from them trusts them.
    const unchecked = kl('get pods -n red -l app=crash -o json', false);
    assert.equal(unchecked.code, 0, unchecked.stderr);
    assert.match(unchecked.stdout, /"items": \[\],/);
    const checked = kl('get pods -n red -l app=crash -o json');
    assert.notEqual(checked.code, 0);
    assert.match(checked.stderr, /pods read as printed print otherwise than when listed/);
  } finally {
    writeFileSync(path, good);
  }
});
