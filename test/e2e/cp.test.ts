/**
 * kubectl cp over the simulated containers, as kubectl does it: `test -d` and `tar -xmf - -C DIR`
 * to a pod, `tar cf - SRC` from one (busybox's tar in the container, its messages on stdout for a
 * copy from the pod), the archive made and unpacked on this side as kubectl's cp.go does.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, runCli, tempHome, type Result } from '../helpers/cli.js';

const NOW = '2026-12-02T10:00:00Z';
const SIDECAR = join(REPO_ROOT, 'manifests', 'sidecar', 'db.yaml');
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec: {containers: [{name: app, image: nginx}, {name: side, image: busybox}]}\n';
const IMAGE_NOTE = (image: string) => `kubectl-lite: the files of image "${image}" are not known to the simulation; only volumes, the kubelet's files and files written in this container exist\n`;

describe('kubectl cp', () => {
  let home: string;
  let dispose: () => void;
  let local: string;
  const kl = (args: string[], stdin?: string): Promise<Result> => runCli(args, { home, now: NOW, cwd: local, stdin });
  before(async () => {
    ({ home, dispose } = tempHome());
    local = mkdtempSync(join(tmpdir(), 'kl-cp-'));
    writeFileSync(join(local, 'index.html'), '<h1>hello</h1>\n');
    mkdirSync(join(local, 'site', 'css'), { recursive: true });
    mkdirSync(join(local, 'site', 'empty'));
    writeFileSync(join(local, 'site', 'about.html'), 'about\n');
    writeFileSync(join(local, 'site', 'css', 'main.css'), 'h1 { color: teal }\n');
    writeFileSync(join(local, 'run.sh'), '#!/bin/sh\necho ran\n', { mode: 0o755 });
    assert.equal((await kl(['apply', '-f', SIDECAR])).code, 0);
    assert.equal((await kl(['create', 'namespace', 'shop'])).code, 0);
    assert.equal((await kl(['apply', '-f', '-'], POD)).code, 0);
  });
  after(() => {
    dispose();
    rmSync(local, { recursive: true, force: true });
  });

  test('a file into a directory keeps its name; into a path, takes it; its mode comes along', async () => {
    assert.deepEqual(await kl(['cp', 'index.html', 'db:/tmp']), { stdout: '', stderr: '', code: 0 });
    assert.deepEqual(await kl(['cp', 'index.html', 'db:/tmp/renamed.html']), { stdout: '', stderr: '', code: 0 });
    assert.deepEqual(await kl(['cp', 'run.sh', 'db:/tmp/run.sh']), { stdout: '', stderr: '', code: 0 });
    assert.deepEqual(await kl(['exec', 'db', '--', 'cat', '/tmp/index.html', '/tmp/renamed.html']), { stdout: '<h1>hello</h1>\n<h1>hello</h1>\n', stderr: '', code: 0 });
    assert.deepEqual(await kl(['exec', 'db', '--', '/tmp/run.sh']), { stdout: 'ran\n', stderr: '', code: 0 });
    const ls = await kl(['exec', 'db', '--', 'ls', '-l', '/tmp/run.sh', '/tmp/index.html']);
    assert.match(ls.stdout, /^-rw-r--r-- .* \/tmp\/index.html\n-rwxr-xr-x .* \/tmp\/run.sh\n$/);
  });

  test('a directory: its files, its empty directories, created under the destination', async () => {
    assert.deepEqual(await kl(['cp', 'site', 'db:/tmp/www']), { stdout: '', stderr: '', code: 0 });
    assert.deepEqual(await kl(['exec', 'db', '--', 'sh', '-c', 'cd /tmp/www && ls . css && cat css/main.css']), {
      stdout: '.:\nabout.html\ncss\nempty\n\ncss:\nmain.css\nh1 { color: teal }\n',
      stderr: '',
      code: 0,
    });
    // The destination now exists as a directory: the next copy goes inside it.
    assert.deepEqual(await kl(['cp', 'site', 'db:/tmp/www']), { stdout: '', stderr: '', code: 0 });
    assert.equal((await kl(['exec', 'db', '--', 'cat', '/tmp/www/site/about.html'])).stdout, 'about\n');
  });

  test('a sidecar reads what was copied into the volume it shares; its read-only mount refuses a copy', async () => {
    assert.deepEqual(await kl(['cp', 'index.html', 'db:/var/log/postgresql/note.txt']), { stdout: '', stderr: '', code: 0 });
    assert.deepEqual(await kl(['exec', 'db', '-c', 'fluent-bit', '--', 'cat', '/var/log/postgresql/note.txt']), { stdout: '<h1>hello</h1>\n', stderr: '', code: 0 });
    assert.deepEqual(await kl(['cp', 'index.html', 'db:/var/log/postgresql/x.txt', '-c', 'fluent-bit']), {
      stdout: '',
      stderr: "tar: can't open 'x.txt': Read-only file system\ncommand terminated with exit code 1\n",
      code: 1,
    });
  });

  test('a destination directory that does not exist: tar cannot change to it', async () => {
    assert.deepEqual(await kl(['cp', 'index.html', 'db:/srv/nope/index.html']), {
      stdout: '',
      stderr: `tar: can't change directory to '/srv/nope': No such file or directory\n${IMAGE_NOTE('postgres:16')}command terminated with exit code 1\n`,
      code: 1,
    });
  });

  test('from a pod: a file, a directory (busybox tar says on stdout it drops the leading slash)', async () => {
    const dest = mkdtempSync(join(local, 'out-'));
    assert.deepEqual(await kl(['cp', 'db:/tmp/index.html', join(dest, 'copy.html')]), {
      stdout: "tar: removing leading '/' from member names\n",
      stderr: '',
      code: 0,
    });
    assert.equal(readFileSync(join(dest, 'copy.html'), 'utf8'), '<h1>hello</h1>\n');
    assert.equal(statSync(join(dest, 'copy.html')).mode & 0o777, 0o666 & ~process.umask());
    assert.equal((await kl(['cp', 'db:tmp/www', join(dest, 'www')])).code, 0);
    assert.deepEqual(readdirSync(join(dest, 'www')).sort(), ['about.html', 'css', 'empty', 'site']);
    assert.equal(readFileSync(join(dest, 'www', 'site', 'css', 'main.css'), 'utf8'), 'h1 { color: teal }\n');
    assert.ok(lstatSync(join(dest, 'www', 'empty')).isDirectory());
  });

  test("from a pod: a missing file is tar's message and exit 0, as kubectl (kubectl#980)", async () => {
    assert.deepEqual(await kl(['cp', 'db:/tmp/nope', 'nope']), {
      stdout: "tar: /tmp/nope: No such file or directory\ntar: error exit delayed from previous errors\n",
      stderr: IMAGE_NOTE('postgres:16'),
      code: 0,
    });
    assert.throws(() => statSync(join(local, 'nope')));
  });

  test('from a pod into a directory without naming the file: Go cannot create it', async () => {
    assert.deepEqual(await kl(['cp', 'db:/tmp/index.html', '.']), {
      stdout: "tar: removing leading '/' from member names\n",
      stderr: 'error: open .: is a directory\n',
      code: 1,
    });
  });

  test('from a pod: a symlink is skipped with kubectl warning (the hint names the namespace as given)', async () => {
    assert.deepEqual(await kl(['exec', 'db', '--', 'sh', '-c', 'mkdir /tmp/links && echo x > /tmp/links/a']), { stdout: '', stderr: '', code: 0 });
    assert.equal((await kl(['cp', 'run.sh', 'db:/tmp/links/b'])).code, 0);
    const dir = mkdtempSync(join(local, 'links-'));
    // A link to nothing would not be copied: kubectl stats the source, following it.
    writeFileSync(join(dir, 'a'), 'x\n');
    symlinkSync('a', join(dir, 'c'));
    assert.equal((await kl(['cp', join(dir, 'c'), 'db:/tmp/links/c'])).code, 0);
    assert.deepEqual(await kl(['exec', 'db', '--', 'ls', '-l', '/tmp/links/c']), {
      stdout: 'lrwxrwxrwx    1 root     root             1 Dec  2 10:00 /tmp/links/c -> a\n',
      stderr: '',
      code: 0,
    });
    const back = join(dir, 'back');
    assert.deepEqual(await kl(['cp', 'db:/tmp/links', back]), {
      stdout: "tar: removing leading '/' from member names\n",
      stderr: `warning: skipping symlink: "${back}/c" -> "a" (consider using "kubectl exec -n "" "db" -- tar cf - "/tmp/links" | tar xf -")\n`,
      code: 0,
    });
    assert.deepEqual(readdirSync(back).sort(), ['a', 'b']);
  });

  test("namespace/pod:path, and kubectl's notice of the container it chose (on stdout from a pod)", async () => {
    const defaulted = 'Defaulted container "app" out of: app, side\n';
    assert.deepEqual(await kl(['cp', 'index.html', 'shop/web:/tmp/i.html']), { stdout: '', stderr: defaulted, code: 0 });
    assert.deepEqual(await kl(['cp', 'shop/web:/tmp/i.html', 'i.html']), { stdout: `${defaulted}tar: removing leading '/' from member names\n`, stderr: '', code: 0 });
    assert.deepEqual(await kl(['cp', 'shop/web:/tmp/i.html', 'i2.html', '-c', 'side']), {
      stdout: 'tar: /tmp/i.html: No such file or directory\ntar: error exit delayed from previous errors\n',
      stderr: IMAGE_NOTE('busybox'),
      code: 0,
    });
    assert.equal(readFileSync(join(local, 'i.html'), 'utf8'), '<h1>hello</h1>\n');
  });

  test("the container's tar on its own: the pipe kubectl's help suggests, and an archive it cannot read", async () => {
    const made = spawnSync('tar', ['--format=ustar', '-cf', '-', 'site'], { cwd: local });
    if (made.status === 0) {
      // tar cf - site | kubectl exec -i db -- tar xf - -C /srv (the archive as text: the simulated files are text)
      assert.deepEqual(await kl(['exec', '-i', 'db', '--', 'sh', '-c', 'mkdir -p /srv && tar xf - -C /srv && cat /srv/site/about.html'], made.stdout.toString('utf8')), { stdout: 'about\n', stderr: '', code: 0 });
    }
    assert.deepEqual(await kl(['exec', '-i', 'db', '--', 'tar', 'xf', '-'], 'not an archive\n'.repeat(40)), {
      stdout: '',
      stderr: 'tar: invalid tar magic\ncommand terminated with exit code 1\n',
      code: 1,
    });
    assert.deepEqual(await kl(['exec', 'db', '--', 'sh', '-c', 'cd /tmp/www && tar cf /tmp/www.tar css && tar tf /tmp/www.tar']), { stdout: 'css/\ncss/main.css\n', stderr: '', code: 0 });
  });

  test('a completed pod cannot be copied to or from, as it cannot be exec-ed into', async () => {
    const job = 'apiVersion: v1\nkind: Pod\nmetadata: {name: done}\nspec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}\n';
    assert.equal((await kl(['apply', '-f', '-'], job)).code, 0);
    assert.equal((await kl(['annotate', 'pod', 'done', 'sim.kubectl-lite.io/run-for=0s', 'sim.kubectl-lite.io/exit-code=0'])).code, 0);
    const refused = { stdout: '', stderr: 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n', code: 1 };
    assert.deepEqual(await kl(['cp', 'index.html', 'done:/tmp']), refused);
    assert.deepEqual(await kl(['cp', 'done:/tmp/x', 'x']), refused);
  });
});
