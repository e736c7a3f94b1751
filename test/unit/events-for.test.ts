/**
 * eventsFor in a transaction reads the Events about an object through the index by involvedObject
 * uid (src/api/server.ts): the same Events, in the same order, as filtering the namespace's Events.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { canIndex } from '../../src/controllers/informer.js';
import { MemoryStore } from '../../src/store/file-store.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

test('the Events about an object through the index are those of its namespace with its name and uid', () => {
  new MemoryStore().update((tx) => {
    const api = new ApiServer(tx, new Registry(), new SettableClock(T0));
    assert.ok(canIndex(api), 'the index is used here');
    const eventType = api.registry.forKind('v1', 'Event')!;
    for (const name of ['default', 'other']) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const cm = (name: string, namespace: string): KubeObject => api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } });
    const a = cm('a', 'default');
    const b = cm('b', 'default');
    const a2 = cm('a', 'other');
    const source = { component: 'test' };
    for (const [obj, reason] of [[a, 'One'], [b, 'One'], [a2, 'One'], [a, 'Two'], [a, 'Three']] as const) api.recordEvent(obj, 'Normal', reason, `${reason} ${obj.metadata.namespace}`, source);
    // An Event naming `a`'s uid from another namespace is not about it.
    api.create({
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'stray', namespace: 'other' },
      involvedObject: { kind: 'ConfigMap', name: 'a', namespace: 'default', uid: a.metadata.uid }, reason: 'Stray', message: 'm',
    });
    const scanned = (obj: KubeObject) => api.list(eventType, obj.metadata.namespace).filter((e) => e.involvedObject?.name === obj.metadata.name && e.involvedObject?.uid === obj.metadata.uid);
    for (const obj of [a, b, a2]) {
      const got = api.eventsFor(obj);
      assert.deepEqual(got.map((e) => e.metadata.name), scanned(obj).map((e) => e.metadata.name));
    }
    assert.deepEqual(api.eventsFor(a).map((e) => e.reason).sort(), ['One', 'Three', 'Two']);
    assert.deepEqual(api.eventsFor(a2).map((e) => e.reason), ['One']);
  });
});
