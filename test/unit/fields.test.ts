import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldSelectorError, fieldMatcher, parseFieldSelector } from '../../src/api/fields.js';
import { builtinRegistry } from '../../src/api/registry.js';
import { pod } from './table-fixtures.js';

const pods = builtinRegistry.lookup('pods')!;

test('field selectors parse =, ==, != terms and escapes', () => {
  // In sorted order, as apimachinery takes them.
  assert.deepEqual(parseFieldSelector('status.phase=Running,spec.nodeName!=n1,metadata.name==a\\,b'), [
    { field: 'metadata.name', operator: '==', value: 'a,b' },
    { field: 'spec.nodeName', operator: '!=', value: 'n1' },
    { field: 'status.phase', operator: '=', value: 'Running' },
  ]);
  assert.deepEqual(parseFieldSelector('a=x\\=y\\\\'), [{ field: 'a', operator: '=', value: 'x=y\\' }]);
  assert.throws(() => parseFieldSelector('metadata.name=a=b'), new FieldSelectorError('invalid field selector: unescaped character in value: ='));
  assert.throws(() => parseFieldSelector('a=x\\q'), new FieldSelectorError('invalid field selector: invalid escape sequence: \\q'));
  // The first bad term in sorted order is the one named.
  assert.throws(() => parseFieldSelector('zz=1\\q,aa'), new FieldSelectorError("invalid selector: 'zz=1\\q,aa'; can't understand 'aa'"));
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
  assert.throws(() => fieldMatcher(parseFieldSelector('status.phase=x'), builtinRegistry.lookup('cm')!), new FieldSelectorError('"status.phase" is not a known field selector: only "metadata.name", "metadata.namespace"'));
  const events = builtinRegistry.lookup('events')!;
  const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'a' }, source: { component: 'kubelet' }, type: 'Normal' };
  assert.equal(fieldMatcher(parseFieldSelector('involvedObject.name=a,source=kubelet,type=Normal'), events)(ev), true);
});

test('each kind takes the field labels of its conversion: the apps group has none, a Job words its refusal its own way', () => {
  const refused = (selector: string, type: string) => {
    try {
      fieldMatcher(parseFieldSelector(selector), builtinRegistry.lookup(type)!);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };
  // kubernetes/kubernetes#135136: a ReplicaSet's status.replicas is refused.
  assert.equal(refused('status.replicas=0', 'rs'), '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"');
  assert.equal(refused('status.replicas=0', 'rc'), undefined);
  assert.equal(refused('spec.x=1', 'jobs'), 'field label "spec.x" not supported for Job');
  assert.equal(refused('status.successful=1', 'jobs'), undefined);
  assert.equal(refused('status.phase=Active', 'ns'), undefined);
  assert.equal(refused('metadata.namespace=x', 'ns'), 'field label not supported: metadata.namespace');
  // A cluster-scoped kind without a conversion takes metadata.namespace, which it reads as empty.
  const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' } };
  assert.equal(fieldMatcher(parseFieldSelector('metadata.namespace='), builtinRegistry.lookup('pv')!)(pv), true);
  assert.equal(fieldMatcher(parseFieldSelector('metadata.namespace=x'), builtinRegistry.lookup('pv')!)(pv), false);
  // status.podIPs is taken but never set by the pod strategy; spec.host reads spec.nodeName.
  const p = { ...pod('a', 60, { node: 'n1' }), status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }] } };
  assert.equal(fieldMatcher(parseFieldSelector('status.podIPs=10.0.0.1'), pods)(p), false);
  assert.equal(fieldMatcher(parseFieldSelector('status.podIP=10.0.0.1,spec.host=n1'), pods)(p), true);
  // An Event's source is its reporting component when it names no source component.
  const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, reportingComponent: 'deployment-controller', type: 'Normal' };
  assert.equal(fieldMatcher(parseFieldSelector('source=deployment-controller'), builtinRegistry.lookup('events')!)(ev), true);
});
