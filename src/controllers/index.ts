import { endpointsController } from './endpoints.js';
import { endpointSliceController } from './endpointslice.js';
import { resourceQuotaController } from './resourcequota.js';
import { serviceLoadBalancerController } from './service-lb.js';
import { serviceAccountController } from './serviceaccount.js';
import { storageController } from './storage.js';
import type { Controller } from './types.js';

/** Every controller, in the order one pass of the reconcile loop runs them. */
export const CONTROLLERS: Controller[] = [
  serviceAccountController,
  storageController,
  serviceLoadBalancerController,
  endpointsController,
  endpointSliceController,
  resourceQuotaController,
];
