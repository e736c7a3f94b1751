import type { Snapshot } from '../store/types.js';
import { Registry, type ResourceType } from './registry.js';
import type { KubeObject } from './types.js';

/** The types a cluster serves: the built-in ones and those its CustomResourceDefinitions add. */
export function registryOf(snap: Snapshot): Registry {
  const crds = snap.list('apiextensions.k8s.io/customresourcedefinitions');
  if (crds.length === 0) return new Registry();
  const extra = crds.map(([, o]) => typeFromCRD(o as KubeObject)).filter((t): t is ResourceType => t !== undefined);
  return new Registry(extra);
}

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
