/**
 * A command run as someone else (`--as`, `--as-group`, a service account's `--token`): the API it is given checks each request it
 * makes (a get, a list, a create, a patch, a delete) against RBAC for that user before doing it, as
 * the API server authorizes every request. What the API server does inside a request (the lookups
 * of an update, the controllers' work) is not a request and is not checked: the calls the verb's
 * code makes go through the checks, the calls ApiServer makes on itself do not.
 */
import { ApiError, ClientRefusal } from '../errors.js';
import { requireAccess, type UserInfo } from './rbac.js';
import { beforeEachRequest } from './requests.js';
import type { ApiServer, WriteOptions } from './server.js';

/**
 * `api` for `user`: each request checked by RBAC (403 Forbidden in the API server's words), the rest
 * as it is. `asSystem()` on it gives the unchecked API, for what a real client reads elsewhere
 * (the printer columns a server-side table carries).
 */
export function actingAs(api: ApiServer, user: UserInfo): ApiServer {
  return beforeEachRequest(api, (request, method, args) => {
    requireAccess(api, user, request);
    // A create says who asks (a self review answers for them).
    if (method === 'create') args[1] = { ...(args[1] as WriteOptions | undefined), user };
  });
}

/** A request refused: by the API server as Forbidden (the requester may not make it), or by the client before it was sent. */
export type Refusal = ApiError | ClientRefusal;

export function isRefusal(x: unknown): x is Refusal {
  return x instanceof ApiError || x instanceof ClientRefusal;
}

/** What `read` returns, or the refusal it met (see Refusal): the verbs that go on past one. */
export function unlessRefused<T>(read: () => T): T | Refusal {
  try {
    return read();
  } catch (e) {
    if ((e instanceof ApiError && e.reason === 'Forbidden') || e instanceof ClientRefusal) return e;
    throw e;
  }
}
