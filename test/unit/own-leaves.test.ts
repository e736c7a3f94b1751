import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordControllerWrite, recordUpdate, type ManagedFieldsEntry } from '../../src/api/managed-fields/index.js';
import { ownLeavesUpdate } from '../../src/api/managed-fields/own-leaves.js';

type Obj = Record<string, any>;
const T = { kind: 'Lease', custom: false, statusReset: true };
const MANAGERS = { main: 'kube-controller-manager', status: 'kube-controller-manager' };
const V = 'coordination.k8s.io/v1';

/** A node's Lease as node-lease.ts creates it, with the managedFields its create gets. */
function lease(): Obj {
  const obj: Obj = {
    apiVersion: V,
    kind: 'Lease',
    metadata: { name: 'w1', namespace: 'kube-node-lease', uid: 'u-1', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'w1', uid: 'n-1' }] },
    spec: { holderIdentity: 'w1', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' },
  };
  obj.metadata.managedFields = recordUpdate(T, undefined, obj, { manager: MANAGERS.main, apiVersion: V, time: '2026-01-01T00:00:00Z' }, []);
  return obj;
}

const TIME = '2026-01-01T00:00:50Z';
const slow = (live: Obj, next: Obj) => recordControllerWrite(T, live, next, MANAGERS, TIME, V);
const fast = (live: Obj, next: Obj) => ownLeavesUpdate(live, next, MANAGERS.main, V, TIME);
const withSpec = (o: Obj, spec: Obj): Obj => ({ ...o, spec: { ...o.spec, ...spec } });

test('a Lease renewal by its own manager: the shortcut gives the full computation\'s entries, byte for byte', () => {
  const live = lease();
  for (const spec of [{ renewTime: '2026-01-01T00:00:40.000000Z' }, { holderIdentity: 'other', renewTime: '2026-01-01T00:00:40.000000Z' }, { leaseDurationSeconds: 15 }]) {
    const next = withSpec(live, spec);
    const quick = fast(live, next);
    assert.ok(quick, `the shortcut applies to ${JSON.stringify(spec)}`);
    assert.equal(JSON.stringify(quick), JSON.stringify(slow(live, next)));
    // And a second renewal from the result.
    const renewed = { ...next, metadata: { ...next.metadata, managedFields: quick } };
    const again = withSpec(renewed, { renewTime: '2026-01-01T00:01:20.000000Z' });
    assert.equal(JSON.stringify(fast(renewed, again)), JSON.stringify(slow(renewed, again)));
  }
});

test('anything else takes the full path', () => {
  const live = lease();
  const entry = live.metadata.managedFields[0] as ManagedFieldsEntry;
  const cases: Array<[string, Obj, Obj]> = [
    ['nothing changed', live, { ...live }],
    ['a spec field added, which no entry owns', live, withSpec(live, { acquireTime: '2026-01-01T00:00:40.000000Z' })],
    ['a spec field removed', live, { ...live, spec: { holderIdentity: 'w1', leaseDurationSeconds: 40 } }],
    ['a label', live, { ...live, metadata: { ...live.metadata, labels: { a: 'b' } } }],
    ['a status', live, { ...withSpec(live, { renewTime: 'x' }), status: {} }],
    ['another manager\'s entry', { ...live, metadata: { ...live.metadata, managedFields: [{ ...entry, manager: 'kubectl' }] } }, withSpec(live, { renewTime: 'x' })],
    ['two entries', { ...live, metadata: { ...live.metadata, managedFields: [entry, { ...entry, manager: 'kubectl', time: '2026-01-01T00:00:01Z' }] } }, withSpec(live, { renewTime: 'x' })],
    ['a field set not as toFieldsV1 writes it (keys out of order)', { ...live, metadata: { ...live.metadata, managedFields: [{ ...entry, fieldsV1: { 'f:spec': { 'f:renewTime': {}, 'f:holderIdentity': {}, 'f:leaseDurationSeconds': {} }, 'f:metadata': (entry.fieldsV1 as Obj)['f:metadata'] } }] } }, withSpec(live, { renewTime: 'x' })],
  ];
  for (const [what, a, b] of cases) assert.equal(fast(a, b), undefined, what);
  // The last case is why: the full path re-encodes the set, sorted.
  const [, a, b] = cases.at(-1)!;
  assert.notEqual(JSON.stringify(slow(a, b)![0]!.fieldsV1), JSON.stringify(a.metadata.managedFields[0].fieldsV1));
});
