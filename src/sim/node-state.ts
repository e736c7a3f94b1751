/**
 * Which simulated kubelets are stopped (`kubectl-lite node stop`), kept in store meta so
 * that nothing a user can read changes until the node lifecycle controller notices.
 */
import type { Snapshot, Transaction } from '../store/types.js';

const STOPPED_META = 'sim.nodes.stopped';

/** Node name → epoch ms at which its kubelet stopped posting status. */
export function stoppedNodes(snap: Snapshot): Map<string, number> {
  const raw = (snap.getMeta(STOPPED_META) ?? {}) as Record<string, number>;
  return new Map(Object.entries(raw));
}

export function setNodeStopped(tx: Transaction, name: string, stoppedAtMs: number | undefined): void {
  const raw = { ...((tx.getMeta(STOPPED_META) ?? {}) as Record<string, number>) };
  if (stoppedAtMs === undefined) delete raw[name];
  else raw[name] = stoppedAtMs;
  tx.setMeta(STOPPED_META, raw);
}
