import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';

/** The API server's admission plugins (ServiceAccount, LimitRanger, ResourceQuota, Priority, ...). Placeholder. */
export function admit(_api: ApiServer, _obj: KubeObject, _type: ResourceType, _op: 'create' | 'update', _old?: KubeObject): void {}
