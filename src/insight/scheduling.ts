/**
 * Why a pod is not scheduled: every node through the scheduler's own filters
 * (src/controllers/scheduler.ts: FILTERS, resourceFilter, claimsReadyForScheduling), and the
 * smallest change that would let it fit somewhere.
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import {
  claimVolumes, FILTERS, formatAmount, nodeInfos, nodeSelectorMisses, requestedAmount, resourceFilter, type FilterName, type NodeInfo, type Rejection,
} from '../controllers/scheduler.js';
import { claimsReadyForScheduling } from '../controllers/storage.js';
import { podRequests } from '../sim/pods.js';
import { TAINT_UNSCHEDULABLE, taintString, toleratedBy, type Taint } from '../sim/taints.js';
import type { Section } from './types.js';

const HOSTNAME = 'kubernetes.io/hostname';

export interface NodeVerdict {
  node: string;
  fits: boolean;
  /** The filter the scheduler reports for this node (it stops at the first). */
  filter?: FilterName;
  reasons: string[];
  details: string[];
  /** Every filter that fails on this node, the reported one first. */
  failing: Array<{ filter: FilterName; reasons: string[]; details: string[] }>;
  /** What would make this node pass every filter. */
  changes: Change[];
}

export interface Change {
  text: string;
  /** For ranking: 0 lowers a request, 1 uncordons, 2 labels a node, 3 tolerates a taint, 4 re-pins the pod, 9 cannot be done here. */
  cost: number;
  /** For resources: how much of the request would have to go (fraction of the request). */
  amount?: number;
}

export interface SchedulingAnswer {
  total: number;
  /** A VolumeBinding PreFilter rejection that keeps the pod off every node. */
  preFilter?: string;
  nodes: NodeVerdict[];
  smallestChange?: { node?: string; changes: string[] };
}

export function explainScheduling(api: ApiServer, pod: KubeObject): SchedulingAnswer {
  const nodes = api.list(api.registry.forKind('v1', 'Node')!);
  const others = api.list(api.registry.forKind('v1', 'Pod')!).filter((p) => p.metadata.uid !== pod.metadata.uid);
  const infos = nodeInfos(nodes, others);
  if ((pod.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim)) {
    const claims = claimsReadyForScheduling(api, pod);
    if (!claims.ok) {
      return { total: infos.length, preFilter: claims.message, nodes: [], smallestChange: { changes: [claimFix(claims.message)] } };
    }
  }
  const input = { pod, volumes: claimVolumes(api, pod) };
  const requests = podRequests(pod);
  const verdicts = infos.map((info) => verdictFor(pod, info, input, requests));
  return { total: infos.length, nodes: verdicts, smallestChange: smallest(verdicts) };
}

function verdictFor(pod: KubeObject, info: NodeInfo, input: { pod: KubeObject; volumes: KubeObject[] }, requests: Record<string, number>): NodeVerdict {
  const failing: Rejection[] = [];
  for (const filter of FILTERS) {
    const r = filter(input, info.node);
    if (r) failing.push(r);
  }
  const resources = resourceFilter(info, requests);
  if (resources) failing.push(resources);
  const first = failing[0];
  const changes = failing.flatMap((r) => changesFor(r, pod, info, requests));
  return {
    node: info.name,
    fits: !first,
    filter: first?.filter,
    reasons: first?.reasons ?? [],
    details: first?.details ?? [],
    failing: failing.map((r) => ({ filter: r.filter!, reasons: r.reasons, details: r.details ?? [] })),
    changes,
  };
}

function changesFor(r: Rejection, pod: KubeObject, info: NodeInfo, requests: Record<string, number>): Change[] {
  const node = info.name;
  switch (r.filter) {
    case 'NodeUnschedulable':
      return [{ text: `uncordon ${node} (kubectl-lite uncordon ${node})`, cost: 1 }];
    case 'TaintToleration':
      // Uncordoning removes the unschedulable taint too.
      return untolerated(pod, info.node).filter((t) => !(info.node.spec?.unschedulable && t.key === TAINT_UNSCHEDULABLE)).map((t) => ({
        text: `tolerate the taint ${taintString(t)} (tolerations: [{key: ${t.key}, ${t.value ? `operator: Equal, value: ${t.value}` : 'operator: Exists'}, effect: ${t.effect}}]), or remove it from ${node} (kubectl-lite taint node ${node} ${t.key}:${t.effect}-)`,
        cost: 3,
      }));
    case 'NodeAffinity': {
      const labels = nodeLabelsWanted(pod, info.node);
      const hostname = labels.find((l) => l.startsWith(`${HOSTNAME}=`));
      // A node's hostname label names it: the pod is what would change.
      if (hostname) return [{ text: `pin the pod to ${node} instead (nodeSelector ${HOSTNAME}: ${node})`, cost: 4 }];
      if (labels.length) {
        const overwrite = labels.some((l) => l.includes('=') && l.split('=')[0]! in (info.node.metadata.labels ?? {}));
        return [{ text: `label ${node} (kubectl-lite label node ${node} ${labels.join(' ')}${overwrite ? ' --overwrite' : ''})`, cost: 2 }];
      }
      return [{ text: `change the pod's node affinity: ${nodeSelectorMisses(pod, info.node).join('; ')}`, cost: 5 }];
    }
    case 'VolumeBinding':
      return [{ text: `none on ${node}: ${(r.details ?? []).join('; ')}`, cost: 9 }];
    case 'NodeResourcesFit': {
      const out: Change[] = [];
      const maxPods = info.allocatable.pods ?? 110;
      if (info.pods + 1 > maxPods) out.push({ text: `make room on ${node}: it already runs ${info.pods} of ${maxPods} pods`, cost: 5 });
      for (const [resource, amount] of Object.entries(requests)) {
        if (amount <= 0) continue;
        const allocatable = info.allocatable[resource] ?? 0;
        const free = allocatable - requestedAmount(info, resource);
        if (amount <= free + 1e-9) continue;
        if (allocatable < amount) {
          out.push({
            text: `lower the ${resource} request from ${formatAmount(resource, amount)} to ${formatAmount(resource, Math.max(0, free))} (${node} has ${formatAmount(resource, allocatable)} allocatable, ${formatAmount(resource, Math.max(0, free))} free), or add a bigger node (kubectl-lite node add NAME --${resource} ...)`,
            cost: 0,
            amount: (amount - Math.max(0, free)) / amount,
          });
        } else {
          out.push({
            text: `lower the ${resource} request from ${formatAmount(resource, amount)} to ${formatAmount(resource, Math.max(0, free))}, or free ${formatAmount(resource, amount - free)} of ${resource} on ${node}`,
            cost: 0,
            amount: (amount - Math.max(0, free)) / amount,
          });
        }
      }
      return out;
    }
    default:
      return [];
  }
}

function untolerated(pod: KubeObject, node: KubeObject): Taint[] {
  return ((node.spec?.taints ?? []) as Taint[]).filter((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !toleratedBy(pod.spec?.tolerations, t));
}

/** The labels a node would need for the pod's nodeSelector (and simple `In` affinity terms). */
function nodeLabelsWanted(pod: KubeObject, node: KubeObject): string[] {
  const labels = node.metadata.labels ?? {};
  const out: string[] = [];
  for (const [k, v] of Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>)) if (labels[k] !== v) out.push(`${k}=${v}`);
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as any[] | undefined;
  if (terms?.length) {
    const term = terms[0];
    if ((term.matchFields ?? []).length) return [];
    for (const e of term.matchExpressions ?? []) {
      const value = labels[e.key];
      if (e.operator === 'In' && !(value !== undefined && e.values?.includes(value))) out.push(`${e.key}=${e.values?.[0]}`);
      else if (e.operator === 'Exists' && value === undefined) out.push(`${e.key}=`);
      else if (e.operator === 'DoesNotExist' && value !== undefined) out.push(`${e.key}-`);
      else if (e.operator === 'NotIn' && value !== undefined && e.values?.includes(value)) out.push(`${e.key}-`);
      else if (e.operator === 'Gt' || e.operator === 'Lt') return [];
    }
  }
  return out;
}

/** The node needing the fewest, cheapest changes. */
function smallest(verdicts: NodeVerdict[]): SchedulingAnswer['smallestChange'] {
  if (verdicts.length === 0) return { changes: ['add a node (kubectl-lite node add NAME)'] };
  if (verdicts.some((v) => v.fits)) return undefined;
  const score = (v: NodeVerdict) => [v.changes.some((c) => c.cost >= 9) ? 1 : 0, v.changes.length, Math.max(...v.changes.map((c) => c.cost)), v.changes.reduce((s, c) => s + (c.amount ?? 0), 0)];
  const ranked = [...verdicts].sort((a, b) => {
    const x = score(a);
    const y = score(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return a.node.localeCompare(b.node);
  });
  const best = ranked[0]!;
  return { node: best.node, changes: best.changes.map((c) => c.text) };
}

function claimFix(message: string): string {
  const missing = /persistentvolumeclaim "([^"]+)" not found/.exec(message);
  if (missing) return `create the PersistentVolumeClaim ${missing[1]} in the pod's namespace`;
  if (message.includes('being deleted')) return 'recreate the claim once its deletion completes, or use another claim';
  return 'bind the claim first: kubectl-lite why pvc/NAME says why it is Pending';
}

/** The answer as sections of text. */
export function schedulingSections(answer: SchedulingAnswer): Section[] {
  if (answer.preFilter) {
    return [{ title: `Scheduling: 0/${answer.total} nodes are available`, lines: [`the VolumeBinding check rejects every node: ${answer.preFilter}`] }];
  }
  const rows = answer.nodes.map((v) => [v.node, v.fits ? 'fits' : v.filter!, v.fits ? '' : (v.details.length ? v.details : v.reasons).join('\n')]);
  const sections: Section[] = [
    { title: `Scheduling: ${answer.nodes.filter((v) => v.fits).length}/${answer.total} nodes are available`, table: { head: ['NODE', 'FILTER', 'WHY'], rows } },
  ];
  const also = answer.nodes.filter((v) => v.failing.length > 1);
  if (also.length) {
    sections.push({
      title: 'Also failing (the scheduler reports only the first filter per node)',
      lines: also.map((v) => `${v.node}: ${v.failing.slice(1).map((f) => `${f.filter} (${[...f.details].join('; ') || f.reasons.join(', ')})`).join(', ')}`),
    });
  }
  return sections;
}
