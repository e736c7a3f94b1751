/**
 * `npm run bench` takes its flags or refuses them: a mistyped flag (or `--help`) used to run the
 * whole bench, ten minutes or more.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/cli.js';

const bench = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bench.mjs'), ...args], { encoding: 'utf8', timeout: 20_000 });

test('bench: --help prints the usage and runs nothing; an unknown flag or a bad number is refused', () => {
  const help = bench('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: npm run bench .*--only-scale/);
  assert.doesNotMatch(help.stdout, /kubectl-lite bench/);
  for (const [args, message] of [[['--bogus'], 'unknown flag "--bogus"'], [['--only-scale', '--nodes', 'x'], '--nodes needs a positive number'], [['--deployments'], '--deployments needs a positive number']] as const) {
    const r = bench(...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.equal(r.stderr.split('\n')[0], `bench: ${message}`);
    assert.equal(r.stdout, '');
  }
});
