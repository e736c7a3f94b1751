/**
 * Issue 14 item 1, end to end where kubectl needs a real server: delete --interactive, the
 * immortal namespaces, --validate's effect on unknown fields, --warnings-as-errors, --record's
 * CHANGE-CAUSE in rollout history and create --edit.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, labels: {a: b}}\ndata: {k: v}\nfoo: bar\n';

describe('flags kubectl has, end to end', () => {
  let home: string;
  let dispose: () => void;
  let dir: string;
  before(() => {
    ({ home, dispose } = tempHome());
    dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-flags-e2e-'));
    writeFileSync(join(dir, 'cm.yaml'), CM);
  });
  after(() => {
    dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('delete --interactive deletes on y and keeps the object otherwise', async () => {
    assert.equal((await runCli('run p --image=nginx', { home })).code, 0);
    const no = await runCli('delete pod p --interactive', { home, stdin: 'n\n' });
    assert.equal(no.stdout, 'You are about to delete the following 1 resource(s):\npod/p\nDo you want to continue? (y/n): deletion is cancelled\n');
    assert.equal((await runCli('get pod p -o name', { home })).stdout, 'pod/p\n');
    const yes = await runCli('delete pod p -i --grace-period=0 --force', { home, stdin: 'y\n' });
    assert.match(yes.stdout, /pod "p" force deleted\n$/);
    assert.equal((await runCli('get pod p', { home })).code, 1);
  });

  test('the immortal namespaces cannot be deleted', async () => {
    const r = await runCli('delete namespace kube-system', { home });
    assert.deepEqual(r, { stdout: '', stderr: 'Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted\n', code: 1 });
  });

  test('--validate: strict refuses unknown fields, warn and ignore drop them, --warnings-as-errors fails on the warning', async () => {
    const strict = await runCli(['create', '-f', 'cm.yaml', '--dry-run=server'], { home, cwd: dir });
    assert.match(strict.stderr, /strict decoding error: unknown field "foo"/);
    const bare = await runCli(['create', '-f', 'cm.yaml', '--validate', '--dry-run=server'], { home, cwd: dir });
    assert.equal(bare.code, 1);
    for (const v of ['false', 'ignore']) {
      assert.deepEqual(await runCli(['create', '-f', 'cm.yaml', `--validate=${v}`, '--dry-run=server'], { home, cwd: dir }), { stdout: 'configmap/cm created (server dry run)\n', stderr: '', code: 0 });
    }
    const warn = await runCli(['create', '-f', 'cm.yaml', '--validate=warn', '--dry-run=server'], { home, cwd: dir });
    assert.deepEqual(warn, { stdout: 'configmap/cm created (server dry run)\n', stderr: 'Warning: unknown field "foo"\n', code: 0 });
    const failing = await runCli(['create', '-f', 'cm.yaml', '--validate=warn', '--warnings-as-errors', '--dry-run=server'], { home, cwd: dir });
    // An error kubectl's main returns: klog's line (`E1205 10:40:42.481951   25144 run.go:72] ...`), not `error: `.
    assert.deepEqual({ ...failing, stderr: failing.stderr.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /m, 'E ') }, {
      stdout: 'configmap/cm created (server dry run)\n',
      stderr: 'Warning: unknown field "foo"\nE run.go:72] "command failed" err="1 warning received"\n',
      code: 1,
    });
  });

  test('--record writes the change-cause that rollout history shows', async () => {
    assert.equal((await runCli('create deployment web --image=nginx', { home })).code, 0);
    const set = await runCli('set image deployment/web nginx=nginx:2 --record', { home });
    assert.equal(set.stderr, 'Flag --record has been deprecated, --record will be removed in the future\n');
    const history = await runCli('rollout history deployment/web', { home });
    assert.match(history.stdout, /^2 +kubectl-lite set image deployment\/web nginx=nginx:2 --record=true$/m);
  });

  test('create --edit creates what the editor saved, as kubectl v1.32 does; unchanged or emptied, nothing', async () => {
    const editor = join(dir, 'editor.sh');
    const edit = (script: string, ...args: string[]) => {
      writeFileSync(editor, `#!/bin/sh\n${script}\n`);
      chmodSync(editor, 0o755);
      return runCli(['create', '-f', 'cm.yaml', '--edit', ...args], { home, cwd: dir, env: { KUBE_EDITOR: editor } });
    };
    // edit's printer: json or yaml only, refused before the editor opens.
    assert.deepEqual(await edit('exit 3', '-o', 'jsonpath={.data.k}'), { stdout: '', stderr: 'error: unable to match a printer suitable for the output format "jsonpath={.data.k}", allowed formats are: json,yaml\n', code: 1 });
    assert.deepEqual(await edit('true'), { stdout: '', stderr: 'Edit cancelled, no changes made.\n', code: 0 });
    const emptied = await edit(': > "$1"');
    assert.match(emptied.stderr, /^error: configmaps "[^"]+" is invalid\nA copy of your changes has been stored to "[^"]+"\nerror: Edit cancelled, no valid changes were saved\.\n$/);
    assert.equal(emptied.code, 1);
    assert.equal((await runCli('get cm -o name', { home })).stdout.includes('configmap/'), true);
    assert.doesNotMatch((await runCli('get cm -o name', { home })).stdout, /\/(settings|edited)\n/, 'nothing created so far');
    // Saved changed: created, whatever --dry-run says (edit has none).
    const r = await edit('sed -i "s/k: v/k: edited/; s/name: .*/name: edited/; /^foo:/d" "$1"', '-o', 'yaml', '--dry-run=client');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}k: edited\n/m);
    assert.equal((await runCli('get cm edited -o jsonpath={.data.k}', { home })).stdout, 'edited');
  });
});
