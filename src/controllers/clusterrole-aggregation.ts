/**
 * The ClusterRole aggregation controller: a ClusterRole with an aggregationRule (`admin`, `edit`,
 * `view`, or a user's own) is given the rules of every ClusterRole its clusterRoleSelectors pick, as
 * kube-controller-manager's does: the picked roles in name order, the aggregated role itself left
 * out, each rule once (the first time it is met). Nothing picked leaves it no rules (`rules: null`).
 *
 * Work-queue shaped: an aggregated role is its own key; a change to any other ClusterRole concerns
 * the aggregated roles whose selectors pick it before or after the change.
 */
import { labelSelectorMatches } from '../api/labels.js';
import type { PolicyRule } from '../api/rbac.js';
import { jsonEqual, type ApiServer } from '../api/server.js';
import { deepClone, type KubeObject, type LabelSelector } from '../api/types.js';
import { collectionKeys } from './queues.js';
import type { Controller } from './types.js';

const CLUSTER_ROLES = 'rbac.authorization.k8s.io/clusterroles';

function roleType(api: ApiServer) {
  return api.registry.forKind('rbac.authorization.k8s.io/v1', 'ClusterRole')!;
}

function selectorsOf(role: KubeObject | undefined): LabelSelector[] | undefined {
  const rule = role?.aggregationRule as { clusterRoleSelectors?: unknown } | undefined | null;
  return rule && Array.isArray(rule.clusterRoleSelectors) ? (rule.clusterRoleSelectors as LabelSelector[]) : undefined;
}

/** True when one of the aggregated role's selectors picks `role` (never the aggregated role itself). */
function picks(aggregated: KubeObject, role: KubeObject): boolean {
  if (role.metadata.name === aggregated.metadata.name) return false;
  return (selectorsOf(aggregated) ?? []).some((s) => labelSelectorMatches(s, role.metadata.labels));
}

/** The rules an aggregated role should hold now. */
export function aggregatedRules(roles: KubeObject[], aggregated: KubeObject): PolicyRule[] {
  const picked = roles.filter((r) => picks(aggregated, r)).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  const out: PolicyRule[] = [];
  for (const role of picked) {
    for (const rule of (Array.isArray(role.rules) ? role.rules : []) as PolicyRule[]) {
      if (!out.some((r) => jsonEqual(r, rule))) out.push(rule);
    }
  }
  return out;
}

function reconcileRole(api: ApiServer, name: string): void {
  const type = roleType(api);
  const role = api.tryGet(type, undefined, name);
  if (!role || !selectorsOf(role)) return;
  const rules = aggregatedRules(api.list(type), role);
  // The controller compares as the API machinery's semantic equality does: no rules and null are alike.
  const current = Array.isArray(role.rules) ? role.rules : [];
  if (rules.length === 0 && current.length === 0) return;
  if (jsonEqual(rules, current)) return;
  const next = deepClone(role);
  next.rules = rules.length ? rules : null;
  api.put(next);
}

/** The names of the ClusterRoles that aggregate others. */
function aggregatedRoleNames(api: ApiServer): string[] {
  return api.list(roleType(api)).filter((r) => selectorsOf(r)).map((r) => r.metadata.name!);
}

export const clusterRoleAggregationController: Controller = {
  name: 'clusterrole-aggregation',
  reconcile(api) {
    for (const name of aggregatedRoleNames(api)) reconcileRole(api, name);
  },
  keysFor(change, api) {
    if (change.collection !== CLUSTER_ROLES) return [];
    const now = api.store.get(change.collection, change.key) as KubeObject | undefined;
    const versions = [change.old as KubeObject | undefined, now].filter((r): r is KubeObject => r !== undefined);
    const keys = new Set<string>();
    if (now && selectorsOf(now)) keys.add(change.key);
    for (const role of api.list(roleType(api))) {
      if (selectorsOf(role) && versions.some((v) => picks(role, v))) keys.add(role.metadata.name!);
    }
    return [...keys];
  },
  reconcileKey: (api, key) => reconcileRole(api, key),
  allKeys: (api) => collectionKeys(api, CLUSTER_ROLES),
};
