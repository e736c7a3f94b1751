/**
 * client-go's check of a name and a namespace before they go into a request's path (Request.Name and
 * Request.Namespace, with apimachinery's IsValidPathSegmentName): kubectl refuses such a name itself, the
 * server never hears of it.
 */
import { ClientRefusal, CliError } from '../errors.js';
import { goQuote } from '../printers/go-values.js';
import { beforeEachRequest } from './requests.js';
import type { ApiServer } from './server.js';

/** `invalid <what> "a%b": [may not contain '%']` for a path segment no request path can hold; undefined for another. */
function pathSegmentError(what: string, segment: string): ClientRefusal | undefined {
  const problems = segment === '.' || segment === '..' ? [`may not be '${segment}'`] : ['/', '%'].filter((c) => segment.includes(c)).map((c) => `may not contain '${c}'`);
  return problems.length ? new ClientRefusal(`invalid ${what} ${goQuote(segment)}: [${problems.join(' ')}]`) : undefined;
}

/** kubectl's `invalid resource name "a%b": [may not contain '%']` for a name no request path can hold; undefined for another. */
export function requestNameError(name: string): CliError | undefined {
  return pathSegmentError('resource name', name);
}

/**
 * `api` refusing, as client-go does before it sends one, each request in a namespace no path can hold
 * (`invalid namespace "a%b": [may not contain '%']`, a plain error, not the server's): `-n a%b`, a context's
 * namespace, a manifest's.
 */
export function checkingNamespaces(api: ApiServer): ApiServer {
  return beforeEachRequest(api, ({ namespace }) => {
    const error = namespace ? pathSegmentError('namespace', namespace) : undefined;
    if (error) throw error;
  });
}

/** Throws requestNameError's refusal, if the name has one. */
export function checkRequestName(name: string): void {
  const error = requestNameError(name);
  if (error) throw error;
}
