/**
 * The memo of the controllers' status writes (src/api/managed-fields/status-memo.ts) gives each pod
 * byte for byte the managedFields the computation gives it alone, addresses included, and the
 * Services memo of the work queues (src/controllers/queues.ts) the keys a scan of the Services finds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { clearStatusMemo } from '../../src/api/managed-fields/status-memo.js';
import { scanServicesSelecting, servicesSelectingPod } from '../../src/controllers/queues.js';
import { MemoryStore } from '../../src/store/file-store.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, generateName: 'web-', namespace: 'default', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
});

/** The statuses a scheduler and a kubelet write, in turn, for a pod with these addresses. */
function statuses(podIPs: string[], hostIP: string): Array<Record<string, unknown>> {
  const cond = (type: string, status = 'True') => ({ lastProbeTime: null, lastTransitionTime: at(0), status, type });
  return [
    { phase: 'Pending', conditions: [cond('PodScheduled')] },
    {
      phase: 'Pending',
      conditions: [cond('PodReadyToStartContainers'), cond('Initialized'), cond('Ready', 'False'), cond('PodScheduled')],
      hostIP, hostIPs: [{ ip: hostIP }], podIP: podIPs[0], podIPs: podIPs.map((ip) => ({ ip })), startTime: at(0),
      containerStatuses: [{ name: 'c', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }],
    },
    {
      phase: 'Running',
      conditions: [cond('PodReadyToStartContainers'), cond('Initialized'), cond('Ready'), cond('PodScheduled')],
      hostIP, hostIPs: [{ ip: hostIP }], podIP: podIPs[0], podIPs: podIPs.map((ip) => ({ ip })), startTime: at(0),
      containerStatuses: [{ name: 'c', ready: true, containerID: `containerd://${podIPs[0]}`, state: { running: { startedAt: at(0) } } }],
    },
  ];
}

// Pods whose addresses sort differently: [.2, .10] puts the second first, [.3, .4] does not.
const PODS: Array<[string, string[], string]> = [
  ['a', ['10.244.1.2', '10.244.1.10'], '172.18.0.2'],
  ['b', ['10.244.1.3', '10.244.1.4'], '172.18.0.2'],
  ['c', ['10.244.2.7'], '172.18.0.3'],
  ['d', ['10.244.2.8'], '172.18.0.3'],
  ['e', ['172.18.0.4'], '172.18.0.4'],
  ['f', ['172.18.0.5'], '172.18.0.5'],
];

/** Every pod's managedFields after the writes, as stored (JSON, so key order counts); `fresh`: the memo forgotten before each write. */
function run(fresh: boolean): { json: Map<string, string>; stored: Map<string, KubeObject> } {
  const store = new MemoryStore();
  const json = new Map<string, string>();
  const stored = new Map<string, KubeObject>();
  store.update((tx) => {
    const api = new ApiServer(tx, new Registry(), new SettableClock(T0));
    const podType = api.registry.forKind('v1', 'Pod')!;
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    for (const [name] of PODS) api.create(pod(name), { trusted: true });
    for (let step = 0; step < 3; step++) {
      for (const [name, ips, host] of PODS) {
        if (fresh) clearStatusMemo();
        const live = api.get(podType, 'default', name);
        api.put({ ...live, status: statuses(ips, host)[step] });
      }
    }
    for (const [name] of PODS) {
      const o = api.get(podType, 'default', name);
      stored.set(name, o);
      json.set(name, JSON.stringify(o.metadata.managedFields));
    }
  });
  return { json, stored };
}

test('status writes through the memo store byte for byte what each computed alone stores, addresses re-sorted', () => {
  clearStatusMemo();
  const memo = run(false);
  const alone = run(true);
  for (const [name, ips] of PODS) {
    assert.equal(memo.json.get(name), alone.json.get(name), `pod ${name}`);
    for (const ip of ips) assert.ok(memo.json.get(name)!.includes(`k:{\\"ip\\":\\"${ip}\\"}`), `pod ${name} owns its address ${ip}`);
  }
  // Pod a's addresses are filed .10 before .2, b's .3 before .4.
  const podIPs = (name: string) => Object.keys((memo.stored.get(name)!.metadata.managedFields as any[]).at(-1).fieldsV1['f:status']['f:podIPs']);
  assert.deepEqual(podIPs('a'), ['.', 'k:{"ip":"10.244.1.10"}', 'k:{"ip":"10.244.1.2"}']);
  assert.deepEqual(podIPs('b'), ['.', 'k:{"ip":"10.244.1.3"}', 'k:{"ip":"10.244.1.4"}']);
  // The memo was used: b's conditions (nothing renamed there) are a's, shared and frozen.
  const conditions = (name: string) => (memo.stored.get(name)!.metadata.managedFields as any[]).at(-1).fieldsV1['f:status']['f:conditions'];
  assert.equal(conditions('b'), conditions('a'));
  assert.ok(Object.isFrozen(conditions('b')));
  assert.notEqual(conditions('b'), (alone.stored.get('b')!.metadata.managedFields as any[]).at(-1).fieldsV1['f:status']['f:conditions']);
});

test('the Services a pod selects, remembered per label set, follow a change of the Services in the transaction', () => {
  const store = new MemoryStore();
  store.update((tx) => {
    const api = new ApiServer(tx, new Registry(), new SettableClock(T0));
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const svc = (name: string, selector: Record<string, string>): KubeObject =>
      ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector, ports: [{ port: 80 }] } });
    api.create(svc('web', { app: 'web' }));
    const p = (name: string, labels: Record<string, string>): KubeObject => ({ ...pod(name), metadata: { name, namespace: 'default', labels } });
    const x = p('x', { app: 'web', tier: 'front' });
    const y = p('y', { app: 'web', tier: 'front' });
    const same = (o: KubeObject) => assert.deepEqual([...servicesSelectingPod(api, o)], scanServicesSelecting(api, o));
    assert.deepEqual([...servicesSelectingPod(api, x)], ['default/web']);
    same(y);
    assert.equal(servicesSelectingPod(api, y), servicesSelectingPod(api, x), 'one list per label set');
    api.create(svc('front', { tier: 'front' }));
    assert.deepEqual([...servicesSelectingPod(api, y)].sort(), ['default/front', 'default/web']);
    same(x);
    const front = api.get(api.registry.forKind('v1', 'Service')!, 'default', 'front');
    api.update({ ...front, spec: { ...front.spec, selector: { tier: 'back' } } });
    assert.deepEqual([...servicesSelectingPod(api, x)], ['default/web']);
    same(y);
    same(p('z', { tier: 'back' }));
  });
});
