import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildWorld } from '../../src/dataplane/world.js';
import { applyOps, ContainerFs, type FileOp, type Mount } from '../../src/userland/fs.js';
import { programTable } from '../../src/userland/programs.js';
import { Shell } from '../../src/userland/shell.js';
import { FsError } from '../../src/userland/types.js';
import type { Snapshot } from '../../src/store/types.js';

const NOW = Date.parse('2026-12-02T16:00:00Z');
const emptySnap = { revision: 1, generation: 1, get: () => undefined, list: () => [], collections: () => [], getMeta: () => undefined } as Snapshot;

function setup(files: Record<string, string> = {}) {
  const ops: FileOp[] = [];
  const root: Mount = {
    path: '/',
    sub: '',
    readonly: false,
    vol: { key: 'layer/t', readonly: false, at: NOW, entries: { tmp: { t: 'd', m: 0o1777, at: NOW }, etc: { t: 'd', m: 0o755, at: NOW } } },
  };
  const ro: Mount = {
    path: '/etc/config',
    sub: '',
    readonly: true,
    vol: {
      readonly: true,
      at: NOW,
      entries: {
        '..2026_12_02_16_00_00.1': { t: 'd', m: 0o755, at: NOW },
        '..2026_12_02_16_00_00.1/app.conf': { t: 'f', d: 'a=1\nb=2\n', m: 0o400, at: NOW },
        '..data': { t: 'l', d: '..2026_12_02_16_00_00.1', m: 0o777, at: NOW },
        'app.conf': { t: 'l', d: '..data/app.conf', m: 0o777, at: NOW },
      },
    },
  };
  for (const [p, d] of Object.entries(files)) root.vol.entries[p] = { t: 'f', d, m: 0o644, at: NOW };
  const fs = new ContainerFs([root, ro], () => NOW, (o) => ops.push(o));
  const programs = programTable();
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } };
  const shell = new Shell(
    { fs, lookup: (n) => programs[n], base: { world: buildWorld(emptySnap, NOW), origin: { kind: 'pod', pod, container: 'c' }, sleep: () => NOW } },
    [['PATH', '/bin'], ['HOME', '/root'], ['GREETING', 'hello world']],
  );
  const run = async (script: string, stdin = '') => {
    let out = '';
    let err = '';
    const code = await shell.runScript(script, { stdin: { data: stdin, pos: 0 }, out: (t) => void (out += t), err: (t) => void (err += t) });
    return { out, err, code };
  };
  return { fs, ops, run, root };
}

describe('simulated shell', () => {
  test('sequences, && and ||, pipes, redirections and variables', async () => {
    const { run } = setup();
    assert.deepEqual(await run('echo a; false && echo no || echo yes; X=1; echo "$X $GREETING" | wc -w'), { out: 'a\nyes\n3\n', err: '', code: 0 });
    assert.deepEqual(await run('echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f; cat < /tmp/f | wc -l'), { out: 'one\ntwo\n2\n', err: '', code: 0 });
    assert.deepEqual(await run('echo $(echo inner) `echo back` ${UNSET:-dflt} $((2*3+1)); echo $?'), { out: 'inner back dflt 7\n0\n', err: '', code: 0 });
    assert.deepEqual(await run("echo 'single $X' \"double $X\" esc\\ aped"), { out: 'single $X double 1 esc aped\n', err: '', code: 0 });
    assert.deepEqual(await run('echo err 1>&2; echo out 2>/dev/null'), { out: 'out\n', err: 'err\n', code: 0 });
  });

  test('for i in $(seq N), while read, if, case of failure', async () => {
    const { run } = setup();
    assert.equal((await run('for i in $(seq 3); do echo "hit $i"; done')).out, 'hit 1\nhit 2\nhit 3\n');
    assert.equal((await run('printf "a\\nb\\n" | while read l; do echo "<$l>"; done')).out, '<a>\n<b>\n');
    assert.equal((await run('if [ -f /etc/config/app.conf ]; then echo file; else echo none; fi')).out, 'file\n');
    assert.equal((await run('i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i')).out, '3\n');
  });

  test('unknown commands, permission denied and syntax errors as ash reports them', async () => {
    const { run } = setup({ 'tmp/s.sh': 'echo script' });
    assert.deepEqual(await run('nosuch arg'), { out: '', err: 'sh: nosuch: not found\n', code: 127 });
    assert.deepEqual(await run('/tmp/s.sh'), { out: '', err: 'sh: /tmp/s.sh: Permission denied\n', code: 126 });
    assert.deepEqual(await run('chmod +x /tmp/s.sh && /tmp/s.sh'), { out: 'script\n', err: '', code: 0 });
    assert.deepEqual(await run('for i in 1 2; do echo $i'), { out: '', err: 'sh: syntax error: unexpected end of file (expecting "done")\n', code: 2 });
    assert.deepEqual(await run('echo "open'), { out: '', err: 'sh: syntax error: unterminated quoted string\n', code: 2 });
    assert.deepEqual(await run('exit 7; echo never'), { out: '', err: '', code: 7 });
    assert.equal(Shell.incomplete('for i in 1; do'), true);
    assert.equal(Shell.incomplete('echo ok'), false);
  });

  test('writes are refused on a read-only volume and reported as ash does', async () => {
    const { run, ops } = setup();
    assert.deepEqual(await run('echo x > /etc/config/new'), { out: '', err: "sh: can't create /etc/config/new: Read-only file system\n", code: 1 });
    assert.deepEqual(await run('echo x > /nodir/f'), { out: '', err: "sh: can't create /nodir/f: nonexistent directory\n", code: 1 });
    assert.equal(ops.length, 0);
  });
});

describe('busybox programs', () => {
  test('ls -l columns, symlinks of a ConfigMap volume, -L, hidden entries', async () => {
    const { run } = setup({ 'tmp/a.txt': 'hello\n' });
    assert.equal((await run('ls -l /tmp')).out, 'total 4\n-rw-r--r--    1 root     root             6 Dec  2 16:00 a.txt\n');
    assert.equal((await run('ls -l /etc/config')).out, 'total 0\nlrwxrwxrwx    1 root     root            15 Dec  2 16:00 app.conf -> ..data/app.conf\n');
    assert.equal((await run('ls -lL /etc/config')).out, 'total 4\n-r--------    1 root     root             8 Dec  2 16:00 app.conf\n');
    assert.equal((await run('ls -a /etc/config')).out, '.\n..\n..2026_12_02_16_00_00.1\n..data\napp.conf\n');
    assert.equal((await run('ls -ld /tmp')).out, 'drwxrwxrwt    2 root     root          4096 Dec  2 16:00 /tmp\n');
    assert.deepEqual(await run('ls /nope'), { out: '', err: 'ls: /nope: No such file or directory\n', code: 1 });
  });

  test('wc, head, tail, grep shapes', async () => {
    const { run } = setup({ 'tmp/log': 'l1\nl2 x\nl3\nl4 x\n' });
    assert.equal((await run('wc /tmp/log')).out, '        4         6        16 /tmp/log\n');
    assert.equal((await run('wc -l /tmp/log')).out, '4 /tmp/log\n');
    assert.equal((await run('wc -l < /tmp/log')).out, '4\n');
    assert.equal((await run('cat /tmp/log | wc')).out, '        4         6        16\n');
    assert.equal((await run('tail -n 2 /tmp/log; tail -1 /tmp/log; head -n 1 /tmp/log; tail -n +4 /tmp/log')).out, 'l3\nl4 x\nl4 x\nl1\nl4 x\n');
    assert.equal((await run('grep -n x /tmp/log; grep -c x /tmp/log; grep -v x /tmp/log | wc -l')).out, '2:l2 x\n4:l4 x\n2\n2\n');
    assert.deepEqual(await run('grep zzz /tmp/log'), { out: '', err: '', code: 1 });
    assert.deepEqual(await run('grep x /nope'), { out: '', err: 'grep: /nope: No such file or directory\n', code: 2 });
    assert.deepEqual(await run('cat /nope'), { out: '', err: "cat: can't open '/nope': No such file or directory\n", code: 1 });
    assert.equal((await run("grep -E 'l(1|3)' /tmp/log; grep 'l\\(2\\|4\\)' /tmp/log")).out, 'l1\nl3\nl2 x\nl4 x\n');
  });

  test('touch, mkdir, rm record their changes for the store', async () => {
    const { run, ops } = setup();
    assert.deepEqual(await run('mkdir -p /tmp/a/b && touch /tmp/a/b/f && rm -r /tmp/a && ls /tmp'), { out: '', err: '', code: 0 });
    assert.deepEqual(
      ops.map((o) => `${o.op} ${o.rel}`),
      ['mkdir tmp/a', 'mkdir tmp/a/b', 'write tmp/a/b/f', 'rm tmp/a'],
    );
    // Replayed on the stored copy, the directory is gone and hidden from the image (a whiteout).
    assert.deepEqual(applyOps({}, ops), { 'tmp/a': { t: 'w', m: 0, at: 0 } });
    assert.deepEqual(await run('mkdir /tmp'), { out: '', err: "mkdir: can't create directory '/tmp': File exists\n", code: 1 });
    assert.deepEqual(await run('rm /tmp'), { out: '', err: "rm: '/tmp' is a directory\n", code: 1 });
    assert.deepEqual(await run('rm /nope; rm -f /nope'), { out: '', err: "rm: can't remove '/nope': No such file or directory\n", code: 0 });
  });

  test('env, printenv, id, ps, date, seq, sleep, hostname', async () => {
    const { run } = setup({ 'etc/hostname': 'web-0\n' });
    assert.equal((await run('env')).out, 'PATH=/bin\nHOME=/root\nGREETING=hello world\n');
    assert.deepEqual(await run('printenv HOME NOPE'), { out: '/root\n', err: '', code: 1 });
    assert.equal((await run('env A=1 printenv A')).out, '1\n');
    assert.equal((await run('id; hostname; date; date +%s; seq -s, 3; seq 2 2 6')).out, `uid=0(root) gid=0(root) groups=0(root)\nweb-0\nWed Dec  2 16:00:00 UTC 2026\n${NOW / 1000}\n1,2,3\n2\n4\n6\n`);
    assert.match((await run('ps')).out, /^PID {3}USER {5}TIME {2}COMMAND\n {4}1 root {6}0:00 sleep 3600\n +\d+ root {6}0:00 ps\n$/);
    assert.deepEqual(await run('sleep x'), { out: '', err: "sleep: invalid number 'x'\n", code: 1 });
  });

  test('the filesystem follows symlinks and knows errno names', () => {
    const { fs } = setup();
    assert.equal(fs.readFile('/etc/config/app.conf'), 'a=1\nb=2\n');
    assert.equal(fs.lstat('/etc/config/app.conf').type, 'symlink');
    assert.throws(() => fs.writeFile('/etc/config/x', ''), (e: unknown) => e instanceof FsError && e.code === 'EROFS');
    assert.throws(() => fs.readFile('/tmp'), (e: unknown) => e instanceof FsError && e.code === 'EISDIR');
  });
});
