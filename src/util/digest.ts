/**
 * SHA-256 digests, for the few commands that need them (--append-hash, create token). Imported
 * dynamically so that node:crypto stays off every other command's start-up path.
 */
import { createHash, createHmac } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function hmacSha256(key: string, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}
