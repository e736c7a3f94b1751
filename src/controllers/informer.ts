/**
 * Informer-style indexes over the store, for controllers that reconcile one key at a time: pods by
 * controller, by label pair, by node, by owner, their addresses and resource usage; Events by the
 * object they are about; any namespaced collection by namespace. Over a collection the store keeps
 * the index for (a sharded one, see store/persisted-index.ts), a bucket is read from the store when
 * first asked for, corrected by the keys this transaction has written. Otherwise the index is built
 * the first time a command asks for it, from the one collection it covers (a listing a whole-cluster
 * reconcile would have made anyway), and the commit keeps it. Either way it is then kept up to date
 * from the transaction's change log: each query first applies the puts and deletes made since the
 * last one, so an index is never rebuilt by a scan for the rest of the command.
 */
import { byteOrder } from '../store/file-store.js';
import { setIndexFunctions } from '../store/persisted-index.js';
import { isTerminal, podRequests } from '../sim/pods.js';
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
  /** The uid of each of the object's owners. */
  owner: (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid),
  /**
   * What a pod bound to a node and not finished takes from it: `<node>\0<controller uid>\0<requests
   * as JSON>` (see usageOf), the scheduler's node accounting without reading every pod.
   */
  usage: (o) => {
    const node = o.spec?.nodeName;
    if (!node || isTerminal(o)) return NONE;
    const owner = o.metadata.ownerReferences?.find((r) => r.controller)?.uid ?? '';
    return [`${node}\u0000${owner}\u0000${JSON.stringify(podRequests(o))}`];
  },
  /** `<node>\0<pod IP>` of a pod bound to a node, with an address of its own (not the host's). */
  podIP: (o) => (o.spec?.nodeName && o.status?.podIP && !o.spec.hostNetwork ? [`${o.spec.nodeName}\u0000${o.status.podIP}`] : NONE),
  /** An Event's involvedObject.uid. */
  involved: (o) => {
    const uid = (o as { involvedObject?: { uid?: unknown } }).involvedObject?.uid;
    return typeof uid === 'string' ? [uid] : NONE;
  },
} satisfies Record<string, IndexFn>;

export type IndexName = keyof typeof INDEX_FNS;

/** The indexes controllers read pods through: the store keeps them together, filled by one scan. */
const POD_INDEXES: readonly IndexName[] = ['controller', 'label', 'node', 'owner', 'usage', 'podIP'];

/** The indexes a commit keeps once `name` over `collection` had to be built from a scan (the objects are read then). */
function keptWith(collection: string, name: IndexName): readonly IndexName[] {
  return collection === 'core/pods' && POD_INDEXES.includes(name) ? POD_INDEXES : [name];
}

/** Set by scripts/bundle.mjs (a hash of the compiled sources); unbundled code (unit tests) is `dev`. */
declare const __KL_BUILD__: string | undefined;

/**
 * Version of INDEX_FNS: an index the store keeps was filled by these functions (and what they call,
 * podRequests), so the indexes a store holds are rebuilt, once, by the first command of another
 * build that needs them, as its controllers' run records are.
 */
const INDEX_VERSION = `1:${typeof __KL_BUILD__ === 'string' ? __KL_BUILD__ : 'dev'}`;
// Pods and Events have their indexes from the moment they are sharded (the store has every object
// in hand then); another build's indexes are rebuilt by the first scan that needs one.
setIndexFunctions(INDEX_VERSION, storeSafe(INDEX_FNS), { 'core/pods': POD_INDEXES, 'core/events': ['involved'] });

/** The index functions as the store applies them to whatever a collection holds: a value that is not an object with metadata is filed nowhere. */
function storeSafe(fns: Record<string, IndexFn>): Record<string, IndexFn> {
  const safe = (fn: IndexFn): IndexFn => (o) => (typeof o === 'object' && o !== null && typeof o.metadata === 'object' && o.metadata !== null ? fn(o) : NONE);
  return Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, safe(fn)]));
}

/** The parts of a `usage` index value. */
export function usageOf(value: string): { node: string; owner: string | undefined; requests: Record<string, number> } {
  const a = value.indexOf('\u0000');
  const b = value.indexOf('\u0000', a + 1);
  return { node: value.slice(0, a), owner: value.slice(a + 1, b) || undefined, requests: JSON.parse(value.slice(b + 1)) };
}

class Index {
  private readonly buckets = new Map<string, Set<string>>();
  /** The transaction's write count up to which the index is current. */
  private applied: number;
  /**
   * Read from the index the store keeps: buckets are filled on first query from the stored keys,
   * corrected for the keys this transaction has touched (`touched`); only those buckets are kept here.
   */
  private lazy: boolean;
  /** For a lazy index: the values each key this transaction touched is filed under now, and the reverse. */
  private readonly touchedValues = new Map<string, readonly string[]>();
  private readonly touchedBy = new Map<string, Set<string>>();

  constructor(
    private readonly tx: Transaction,
    private readonly collection: string,
    private readonly name: IndexName,
    private readonly fn: IndexFn,
  ) {
    this.applied = tx.writes;
    this.lazy = tx.hasIndex?.(collection, name) === true && typeof tx.changesSince === 'function';
    if (this.lazy) {
      for (const ch of tx.changesSince!(0)) if (ch.collection === collection) this.refile(ch.key);
    } else this.scan();
  }

  /** Fills every bucket from the whole collection, and asks the store to keep the index. */
  private scan(): void {
    this.lazy = false;
    this.buckets.clear();
    for (const [key, obj] of this.tx.list(this.collection)) this.add(key, obj as KubeObject);
    for (const name of keptWith(this.collection, this.name)) this.tx.keepIndex?.(this.collection, name);
  }

  /** The bucket of `value` now: the stored keys, with the keys this transaction touched re-filed. */
  private fill(value: string): Set<string> | undefined {
    const stored = this.tx.indexedKeys?.(this.collection, this.name, value);
    if (!stored) return undefined;
    const set = new Set<string>();
    for (const key of stored) if (!this.touchedValues.has(key)) set.add(key);
    for (const key of this.touchedBy.get(value) ?? []) set.add(key);
    if (process.env.KUBECTL_LITE_CHECK_SETTLE === '1') this.check(value, set);
    return set;
  }

  /** KUBECTL_LITE_CHECK_SETTLE=1: a bucket read from the stored index must be what a scan finds. */
  private check(value: string, set: Set<string>): void {
    const scanned = this.tx.list(this.collection).filter(([, o]) => this.fn(o as KubeObject).includes(value)).map(([k]) => k);
    const got = [...set].sort(byteOrder);
    if (scanned.length !== got.length || scanned.some((k, i) => k !== got[i])) {
      throw new Error(`the index ${this.name} of ${this.collection} kept in the store differs from the collection at "${value}": [${got.join(', ')}], scanned [${scanned.join(', ')}]`);
    }
  }

  /** Notes where a key this transaction touched is filed now. */
  private refile(key: string): void {
    for (const v of this.touchedValues.get(key) ?? NONE) this.touchedBy.get(v)?.delete(key);
    const obj = this.tx.get(this.collection, key) as KubeObject | undefined;
    const values = obj ? this.fn(obj) : NONE;
    this.touchedValues.set(key, values);
    for (const v of values) {
      let set = this.touchedBy.get(v);
      if (!set) this.touchedBy.set(v, (set = new Set()));
      set.add(key);
    }
  }

  private add(key: string, obj: KubeObject | undefined): void {
    if (!obj) return;
    for (const v of this.fn(obj)) {
      let set = this.buckets.get(v);
      if (!set) {
        // A lazy index keeps only the buckets it has filled: the others are filled when asked.
        if (this.lazy) continue;
        this.buckets.set(v, (set = new Set()));
      }
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
    if (this.lazy) for (const key of touched) this.refile(key);
    for (const key of touched) this.add(key, this.tx.get(this.collection, key) as KubeObject | undefined);
    this.applied = this.tx.writes;
  }

  /** Every value with its keys (in byte order), as the collection is now. */
  all(): Map<string, string[]> {
    this.catchUp();
    const out = new Map<string, string[]>();
    if (this.lazy) {
      const stored = this.tx.indexedBuckets?.(this.collection, this.name);
      if (stored) {
        for (const [v, keys] of stored) {
          const kept = keys.filter((k) => !this.touchedValues.has(k));
          if (kept.length) out.set(v, kept);
        }
        for (const [v, set] of this.touchedBy) if (set.size) out.set(v, [...(out.get(v) ?? []), ...set]);
        for (const keys of out.values()) keys.sort(byteOrder);
        if (process.env.KUBECTL_LITE_CHECK_SETTLE === '1') for (const [v, keys] of out) this.check(v, new Set(keys));
        return out;
      }
      this.scan();
    }
    for (const [v, set] of this.buckets) if (set.size) out.set(v, [...set].sort(byteOrder));
    return out;
  }

  /** The keys filed under `value`, in byte order (the order a listing gives). */
  keys(value: string): string[] {
    this.catchUp();
    let set = this.buckets.get(value);
    if (!set && this.lazy) {
      set = this.fill(value);
      // The stored index could not be read after all: build this one from the collection.
      if (!set) this.scan();
      else this.buckets.set(value, set);
      set = this.buckets.get(value);
    }
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
  const index = indexOf(api, collection, name);
  // Noted on the tracking view, so the loop knows the controller read this collection.
  noteRead(api, collection);
  return index.keys(value);
}

function indexOf(api: ApiServer, collection: string, name: IndexName): Index {
  const root = rootOf(api);
  let perTx = indexes.get(root);
  if (!perTx) indexes.set(root, (perTx = new Map()));
  const id = `${collection}\u0000${name}`;
  let index = perTx.get(id);
  if (!index) perTx.set(id, (index = new Index(root, collection, name, INDEX_FNS[name])));
  return index;
}

/** Every value of the named index over `collection` with its keys, in listing order. */
export function indexBuckets(api: ApiServer, collection: string, name: IndexName): Map<string, string[]> {
  noteRead(api, collection);
  return indexOf(api, collection, name).all();
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
