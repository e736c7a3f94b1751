import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBin, runCli, tempHome } from '../helpers/cli.js';
import { storedObject, storeBytes } from './store-helpers.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

/**
 * An editor for tests: each run applies the next step of steps.json (text replacements,
 * or `empty`) to the file and keeps a copy of what it was shown in seen-<n>.
 */
const EDITOR_SCRIPT = `
const fs = require('fs');
const path = require('path');
const dir = __dirname;
const file = process.argv[2];
const steps = JSON.parse(fs.readFileSync(path.join(dir, 'steps.json'), 'utf8'));
const n = fs.existsSync(path.join(dir, 'count')) ? Number(fs.readFileSync(path.join(dir, 'count'), 'utf8')) : 0;
fs.writeFileSync(path.join(dir, 'count'), String(n + 1));
let text = fs.readFileSync(file, 'utf8');
fs.writeFileSync(path.join(dir, 'seen-' + n), text);
const step = steps[n] || [];
if (step === 'empty') text = '';
else for (const [from, to] of step) text = text.split(from).join(to);
fs.writeFileSync(file, text);
`;

describe('edit', () => {
  let home: string;
  let dispose: () => void;
  let editorDir: string;
  let env: Record<string, string>;
  before(async () => {
    ({ home, dispose } = tempHome());
    writeFileSync(join(home, 'd.yaml'), DEPLOYMENT);
    assert.equal((await runCli(['apply', '-f', join(home, 'd.yaml')], { home })).code, 0);
    editorDir = join(home, 'editor');
    (await import('node:fs')).mkdirSync(editorDir);
    writeFileSync(join(editorDir, 'edit.cjs'), EDITOR_SCRIPT);
    env = { KUBE_EDITOR: `node ${join(editorDir, 'edit.cjs')}`, EDITOR: 'false' };
  });
  after(() => dispose());

  /** Sets the editor's steps for the next command. */
  function steps(list: unknown[]): void {
    writeFileSync(join(editorDir, 'steps.json'), JSON.stringify(list));
    rmCount();
  }
  function rmCount(): void {
    const p = join(editorDir, 'count');
    if (existsSync(p)) writeFileSync(p, '0');
  }
  const seen = (n: number) => readFileSync(join(editorDir, `seen-${n}`), 'utf8');
  const deployment = () => storedObject(home, 'apps/deployments', 'default/web');

  test('a change is patched: `edited`; the file starts with kubectl\'s header', async () => {
    steps([[['replicas: 1', 'replicas: 2']]]);
    assert.deepEqual(await runCli('edit deployment/web', { home, env }), { stdout: 'deployment.apps/web edited\n', stderr: '', code: 0 });
    assert.equal(deployment().spec.replicas, 2);
    assert.ok(
      seen(0).startsWith(
        "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\napiVersion: apps/v1\nkind: Deployment\n",
      ),
    );
    assert.doesNotMatch(seen(0), /managedFields/);
  });

  test('no change, or an emptied file: cancelled on stderr, exit 0, store untouched', async () => {
    const bytes = storeBytes(home);
    steps([[]]);
    assert.deepEqual(await runCli('edit deploy web', { home, env }), { stdout: '', stderr: 'Edit cancelled, no changes made.\n', code: 0 });
    steps(['empty']);
    assert.deepEqual(await runCli('edit deploy web', { home, env }), { stdout: '', stderr: 'Edit cancelled, saved file was empty.\n', code: 0 });
    assert.deepEqual(storeBytes(home), bytes);
  });

  test('an invalid edit re-opens the editor with the reasons; saving it unchanged gives up with a copy kept', async () => {
    const bytes = storeBytes(home);
    steps([[['replicas: 2', 'replicas: -1']], []]);
    const r = await runCli('edit deployment web', { home, env });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const m = /^error: deployments\.apps "web" is invalid\nA copy of your changes has been stored to "(.*-edit-\d+\.yaml)"\nerror: Edit cancelled, no valid changes were saved\.\n$/.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.ok(existsSync(m[1]!));
    assert.match(readFileSync(m[1]!, 'utf8'), /replicas: -1/);
    assert.ok(
      seen(1).startsWith(
        "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n" +
          '# deployments.apps "web" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\napiVersion: apps/v1\n',
      ),
      seen(1),
    );
    assert.deepEqual(storeBytes(home), bytes);
  });

  test('a syntax error re-opens the editor; fixing it there succeeds', async () => {
    steps([[['replicas: 2', 'replicas: [3']], [['replicas: [3', 'replicas: 3']]]);
    const r = await runCli('edit deployment web', { home, env });
    assert.deepEqual(r, { stdout: 'deployment.apps/web edited\n', stderr: '', code: 0 });
    assert.match(seen(1), /^# The edited file had a syntax error: error parsing edited-file: error converting YAML to JSON: yaml: .*\n#\napiVersion: apps\/v1\n/m);
    assert.equal(deployment().spec.replicas, 3);
  });

  test('a kind the server does not serve is the file\'s error: the editor re-opens with the mapping error (kubectl v1.32)', async () => {
    const bytes = storeBytes(home);
    steps([[['kind: Deployment', 'kind: Bogus']], []]);
    const r = await runCli('edit deployment web', { home, env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^A copy of your changes has been stored to "[^"]+"\nerror: Edit cancelled, no valid changes were saved\.\n$/);
    assert.match(seen(1), /^# The edited file had a syntax error: resource mapping not found for name: "web" namespace: "default" from "edited-file": no matches for kind "Bogus" in version "apps\/v1"\n# ensure CRDs are installed first\n#\napiVersion: apps\/v1\n/m);
    assert.deepEqual(storeBytes(home), bytes);
  });

  test('--output-patch and errors for missing objects', async () => {
    steps([[['image: nginx:1.27', 'image: nginx:1.28']]]);
    const r = await runCli('edit deployment web --output-patch', { home, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'Patch: {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"nginx:1.28","name":"web"}]}}}}\ndeployment.apps/web edited\n',
    );
    assert.deepEqual(await runCli('edit deployment nosuch', { home, env }), {
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "nosuch" not found\n',
      code: 1,
    });
  });

  test('the built binary runs the editor too', () => {
    steps([[['replicas: 3', 'replicas: 4']]]);
    const r = runBin(['edit', 'deployment/web'], { home, env });
    assert.deepEqual(r, { stdout: 'deployment.apps/web edited\n', stderr: '', code: 0 });
    assert.equal(deployment().spec.replicas, 4);
  });
});
