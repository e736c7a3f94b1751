import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { decodeTar, encodeTar, TarFormatError, type TarEntry } from '../../src/util/tar.js';

const LONG = `${'d'.repeat(120)}/${'f'.repeat(90)}.txt`;
const VERY_LONG = `${'x'.repeat(200)}/${'y'.repeat(150)}`;

const ENTRIES: TarEntry[] = [
  { name: 'site/', type: 'dir', mode: 0o755, mtime: 1_796_000_000 },
  { name: 'site/index.html', type: 'file', mode: 0o644, mtime: 1_796_000_001, data: Buffer.from('<h1>héllo ✓</h1>\n') },
  { name: 'site/run.sh', type: 'file', mode: 0o755, mtime: 1_796_000_002, data: Buffer.alloc(1500, 'a') },
  { name: 'site/link', type: 'symlink', mode: 0o777, mtime: 1_796_000_003, linkname: 'index.html' },
  { name: LONG, type: 'file', mode: 0o600, mtime: 1_796_000_004, data: Buffer.from('long\n') },
  { name: VERY_LONG, type: 'file', mode: 0o644, mtime: 1_796_000_005, data: Buffer.from('very long\n') },
];

const hasTar = spawnSync('tar', ['--version']).status === 0;

describe('tar format', () => {
  test('what it writes it reads back: files, directories, symlinks, long names, UTF-8', () => {
    const bytes = encodeTar(ENTRIES);
    assert.equal(bytes.length % 512, 0);
    assert.deepEqual(decodeTar(bytes), ENTRIES);
  });

  test('an empty archive is its two zero blocks', () => {
    assert.deepEqual(encodeTar([]), Buffer.alloc(1024));
    assert.deepEqual(decodeTar(Buffer.alloc(0)), []);
  });

  test('what is not an archive, or is cut short, is refused in busybox tar words', () => {
    assert.throws(() => decodeTar(Buffer.alloc(512, 'x')), new TarFormatError('invalid tar magic'));
    const bytes = encodeTar(ENTRIES.slice(2, 3));
    assert.throws(() => decodeTar(bytes.subarray(0, 1024)), new TarFormatError('short read'));
    const bad = Buffer.from(bytes);
    bad[0] = 'z'.charCodeAt(0);
    assert.throws(() => decodeTar(bad), new TarFormatError('invalid tar magic'));
  });

  test('the system tar reads what it writes, and it reads what the system tar writes', { skip: !hasTar && 'no tar on this machine (the format is still checked above)' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kl-tar-'));
    try {
      writeFileSync(join(dir, 'ours.tar'), encodeTar(ENTRIES));
      const out = join(dir, 'out');
      mkdirSync(out);
      const x = spawnSync('tar', ['-xf', join(dir, 'ours.tar'), '-C', out], { encoding: 'utf8' });
      assert.equal(x.status, 0, x.stderr);
      assert.equal(readFileSync(join(out, 'site', 'index.html'), 'utf8'), '<h1>héllo ✓</h1>\n');
      assert.equal(readFileSync(join(out, LONG), 'utf8'), 'long\n');
      assert.equal(readFileSync(join(out, VERY_LONG), 'utf8'), 'very long\n');
      assert.equal(readFileSync(join(out, 'site', 'link'), 'utf8'), '<h1>héllo ✓</h1>\n');

      const c = spawnSync('tar', ['--format=ustar', '-cf', join(dir, 'theirs.tar'), '-C', out, 'site'], { encoding: 'utf8' });
      assert.equal(c.status, 0, c.stderr);
      const theirs = decodeTar(readFileSync(join(dir, 'theirs.tar')));
      const byName = new Map(theirs.map((e) => [e.name, e]));
      assert.equal(byName.get('site/')?.type, 'dir');
      assert.equal(byName.get('site/index.html')?.data?.toString('utf8'), '<h1>héllo ✓</h1>\n');
      assert.equal(byName.get('site/run.sh')?.mode, 0o755);
      assert.deepEqual([byName.get('site/link')?.type, byName.get('site/link')?.linkname], ['symlink', 'index.html']);

      // GNU's own format: long names as ././@LongLink entries.
      const g = spawnSync('tar', ['--format=gnu', '-cf', join(dir, 'gnu.tar'), '-C', out, VERY_LONG.split('/')[0]!], { encoding: 'utf8' });
      assert.equal(g.status, 0, g.stderr);
      const gnu = decodeTar(readFileSync(join(dir, 'gnu.tar')));
      assert.equal(gnu.find((e) => e.name === VERY_LONG)?.data?.toString('utf8'), 'very long\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
