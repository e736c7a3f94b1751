/**
 * Randomness through the global Web Crypto object: it is initialised on first use, whereas
 * importing node:crypto costs every command a few milliseconds at start-up.
 */
export function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}

export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}
