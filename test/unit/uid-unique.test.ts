/**
 * metadata.uid is unique in a cluster even when Math.random repeats its sequence in every process
 * (a harness that seeds it for reproducible runs): the uid is salted with the revision the object
 * is created at. Unsalted, the Deployment made by one command and a ReplicaSet made by a later one
 * had the same uid; the garbage collector's whole-cluster pass, which finds owners by uid, then took
 * the Deployment's ReplicaSet for an orphan and deleted it, its replacement got that uid too, and
 * the two ReplicaSets, one uid, released and adopted each other's pods until the settle gave up.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { Cluster } from './workload-harness.js';

/** Math.random as a seeded generator restarted at every call of `fn`, as every command of such a harness starts it. */
function seededPerCommand<T>(fn: (restart: () => void) => T): T {
  const real = Math.random;
  let s = 0;
  const restart = () => (s = 12345);
  Math.random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  try {
    return fn(restart);
  } finally {
    Math.random = real;
  }
}

const configMap = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { a: name } });

test('uids made by separate commands differ though Math.random repeats its sequence in each', () => {
  const c = new Cluster([]);
  const uids = seededPerCommand((restart) =>
    ['a', 'b', 'c'].map((name) => {
      restart();
      return c.create(configMap(name)).metadata.uid!;
    }),
  );
  assert.equal(new Set(uids).size, 3, uids.join(' '));
  for (const uid of uids) assert.match(uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('uids in one transaction differ with a constant Math.random', () => {
  const c = new Cluster([]);
  const real = Math.random;
  Math.random = () => 0.5;
  try {
    const uids = c.with((api) => ['x', 'y'].map((name) => api.create(configMap(name)).metadata.uid!));
    assert.notEqual(uids[0], uids[1]);
  } finally {
    Math.random = real;
  }
});
