/**
 * Where the verbs that print through kubectl's PrintFlags (no wide, no custom-columns) check their
 * printer, against real kubectl served kubectl-lite's objects by an oracle that accepts writes:
 * replace, wait, scale and edit refuse before writing; taint once it has read the node; apply,
 * patch and rollout's undo/pause/resume/restart write first and then fail, reporting each
 * object's failure (several: one a line, plain errors without `error: `). Each case compares
 * stdout, stderr and exit code, and that kubectl-lite wrote exactly when kubectl sent a write.
 * Then the same without kubectl: the exit code, the stderr line and the store.
 */
import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, staticCluster, tempHome } from '../helpers/cli.js';
import { comparable, kubectlAvailable, oracleFixture, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { storeBytes } from './store-helpers.js';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: c\n    image: nginx\n';
const deployment = (name: string, paused: boolean) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  paused: ${paused}\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n`;
const NODES = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: worker-a\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: worker-b\n';
const FILES = { 'pod.yaml': POD, 'd.yaml': deployment('d', false), 'e.yaml': deployment('e', false), 'p.yaml': deployment('p', true), 'nodes.yaml': NODES };

const WIDE = 'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n';
const PARSE = 'error parsing template {{, template: output:1: unclosed action';

/** [command line, whether kubectl writes (not a dry run) before it fails]. */
const CASES: Array<[string, boolean]> = [
  ['replace -f pod.yaml -o wide', false],
  ['replace -f pod.yaml -o custom-columns=NAME:.metadata.name', false],
  ['replace -f nofile.yaml -o wide', false],
  ['wait pod/x --for=delete -o wide', false],
  ['wait pod/x -o custom-columns=NAME:.metadata.name', false],
  ['scale deployment d --replicas=-1 -o wide', false],
  ['scale deployment d --replicas=2 -o go-template={{', false],
  ['edit pod/x -o name', false],
  ['edit pod/x -o wide', false],
  ['edit pod/nosuch -o wide', false],
  ['taint nodes worker-a a=b:NoSchedule -o wide', false],
  ['taint nodes worker-a worker-b a=b:NoSchedule -o custom-columns=NAME:.metadata.name', false],
  ['taint nodes worker-a worker-b a:NoSchedule-', false],
  ['taint nodes nosuch a=b:NoSchedule -o wide', false],
  ['rollout history deployment d p -o wide', false],
  ['apply -f pod.yaml --validate=false -o wide', true],
  ['apply -f pod.yaml --validate=false -o custom-columns=NAME:.metadata.name', true],
  ['apply -f pod.yaml --validate=false --dry-run=client -o wide', false],
  ['patch pod x -p {"metadata":{"labels":{"a":"b"}}} -o wide', true],
  ['patch pod x -p {"metadata":{"labels":{"a":"b"}}} -o go-template={{', true],
  ['patch deployment d p -p {"metadata":{"labels":{"a":"b"}}} -o wide', true],
  ['patch pod x -p {"metadata":{"labels":{"a":"b"}}} --dry-run=client', false],
  // The oracle answers a PATCH with the object as it was: `(no change)` on both sides.
  ['patch pod x -p {} --dry-run=server', false],
  ['apply -f pod.yaml --validate=false --dry-run=client', false],
  ['patch -f pod.yaml --local -p {} -o wide', false],
  ['rollout pause deployment/d -o wide', true],
  ['rollout pause deployment/d deployment/p -o go-template={{', true],
  ['rollout resume deployment/p -o custom-columns=NAME:.metadata.name', true],
  ['rollout restart deployment/d -o wide', true],
  ['rollout restart deployment/p deployment/p', false],
  ['rollout undo deployment/d deployment/p -o wide', false],
  ['events -o go-template={{', false],
  ['events -o wide', false],
  ['events -o foo', false],
  // A --template without -o leaves kubectl events' table.
  ['events --template {{', false],
];

describe('printer checks against real kubectl', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const fx = oracleFixture(FILES, Object.keys(FILES), ['pod/x', 'deployment/d', 'deployment/e', 'deployment/p', 'node/worker-a', 'node/worker-b'], { acceptWrites: true });
  let snapshot: string;
  before(() => {
    snapshot = join(fx.dir, 'home-snapshot');
    cpSync(fx.home, snapshot, { recursive: true });
  });

  const restore = () => {
    rmSync(fx.home, { recursive: true, force: true });
    cpSync(snapshot, fx.home, { recursive: true });
  };

  for (const [line, writes] of CASES) {
    test(line, async () => {
      restore();
      const args = line.split(' ');
      fx.oracle.writes.length = 0;
      const want = comparable(await fx.oracle.kubectl(args, { EDITOR: 'false' }, fx.dir), 'kubectl');
      const sent = fx.oracle.writes.filter((w) => !w.endsWith('(dry run)'));
      assert.equal(sent.length > 0, writes, `kubectl's writes: ${fx.oracle.writes.join(', ')}`);
      const bytes = storeBytes(fx.home);
      const got = comparable(await runCli(args, { home: fx.home, cwd: fx.dir, env: { EDITOR: 'false' } }), 'kubectl-lite');
      assert.deepEqual(got, want);
      assert.equal(!storeBytes(fx.home)!.equals(bytes!), writes, 'kubectl-lite wrote exactly when kubectl did');
    });
  }

  // The oracle answers a write with the object unchanged, so only the documents' outline is compared.
  for (const line of ['rollout pause deployment/d deployment/e -o yaml', 'taint nodes worker-a worker-b a=b:NoSchedule -o yaml']) {
    test(`${line}: a printer for each object, no --- between them`, async () => {
      restore();
      const args = line.split(' ');
      const outline = (text: string) => text.split('\n').filter((l) => l === '---' || l.startsWith('kind: '));
      const want = await fx.oracle.kubectl(args, {}, fx.dir);
      const got = await runCli(args, { home: fx.home, cwd: fx.dir });
      assert.equal(got.code, 0, got.stderr);
      assert.deepEqual(outline(got.stdout), outline(want.stdout));
      assert.equal(outline(got.stdout).length, 2);
    });
  }
});

describe('printer checks: exit code, stderr and store', () => {
  let home: string;
  let dispose: () => void;
  let bytes: Buffer;
  after(() => dispose());
  before(async () => {
    ({ home, dispose } = tempHome());
    await staticCluster(home);
    for (const [name, text] of Object.entries(FILES)) {
      const r = await runCli(['create', '-f', '-'], { home, stdin: text });
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    }
    bytes = storeBytes(home)!;
  });

  const refused = async (line: string, stderr: string) => {
    const r = await runCli(line.split(' '), { home });
    assert.deepEqual(r, { stdout: '', stderr, code: 1 });
    assert.ok(storeBytes(home)!.equals(bytes), `${line}: the store is unchanged`);
  };

  test('replace, wait, scale, taint and edit refuse before writing', async () => {
    await refused('replace -f nofile.yaml -o wide', WIDE);
    await refused('wait pod/x --for=delete -o wide', WIDE);
    await refused('scale deployment d --replicas=3 -o wide', WIDE);
    await refused('taint nodes worker-a a=b:NoSchedule -o wide', WIDE);
    await refused('taint nodes worker-a worker-b a=b:NoSchedule -o wide', WIDE.replace('error: ', '').repeat(2));
    await refused('edit pod/x -o name', 'error: unable to match a printer suitable for the output format "name", allowed formats are: json,yaml\n');
    await refused('rollout history deployment/d -o custom-columns=A:.a', WIDE.replaceAll('"wide"', '"custom-columns=A:.a"'));
    await refused('events -o go-template={{', `error: ${PARSE}\n`);
  });

  test('patch and rollout write, then report the printer failure of each object', async () => {
    const r = await runCli(['rollout', 'pause', 'deployment/d', 'deployment/p', '-o', 'go-template={{'], { home });
    assert.deepEqual(r, { stdout: '', stderr: `${PARSE}\nerror: deployments.apps "p" is already paused\n`, code: 1 });
    assert.equal(JSON.parse((await runCli('get deployment d -o json', { home })).stdout).spec.paused, true);
    const patched = await runCli(['patch', 'pod', 'x', '-p', '{"metadata":{"labels":{"a":"b"}}}', '-o', 'wide'], { home });
    assert.deepEqual(patched, { stdout: '', stderr: WIDE, code: 1 });
    assert.equal((await runCli('get pod x -o jsonpath={.metadata.labels.a}', { home })).stdout, 'b');
  });

  test("patch's dry runs say `patched`, without a suffix", async () => {
    const now = storeBytes(home)!;
    for (const dryRun of ['client', 'server']) {
      const r = await runCli(['patch', 'pod', 'x', '-p', '{"metadata":{"labels":{"c":"d"}}}', `--dry-run=${dryRun}`], { home });
      assert.deepEqual(r, { stdout: 'pod/x patched\n', stderr: '', code: 0 });
    }
    assert.ok(storeBytes(home)!.equals(now));
  });
});
