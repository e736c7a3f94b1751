/** os.MkdirAll's behaviour, which Node's recursive mkdir does not have under /proc. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { mkdirAll, MkdirError } from '../../src/util/mkdir-all.js';

test('makes every missing directory, and accepts one that is there', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-mkdir-'));
  try {
    mkdirAll(join(dir, 'a', 'b', 'c'), 0o700);
    assert.ok(statSync(join(dir, 'a', 'b', 'c')).isDirectory());
    mkdirAll(join(dir, 'a', 'b') + '/');
    writeFileSync(join(dir, 'f'), '');
    assert.throws(() => mkdirAll(join(dir, 'f', 'x')), (e: unknown) => e instanceof MkdirError && e.message === `mkdir ${join(dir, 'f')}: not a directory`);
    assert.throws(() => mkdirAll(join(dir, 'f')), { message: `mkdir ${join(dir, 'f')}: not a directory` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a directory the kernel will not make fails at once', { skip: !existsSync('/proc/self') && 'no /proc on this machine' }, () => {
  assert.throws(() => mkdirAll('/proc/kl-x/y'), { message: 'mkdir /proc/kl-x: no such file or directory' });
});
