import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
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

/** Temp directory names and file timestamps vary from run to run. */
function normalise(out: string): string {
  return out
    .replace(/\/[^\s]*\/(LIVE|MERGED)-\d+\//g, '/tmp/$1/')
    .replace(/\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} [+-]\d{4}$/gm, '\t<time>');
}

describe('diff', () => {
  let home: string;
  let dispose: () => void;
  let file: string;
  before(() => {
    ({ home, dispose } = tempHome());
    file = join(home, 'd.yaml');
  });
  after(() => dispose());

  test('an absent object diffs against nothing; an applied one has no diff (exit 0)', async () => {
    writeFileSync(file, deployment(1));
    const r = await runCli(['diff', '-f', file], { home });
    assert.equal(r.code, 1);
    const out = normalise(r.stdout);
    assert.match(out, /^diff -u -N \/tmp\/LIVE\/apps\.v1\.Deployment\.default\.web \/tmp\/MERGED\/apps\.v1\.Deployment\.default\.web\n/);
    assert.match(out, /\n--- \/tmp\/LIVE\/apps\.v1\.Deployment\.default\.web\t<time>\n\+\+\+ \/tmp\/MERGED\/apps\.v1\.Deployment\.default\.web\t<time>\n@@ -0,0 \+1,\d+ @@\n\+apiVersion: apps\/v1\n/);
    assert.doesNotMatch(out, /resourceVersion|last-applied/);
    assert.equal((await runCli(['apply', '-f', file], { home })).code, 0);
    assert.deepEqual(await runCli(['diff', '-f', file], { home }), { stdout: '', stderr: '', code: 0 });
  });

  test('a changed manifest shows the merged result and the generation bump; the last-applied annotation is left as it is', async () => {
    writeFileSync(file, deployment(3));
    const r = await runCli(['diff', '-f', file], { home });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const hunk = normalise(r.stdout).split('\n').slice(3).join('\n');
    assert.match(hunk, /^@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    assert.match(hunk, /\n-  generation: 1\n\+  generation: 2\n/);
    assert.match(hunk, /\n-  replicas: 1\n\+  replicas: 3\n/);
    // kubectl diff patches with the manifest unannotated (GetModifiedConfiguration without annotating).
    assert.match(hunk, /\n {7}\{"apiVersion".*"replicas":1/);
    assert.doesNotMatch(hunk, /\n[-+] *(kubectl\.kubernetes\.io\/last-applied-configuration|\{"apiVersion")/);
  });

  test('KUBECTL_EXTERNAL_DIFF is run on the two directories with its plain flags', async () => {
    const r = await runCli(['diff', '-f', file], { home, env: { KUBECTL_EXTERNAL_DIFF: 'diff -q $(rm)' } });
    assert.equal(normalise(r.stdout), 'Files /tmp/LIVE/apps.v1.Deployment.default.web and /tmp/MERGED/apps.v1.Deployment.default.web differ\n');
    assert.equal(r.code, 1);
  });

  test('errors exit 2', async () => {
    assert.deepEqual(await runCli(['diff', '-f', join(home, 'nosuch.yaml')], { home }), {
      stdout: '',
      stderr: `error: the path "${join(home, 'nosuch.yaml')}" does not exist\n`,
      code: 2,
    });
    const r = await runCli(['diff', '-f', file, '--server-side'], { home });
    assert.equal(r.code, 2);
  });

  test('Secret data is masked', async () => {
    const secret = (v: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  same: YQ==\n  changed: ${v}\n`;
    writeFileSync(file, secret('Yg=='));
    assert.equal((await runCli(['apply', '-f', file], { home })).code, 0);
    writeFileSync(file, secret('Yw=='));
    const r = await runCli(['diff', '-f', file], { home });
    assert.match(r.stdout, /\n-  changed: '\*\*\* \(before\)'\n\+  changed: '\*\*\* \(after\)'\n/);
    assert.match(r.stdout, /\n   same: '\*\*\*'\n/);
    // Like kubectl, only `data` is masked (the last-applied annotation still holds the manifest).
    assert.doesNotMatch(r.stdout, /^[-+ ] {2}\w+: (Yg|Yw|YQ)==$/m);
  });
});
