/**
 * Randomness for uids and generated name suffixes. A simulated cluster needs unique, not
 * unguessable, values, and loading node:crypto (or initialising Web Crypto) would cost every
 * writing command several milliseconds.
 */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(Math.random() * 256);
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `n` random bytes as lowercase hex (a container ID is 32). */
export function randomHex(n: number): string {
  let out = '';
  for (const b of randomBytes(n)) out += HEX[b];
  return out;
}

/**
 * A version 4 UUID, as metadata.uid. `salt` (the store revision the object is created at, unique
 * in its cluster) is mixed into the last 6 bytes: uids then stay distinct even where Math.random
 * repeats its sequence in every process (a harness that seeds it for reproducible runs), which
 * otherwise gives an object the uid of one made by an earlier command, and two owners one uid.
 */
export function randomUUID(salt = 0): string {
  const b = randomBytes(16);
  for (let i = 15, s = salt; i >= 10 && s > 0; i--, s = Math.floor(s / 256)) b[i] = b[i]! ^ (s % 256);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[b[i]!];
  }
  return out;
}
