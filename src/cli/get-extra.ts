/**
 * get's less common flags, loaded only when given: `--raw PATH` (a GET of an API path, answered
 * by the same HTTP API `serve` exposes, printed as the server sends it) and `--server-print=false`
 * (kubectl's client-side table: NAME and AGE only).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../api/types.js';
import { ApiError, CliError } from '../errors.js';
import { AGE, ageOf, NAME, nameOf } from '../printers/table/common.js';
import type { Table } from '../printers/types.js';
import type { Context, FlagValues } from './framework.js';

/** What kubectl prints without server-side printing: the name and age of each object. */
export function clientSideTable(objects: KubeObject[], now: Date): Table {
  return { columnDefinitions: [NAME, AGE], rows: objects.map((object) => ({ cells: [nameOf(object), ageOf(object, now)], object })) };
}

/** Go's url.ParseRequestURI, as kubectl checks --raw: an absolute path (or an absolute URL). */
function validRequestUri(raw: string): boolean {
  return raw.startsWith('/') || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(raw);
}

export async function getRaw(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const raw = String(flags.raw);
  if (args.length) throw new CliError('arguments may not be passed when --raw is specified');
  if (flags.output) throw new CliError('--raw and --output are mutually exclusive');
  if (!validRequestUri(raw)) throw new CliError(`--raw must be a valid URL path: parse "${raw}": invalid URI for request`);
  const url = new URL(raw, 'http://server');
  for (const stream of ['watch', 'follow']) {
    if (/^(1|t|true)$/i.test(url.searchParams.get(stream) ?? '')) {
      throw new CliError(`--raw with ${stream}=true is not supported by kubectl-lite: use ${stream === 'watch' ? 'get --watch' : 'logs --follow'}`);
    }
  }
  const session = ctx.session();
  const { KubeApi } = await import('../serve/api.js');
  const api = new KubeApi({ read: (fn) => session.read(fn), write: (fn) => session.write(fn), snapshot: (fn) => session.store.read(fn) }, { realNow: () => ctx.realNow() });
  const reply = await new Promise<{ code: number; body: Buffer }>((resolve) => {
    let code = 200;
    const chunks: Buffer[] = [];
    const res = {
      writeHead(c: number) {
        code = c;
        return res;
      },
      setHeader() {},
      flushHeaders() {},
      write(chunk: string | Buffer) {
        chunks.push(Buffer.from(chunk));
        return true;
      },
      end(chunk?: string | Buffer) {
        if (chunk !== undefined) chunks.push(Buffer.from(chunk));
        resolve({ code, body: Buffer.concat(chunks) });
      },
      on() {
        return res;
      },
    };
    const req = { url: `${url.pathname}${url.search}`, method: 'GET', headers: { accept: 'application/json', 'user-agent': 'kubectl/v1.32.0' } };
    void api.handle(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  });
  if (reply.code >= 400) throw statusError(reply.code, reply.body);
  ctx.io.out.write(reply.body.toString('utf8'));
}

/** A failed request as kubectl reports it: the Status the server sent. */
function statusError(code: number, body: Buffer): Error {
  try {
    const s = JSON.parse(body.toString('utf8')) as { reason?: string; message?: string; details?: Record<string, unknown> };
    return new ApiError(s.reason ?? 'Unknown', code, s.message ?? '', (s.details ?? {}) as never);
  } catch {
    return new CliError(`the server responded with the status code ${code} but did not return more information`);
  }
}
