/**
 * Template hashing as the controllers do it (controller.ComputeHash): FNV-32a over the
 * object, the decimal sum rendered through rand.SafeEncodeString's alphabet.
 */

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(text, 'utf8');
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each byte mapped into the alphabet that avoids vowels and look-alikes. */
export function safeEncode(text: string): string {
  let out = '';
  for (const ch of Buffer.from(text, 'utf8')) out += SAFE_ALPHABET[ch % SAFE_ALPHABET.length];
  return out;
}

/** Canonical JSON (sorted keys, undefined dropped) so equal templates hash equally. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** The pod-template-hash / controller-revision-hash of a template (with an optional collision count). */
export function computeHash(template: unknown, collisionCount?: number): string {
  let text = canonicalJson(template);
  if (collisionCount) text += String(collisionCount);
  return safeEncode(String(fnv32a(text)));
}
