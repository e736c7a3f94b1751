/**
 * The request each of ApiServer's request methods stands for (a get, a list, a create, a patch, a delete of
 * what, where): what RBAC authorizes and what a client puts in the request's path.
 */
import type { ResourceType } from './registry.js';
import type { AccessAttributes } from './rbac.js';
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

/** What each request method of ApiServer asks, from its arguments. */
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
 * `api` with `check` run before each of its request methods, given the request's attributes (it throws to
 * refuse); its other members as they are. `asSystem()` on it gives `api.asSystem()`, unchecked.
 */
export function beforeEachRequest(api: ApiServer, check: (request: AccessAttributes, method: keyof ApiServer, args: unknown[]) => void): ApiServer {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(api, {
    get(target, prop) {
      if (prop === 'asSystem') return () => target.asSystem();
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      let fn = wrapped.get(prop);
      if (!fn) {
        const request = REQUESTS[prop as keyof ApiServer];
        const method = value as (...args: unknown[]) => unknown;
        fn = request
          ? (...args: unknown[]) => {
              check(request(target, args), prop as keyof ApiServer, args);
              return method.apply(target, args);
            }
          : method.bind(target);
        wrapped.set(prop, fn);
      }
      return fn;
    },
  });
}
