/**
 * The TokenRequest subresource of a ServiceAccount (POST .../serviceaccounts/NAME/token), as the API
 * server answers it: nothing is stored; the answer is the request with its spec defaulted and a
 * signed token in its status. `kubectl create token` and serve's route both ask it.
 */
import { ApiError, badRequest, invalid } from '../errors.js';
import { goQuote } from '../printers/go-values.js';
import { rfc3339 } from '../util/duration.js';
import { randomUUID } from '../util/random.js';
import type { UserInfo } from './rbac.js';
import type { ApiServer } from './server.js';
import type { KubeObject } from './types.js';

/** The kinds a token can be bound to, with their apiVersion. */
export const BOUND_KINDS: Record<string, string> = { Node: 'v1', Pod: 'v1', Secret: 'v1' };
/** The API server's own audience (and issuer), which a request without audiences gets. */
export const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

export type Hmac = (key: string, text: string) => Buffer;

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/**
 * A JWT-shaped token with the claims a v1.32 API server puts in a TokenRequest token. The simulated
 * server has no signing key pair, so it signs with HMAC-SHA256 keyed by the cluster's kube-system
 * namespace UID (alg HS256): stable per cluster, and plainly not a real cluster's RS256 signature.
 */
export function signToken(claims: Record<string, unknown>, key: string, hmac: Hmac): string {
  const body = `${base64url(JSON.stringify({ alg: 'HS256', kid: 'kubectl-lite' }))}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${base64url(hmac(key, body))}`;
}

const tokenRequestInvalid = (name: string, field: string, value: unknown, why: string): ApiError =>
  invalid('TokenRequest', 'authentication.k8s.io', name, [{ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${why}` }]);

/** The answer to a TokenRequest for ServiceAccount `name` in `namespace`; throws the API server's errors. */
export function requestToken(api: ApiServer, namespace: string, name: string, request: KubeObject, hmac: Hmac): KubeObject {
  const meta = request.metadata ?? {};
  if (meta.name && meta.name !== name) throw tokenRequestInvalid(name, 'metadata.name', meta.name, 'must match the service account name if specified');
  if (meta.namespace && meta.namespace !== namespace) {
    throw tokenRequestInvalid(name, 'metadata.namespace', meta.namespace, 'must match the service account namespace if specified');
  }
  const spec = (request.spec ?? {}) as { audiences?: string[] | null; expirationSeconds?: number; boundObjectRef?: Record<string, string> | null };
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) throw tokenRequestInvalid(name, 'spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes');
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) throw tokenRequestInvalid(name, 'spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds');
  const sa = api.get(api.registry.resolve('serviceaccounts'), namespace, name);
  const ref = spec.boundObjectRef ?? undefined;
  const kind = ref?.kind ?? '';
  if (ref && (!BOUND_KINDS[kind] || (ref.apiVersion ?? 'v1') !== BOUND_KINDS[kind])) {
    const [group, version] = (ref.apiVersion ?? '').includes('/') ? ref.apiVersion!.split('/') : ['', ref.apiVersion ?? ''];
    throw badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${kind}`);
  }
  const bound = ref ? api.get(api.registry.resolve(`${kind.toLowerCase()}s`), kind === 'Node' ? '' : namespace, ref.name ?? '') : undefined;
  if (bound && ref?.uid && bound.metadata.uid !== ref.uid) {
    const why = `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`;
    throw new ApiError('Conflict', 409, `Operation cannot be fulfilled on ${kind} "${ref.name}": ${why}`, { name: ref.name, kind });
  }
  // A pod-bound token also names the pod's node, with its UID while the node exists
  // (ServiceAccountTokenPodNodeInfo, on since v1.30).
  const nodeName: string | undefined = kind === 'Pod' ? bound?.spec?.nodeName : undefined;
  const nodeUid = nodeName ? api.tryGet(api.registry.resolve('nodes'), '', nodeName)?.metadata.uid : undefined;
  const kubeSystem = api.get(api.registry.resolve('namespaces'), '', 'kube-system');
  const now = api.now();
  const iat = Math.floor(Date.parse(now) / 1000);
  const exp = iat + expirationSeconds;
  const aud = spec.audiences?.length ? spec.audiences : [DEFAULT_AUDIENCE];
  const identity: Record<string, unknown> = { namespace };
  if (nodeName) identity.node = nodeUid ? { name: nodeName, uid: nodeUid } : { name: nodeName };
  if (bound) identity[kind.toLowerCase()] = { name: bound.metadata.name, uid: bound.metadata.uid };
  identity.serviceaccount = { name, uid: sa.metadata.uid };
  const claims = { aud, exp, iat, iss: DEFAULT_AUDIENCE, jti: randomUUID(), 'kubernetes.io': identity, nbf: iat, sub: `system:serviceaccount:${namespace}:${name}` };
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: now },
    spec: {
      audiences: aud,
      expirationSeconds,
      boundObjectRef: bound ? { kind, apiVersion: BOUND_KINDS[kind], name: bound.metadata.name, uid: bound.metadata.uid } : null,
    },
    status: { token: signToken(claims, kubeSystem.metadata.uid ?? 'kubectl-lite', hmac), expirationTimestamp: rfc3339(new Date(exp * 1000)) },
  };
}

/** Go's jwt validation leeway (go-jose's DefaultLeeway): a token is taken a minute past exp. */
const LEEWAY_SECONDS = 60;

export type Authenticated = { user: UserInfo; audiences: string[] } | { error: string };

interface Claims {
  aud?: string[] | string;
  exp?: number;
  nbf?: number;
  iat?: number;
  iss?: string;
  jti?: string;
  sub?: string;
  'kubernetes.io'?: { namespace?: string; serviceaccount?: { name?: string; uid?: string }; pod?: { name?: string; uid?: string }; secret?: { name?: string; uid?: string }; node?: { name?: string; uid?: string } };
}

/**
 * Who a bearer token is, as the API server's service-account token authenticator decides: one this
 * cluster signed (create token), for the API server's audience, not expired, whose service account
 * (and bound object) still exist with the uids it names. Anything else is the authenticator's error.
 */
export function authenticateToken(api: ApiServer, token: string, hmac: Hmac): Authenticated {
  const invalid = { error: 'invalid bearer token' };
  const parts = token.split('.');
  if (parts.length !== 3) return invalid;
  let claims: Claims;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as { alg?: string };
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Claims;
    if (header.alg !== 'HS256' || claims.iss !== DEFAULT_AUDIENCE) return invalid;
  } catch {
    return invalid;
  }
  const kubeSystem = api.tryGet(api.registry.resolve('namespaces'), '', 'kube-system');
  if (base64url(hmac(kubeSystem?.metadata.uid ?? 'kubectl-lite', `${parts[0]}.${parts[1]}`)) !== parts[2]) return invalid;
  const fail = (why: string) => ({ error: `[invalid bearer token, ${why}]` });
  const now = Math.floor(Date.parse(api.now()) / 1000);
  if (typeof claims.exp === 'number' && now > claims.exp + LEEWAY_SECONDS) return fail('service account token has expired');
  if (typeof claims.nbf === 'number' && now < claims.nbf - LEEWAY_SECONDS) return fail('service account token is not valid yet');
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  if (!audiences.includes(DEFAULT_AUDIENCE)) return fail(`token audiences ${goQuoted(audiences)} is invalid for the target audiences ${goQuoted([DEFAULT_AUDIENCE])}`);
  const identity = claims['kubernetes.io'] ?? {};
  const namespace = identity.namespace ?? '';
  const saRef = identity.serviceaccount ?? {};
  const sa = api.tryGet(api.registry.resolve('serviceaccounts'), namespace, saRef.name ?? '');
  if (!sa) return fail(`serviceaccounts "${saRef.name ?? ''}" not found`);
  if (sa.metadata.uid !== saRef.uid) return fail(`service account UID (${sa.metadata.uid}) does not match claim (${saRef.uid ?? ''})`);
  const extra: Record<string, string[]> = {};
  for (const kind of ['pod', 'secret', 'node'] as const) {
    const ref = identity[kind];
    if (!ref) continue;
    const obj = api.tryGet(api.registry.resolve(`${kind}s`), kind === 'node' ? '' : namespace, ref.name ?? '');
    // A pod-bound token's node may be gone; the pod, a Secret it is bound to, may not.
    if (!obj && kind !== 'node') return fail(`${kind}s "${ref.name ?? ''}" not found`);
    if (obj && ref.uid && obj.metadata.uid !== ref.uid) return fail(`${kind} UID (${obj.metadata.uid}) does not match claim (${ref.uid})`);
    if (kind !== 'secret') {
      extra[`authentication.kubernetes.io/${kind}-name`] = [ref.name ?? ''];
      if (ref.uid) extra[`authentication.kubernetes.io/${kind}-uid`] = [ref.uid];
    }
  }
  if (claims.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${claims.jti}`];
  // A Go map: its JSON keys are sorted.
  const sortedExtra = Object.fromEntries(Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : 1)));
  const user: UserInfo = {
    username: `system:serviceaccount:${namespace}:${saRef.name}`,
    uid: sa.metadata.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
    ...(Object.keys(sortedExtra).length ? { extra: sortedExtra } : {}),
  };
  return { user, audiences: [DEFAULT_AUDIENCE] };
}

/** Go's %q of a []string: `["a" "b"]`. */
const goQuoted = (list: string[]) => `[${list.map(goQuote).join(' ')}]`;
