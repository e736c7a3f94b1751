import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { daemonSetController, targetNode } from '../../src/controllers/daemonset.js';
import { Cluster } from './workload-harness.js';

function node(name: string, labels: Record<string, string> = {}, taints: unknown[] = []): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: { taints } };
}

function ds(name: string, podSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'agent:1' }], ...podSpec } },
    },
  };
}

test('one pod per eligible node, pinned by node affinity; tainted and unselected nodes skipped', () => {
  const c = new Cluster([daemonSetController], 'none');
  c.create(node('a', { disk: 'ssd' }));
  c.create(node('b', { disk: 'ssd' }));
  c.create(node('cp', { disk: 'ssd' }, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]));
  c.create(node('d'));
  c.create(ds('agent', { nodeSelector: { disk: 'ssd' } }));
  c.settle();
  const pods = c.list('v1', 'Pod', 'kube-system');
  assert.deepEqual(pods.map(targetNode).sort(), ['a', 'b']);
  assert.equal(pods[0]!.spec.nodeName, undefined);
  assert.ok(pods[0]!.spec.tolerations.some((t: any) => t.key === 'node.kubernetes.io/unschedulable'));
  const status = c.get('apps/v1', 'DaemonSet', 'agent', 'kube-system')!.status;
  assert.equal(status.desiredNumberScheduled, 2);
  assert.equal(status.currentNumberScheduled, 2);
  assert.equal(status.numberReady, 0);
  assert.equal(status.numberUnavailable, 2);
});

test('a new node gets a daemon pod; a removed node loses it', () => {
  const c = new Cluster([daemonSetController], 'none');
  c.create(node('a'));
  c.create(ds('agent', { tolerations: [{ operator: 'Exists' }] }));
  c.settle();
  c.create(node('b'));
  c.settle();
  assert.equal(c.list('v1', 'Pod', 'kube-system').length, 2);
  c.with((api) => api.delete(api.registry.forKind('v1', 'Node')!, undefined, 'a'));
  c.settle();
  assert.deepEqual(c.list('v1', 'Pod', 'kube-system').map(targetNode), ['b']);
});

test('a template change replaces daemon pods at most maxUnavailable at a time', () => {
  const c = new Cluster([daemonSetController]);
  for (const n of ['a', 'b', 'c']) c.create(node(n));
  c.create(ds('agent'));
  c.settle();
  c.kubelet = 'none'; // replacements never become ready
  c.update('apps/v1', 'DaemonSet', 'agent', (d) => (d.spec.template.spec.containers[0].image = 'agent:2'), 'kube-system');
  c.settle();
  const images = c.list('v1', 'Pod', 'kube-system').map((p) => p.spec.containers[0].image).sort();
  assert.deepEqual(images, ['agent:1', 'agent:1', 'agent:2']);
  const status = c.get('apps/v1', 'DaemonSet', 'agent', 'kube-system')!.status;
  assert.equal(status.updatedNumberScheduled, 1);
  assert.equal(c.list('apps/v1', 'ControllerRevision', 'kube-system').length, 2);
});

test('a node newly tainted NoSchedule keeps its running daemon pod (misscheduled, not desired); NoExecute removes it; hostNetwork pods tolerate network-unavailable', () => {
  const c = new Cluster([daemonSetController], 'none');
  for (const n of ['a', 'b', 'c']) c.create(node(n));
  c.create(ds('agent'));
  c.create(ds('net', { hostNetwork: true }));
  c.settle();
  const agents = () => c.list('v1', 'Pod', 'kube-system').filter((p) => p.metadata.labels?.app === 'agent' && !p.metadata.deletionTimestamp);
  const before = agents().map((p) => p.metadata.name).sort();
  c.update('v1', 'Node', 'a', (n) => (n.spec.taints = [{ key: 'k', value: 'v', effect: 'NoSchedule' }]));
  c.settle();
  // The controller no longer schedules onto a, but what runs there stays.
  assert.deepEqual(agents().map((p) => p.metadata.name).sort(), before);
  let status = c.get('apps/v1', 'DaemonSet', 'agent', 'kube-system')!.status;
  assert.equal(status.desiredNumberScheduled, 2);
  assert.equal(status.numberMisscheduled, 1);
  c.update('v1', 'Node', 'b', (n) => (n.spec.taints = [{ key: 'k', value: 'v', effect: 'NoExecute' }]));
  c.settle();
  assert.deepEqual(agents().map(targetNode).sort(), ['a', 'c']);
  status = c.get('apps/v1', 'DaemonSet', 'agent', 'kube-system')!.status;
  assert.equal(status.desiredNumberScheduled, 1);
  // A node the DaemonSet never ran on gets no pod from a NoSchedule taint it does not tolerate.
  c.create(node('d', {}, [{ key: 'k', value: 'v', effect: 'NoSchedule' }]));
  c.settle();
  assert.deepEqual(agents().map(targetNode).sort(), ['a', 'c']);
  const net = c.list('v1', 'Pod', 'kube-system').find((p) => p.metadata.labels?.app === 'net')!;
  assert.deepEqual(net.spec.tolerations.map((t: any) => t.key).slice(-2), ['node.kubernetes.io/unschedulable', 'node.kubernetes.io/network-unavailable']);
  assert.ok(!agents()[0]!.spec.tolerations.some((t: any) => t.key === 'node.kubernetes.io/network-unavailable'));
});

test('a rolling update removes a stale daemon pod kept on a node tainted NoSchedule, and puts none there', () => {
  const c = new Cluster([daemonSetController]);
  for (const n of ['a', 'b']) c.create(node(n));
  c.create(ds('agent'));
  c.settle();
  c.update('v1', 'Node', 'a', (n) => (n.spec.taints = [{ key: 'k', effect: 'NoSchedule' }]));
  c.settle();
  assert.deepEqual(c.list('v1', 'Pod', 'kube-system').map(targetNode).sort(), ['a', 'b']);
  c.update('apps/v1', 'DaemonSet', 'agent', (d) => (d.spec.template.spec.containers[0].image = 'agent:2'), 'kube-system');
  for (let i = 0; i < 5; i++) c.settle();
  const pods = c.list('v1', 'Pod', 'kube-system').filter((p) => !p.metadata.deletionTimestamp);
  assert.deepEqual(pods.map((p) => [targetNode(p), p.spec.containers[0].image]), [['b', 'agent:2']]);
});
