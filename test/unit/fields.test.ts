import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldSelectorError, fieldMatcher, parseFieldSelector } from '../../src/api/fields.js';
import { builtinRegistry } from '../../src/api/registry.js';
import { pod } from './table-fixtures.js';

const pods = builtinRegistry.lookup('pods')!;

test('field selectors parse =, ==, != terms and escapes', () => {
  assert.deepEqual(parseFieldSelector('status.phase=Running,spec.nodeName!=n1,metadata.name==a\\,b'), [
    { field: 'status.phase', operator: '=', value: 'Running' },
    { field: 'spec.nodeName', operator: '!=', value: 'n1' },
    { field: 'metadata.name', operator: '==', value: 'a,b' },
  ]);
  assert.deepEqual(parseFieldSelector(''), []);
  assert.throws(() => parseFieldSelector('a=b,x'), new FieldSelectorError("invalid selector: 'a=b,x'; can't understand 'x'"));
});

test('pods match on phase, node and host network; other kinds support only metadata fields', () => {
  const running = pod('a', 60, { node: 'n1' });
  const pending = pod('b', 60, { phase: 'Pending' });
  const m = fieldMatcher(parseFieldSelector('status.phase=Running,spec.nodeName=n1,spec.hostNetwork=false'), pods);
  assert.equal(m(running), true);
  assert.equal(m(pending), false);
  assert.equal(fieldMatcher(parseFieldSelector('spec.nodeName='), pods)(pending), true);
  assert.equal(fieldMatcher(parseFieldSelector('metadata.namespace!=default'), pods)(pending), false);
  const nodes = builtinRegistry.lookup('nodes')!;
  assert.throws(() => fieldMatcher(parseFieldSelector('metadata.namespace=x'), nodes), new FieldSelectorError('field label not supported: metadata.namespace'));
  assert.throws(() => fieldMatcher(parseFieldSelector('status.phase=x'), builtinRegistry.lookup('cm')!), new FieldSelectorError('field label not supported: status.phase'));
  const events = builtinRegistry.lookup('events')!;
  const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'a' }, source: { component: 'kubelet' }, type: 'Normal' };
  assert.equal(fieldMatcher(parseFieldSelector('involvedObject.name=a,source=kubelet,type=Normal'), events)(ev), true);
});
