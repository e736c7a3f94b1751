/**
 * Node heartbeats: each running kubelet keeps a Lease named after its node in kube-node-lease
 * (holderIdentity the node, leaseDurationSeconds 40, renewed every 10 s), owned by the Node so
 * that it goes with it. A stopped kubelet renews nothing, so its lease expires.
 *
 * Renewal is lazy, and shaped as a work queue keyed by node: a pass works out which nodes' leases
 * are due and brings each to the latest tick of the kubelet's 10 s cadence. A lease is due when it
 * is new, or when it has reached its lease duration: the simulation does not write every tick, only
 * what is observable, which is that a running node's lease never expires. The controller is `lazy`:
 * its wake-ups (renewTime + 40 s) are done at the end of a settle, not stepped through, so an idle
 * cluster of 1,000 nodes is not rewritten every 10 simulated seconds, and `cluster advance 1d`
 * renews once. A renewTime shown is a true tick of the cadence, less than a lease duration old.
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { stoppedNodes } from '../sim/node-state.js';
import { canIndex } from './informer.js';
import { schedulingNodes } from './scheduler.js';
import type { Controller } from './types.js';

export const LEASE_NAMESPACE = 'kube-node-lease';
/** The kubelet's nodeLeaseDurationSeconds default. */
export const LEASE_DURATION_SECONDS = 40;
/** The kubelet renews at a quarter of the duration (NodeLeaseRenewIntervalFraction 0.25). */
export const RENEW_INTERVAL_MS = (LEASE_DURATION_SECONDS * 1000) / 4;

/** One unit of work: the node whose lease is due, and the renewTime it gets. */
interface LeaseWork {
  name: string;
  lease: KubeObject | undefined;
  renewMs: number;
}

/** A MicroTime, as the Lease API carries renewTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  // Leases made together are renewed to the same tick: one string for all of them.
  if (ms !== lastMicro.ms) lastMicro = { ms, text: new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z') };
  return lastMicro.text;
}

let lastMicro = { ms: NaN, text: '' };

/**
 * The renewal due for one node's lease at `now`, if any: now for a new lease; for one that has
 * reached its duration, the latest 10 s tick of its cadence.
 */
export function leaseDue(lease: KubeObject | undefined, now: number): number | undefined {
  const last = Date.parse(lease?.spec?.renewTime ?? '');
  if (!lease || Number.isNaN(last)) return now;
  if (now - last < LEASE_DURATION_SECONDS * 1000) return undefined;
  return last + Math.floor((now - last) / RENEW_INTERVAL_MS) * RENEW_INTERVAL_MS;
}

export const nodeLeaseController: Controller = {
  name: 'node-lease',
  selfSettling: true,
  lazy: true,
  reconcile(api) {
    const nodeType = api.registry.forKind('v1', 'Node')!;
    const leaseType = api.registry.forKind('coordination.k8s.io/v1', 'Lease')!;
    if (!api.namespaceExists(LEASE_NAMESPACE)) return undefined;
    const stopped = stoppedNodes(api.store);
    const now = api.clock.now().getTime();
    const leases = new Map(api.list(leaseType, LEASE_NAMESPACE).map((l) => [l.metadata.name!, l]));
    const queue: LeaseWork[] = [];
    let wake: number | undefined;
    // The nodes' names and deletion from the scheduler's summaries where the store keeps them: a
    // lease that exists is renewed without reading its Node.
    for (const node of (canIndex(api) ? schedulingNodes(api) : undefined) ?? api.list(nodeType)) {
      const name = node.metadata.name!;
      if (stopped.has(name) || node.metadata.deletionTimestamp) continue;
      const lease = leases.get(name);
      const renewMs = leaseDue(lease, now);
      if (renewMs !== undefined) queue.push({ name, lease, renewMs });
      const expires = (renewMs ?? Date.parse(lease!.spec.renewTime)) + LEASE_DURATION_SECONDS * 1000;
      if (wake === undefined || expires < wake) wake = expires;
    }
    for (const work of queue) renew(api, work);
    return wake;
  },
  // A node and its Lease share a key (the node's name).
  keysFor(change) {
    if (change.collection === 'core/nodes') return [change.key];
    if (change.collection === 'coordination.k8s.io/leases') return change.key.startsWith(`${LEASE_NAMESPACE}/`) ? [change.key.slice(LEASE_NAMESPACE.length + 1)] : [];
    if (change.collection === 'core/events') return [];
    return undefined;
  },
  reconcileKey(api, name) {
    if (!api.namespaceExists(LEASE_NAMESPACE) || stoppedNodes(api.store).has(name)) return undefined;
    const node = api.tryGet(api.registry.forKind('v1', 'Node')!, undefined, name);
    if (!node || node.metadata.deletionTimestamp) return undefined;
    const lease = api.tryGet(api.registry.forKind('coordination.k8s.io/v1', 'Lease')!, LEASE_NAMESPACE, name);
    const now = api.clock.now().getTime();
    const renewMs = leaseDue(lease, now);
    if (renewMs !== undefined) renew(api, { name, lease, renewMs });
    return (renewMs ?? Date.parse(lease!.spec.renewTime)) + LEASE_DURATION_SECONDS * 1000;
  },
};

function renew(api: ApiServer, { name, lease, renewMs }: LeaseWork): void {
  const renewTime = microTime(renewMs);
  if (lease) {
    api.put({ ...lease, spec: { ...lease.spec, renewTime } });
    return;
  }
  const node = api.get(api.registry.forKind('v1', 'Node')!, undefined, name);
  api.create(
    {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name,
        namespace: LEASE_NAMESPACE,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }],
      },
      spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
    },
    { trusted: true, adopt: true },
  );
}
