/**
 * CertificateSigningRequests as the API server keeps them (the certificates.k8s.io registry
 * strategies and validation): who asked is recorded at create from the request's user, a new
 * request has no status, and the Approved and Denied conditions come only through /approval, where
 * they may be added but never removed, and never both.
 */
import { invalid, type StatusCause } from '../errors.js';
import { certificateRequestError } from './cluster-ca.js';
import type { UserInfo } from './rbac.js';
import type { ResourceType } from './registry.js';
import type { ApiServer, WriteOptions } from './server.js';
import { deepClone, type KubeObject } from './types.js';
import { duplicate, invalidValue, isObj, required, unsupported } from './validation/semantic.js';

export const CSR_KIND = 'CertificateSigningRequest';
export const CSR_GROUP = 'certificates.k8s.io';
export const KUBE_APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
const LEGACY_UNKNOWN_SIGNER = 'kubernetes.io/legacy-unknown';

export function isCsrType(type: Pick<ResourceType, 'kind' | 'group'>): boolean {
  return type.kind === CSR_KIND && type.group === CSR_GROUP;
}

type Condition = { type?: unknown; status?: unknown; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string };

/** The strategy's PrepareForCreate: no pre-approved requests, and the requester's identity. */
export function prepareCsrCreate(obj: KubeObject, user: UserInfo): void {
  const spec = (obj.spec ??= {});
  delete spec.uid;
  delete spec.groups;
  delete spec.extra;
  spec.username = user.username;
  if (user.uid) spec.uid = user.uid;
  if (user.groups.length) spec.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length) spec.extra = deepClone(user.extra);
  obj.status = {};
}

/**
 * The strategies' PrepareForUpdate and update validation: the request (spec) never changes; through
 * /status (`status`) the signer may add Failed and set the certificate once, and only /approval
 * (`approval`) may add Approved or Denied.
 */
export function prepareCsrUpdate(obj: KubeObject, live: KubeObject, status: boolean, approval: boolean): void {
  obj.spec = deepClone(live.spec);
  if (!status) return;
  const count = (o: KubeObject, type: string) => conditionsOf(o).filter((c) => c.type === type).length;
  const causes: StatusCause[] = [];
  for (const t of ['Approved', 'Denied', 'Failed']) {
    if (count(obj, t) < count(live, t)) causes.push({ field: 'status.conditions', message: `Forbidden: updates may not remove a condition of type ${JSON.stringify(t)}` });
  }
  if (!approval) {
    for (const t of ['Approved', 'Denied']) {
      if (count(obj, t) > count(live, t)) causes.push({ field: 'status.conditions', message: `Forbidden: updates may not add a condition of type ${JSON.stringify(t)}` });
    }
  }
  const had = live.status?.certificate;
  if (had && obj.status?.certificate !== had) causes.push({ field: 'status.certificate', message: 'Forbidden: updates may not modify existing certificate content' });
  if (causes.length) throw invalid(CSR_KIND, CSR_GROUP, obj.metadata.name ?? '', causes);
}

/** The usages the API accepts (certificates.k8s.io KeyUsage), in Go's sorted order as its NotSupported lists them. */
const VALID_USAGES = [
  'any', 'cert sign', 'client auth', 'code signing', 'content commitment', 'crl sign', 'data encipherment', 'decipher only', 'digital signature',
  'email protection', 'encipher only', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'key agreement', 'key encipherment', 'microsoft sgc',
  'netscape sgc', 'ocsp signing', 's/mime', 'server auth', 'signing', 'timestamping',
];

/** Go's %#v of a []byte, as a field error renders an invalid spec.request. */
function goBytes(text: string): string {
  return `[]byte{${[...Buffer.from(text, 'utf8')].map((b) => `0x${b.toString(16)}`).join(', ')}}`;
}

/** The request's PEM text (spec.request is base64 in JSON); undefined when it is not base64 text. */
function requestText(spec: Record<string, any>): string | undefined {
  return typeof spec.request === 'string' ? Buffer.from(spec.request, 'base64').toString('utf8') : undefined;
}

/** validateCertificateSigningRequest's causes for spec and status (after the metadata's), in its order. */
export function checkCertificateSigningRequest(out: StatusCause[], obj: KubeObject): void {
  const spec: Record<string, any> = isObj(obj.spec) ? obj.spec : {};
  const pem = requestText(spec) ?? '';
  const requestError = certificateRequestError(pem);
  if (requestError) out.push({ field: 'spec.request', message: `Invalid value: ${goBytes(pem)}: ${requestError}` });
  const usages: unknown[] = Array.isArray(spec.usages) ? spec.usages : [];
  if (usages.length === 0) out.push(required('spec.usages'));
  usages.forEach((u, i) => {
    if (!VALID_USAGES.includes(u as string)) out.push(unsupported(`spec.usages[${i}]`, u, VALID_USAGES));
  });
  usages.forEach((u, i) => {
    if (usages.indexOf(u) !== i) out.push(duplicate(`spec.usages[${i}]`, u));
  });
  const signer = spec.signerName;
  if (signer === LEGACY_UNKNOWN_SIGNER) out.push(invalidValue('spec.signerName', signer, 'the legacy signerName is not allowed via this API version'));
  else if (typeof signer !== 'string' || signer === '') out.push(required('spec.signerName'));
  else if (!signer.includes('/')) out.push(invalidValue('spec.signerName', signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
  if (typeof spec.expirationSeconds === 'number' && spec.expirationSeconds < 600) {
    out.push(invalidValue('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'));
  }
  out.push(...conditionCauses(conditionsOf(obj)));
}

function conditionsOf(obj: KubeObject | undefined): Condition[] {
  const conditions = obj?.status?.conditions;
  return Array.isArray(conditions) ? conditions.filter(isObj) : [];
}

const TRUE_ONLY = new Set(['Approved', 'Denied', 'Failed']);

/** validateConditions: each condition's type and status, Approved and Denied never together, each type once. */
function conditionCauses(conditions: Condition[]): StatusCause[] {
  const out: StatusCause[] = [];
  const seen = new Set<unknown>();
  let approved = false;
  let denied = false;
  conditions.forEach((c, i) => {
    const at = `status.conditions[${i}]`;
    if (!c.type) out.push(required(`${at}.type`));
    const allowed = TRUE_ONLY.has(c.type as string) ? ['True'] : ['False', 'True', 'Unknown'];
    if (!c.status) out.push(required(`${at}.status`));
    else if (!allowed.includes(c.status as string)) out.push(unsupported(`${at}.status`, c.status, allowed));
    if (c.type === 'Approved') {
      approved = true;
      if (denied) out.push(invalidValue(`${at}.type`, c.type, 'Approved and Denied conditions are mutually exclusive'));
    } else if (c.type === 'Denied') {
      denied = true;
      if (approved) out.push(invalidValue(`${at}.type`, c.type, 'Approved and Denied conditions are mutually exclusive'));
    }
    if (seen.has(c.type)) out.push(duplicate(`${at}.type`, c.type));
    seen.add(c.type);
  });
  return out;
}

/** populateConditionTimestamps: a condition without times gets now, its transition time its update time. */
function withTimestamps(conditions: Condition[], now: string): Condition[] {
  return conditions.map((c) => {
    const out = { ...c };
    out.lastUpdateTime ||= now;
    out.lastTransitionTime ||= out.lastUpdateTime;
    return out;
  });
}

/**
 * PUT .../certificatesigningrequests/NAME/approval: the request's status.conditions are written (each
 * new one given its times), nothing else; the update validates them (validateConditions) and
 * refuses a removal (prepareCsrUpdate).
 */
export function updateApproval(request: ApiServer, type: ResourceType, input: KubeObject, opts: WriteOptions = {}): KubeObject {
  const name = input.metadata?.name ?? '';
  // Authorized as what it is (an update of certificatesigningrequests/approval), then done as the API server.
  request.request('update', type, undefined, name, 'approval');
  const api = request.asSystem();
  const live = api.get(type, undefined, name);
  const next = deepClone(live);
  if (input.metadata?.resourceVersion) next.metadata.resourceVersion = input.metadata.resourceVersion;
  const conditions = withTimestamps(conditionsOf(input), api.now());
  next.status = { ...(isObj(live.status) ? live.status : {}) };
  if (conditions.length) next.status.conditions = conditions;
  else delete next.status.conditions;
  return api.update(next, { ...opts, subresource: 'status', approval: true });
}
