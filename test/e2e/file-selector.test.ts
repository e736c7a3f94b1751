import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { storeBytes } from './store-helpers.js';

/** -l beside -f: kubectl's builder filters the objects of files (by their own labels, or the live ones where it fetches them first). */
let home: { home: string; dispose(): void };
const cli = (args: string[]) => runCli(args, { home: home.home, cwd: home.home });
const BAD = 'error: the provided selector "a in (" is not valid: unable to parse requirement: found \'\', expected: \',\', \')\' or identifier\n';

before(async () => {
  home = tempHome();
  writeFileSync(join(home.home, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm1}\ndata: {a: "1"}\n');
  writeFileSync(join(home.home, 'cm-changed.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm1}\ndata: {a: "9"}\n');
  writeFileSync(join(home.home, 'new.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fresh}\n');
  writeFileSync(join(home.home, 'unnamed.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: gen-}\n');
  writeFileSync(
    join(home.home, 'web.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: web}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, labels: {app: web}}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
  );
  assert.equal((await cli(['apply', '-f', 'cm.yaml'])).code, 0);
  assert.equal((await cli(['apply', '-f', 'web.yaml'])).code, 0);
});
after(() => home.dispose());

test('objects no selector matches are left alone by diff, delete and label', async () => {
  const before = storeBytes(home.home);
  assert.deepEqual(await cli(['diff', '-f', 'cm-changed.yaml', '-l', 'a=b']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await cli(['delete', '-f', 'cm.yaml', '-l', 'a=b']), { stdout: 'No resources found\n', stderr: '', code: 0 });
  assert.deepEqual(await cli(['label', '-f', 'cm.yaml', '-l', 'a=b', 'x=y']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(storeBytes(home.home), before);
  // A selector that matches keeps them.
  assert.equal((await cli(['diff', '-f', 'cm-changed.yaml', '-l', 'a!=b'])).code, 1);
});

test('the workload verbs: scale, set, rollout and wait see only what the selector keeps', async () => {
  const before = storeBytes(home.home);
  assert.deepEqual(await cli(['scale', '-f', 'web.yaml', '-l', 'a=b', '--replicas=3']), { stdout: '', stderr: 'error: no objects passed to scale\n', code: 1 });
  assert.deepEqual(await cli(['set', 'env', '-f', 'web.yaml', '-l', 'a=b', 'X=1']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await cli(['rollout', 'status', '-f', 'web.yaml', '-l', 'a=b']), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  assert.deepEqual(await cli(['wait', '-f', 'web.yaml', '-l', 'a=b', '--for=condition=Available', '--timeout=1s']), { stdout: '', stderr: 'error: no matching resources found\n', code: 1 });
  assert.deepEqual(storeBytes(home.home), before);
  assert.deepEqual(await cli(['set', 'env', '-f', 'web.yaml', '-l', 'app=web', 'X=1', '--dry-run=client']), {
    stdout: 'deployment.apps/web env updated (dry run)\n',
    stderr: 'error: services/web the object is not a pod or does not have a pod template: *v1.Service\n',
    code: 1,
  });
});

test("a selector that does not parse is the builder's error for files", async () => {
  for (const verb of [['get'], ['apply', '--dry-run=client'], ['delete'], ['diff'], ['label', 'x=y']]) {
    const r = await cli([verb[0]!, '-f', 'cm.yaml', '-l', 'a in (', ...verb.slice(1)]);
    assert.deepEqual({ stderr: r.stderr, failed: r.code !== 0 }, { stderr: BAD, failed: true }, verb[0]);
  }
});

test('diff: both files are made for an object on one side only; a document without a name is refused as client-go refuses it', async () => {
  const r = await cli(['diff', '-f', 'new.yaml']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^diff -u -N \S+\/v1\.ConfigMap\.default\.fresh \S+\n--- \S+\t(\d{4})-/);
  assert.doesNotMatch(r.stdout, /1970-01-01/);
  assert.deepEqual(await cli(['diff', '-f', 'unnamed.yaml']), { stdout: '', stderr: 'error: resource name may not be empty\n', code: 2 });
});
