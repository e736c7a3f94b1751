/**
 * Who is asking, and what RBAC lets them do: the API server's RBAC authorizer over the store's Roles,
 * ClusterRoles and their bindings, as `kubectl auth can-i --as=...`, the access reviews and requests
 * made as someone else (--as, Impersonate-User) ask it.
 *
 * The bootstrap policy (cluster-admin bound to system:masters and, on kind, to the admin
 * kubeconfig's group kubeadm:cluster-admins; the self reviews and the discovery URLs for every
 * authenticated user; admin, edit and view) is stored as a real cluster stores it
 * (src/api/rbac-bootstrap.ts), and read like any other Role or binding.
 */
import { ApiError } from '../errors.js';
import { aggregateMessage } from '../util/aggregate.js';
import type { ApiServer } from './server.js';
import type { KubeObject } from './types.js';

export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

/** What a request asks to do: a resource request (resource set) or a non-resource one (path set). */
export interface AccessAttributes {
  verb: string;
  namespace?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  path?: string;
}

export interface Decision {
  allowed: boolean;
  /** The authorizer's reason: the binding that allowed it, or the RBAC errors met on the way. */
  reason: string;
}

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export const ADMIN: UserInfo = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
const MASTERS = 'system:masters';
const AUTHENTICATED = 'system:authenticated';
const UNAUTHENTICATED = 'system:unauthenticated';
const ANONYMOUS = 'system:anonymous';

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/**
 * The user a request acts as under impersonation (--as, --as-group, --as-uid; the Impersonate-*
 * headers), with the groups the API server's impersonation filter adds: a service account's
 * groups when none are given, then system:authenticated (system:unauthenticated for
 * system:anonymous) unless one of the two is given.
 */
export function impersonatedUser(username: string, groups: string[] = [], uid?: string): UserInfo {
  const all = [...groups];
  const sa = groups.length === 0 ? serviceAccountOf(username) : undefined;
  if (sa) all.push('system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`);
  if (username === ANONYMOUS) {
    if (!all.includes(UNAUTHENTICATED)) all.push(UNAUTHENTICATED);
  } else if (!all.includes(AUTHENTICATED) && !all.includes(UNAUTHENTICATED)) all.push(AUTHENTICATED);
  return { username, groups: all, ...(uid ? { uid } : {}) };
}

function serviceAccountOf(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  return parts.length === 2 && parts[0] && parts[1] ? { namespace: parts[0], name: parts[1] } : undefined;
}

/** The API server's decision for `user` doing `attrs`. */
export function authorize(api: ApiServer, user: UserInfo, attrs: AccessAttributes): Decision {
  // system:masters passes before RBAC is asked (the API server's privileged-group authorizer).
  if (user.groups.includes(MASTERS)) return { allowed: true, reason: '' };
  const errors: string[] = [];
  for (const grant of grantsFor(api, user, attrs.namespace ?? '')) {
    if ('error' in grant) {
      errors.push(grant.error);
      continue;
    }
    if (grant.rules.some((rule) => ruleAllows(rule, attrs))) return { allowed: true, reason: `RBAC: allowed by ${grant.source}` };
  }
  if (errors.length === 0) return { allowed: false, reason: '' };
  return { allowed: false, reason: `RBAC: ${aggregateMessage(errors)}` };
}

export interface SubjectRules {
  resourceRules: Array<{ verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }>;
  nonResourceRules: Array<{ verbs: string[]; nonResourceURLs?: string[] }>;
  incomplete: boolean;
  evaluationError?: string;
}

/** The rules `user` has in `namespace` (a SelfSubjectRulesReview's status). */
export function rulesFor(api: ApiServer, user: UserInfo, namespace: string): SubjectRules {
  const out: SubjectRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
  const errors: string[] = [];
  for (const grant of grantsFor(api, user, namespace)) {
    if ('error' in grant) {
      errors.push(grant.error);
      continue;
    }
    for (const rule of grant.rules) {
      const keep = <T extends string>(k: T, v: string[] | undefined) => (v?.length ? { [k]: v } : {}) as Partial<Record<T, string[]>>;
      if (rule.resources?.length) {
        out.resourceRules.push({ verbs: rule.verbs ?? [], ...keep('apiGroups', rule.apiGroups), ...keep('resources', rule.resources), ...keep('resourceNames', rule.resourceNames) });
      }
      if (rule.nonResourceURLs?.length) out.nonResourceRules.push({ verbs: rule.verbs ?? [], nonResourceURLs: rule.nonResourceURLs });
    }
  }
  // RBAC reports what it could not resolve without calling the list incomplete (only the Node
  // authorizer does that, for nodes).
  if (errors.length) out.evaluationError = aggregateMessage(errors);
  return out;
}

type Grant = { source: string; rules: PolicyRule[] } | { error: string };

/** Every binding that applies to `user`: the ClusterRoleBindings (the bootstrap policy's among them), then the namespace's RoleBindings. */
function* grantsFor(api: ApiServer, user: UserInfo, namespace: string): Generator<Grant> {
  for (const binding of api.list(rbacType(api, 'ClusterRoleBinding'))) {
    const subject = subjectFor(user, binding, '');
    if (subject) yield grantOf(api, binding, subject, '');
  }
  if (!namespace) return;
  for (const binding of api.list(rbacType(api, 'RoleBinding'), namespace)) {
    const subject = subjectFor(user, binding, namespace);
    if (subject) yield grantOf(api, binding, subject, namespace);
  }
}

const rbacType = (api: ApiServer, kind: string) => api.registry.forKind('rbac.authorization.k8s.io/v1', kind)!;

function grantOf(api: ApiServer, binding: KubeObject, subject: Record<string, string>, namespace: string): Grant {
  const ref = (binding.roleRef ?? {}) as { kind?: string; name?: string };
  if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') return { error: `unsupported role reference kind: "${ref.kind ?? ''}"` };
  const role = api.tryGet(rbacType(api, ref.kind), ref.kind === 'Role' ? namespace : '', ref.name ?? '');
  if (!role) return { error: `${ref.kind.toLowerCase()}.rbac.authorization.k8s.io "${ref.name ?? ''}" not found` };
  const where = namespace ? `RoleBinding "${binding.metadata.name}/${namespace}"` : `ClusterRoleBinding "${binding.metadata.name}"`;
  return { source: `${where} of ${ref.kind} "${ref.name}" to ${describeSubject(subject, namespace)}`, rules: (Array.isArray(role.rules) ? role.rules : []) as PolicyRule[] };
}

/** The first of a binding's subjects that is `user` (a service account subject defaults to the binding's namespace). */
function subjectFor(user: UserInfo, binding: KubeObject, namespace: string): Record<string, string> | undefined {
  return ((binding.subjects ?? []) as Array<Record<string, string>>).find((s) => {
    if (s.kind === 'User') return s.name === user.username;
    if (s.kind === 'Group') return user.groups.includes(s.name ?? '');
    if (s.kind === 'ServiceAccount') {
      const ns = s.namespace || namespace;
      return Boolean(ns) && user.username === `${SERVICE_ACCOUNT_PREFIX}${ns}:${s.name}`;
    }
    return false;
  });
}

function describeSubject(s: Record<string, string>, namespace: string): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount "${s.name}/${s.namespace || namespace}"`;
  return `${s.kind} "${s.name}"`;
}

const has = (list: string[] | undefined, want: string) => (list ?? []).some((v) => v === '*' || v === want);

function ruleAllows(rule: PolicyRule, attrs: AccessAttributes): boolean {
  if (!has(rule.verbs, attrs.verb)) return false;
  if (attrs.resource === undefined) return nonResourceURLMatches(rule.nonResourceURLs ?? [], attrs.path ?? '');
  if (!has(rule.apiGroups, attrs.group ?? '')) return false;
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const resourceMatches = (rule.resources ?? []).some((r) => r === '*' || r === combined || (attrs.subresource !== undefined && attrs.subresource !== '' && r === `*/${attrs.subresource}`));
  if (!resourceMatches) return false;
  return !rule.resourceNames?.length || rule.resourceNames.includes(attrs.name ?? '');
}

function nonResourceURLMatches(urls: string[], path: string): boolean {
  return urls.some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))));
}

/** The API server's refusal of a request RBAC does not allow (403 Forbidden), in its words. */
export function forbidden(user: UserInfo, attrs: AccessAttributes, reason: string): ApiError {
  let what: string;
  if (attrs.resource === undefined) what = `User "${user.username}" cannot ${attrs.verb} path "${attrs.path ?? ''}"`;
  else {
    const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    const where = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
    what = `User "${user.username}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.group ?? ''}" ${where}`;
  }
  const why = reason ? `${what}: ${reason}` : what;
  const qualified = attrs.resource === undefined ? '' : attrs.group ? `${attrs.resource}.${attrs.group}` : attrs.resource;
  const message = !qualified ? `forbidden: ${why}` : attrs.name ? `${qualified} "${attrs.name}" is forbidden: ${why}` : `${qualified} is forbidden: ${why}`;
  return new ApiError('Forbidden', 403, message, { ...(attrs.name ? { name: attrs.name } : {}), ...(attrs.group ? { group: attrs.group } : {}), ...(qualified ? { kind: attrs.resource } : {}) });
}

/**
 * Throws the API server's Forbidden unless `actor` may impersonate `username` (a user, or a service
 * account by its own resource) and each of `groups`; the admin may impersonate anyone.
 */
export function requireImpersonation(api: ApiServer, actor: UserInfo, username: string, groups: string[]): void {
  const sa = serviceAccountOf(username);
  requireAccess(api, actor, sa ? { verb: 'impersonate', namespace: sa.namespace, group: '', resource: 'serviceaccounts', name: sa.name } : { verb: 'impersonate', group: '', resource: 'users', name: username });
  for (const g of groups) requireAccess(api, actor, { verb: 'impersonate', group: '', resource: 'groups', name: g });
}

/** Throws the API server's Forbidden unless RBAC lets `user` do `attrs`. */
export function requireAccess(api: ApiServer, user: UserInfo, attrs: AccessAttributes): void {
  const decision = authorize(api, user, attrs);
  if (!decision.allowed) throw forbidden(user, attrs, decision.reason);
}
