/** Pieces of describe that the kubectl comparisons cannot pin down on their own. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeObject, listSource } from '../../src/printers/describe/index.js';
import { addQuantity, canonical, parseQuantity, formatQuantity } from '../../src/printers/describe/quantity.js';
import { PrefixWriter } from '../../src/printers/describe/writer.js';
import { rfc1123z } from '../../src/printers/describe/common.js';

process.env.TZ = 'UTC';
const now = new Date('2026-11-22T00:00:00Z');

test('quantities print in canonical form', () => {
  const cases: Array<[string, string]> = [
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['0.25', '250m'],
    ['1000', '1k'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['1024', '1024'],
    ['512', '512'],
    ['129e6', '129e6'],
    ['2G', '2G'],
    ['0', '0'],
    ['100Mi', '100Mi'],
    ['0.1m', '100u'],
  ];
  for (const [input, want] of cases) assert.equal(canonical(input), want, input);
});

test('a sum keeps the format of its first term', () => {
  assert.equal(formatQuantity(addQuantity(parseQuantity('64Mi'), parseQuantity('128Mi'))), '192Mi');
  assert.equal(formatQuantity(addQuantity(parseQuantity('250m'), parseQuantity('1'))), '1250m');
});

test('flush closes an alignment block', () => {
  const w = new PrefixWriter();
  w.write(0, 'A:\tx\n');
  w.write(0, 'Longer label:\ty\n');
  w.flush();
  w.write(1, 'B:\tz\n');
  assert.equal(w.toString(), 'A:             x\nLonger label:  y\n  B:  z\n');
});

test('times print as RFC1123Z in the local zone', () => {
  assert.equal(rfc1123z('2026-11-21T23:47:57Z'), 'Sat, 21 Nov 2026 23:47:57 +0000');
  assert.equal(rfc1123z(undefined), 'Mon, 01 Jan 0001 00:00:00 +0000');
});

test('configmap and secret data keys print sorted (kubectl ranges over a Go map, in random order)', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { b: '2', a: '1' } };
  const out = describeObject(cm, listSource([]), { now, showEvents: false });
  assert.equal(out, 'Name:         c\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\na:\n----\n1\n\nb:\n----\n2\n\n\nBinaryData\n====\n\n');
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, type: 'Opaque', data: { z: 'eHl6', k: '' } };
  assert.equal(describeObject(secret, listSource([]), { now, showEvents: true }), 'Name:         s\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\nk:  0 bytes\nz:  3 bytes\n');
});

test('a mirror pod shows the events of its static pod', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'etcd-cp', namespace: 'kube-system', uid: 'mirror-uid', annotations: { 'kubernetes.io/config.mirror': 'static-uid' } },
    spec: { containers: [] },
    status: { phase: 'Running' },
  };
  const ev = (uid: string, reason: string) => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: reason, namespace: 'kube-system' },
    involvedObject: { kind: 'Pod', name: 'etcd-cp', namespace: 'kube-system', uid },
    reason,
    type: 'Normal',
    message: reason,
    source: { component: 'kubelet' },
    firstTimestamp: '2026-11-21T23:00:00Z',
    lastTimestamp: '2026-11-21T23:00:00Z',
    count: 1,
  });
  const out = describeObject(pod, listSource([pod, ev('static-uid', 'Pulled'), ev('mirror-uid', 'Other')]), { now, showEvents: true });
  assert.match(out, /Normal {2}Pulled {2}60m {3}kubelet {2}Pulled\n$/);
  assert.ok(!out.includes('Other'));
});
