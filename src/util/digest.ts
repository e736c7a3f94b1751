/**
 * SHA-256 digests, for the few commands that need them (--append-hash, create token, a token to
 * check): node:crypto is loaded at the first call, so it stays off every other command's start-up.
 */
type Crypto = typeof import('node:crypto');

let crypto: Crypto | undefined;

/** node:crypto, loaded at the first call. */
export function nodeCrypto(): Crypto {
  crypto ??=
    (process.getBuiltinModule?.('node:crypto') as Crypto | undefined) ??
    // Node before 20.16 has no getBuiltinModule; the bundle every command runs is CommonJS.
    (typeof require === 'function' ? (require('node:crypto') as Crypto) : undefined);
  if (!crypto) throw new Error('this Node.js has neither process.getBuiltinModule nor require');
  return crypto;
}

export function sha256Hex(text: string): string {
  return nodeCrypto().createHash('sha256').update(text).digest('hex');
}

export function hmacSha256(key: string, text: string): Buffer {
  return nodeCrypto().createHmac('sha256', key).update(text).digest();
}
