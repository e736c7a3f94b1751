/**
 * `config` verbs given the wrong number of names fail (or print their help and exit 0) as kubectl
 * v1.32's do; the expectations were taken from the real kubectl. The config file is left as it was.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';

const CASES: Array<[args: string[], stderr: string, code: number]> = [
  [['use-context'], 'error: Unexpected args: []\n', 1],
  [['use-context', 'a', 'b'], 'error: Unexpected args: [a b]\n', 1],
  [['use-context', ''], 'error: empty context names are not allowed\n', 1],
  [['delete-context'], '', 0],
  [['delete-context', 'a', 'b'], '', 0],
  [['delete-cluster', 'a', 'b'], '', 0],
  [['delete-user', 'a', 'b'], "error: user to delete is required\nSee 'kubectl-lite config delete-user -h' for help and examples\n", 1],
  [['rename-context', 'a'], 'error: Unexpected args: [a]\n', 1],
  [['rename-context', 'a', 'b', 'c'], 'error: Unexpected args: [a b c]\n', 1],
  [['set-context', 'a', 'b'], 'error: Unexpected args: [a b]\n', 1],
  [['set-context', '--current', 'a'], 'error: you cannot specify both a context name and --current\n', 1],
  [['set-context', ''], 'error: you must specify a non-empty context name or --current\n', 1],
];

test('config verbs refuse a wrong number of names as kubectl does, leaving the config alone', () => {
  const { home, dispose } = tempHome();
  try {
    assert.equal(runBin(['config', 'set-context', 'dev', '--cluster=lite'], { home }).code, 0);
    const before = readFileSync(join(home, 'config.json'), 'utf8');
    for (const [args, stderr, code] of CASES) {
      const r = runBin(['config', ...args], { home });
      assert.deepEqual({ stderr: r.stderr, code: r.code }, { stderr, code }, args.join(' '));
    }
    assert.equal(readFileSync(join(home, 'config.json'), 'utf8'), before);
    // An empty name is looked up like any other.
    const r = runBin(['config', 'rename-context', '', 'b'], { home });
    assert.match(r.stderr, /^error: cannot rename the context "", it's not in .*config\.json\n$/);
    const d = runBin(['config', 'delete-context', ''], { home });
    assert.match(d.stderr, /^error: cannot delete context , not in .*config\.json\n$/);
  } finally {
    dispose();
  }
});
