/**
 * The table handlers by group/Kind (printers.go AddHandlers), and the server-side Table
 * built from them. Kinds without a handler get the server's default NAME / CREATED AT
 * table; custom resources get their CRD's printer columns (custom.ts).
 */
import type { ResourceType } from '../../api/registry.js';
import type { KubeObject } from '../../api/types.js';
import type { Table, TableHandler } from '../types.js';
import * as c from './cluster.js';
import { NAME, col, nameOf } from './common.js';
import { customResourceHandler, printerColumnsOf } from './custom.js';
import * as core from './core.js';
import { nodeMetricsHandler, podMetricsHandler } from './metrics.js';
import { podHandler, podTemplateHandler } from './pods.js';
import * as w from './workloads.js';

const HANDLERS: Record<string, TableHandler> = {
  '/Pod': podHandler,
  '/PodTemplate': podTemplateHandler,
  '/Service': core.serviceHandler,
  '/Node': core.nodeHandler,
  '/Namespace': core.namespaceHandler,
  '/Endpoints': core.endpointsHandler,
  '/ConfigMap': core.configMapHandler,
  '/Secret': core.secretHandler,
  '/ServiceAccount': core.serviceAccountHandler,
  '/Event': core.eventHandler,
  'events.k8s.io/Event': core.eventHandler,
  '/PersistentVolumeClaim': core.persistentVolumeClaimHandler,
  '/PersistentVolume': core.persistentVolumeHandler,
  '/ResourceQuota': core.resourceQuotaHandler,
  '/ComponentStatus': core.componentStatusHandler,
  '/ReplicationController': w.replicationControllerHandler,
  'apps/Deployment': w.deploymentHandler,
  'apps/ReplicaSet': w.replicaSetHandler,
  'apps/StatefulSet': w.statefulSetHandler,
  'apps/DaemonSet': w.daemonSetHandler,
  'apps/ControllerRevision': w.controllerRevisionHandler,
  'batch/Job': w.jobHandler,
  'batch/CronJob': w.cronJobHandler,
  'autoscaling/HorizontalPodAutoscaler': w.hpaHandler,
  'policy/PodDisruptionBudget': w.podDisruptionBudgetHandler,
  'networking.k8s.io/Ingress': c.ingressHandler,
  'networking.k8s.io/IngressClass': c.ingressClassHandler,
  'networking.k8s.io/NetworkPolicy': c.networkPolicyHandler,
  'discovery.k8s.io/EndpointSlice': c.endpointSliceHandler,
  'storage.k8s.io/StorageClass': c.storageClassHandler,
  'storage.k8s.io/VolumeAttachment': c.volumeAttachmentHandler,
  'storage.k8s.io/CSIDriver': c.csiDriverHandler,
  'storage.k8s.io/CSINode': c.csiNodeHandler,
  'storage.k8s.io/CSIStorageCapacity': c.csiStorageCapacityHandler,
  'scheduling.k8s.io/PriorityClass': c.priorityClassHandler,
  'coordination.k8s.io/Lease': c.leaseHandler,
  'rbac.authorization.k8s.io/RoleBinding': c.roleBindingHandler,
  'rbac.authorization.k8s.io/ClusterRoleBinding': c.roleBindingHandler,
  'certificates.k8s.io/CertificateSigningRequest': c.certificateSigningRequestHandler,
  'node.k8s.io/RuntimeClass': c.runtimeClassHandler,
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': c.webhookConfigurationHandler,
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': c.webhookConfigurationHandler,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': c.validatingAdmissionPolicyHandler,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': c.validatingAdmissionPolicyBindingHandler,
  'flowcontrol.apiserver.k8s.io/FlowSchema': c.flowSchemaHandler,
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration': c.priorityLevelHandler,
  'apiregistration.k8s.io/APIService': c.apiServiceHandler,
  'metrics.k8s.io/PodMetrics': podMetricsHandler,
  'metrics.k8s.io/NodeMetrics': nodeMetricsHandler,
};

/** The API server's default table convertor (roles, limit ranges, CRDs, ...). */
export const defaultHandler: TableHandler = {
  columns: [NAME, col('Created At', 'CreationTimestamp is a timestamp representing the server time when this object was created.', 'date')],
  row: (obj) => [nameOf(obj), obj.metadata?.creationTimestamp ?? ''],
};

/** `crd`: the CustomResourceDefinition behind a custom type, for the printer columns of `version` (default: the storage version). */
export function handlerFor(type: ResourceType, crd?: KubeObject, version?: string): TableHandler {
  if (type.custom) return customResourceHandler(printerColumnsOf(crd, version ?? type.version));
  return HANDLERS[`${type.group}/${type.kind}`] ?? defaultHandler;
}

/** The meta.k8s.io/v1 Table the API server returns for these objects. */
export function buildTable(type: ResourceType, objects: KubeObject[], now: Date, crd?: KubeObject, version?: string): Table {
  return tableOf(handlerFor(type, crd, version), objects, now);
}

/** The Table of autoscaling/v1 Scale objects (what a scale subresource answers, for any scalable type). */
export function buildScaleTable(objects: KubeObject[], now: Date): Table {
  return tableOf(w.scaleHandler, objects, now);
}

function tableOf(handler: TableHandler, objects: KubeObject[], now: Date): Table {
  return {
    columnDefinitions: handler.columns,
    rows: objects.map((object) => ({ cells: handler.row(object, now), object })),
  };
}
