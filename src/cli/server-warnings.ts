/**
 * Warnings the API server sends (a `Warning` header; here: unknown fields under --validate=warn).
 * kubectl prints each on stderr and, under --warnings-as-errors, fails the command after it ran.
 */
import type { Context } from './framework.js';

export function serverWarning(ctx: Context, message: string): void {
  ctx.io.err.write(`Warning: ${message}\n`);
  ctx.serverWarnings = (ctx.serverWarnings ?? 0) + 1;
}
