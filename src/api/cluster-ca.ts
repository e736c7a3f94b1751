/**
 * The cluster's certificate authority, under the cluster's directory (serve/ca.crt and ca.key, made
 * on first use): what `serve` presents and issues its own certificates from, and what signs the
 * CertificateSigningRequests the csr-signing controller issues. Also the API server's check of a
 * request's PKCS#10 text.
 *
 * Keys come from node:crypto; node:crypto cannot issue X.509 certificates or read requests, so
 * node-forge (pure JavaScript, no dependencies of its own, maintained by Digital Bazaar and used by
 * webpack-dev-server and selfsigned for the same job) builds, reads and signs them. It is loaded
 * only when one is made, read or signed, and node:crypto with it (off every other command's start-up).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { nodeCrypto } from '../util/digest.js';
import { mkdirAll } from '../util/mkdir-all.js';

export type Forge = typeof import('node-forge');

const DAY = 24 * 3600 * 1000;

export function loadForge(): Forge {
  // Required, not imported: the bundle is CommonJS compiled without a dynamic import hook, and node-forge stays outside it.
  return createRequire(import.meta.url)('node-forge') as Forge;
}

export function rsaKey(forge: Forge): { pem: string; forge: import('node-forge').pki.rsa.KeyPair } {
  const { privateKey, publicKey } = nodeCrypto().generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    pem: privateKey,
    forge: {
      privateKey: forge.pki.privateKeyFromPem(privateKey) as import('node-forge').pki.rsa.PrivateKey,
      publicKey: forge.pki.publicKeyFromPem(publicKey) as import('node-forge').pki.rsa.PublicKey,
    },
  };
}

export interface Issue {
  subject: Array<{ name?: string; shortName?: string; value: string }>;
  extensions: unknown[];
  days: number;
}

export function issue(
  forge: Forge,
  key: import('node-forge').pki.rsa.KeyPair,
  issuer: { cert?: import('node-forge').pki.Certificate; key: import('node-forge').pki.rsa.PrivateKey },
  o: Issue,
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = `01${nodeCrypto().randomBytes(15).toString('hex')}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 5 * 60 * 1000);
  cert.validity.notAfter = new Date(now + o.days * DAY);
  cert.setSubject(o.subject);
  cert.setIssuer(issuer.cert ? issuer.cert.subject.attributes : o.subject);
  cert.setExtensions(o.extensions as never);
  cert.sign(issuer.key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** Makes the cluster's CA under `dir` (its certificate and key, written there). */
export function makeCa(forge: Forge, dir: string): { caCert: string; caKey: string } {
  mkdirAll(dir, 0o700);
  const k = rsaKey(forge);
  const subject = [{ name: 'commonName', value: 'kubectl-lite-ca' }];
  const caCert = issue(forge, k.forge, { key: k.forge.privateKey }, {
    subject,
    days: 3650,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
  });
  writeFileSync(join(dir, 'ca.crt'), caCert, { mode: 0o600 });
  writeFileSync(join(dir, 'ca.key'), k.pem, { mode: 0o600 });
  return { caCert, caKey: k.pem };
}

/** The cluster CA under `dir` (made there if missing), for signing. */
function clusterCa(forge: Forge, dir: string): { cert: import('node-forge').pki.Certificate; key: import('node-forge').pki.rsa.PrivateKey } {
  const file = (name: string) => join(dir, name);
  let caCert = existsSync(file('ca.crt')) ? readFileSync(file('ca.crt'), 'utf8') : undefined;
  let caKey = existsSync(file('ca.key')) ? readFileSync(file('ca.key'), 'utf8') : undefined;
  if (!caCert || !caKey) ({ caCert, caKey } = makeCa(forge, dir));
  return { cert: forge.pki.certificateFromPem(caCert), key: forge.pki.privateKeyFromPem(caKey) as import('node-forge').pki.rsa.PrivateKey };
}

/**
 * Go's certificates.ParseCSR and CheckSignature, as the API server checks a CSR's spec.request: the
 * error's text, or undefined when it is a signed PKCS#10 request. node-forge reads RSA keys only: a
 * request with another key is taken as it is (not checked).
 */
export function certificateRequestError(pem: string): string | undefined {
  const block = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem);
  if (!block || block[1] !== 'CERTIFICATE REQUEST' || !pem.includes('-----END CERTIFICATE REQUEST-----')) return 'PEM block type must be CERTIFICATE REQUEST';
  const forge = loadForge();
  let csr: import('node-forge').pki.CertificateSigningRequest;
  try {
    csr = forge.pki.certificationRequestFromPem(pem);
  } catch (e) {
    if (/OID is not RSA/i.test((e as Error).message)) return undefined;
    return 'asn1: structure error: the request does not parse';
  }
  return csr.verify() ? undefined : 'x509: signature verification failure';
}

/** What a signer is asked to put in a certificate (times as the cluster's clock has them). */
export interface SigningRequest {
  csrPem: string;
  usages: string[];
  notBefore: Date;
  notAfter: Date;
  /** Hex digits: the same request signed twice gives the same certificate. */
  serial: string;
}

const KEY_USAGES: Record<string, string> = {
  'digital signature': 'digitalSignature', 'key encipherment': 'keyEncipherment', 'content commitment': 'nonRepudiation',
  'key agreement': 'keyAgreement', 'data encipherment': 'dataEncipherment', 'cert sign': 'keyCertSign', 'crl sign': 'cRLSign',
  'encipher only': 'encipherOnly', 'decipher only': 'decipherOnly', signing: 'digitalSignature',
};
const EXT_KEY_USAGES: Record<string, string> = {
  'client auth': 'clientAuth', 'server auth': 'serverAuth', 'code signing': 'codeSigning', 'email protection': 'emailProtection', timestamping: 'timeStamping',
};

/**
 * Signs a certificate request with the cluster CA under `dir`, as kube-controller-manager's local
 * signer does: the request's subject and names, the usages asked for, not a CA. Undefined when the
 * request's key is not one node-forge can read (RSA).
 */
export function signCertificateRequest(dir: string, r: SigningRequest): string | undefined {
  const forge = loadForge();
  let csr: import('node-forge').pki.CertificateSigningRequest;
  try {
    csr = forge.pki.certificationRequestFromPem(r.csrPem);
  } catch {
    return undefined;
  }
  const ca = clusterCa(forge, dir);
  const cert = forge.pki.createCertificate();
  cert.publicKey = csr.publicKey!;
  cert.serialNumber = r.serial;
  cert.validity.notBefore = r.notBefore;
  cert.validity.notAfter = r.notAfter < ca.cert.validity.notAfter ? r.notAfter : ca.cert.validity.notAfter;
  cert.setSubject(csr.subject.attributes);
  cert.setIssuer(ca.cert.subject.attributes);
  const keyUsage: Record<string, unknown> = { name: 'keyUsage', critical: true };
  const extKeyUsage: Record<string, unknown> = { name: 'extKeyUsage' };
  for (const u of r.usages) {
    if (KEY_USAGES[u]) keyUsage[KEY_USAGES[u]] = true;
    if (EXT_KEY_USAGES[u]) extKeyUsage[EXT_KEY_USAGES[u]] = true;
  }
  const requested = (csr.getAttribute({ name: 'extensionRequest' }) as { extensions?: Array<{ name?: string }> } | null)?.extensions ?? [];
  const altNames = requested.find((e) => e.name === 'subjectAltName');
  cert.setExtensions([
    ...(Object.keys(keyUsage).length > 2 ? [keyUsage] : []),
    ...(Object.keys(extKeyUsage).length > 1 ? [extKeyUsage] : []),
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
    ...(altNames ? [altNames] : []),
  ] as never);
  cert.sign(ca.key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
