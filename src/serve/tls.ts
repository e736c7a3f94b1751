/**
 * The certificates `serve` uses, made on first use in the cluster's directory (serve/): a CA, a
 * serving certificate for the listen address (plus 127.0.0.1, ::1 and localhost), a client
 * certificate for the kubeconfig (CN kubernetes-admin, O system:masters, as kind's), and a bearer
 * token for clients that prefer one.
 *
 * Keys come from node:crypto; node:crypto cannot issue X.509 certificates, so node-forge (pure
 * JavaScript, no dependencies of its own, maintained by Digital Bazaar and used by webpack-dev-server
 * and selfsigned for the same job) builds and signs them. It is loaded only here, only by serve.
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface ServeCredentials {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  token: string;
}

type Forge = typeof import('node-forge');

const DAY = 24 * 3600 * 1000;

function rsaKey(forge: Forge): { pem: string; forge: import('node-forge').pki.rsa.KeyPair } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
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

interface Issue {
  subject: Array<{ name?: string; shortName?: string; value: string }>;
  extensions: unknown[];
  days: number;
}

function issue(
  forge: Forge,
  key: import('node-forge').pki.rsa.KeyPair,
  issuer: { cert?: import('node-forge').pki.Certificate; key: import('node-forge').pki.rsa.PrivateKey },
  o: Issue,
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 5 * 60 * 1000);
  cert.validity.notAfter = new Date(now + o.days * DAY);
  cert.setSubject(o.subject);
  cert.setIssuer(issuer.cert ? issuer.cert.subject.attributes : o.subject);
  cert.setExtensions(o.extensions as never);
  cert.sign(issuer.key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

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
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Required, not imported: the bundle is CommonJS compiled without a dynamic import hook, and node-forge stays outside it.
    const forge = createRequire(import.meta.url)('node-forge') as Forge;
    let ca: { cert: import('node-forge').pki.Certificate; key: import('node-forge').pki.rsa.PrivateKey };
    if (caMissing) {
      const k = rsaKey(forge);
      const subject = [{ name: 'commonName', value: 'kubectl-lite-ca' }];
      caCert = issue(forge, k.forge, { key: k.forge.privateKey }, {
        subject,
        days: 3650,
        extensions: [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'subjectKeyIdentifier' },
        ],
      });
      caKey = k.pem;
      write('ca.crt', caCert);
      write('ca.key', caKey);
      serverCert = undefined;
      clientCert = undefined;
    }
    ca = { cert: forge.pki.certificateFromPem(caCert!), key: forge.pki.privateKeyFromPem(caKey!) as import('node-forge').pki.rsa.PrivateKey };
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
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    write('token', `${token}\n`);
  }
  return { caCert: caCert!, serverCert: serverCert!, serverKey: serverKey!, clientCert: clientCert!, clientKey: clientKey!, token };
}
