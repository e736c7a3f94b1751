import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isTerminal } from '../../src/main.js';
import { tempHome } from '../helpers/cli.js';

test('colour is for terminals only: not a file, not /dev/null', () => {
  const { home, dispose } = tempHome();
  const file = openSync(join(home, 'out.txt'), 'w');
  const devNull = openSync('/dev/null', 'w');
  try {
    assert.equal(isTerminal(file), false);
    assert.equal(isTerminal(devNull), false, '/dev/null is a character device, but no terminal');
    assert.equal(isTerminal(999), false, 'a descriptor that is not open');
  } finally {
    closeSync(file);
    closeSync(devNull);
    dispose();
  }
});
