/**
 * Reads the API server does not serve, and a watch of nothing: a type that is only created
 * (Binding, TokenReview) cannot be listed or got (405, through serve as from kubectl-lite's own
 * get), and `get -w` of an empty listing prints nothing and waits. Through serve, the real kubectl
 * is the expectation.
 */
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

describe('reads kubectl cannot make, and a watch of nothing', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite();

  test('a type that is only created has no list and no get', async () => {
    for (const type of ['bindings', 'tokenreviews', 'selfsubjectaccessreviews']) {
      await suite.same(['get', type]);
      await suite.same(['get', type, 'x']);
      await suite.same(['get', type, '-A', '-o', 'name']);
    }
  });

  test('`-l=` is the selector "=" (pflag), which the server refuses; `-l=x` is x', async () => {
    await suite.same(['get', 'pods', '-l=']);
    await suite.same(['get', 'namespaces', '-l==x']);
    await suite.same(['get', 'namespaces', '-l=kubernetes.io/metadata.name=default', '-o', 'name']);
    await suite.same(['get', 'namespaces', '-lkubernetes.io/metadata.name=default', '-o=name']);
    await suite.same(['get', 'namespaces', '-o=']);
  });

  test('get -w of an empty listing prints nothing until it ends', async () => {
    await suite.same(['get', 'secrets', '-w', '--request-timeout=1s']);
    await suite.same(['get', 'podtemplates', '-A', '-w', '--request-timeout=1s']);
    // A listing with objects prints them, then waits.
    await suite.same(['get', 'configmaps', '-n', 'kube-node-lease', '-w', '--request-timeout=1s']);
  });
});
