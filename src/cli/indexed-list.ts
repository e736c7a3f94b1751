/**
 * A listing with selectors read through the indexes the store keeps (pods by label, by node):
 * only the objects an index names are read, and only their shards, instead of every object (or
 * every summary) of the collection. Shared by the verbs that list with `-l` (get, describe, logs,
 * top, wait, ...).
 */
import type { FieldRequirement } from '../api/fields.js';
import type { Selector } from '../api/labels.js';
import { collectionOf, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { keptIndexKeys, objectsAt, selectedKeys, type BucketReader, type GroupReader } from '../controllers/informer.js';

/**
 * The objects of `type` in `namespace` (every namespace when undefined) that `keep` keeps, in
 * listing order, read through an index narrowed by the selectors; undefined where no index narrows
 * them. In a transaction, the stored indexes are corrected by its own writes. `keep` must apply
 * the selectors themselves: an index only narrows. `omit`: as ApiServer.scan (a read only).
 */
export function listThroughIndexes(
  api: ApiServer,
  type: ResourceType,
  namespace: string | undefined,
  selectors: { labels: Selector; fields?: FieldRequirement[] },
  keep: (obj: KubeObject) => boolean,
  omit?: string,
): Iterable<KubeObject> | undefined {
  if (!type.namespaced || (selectors.labels.length === 0 && !selectors.fields?.length)) return undefined;
  const collection = collectionOf(type);
  const namespaces = namespace !== undefined ? [namespace] : api.store.list('core/namespaces').map(([name]) => name);
  const select = (bucket: BucketReader, group?: GroupReader) => selectedKeys(bucket, namespaces, selectors.labels, selectors.fields ?? [], group);
  if (api.writable) {
    // In a transaction: the stored index corrected by this transaction's own writes (informer.ts),
    // read from the store, so the list is marked as the request it is (checked as any other).
    api.request('list', type, namespace);
    const keys = select((name, value) => keptIndexKeys(api, collection, name, value));
    return keys && objectsAt(api, collection, keys).filter(keep);
  }
  // The Events about objects of one name stem are in one group of their index, read as one file.
  const keys = select(
    (name, value) => api.store.indexedKeys?.(collection, name, value),
    (name, group) => api.store.indexedGroup?.(collection, name, group)?.flatMap(([, groupKeys]) => groupKeys),
  );
  const scanned = keys && api.scanKeys(type, keys, omit, namespace);
  if (scanned && process.env.KUBECTL_LITE_CHECK_SETTLE === '1') return checked(api, type, namespace, [...scanned].filter(keep), keep);
  return scanned && (function* () {
    for (const obj of scanned) if (keep(obj)) yield obj;
  })();
}

/** Check mode: a listing through the indexes names exactly the objects a full listing keeps, in its order. */
function checked(api: ApiServer, type: ResourceType, namespace: string | undefined, listed: KubeObject[], keep: (obj: KubeObject) => boolean): KubeObject[] {
  const names = (objects: KubeObject[]) => objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).join(' ');
  const a = names(listed);
  const b = names(api.list(type, namespace).filter(keep));
  if (a !== b) throw new Error(`the ${type.plural} listed through the store's indexes differ from those a full listing selects:\n${a.slice(0, 2000)}\n${b.slice(0, 2000)}`);
  return listed;
}

/** As listThroughIndexes, with the whole listing filtered by `keep` where no index narrows it. */
export function listSelected(
  api: ApiServer,
  type: ResourceType,
  namespace: string | undefined,
  selectors: { labels: Selector; fields?: FieldRequirement[] },
  keep: (obj: KubeObject) => boolean,
): KubeObject[] {
  const indexed = listThroughIndexes(api, type, namespace, selectors, keep);
  return indexed ? [...indexed] : api.list(type, namespace).filter(keep);
}
