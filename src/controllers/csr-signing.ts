/**
 * The certificate signing controller (kube-controller-manager's csrsigning) for the
 * kubernetes.io/kube-apiserver-client signer: an approved request, not failed and not yet issued, is
 * signed by the cluster's CA (the one `serve` presents, under the cluster's directory) and the
 * certificate written to status.certificate; a request whose usages that signer does not issue is
 * marked Failed (SignerValidationFailure) instead. Requests to other signers are left to them (none
 * runs here: they stay approved and unissued).
 *
 * The signing itself is the API server's hook (ServerHooks.signCertificate), so that a cluster
 * without one (the unit tests') simply issues nothing. The serial number comes from the request's
 * uid: signing the same request again gives the same certificate, as a level-triggered settle needs.
 */
import { CSR_GROUP, KUBE_APISERVER_CLIENT_SIGNER } from '../api/certificates.js';
import type { ApiServer } from '../api/server.js';
import { deepClone } from '../api/types.js';
import { sha256Hex } from '../util/digest.js';
import { getCondition } from './pod-template.js';
import { collectionKeys } from './queues.js';
import type { Controller } from './types.js';

const COLLECTION = `${CSR_GROUP}/certificatesigningrequests`;
/** kube-controller-manager's --cluster-signing-duration default: a year. */
const SIGNING_DURATION_S = 365 * 24 * 3600;
/** The signer backdates a certificate by five minutes (clocks drift). */
const BACKDATE_MS = 5 * 60 * 1000;

function csrType(api: ApiServer) {
  return api.registry.forKind(`${CSR_GROUP}/v1`, 'CertificateSigningRequest')!;
}

/** validAPIServerClientUsages: client auth, and nothing but digital signature and key encipherment besides. */
export function clientUsagesError(usages: unknown[]): string | undefined {
  for (const u of usages) {
    if (u !== 'digital signature' && u !== 'key encipherment' && u !== 'client auth') return `invalid usage for client certificate: ${String(u)}`;
  }
  return usages.includes('client auth') ? undefined : 'missing required usage for client certificate: client auth';
}

function reconcileRequest(api: ApiServer, name: string): void {
  const sign = api.hooks.signCertificate;
  if (!sign) return;
  const csr = api.tryGet(csrType(api), undefined, name);
  if (!csr || csr.spec?.signerName !== KUBE_APISERVER_CLIENT_SIGNER) return;
  if (!getCondition(csr.status, 'Approved') || getCondition(csr.status, 'Failed') || csr.status?.certificate) return;
  const next = deepClone(csr);
  next.status ??= {};
  const usages: unknown[] = Array.isArray(csr.spec.usages) ? csr.spec.usages : [];
  const failure = clientUsagesError(usages);
  const now = api.clock.now().getTime();
  const pem = failure ? undefined : sign({
    csrPem: Buffer.from(String(csr.spec.request ?? ''), 'base64').toString('utf8'),
    usages: usages as string[],
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now - BACKDATE_MS + 1000 * Math.min(Number(csr.spec.expirationSeconds ?? SIGNING_DURATION_S), SIGNING_DURATION_S)),
    serial: `01${sha256Hex(String(csr.metadata.uid)).slice(0, 30)}`,
  });
  if (pem) {
    next.status.certificate = Buffer.from(pem).toString('base64');
  } else {
    const at = api.now();
    const message = failure ?? 'kubectl-lite signs requests for RSA keys only';
    (next.status.conditions ??= []).push({ type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message, lastUpdateTime: at, lastTransitionTime: at });
  }
  api.put(next);
}

export const csrSigningController: Controller = {
  name: 'csr-signing',
  reconcile(api) {
    if (!api.hooks.signCertificate) return;
    for (const csr of api.list(csrType(api))) reconcileRequest(api, csr.metadata.name!);
  },
  keysFor: (change) => (change.collection === COLLECTION ? [change.key] : []),
  reconcileKey: (api, key) => reconcileRequest(api, key),
  allKeys: (api) => collectionKeys(api, COLLECTION),
};
