/**
 * The apiextensions CRD finalizer: a CustomResourceDefinition being deleted (it carries the
 * `customresourcecleanup.apiextensions.k8s.io` finalizer the API server added on delete) has its
 * custom resources deleted, namespace by namespace as a delete-collection does; while some remain
 * (their own finalizers hold them) it stays with its Terminating condition
 * (InstanceDeletionInProgress); once none is left the condition says InstanceDeletionCompleted,
 * the finalizer goes, and so does the CRD.
 */
import { typeFromCRD } from '../api/crd.js';
import { CRD_CLEANUP_FINALIZER, withCondition } from '../api/crd/definition.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import type { Controller } from './types.js';

export const crdFinalizer: Controller = {
  name: 'crd-finalizer',
  reconcile(api: ApiServer): void {
    const crdType = api.registry.forKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition')!;
    for (const crd of api.list(crdType)) {
      if (crd.metadata.deletionTimestamp && crd.metadata.finalizers?.includes(CRD_CLEANUP_FINALIZER)) finalize(api, crd);
    }
  },
};

function finalize(api: ApiServer, crd: KubeObject): void {
  const type = typeFromCRD(crd);
  const now = api.now();
  const copy = deepClone(crd);
  if (type) {
    for (const obj of api.list(type)) {
      if (!obj.metadata.deletionTimestamp) api.delete(type, obj.metadata.namespace, obj.metadata.name!, { propagationPolicy: 'Background' });
    }
    if (api.list(type).length > 0) {
      copy.status = withCondition(copy.status, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' }, now);
      api.put(copy);
      return;
    }
  }
  copy.status = withCondition(copy.status, { type: 'Terminating', status: 'False', reason: 'InstanceDeletionCompleted', message: 'removed all instances' }, now);
  copy.metadata.finalizers = copy.metadata.finalizers!.filter((f) => f !== CRD_CLEANUP_FINALIZER);
  if (copy.metadata.finalizers.length === 0) delete copy.metadata.finalizers;
  api.update(copy, { trusted: true });
}
