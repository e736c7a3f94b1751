import type { ResourceType } from './registry.js';
import type { KubeObject } from './types.js';

/** The resource type a CustomResourceDefinition adds to discovery. */
export function typeFromCRD(crd: KubeObject): ResourceType | undefined {
  const spec = crd.spec;
  if (!spec?.group || !spec?.names?.plural || !spec?.names?.kind) return undefined;
  const versions: Array<{ name: string; served?: boolean; storage?: boolean }> = spec.versions ?? [];
  const served = versions.filter((v) => v.served !== false).map((v) => v.name);
  if (served.length === 0) return undefined;
  const storage = versions.find((v) => v.storage)?.name ?? served[0]!;
  return {
    group: spec.group,
    version: storage,
    versions: served,
    kind: spec.names.kind,
    plural: spec.names.plural,
    singular: spec.names.singular || spec.names.kind.toLowerCase(),
    shortNames: spec.names.shortNames ?? [],
    namespaced: spec.scope !== 'Cluster',
    categories: spec.names.categories ?? [],
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    custom: true,
  };
}
