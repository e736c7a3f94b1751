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
import { fnv1a, setIndexFunctions, valuesOf } from '../store/persisted-index.js';
import { isTerminal, podRequests } from '../sim/pods.js';
import { nodeViewValue } from '../sim/node-addresses.js';
import type { Change, Snapshot, Transaction } from '../store/types.js';
import type { Selector } from '../api/labels.js';
import type { FieldRequirement } from '../api/fields.js';
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
    return Object.keys(labels).map((k) => labelValue(ns, k, labels[k]!));
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
   * What a pod bound to a node and not finished requests from it, `<node>\0<requests>` with the
   * requests as JSON in integer thousandths (millicores, thousandths of a byte), so that sums are
   * exact in any order; `<node>\0!` when a request is too big or not a number to be summed so. A
   * counted index: the scheduler sums each node's requests from the counts.
   */
  requests: (o) => {
    const node = o.spec?.nodeName;
    if (!node || isTerminal(o)) return NONE;
    const milli = milliRequests(podRequests(o));
    return [`${node}\u0000${milli ? JSON.stringify(milli) : '!'}`];
  },
  /** `<node>\0<pod IP>` of a pod bound to a node, with an address of its own (not the host's). */
  podIP: (o) => (o.spec?.nodeName && o.status?.podIP && !o.spec.hostNetwork ? [`${o.spec.nodeName}\u0000${o.status.podIP}`] : NONE),
  /** A node's zone (topology.kubernetes.io/zone label), counted: whether any node has one. */
  zone: (o) => {
    const zone = o.metadata.labels?.['topology.kubernetes.io/zone'];
    return typeof zone === 'string' ? [zone] : NONE;
  },
  /**
   * What the scheduler reads of a node (see scheduler.ts schedulingNodes), split in two counted
   * indexes: `scheduling` holds one short value per node, `<name>\0<shape id>`; `nodeShape` one
   * value per shape, `<shape id>\0<shape>` (see nodeShape below), counted over the nodes of that
   * shape. The nodes of a cluster share a few shapes, so the scheduler parses a few shapes and a
   * list of names instead of every node's allocatable and labels (at 5,000 nodes, 2 MB of escaped
   * JSON parsed value by value).
   */
  scheduling: (o) => [`${o.metadata.name ?? ''}\u0000${nodeShape(o).id}`],
  nodeShape: (o) => {
    const shape = nodeShape(o);
    return [`${shape.id}\u0000${shape.json}`];
  },
  /** What the per-pod controllers read of a node (kubelet, node lifecycle), see node-view.ts; counted, one value per node. */
  nodeView: (o) => [nodeViewValue(o)],
  /**
   * An Event's involvedObject, `<name's stem>\0<uid>` (see involvedValue); one that names no uid
   * (an Event a user made) under an empty uid, so that a listing by involvedObject.name finds it.
   */
  involved: (o) => {
    const io = (o as { involvedObject?: { uid?: unknown; name?: unknown } }).involvedObject;
    if (typeof io !== 'object' || io === null) return NONE;
    return [involvedValue(typeof io.name === 'string' ? io.name : '', typeof io.uid === 'string' ? io.uid : '')];
  },
} satisfies Record<string, IndexFn>;

export type IndexName = keyof typeof INDEX_FNS;

/**
 * The `involved` index value of the Events about the object named `name` with this uid:
 * `<stem>\0<uid>`, grouped by the stem, the name without a generated `-xxxxx` suffix. The store
 * shards Events (`<name>.<suffix>`) by that stem too, so the Events about the pods of one ReplicaSet
 * are in one shard and their index buckets in one index file: a part of a big apply that adds the
 * Events of 50 ReplicaSets rewrites about 50 of the index's files, not all of them (512 at 1,000 nodes).
 */
export function involvedValue(name: string, uid: string): string {
  return `${involvedGroup(name)}\u0000${uid}`;
}

/** The group of the `involved` index holding the Events about any object named `name`: its stem. */
export function involvedGroup(name: string): string {
  return nameStem(name);
}

/** The API server's generateName alphabet (no vowels, no 0, 1, 3). */
const GENERATED = /^[bcdfghjklmnpqrstvwxz2456789]{5}$/;

function nameStem(name: string): string {
  const cut = name.length - 6;
  return cut > 0 && name.charCodeAt(cut) === 0x2d && GENERATED.test(name.slice(cut + 1)) ? name.slice(0, cut) : name;
}

/** The `label` index value of one label of an object in `namespace`. */
function labelValue(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}=${value}`;
}

/** The indexes controllers read pods through: the store keeps them together, filled by one scan. */
const POD_INDEXES: readonly IndexName[] = ['controller', 'label', 'node', 'owner', 'requests', 'podIP'];
/** The indexes the store keeps as counts per value (see persisted-index.ts). */
const COUNTED: readonly IndexName[] = ['requests', 'zone', 'scheduling', 'nodeShape', 'nodeView'];
/** The grouped indexes whose values are read by group (indexGroupValues): a node's addresses. */
const GROUP_READ: readonly IndexName[] = ['podIP'];
/**
 * The indexes whose values `<group>\0...` the store files by group (see persisted-index.ts): a
 * node's addresses are in one file, and the Events about the objects of one stem.
 */
const GROUPED: readonly IndexName[] = [...GROUP_READ, 'involved'];

/** The indexes a commit keeps once `name` over `collection` had to be built from a scan (the objects are read then). */
function keptWith(collection: string, name: IndexName): readonly IndexName[] {
  return collection === 'core/pods' && POD_INDEXES.includes(name) ? POD_INDEXES : [name];
}

/**
 * Set by scripts/bundle.mjs: a hash of this module and every module it imports, directly or not
 * (what the index functions can run: podRequests, the store's index files); unbundled code (unit
 * tests) is `dev`.
 */
declare const __KL_INDEX_BUILD__: string | undefined;

/**
 * Version of INDEX_FNS: an index the store keeps was filled by these functions (and what they call),
 * so the indexes a store holds are rebuilt, once, by the first command of a build whose index code
 * differs that needs them; a build that changed nothing they reach keeps them.
 */
const INDEX_VERSION = `1:${typeof __KL_INDEX_BUILD__ === 'string' ? __KL_INDEX_BUILD__ : 'dev'}`;
// Pods and Events have their indexes from the moment they are sharded (the store has every object
// in hand then), and every other collection its owner index, which the garbage collector reads for
// each deleted owner over every collection but Events (else the first deletion after a big apply
// scanned the Nodes, Leases, ReplicaSets, Services, Endpoints and EndpointSlices: 0.4 s of CPU at
// 1,000 nodes); another build's indexes are rebuilt by the first scan that needs one.
setIndexFunctions(INDEX_VERSION, storeSafe(INDEX_FNS), { 'core/pods': POD_INDEXES, 'core/events': ['involved'], '*': ['owner'] }, { counted: COUNTED, grouped: GROUPED });

/** The index functions as the store applies them to whatever a collection holds: a value that is not an object with metadata is filed nowhere. */
function storeSafe(fns: Record<string, IndexFn>): Record<string, IndexFn> {
  const safe = (fn: IndexFn): IndexFn => (o) => (typeof o === 'object' && o !== null && typeof o.metadata === 'object' && o.metadata !== null ? fn(o) : NONE);
  return Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, safe(fn)]));
}

/** The label every kubelet sets to its node's name: left out of a node's shape, so that nodes alike share one. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/**
 * What the scheduler reads of a node but its name, as JSON: `[allocatable (or capacity),
 * unschedulable, taints, labels, being deleted, hostname at]` (null where absent), where a
 * `kubernetes.io/hostname` label equal to the node's name is left out of the labels and `hostname
 * at` says at which position among them it was (null when it was not so); and the shape's id, a
 * hash of that JSON (two shapes of one id are told apart by the reader, see scheduler.ts).
 */
export function nodeShape(node: KubeObject): { id: string; json: string } {
  const status = node.status as { allocatable?: unknown; capacity?: unknown } | undefined;
  const spec = node.spec as { unschedulable?: unknown; taints?: unknown } | undefined;
  let labels = node.metadata.labels as Record<string, string> | null | undefined;
  let hostnameAt: number | null = null;
  if (labels && typeof labels === 'object' && node.metadata.name !== undefined && labels[HOSTNAME_LABEL] === node.metadata.name) {
    hostnameAt = Object.keys(labels).indexOf(HOSTNAME_LABEL);
    labels = { ...labels };
    delete labels[HOSTNAME_LABEL];
  }
  const json = JSON.stringify([status?.allocatable ?? status?.capacity ?? null, spec?.unschedulable ?? null, spec?.taints ?? null, labels ?? null, node.metadata.deletionTimestamp ? true : null, hostnameAt]);
  return { id: fnv1a(json).toString(36), json };
}

/** Requests in integer thousandths of their unit, or undefined when one is not a number or too big to sum exactly. */
export function milliRequests(requests: Record<string, number>): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(requests)) {
    const m = Math.round(v * 1000);
    // 2^43 thousandths each leaves room to add up a node's pods without losing a unit.
    if (!Number.isSafeInteger(m) || Math.abs(m) > 2 ** 43) return undefined;
    out[k] = m;
  }
  return out;
}

/**
 * The parts of a `requests` index value: the node, and the requests (undefined: not summable).
 * `parsed` keeps the requests parsed so far, by their JSON: pods mostly request alike, and the
 * objects it hands out are shared (read only).
 */
export function requestsOf(value: string, parsed?: Map<string, Record<string, number>>): { node: string; milli: Record<string, number> | undefined } {
  const a = value.indexOf('\u0000');
  const rest = value.slice(a + 1);
  if (rest === '!') return { node: value.slice(0, a), milli: undefined };
  let milli = parsed?.get(rest);
  if (!milli) {
    milli = JSON.parse(rest) as Record<string, number>;
    parsed?.set(rest, milli);
  }
  return { node: value.slice(0, a), milli };
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
  /** For a lazy index: the values the keys this transaction touched were filed under at the last commit. */
  private readonly leftBy = new Set<string>();
  /** For a grouped index: the values seen per group (in `touchedBy` when lazy, in `buckets` otherwise); some may be empty by now. */
  private readonly groupValues: Map<string, Set<string>> | undefined;

  constructor(
    private readonly tx: Transaction,
    private readonly collection: string,
    private readonly name: IndexName,
    private readonly fn: IndexFn,
  ) {
    this.applied = tx.writes;
    this.groupValues = GROUP_READ.includes(name) ? new Map() : undefined;
    this.lazy = tx.hasIndex?.(collection, name) === true && typeof tx.changesSince === 'function';
    if (this.lazy) {
      for (const ch of tx.changesOf!(collection, 0)) {
        this.noteCommitted(ch.key, ch.old);
        this.refile(ch.key);
      }
    } else this.scan();
  }

  /** Fills every bucket from the whole collection, and asks the store to keep the index. */
  private scan(): void {
    this.lazy = false;
    this.buckets.clear();
    this.groupValues?.clear();
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

  /** For the first change of a key in this transaction (`old`: its committed state), notes the values it was filed under. */
  private noteCommitted(key: string, old: unknown): void {
    if (this.touchedValues.has(key) || !old) return;
    for (const v of this.fn(old as KubeObject)) this.leftBy.add(v);
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
      this.noteGroup(v);
    }
  }

  private noteGroup(value: string): void {
    if (!this.groupValues) return;
    const group = value.slice(0, value.indexOf('\u0000'));
    let values = this.groupValues.get(group);
    if (!values) this.groupValues.set(group, (values = new Set()));
    values.add(value);
  }

  private add(key: string, obj: KubeObject | undefined): void {
    if (!obj) return;
    for (const v of this.fn(obj)) {
      let set = this.buckets.get(v);
      if (!set) {
        // A lazy index keeps only the buckets it has filled: the others are filled when asked.
        if (this.lazy) continue;
        this.buckets.set(v, (set = new Set()));
        this.noteGroup(v);
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
    for (const ch of this.tx.changesOf!(this.collection, this.applied)) {
      this.remove(ch.key, ch.old as KubeObject | undefined);
      if (this.lazy && !touched.has(ch.key)) this.noteCommitted(ch.key, ch.old);
      touched.add(ch.key);
    }
    if (this.lazy) for (const key of touched) this.refile(key);
    for (const key of touched) this.add(key, this.tx.get(this.collection, key) as KubeObject | undefined);
    this.applied = this.tx.writes;
  }

  /**
   * Every value `<group>\0...` of a grouped index that some key is filed under now, in no
   * particular order. A stored value is taken without reading its keys unless one of the keys this
   * transaction touched was filed under it at the last commit (it may have emptied it since): the
   * kubelet asks every node's addresses once per part of a big apply, and parsing every address's
   * key list cost more than the rest of its reading of the index.
   */
  valuesOfGroup(group: string): Set<string> {
    this.catchUp();
    const out = new Set<string>();
    if (this.lazy) {
      const stored = this.tx.indexedGroupValues?.(this.collection, this.name, group);
      if (stored) {
        for (const v of stored) if (!this.leftBy.has(v) || this.keepsStoredKey(v)) out.add(v);
        for (const v of this.groupValues?.get(group) ?? []) if (this.touchedBy.get(v)?.size) out.add(v);
        if (process.env.KUBECTL_LITE_CHECK_SETTLE === '1') this.checkGroup(group, out);
        return out;
      }
      this.scan();
    }
    for (const v of this.groupValues?.get(group) ?? []) if (this.buckets.get(v)?.size) out.add(v);
    return out;
  }

  /** Whether some key stored under `value` at the last commit is one this transaction has not touched. */
  private keepsStoredKey(value: string): boolean {
    const stored = this.tx.indexedKeys?.(this.collection, this.name, value) ?? NONE;
    return stored.some((k) => !this.touchedValues.has(k));
  }

  /** KUBECTL_LITE_CHECK_SETTLE=1: a group's values read from the stored index must be what a scan finds. */
  private checkGroup(group: string, got: Set<string>): void {
    const prefix = `${group}\u0000`;
    const scanned = new Set<string>();
    for (const [, o] of this.tx.list(this.collection)) for (const v of this.fn(o as KubeObject)) if (v.startsWith(prefix)) scanned.add(v);
    if (scanned.size !== got.size || [...scanned].some((v) => !got.has(v))) {
      throw new Error(`the index ${this.name} of ${this.collection} kept in the store differs from the collection in group "${group}"`);
    }
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

/**
 * A counted index as the transaction sees it: the counts the store keeps, corrected by the keys
 * this transaction has written (each from its committed state to its state now), or, where the
 * store keeps none, counted over the collection (and the commit asked to keep it).
 */
class Counts {
  private readonly counts: Map<string, number>;
  private applied: number;

  constructor(
    private readonly tx: Transaction,
    private readonly collection: string,
    private readonly name: IndexName,
    private readonly fn: IndexFn,
  ) {
    this.applied = tx.writes;
    const stored = tx.indexedCounts?.(collection, name);
    if (stored) {
      this.counts = stored;
      this.move(tx.changesOf!(collection, 0));
    } else {
      this.counts = countOver(tx, collection, fn);
      for (const kept of keptWith(collection, name)) tx.keepIndex?.(collection, kept);
    }
  }

  private add(obj: KubeObject | undefined, delta: number): void {
    for (const v of valuesOf(this.fn, obj)) {
      const n = (this.counts.get(v) ?? 0) + delta;
      if (n === 0) this.counts.delete(v);
      else this.counts.set(v, n);
    }
  }

  /** Moves each key these changes touched from its state before the first of them to its state now. */
  private move(changes: Change[]): void {
    const before = new Map<string, unknown>();
    for (const ch of changes) if (!before.has(ch.key)) before.set(ch.key, ch.old);
    for (const [key, old] of before) {
      this.add(old as KubeObject | undefined, -1);
      this.add(this.tx.get(this.collection, key) as KubeObject | undefined, 1);
    }
  }

  /** Every value with how many objects are filed under it now. */
  all(): ReadonlyMap<string, number> {
    if (this.tx.writes !== this.applied && this.tx.lastWrite(this.collection) > this.applied) this.move(this.tx.changesOf!(this.collection, this.applied));
    this.applied = this.tx.writes;
    if (process.env.KUBECTL_LITE_CHECK_SETTLE === '1') this.check();
    return this.counts;
  }

  /** KUBECTL_LITE_CHECK_SETTLE=1: the counts must be what counting the collection gives. */
  private check(): void {
    const scanned = countOver(this.tx, this.collection, this.fn);
    const differs = [...new Set([...scanned.keys(), ...this.counts.keys()])].find((v) => scanned.get(v) !== this.counts.get(v));
    if (differs !== undefined) {
      throw new Error(`the counted index ${this.name} of ${this.collection} differs from the collection at "${differs}": ${this.counts.get(differs) ?? 0}, counted ${scanned.get(differs) ?? 0}`);
    }
  }
}

const counters = new WeakMap<Snapshot, Map<string, Counts>>();

/** Every value of the counted index `name` over `collection`, with how many objects are filed under it now. */
export function indexCounts(api: ApiServer, collection: string, name: IndexName): ReadonlyMap<string, number> {
  noteRead(api, collection);
  return perTransaction(counters, api, collection, name, (root) => new Counts(root, collection, name, INDEX_FNS[name])).all();
}

/** How many objects of the collection are filed under each value of `fn`. */
function countOver(tx: Transaction, collection: string, fn: IndexFn): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, obj] of tx.list(collection)) for (const v of valuesOf(fn, obj)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

const indexes = new WeakMap<Snapshot, Map<string, Index>>();

/** The one `T` of `collection`'s index `name` for the transaction under `api`, made on first use. */
function perTransaction<T>(cache: WeakMap<Snapshot, Map<string, T>>, api: ApiServer, collection: string, name: IndexName, make: (root: Transaction) => T): T {
  const root = rootOf(api);
  let perTx = cache.get(root);
  if (!perTx) cache.set(root, (perTx = new Map()));
  const id = `${collection}\u0000${name}`;
  let made = perTx.get(id);
  if (!made) perTx.set(id, (made = make(root)));
  return made;
}

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
  return perTransaction(indexes, api, collection, name, (root) => new Index(root, collection, name, INDEX_FNS[name]));
}

/** The values `<group>\0...` of the grouped index `name` over `collection` that some object is filed under now. */
export function indexGroupValues(api: ApiServer, collection: string, name: IndexName, group: string): Set<string> {
  noteRead(api, collection);
  return indexOf(api, collection, name).valuesOfGroup(group);
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

/** The keys under one value of a named index (undefined: that index cannot be read). */
export type BucketReader = (name: IndexName, value: string) => readonly string[] | undefined;
/** The keys under every value of one group of a grouped index (undefined: it cannot be read). */
export type GroupReader = (name: IndexName, group: string) => readonly string[] | undefined;

/**
 * For a listing with selectors: the keys the objects it keeps can only be among, in byte order,
 * from the indexes `bucket` reads (a label requirement `k=v` or `k in (...)`, a field requirement
 * `spec.nodeName=n`) and, where `group` is given, the Events' `involved` index
 * (`involvedObject.name=n`); undefined when no index narrows it. The caller still applies the
 * selectors to each object. `namespaces`: those listed (every namespace for a listing across all).
 */
export function selectedKeys(
  bucket: BucketReader,
  namespaces: readonly string[],
  labels: Selector,
  fields: readonly FieldRequirement[],
  group?: GroupReader,
): string[] | undefined {
  let best: string[] | undefined;
  const consider = (keys: string[] | undefined) => {
    if (keys && (!best || keys.length < best.length)) best = keys;
  };
  for (const r of labels) {
    if (r.operator !== '=' && r.operator !== '==' && r.operator !== 'in') continue;
    consider(unionOf(namespaces.flatMap((ns) => r.values.map((v) => bucket('label', labelValue(ns, r.key, v))))));
  }
  const inNamespaces = (keys: readonly string[] | undefined) => keys && unionOf([keys.filter((k) => namespaces.some((ns) => k.startsWith(`${ns}/`)))]);
  for (const f of fields) {
    if (f.operator === '!=') continue;
    if (f.field === 'spec.nodeName') consider(inNamespaces(bucket('node', f.value)));
    else if (f.field === 'involvedObject.name' && group && f.value !== '') consider(inNamespaces(group('involved', involvedGroup(f.value))));
  }
  return best;
}

/**
 * The keys under `value` of index `name` over `collection` as this transaction sees them, where
 * the store keeps that index (undefined where it does not: a verb does not make the store keep
 * an index a controller never asked for).
 */
export function keptIndexKeys(api: ApiServer, collection: string, name: IndexName, value: string): string[] | undefined {
  if (!canIndex(api) || rootOf(api).hasIndex?.(collection, name) !== true) return undefined;
  return indexKeys(api, collection, name, value);
}

/** The keys of every bucket, in byte order; undefined when any bucket cannot be read. */
function unionOf(buckets: ReadonlyArray<readonly string[] | undefined>): string[] | undefined {
  const all = new Set<string>();
  for (const b of buckets) {
    if (!b) return undefined;
    for (const k of b) all.add(k);
  }
  return [...all].sort(byteOrder);
}
