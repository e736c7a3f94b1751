/**
 * get's less common flags, loaded only when given: `--raw PATH` (a GET of an API path, answered
 * by the same HTTP API `serve` exposes, printed as the server sends it) and `--server-print=false`
 * (kubectl's client-side table: NAME and AGE only).
 */
import type { KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';
import { AGE, ageOf, NAME, nameOf } from '../printers/table/common.js';
import type { Table } from '../printers/types.js';
import type { Context, FlagValues } from './framework.js';
import { checkRawUri, rawRequest } from './raw-request.js';

/** What kubectl prints without server-side printing: the name and age of each object. */
export function clientSideTable(objects: KubeObject[], now: Date): Table {
  return { columnDefinitions: [NAME, AGE], rows: objects.map((object) => ({ cells: [nameOf(object), ageOf(object, now)], object })) };
}

export async function getRaw(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const raw = String(flags.raw);
  if (args.length) throw new CliError('arguments may not be passed when --raw is specified');
  if (flags.output) throw new CliError('--raw and --output are mutually exclusive');
  checkRawUri(raw);
  const url = new URL(raw, 'http://server');
  for (const stream of ['watch', 'follow']) {
    if (/^(1|t|true)$/i.test(url.searchParams.get(stream) ?? '')) {
      throw new CliError(`--raw with ${stream}=true is not supported by kubectl-lite: use ${stream === 'watch' ? 'get --watch' : 'logs --follow'}`);
    }
  }
  await rawRequest(ctx, 'GET', raw);
}
