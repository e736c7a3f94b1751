import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workOf } from '../../src/cli/write-parts.js';

const obj = (kind: string, spec?: Record<string, unknown>) => ({ apiVersion: 'v1', kind, metadata: { name: 'x' }, spec });

test('the work of an object is itself plus the pods it asks for', () => {
  assert.equal(workOf(obj('ConfigMap')), 1);
  assert.equal(workOf(obj('Pod', {})), 1);
  assert.equal(workOf(obj('Deployment', { replicas: 100 })), 101);
  assert.equal(workOf(obj('Deployment', {})), 2, 'replicas default to 1');
  assert.equal(workOf(obj('StatefulSet', { replicas: 0 })), 1);
  assert.equal(workOf(obj('ReplicaSet', { replicas: 'many' })), 1, 'a bad count is refused by validation, not counted');
  assert.equal(workOf(obj('Job', { parallelism: 4 })), 5);
});
