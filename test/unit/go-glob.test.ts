import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BadPatternError, goGlob, goMatch, hasGlobMeta } from '../../src/util/go-glob.js';

test("goMatch: Go's filepath.Match on Unix (star and ? stop at a slash, classes, escapes)", () => {
  const cases: Array<[string, string, boolean]> = [
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'a.yml', false],
    ['*', 'a/b', false],
    ['*', '', true],
    ['a*b', 'ab', true],
    ['a*b', 'axxb', true],
    ['a*b', 'axxbc', false],
    ['a*b*c', 'abxbc', true],
    ['a*/b', 'abc/b', true],
    ['a*b', 'a/b', false],
    ['?', 'a', true],
    ['?', '', false],
    ['?', '/', false],
    ['?', 'é', true],
    ['[abc]', 'b', true],
    ['[^abc]', 'b', false],
    ['[^abc]', 'd', true],
    ['[a-c]x', 'bx', true],
    ['[a-cx-z]', 'y', true],
    ['[à-ü]', 'é', true],
    ['[\\-]', '-', true],
    ['[\\]]', ']', true],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['a\\b', 'ab', true],
  ];
  for (const [pattern, name, want] of cases) assert.equal(goMatch(pattern, name), want, `${pattern} ${name}`);
});

test('goMatch: a malformed pattern is ErrBadPattern whatever the name', () => {
  for (const pattern of ['[', '[a', '[]a]', '[^]', '[a-]', '[-a]', 'a\\', 'x[', '*[', 'a*b[']) {
    assert.throws(() => goMatch(pattern, 'zzz'), BadPatternError, pattern);
  }
  assert.equal(new BadPatternError().message, 'syntax error in pattern');
});

test("goGlob: Go's filepath.Glob, as the pattern writes the paths, sorted within each directory", () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-glob-'));
  try {
    for (const f of ['b.yaml', 'a.yaml', '.hidden.yaml', 'c.json', 'B.yaml']) writeFileSync(join(dir, f), '');
    mkdirSync(join(dir, 'sub'));
    mkdirSync(join(dir, 'sub2'));
    writeFileSync(join(dir, 'sub', 'd.yaml'), '');
    writeFileSync(join(dir, 'sub2', 'e.yaml'), '');
    // `*` matches a leading dot; names sort by bytes (upper case first).
    assert.deepEqual(goGlob('*.yaml', dir), ['.hidden.yaml', 'B.yaml', 'a.yaml', 'b.yaml']);
    assert.deepEqual(goGlob('*/*.yaml', dir), ['sub/d.yaml', 'sub2/e.yaml']);
    assert.deepEqual(goGlob('s?b*', dir), ['sub', 'sub2']);
    assert.deepEqual(goGlob('sub/', dir), ['sub/']);
    assert.deepEqual(goGlob('./[ab].yaml', dir), ['a.yaml', 'b.yaml']);
    assert.deepEqual(goGlob(`${dir}/*.json`, '/'), [join(dir, 'c.json')]);
    assert.deepEqual(goGlob('a.yaml', dir), ['a.yaml']);
    assert.deepEqual(goGlob('zz', dir), []);
    assert.deepEqual(goGlob('zz/*.yaml', dir), []);
    // A file is not a directory to look into.
    assert.deepEqual(goGlob('a.yaml/*', dir), []);
    assert.throws(() => goGlob('[', dir), BadPatternError);
    assert.throws(() => goGlob('nothere/[', dir), BadPatternError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hasGlobMeta: *, ?, [ and \\ make a pattern', () => {
  assert.deepEqual(['a*', 'a?', 'a[', 'a\\b', 'a.yaml', 'a]'].map(hasGlobMeta), [true, true, true, true, false, false]);
});
