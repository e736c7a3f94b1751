/**
 * The self reviews (authorization.k8s.io's SelfSubjectAccessReview and SelfSubjectRulesReview,
 * authentication.k8s.io's SelfSubjectReview): a create that the API server answers and never
 * stores, as kubectl's `auth can-i` and `auth whoami` send it. The simulated cluster has one user,
 * the admin kubeconfig's, bound to cluster-admin, so every action is allowed.
 */
import type { ResourceType } from './registry.js';
import type { KubeObject } from './types.js';

export const USERNAME = 'kubernetes-admin';
export const GROUPS = ['kubeadm:cluster-admins', 'system:authenticated'];

const ALLOWED_BY = 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"';

/** The answer to a create of a self review (its spec as sent, with its status); undefined for any other kind. */
export function answerSelfReview(input: KubeObject, type: ResourceType, now: () => string): KubeObject | undefined {
  const answer = (metadata: Record<string, unknown>, status: Record<string, unknown>): KubeObject =>
    ({ kind: type.kind, apiVersion: `${type.group}/${type.version}`, metadata, ...(input.spec !== undefined ? { spec: input.spec } : {}), status }) as KubeObject;
  switch (`${type.group}/${type.kind}`) {
    case 'authorization.k8s.io/SelfSubjectAccessReview':
      return answer({ creationTimestamp: null }, { allowed: true, reason: ALLOWED_BY });
    case 'authorization.k8s.io/SelfSubjectRulesReview':
      return answer(
        { creationTimestamp: null },
        { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false },
      );
    case 'authentication.k8s.io/SelfSubjectReview':
      return answer({ creationTimestamp: now() }, { userInfo: { username: USERNAME, groups: GROUPS } });
    default:
      return undefined;
  }
}
