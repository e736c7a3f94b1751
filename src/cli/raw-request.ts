/**
 * kubectl's `--raw`: one request to an API path (`get --raw` GETs it, `create --raw` POSTs a file to
 * it, `replace --raw` PUTs, `delete --raw` DELETEs), answered by the same API `serve` exposes, the
 * response body printed as the server sent it and a failure reported as kubectl reports the Status.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiError, CliError } from '../errors.js';
import { errnoText } from '../util/errno.js';
import type { Context } from './framework.js';

/** Go's url.ParseRequestURI, as kubectl checks --raw: an absolute path (or an absolute URL). */
export function checkRawUri(raw: string): void {
  if (raw.startsWith(':')) throw new CliError(`--raw must be a valid URL path: parse "${raw}": missing protocol scheme`);
  if (!raw.startsWith('/') && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(raw)) throw new CliError(`--raw must be a valid URL path: parse "${raw}": invalid URI for request`);
}

/** The body a --raw write sends: the one file named (`-`: stdin), or nothing. */
export async function rawBody(ctx: Context, file: string | undefined): Promise<Buffer> {
  if (file === undefined) return Buffer.alloc(0);
  if (file === '-') return ctx.io.readStdin();
  try {
    return readFileSync(resolve(ctx.cwd, file));
  } catch (e) {
    throw new CliError(`open ${file}: ${errnoText(e)}`);
  }
}

export async function rawRequest(ctx: Context, method: 'GET' | 'POST' | 'PUT' | 'DELETE', raw: string, body: Buffer = Buffer.alloc(0)): Promise<void> {
  const url = new URL(raw, 'http://server');
  const session = ctx.session();
  const { KubeApi, replyText } = await import('../serve/api.js');
  const api = new KubeApi({ read: (fn) => session.read(fn), write: (fn) => session.write(fn), snapshot: (fn) => session.store.read(fn) }, { realNow: () => ctx.realNow() });
  const headers: Record<string, string> = { accept: 'application/json, */*', 'user-agent': 'kubectl/v1.32.0', 'content-type': 'application/json' };
  const distinct = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
  // As whom the request is made (--as, a token's user): paths outside the API are authorized too.
  const user = session.actingUser();
  // Go's client follows redirects (a proxy path without its slash is one), a 301-303 as a GET.
  let reply = api.answer({ method, url: `${url.pathname}${url.search}`, headers, headersDistinct: distinct }, user, body);
  for (let hops = 0; hops < 10 && reply.code >= 301 && reply.code <= 308 && reply.headers?.Location; hops++) {
    const next = new URL(reply.headers.Location, url);
    const again = reply.code <= 303 ? 'GET' : method;
    reply = api.answer({ method: again, url: `${next.pathname}${next.search}`, headers, headersDistinct: distinct }, user, again === method ? body : Buffer.alloc(0));
  }
  const text = replyText(reply);
  if (reply.code >= 400) throw statusError(reply.code, Buffer.from(text), reply.headers?.['Content-Type'] ?? 'application/json');
  ctx.io.out.write(Buffer.isBuffer(text) ? text.toString('utf8') : text);
}

/**
 * A failed request as kubectl reports it: the Status the server sent, else (a proxied server's own
 * answer) client-go's generic error for the status code, with the body's text where it is text/plain.
 */
function statusError(code: number, body: Buffer, contentType: string): Error {
  try {
    const s = JSON.parse(body.toString('utf8')) as { kind?: string; reason?: string; message?: string; details?: Record<string, unknown> };
    if (s && s.kind === 'Status') return new ApiError(s.reason ?? '', code, s.message ?? '', (s.details ?? {}) as never);
  } catch {
    /* not a Status */
  }
  const text = contentType.split(';')[0]!.trim() === 'text/plain' ? body.toString('utf8').trim() : 'unknown';
  const [reason, message] = genericResponse(code, text);
  return new ApiError(reason, code, message);
}

/** client-go's NewGenericServerResponse: a reason and message for a status code without a Status. */
export function genericResponse(code: number, serverMessage: string): [reason: string, message: string] {
  const known: Record<number, [string, string]> = {
    400: ['BadRequest', 'the server rejected our request for an unknown reason'],
    401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
    403: ['Forbidden', serverMessage],
    404: ['NotFound', 'the server could not find the requested resource'],
    405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
    406: ['NotAcceptable', serverMessage === '' || serverMessage === 'unknown' ? 'the server was unable to respond with a content type that the client supports' : serverMessage],
    409: ['Conflict', 'the server reported a conflict'],
    415: ['UnsupportedMediaType', serverMessage],
    422: ['Invalid', 'the server rejected our request due to an error in our request'],
    429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
    503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
    504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
  };
  if (known[code]) return known[code]!;
  if (code >= 500) return ['InternalError', `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`];
  return ['', `the server responded with the status code ${code} but did not return more information`];
}
