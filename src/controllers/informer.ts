/**
 * Informer-style indexes over the store, for controllers that reconcile one key at a time: pods by
 * controller, by label pair, by node; any namespaced collection by namespace. An index is built
 * the first time a command asks for it, from the one collection it covers (a listing a whole-cluster
 * reconcile would have made anyway), and from then on is kept up to date from the transaction's
 * change log: each query first applies the puts and deletes made since the last one, so an index
 * is never rebuilt by a scan for the rest of the command.
 */
import { byteOrder } from '../store/file-store.js';
import type { Snapshot, Transaction } from '../store/types.js';
import type { KubeObject } from '../api/types.js';
import { noteRead } from './read-tracker.js';
import type { ApiServer } from '../api/server.js';

/** The values an object is filed under in one index. */
export type IndexFn = (obj: KubeObject) => readonly string[];

const NONE: readonly string[] = [];

/** The indexes controllers ask for, by name. */
export const INDEX_FNS = {
  /** `<namespace>` of a namespaced object. */
  namespace: (o) => [o.metadata.namespace ?? ''],
  /** The uid of the object's controller, or `orphan:<namespace>` when it has none. */
  controller: (o) => {
    const ref = o.metadata.ownerReferences?.find((r) => r.controller);
    return [ref ? ref.uid : `orphan:${o.metadata.namespace ?? ''}`];
  },
  /** `<namespace>\0<key>=<value>` for each label. */
  label: (o) => {
    const labels = o.metadata.labels;
    if (!labels) return NONE;
    const ns = o.metadata.namespace ?? '';
    return Object.keys(labels).map((k) => `${ns}\u0000${k}=${labels[k]}`);
  },
  /** `<namespace>\0<key>=<value>` for each pair of a Service's spec.selector. */
  selector: (o) => {
    const sel = o.spec?.selector as Record<string, string> | undefined;
    if (!sel || typeof sel !== 'object') return NONE;
    const ns = o.metadata.namespace ?? '';
    return Object.keys(sel).map((k) => `${ns}\u0000${k}=${sel[k]}`);
  },
  /** spec.nodeName ('' while unscheduled). */
  node: (o) => [o.spec?.nodeName ?? ''],
} satisfies Record<string, IndexFn>;

export type IndexName = keyof typeof INDEX_FNS;

class Index {
  private readonly buckets = new Map<string, Set<string>>();
  /** The transaction's write count up to which the index is current. */
  private applied: number;

  constructor(
    private readonly tx: Transaction,
    private readonly collection: string,
    private readonly fn: IndexFn,
  ) {
    this.applied = tx.writes;
    for (const [key, obj] of tx.list(collection)) this.add(key, obj as KubeObject);
  }

  private add(key: string, obj: KubeObject | undefined): void {
    if (!obj) return;
    for (const v of this.fn(obj)) {
      let set = this.buckets.get(v);
      if (!set) this.buckets.set(v, (set = new Set()));
      set.add(key);
    }
  }

  private remove(key: string, obj: KubeObject | undefined): void {
    if (!obj) return;
    for (const v of this.fn(obj)) {
      const set = this.buckets.get(v);
      if (!set) continue;
      set.delete(key);
      if (set.size === 0) this.buckets.delete(v);
    }
  }

  /** Applies the changes made since the last query. */
  private catchUp(): void {
    if (this.tx.writes === this.applied || this.tx.lastWrite(this.collection) <= this.applied) {
      this.applied = this.tx.writes;
      return;
    }
    const touched = new Set<string>();
    for (const ch of this.tx.changesSince!(this.applied)) {
      if (ch.collection !== this.collection) continue;
      this.remove(ch.key, ch.old as KubeObject | undefined);
      touched.add(ch.key);
    }
    for (const key of touched) this.add(key, this.tx.get(this.collection, key) as KubeObject | undefined);
    this.applied = this.tx.writes;
  }

  /** The keys filed under `value`, in byte order (the order a listing gives). */
  keys(value: string): string[] {
    this.catchUp();
    const set = this.buckets.get(value);
    return set ? [...set].sort(byteOrder) : [];
  }
}

const indexes = new WeakMap<Snapshot, Map<string, Index>>();

/** True when the store under `api` is a transaction that keeps a change log (indexes need one). */
export function canIndex(api: ApiServer): boolean {
  const tx = api.store as Transaction;
  return api.writable && typeof ((tx.underlying as Transaction | undefined) ?? tx).changesSince === 'function';
}

/** The keys of the objects of `collection` filed under `value` in the named index, in listing order. */
export function indexKeys(api: ApiServer, collection: string, name: IndexName, value: string): string[] {
  const root = rootOf(api);
  let perTx = indexes.get(root);
  if (!perTx) indexes.set(root, (perTx = new Map()));
  const id = `${collection}\u0000${name}`;
  let index = perTx.get(id);
  if (!index) perTx.set(id, (index = new Index(root, collection, INDEX_FNS[name])));
  // Noted on the tracking view, so the loop knows the controller read this collection.
  noteRead(api, collection);
  return index.keys(value);
}

/** The objects of `collection` filed under `value` in the named index, in listing order. */
export function byIndex(api: ApiServer, collection: string, name: IndexName, value: string): KubeObject[] {
  return objectsAt(api, collection, indexKeys(api, collection, name, value));
}

/** The objects under these keys (those still there). */
export function objectsAt(api: ApiServer, collection: string, keys: string[]): KubeObject[] {
  const root = rootOf(api);
  const out: KubeObject[] = [];
  for (const key of keys) {
    const obj = root.get(collection, key) as KubeObject | undefined;
    if (obj) out.push(obj);
  }
  return out;
}

function rootOf(api: ApiServer): Transaction {
  const store = api.store as Transaction;
  return (store.underlying as Transaction | undefined) ?? store;
}
