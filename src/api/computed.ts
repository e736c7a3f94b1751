/**
 * The resources the API server computes when they are read and never stores: metrics-server's
 * PodMetrics and NodeMetrics, and the deprecated ComponentStatus. They serve get and list only;
 * every verb that reads objects reads these through here (the store has none of them).
 */
import type { ResourceType } from './registry.js';
import type { KubeObject } from './types.js';
import type { ApiServer } from './server.js';
import { getMetrics, listMetrics, METRICS_GROUP } from './metrics-api.js';
import { getComponentStatus, listComponentStatuses } from './component-statuses.js';

const isComponentStatus = (t: ResourceType): boolean => t.group === '' && t.plural === 'componentstatuses';

export function isComputedType(t: ResourceType): boolean {
  return t.group === METRICS_GROUP || isComponentStatus(t);
}

/** Reads of a type: computed for these, from the store for everything else. */
export function listObjects(api: ApiServer, type: ResourceType, namespace?: string): KubeObject[] {
  if (isComponentStatus(type)) {
    api.request('list', type);
    api.hooks.warn?.(deprecationWarning(type)!);
    return listComponentStatuses();
  }
  return type.group === METRICS_GROUP ? listMetrics(api, type, namespace) : api.list(type, namespace);
}

export function getObject(api: ApiServer, type: ResourceType, namespace: string | undefined, name: string): KubeObject {
  if (isComponentStatus(type)) {
    api.request('get', type, undefined, name);
    api.hooks.warn?.(deprecationWarning(type)!);
    return getComponentStatus(name);
  }
  return type.group === METRICS_GROUP ? getMetrics(api, type, namespace, name) : api.get(type, namespace, name);
}

/** The API server's deprecation warning for requests to a type, where it has one. */
export function deprecationWarning(t: ResourceType): string | undefined {
  return isComponentStatus(t) ? 'v1 ComponentStatus is deprecated in v1.19+' : undefined;
}
