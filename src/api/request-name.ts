/**
 * client-go's check of a name and a namespace before they go into a request's path (Request.Name and
 * Request.Namespace, with apimachinery's IsValidPathSegmentName): kubectl refuses such a name itself, the
 * server never hears of it.
 */
import { ClientRefusal } from '../errors.js';
import { goQuote } from '../printers/go-values.js';
import { beforeEachRequest } from './requests.js';
import type { ResourceType } from './registry.js';
import type { ApiServer } from './server.js';

/** `invalid <what> "a%b": [may not contain '%']` for a path segment no request path can hold; undefined for another. */
function pathSegmentError(what: string, segment: string): ClientRefusal | undefined {
  const problems = segment === '.' || segment === '..' ? [`may not be '${segment}'`] : ['/', '%'].filter((c) => segment.includes(c)).map((c) => `may not contain '${c}'`);
  return problems.length ? new ClientRefusal(`invalid ${what} ${goQuote(segment)}: [${problems.join(' ')}]`) : undefined;
}

/**
 * client-go's refusal of a request for `name` of `type` in `namespace` that no path can hold, or undefined:
 * the namespace first (a namespaced type's; client-go sets it before the name, and the first error stands),
 * then the name: `invalid namespace "a%b": ...`, `invalid resource name "a%b": [may not contain '%']`.
 */
export function requestPathError(type: ResourceType, namespace: string | undefined, name: string): ClientRefusal | undefined {
  return (type.namespaced && namespace ? pathSegmentError('namespace', namespace) : undefined) ?? pathSegmentError('resource name', name);
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

/** Throws requestPathError's refusal, if the request has one. */
export function checkRequestPath(type: ResourceType, namespace: string | undefined, name: string): void {
  const error = requestPathError(type, namespace, name);
  if (error) throw error;
}
