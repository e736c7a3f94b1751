import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle } from '../helpers/oracle.js';

test('oracle: real kubectl reads objects served by the test server', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
  const oracle = await startOracle([
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
  ]);
  try {
    const r = await oracle.kubectl(['get', 'pods', '-o', 'name']);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'pod/web\n');
    const j = await oracle.kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.spec.containers[0].image}']);
    assert.equal(j.stdout, 'nginx');
    const nf = await oracle.kubectl(['get', 'pod', 'nope']);
    assert.equal(nf.code, 1);
    assert.equal(nf.stderr, 'Error from server (NotFound): pods "nope" not found\n');
  } finally {
    await oracle.close();
  }
});
