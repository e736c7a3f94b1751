import { ApiError, alreadyExists, badRequest, conflict, generateNameConflict, notFound } from '../errors.js';
import type { Snapshot, Transaction } from '../store/types.js';
import type { RawObject } from '../store/peek.js';
import { servedAt, toStorageVersion } from './hpa-versions.js';
import { validateEventsV1Create } from './event-versions.js';
import { REQUESTS_COLLECTION } from '../dataplane/types.js';
import { PROCESSES_COLLECTION } from '../sim/process.js';
import { rfc3339 } from '../util/duration.js';
import { pushTo } from '../util/group.js';
import { randomBytes, randomUUID } from '../util/random.js';
import type { Clock } from './clock.js';
import { applyDefaults, applyPostCreateDefaults } from './defaults/index.js';
import { sentEntries, stampControllerWrite, stampCreate, stampUpdate, type ManagedWrite } from './managed-fields/record.js';
import { Registry, collectionOf, sharesStorage, type ResourceType } from './registry.js';
import { deepClone, objectKey, type KubeObject } from './types.js';
import { validateObject } from './validation/index.js';
import { ADMIN, type UserInfo } from './rbac.js';
import { isCsrType, prepareCsrCreate, prepareCsrUpdate } from './certificates.js';
import type { SigningRequest } from './cluster-ca.js';
import { answerReview } from './reviews.js';
import { correlate, type SeenEvent } from './event-correlator.js';
import { admitCustomResource, contentChanged, decodeCustomResource, type FieldValidation } from './crd/resources.js';
import { CRD_CLEANUP_FINALIZER, isDefinition, markDefinitionDeleting, prepareDefinition } from './crd/definition.js';
import { withEphemeralContainersOf } from './ephemeral-containers.js';
import { byIndex, canIndex, indexKeys, involvedValue, objectsAt } from '../controllers/informer.js';
// Registers the summaries of pods the store keeps beside their shards (read by listSummaries).
import './list-summaries.js';
import { createWarnings, updateWarnings } from './warnings.js';
import { pruneUnknownFields } from './validation/prune.js';

/** Kinds whose metadata.generation the API server maintains (bumped on spec changes). */
const GENERATION_KINDS = new Set([
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Ingress', 'NetworkPolicy',
  'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'CustomResourceDefinition', 'ReplicationController',
  'PriorityLevelConfiguration', 'FlowSchema', 'ValidatingAdmissionPolicy', 'IngressClass',
]);

const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export interface WriteOptions extends ManagedWrite {
  dryRun?: boolean;
  /** Skip validation and defaulting: controllers writing status or their own objects. */
  trusted?: boolean;
  /**
   * The caller hands a freshly built object over (an Event, a pod from a template): it is stored
   * without the defensive copy, so the caller must not change it afterwards.
   */
  adopt?: boolean;
  /** The name cannot be taken (an Event's, made from the store revision): skip the lookup. */
  nameIsFree?: boolean;
  /**
   * `status`: write only the status (PUT/PATCH on the /status subresource); `ephemeralcontainers`: only a
   * pod's spec.ephemeralContainers; `scale`: only recorded in managedFields.
   */
  subresource?: 'status' | 'scale' | 'ephemeralcontainers';
  /** Keys a raw request body gave twice (JSON paths such as `spec.replicas`), for strict field validation; kubectl sends none (it decodes manifests into maps first). */
  duplicateFields?: string[];
  /** What unknown fields of a custom resource do: Strict (the default, as kubectl asks) refuses, Warn and Ignore prune. */
  fieldValidation?: FieldValidation;
  /** Collects the warnings of the write (`unknown field "spec.x"` under Warn). */
  warnings?: string[];
  /** Who asks, where it matters (the self reviews): the admin unless the request impersonates someone. */
  user?: UserInfo;
  /** The request an update is, for RBAC under impersonation: kubectl patches (the default) or, for replace, updates. */
  requestVerb?: 'patch' | 'update';
  /** A status write that is a CertificateSigningRequest's /approval (which alone may add Approved or Denied). */
  approval?: boolean;
}

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
}

export interface EventSource {
  component: string;
  host?: string;
}

/** Admission and post-write hooks, plugged in by the simulation. */
export interface ServerHooks {
  /** Mutating + validating admission on create (LimitRange, quota, ServiceAccount, ...). */
  admit?(api: ApiServer, obj: KubeObject, type: ResourceType, op: 'create' | 'update', old?: KubeObject): void;
  /** How deletion proceeds for kinds with graceful termination (pods on a node). */
  onDelete?(api: ApiServer, obj: KubeObject, type: ResourceType, opts: DeleteOptions): 'graceful' | 'immediate';
  /** The suffix a generateName gets (tests make it collide); randomSuffix by default. */
  nameSuffix?(): string;
  /** Signs a certificate request with the cluster's CA (the csr-signing controller's); none: nothing is issued. */
  signCertificate?(request: SigningRequest): string | undefined;
  /** A warning the API server sends the requester (a `Warning` header), such as a deprecated type's. */
  warn?(message: string): void;
}

/**
 * The API server's object semantics over a store transaction: naming, uid,
 * resourceVersion, generation, defaulting, validation, optimistic concurrency, events.
 * Everything that writes objects (verbs and controllers) goes through it, so a future
 * HTTP endpoint can serve the same behaviour.
 */
export class ApiServer {
  constructor(
    private readonly snap: Snapshot,
    readonly registry: Registry,
    readonly clock: Clock,
    readonly hooks: ServerHooks = {},
  ) {}

  private get tx(): Transaction {
    if (!('put' in this.snap)) throw new Error('read-only cluster view');
    return this.snap as Transaction;
  }

  get writable(): boolean {
    return 'put' in this.snap;
  }

  get store(): Snapshot {
    return this.snap;
  }

  /** fieldValidation=Warn|Ignore of a built-in kind: unknown fields are dropped (Warn says so); a custom resource's schema prunes its own. */
  private dropUnknownFields(obj: KubeObject, type: ResourceType, opts: WriteOptions): void {
    if (type.custom || (opts.fieldValidation !== 'Warn' && opts.fieldValidation !== 'Ignore')) return;
    const warnings: string[] = [];
    pruneUnknownFields(obj, opts.fieldValidation, warnings, type);
    this.warnRequester(() => warnings, opts);
  }

  /**
   * Warnings for whoever made the request: into the request's own list when it keeps one, else to the
   * hook; not even worked out when nobody would see them (a controller's request).
   */
  private warnRequester(warningsOf: () => string[], opts: WriteOptions): void {
    if (!opts.warnings && !this.hooks.warn) return;
    for (const w of warningsOf()) {
      if (opts.warnings) opts.warnings.push(w);
      else this.hooks.warn?.(w);
    }
  }

  /** A custom resource's decoding (its schema prunes unknown fields), the warnings to whoever asked. */
  private decodeCustom(obj: KubeObject, type: ResourceType, opts: WriteOptions, create: boolean): ReturnType<typeof decodeCustomResource> {
    const warnings: string[] = [];
    try {
      return decodeCustomResource(this, obj, type, { fieldValidation: opts.fieldValidation, warnings, create });
    } finally {
      this.warnRequester(() => warnings, opts);
    }
  }

  /** This API without a requester's checks (see impersonation.ts); the same API when there are none. */
  asSystem(): ApiServer {
    return this;
  }

  /**
   * Marks a request whose answer the caller computes from other objects (the metrics API): a no-op,
   * checked like any other request when the command impersonates someone (impersonation.ts).
   */
  request(_verb: 'get' | 'list' | 'create' | 'update' | 'patch', _type: ResourceType, _namespace?: string, _name?: string, _subresource?: string): void {}

  now(): string {
    const ms = this.clock.now().getTime();
    // Controllers stamp thousands of objects at one simulated instant: format it once.
    if (this.nowText?.ms !== ms) this.nowText = { ms, text: rfc3339(new Date(ms)) };
    return this.nowText.text;
  }

  private nowText?: { ms: number; text: string };

  /** The served type for a manifest's apiVersion/kind, or kubectl's "no matches for kind" condition. */
  typeFor(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): ResourceType | undefined {
    return this.registry.forKind(obj.apiVersion, obj.kind);
  }

  typeOf(obj: KubeObject): ResourceType {
    const t = this.typeFor(obj);
    // A kind in lower case reaches the endpoint kubectl's mapper found for it; the decoder knows only the kind as written.
    if (!t && this.registry.forLowerCaseKind(obj.apiVersion, obj.kind)) throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${obj.apiVersion})`);
    if (!t) throw new ApiError('NotFound', 404, `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
    return t;
  }

  tryGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.snap.get(collectionOf(type), objectKey(type.namespaced ? namespace : undefined, name)) as KubeObject | undefined;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const o = this.tryGet(type, namespace, name);
    if (!o) throw notFound(type.plural, type.group, name);
    return o;
  }

  /** Objects of a type in one namespace, or in all when namespace is undefined; etcd key order. */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    return inNamespace(type, namespace, this.snap.list(collectionOf(type)) as Array<[string, KubeObject]>);
  }

  /**
   * As list, but the summaries the store keeps of the objects (see list-summaries.ts: the fields
   * a table prints), where it keeps them; undefined where it does not.
   */
  listSummaries(type: ResourceType, namespace?: string): KubeObject[] | undefined {
    const all = this.snap.listSummaries?.(collectionOf(type)) as Array<[string, KubeObject]> | undefined;
    return all && inNamespace(type, namespace, all);
  }

  /**
   * As list, lazily (the store reads a part at a time, see Snapshot.scan): objects of `namespace`
   * (all when undefined) that `want` keeps (all when undefined), given each object's summary where
   * the store keeps summaries, else the object. Undefined where the store cannot. `omit`: a
   * metadata field the caller does not print (managedFields), which the objects may lack. `raw`:
   * objects may come as their stored bytes (RawObject, valid until the next is asked for).
   */
  scan(type: ResourceType, namespace: string | undefined, want: ((summary: KubeObject) => boolean) | undefined, omit?: string, raw?: boolean): Iterable<KubeObject | RawObject> | undefined {
    const prefix = type.namespaced && namespace !== undefined ? `${namespace}/` : '';
    const entries = this.snap.scan?.(collectionOf(type), { prefix, want: want && ((_, v) => want(v as KubeObject)), omit, raw });
    return entries && (function* () {
      for (const [, o] of entries) yield o as KubeObject | RawObject;
    })();
  }

  /**
   * As scan, but only the objects of `keys` (in byte order, each one the store holds: an index of
   * it gave them); undefined where the store cannot.
   */
  /** The objects at `keys` (a listing narrowed by an index); `namespace` is the listing's, which RBAC authorizes under impersonation. */
  scanKeys(type: ResourceType, keys: readonly string[], omit?: string, _namespace?: string): Iterable<KubeObject> | undefined {
    const entries = this.snap.scan?.(collectionOf(type), { keys, omit });
    return entries && (function* () {
      for (const [, o] of entries) yield o as KubeObject;
    })();
  }

  namespaceExists(name: string): boolean {
    return this.snap.get('core/namespaces', name) !== undefined;
  }

  private namespaceTerminating(name: string): boolean {
    return (this.snap.get('core/namespaces', name) as KubeObject | undefined)?.metadata.deletionTimestamp !== undefined;
  }

  /**
   * POST: create a new object. Returns the stored object (or what would be stored on dry run), at
   * the version it was sent in (an autoscaling/v1 HPA is stored as v2 and answered as v1).
   */
  create(input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const type = this.typeOf(input);
    // A review is answered, never stored.
    const review = answerReview(this, input, type, opts.user);
    if (review) return review;
    return servedAt(this.createStored(input, type, opts), input.apiVersion);
  }

  private createStored(input: KubeObject, type: ResourceType, opts: WriteOptions): KubeObject {
    allowed(type, 'create');
    const obj = opts.adopt ? input : deepClone(input);
    const meta = (obj.metadata ??= {});
    if (type.namespaced) meta.namespace ||= 'default';
    else delete meta.namespace;
    const generated = !meta.name && meta.generateName ? meta.generateName : undefined;
    const suffix = this.hooks.nameSuffix ?? randomSuffix;
    if (generated) meta.name = generated + suffix();
    let name = meta.name ?? '';
    if (type.namespaced && !this.namespaceExists(meta.namespace!)) {
      throw notFound('namespaces', '', meta.namespace!);
    }
    if (type.namespaced && type.kind !== 'Event' && this.namespaceTerminating(meta.namespace!)) {
      throw new ApiError(
        'Forbidden', 403,
        `${type.group ? `${type.plural}.${type.group}` : type.plural} "${name}" is forbidden: unable to create new content in namespace ${meta.namespace} because it is being terminated`,
        { name, group: type.group, kind: type.plural },
      );
    }
    if (!opts.trusted) {
      if (isCsrType(type)) prepareCsrCreate(obj, opts.user ?? ADMIN);
      const cr = type.custom ? this.decodeCustom(obj, type, opts, true) : undefined;
      if (cr) admitCustomResource(cr, obj, type);
      this.dropUnknownFields(obj, type, opts);
      applyDefaults(obj, type);
      validateObject(obj, type, undefined, { duplicateFields: opts.duplicateFields });
      validateEventsV1Create(obj);
      if (!type.custom) this.warnRequester(() => createWarnings(obj), opts);
      if (toStorageVersion(obj)) applyDefaults(obj, type);
      if (isDefinition(type)) prepareDefinition(obj, undefined, this.now());
    }
    stampCreate(type, obj, opts, this.now());
    this.hooks.admit?.(this, obj, type, 'create');
    if (!opts.nameIsFree && this.tryGet(type, meta.namespace, name)) {
      // RetryGenerateName (GA in 1.32): a generated name that is taken is generated again, up to 7 times.
      for (let retry = 0; generated && retry < 7 && this.tryGet(type, meta.namespace, name); retry++) name = meta.name = generated + suffix();
      if (this.tryGet(type, meta.namespace, name)) throw generated ? generateNameConflict(type.plural, type.group, name) : alreadyExists(type.plural, type.group, name);
    }
    // Salted with the revision it is created at: unique in the cluster whatever Math.random does.
    meta.uid = randomUUID(this.snap.revision + 1);
    applyPostCreateDefaults(obj, type);
    meta.creationTimestamp = this.now();
    if (GENERATION_KINDS.has(type.kind) || type.custom) meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (opts.dryRun) {
      // Not stored, so no resourceVersion (the API server's dry-run storage returns the object as prepared).
      delete meta.resourceVersion;
      return obj;
    }
    meta.resourceVersion = String(this.tx.nextRevision());
    this.tx.put(collectionOf(type), objectKey(meta.namespace, name), obj);
    // No Event is recorded about an Event: theirs (most of what a settle creates) are left out.
    if (type.kind !== 'Event') this.txState().createdUids.add(meta.uid);
    return obj;
  }

  /**
   * PUT: replace an existing object. A non-empty metadata.resourceVersion that is not the
   * live one is a Conflict. uid and creationTimestamp are kept; generation is bumped when
   * spec changed. A no-op update keeps the resourceVersion.
   */
  update(input: KubeObject, opts: WriteOptions = {}): KubeObject {
    return servedAt(this.updateStored(input, opts), input.apiVersion);
  }

  private updateStored(input: KubeObject, opts: WriteOptions): KubeObject {
    const type = this.typeOf(input);
    allowed(type, 'update');
    const obj = deepClone(input);
    const meta = (obj.metadata ??= {});
    if (type.namespaced) meta.namespace ||= 'default';
    else delete meta.namespace;
    const name = meta.name ?? '';
    const live = this.get(type, meta.namespace, name);
    if (meta.resourceVersion && meta.resourceVersion !== live.metadata.resourceVersion) {
      throw conflict(type.plural, type.group, name);
    }
    const sent = sentEntries(live, input);
    if (!opts.trusted) {
      const cr = type.custom ? this.decodeCustom(obj, type, opts, false) : undefined;
      const ephemeral = opts.subresource === 'ephemeralcontainers';
      if (ephemeral) withEphemeralContainersOf(obj, live);
      this.dropUnknownFields(obj, type, opts);
      applyDefaults(obj, type);
      validateObject(obj, type, live, { duplicateFields: opts.duplicateFields, ephemeral });
      if (toStorageVersion(obj)) applyDefaults(obj, type);
      // As the registry strategies do: the main resource cannot change status and the status
      // subresource can change nothing else. The stored part is kept exactly (its nulls too).
      if (!type.custom || cr?.statusSubresource) {
        if (opts.subresource === 'status') {
          const status = obj.status;
          const stored = deepClone(live);
          for (const k of Object.keys(obj)) if (k !== 'metadata') delete obj[k];
          for (const [k, v] of Object.entries(stored)) if (k !== 'metadata') obj[k] = v;
          for (const k of Object.keys(meta)) delete meta[k];
          Object.assign(meta, stored.metadata);
          if (status === undefined) delete obj.status;
          else obj.status = status;
        } else if (live.status === undefined) {
          delete obj.status;
        } else {
          obj.status = deepClone(live.status);
        }
      }
      if (cr) admitCustomResource(cr, obj, type, servedAt(live, obj.apiVersion));
      if (isDefinition(type)) prepareDefinition(obj, live, this.now());
      if (isCsrType(type)) prepareCsrUpdate(obj, live, opts.subresource === 'status', opts.approval === true);
    }
    stampUpdate(type, live, obj, opts, this.now(), sent);
    this.hooks.admit?.(this, obj, type, 'update', live);
    meta.uid = live.metadata.uid;
    meta.creationTimestamp = live.metadata.creationTimestamp;
    if (live.metadata.deletionTimestamp) {
      meta.deletionTimestamp = live.metadata.deletionTimestamp;
      meta.deletionGracePeriodSeconds = live.metadata.deletionGracePeriodSeconds;
    }
    if (live.metadata.generation !== undefined) {
      meta.generation = live.metadata.generation;
      const changed = type.custom ? opts.subresource !== 'status' && contentChanged(live, obj, jsonEqual) : !jsonEqual(live.spec, obj.spec);
      if (changed) meta.generation += 1;
    }
    // A scale is the workload's update (its strategy's warnings too), however much of the checking its caller skips.
    if ((!opts.trusted || opts.subresource === 'scale') && !type.custom && opts.subresource !== 'status') this.warnRequester(() => updateWarnings(obj, live), opts);
    meta.resourceVersion = live.metadata.resourceVersion;
    if (jsonEqual(live, obj)) return live;
    if (opts.dryRun) return obj;
    meta.resourceVersion = String(this.tx.nextRevision());
    this.tx.put(collectionOf(type), objectKey(meta.namespace, name), obj);
    // An object whose deletion only waited on finalizers goes once they are gone.
    if (meta.deletionTimestamp && !(meta.finalizers?.length) && type.kind !== 'Pod' && type.kind !== 'Namespace') {
      this.remove(type, obj);
    }
    return obj;
  }

  /**
   * DELETE. Objects with finalizers, and pods that a kubelet must stop, get a
   * deletionTimestamp and stay until their controllers finish; others go at once.
   * Dependents are handled by the garbage collector according to propagationPolicy.
   */
  delete(type: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    allowed(type, 'delete');
    const live = this.get(type, namespace, name);
    // The NamespaceLifecycle admission plugin: the immortal namespaces cannot be deleted.
    if (type.kind === 'Namespace' && !type.group && IMMORTAL_NAMESPACES.has(name)) {
      throw new ApiError('Forbidden', 403, `namespaces "${name}" is forbidden: this namespace may not be deleted`);
    }
    if (opts.dryRun) return live;
    const policy = opts.propagationPolicy ?? 'Background';
    if (policy === 'Orphan') this.orphanDependents(live);
    const finalizers = [...(live.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && this.hasDependents(live)) finalizers.push('foregroundDeletion');
    // A CRD's custom resources go first (the CRD finalizer, src/controllers/crd-finalizer.ts).
    if (isDefinition(type)) finalizers.push(CRD_CLEANUP_FINALIZER);
    const mode = this.hooks.onDelete?.(this, live, type, opts) ?? 'immediate';
    // A namespace always waits for the namespace controller (its spec.finalizers holds `kubernetes`).
    const finalizedByController = type.kind === 'Namespace';
    if (finalizers.length === 0 && mode === 'immediate' && !finalizedByController) {
      this.remove(type, live);
      return live;
    }
    if (live.metadata.deletionTimestamp) return live;
    const obj = deepClone(live);
    const grace = opts.gracePeriodSeconds ?? (type.kind === 'Pod' ? (obj.spec?.terminationGracePeriodSeconds ?? 30) : 0);
    obj.metadata.deletionTimestamp = rfc3339(new Date(this.clock.now().getTime() + grace * 1000));
    obj.metadata.deletionGracePeriodSeconds = grace;
    obj.metadata.finalizers = finalizers.length ? [...new Set(finalizers)] : undefined;
    if (!obj.metadata.finalizers) delete obj.metadata.finalizers;
    if (finalizedByController) obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
    if (isDefinition(type)) markDefinitionDeleting(obj, this.now());
    obj.metadata.resourceVersion = String(this.tx.nextRevision());
    this.tx.put(collectionOf(type), objectKey(obj.metadata.namespace, name), obj);
    return obj;
  }

  /** Removes an object from storage now (the end of any deletion). */
  remove(type: ResourceType, obj: KubeObject): void {
    this.tx.nextRevision();
    const key = objectKey(type.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name!);
    this.tx.delete(collectionOf(type), key);
    // The requests a pod served, and its processes' recorded ends, go with it.
    if (type.group === '' && type.kind === 'Pod') {
      this.tx.delete(REQUESTS_COLLECTION, key);
      this.tx.delete(PROCESSES_COLLECTION, key);
    }
  }

  /** Writes an object as-is apart from a new resourceVersion: controllers' status and bookkeeping writes. */
  put(obj: KubeObject): KubeObject {
    const type = this.typeOf(obj);
    const key = objectKey(type.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name!);
    const live = this.snap.get(collectionOf(type), key) as KubeObject | undefined;
    if (live) {
      const candidate = { ...obj, metadata: { ...obj.metadata, resourceVersion: live.metadata.resourceVersion } };
      if (jsonEqual(live, candidate)) return live;
      if (live.metadata.generation !== undefined && !jsonEqual(live.spec, obj.spec)) {
        candidate.metadata.generation = (live.metadata.generation ?? 0) + 1;
      }
      stampControllerWrite(type, live, candidate, this.now());
      candidate.metadata.resourceVersion = String(this.tx.nextRevision());
      this.tx.put(collectionOf(type), key, candidate);
      return candidate;
    }
    return this.create(obj, { trusted: true });
  }

  /**
   * Records an Event about `obj` as client-go's event recorder would send it: a repeat counted in
   * the stored one, similar ones combined, a burst about one object cut (see event-correlator.ts).
   */
  recordEvent(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const eventType = this.registry.forKind('v1', 'Event')!;
    const ns = obj.metadata.namespace || 'default';
    const now = this.now();
    const seen = this.eventsSeen(eventType, obj);
    const call = { type, reason, message, component: source.component, host: source.host ?? '', fieldPath: fieldPath ?? '' };
    const at = Date.parse(now);
    const verdict = correlate(seen, call, this.clock.now().getTime());
    if (verdict.kind === 'drop') return;
    if (verdict.kind === 'update') {
      const existing = this.tryGet(eventType, ns, verdict.event.name);
      if (existing) {
        const updated = deepClone(existing);
        updated.count = (existing.count ?? 1) + 1;
        updated.lastTimestamp = now;
        updated.message = verdict.message;
        this.put(updated);
        Object.assign(verdict.event, { count: updated.count, last: at, message: verdict.message });
        return;
      }
    }
    const involvedObject: Record<string, unknown> = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      resourceVersion: obj.metadata.resourceVersion,
      uid: obj.metadata.uid,
    };
    if (!obj.metadata.namespace) delete involvedObject.namespace;
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    // The recorder's combined event is a copy that leaves the reporting fields out.
    const combined = verdict.kind === 'create' && verdict.combined;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${obj.metadata.name}.${eventSuffix(this.clock.now(), this.snap.revision + 1)}`, namespace: ns },
      involvedObject,
      reason,
      message: verdict.message,
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: combined ? '' : source.component,
      reportingInstance: combined ? '' : (source.host ?? ''),
    };
    this.create(event, { trusted: true, adopt: true, nameIsFree: true });
    // Built as seenEvent builds them: one shape for every SeenEvent the correlator goes through (a
    // spread of `call` made each a shape of its own, and cost more than the rest of recording).
    seen.push({
      name: event.metadata.name!, type, reason, message: verdict.message,
      component: call.component, host: call.host, fieldPath: call.fieldPath,
      count: 1, first: at, last: at,
    });
  }

  /**
   * The stored Events about `obj` as the correlator sees them, read once per object and
   * transaction and kept up to date by recordEvent (reading them at every Event made recording n
   * Events about one object, a scale-up's SuccessfulCreate, cost n squared).
   */
  private eventsSeen(eventType: ResourceType, obj: KubeObject): SeenEvent[] {
    const state = this.txState();
    const uid = obj.metadata.uid;
    const id = involvedId(obj.metadata.namespace, obj.metadata.name, uid);
    let seen = state.seen.get(id);
    if (seen) return seen;
    if (uid !== undefined && state.createdUids.has(uid)) seen = []; // created in this transaction
    else if (uid !== undefined && canIndex(this)) {
      // In a settle, through the informer's index of Events by involvedObject.
      seen = [...byIndex(this, collectionOf(eventType), 'involved', involvedValue(obj.metadata.name ?? '', uid))].map(seenEvent);
    } else {
      if (!state.everyEvent) {
        state.everyEvent = new Map();
        for (const e of this.list(eventType)) pushTo(state.everyEvent, involvedId(e.involvedObject?.namespace, e.involvedObject?.name, e.involvedObject?.uid), seenEvent(e));
      }
      seen = state.everyEvent.get(id) ?? [];
    }
    state.seen.set(id, seen);
    return seen;
  }

  /** What the API server keeps for the length of one transaction, whichever ApiServer over it is used. */
  private txState(): TxState {
    const root = this.snap.underlying ?? this.snap;
    let state = txStates.get(root);
    if (!state) txStates.set(root, (state = { createdUids: new Set(), seen: new Map() }));
    return state;
  }

  /**
   * The Events whose involvedObject is the object named `name` with this uid (in `namespace`, or in
   * any when undefined), in listing order, through the index of Events by involvedObject (not every
   * Event); undefined where the store keeps none (then list them).
   */
  eventsInvolving(uid: string, name: string, namespace?: string): KubeObject[] | undefined {
    const events = collectionOf(this.registry.forKind('v1', 'Event')!);
    const inNamespace = (k: string) => namespace === undefined || k.startsWith(`${namespace}/`);
    const value = involvedValue(name, uid);
    if (canIndex(this)) return objectsAt(this, events, indexKeys(this, events, 'involved', value).filter(inNamespace));
    if (this.writable) return undefined;
    // A committed snapshot: the index as the last commit left it, and only the shards of its Events.
    const keys = this.snap.indexedKeys?.(events, 'involved', value);
    const scanned = keys && this.snap.scan?.(events, { keys: keys.filter(inNamespace) });
    return scanned && Array.from(scanned, ([, e]) => e as KubeObject);
  }

  /** Events whose involvedObject is `obj`, as describe fetches them. */
  eventsFor(obj: KubeObject): KubeObject[] {
    const eventType = this.registry.forKind('v1', 'Event')!;
    const ns = obj.metadata.namespace || 'default';
    // In a settle, through the index of Events by involvedObject uid (not every Event of the namespace).
    const candidates = (obj.metadata.uid && this.eventsInvolving(obj.metadata.uid, obj.metadata.name ?? '', ns)) || this.list(eventType, ns);
    return candidates.filter(
      (e) => e.involvedObject?.name === obj.metadata.name && (!obj.metadata.uid || e.involvedObject?.uid === obj.metadata.uid),
    );
  }

  /** Every object (of any type) with an ownerReference to `owner`. */
  dependentsOf(owner: KubeObject): Array<{ type: ResourceType; obj: KubeObject }> {
    const uid = owner.metadata.uid;
    const out: Array<{ type: ResourceType; obj: KubeObject }> = [];
    for (const type of this.registry.types) {
      if (sharesStorage(type)) continue;
      if (type.namespaced && owner.metadata.namespace === undefined && this.typeFor(owner)?.namespaced) continue;
      const candidates = type.namespaced && owner.metadata.namespace ? this.list(type, owner.metadata.namespace) : this.list(type);
      for (const obj of candidates) {
        if (obj.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push({ type, obj });
      }
    }
    return out;
  }

  private hasDependents(owner: KubeObject): boolean {
    return this.dependentsOf(owner).length > 0;
  }

  private orphanDependents(owner: KubeObject): void {
    for (const { obj } of this.dependentsOf(owner)) {
      const copy = deepClone(obj);
      copy.metadata.ownerReferences = copy.metadata.ownerReferences!.filter((r) => r.uid !== owner.metadata.uid);
      if (copy.metadata.ownerReferences.length === 0) delete copy.metadata.ownerReferences;
      this.put(copy);
    }
  }
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** 5 characters from the API server's safe alphabet, as generateName uses. */
/** A resource that does not serve the verb (metrics, component statuses) answers 405, as the API server does. */
function allowed(type: ResourceType, verb: string): void {
  if (!type.verbs.includes(verb)) throw new ApiError('MethodNotAllowed', 405, 'the server does not allow this method on the requested resource');
}

export function randomSuffix(n = 5): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += SAFE_ALPHABET[bytes[i]! % SAFE_ALPHABET.length];
  return s;
}

interface TxState {
  /** uids of the objects created in the transaction. */
  createdUids: Set<string>;
  /** The Events about each object an Event was recorded about (see eventsSeen). */
  seen: Map<string, SeenEvent[]>;
  /** Every stored Event by involved object, where no index of them can be read. */
  everyEvent?: Map<string, SeenEvent[]>;
}

const txStates = new WeakMap<object, TxState>();

function involvedId(namespace: unknown, name: unknown, uid: unknown): string {
  return uid !== undefined ? String(uid) : `${namespace ?? ''}/${name ?? ''}`;
}

function seenEvent(e: KubeObject): SeenEvent {
  const last = Date.parse(e.lastTimestamp ?? e.eventTime ?? '');
  const first = Date.parse(e.firstTimestamp ?? '');
  return {
    name: e.metadata.name!, type: String(e.type ?? ''), reason: String(e.reason ?? ''), message: String(e.message ?? ''),
    component: String(e.source?.component ?? ''), host: String(e.source?.host ?? ''), fieldPath: String(e.involvedObject?.fieldPath ?? ''),
    count: Number(e.count ?? 1) || 1, first: Number.isNaN(first) ? last : first, last,
  };
}

/**
 * The event recorder names events <object>.<hex of the creation time in ns>. The store revision
 * stands in for the nanoseconds, so events created within one millisecond keep their order. It is
 * added whole (past a million it carries into the milliseconds): as revisions only grow with time,
 * no two events get the same suffix, and recordEvent relies on that.
 */
function eventSuffix(now: Date, revision: number): string {
  const ns = BigInt(now.getTime()) * 1_000_000n + BigInt(revision);
  return ns.toString(16);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Keys holding undefined do not count. Without filtered copies of the key lists: this runs on
  // every controller write.
  let defined = 0;
  for (const k of Object.keys(ao)) {
    const v = ao[k];
    if (v === undefined) continue;
    defined++;
    if (!jsonEqual(v, bo[k])) return false;
  }
  for (const k of Object.keys(bo)) if (bo[k] !== undefined) defined--;
  return defined === 0;
}

/** The objects of a listing in one namespace (all, for a cluster-scoped type or no namespace). */
function inNamespace(type: ResourceType, namespace: string | undefined, all: Array<[string, KubeObject]>): KubeObject[] {
  if (!type.namespaced || namespace === undefined) return all.map(([, o]) => o);
  const prefix = `${namespace}/`;
  return all.filter(([k]) => k.startsWith(prefix)).map(([, o]) => o);
}
