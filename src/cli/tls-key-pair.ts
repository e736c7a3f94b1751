/**
 * The checks `create secret tls` makes of its --cert and --key files before it builds the Secret:
 * Go's tls.X509KeyPair, with its error messages. The certificate file must hold a CERTIFICATE
 * PEM block, the key file a block whose type ends in PRIVATE KEY; the first certificate must
 * parse, the key must parse (PKCS #1, PKCS #8 or SEC 1), and its public half must be the
 * certificate's public key. Imported dynamically: node:crypto stays off every other command's
 * start-up path.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { CliError } from '../errors.js';

interface PemBlock {
  type: string;
  der: Buffer;
}

const PEM_BLOCK = /-----BEGIN ([^\r\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

/** The PEM blocks of `data` in order, as encoding/pem's Decode finds them one after another. */
function pemBlocks(data: Buffer): PemBlock[] {
  const text = data.toString('latin1');
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    // RFC 1421 headers (`Proc-Type: ...`) end with a blank line before the base64.
    const body = m[2]!.includes(':') ? m[2]!.replace(/^[\s\S]*?\r?\n\r?\n/, '') : m[2]!;
    if (!BASE64.test(body)) continue;
    blocks.push({ type: m[1]!, der: Buffer.from(body.replace(/\s+/g, ''), 'base64') });
  }
  return blocks;
}

/** Go's tls.X509KeyPair: throws its error as kubectl prints it. */
export function checkX509KeyPair(certPEM: Buffer, keyPEM: Buffer): void {
  const certBlocks = pemBlocks(certPEM);
  const certs = certBlocks.filter((b) => b.type === 'CERTIFICATE');
  if (certs.length === 0) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) throw new CliError('tls: failed to find any PEM data in certificate input');
    if (skipped.length === 1 && skipped[0]!.endsWith('PRIVATE KEY')) {
      throw new CliError('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    }
    throw new CliError(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`);
  }
  const keyBlocks = pemBlocks(keyPEM);
  const keyBlock = keyBlocks.find((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'));
  if (!keyBlock) {
    // Go stops at the first key block: what it skipped are the blocks before it (here, all of them).
    const skipped = keyBlocks.map((b) => b.type);
    if (skipped.length === 0) throw new CliError('tls: failed to find any PEM data in key input');
    if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') throw new CliError('tls: found a certificate rather than a key in the PEM for the private key');
    throw new CliError(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`);
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certs[0]!.der);
  } catch {
    throw new CliError('x509: malformed certificate');
  }
  const key = parsePrivateKey(keyBlock.der);
  const publicKey = certificate.publicKey;
  const family = (k: KeyObject) => (k.asymmetricKeyType === 'rsa-pss' ? 'rsa' : k.asymmetricKeyType);
  if (!['rsa', 'ec', 'ed25519'].includes(family(publicKey) ?? '')) throw new CliError('tls: unknown public key algorithm');
  if (family(publicKey) !== family(key)) throw new CliError('tls: private key type does not match public key type');
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  if (!spki(createPublicKey(key)).equals(spki(publicKey))) throw new CliError('tls: private key does not match public key');
}

/** Go's parsePrivateKey: PKCS #1, then PKCS #8, then SEC 1 (whatever the block's type says). */
function parsePrivateKey(der: Buffer): KeyObject {
  for (const type of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // the next encoding
    }
  }
  throw new CliError('tls: failed to parse private key');
}
