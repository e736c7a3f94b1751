/**
 * The ClusterRoles of the API server's bootstrap policy that a user's bindings name: the
 * user-facing `admin`, `edit` and `view`, and the `system:aggregate-to-*` roles they are made of.
 * A real cluster stores them and its ClusterRole aggregation controller fills `admin`, `edit` and
 * `view` from every ClusterRole labelled `rbac.authorization.k8s.io/aggregate-to-<name>: "true"`
 * (`view` is itself labelled aggregate-to-edit, `edit` aggregate-to-admin). The simulated cluster
 * does not store them: their rules are worked out here when a binding names one, from this table and
 * from the labelled ClusterRoles the store holds (a CRD's `aggregate-to-view` role, say), in the
 * aggregation controller's order (the labelled roles by name, each rule once).
 */
import type { PolicyRule } from './rbac.js';
import type { ApiServer } from './server.js';
import type { KubeObject } from './types.js';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });

const AGGREGATE_TO_VIEW: PolicyRule[] = [
  rule([''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], READ),
  rule([''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'], READ),
  rule([''], ['namespaces'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], READ),
  rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
  rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
  rule(['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale'], READ),
  rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
  rule(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
];

const AGGREGATE_TO_EDIT: PolicyRule[] = [
  rule([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
  rule([''], ['serviceaccounts'], ['impersonate']),
  rule([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], WRITE),
  rule([''], ['pods/eviction'], ['create']),
  rule([''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], WRITE),
  rule([''], ['serviceaccounts/token'], ['create']),
  rule(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], WRITE),
  rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  rule(['batch'], ['cronjobs', 'jobs'], WRITE),
  rule(['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'], WRITE),
  rule(['policy'], ['poddisruptionbudgets'], WRITE),
  rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
  rule(['coordination.k8s.io'], ['leases'], ALL),
];

const AGGREGATE_TO_ADMIN: PolicyRule[] = [
  rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
  rule(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], ALL),
];

const LABEL_PREFIX = 'rbac.authorization.k8s.io/aggregate-to-';

/** A bootstrap ClusterRole: its rules, or the name an aggregation fills it by, and the aggregation label it carries. */
interface BootstrapRole {
  rules?: PolicyRule[];
  /** Filled from the ClusterRoles labelled aggregate-to-<aggregates>. */
  aggregates?: string;
  /** Its own label aggregate-to-<label>. */
  label?: string;
}

const ROLES: Record<string, BootstrapRole> = {
  admin: { aggregates: 'admin' },
  edit: { aggregates: 'edit', label: 'admin' },
  view: { aggregates: 'view', label: 'edit' },
  'system:aggregate-to-admin': { rules: AGGREGATE_TO_ADMIN, label: 'admin' },
  'system:aggregate-to-edit': { rules: AGGREGATE_TO_EDIT, label: 'edit' },
  'system:aggregate-to-view': { rules: AGGREGATE_TO_VIEW, label: 'view' },
};

/** The rules of the bootstrap ClusterRole `name` as the cluster would store it now; undefined when it is not one of these. */
export function bootstrapRoleRules(api: ApiServer, name: string): PolicyRule[] | undefined {
  const role = Object.hasOwn(ROLES, name) ? ROLES[name]! : undefined;
  if (!role) return undefined;
  return role.aggregates ? aggregated(api, role.aggregates) : role.rules;
}

function aggregated(api: ApiServer, target: string): PolicyRule[] {
  const sources: Array<{ name: string; rules: () => PolicyRule[] }> = [];
  const stored = new Set<string>();
  for (const role of api.list(api.registry.forKind('rbac.authorization.k8s.io/v1', 'ClusterRole')!)) {
    stored.add(role.metadata.name!);
    if (role.metadata.labels?.[`${LABEL_PREFIX}${target}`] === 'true') sources.push({ name: role.metadata.name!, rules: () => rulesOf(role) });
  }
  for (const [name, role] of Object.entries(ROLES)) {
    if (role.label === target && !stored.has(name)) sources.push({ name, rules: () => bootstrapRoleRules(api, name) ?? [] });
  }
  sources.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const seen = new Set<string>();
  const out: PolicyRule[] = [];
  for (const source of sources) {
    for (const r of source.rules()) {
      const key = JSON.stringify(r);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}

function rulesOf(role: KubeObject): PolicyRule[] {
  return Array.isArray(role.rules) ? (role.rules as PolicyRule[]) : [];
}
