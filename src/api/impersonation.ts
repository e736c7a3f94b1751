/**
 * A command run as someone else (`--as`, `--as-group`, a service account's `--token`): the API it is given checks each request it
 * makes (a get, a list, a create, a patch, a delete) against RBAC for that user before doing it, as
 * the API server authorizes every request. What the API server does inside a request (the lookups
 * of an update, the controllers' work) is not a request and is not checked: the calls the verb's
 * code makes go through the checks, the calls ApiServer makes on itself do not.
 */
import { ApiError } from '../errors.js';
import type { ResourceType } from './registry.js';
import { requireAccess, type AccessAttributes, type UserInfo } from './rbac.js';
import type { ApiServer, WriteOptions } from './server.js';
import type { KubeObject } from './types.js';

const of = (type: ResourceType, verb: string, namespace: string | undefined, name = '', subresource = ''): AccessAttributes => ({
  verb,
  namespace: type.namespaced ? (namespace ?? '') : '',
  group: type.group,
  resource: type.plural,
  subresource,
  name,
});

/** What each checked method of ApiServer asks, from its arguments. */
const REQUESTS: Partial<Record<keyof ApiServer, (api: ApiServer, args: any[]) => AccessAttributes>> = {
  get: (_api, [type, namespace, name]) => of(type, 'get', namespace, name),
  tryGet: (_api, [type, namespace, name]) => of(type, 'get', namespace, name),
  list: (_api, [type, namespace]) => of(type, 'list', namespace),
  listSummaries: (_api, [type, namespace]) => of(type, 'list', namespace),
  scan: (_api, [type, namespace]) => of(type, 'list', namespace),
  scanKeys: (_api, [type, , , namespace]) => of(type, 'list', namespace),
  create: (api, [input]) => {
    const obj = input as KubeObject;
    return of(api.typeOf(obj), 'create', obj.metadata?.namespace || 'default');
  },
  update: (api, [input, opts]) => {
    const obj = input as KubeObject;
    const o = (opts ?? {}) as WriteOptions;
    return of(api.typeOf(obj), o.requestVerb ?? 'patch', obj.metadata?.namespace || 'default', obj.metadata?.name ?? '', o.subresource ?? '');
  },
  delete: (_api, [type, namespace, name]) => of(type, 'delete', namespace, name),
  request: (_api, [verb, type, namespace, name, subresource]) => of(type, verb, namespace, name, subresource),
  eventsInvolving: (api, [, , namespace]) => of(api.registry.forKind('v1', 'Event')!, 'list', namespace),
};

/**
 * `api` for `user`: each request checked by RBAC (403 Forbidden in the API server's words), the rest
 * as it is. `asSystem()` on it gives the unchecked API, for what a real client reads elsewhere
 * (the printer columns a server-side table carries).
 */
export function actingAs(api: ApiServer, user: UserInfo): ApiServer {
  const checked = new Map<PropertyKey, unknown>();
  return new Proxy(api, {
    get(target, prop) {
      if (prop === 'asSystem') return () => target;
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      let fn = checked.get(prop);
      if (!fn) {
        const request = REQUESTS[prop as keyof ApiServer];
        const method = value as (...args: unknown[]) => unknown;
        fn = request
          ? (...args: unknown[]) => {
              requireAccess(target, user, request(target, args));
              // A create says who asks (a self review answers for them).
              if (prop === 'create') args[1] = { ...(args[1] as WriteOptions | undefined), user };
              return method.apply(target, args);
            }
          : method.bind(target);
        checked.set(prop, fn);
      }
      return fn;
    },
  });
}

/** What `read` returns, or the Forbidden it met (a request the requester may not make): the verbs that go on past one. */
export function unlessForbidden<T>(read: () => T): T | ApiError {
  try {
    return read();
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'Forbidden') return e;
    throw e;
  }
}
