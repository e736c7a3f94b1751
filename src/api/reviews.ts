/**
 * The reviews (authorization.k8s.io's SelfSubjectAccessReview, SelfSubjectRulesReview,
 * SubjectAccessReview and LocalSubjectAccessReview; authentication.k8s.io's SelfSubjectReview and
 * TokenReview, which authenticates a service-account token the way requests are): a
 * create that the API server answers and never stores, as kubectl's `auth can-i` and `auth whoami`
 * send it. The self reviews are about the requesting user (the admin, or whom the request
 * impersonates); the others about the user in their spec. RBAC decides (rbac.ts).
 */
import { badRequest, invalid } from '../errors.js';
import { hmacSha256 } from '../util/digest.js';
import { ADMIN, authorize, rulesFor, type AccessAttributes, type UserInfo } from './rbac.js';
import type { ResourceType } from './registry.js';
import type { ApiServer } from './server.js';
import { authenticateToken } from './token-request.js';
import type { KubeObject } from './types.js';

const invalidReview = (type: ResourceType, name: string, field: string, value: unknown, why: string) =>
  invalid(type.kind, type.group, name, [{ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${why}` }]);

/** The answer to a create of a review (its spec as sent, with its status); undefined for any other kind. */
export function answerReview(api: ApiServer, input: KubeObject, type: ResourceType, requester: UserInfo = ADMIN): KubeObject | undefined {
  const spec = (input.spec ?? {}) as Record<string, any>;
  const answer = (metadata: Record<string, unknown>, status: Record<string, unknown>): KubeObject =>
    ({ kind: type.kind, apiVersion: `${type.group}/${type.version}`, metadata, ...(input.spec !== undefined ? { spec: input.spec } : {}), status }) as KubeObject;
  const decide = (user: UserInfo, namespace?: string) => {
    const attrs = accessAttributes(spec, namespace);
    const { allowed, reason } = authorize(api, user, attrs);
    return answer({ creationTimestamp: null, ...(namespace ? { namespace } : {}) }, { allowed, ...(reason ? { reason } : {}) });
  };
  switch (`${type.group}/${type.kind}`) {
    case 'authorization.k8s.io/SelfSubjectAccessReview':
      checkAttributes(type, spec);
      return decide(requester);
    case 'authorization.k8s.io/SubjectAccessReview':
    case 'authorization.k8s.io/LocalSubjectAccessReview': {
      const local = type.kind === 'LocalSubjectAccessReview';
      const namespace = local ? (input.metadata?.namespace ?? 'default') : undefined;
      if (!spec.user && !(spec.groups ?? []).length) throw invalidReview(type, '', 'spec.user', '', 'at least one of user or group must be specified');
      checkAttributes(type, spec);
      if (local && spec.nonResourceAttributes) throw invalidReview(type, '', 'spec.nonResourceAttributes', spec.nonResourceAttributes, 'disallowed on this kind of request');
      if (local && (spec.resourceAttributes?.namespace ?? '') !== namespace) {
        throw invalidReview(type, '', 'spec.resourceAttributes.namespace', spec.resourceAttributes?.namespace ?? '', 'must match metadata.namespace');
      }
      return decide({ username: spec.user ?? '', groups: spec.groups ?? [], ...(spec.uid ? { uid: spec.uid } : {}) }, namespace);
    }
    case 'authorization.k8s.io/SelfSubjectRulesReview':
      return answer({ creationTimestamp: null }, rulesFor(api, requester, String(spec.namespace ?? '')) as unknown as Record<string, unknown>);
    case 'authentication.k8s.io/TokenReview': {
      if (!spec.token) throw badRequest('token is required for TokenReview in authentication.k8s.io');
      const who = authenticateToken(api, String(spec.token), hmacSha256);
      const status = 'error' in who
        ? { user: {}, error: who.error }
        : { authenticated: true, user: { username: who.user.username, uid: who.user.uid, groups: who.user.groups, ...(who.user.extra ? { extra: who.user.extra } : {}) }, audiences: who.audiences };
      return answer({ creationTimestamp: null }, status);
    }
    case 'authentication.k8s.io/SelfSubjectReview':
      return answer({ creationTimestamp: api.now() }, { userInfo: { username: requester.username, ...(requester.uid ? { uid: requester.uid } : {}), groups: requester.groups, ...(requester.extra ? { extra: requester.extra } : {}) } });
    default:
      return undefined;
  }
}

/** An access review names either a resource or a non-resource URL, as the API server validates it. */
function checkAttributes(type: ResourceType, spec: Record<string, any>): void {
  if (Boolean(spec.resourceAttributes) === Boolean(spec.nonResourceAttributes)) {
    throw invalidReview(type, '', 'spec.resourceAttributes', spec.resourceAttributes ?? null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
}

function accessAttributes(spec: Record<string, any>, namespace?: string): AccessAttributes {
  const r = spec.resourceAttributes;
  if (!r) return { verb: spec.nonResourceAttributes?.verb ?? '', path: spec.nonResourceAttributes?.path ?? '' };
  return { verb: r.verb ?? '', namespace: namespace ?? r.namespace ?? '', group: r.group ?? '', resource: r.resource ?? '', subresource: r.subresource ?? '', name: r.name ?? '' };
}
