/**
 * Warnings the API server sends (a `Warning` header: unknown fields under --validate=warn, what a
 * create or update finds, a deprecated type). kubectl prints each text once per command on
 * stderr and, under --warnings-as-errors, fails the command after it ran.
 */
import type { Context } from './framework.js';

const printed = new WeakMap<Context, Set<string>>();

export function serverWarning(ctx: Context, message: string): void {
  let seen = printed.get(ctx);
  if (!seen) printed.set(ctx, (seen = new Set()));
  if (seen.has(message)) return;
  seen.add(message);
  ctx.io.err.write(`Warning: ${message}\n`);
  ctx.serverWarnings = (ctx.serverWarnings ?? 0) + 1;
}
