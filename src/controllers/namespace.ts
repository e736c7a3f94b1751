/**
 * Namespace controller: a namespace being deleted (phase Terminating) has all its
 * content deleted; once nothing is left its `kubernetes` finalizer is done and it goes.
 */
import { sharesStorage } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import type { Condition } from './pod-template.js';
import type { Controller } from './types.js';

export const namespaceController: Controller = {
  name: 'namespace',
  reconcile(api: ApiServer): void {
    const nsType = api.registry.forKind('v1', 'Namespace')!;
    const terminating = api.list(nsType).filter((ns) => ns.metadata.deletionTimestamp);
    if (terminating.length === 0) return;
    const namespaced = api.registry.types.filter((t) => t.namespaced && !sharesStorage(t));
    for (const ns of terminating) {
      const name = ns.metadata.name!;
      let remaining = 0;
      for (const type of namespaced) {
        for (const obj of api.list(type, name)) {
          remaining++;
          if (!obj.metadata.deletionTimestamp) api.delete(type, name, obj.metadata.name!, { propagationPolicy: 'Background' });
        }
      }
      const left = namespaced.reduce((n, t) => n + api.list(t, name).length, 0);
      const otherFinalizers = ((ns.spec?.finalizers ?? []) as string[]).filter((f) => f !== 'kubernetes');
      if (left === 0 && otherFinalizers.length === 0 && !ns.metadata.finalizers?.length) {
        api.remove(nsType, ns);
        continue;
      }
      const copy = deepClone(ns);
      if (left === 0) copy.spec = { ...(copy.spec ?? {}), finalizers: otherFinalizers };
      copy.status = { ...(copy.status ?? {}), phase: 'Terminating', conditions: deletionConditions(ns, api.now(), remaining > 0) };
      api.put(copy);
    }
  },
};

function deletionConditions(ns: KubeObject, now: string, contentRemaining: boolean): Condition[] {
  const keep = (type: string) => (ns.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type)?.lastTransitionTime ?? now;
  const cond = (type: string, status: string, reason: string, message: string): Condition => ({
    type, status, lastTransitionTime: keep(type), reason, message,
  });
  return [
    cond('NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'),
    cond('NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'),
    cond('NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'),
    contentRemaining
      ? cond('NamespaceContentRemaining', 'True', 'SomeResourcesRemain', 'Some resources are remaining')
      : cond('NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'),
    cond('NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'),
  ];
}
