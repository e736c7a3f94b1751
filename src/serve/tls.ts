/**
 * The certificates `serve` uses, made on first use in the cluster's directory (serve/): a CA, a
 * serving certificate for the listen address (plus 127.0.0.1, ::1 and localhost), a client
 * certificate for the kubeconfig (CN kubernetes-admin, O system:masters, as kind's), and a bearer
 * token for clients that prefer one.
 * The CA is the cluster's (src/api/cluster-ca.ts), which also signs CertificateSigningRequests.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { issue, loadForge, makeCa, rsaKey } from '../api/cluster-ca.js';
import { mkdirAll } from '../util/mkdir-all.js';

export interface ServeCredentials {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  token: string;
}

const DAY = 24 * 3600 * 1000;

/** The names a serving certificate for `address` must hold. */
function altNames(address: string): Array<{ type: number; value?: string; ip?: string }> {
  const ips = new Set(['127.0.0.1', '::1']);
  const dns = new Set(['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc']);
  if (isIP(address)) ips.add(address);
  else if (address) dns.add(address);
  return [...[...dns].map((value) => ({ type: 2, value })), ...[...ips].map((ip) => ({ type: 7, ip }))];
}

function coversAddress(certPem: string, address: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    if (Date.parse(cert.validTo) < Date.now() + DAY) return false;
    return isIP(address) ? cert.checkIP(address) !== undefined : cert.checkHost(address) !== undefined;
  } catch {
    return false;
  }
}

/** Reads the credentials under `dir`, making what is missing (or a serving certificate that does not cover `address`). */
export async function ensureCredentials(dir: string, address: string): Promise<ServeCredentials> {
  const file = (name: string) => join(dir, name);
  const read = (name: string) => (existsSync(file(name)) ? readFileSync(file(name), 'utf8') : undefined);
  const write = (name: string, text: string) => writeFileSync(file(name), text, { mode: 0o600 });
  let caCert = read('ca.crt');
  let caKey = read('ca.key');
  let serverCert = read('server.crt');
  let serverKey = read('server.key');
  let clientCert = read('client.crt');
  let clientKey = read('client.key');
  let token = read('token')?.trim();
  const caMissing = !caCert || !caKey;
  if (caMissing || !serverCert || !serverKey || !coversAddress(serverCert, address) || !clientCert || !clientKey) {
    const forge = loadForge();
    if (caMissing) {
      ({ caCert, caKey } = makeCa(forge, dir));
      serverCert = undefined;
      clientCert = undefined;
    }
    const ca = { cert: forge.pki.certificateFromPem(caCert!), key: forge.pki.privateKeyFromPem(caKey!) as import('node-forge').pki.rsa.PrivateKey };
    if (!serverCert || !serverKey || !coversAddress(serverCert, address)) {
      const k = rsaKey(forge);
      serverCert = issue(forge, k.forge, ca, {
        subject: [{ name: 'commonName', value: 'kube-apiserver' }],
        days: 365,
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: altNames(address) },
        ],
      });
      serverKey = k.pem;
      write('server.crt', serverCert);
      write('server.key', serverKey);
    }
    if (!clientCert || !clientKey) {
      const k = rsaKey(forge);
      clientCert = issue(forge, k.forge, ca, {
        subject: [{ name: 'organizationName', value: 'system:masters' }, { name: 'commonName', value: 'kubernetes-admin' }],
        days: 365,
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', clientAuth: true },
        ],
      });
      clientKey = k.pem;
      write('client.crt', clientCert);
      write('client.key', clientKey);
    }
  }
  if (!token) {
    token = randomBytes(24).toString('hex');
    mkdirAll(dir, 0o700);
    write('token', `${token}\n`);
  }
  return { caCert: caCert!, serverCert: serverCert!, serverKey: serverKey!, clientCert: clientCert!, clientKey: clientKey!, token };
}

