import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { commandReference } from '../../src/cli/reference.js';
import { REPO_ROOT } from '../helpers/cli.js';

test('README opens with the two commands and lists every verb and flag as the code has them', async () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  assert.match(readme, /^# kubectl-lite\n\n```\nnpm install\nnpm test\n```\n/);
  const ci = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
  assert.match(ci, /\nnpm install\nnpm test\n$/, '.ci/run runs exactly the README commands');
  assert.ok(readme.includes(await commandReference()), 'README command reference is stale: run `node scripts/readme-reference.mjs`');
});
