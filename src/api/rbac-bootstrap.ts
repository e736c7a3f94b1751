/**
 * The RBAC objects a new kind cluster holds before anyone writes: the API server's bootstrap policy
 * (the user-facing `cluster-admin`, `admin`, `edit` and `view`, the `system:aggregate-to-*` roles
 * the last three are aggregated from, and the roles and bindings of the control plane's components
 * and of the discovery, self-review and health URLs every client may call), the bindings kubeadm
 * adds (`kubeadm:cluster-admins`, the admin kubeconfig's group; the node bootstrap ones; kube-proxy's
 * service account), CoreDNS's role and kindnet's.
 *
 * The API server writes its bootstrap policy when it starts (the rbac/bootstrap-roles post-start
 * hook): what is missing is created, so a store made before this build gets them from its first
 * command (ensureBootstrapPolicy, run by the session). The roles of kube-controller-manager's
 * individual controllers (`system:controller:*`), the namespaced Roles kubeadm puts in kube-system
 * and kube-public, and ingress-nginx's are not part of the simulated cluster.
 *
 * `admin`, `edit` and `view` are stored with an aggregationRule and no rules: the ClusterRole
 * aggregation controller (src/controllers/clusterrole-aggregation.ts) fills them.
 */
import type { PolicyRule } from './rbac.js';
import type { ApiServer } from './server.js';
import type { KubeObject } from './types.js';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const EVENT_WRITES = ['create', 'patch', 'update'];
const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule =>
  resourceNames ? { apiGroups, resources, resourceNames, verbs } : { apiGroups, resources, verbs };
const urls = (nonResourceURLs: string[], verbs: string[] = ['get']): PolicyRule => ({ nonResourceURLs, verbs });

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

/** Store meta recording which bootstrap policy the store was given (see ensureBootstrapPolicy). */
export const POLICY_META = 'rbac.bootstrap';
/** Raised when the policy below gains objects a store made before must be given. */
export const POLICY_VERSION = 1;

export const AGGREGATE_LABEL_PREFIX = 'rbac.authorization.k8s.io/aggregate-to-';
const RBAC = 'rbac.authorization.k8s.io';

const SIGNER_APPROVER = (signer: string): PolicyRule => rule(['certificates.k8s.io'], ['signers'], ['approve'], [signer]);
const TOKEN_AND_ACCESS_REVIEWS: PolicyRule[] = [
  rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
  rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
];

/** The API server's bootstrap ClusterRoles: name, rules (or the name it aggregates), the aggregate-to label it carries. */
const API_SERVER_ROLES: Array<{ name: string; rules?: PolicyRule[]; aggregates?: string; label?: string }> = [
  { name: 'admin', aggregates: 'admin' },
  { name: 'cluster-admin', rules: [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])] },
  { name: 'edit', aggregates: 'edit', label: 'admin' },
  { name: 'system:aggregate-to-admin', rules: AGGREGATE_TO_ADMIN, label: 'admin' },
  { name: 'system:aggregate-to-edit', rules: AGGREGATE_TO_EDIT, label: 'edit' },
  { name: 'system:aggregate-to-view', rules: AGGREGATE_TO_VIEW, label: 'view' },
  { name: 'system:auth-delegator', rules: TOKEN_AND_ACCESS_REVIEWS },
  {
    name: 'system:basic-user',
    rules: [
      rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']),
      rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
    ],
  },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'], ['create'])] },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'], ['create'])] },
  { name: 'system:certificates.k8s.io:kube-apiserver-client-approver', rules: [SIGNER_APPROVER('kubernetes.io/kube-apiserver-client')] },
  { name: 'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver', rules: [SIGNER_APPROVER('kubernetes.io/kube-apiserver-client-kubelet')] },
  { name: 'system:certificates.k8s.io:kubelet-serving-approver', rules: [SIGNER_APPROVER('kubernetes.io/kubelet-serving')] },
  { name: 'system:certificates.k8s.io:legacy-unknown-approver', rules: [SIGNER_APPROVER('kubernetes.io/legacy-unknown')] },
  { name: 'system:discovery', rules: [urls(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'])] },
  { name: 'system:heapster', rules: [rule([''], ['events', 'namespaces', 'nodes', 'pods'], READ), rule(['extensions'], ['deployments'], READ)] },
  { name: 'system:kube-aggregator', rules: [rule([''], ['endpoints', 'services'], READ)] },
  {
    name: 'system:kube-controller-manager',
    rules: [
      rule(['', 'events.k8s.io'], ['events'], EVENT_WRITES),
      rule(['coordination.k8s.io'], ['leases'], ['create']),
      rule(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-controller-manager']),
      rule([''], ['secrets', 'serviceaccounts'], ['create']),
      rule([''], ['secrets'], ['delete']),
      rule([''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts'], ['get']),
      rule([''], ['secrets', 'serviceaccounts'], ['update']),
      ...TOKEN_AND_ACCESS_REVIEWS,
      rule(['*'], ['*'], ['list', 'watch']),
      rule([''], ['serviceaccounts/token'], ['create']),
    ],
  },
  { name: 'system:kube-dns', rules: [rule([''], ['endpoints', 'services'], ['list', 'watch'])] },
  {
    name: 'system:kube-scheduler',
    rules: [
      rule(['', 'events.k8s.io'], ['events'], EVENT_WRITES),
      rule(['coordination.k8s.io'], ['leases'], ['create']),
      rule(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-scheduler']),
      rule([''], ['nodes'], READ),
      rule([''], ['pods'], ['delete', 'get', 'list', 'watch']),
      rule([''], ['bindings', 'pods/binding'], ['create']),
      rule([''], ['pods/status'], ['patch', 'update']),
      rule([''], ['replicationcontrollers', 'services'], READ),
      rule(['apps', 'extensions'], ['replicasets'], READ),
      rule(['apps'], ['statefulsets'], READ),
      rule(['policy'], ['poddisruptionbudgets'], READ),
      rule([''], ['persistentvolumeclaims', 'persistentvolumes'], READ),
      ...TOKEN_AND_ACCESS_REVIEWS,
      rule(['storage.k8s.io'], ['csinodes'], READ),
      rule([''], ['namespaces'], READ),
      rule(['storage.k8s.io'], ['csidrivers'], READ),
      rule(['storage.k8s.io'], ['csistoragecapacities'], READ),
    ],
  },
  { name: 'system:kubelet-api-admin', rules: [rule([''], ['nodes'], READ), rule([''], ['nodes'], ['proxy']), rule([''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats'], ['*'])] },
  { name: 'system:monitoring', rules: [urls(['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'])] },
  {
    name: 'system:node',
    rules: [
      rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
      rule(['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews'], ['create']),
      rule([''], ['services'], READ),
      rule([''], ['nodes'], ['create', 'get', 'list', 'watch']),
      rule([''], ['nodes/status'], ['patch', 'update']),
      rule([''], ['nodes'], ['patch', 'update']),
      rule([''], ['events'], EVENT_WRITES),
      rule([''], ['pods'], READ),
      rule([''], ['pods'], ['create', 'delete']),
      rule([''], ['pods/status'], ['patch', 'update']),
      rule([''], ['pods/eviction'], ['create']),
      rule([''], ['configmaps', 'secrets'], READ),
      rule([''], ['persistentvolumeclaims', 'persistentvolumes'], ['get']),
      rule([''], ['endpoints'], ['get']),
      rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch']),
      rule(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'get', 'patch', 'update']),
      rule(['storage.k8s.io'], ['volumeattachments'], ['get']),
      rule([''], ['serviceaccounts/token'], ['create']),
      rule([''], ['persistentvolumeclaims/status'], ['get', 'patch', 'update']),
      rule(['storage.k8s.io'], ['csidrivers'], READ),
      rule(['storage.k8s.io'], ['csinodes'], ['create', 'delete', 'get', 'patch', 'update']),
      rule(['node.k8s.io'], ['runtimeclasses'], READ),
    ],
  },
  { name: 'system:node-bootstrapper', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch'])] },
  { name: 'system:node-problem-detector', rules: [rule([''], ['nodes'], ['get']), rule([''], ['nodes/status'], ['patch']), rule(['', 'events.k8s.io'], ['events'], EVENT_WRITES)] },
  {
    name: 'system:node-proxier',
    rules: [
      rule([''], ['endpoints', 'services'], ['list', 'watch']),
      rule([''], ['nodes'], READ),
      rule(['', 'events.k8s.io'], ['events'], EVENT_WRITES),
      rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch']),
    ],
  },
  {
    name: 'system:persistent-volume-provisioner',
    rules: [
      rule([''], ['persistentvolumes'], ['create', 'delete', 'get', 'list', 'watch']),
      rule([''], ['persistentvolumeclaims'], ['get', 'list', 'update', 'watch']),
      rule(['storage.k8s.io'], ['storageclasses'], READ),
      rule([''], ['events'], ['watch']),
      rule(['', 'events.k8s.io'], ['events'], EVENT_WRITES),
    ],
  },
  { name: 'system:public-info-viewer', rules: [urls(['/healthz', '/livez', '/readyz', '/version', '/version/'])] },
  { name: 'system:service-account-issuer-discovery', rules: [urls(['/.well-known/openid-configuration', '/openid/v1/jwks'])] },
  {
    name: 'system:volume-scheduler',
    rules: [
      rule([''], ['persistentvolumes'], ['get', 'list', 'patch', 'update', 'watch']),
      rule(['storage.k8s.io'], ['storageclasses'], READ),
      rule([''], ['persistentvolumeclaims'], ['get', 'list', 'patch', 'update', 'watch']),
    ],
  },
  { name: 'view', aggregates: 'view', label: 'edit' },
];

type Subject = { kind: 'Group' | 'User'; name: string } | { kind: 'ServiceAccount'; name: string; namespace: string };
const group = (name: string): Subject => ({ kind: 'Group', name });
const user = (name: string): Subject => ({ kind: 'User', name });
const serviceAccount = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', name, namespace });

/** The API server's bootstrap ClusterRoleBindings: binding name, ClusterRole, subjects. */
const API_SERVER_BINDINGS: Array<[string, string, Subject[]]> = [
  ['cluster-admin', 'cluster-admin', [group('system:masters')]],
  ['system:basic-user', 'system:basic-user', [group('system:authenticated')]],
  ['system:discovery', 'system:discovery', [group('system:authenticated')]],
  ['system:kube-controller-manager', 'system:kube-controller-manager', [user('system:kube-controller-manager')]],
  ['system:kube-dns', 'system:kube-dns', [serviceAccount('kube-system', 'kube-dns')]],
  ['system:kube-scheduler', 'system:kube-scheduler', [user('system:kube-scheduler')]],
  ['system:monitoring', 'system:monitoring', [group('system:monitoring')]],
  // The Node authorizer, not RBAC, authorizes the kubelets: the binding has no subjects.
  ['system:node', 'system:node', []],
  ['system:node-proxier', 'system:node-proxier', [user('system:kube-proxy')]],
  ['system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]],
  ['system:service-account-issuer-discovery', 'system:service-account-issuer-discovery', [group('system:serviceaccounts')]],
  ['system:volume-scheduler', 'system:volume-scheduler', [user('system:kube-scheduler')]],
];

const NODE_TOKEN_GROUP = 'system:bootstrappers:kubeadm:default-node-token';

/** What kubeadm init adds (the admin kubeconfig's group, node bootstrap, kube-proxy), CoreDNS and kindnet. */
const ADDON_ROLES: Array<{ name: string; rules: PolicyRule[] }> = [
  { name: 'kubeadm:get-nodes', rules: [rule([''], ['nodes'], ['get'])] },
  {
    name: 'system:coredns',
    rules: [rule([''], ['endpoints', 'services', 'pods', 'namespaces'], ['list', 'watch']), rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch'])],
  },
  {
    name: 'kindnetd',
    rules: [rule([''], ['nodes'], ['list', 'watch', 'patch']), rule([''], ['namespaces', 'pods'], ['list', 'watch']), rule(['networking.k8s.io'], ['networkpolicies'], ['list', 'watch'])],
  },
];
const ADDON_BINDINGS: Array<[string, string, Subject[]]> = [
  ['kubeadm:cluster-admins', 'cluster-admin', [group('kubeadm:cluster-admins')]],
  ['kubeadm:get-nodes', 'kubeadm:get-nodes', [group(NODE_TOKEN_GROUP)]],
  ['kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', [group(NODE_TOKEN_GROUP)]],
  ['kubeadm:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [group(NODE_TOKEN_GROUP)]],
  ['kubeadm:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [group('system:nodes')]],
  ['kubeadm:node-proxier', 'system:node-proxier', [serviceAccount('kube-system', 'kube-proxy')]],
  ['system:coredns', 'system:coredns', [serviceAccount('kube-system', 'coredns')]],
  ['kindnetd', 'kindnetd', [serviceAccount('kube-system', 'kindnet')]],
];

const BOOTSTRAPPING = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

function subjectOf(s: Subject): Record<string, string> {
  return s.kind === 'ServiceAccount' ? { kind: s.kind, name: s.name, namespace: s.namespace } : { apiGroup: RBAC, kind: s.kind, name: s.name };
}

function binding(name: string, role: string, subjects: Subject[], apiServer: boolean): KubeObject {
  const metadata = apiServer ? { name, labels: { ...BOOTSTRAPPING }, annotations: { ...AUTOUPDATE } } : { name };
  const obj: KubeObject = { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role } };
  if (subjects.length) obj.subjects = subjects.map(subjectOf);
  return obj;
}

/** The objects of the bootstrap policy, each with the field manager that writes it. */
export function bootstrapPolicy(): Array<{ object: KubeObject; manager: string }> {
  const out: Array<{ object: KubeObject; manager: string }> = [];
  for (const r of API_SERVER_ROLES) {
    const labels: Record<string, string> = { ...BOOTSTRAPPING };
    if (r.label) labels[`${AGGREGATE_LABEL_PREFIX}${r.label}`] = 'true';
    const object: KubeObject = { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: r.name, labels, annotations: { ...AUTOUPDATE } } };
    if (r.aggregates) object.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [`${AGGREGATE_LABEL_PREFIX}${r.aggregates}`]: 'true' } }] };
    object.rules = r.rules ? structuredClone(r.rules) : null;
    out.push({ object, manager: 'kube-apiserver' });
  }
  for (const [name, role, subjects] of API_SERVER_BINDINGS) out.push({ object: binding(name, role, subjects, true), manager: 'kube-apiserver' });
  // kubeadm creates its own and CoreDNS's; kind creates kindnet's with `kubectl create`.
  const managerOf = (name: string) => (name === 'kindnetd' ? 'kubectl-create' : 'kubeadm');
  for (const r of ADDON_ROLES) out.push({ object: { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: r.name }, rules: structuredClone(r.rules) }, manager: managerOf(r.name) });
  for (const [name, role, subjects] of ADDON_BINDINGS) out.push({ object: binding(name, role, subjects, false), manager: managerOf(name) });
  return out;
}

/**
 * Creates what the store lacks of the bootstrap policy, as the API server's post-start hook does
 * each time it starts (an object a user changed is left as it is). The caller records POLICY_VERSION.
 */
export function ensureBootstrapPolicy(api: ApiServer): void {
  for (const { object, manager } of bootstrapPolicy()) {
    const type = api.registry.forKind(object.apiVersion, object.kind)!;
    if (!api.tryGet(type, undefined, object.metadata.name!)) api.create(object, { trusted: true, fieldManager: manager, adopt: true });
  }
}
