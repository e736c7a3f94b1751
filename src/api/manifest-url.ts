/**
 * `-f https://...`: the manifest read over HTTP as kubectl's builder reads it (its URLVisitor): a
 * GET, followed through redirects, tried three times a second apart while the request fails or the
 * server answers 5xx; any other status but 200 is the document's error. Loaded only for a URL.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, StandardMessageError } from '../errors.js';
import { goQuote } from '../printers/go-values.js';

const ATTEMPTS = 3;
const RETRY_MS = 1000;

/** kubectl's words for a request that never got an answer (its StandardErrorMessage of a *url.Error). */
function connectionError(url: URL, err: unknown): CliError {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ECONNREFUSED') return new StandardMessageError(`The connection to the server ${url.host} was refused - did you specify the right host or port?`);
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return new StandardMessageError(`Unable to connect to the server: dial tcp: lookup ${url.hostname}: no such host`);
  return new StandardMessageError(`Unable to connect to the server: ${e.message}`);
}

interface Answer {
  status: number;
  /** The reason phrase the server sent. */
  reason: string;
  body: Buffer;
  location?: string;
}

/** One GET, as Go's http.Get makes it (no port is refused, as fetch() refuses some). */
function get(url: URL): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '', body: Buffer.concat(chunks), location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A GET followed through up to 10 redirects, as Go's client follows them. */
async function getFollowing(start: URL): Promise<Answer> {
  let url = start;
  for (let hops = 0; ; hops++) {
    const answer = await get(url);
    if (!REDIRECTS.has(answer.status) || !answer.location) return answer;
    if (hops === 10) throw new StandardMessageError(`Unable to connect to the server: stopped after 10 redirects`);
    url = new URL(answer.location, url);
  }
}

/** The body at `name`, or the error kubectl gives in the document's place. */
export async function fetchManifest(name: string): Promise<{ text: string } | { error: CliError }> {
  const url = new URL(name);
  let error: CliError | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await sleep(RETRY_MS);
    let answer: Answer;
    try {
      answer = await getFollowing(url);
    } catch (e) {
      error = e instanceof CliError ? e : connectionError(url, e);
      continue;
    }
    if (answer.status === 200) return { text: answer.body.toString('utf8') };
    // Go's resp.Status: the code and the server's reason phrase, if it sent one.
    const status = answer.reason ? `${answer.status} ${answer.reason}` : String(answer.status);
    error = new CliError(`unable to read URL ${goQuote(name)}, server reported ${status}, status code=${answer.status}`);
    if (answer.status < 500 || answer.status >= 600) break;
  }
  return { error: error! };
}
