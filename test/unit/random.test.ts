import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomHex, randomUUID } from '../../src/util/random.js';

test('randomUUID makes distinct version 4 UUIDs', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const id = randomUUID();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 2000);
});

test('randomHex gives n random bytes as lowercase hex', () => {
  const a = randomHex(32);
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(a, randomHex(32));
  assert.equal(randomHex(0), '');
});

test('randomUUID: no salt is a plain version 4 UUID; a salt changes only the last 6 bytes', () => {
  const real = Math.random;
  Math.random = () => 0.5;
  try {
    assert.equal(randomUUID(), '80808080-8080-4080-8080-808080808080');
    assert.equal(randomUUID(1), '80808080-8080-4080-8080-808080808081');
    assert.equal(randomUUID(0x0102), '80808080-8080-4080-8080-808080808182');
  } finally {
    Math.random = real;
  }
});
