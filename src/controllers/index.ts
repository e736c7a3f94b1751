import { endpointsController } from './endpoints.js';
import { endpointSliceController } from './endpointslice.js';
import { kubelet } from './kubelet.js';
import { nodeLifecycle } from './node-lifecycle.js';
import { resourceQuotaController } from './resourcequota.js';
import { scheduler } from './scheduler.js';
import { serviceLoadBalancerController } from './service-lb.js';
import { serviceAccountController } from './serviceaccount.js';
import { storageController } from './storage.js';
import type { Controller } from './types.js';

/** Every controller, in the order one pass of the reconcile loop runs them. */
export const CONTROLLERS: Controller[] = [
  serviceAccountController,
  // Nodes and pods: node state first, then placement, then what runs.
  nodeLifecycle,
  scheduler,
  storageController,
  kubelet,
  serviceLoadBalancerController,
  endpointsController,
  endpointSliceController,
  resourceQuotaController,
];
