/**
 * The API server's x509 authenticator: a client certificate the cluster's CA signed, valid at the
 * moment and usable for client auth, authenticates as the user its subject names, the common name
 * the user and each organization a group (then system:authenticated, as the API server adds it).
 * This is how a kubeconfig user made from an issued CertificateSigningRequest acts as its user.
 */
import type { UserInfo } from './rbac.js';
import { nodeCrypto } from '../util/digest.js';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_USAGE = '2.5.29.37.0';
const AUTHENTICATED = 'system:authenticated';

/**
 * The user `pem` authenticates as, checked against the CA certificate `caPem` at `nowMs`; undefined
 * when it does not (not a certificate, another issuer, a bad signature, expired or not yet valid,
 * or extended key usages without client auth), which the API server answers with 401 Unauthorized.
 */
export function certificateUser(pem: string | Buffer, caPem: string | Buffer | undefined, nowMs: number): UserInfo | undefined {
  if (caPem === undefined) return undefined;
  const { X509Certificate } = nodeCrypto();
  let cert: import('node:crypto').X509Certificate;
  let ca: import('node:crypto').X509Certificate;
  try {
    cert = new X509Certificate(pem);
    ca = new X509Certificate(caPem);
  } catch {
    return undefined;
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return undefined;
  if (nowMs < Date.parse(cert.validFrom) || nowMs > Date.parse(cert.validTo)) return undefined;
  if (!clientAuthOk(cert.keyUsage as string[] | undefined)) return undefined;
  return subjectUser(subjectFields(cert.subject));
}

/** Whether a certificate's extended key usages (none: any) allow client auth. */
export function clientAuthOk(usages: readonly string[] | undefined): boolean {
  return !usages || usages.includes(CLIENT_AUTH) || usages.includes(ANY_USAGE);
}

/** A subject as node:crypto prints it (one `KEY=value` a line) as fields, each with its values in order. */
function subjectFields(subject: string): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null);
  for (const line of subject.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) (out[line.slice(0, at)] ??= []).push(line.slice(at + 1));
  }
  return out;
}

/**
 * The user a verified certificate's subject names (node:tls's peer certificate gives each field as
 * a string, or an array when it repeats); none without a common name, as the API server's.
 */
export function subjectUser(subject: Record<string, string | string[] | undefined>): UserInfo | undefined {
  const values = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const username = values(subject.CN)[0];
  if (!username) return undefined;
  const groups = values(subject.O);
  return { username, groups: groups.includes(AUTHENTICATED) ? groups : [...groups, AUTHENTICATED] };
}
