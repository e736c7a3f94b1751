import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unifiedHunks } from '../../src/cli/diff-unified.js';

const hasDiff = spawnSync('diff', ['--version']).status === 0;

/** GNU diff's hunks for the same two texts (headers dropped). */
function gnuHunks(a: string, b: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'udiff-'));
  try {
    writeFileSync(join(dir, 'a'), a);
    writeFileSync(join(dir, 'b'), b);
    const r = spawnSync('diff', ['-u', '-N', join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' });
    return r.stdout.split('\n').slice(2).join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i) + '\n').join('');

test('unifiedHunks: fixed cases', () => {
  assert.equal(unifiedHunks('a\n', 'a\n'), '');
  assert.equal(unifiedHunks('', 'x\ny\n'), '@@ -0,0 +1,2 @@\n+x\n+y\n');
  assert.equal(unifiedHunks('x\n', ''), '@@ -1 +0,0 @@\n-x\n');
  assert.equal(unifiedHunks('a\nb\nc\n', 'a\nB\nc\n'), '@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
});

test('unifiedHunks matches GNU diff -u on varied texts', { skip: !hasDiff && 'no diff program installed' }, () => {
  const base = lines(40, (i) => `line ${i}`);
  const cases: Array<[string, string]> = [
    [base, base.replace('line 3\n', 'LINE 3\n').replace('line 30\n', '')],
    [base, base.replace('line 10\n', 'line 10\nnew\n').replace('line 16\n', 'x\n')],
    [base, base.replace('line 0\n', '').replace('line 39\n', 'end\n')],
    [lines(8, (i) => `k${i}`), lines(8, (i) => `k${(i * 3) % 8}`)],
  ];
  for (const [a, b] of cases) assert.equal(unifiedHunks(a, b), gnuHunks(a, b));
});
