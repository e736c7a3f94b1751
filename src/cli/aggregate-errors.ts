/**
 * kubectl's checkErr on a utilerrors.Aggregate (the verbs that visit objects and carry on past a
 * failure: apply, delete, patch, rollout undo/pause/resume/restart): one error is printed as it would be alone;
 * several are printed one a line, an API error as `Error from server (Reason): message` and any
 * other error as its bare message, without the `error: ` prefix a lone error gets.
 */
import { ApiError, CliError, RawError, renderApiError } from '../errors.js';
import type { Context } from './framework.js';

function aggregateLine(err: unknown): string {
  if (err instanceof ApiError) return err.reason === 'Invalid' ? `Error from server (Invalid): ${err.message}` : renderApiError(err);
  // A message kubectl prints alone with `error: ` (a document no kind matches) is bare here too.
  if (err instanceof RawError) return err.text.replace(/^error: /, '').replace(/\n+$/, '');
  if (err instanceof CliError || err instanceof Error) return err.message.replace(/\n+$/, '');
  return String(err);
}

/** Reports `errors` (in the order the objects were visited) as kubectl reports their aggregate; nothing when empty. */
export function failAggregate(ctx: Context, errors: unknown[]): void {
  if (errors.length === 0) return;
  if (errors.length === 1) return ctx.fail(errors[0]);
  ctx.fail(new RawError(errors.map(aggregateLine).join('\n') + '\n'));
}
