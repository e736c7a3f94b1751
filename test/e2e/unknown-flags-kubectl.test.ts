/**
 * Flags a verb does not have are refused as kubectl's flag parser refuses them, before anything is
 * read: the flag named without the value given with it, shorthands with the group they came in,
 * and kubectl v1.32's rollout restart/pause/resume, which have no --dry-run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';
import { comparable, kubectlAlone, kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';

const CASES = [
  'get pods --foo',
  'get pods --foo=bar',
  'get pods --foo=',
  'get pods -Z',
  'get pods -Zq',
  'scale deployment web --replicas=2 --bogus=1',
  'rollout restart deployment web --dry-run=client',
  'rollout pause deployment web --dry-run',
  'rollout resume deployment/web --dry-run=server',
];

test('unknown flags are refused as real kubectl refuses them', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const { home, dispose } = tempHome();
  try {
    for (const line of CASES) {
      const argv = line.split(' ');
      const want = comparable(kubectlAlone(argv, home), 'kubectl');
      const got = comparable(runBin(argv, { home, cwd: home }), 'kubectl-lite');
      assert.equal(want.code, 1, line);
      assert.deepEqual(got, want, line);
    }
  } finally {
    dispose();
  }
});
