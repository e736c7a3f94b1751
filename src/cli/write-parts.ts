/**
 * A big manifest is written in parts. kubectl sends each object in a request of its own and the
 * cluster's controllers work between them; here each part is one transaction, settled and
 * committed before the next begins. So what one transaction holds (the objects, the pods the
 * controllers make for them, their Events) stays bounded however long the manifest is, and
 * other writers get the lock between parts.
 */
import type { KubeObject } from '../api/types.js';

/** The work a part may hold; KUBECTL_LITE_WRITE_PART sets it (tests use small parts). */
export const PART_WORK = Number(process.env.KUBECTL_LITE_WRITE_PART) || 5000;

/**
 * The budget (wall-clock ms) of a part's settles, whose work the part bounds: with a command's
 * budget (loop.ts SETTLE_BUDGET_MS), a part of 5,000 pods was cut after its first pass (the
 * ReplicaSets creating the pods, the scheduler, the kubelets), and the ReplicaSets', Deployments'
 * and Endpoints' status passes were left to the next part, which read those 5,000 pods back from
 * the store and parsed them again. KUBECTL_LITE_SETTLE_BUDGET_MS, when set, is every settle's budget.
 */
export const PART_SETTLE_BUDGET_MS = Number(process.env.KUBECTL_LITE_SETTLE_BUDGET_MS) || 10_000;

const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/** The work one object brings to its part: itself, plus the pods it asks for. */
export function workOf(obj: KubeObject): number {
  const spec = obj.spec as { replicas?: unknown; parallelism?: unknown } | undefined;
  if (REPLICATED.has(obj.kind)) return 1 + count(spec?.replicas, 1);
  if (obj.kind === 'Job') return 1 + count(spec?.parallelism, 1);
  return 1;
}

function count(value: unknown, dflt: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : value === undefined ? dflt : 0;
}
