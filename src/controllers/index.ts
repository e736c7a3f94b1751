import { cronJobController } from './cronjob.js';
import { daemonSetController } from './daemonset.js';
import { deploymentController } from './deployment.js';
import { garbageCollector } from './garbage-collector.js';
import { jobController } from './job.js';
import { namespaceController } from './namespace.js';
import { replicaSetController } from './replicaset.js';
import { replicationControllerController } from './replicationcontroller.js';
import { statefulSetController } from './statefulset.js';
import type { Controller } from './types.js';

/** Every controller, in the order one pass of the reconcile loop runs them. */
export const CONTROLLERS: Controller[] = [
  // Workloads: owners before what they own, so one pass carries a change down.
  cronJobController,
  deploymentController,
  replicaSetController,
  replicationControllerController,
  statefulSetController,
  daemonSetController,
  jobController,
  // Deletion.
  garbageCollector,
  namespaceController,
];
