import type { ResourceType } from '../api/registry.js';
import type { ApiServer, DeleteOptions } from '../api/server.js';
import type { KubeObject } from '../api/types.js';

/** Whether a delete waits for a kubelet (graceful pod termination) or removes at once. Placeholder. */
export function deletionMode(_api: ApiServer, _obj: KubeObject, _type: ResourceType, _opts: DeleteOptions): 'graceful' | 'immediate' {
  return 'immediate';
}
