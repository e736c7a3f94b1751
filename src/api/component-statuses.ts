/**
 * The deprecated ComponentStatus API (`kubectl get cs`, still in many tutorials): the API server
 * answers it by probing the scheduler's and the controller manager's health endpoints and etcd,
 * and stores nothing. In the simulation the control plane is always up (it is the store itself),
 * so each component is Healthy with the message the v1.32 probes give, `ok`.
 */
import { ApiError } from '../errors.js';
import type { KubeObject } from './types.js';

/** The components a kubeadm (kind) control plane reports, in the order this list answers them. */
const COMPONENTS = ['controller-manager', 'scheduler', 'etcd-0'];

/** A served ComponentStatus has no creation time: its zero value is encoded as null. */
function componentStatus(name: string): KubeObject {
  return {
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    metadata: { name, creationTimestamp: null },
    conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }],
  } as unknown as KubeObject;
}

export function listComponentStatuses(): KubeObject[] {
  return COMPONENTS.map(componentStatus);
}

/** One by name; an unknown name is the REST handler's plain error, which the API server answers with a 500 and no reason. */
export function getComponentStatus(name: string): KubeObject {
  if (!COMPONENTS.includes(name)) throw new ApiError('', 500, `Component not found: ${name}`);
  return componentStatus(name);
}
