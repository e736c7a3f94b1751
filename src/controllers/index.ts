import { clusterRoleAggregationController } from './clusterrole-aggregation.js';
import { crdFinalizer } from './crd-finalizer.js';
import { cronJobController } from './cronjob.js';
import { csrSigningController } from './csr-signing.js';
import { daemonSetController } from './daemonset.js';
import { deploymentController } from './deployment.js';
import { disruptionController } from './disruption.js';
import { endpointsController } from './endpoints.js';
import { endpointSliceController } from './endpointslice.js';
import { eventTtlController } from './event-ttl.js';
import { ingressController } from './ingress.js';
import { garbageCollector } from './garbage-collector.js';
import { hpaController } from './hpa.js';
import { jobController } from './job.js';
import { kubelet } from './kubelet.js';
import { namespaceController } from './namespace.js';
import { nodeLeaseController } from './node-lease.js';
import { nodeLifecycle } from './node-lifecycle.js';
import { replicaSetController } from './replicaset.js';
import { replicationControllerController } from './replicationcontroller.js';
import { resourceQuotaController } from './resourcequota.js';
import { scheduler } from './scheduler.js';
import { serviceLoadBalancerController } from './service-lb.js';
import { serviceAccountController } from './serviceaccount.js';
import { statefulSetController } from './statefulset.js';
import { storageController } from './storage.js';
import type { Controller } from './types.js';

/** Every controller, in the order one pass of the reconcile loop runs them. */
export const CONTROLLERS: Controller[] = [
  // A namespace's default ServiceAccount first: pod admission needs it.
  serviceAccountController,
  // Autoscaling sets the size of workloads, so it comes before them.
  hpaController,
  // Workloads: owners before what they own, so one pass carries a change down.
  cronJobController,
  deploymentController,
  replicaSetController,
  replicationControllerController,
  statefulSetController,
  daemonSetController,
  jobController,
  // Nodes and pods: node state first, then placement, then what runs.
  nodeLifecycle,
  nodeLeaseController,
  scheduler,
  storageController,
  kubelet,
  serviceLoadBalancerController,
  endpointsController,
  endpointSliceController,
  ingressController,
  // Budgets count the pods the kubelet has made Ready.
  disruptionController,
  clusterRoleAggregationController,
  csrSigningController,
  resourceQuotaController,
  // Deletion.
  eventTtlController,
  garbageCollector,
  namespaceController,
  crdFinalizer,
];
