/**
 * Names no request path can hold (`.`, `..`, anything with `/` or `%`), refused by kubectl itself as
 * client-go refuses them, on each verb that asks the server for a named object, in kubectl's words and
 * in its place among the other errors. Through serve, the real kubectl is the expectation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

describe('names client-go refuses to put in a request path', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((s) => {
    assert.equal(s.lite(['run', 'solo', '--image=nginx']).code, 0);
    assert.equal(s.lite(['create', 'deployment', 'web', '--image=nginx']).code, 0);
  });

  test('each verb refuses the name before asking, as a lone error or a bare line among others', async () => {
    assert.deepEqual(await suite.same(['get', 'pod', 'a%b']), { code: 1, stdout: '', stderr: 'error: invalid resource name "a%b": [may not contain \'%\']\n' });
    const among = await suite.same(['get', 'pod', 'solo', 'a%b', '.', 'nope', '-o', 'name']);
    assert.equal(among.stderr, 'invalid resource name "a%b": [may not contain \'%\']\ninvalid resource name ".": [may not be \'.\']\nError from server (NotFound): pods "nope" not found\n');
    for (const args of [
      ['get', 'pod', 'solo', 'a%b'],
      ['get', 'cm', '..', '--ignore-not-found'],
      ['describe', 'pod', '.'],
      ['describe', 'pod', 'a%b', 'nope'],
      ['label', 'pod', 'a%b', 'solo', 'x=y', '--dry-run=client'],
      ['annotate', 'node', '.', 'a=b'],
      ['scale', 'deploy', '.', '--replicas=1'],
      ['rollout', 'status', 'deploy/.'],
      ['logs', 'a%b'],
      ['logs', 'deploy/a%b'],
      ['exec', 'a%b', '--', 'ls'],
      ['top', 'pod', 'deploy/web'],
      ['top', 'node', '..'],
      ['wait', '--for=delete', 'pod/a%b', '--timeout=1s'],
      ['delete', 'pod', 'a%b'],
      // A client dry run of delete asks for nothing: nothing to refuse.
      ['delete', 'pod', 'a%b', '--dry-run=client'],
      ['delete', 'pod', 'a%b', '-n', 'c%d', '--dry-run=client'],
      // Both wrong: client-go sets the namespace first, and its error stands; a node's path has no namespace.
      ['get', 'pod', 'a%b', '-n', 'c%d'],
      ['describe', 'pod', 'a%b', 'x', '-n', 'c%d'],
      ['delete', 'pod', 'a%b', '-n', 'c%d'],
      ['logs', 'deploy/a%b', '-n', 'c%d'],
      ['exec', 'a%b', '-n', 'c%d', '--', 'ls'],
      ['top', 'pod', 'a%b', '-n', 'c%d'],
      ['top', 'node', 'a%b', '-n', 'c%d'],
    ]) {
      await suite.same(args);
    }
  });
});
