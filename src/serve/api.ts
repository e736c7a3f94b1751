/**
 * The Kubernetes API over HTTP, as kube-apiserver v1.32 serves it, on top of ApiServer and the
 * store: routing, the REST verbs, subresources, watch, Tables (from the same table handlers the
 * CLI prints), discovery and OpenAPI, and errors as Status objects. JSON only: kubectl, client-go
 * programs, @kubernetes/client-node and the Python client all ask for JSON, or for protobuf with
 * JSON as a fallback (client-go's `application/vnd.kubernetes.protobuf,application/json`).
 * Nothing here knows the process, the sockets' security or the command line (src/cli/serve.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fieldMatcher, FieldSelectorError, parseFieldSelector } from '../api/fields.js';
import { matches, parseSelector, SelectorParseError, type Selector } from '../api/labels.js';
import { serverSideApply } from '../api/managed-fields/server-side-apply.js';
import { apiVersionOf, collectionOf, type ResourceType } from '../api/registry.js';
import { deprecationWarning, getObject, isComputedType, listObjects } from '../api/computed.js';
import type { ApiServer, DeleteOptions } from '../api/server.js';
import type { FieldValidation } from '../api/crd/resources.js';
import { allCrds, crdFor } from '../api/crd/resources.js';
import { servedAt, versionOf } from '../api/hpa-versions.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { pruneUnknownFields } from '../api/validation/prune.js';
import { ApiError, badRequest, CliError } from '../errors.js';
import { parseJson } from '../api/json-numbers.js';
import { formatLog, logsOf } from '../cli/logs.js';
import { goJsonSyntaxError } from '../api/go-json-scan.js';
import { serverPatch } from '../cli/patch.js';
import { parseYamlDocuments } from '../api/yaml-documents.js';
import { buildScaleTable, buildTable } from '../printers/table/index.js';
import type { Table } from '../printers/types.js';
import { requestToken } from '../api/token-request.js';
import { impersonatedUser, requireAccess, requireImpersonation, type AccessAttributes, type UserInfo } from '../api/rbac.js';
import { hmacSha256 } from '../util/digest.js';
import { evictPod } from '../api/eviction.js';
import { isCsrType, updateApproval } from '../api/certificates.js';
import { getSubresource, patchScale, requireSubresource, updateEphemeralContainers, updateScale, updateStatus } from '../api/subresources.js';
import type { Snapshot } from '../store/types.js';
import {
  AGGREGATED_DISCOVERY, aggregatedDiscovery, apiGroup, apiGroupList, apiVersions, groupVersionPaths, resourceList, servesGroupVersion,
} from './discovery.js';
import { openapiV2Document, openapiV2Protobuf, openapiV3Documents } from './openapi.js';
import { SERVER_VERSION } from '../cli/version.js';
import { AS_BUILT, byteCompare, goJsonIndentShaped } from '../printers/go-values.js';
import { healthPaths, healthReply, type HealthProbe } from './health.js';
import { readBody } from '../util/read-body.js';
import { checkExecContainer, containerSpec, ContainerNotRunning, onlyContainer } from '../api/pod-exec.js';
import type { StreamPlan } from './exec-stream.js';
import { proxyToPod, proxyToService, splitSchemeNamePort } from '../dataplane/api-proxy.js';
import { WatchHub, type WatchEvent } from './watch.js';
import { containerProcess } from '../sim/process.js';
import { decodeKubeProtobuf, ProtobufError } from './protobuf.js';

/** The cluster the API serves: the CLI's Session (same store, same lock, same settling). */
export interface Cluster {
  read<T>(fn: (api: ApiServer) => T): T;
  /** Absent: the cluster is read at one moment and the API makes no writes (see notAnsweredWhole). */
  write?<T>(fn: (api: ApiServer) => T): T;
  /** A consistent snapshot of the store, without settling (for watches). */
  snapshot<T>(fn: (snap: Snapshot) => T): T;
  /** The store's directory, whose journal of commits watches follow (without it, they compare states). */
  storeDir?: string;
}

export interface ApiOptions {
  /** Wall clock (ms), for bookmarks and watch timeouts. */
  realNow?: () => number;
  /** How often an idle watch that asked for bookmarks gets one. */
  bookmarkMs?: number;
  /** The address `/api` names as the server's (serverAddressByClientCIDRs), when it has one. */
  serverAddress?: string;
}

export interface Reply {
  code: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What the API reads of a request: its method, URL and headers (an HTTP request, or one made inside the simulated cluster). */
export type ApiRequest = Pick<IncomingMessage, 'method' | 'url' | 'headers' | 'headersDistinct'>;

/** The connection of a request served over HTTP, for the answers that stream (watches, followed logs). */
interface Stream {
  req: IncomingMessage;
  res: ServerResponse;
}

const JSON_TYPE = 'application/json';

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(reason, code, message, details ?? {});
}

const NOT_FOUND_PATH = () => status(404, 'NotFound', 'the server could not find the requested resource');

function methodNotAllowed(): ApiError {
  return status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

/**
 * What a request answered whole (a client inside the simulated cluster) cannot be given: a write
 * (the dataplane reads the cluster at one moment and changes nothing), a watch or a followed log.
 * kubectl-lite's own limit, said as such.
 */
function notAnsweredWhole(): ApiError {
  return status(501, 'NotImplemented', 'kubectl-lite: the simulated API server answers reads made from inside a pod; writes, watches and followed logs are made with kubectl-lite');
}

/** One parsed resource URL: /api/v1/namespaces/ns/pods/name/status. */
interface Target {
  type: ResourceType;
  groupVersion: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The path after a `proxy` subresource ('' for none). */
  proxyPath?: string;
}

export class KubeApi {
  readonly hub: WatchHub;
  private readonly realNow: () => number;
  private readonly bookmarkMs: number;
  private readonly serverAddress: string;
  private openapi?: { key: string; v3: Record<string, unknown>; v2?: Record<string, unknown>; v2proto?: Buffer };
  /** Streams to end when the server stops. */
  private readonly streams = new Set<ServerResponse>();
  /** Called after every write the API made (the server re-arms its settle timer). */
  onWrite?: () => void;

  constructor(private readonly cluster: Cluster, opts: ApiOptions = {}) {
    this.hub = new WatchHub(cluster.storeDir);
    this.realNow = opts.realNow ?? Date.now;
    this.bookmarkMs = opts.bookmarkMs ?? 10_000;
    this.serverAddress = opts.serverAddress ?? '';
  }

  /** Brings watchers up to the store's latest commit. */
  poll(): void {
    if (this.hub.watching === 0) return;
    this.cluster.snapshot((snap) => this.hub.sync(snap));
  }

  /** Ends every open watch or follow stream (the server is stopping). */
  closeStreams(): void {
    this.stopping = true;
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  /** Whom each request in flight acts as, when not the admin (see requesterFor). */
  private readonly requesters = new WeakMap<ApiRequest, UserInfo>();

  private requester(req: ApiRequest): UserInfo | undefined {
    return this.requesters.get(req);
  }

  /**
   * Whom a request acts as (undefined: the admin): the user its token authenticated, or whom its
   * Impersonate-* headers name, which a token's user must be allowed to impersonate (the admin may
   * impersonate anyone).
   */
  private requesterFor(req: ApiRequest, authenticated: UserInfo | undefined): UserInfo | undefined {
    const as = req.headers['impersonate-user'];
    if (typeof as !== 'string' || !as) return authenticated;
    const groups = req.headersDistinct['impersonate-group'] ?? [];
    const uid = req.headers['impersonate-uid'];
    if (authenticated) this.cluster.read((api) => requireImpersonation(api.asSystem(), authenticated, as, groups));
    return impersonatedUser(as, groups, typeof uid === 'string' ? uid : undefined);
  }

  /** What starts the stream of each upgrade request in flight (see upgrade); false: the connection cannot carry it. */
  private readonly upgrades = new WeakMap<ApiRequest, (plan: StreamPlan) => boolean>();

  /**
   * A request that asks to switch protocols (kubectl's exec and port-forward): routed as any other,
   * authorized and checked, and `start` called with the stream it asks for (it answers false when
   * the connection's protocol cannot carry it); any other answer (an error, a path that does not
   * upgrade) is returned, for the caller to write as plain HTTP.
   */
  upgrade(req: ApiRequest, user: UserInfo | undefined, start: (plan: StreamPlan) => boolean): Reply | undefined {
    try {
      const requester = this.requesterFor(req, user);
      if (requester) this.requesters.set(req, requester);
      this.upgrades.set(req, start);
      const url = new URL(req.url ?? '/', 'http://server');
      return this.route(req, undefined, url, Buffer.alloc(0)) ?? undefined;
    } catch (e) {
      return errorReply(e);
    }
  }

  /** `user`: who the request's credentials say it is, when they are a service-account token (else the admin). */
  async handle(req: IncomingMessage, res: ServerResponse, user?: UserInfo): Promise<void> {
    try {
      const requester = this.requesterFor(req, user);
      if (requester) this.requesters.set(req, requester);
      const url = new URL(req.url ?? '/', 'http://server');
      const body = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
      const reply = this.route(req, { req, res }, url, body);
      if (reply) send(res, reply);
    } catch (e) {
      send(res, errorReply(e));
    }
  }

  /**
   * A request answered whole, as `user` (undefined: the admin): one a client inside the simulated
   * cluster makes (curl to the kubernetes Service), or kubectl-lite's `--raw`. A cluster read at one
   * moment answers reads only: what such a client may write is authorized, then refused; a watch or
   * a followed log, which need a connection that stays open, is refused.
   */
  answer(req: ApiRequest, user: UserInfo | undefined, body: Buffer): Reply {
    try {
      const requester = this.requesterFor(req, user);
      if (requester) this.requesters.set(req, requester);
      const url = new URL(req.url ?? '/', 'http://server');
      return this.route(req, undefined, url, body) ?? errorReply(notAnsweredWhole());
    } catch (e) {
      return errorReply(e);
    }
  }

  private route(req: ApiRequest, stream: Stream | undefined, url: URL, body: Buffer): Reply | undefined {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const accept = String(req.headers.accept ?? '');
    const user = this.requester(req);
    // A request made as someone else is authorized first, as the API server does (before it looks up anything).
    const resourceRequest = isResourcePath(path);
    if (user && !resourceRequest) this.cluster.read((api) => requireAccess(api.asSystem(), user, { verb: method.toLowerCase(), path }));
    // Outside the API, replies are Go's json.MarshalIndent with two spaces (the server's WriteRawJSON).
    if (path === '/version') return { code: 200, body: goJsonIndentShaped(SERVER_VERSION, AS_BUILT, '  '), headers: { 'Content-Type': JSON_TYPE } };
    if (path === '/' || path === '/index.html') return { code: 200, body: goJsonIndentShaped({ paths: this.rootPaths() }, AS_BUILT, '  '), headers: { 'Content-Type': JSON_TYPE } };
    if (/^\/(healthz|livez|readyz)(\/|$)/.test(url.pathname)) {
      const reply = healthReply(url.pathname, url.searchParams, this.health);
      if (!reply) throw NOT_FOUND_PATH();
      return reply;
    }
    if (path === '/openapi/v2') {
      const docs = this.openapiDocs();
      const v2 = (docs.v2 ??= openapiV2Document(docs.v3));
      if (accept.includes('protobuf') && !accept.includes('json')) {
        return { code: 200, body: (docs.v2proto ??= openapiV2Protobuf(v2)), headers: { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' } };
      }
      return { code: 200, body: v2 };
    }
    if (path.startsWith('/openapi/v3')) {
      const doc = this.openapiDocs().v3[path];
      if (!doc) throw NOT_FOUND_PATH();
      return { code: 200, body: doc };
    }
    // Go's server hands the handler URL.Path unescaped (a name kubectl escaped, `a%7D`, is `a}` again).
    const segs = unescapedPath(path).split('/').filter(Boolean);
    if (segs[0] !== 'api' && segs[0] !== 'apis') throw NOT_FOUND_PATH();
    const { types, crdOf } = this.cluster.read((api) => ({ types: api.registry.types, crdOf: crdLookup(api) }));
    const aggregated = accept.includes('as=APIGroupDiscoveryList');
    if (path === '/api') {
      if (aggregated) return { code: 200, body: aggregatedDiscovery(types, true, crdOf), headers: { 'Content-Type': AGGREGATED_DISCOVERY } };
      return { code: 200, body: apiVersions(this.serverAddress) };
    }
    if (path === '/apis') {
      if (aggregated) return { code: 200, body: aggregatedDiscovery(types, false, crdOf), headers: { 'Content-Type': AGGREGATED_DISCOVERY } };
      return { code: 200, body: apiGroupList(types) };
    }
    let gv: string;
    let rest: string[];
    if (segs[0] === 'api') {
      if (segs[1] !== 'v1') throw NOT_FOUND_PATH();
      gv = 'v1';
      rest = segs.slice(2);
    } else {
      if (segs.length === 2) {
        const g = apiGroup(types, segs[1]!);
        if (!g) throw NOT_FOUND_PATH();
        return { code: 200, body: g };
      }
      gv = `${segs[1]}/${segs[2]}`;
      rest = segs.slice(3);
    }
    if (!servesGroupVersion(types, gv)) throw NOT_FOUND_PATH();
    if (rest.length === 0) return { code: 200, body: resourceList(types, gv, crdOf) };
    const target = parseTarget(types, gv, rest);
    if (!target) throw NOT_FOUND_PATH();
    if (target.subresource === 'proxy') {
      // What follows `/proxy` is the proxied server's path, as sent (escaped, its trailing slash kept).
      const raw = url.pathname.split('/');
      target.proxyPath = raw.slice(raw.indexOf('proxy', raw.indexOf(target.type.plural) + 2) + 1).map((p) => '/' + p).join('');
    }
    return this.resource(req, stream, method, url.searchParams, target, body, accept);
  }

  /** What the health checks look at (health.ts). */
  private readonly health: HealthProbe = {
    readStore: () => this.cluster.snapshot(() => undefined),
    stopping: () => this.stopping,
  };

  private stopping = false;

  /** `GET /`: every path the server answers at its root, in Go's string order, as the API server lists them. */
  private rootPaths(): string[] {
    const types = this.cluster.read((api) => api.registry.types);
    const paths = ['/api', '/api/v1', '/apis', '/apis/', ...groupVersionPaths(types), ...healthPaths(this.health), '/openapi/v2', '/openapi/v3', '/openapi/v3/', '/version'];
    return paths.sort(byteCompare);
  }

  private openapiDocs(): { v3: Record<string, unknown>; v2?: Record<string, unknown>; v2proto?: Buffer } {
    const { types, crds, key } = this.cluster.read((api) => {
      const crds = allCrds(api);
      return { types: api.registry.types, crds, key: crds.map((c) => c.metadata.resourceVersion).join(',') };
    });
    if (this.openapi?.key !== key) this.openapi = { key, v3: openapiV3Documents(types, crds, true) };
    return this.openapi;
  }

  private resource(req: ApiRequest, stream: Stream | undefined, method: string, q: URLSearchParams, t: Target, body: Buffer, accept: string): Reply | undefined {
    const { type } = t;
    const user = this.requester(req);
    if (user) this.cluster.read((api) => requireAccess(api.asSystem(), user, accessOf(method, q, t)));
    const dryRun = q.getAll('dryRun').includes('All');
    if (t.subresource) return this.subresource(req, stream, method, q, t, body, dryRun, accept);
    // Resources computed on read (metrics, component statuses): get and list only.
    if (isComputedType(type) && (method !== 'GET' || goBool(q.get('watch')))) throw methodNotAllowed();
    // A deprecated type's served requests carry the warning, failed ones too (it is added before the handler runs).
    const warning = deprecationWarning(type);
    if (warning) {
      try {
        return withWarning(warning, this.object(req, stream, method, q, t, body, dryRun, accept));
      } catch (e) {
        if (e instanceof ApiError) return withWarning(warning, errorReply(e));
        throw e;
      }
    }
    return this.object(req, stream, method, q, t, body, dryRun, accept);
  }

  /** A request on a resource or its collection (not a subresource). */
  private object(req: ApiRequest, stream: Stream | undefined, method: string, q: URLSearchParams, t: Target, body: Buffer, dryRun: boolean, accept: string): Reply | undefined {
    const { type } = t;
    // A type that serves no such read (a Binding, a TokenReview: create only) has no route for it.
    if (method === 'GET' && !type.verbs.includes(t.name !== undefined ? 'get' : goBool(q.get('watch')) ? 'watch' : 'list')) throw methodNotAllowed();
    if (t.name === undefined) {
      if (method === 'GET' && goBool(q.get('watch'))) {
        if (!stream) throw notAnsweredWhole();
        this.watch(stream, q, t, accept);
        return undefined;
      }
      if (method === 'GET') return this.list(q, t, accept);
      if (method === 'POST') return this.create(req, q, t, body, dryRun);
      if (method === 'DELETE') return this.deleteCollection(q, t, body, dryRun, mediaTypeOf(req));
      throw methodNotAllowed();
    }
    const name = t.name;
    switch (method) {
      case 'GET': {
        const stored = this.cluster.read((api) => getObject(api, type, t.namespace, name));
        // Answered at the version the URL names: a custom resource as stored (conversion None), an autoscaling/v1 HPA converted.
        const obj = servedAt(stored, t.groupVersion);
        if (wantsTable(accept)) return { code: 200, body: this.table(type, [obj], q, String(stored.metadata.resourceVersion ?? ''), t.groupVersion) };
        return { code: 200, body: obj };
      }
      case 'PUT': {
        const input = this.objectBody(body, t, mediaTypeOf(req));
        const warnings: string[] = [];
        return withWarnings(warnings, () => {
          const out = this.write((api) => {
            pruneUnknownFields(input, q.get('fieldValidation'), warnings, type);
            return api.update(input, { dryRun, fieldManager: fieldManagerOf(req, q), ...customFieldValidation(q, warnings) });
          });
          return { code: 200, body: out };
        });
      }
      case 'PATCH': {
        const warnings: string[] = [];
        return withWarnings(warnings, () => {
          const { obj, created } = this.write((api) => this.patch(api, req, q, t, body, dryRun, warnings));
          return { code: created ? 201 : 200, body: obj };
        });
      }
      case 'DELETE': {
        const opts = deleteOptions(q, body, mediaTypeOf(req));
        const out = this.write((api) => {
          const deleted = api.delete(type, t.namespace, name, { ...opts, dryRun: opts.dryRun || dryRun });
          const still = opts.dryRun || dryRun ? deleted : api.tryGet(type, t.namespace, name);
          if (still) return still;
          return {
            kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
            // StatusDetails.group is omitempty: the core group is left out.
            details: { name, ...(type.group ? { group: type.group } : {}), kind: type.plural, uid: deleted.metadata.uid },
          } as unknown as KubeObject;
        });
        return { code: 200, body: out };
      }
      default:
        throw methodNotAllowed();
    }
  }

  /** A write through the CLI's session: under the store lock, settled before and after. */
  private write<T>(fn: (api: ApiServer) => T): T {
    // What other processes committed since the last poll reaches watches before this write does.
    if (!this.cluster.write) throw notAnsweredWhole();
    this.poll();
    const out = this.cluster.write(fn);
    this.onWrite?.();
    this.poll();
    return out;
  }

  private objectBody(body: Buffer, t: Target, media: string): KubeObject {
    const obj = decodeBody(body, t, media);
    if (obj.kind === undefined || obj.apiVersion === undefined) {
      throw badRequest(`Object 'Kind' is missing in '${body.toString('utf8').slice(0, 512)}'`);
    }
    obj.metadata ??= {};
    if (t.type.namespaced) {
      if (obj.metadata.namespace && t.namespace && obj.metadata.namespace !== t.namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = t.namespace ?? obj.metadata.namespace;
    }
    if (t.name !== undefined && obj.metadata.name !== t.name) {
      throw badRequest(`the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${t.name})`);
    }
    const served = this.cluster.read((api) => api.typeFor(obj));
    if (!served || served.plural !== t.type.plural) {
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${t.groupVersion})`);
    }
    return obj;
  }

  private create(req: ApiRequest, q: URLSearchParams, t: Target, body: Buffer, dryRun: boolean): Reply {
    if (t.type.namespaced && t.namespace === undefined) throw methodNotAllowed();
    const input = this.objectBody(body, t, mediaTypeOf(req));
    const warnings: string[] = [];
    return withWarnings(warnings, () => {
      const out = this.write((api) => {
        pruneUnknownFields(input, q.get('fieldValidation'), warnings, t.type);
        return api.create(input, { dryRun, fieldManager: fieldManagerOf(req, q), user: this.requester(req), ...customFieldValidation(q, warnings) });
      });
      return { code: 201, body: out };
    });
  }

  private patch(api: ApiServer, req: ApiRequest, q: URLSearchParams, t: Target, body: Buffer, dryRun: boolean, warnings: string[]): { obj: KubeObject; created?: boolean } {
    const kind = mediaTypeOf(req);
    const type = t.type;
    const text = body.toString('utf8');
    if (kind === 'application/apply-patch+yaml') {
      const applied = parseApplyBody(text);
      applied.metadata ??= {};
      if (type.namespaced) applied.metadata.namespace ??= t.namespace;
      if (applied.metadata.name !== t.name) {
        throw badRequest(`the name of the object (${applied.metadata.name ?? ''}) does not match the name on the URL (${t.name})`);
      }
      pruneUnknownFields(applied, q.get('fieldValidation') ?? 'Strict', warnings, type);
      const { object, created } = serverSideApply(api, applied, { fieldManager: applyManagerOf(q), force: goBool(q.get('force')), dryRun, ...customFieldValidation(q, warnings, 'Strict') });
      return { obj: object, created };
    }
    const patchType = PATCH_TYPES[kind];
    if (!patchType) throw unsupportedMedia(kind);
    // The patch applies to the object at the version the URL names (an autoscaling/v1 HPA, an events.k8s.io Event).
    const live = servedAt(api.get(type, t.namespace, t.name!), t.groupVersion);
    const patched = serverPatch(live, type, patchType, text);
    pruneUnknownFields(patched, q.get('fieldValidation'), warnings, type);
    return { obj: api.update(patched, { dryRun, fieldManager: fieldManagerOf(req, q), ...customFieldValidation(q, warnings) }) };
  }

  private deleteCollection(q: URLSearchParams, t: Target, body: Buffer, dryRun: boolean, media: string): Reply {
    const opts = deleteOptions(q, body, media);
    const filter = selectorsOf(q, t.type);
    const items = this.write((api) =>
      api.list(t.type, t.namespace).filter(filter).map((o) => api.delete(t.type, o.metadata.namespace, o.metadata.name!, { ...opts, dryRun: opts.dryRun || dryRun })),
    );
    return { code: 200, body: { kind: `${t.type.kind}List`, apiVersion: apiVersionOf(t.type), metadata: {}, items } };
  }

  private list(q: URLSearchParams, t: Target, accept: string): Reply {
    const filter = selectorsOf(q, t.type);
    const limit = Number(q.get('limit') ?? 0);
    const cont = q.get('continue');
    const rvParam = q.get('resourceVersion') ?? '';
    const match = q.get('resourceVersionMatch') ?? '';
    const collection = collectionOf(t.type);
    const { items, revision, crd, now } = this.cluster.read((api) => {
      const snap = api.store;
      this.hub.track(snap, collection);
      checkListResourceVersion(rvParam, match, snap.revision, cont);
      const crd = t.type.custom ? crdLookup(api)(t.type) : undefined;
      return { items: listObjects(api, t.type, t.namespace).filter(filter), revision: snap.revision, crd, now: api.clock.now() };
    });
    let page = items;
    let next: string | undefined;
    let remaining: number | undefined;
    let listRv = revision;
    if (cont) {
      const token = decodeContinue(cont);
      listRv = token.rv;
      page = page.filter((o) => keyOf(o) > token.start);
    }
    if (limit > 0 && page.length > limit) {
      remaining = page.length - limit;
      page = page.slice(0, limit);
      next = encodeContinue(listRv, keyOf(page[page.length - 1]!));
    }
    const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
    if (next) {
      metadata.continue = next;
      metadata.remainingItemCount = remaining;
    }
    if (wantsTable(accept)) {
      const table = tableOf(t.type, page, now, crd, q.get('includeObject'), t.groupVersion);
      return { code: 200, body: { ...table, metadata } };
    }
    // Objects of another version than the stored one (an autoscaling/v1 HPA, an events.k8s.io Event) are converted as kube-apiserver converts them.
    // A built-in type's list items carry no kind or apiVersion (the list's say it); a custom resource's do.
    const served = page.map((o) => (t.type.custom ? servedAt(o, t.groupVersion) : withoutTypeMeta(servedAt(o, t.groupVersion))));
    return { code: 200, body: { kind: `${t.type.kind}List`, apiVersion: t.groupVersion, metadata, items: served } };
  }

  private table(type: ResourceType, objects: KubeObject[], q: URLSearchParams, rv: string, groupVersion: string): Record<string, unknown> {
    const { crd, now } = this.cluster.read((api) => ({ crd: type.custom ? crdLookup(api)(type) : undefined, now: api.clock.now() }));
    return { ...tableOf(type, objects, now, crd, q.get('includeObject'), groupVersion), metadata: { resourceVersion: rv } };
  }

  private subresource(req: ApiRequest, stream: Stream | undefined, method: string, q: URLSearchParams, t: Target, body: Buffer, dryRun: boolean, accept: string): Reply | undefined {
    const { type, namespace } = t;
    const name = t.name!;
    switch (t.subresource) {
      case 'status': {
        if (method === 'GET') {
          const stored = this.cluster.read((api) => getSubresource(api, type, namespace, name, 'status'));
          if (wantsTable(accept)) return { code: 200, body: this.table(type, [stored], q, String(stored.metadata.resourceVersion ?? ''), t.groupVersion) };
          return { code: 200, body: servedAt(stored, t.groupVersion) };
        }
        if (method === 'PUT') {
          const input = this.objectBody(body, t, mediaTypeOf(req));
          return { code: 200, body: this.write((api) => updateStatus(api, type, input, { dryRun, fieldManager: fieldManagerOf(req, q), ...customFieldValidation(q, []) })) };
        }
        if (method === 'PATCH') {
          this.cluster.read((api) => requireSubresource(api, type, 'status'));
          const kind = mediaTypeOf(req);
          if (kind === 'application/apply-patch+yaml') {
            const applied = parseApplyBody(body.toString('utf8'));
            applied.metadata ??= {};
            if (type.namespaced) applied.metadata.namespace ??= namespace;
            const opts = { fieldManager: applyManagerOf(q), force: goBool(q.get('force')), dryRun, subresource: 'status' as const };
            return { code: 200, body: this.write((api) => serverSideApply(api, applied, opts).object) };
          }
          const patchType = PATCH_TYPES[kind];
          if (!patchType) throw unsupportedMedia(kind);
          const fieldManager = fieldManagerOf(req, q);
          return {
            code: 200,
            body: this.write((api) => api.update(serverPatch(api.get(type, namespace, name), type, patchType, body.toString('utf8')), { dryRun, subresource: 'status', fieldManager, ...customFieldValidation(q, []) })),
          };
        }
        throw methodNotAllowed();
      }
      case 'ephemeralcontainers': {
        // A pod's: the whole pod read, only its spec.ephemeralContainers written (kubectl debug PATCHes it).
        if (method === 'GET') return { code: 200, body: servedAt(this.cluster.read((api) => getSubresource(api, type, namespace, name, 'ephemeralcontainers')), t.groupVersion) };
        const opts = { dryRun, fieldManager: fieldManagerOf(req, q), subresource: 'ephemeralcontainers' as const };
        if (method === 'PUT') {
          const input = this.objectBody(body, t, mediaTypeOf(req));
          return { code: 200, body: this.write((api) => updateEphemeralContainers(api, type, input, opts)) };
        }
        if (method !== 'PATCH') throw methodNotAllowed();
        this.cluster.read((api) => requireSubresource(api, type, 'ephemeralcontainers'));
        const kind = mediaTypeOf(req);
        const patchType = PATCH_TYPES[kind];
        if (!patchType) throw unsupportedMedia(kind);
        return { code: 200, body: this.write((api) => api.update(serverPatch(api.get(type, namespace, name), type, patchType, body.toString('utf8')), opts)) };
      }
      case 'approval': {
        if (!isCsrType(type)) throw NOT_FOUND_PATH();
        if (method === 'GET') return { code: 200, body: servedAt(this.cluster.read((api) => api.get(type, undefined, name)), t.groupVersion) };
        if (method !== 'PUT') throw methodNotAllowed();
        const input = this.objectBody(body, t, mediaTypeOf(req));
        return { code: 200, body: this.write((api) => updateApproval(api, type, input, { dryRun, fieldManager: fieldManagerOf(req, q) })) };
      }
      case 'scale':
        return this.scale(req, method, q, t, body, dryRun, accept);
      case 'log':
        if (type.kind !== 'Pod' || method !== 'GET') throw NOT_FOUND_PATH();
        return this.log(stream, q, t);
      case 'eviction': {
        if (type.kind !== 'Pod' || method !== 'POST') throw NOT_FOUND_PATH();
        const eviction = parseJsonBody(body);
        const opts = deleteOptions(new URLSearchParams(), Buffer.from(JSON.stringify(eviction.deleteOptions ?? {})));
        this.write((api) => evictPod(api, namespace, name, { ...opts, dryRun: opts.dryRun || dryRun }));
        return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
      }
      case 'token': {
        if (type.kind !== 'ServiceAccount' || method !== 'POST') throw NOT_FOUND_PATH();
        const request = decodeBody(body, t, mediaTypeOf(req));
        return { code: 201, body: this.cluster.read((api) => requestToken(api, namespace!, name, request, hmacSha256)) };
      }
      case 'binding': {
        if (type.kind !== 'Pod' || method !== 'POST') throw NOT_FOUND_PATH();
        return this.bind(name, namespace, parseJsonBody(body), dryRun);
      }
      case 'exec': {
        if (type.kind !== 'Pod' || (method !== 'GET' && method !== 'POST')) throw NOT_FOUND_PATH();
        return this.exec(req, q, namespace!, name);
      }
      case 'attach': {
        if (type.kind !== 'Pod' || (method !== 'GET' && method !== 'POST')) throw NOT_FOUND_PATH();
        return this.attach(req, q, namespace!, name);
      }
      case 'proxy': {
        if (type.kind !== 'Pod' && type.kind !== 'Service') throw NOT_FOUND_PATH();
        return this.proxy(req, q, t, body);
      }
      case 'portforward': {
        if (type.kind !== 'Pod' || (method !== 'GET' && method !== 'POST')) throw NOT_FOUND_PATH();
        const pod = this.cluster.read((api) => api.get(type, namespace, name));
        if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
        this.startStream(req, { kind: 'portforward', namespace: namespace!, pod, ports: forwardedPorts(q) });
        return undefined;
      }
      default:
        throw NOT_FOUND_PATH();
    }
  }

  /** The checks before an exec (see src/serve/exec-stream.ts), then the exec handed to the upgraded connection. */
  private exec(req: ApiRequest, q: URLSearchParams, namespace: string, name: string): Reply | undefined {
    const pod = this.cluster.read((api) => api.get(api.registry.resolve('pods'), namespace, name));
    const container = q.get('container') || onlyContainer(pod);
    const command = q.getAll('command');
    if (!command.length) throw badRequest('you must specify at least one command for the container');
    const refused = refusedContainer(pod, container);
    if (refused) return refused;
    this.startStream(req, { kind: 'exec', namespace, pod: name, container, command, stdin: goBool(q.get('stdin')), stdout: goBool(q.get('stdout')), stderr: goBool(q.get('stderr')), tty: goBool(q.get('tty')) });
    return undefined;
  }

  /**
   * An attach: the container's own process (src/sim/process.ts), run on the upgraded connection as an
   * exec of it when it keeps stdin open (`stdin: true`, as `kubectl debug -i` and `run -i` make them);
   * any other process's output is followed from now on (src/userland/follow-output.ts).
   */
  private attach(req: ApiRequest, q: URLSearchParams, namespace: string, name: string): Reply | undefined {
    const pod = this.cluster.read((api) => api.get(api.registry.resolve('pods'), namespace, name));
    const container = q.get('container') || onlyContainer(pod);
    const refused = refusedContainer(pod, container);
    if (refused) return refused;
    const spec = containerSpec(pod, container);
    const command = spec?.stdin ? containerProcess(spec) : undefined;
    const streams = { stdin: goBool(q.get('stdin')), stdout: goBool(q.get('stdout')), stderr: goBool(q.get('stderr')), tty: goBool(q.get('tty')) };
    this.startStream(req, { kind: 'exec', namespace, pod: name, container, command: command ?? [], ...streams, follow: !command, attach: true });
    return undefined;
  }

  /**
   * A pod's or Service's proxy (src/dataplane/api-proxy.ts): the request sent on, from the API
   * server, and the proxied server's answer returned as it is. No path at all is redirected to `/`,
   * as the API server's proxy handler does.
   */
  private proxy(req: ApiRequest, q: URLSearchParams, t: Target, body: Buffer): Reply {
    const id = t.name!;
    const isPod = t.type.kind === 'Pod';
    const parts = splitSchemeNamePort(id);
    if (!parts) throw badRequest(`invalid ${isPod ? 'pod' : 'service'} request ${JSON.stringify(id)}`);
    const query = q.toString() ? `?${q.toString()}` : '';
    if (!t.proxyPath) return { code: 301, body: '', headers: { 'Content-Type': '', Location: `${new URL(req.url ?? '/', 'http://server').pathname}/${query}` } };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'authorization' && k !== 'host') headers[k] = v;
    const proxied = { method: req.method ?? 'GET', path: `${t.proxyPath}${query}`, headers, body: body.toString('utf8') };
    const outcome = this.cluster.read((api) => {
      const target = api.get(t.type, t.namespace, parts.name);
      const now = api.clock.now().getTime();
      return isPod ? proxyToPod(api.store, now, target, id, proxied) : proxyToService(api.store, now, target, id, proxied);
    });
    if ('code' in outcome) throw status(outcome.code, outcome.reason, outcome.message);
    const r = outcome.response;
    return { code: r.status, body: r.body, headers: Object.fromEntries(r.headers.filter(([k]) => k.toLowerCase() !== 'content-length')) };
  }

  /** Hands a checked request to its upgraded connection; a plain request, or one whose protocol cannot carry it, is refused. */
  private startStream(req: ApiRequest, plan: StreamPlan): void {
    const start = this.upgrades.get(req);
    if (!start || !start(plan)) throw badRequest('Upgrade request required');
  }

  private bind(name: string, namespace: string | undefined, binding: KubeObject, dryRun: boolean): Reply {
    const node = binding.target?.name;
    if (!node) throw status(422, 'Invalid', `Binding.core "${name}" is invalid: target.name: Required value`);
    this.write((api) => {
      const podType = api.registry.forKind('v1', 'Pod')!;
      const pod = api.get(podType, namespace, name);
      if (pod.spec?.nodeName) {
        throw status(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`, { name, kind: 'pods/binding' });
      }
      if (dryRun) return;
      const bound = deepClone(pod);
      bound.spec.nodeName = node;
      api.put(bound);
    });
    return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
  }

  private scale(req: ApiRequest, method: string, q: URLSearchParams, t: Target, body: Buffer, dryRun: boolean, accept: string): Reply {
    const { type, namespace } = t;
    const name = t.name!;
    if (method === 'GET') {
      const { scale, now } = this.cluster.read((api) => ({ scale: getSubresource(api, type, namespace, name, 'scale'), now: api.clock.now() }));
      if (!wantsTable(accept)) return { code: 200, body: scale };
      return { code: 200, body: { ...tableJson(buildScaleTable([scale], now), q.get('includeObject')), metadata: { resourceVersion: scale.metadata.resourceVersion } } };
    }
    if (method !== 'PUT' && method !== 'PATCH') {
      this.cluster.read((api) => requireSubresource(api, type, 'scale'));
      throw methodNotAllowed();
    }
    // The workload's update behind the Scale is warned about as any update of it (a moved generation).
    const warnings: string[] = [];
    const opts = { dryRun, fieldManager: fieldManagerOf(req, q), warnings };
    if (method === 'PUT') return withWarnings(warnings, () => ({ code: 200, body: this.write((api) => updateScale(api, type, namespace, name, parseJsonBody(body), opts)) }));
    const kind = mediaTypeOf(req);
    const patchType = PATCH_TYPES[kind];
    const scaleType = { ...type, kind: 'Scale', custom: false };
    return withWarnings(warnings, () => {
      const out = this.write((api) => {
        requireSubresource(api, type, 'scale');
        if (!patchType) throw unsupportedMedia(kind);
        return patchScale(api, type, api.get(type, namespace, name), (scale) => serverPatch(scale, scaleType, patchType, body.toString('utf8')), opts);
      });
      return { code: 200, body: out };
    });
  }

  private log(stream: Stream | undefined, q: URLSearchParams, t: Target): Reply | undefined {
    const render = (): string =>
      this.cluster.read((api) => {
        const pod = api.get(t.type, t.namespace, t.name!);
        const container = q.get('container') || (pod.spec?.containers ?? [])[0]?.name || '';
        try {
          const lines = logsOf(pod, container, goBool(q.get('previous')), api.clock.now().getTime());
          const flags: Record<string, unknown> = { timestamps: goBool(q.get('timestamps')) };
          if (q.get('tailLines') !== null) flags.tail = Number(q.get('tailLines'));
          if (q.get('sinceTime')) flags['since-time'] = q.get('sinceTime');
          if (q.get('sinceSeconds')) flags.since = `${q.get('sinceSeconds')}s`;
          // The kubelet stops a log at limitBytes.
          const limit = Number(q.get('limitBytes') ?? 0);
          return formatLog(lines, flags, '', api.clock.now().getTime(), limit > 0 ? { left: limit } : undefined);
        } catch (e) {
          if (e instanceof CliError) throw badRequest(e.message.replace(/^error: /, ''));
          throw e;
        }
      });
    const text = render();
    if (!goBool(q.get('follow'))) return { code: 200, body: text, headers: { 'Content-Type': 'text/plain' } };
    if (!stream) throw notAnsweredWhole();
    const { res } = stream;
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    res.write(text);
    this.streams.add(res);
    let sent = text;
    const timer = setInterval(() => {
      try {
        const now = render();
        if (now.startsWith(sent) && now.length > sent.length) res.write(now.slice(sent.length));
        sent = now;
      } catch {
        finish();
      }
    }, 500);
    const finish = () => {
      clearInterval(timer);
      this.streams.delete(res);
      res.end();
    };
    res.on('close', finish);
    return undefined;
  }

  /** A watch: chunked JSON lines, one WatchEvent each, until the client leaves or timeoutSeconds pass. */
  private watch({ req, res }: Stream, q: URLSearchParams, t: Target, accept: string): void {
    const filter = selectorsOf(q, t.type);
    const collection = collectionOf(t.type);
    const asTable = wantsTable(accept);
    const includeObject = q.get('includeObject');
    const bookmarks = goBool(q.get('allowWatchBookmarks'));
    const rvParam = q.get('resourceVersion') ?? '';
    const sendInitial = goBool(q.get('sendInitialEvents'));
    const inScope = (o: KubeObject) => !t.type.namespaced || t.namespace === undefined || o.metadata.namespace === t.namespace;
    const { initial, backlog, revision, crd } = this.cluster.read((api) => {
      const snap = api.store;
      this.hub.track(snap, collection);
      this.hub.sync(snap);
      const crd = t.type.custom ? crdLookup(api)(t.type) : undefined;
      if (rvParam === '' || rvParam === '0' || sendInitial) {
        return { initial: api.list(t.type, t.namespace).filter(filter), backlog: [] as WatchEvent[], revision: snap.revision, crd };
      }
      const rv = Number(rvParam);
      if (!Number.isInteger(rv) || rv < 0) throw badRequest(`invalid resource version: ${rvParam}`);
      const events = this.hub.since(collection, rv);
      return { initial: [] as KubeObject[], backlog: events, revision: snap.revision, crd };
    });
    res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    this.streams.add(res);
    let headersSent = false;
    let lastRv = revision;
    const encode = (type: string, stored: KubeObject) => {
      const object = type === 'BOOKMARK' || type === 'ERROR' ? stored : servedAt(stored, t.groupVersion);
      let out: unknown = object;
      if (asTable && type !== 'BOOKMARK' && type !== 'ERROR') {
        const table = tableOf(t.type, [object], this.cluster.read((api) => api.clock.now()), crd, includeObject, t.groupVersion);
        if (headersSent) table.columnDefinitions = [];
        headersSent = true;
        out = { ...table, metadata: { resourceVersion: object.metadata.resourceVersion } };
      }
      return `${JSON.stringify({ type, object: out })}\n`;
    };
    const emit = (events: WatchEvent[]) => {
      let text = '';
      for (const e of events) {
        if (!inScope(e.object)) continue;
        const now = filter(e.object);
        const before = e.old ? filter(e.old) : e.type !== 'ADDED';
        if (e.type === 'DELETED') {
          if (now) text += encode('DELETED', e.object);
        } else if (now) {
          text += encode(e.type === 'MODIFIED' && !before ? 'ADDED' : e.type, e.object);
        } else if (before && e.type === 'MODIFIED') {
          text += encode('DELETED', e.object);
        }
        lastRv = Math.max(lastRv, e.rv);
      }
      if (text) res.write(text);
    };
    if (backlog === undefined) {
      const gone = status(410, 'Expired', `too old resource version: ${rvParam} (${this.hub.oldest(collection)})`);
      res.write(`${JSON.stringify({ type: 'ERROR', object: gone.toStatus() })}\n`);
      res.end();
      this.streams.delete(res);
      return;
    }
    let text = '';
    for (const o of initial) text += encode('ADDED', o);
    if (text) res.write(text);
    if (sendInitial && bookmarks) {
      res.write(encode('BOOKMARK', bookmarkObject(t.type, revision, true)));
    }
    emit(backlog);
    const unsubscribe = this.hub.subscribe({ collection, deliver: emit });
    const timeoutSeconds = Number(q.get('timeoutSeconds') ?? 0);
    const timers: NodeJS.Timeout[] = [];
    if (timeoutSeconds > 0) timers.push(setTimeout(() => finish(), timeoutSeconds * 1000));
    if (bookmarks) {
      timers.push(setInterval(() => {
        res.write(encode('BOOKMARK', bookmarkObject(t.type, this.cluster.snapshot((s) => Math.max(lastRv, s.revision)), false)));
      }, this.bookmarkMs));
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      unsubscribe();
      for (const tm of timers) clearTimeout(tm);
      this.streams.delete(res);
      res.end();
    };
    req.on('close', finish);
    res.on('close', finish);
  }
}

/** A boolean query parameter as Go's strconv.ParseBool reads it (the Python client sends `True`). */
function withoutTypeMeta(o: KubeObject): KubeObject {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = o;
  return rest as KubeObject;
}

function goBool(v: string | null): boolean {
  return v !== null && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);
}

function bookmarkObject(type: ResourceType, rv: number, initialEnd: boolean): KubeObject {
  const metadata: KubeObject['metadata'] = { resourceVersion: String(rv) };
  if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return { kind: type.kind, apiVersion: apiVersionOf(type), metadata };
}

/** What a create or update body may be; built-in types also take protobuf (kubectl's typed clients send it, without a fallback). */
const BODY_FORMATS = 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml';
const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

/** A protobuf body read into the object's JSON form (src/serve/protobuf.ts; its schemas are read on first use). */
function protobufBody(body: Buffer): KubeObject {
  try {
    const obj = decodeKubeProtobuf(body);
    if (obj) return obj;
  } catch (e) {
    if (!(e instanceof ProtobufError)) throw e;
  }
  throw badRequest('the body of the request could not be decoded as protobuf');
}

const PATCH_TYPES: Record<string, PatchKind> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

type PatchKind = 'json' | 'merge' | 'strategic';

/** A PATCH whose Content-Type names no patch type the server knows (`_kind`: what was sent). */
function unsupportedMedia(_kind: string): ApiError {
  return status(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json');
}

function qualified(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

/** Maps the path after the group version to a served resource. */
function parseTarget(types: readonly ResourceType[], gv: string, rest: string[]): Target | undefined {
  const find = (plural: string) => types.find((t) => t.plural === plural && t.versions.some((v) => (t.group ? `${t.group}/${v}` : v) === gv));
  let namespace: string | undefined;
  let parts = rest;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const candidate = find(rest[2]!);
    if (candidate?.namespaced) {
      namespace = rest[1];
      parts = rest.slice(2);
    }
  }
  const [plural, name, subresource, ...extra] = parts;
  if (extra.length && subresource !== 'proxy') return undefined;
  const type = find(plural!);
  if (!type) return undefined;
  return { type, groupVersion: gv, namespace: type.namespaced ? namespace : undefined, name, subresource };
}

/** A custom type's CRD, read by the server for itself (not a request of the requester's). */
function crdLookup(api: ApiServer): (t: ResourceType) => KubeObject | undefined {
  const crdType = api.registry.lookup('customresourcedefinitions.apiextensions.k8s.io');
  const system = api.asSystem();
  return (t) => (t.custom && crdType ? system.tryGet(crdType, undefined, `${t.plural}.${t.group}`) : undefined);
}

function wantsTable(accept: string): boolean {
  return accept.includes('as=Table');
}

/** The meta.k8s.io/v1 Table of the CLI's own table handler; rows carry the object as includeObject asks. */
function tableOf(type: ResourceType, objects: KubeObject[], now: Date, crd: KubeObject | undefined, includeObject: string | null, groupVersion: string): { kind: string; apiVersion: string; columnDefinitions: unknown[]; rows: unknown[] } {
  // The cells and the objects of the version the URL names (a custom resource's printer columns are per version).
  const served = objects.map((o) => servedAt(o, groupVersion));
  return tableJson(buildTable(type, served, now, crd, versionOf(groupVersion)), includeObject);
}

function tableJson(table: Table, includeObject: string | null): { kind: string; apiVersion: string; columnDefinitions: unknown[]; rows: unknown[] } {
  const include = includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    columnDefinitions: table.columnDefinitions,
    rows: table.rows.map((r) => ({
      cells: r.cells,
      ...(include === 'None'
        ? {}
        : include === 'Object'
          ? { object: r.object }
          : { object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: r.object.metadata } }),
    })),
  };
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64');
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { rv: number; start: string };
    if (typeof t.rv === 'number' && typeof t.start === 'string') return t;
  } catch {
    /* below */
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

/** resourceVersion/resourceVersionMatch on a list, as the API server checks them against the one state it has. */
function checkListResourceVersion(rv: string, match: string, current: number, cont: string | null): void {
  if (match && !['Exact', 'NotOlderThan'].includes(match)) {
    throw badRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
  }
  if (match && rv === '') throw status(422, 'Invalid', `resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided`);
  if (cont && rv) throw status(422, 'Invalid', 'resourceVersion: Forbidden: specifying resource version is not allowed when using continue');
  if (rv === '' || rv === '0') return;
  const n = Number(rv);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid resource version: ${rv}`);
  if (n > current) {
    throw new ApiError('Timeout', 504, `Too large resource version: ${n}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version', field: '' }],
      retryAfterSeconds: 1,
    } as never);
  }
  if (match === 'Exact' && n !== current) {
    throw status(410, 'Expired', `The resourceVersion for the provided list is too old.`);
  }
}

/** labelSelector and fieldSelector as one predicate; the server's BadRequest when they do not parse. */
function selectorsOf(q: URLSearchParams, type: ResourceType): (o: KubeObject) => boolean {
  const ls = q.get('labelSelector') ?? '';
  const fs = q.get('fieldSelector') ?? '';
  let labels: Selector = [];
  try {
    labels = ls ? parseSelector(ls) : [];
  } catch (e) {
    if (e instanceof SelectorParseError) throw badRequest(e.message);
    throw e;
  }
  let fieldsOk: (o: KubeObject) => boolean;
  try {
    fieldsOk = fieldMatcher(parseFieldSelector(fs), type);
  } catch (e) {
    // The server's own message: kubectl adds its `Unable to find ... that match` around it.
    if (e instanceof FieldSelectorError) throw badRequest(e.message);
    throw e;
  }
  return (o) => matches(labels, o.metadata.labels) && fieldsOk(o);
}

/** A DELETE's options, from its query and its body: DeleteOptions in JSON, or in protobuf as kubectl's typed clients send them. */
function deleteOptions(q: URLSearchParams, body: Buffer, media = ''): DeleteOptions {
  const out: DeleteOptions = {};
  let fromBody: Record<string, any> = {};
  if (body.length) fromBody = (media === PROTOBUF_TYPE ? protobufBody(body) : parseJsonBody(body)) as unknown as Record<string, any>;
  const policy = q.get('propagationPolicy') ?? fromBody.propagationPolicy;
  if (policy !== undefined && policy !== null) {
    if (!['Background', 'Foreground', 'Orphan'].includes(policy)) {
      throw status(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`);
    }
    out.propagationPolicy = policy;
  } else if (fromBody.orphanDependents === true || q.get('orphanDependents') === 'true') {
    out.propagationPolicy = 'Orphan';
  }
  const grace = q.get('gracePeriodSeconds') ?? fromBody.gracePeriodSeconds;
  if (grace !== undefined && grace !== null) out.gracePeriodSeconds = Number(grace);
  if (Array.isArray(fromBody.dryRun) && fromBody.dryRun.includes('All')) out.dryRun = true;
  return out;
}

/** A custom resource is pruned by its CRD's schema inside ApiServer: it is told the mode (the server's default is Warn). */
function customFieldValidation(q: URLSearchParams, warnings: string[], fallback = 'Warn'): { fieldValidation: FieldValidation; warnings: string[] } {
  return { fieldValidation: (q.get('fieldValidation') ?? fallback) as FieldValidation, warnings };
}

function warningHeaders(warnings: string[]): Record<string, string> | undefined {
  if (warnings.length === 0) return undefined;
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

/**
 * Why a process cannot start in the container (exec, attach): the API server's error thrown, or the
 * kubelet's answer for a container that does not run, in plain text (kubectl: `unable to upgrade
 * connection: container not found ("x")`); undefined when it can.
 */
function refusedContainer(pod: KubeObject, container: string): Reply | undefined {
  try {
    checkExecContainer(pod, container);
    return undefined;
  } catch (e) {
    if (e instanceof ContainerNotRunning) return { code: 404, body: `container not found ("${container}")`, headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
    throw e;
  }
}

/**
 * A write's reply with the warnings it raised; a refusal (an ApiError) carries those raised before
 * it, as the API server's Warning headers go with any response.
 */
function withWarnings(warnings: string[], write: () => Reply): Reply {
  let reply: Reply;
  try {
    reply = write();
  } catch (e) {
    if (!(e instanceof ApiError) || warnings.length === 0) throw e;
    reply = errorReply(e);
  }
  return warned(reply, warnings);
}

function withWarning(warning: string, reply: Reply | undefined): Reply | undefined {
  return reply && warned(reply, [warning]);
}

function warned(reply: Reply, warnings: string[]): Reply {
  return { ...reply, headers: { ...reply.headers, ...warningHeaders(warnings) } };
}

/** A portforward request's `ports` (repeated or comma separated), as the kubelet reads them. */
function forwardedPorts(q: URLSearchParams): number[] {
  return q.getAll('ports').flatMap((v) => v.split(',')).map((p) => {
    const text = p.trim();
    if (!/^\d+$/.test(text) || Number(text) > 65535) throw badRequest(`unable to parse "${text}" as a port: strconv.ParseUint: parsing ${JSON.stringify(text)}: ${/^\d+$/.test(text) ? 'value out of range' : 'invalid syntax'}`);
    if (Number(text) === 0) throw badRequest(`port "${text}" must be > 0`);
    return Number(text);
  });
}

/** A path under a group version that names a resource (`/api/v1/pods`, not `/api/v1` or `/apis/apps`). */
function isResourcePath(path: string): boolean {
  const segs = path.split('/').filter(Boolean);
  return (segs[0] === 'api' && segs.length >= 3) || (segs[0] === 'apis' && segs.length >= 4);
}

/** What a resource request asks to do, as the API server's RequestInfo names it for the authorizer. */
function accessOf(method: string, q: URLSearchParams, t: Target): AccessAttributes {
  const named = t.name !== undefined;
  const verbs: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch' };
  const verb =
    method === 'GET' ? (named ? 'get' : goBool(q.get('watch')) ? 'watch' : 'list')
    : method === 'DELETE' ? (named ? 'delete' : 'deletecollection')
    : (verbs[method] ?? method.toLowerCase());
  return { verb, namespace: t.namespace ?? '', group: t.type.group, resource: t.type.plural, subresource: t.subresource ?? '', name: t.name ?? '' };
}

/** The media type a request's body is in: its Content-Type without parameters. */
function mediaTypeOf(req: ApiRequest): string {
  return String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
}

/** A request body in the media types the API server reads (protobuf only for built-in kinds). */
function decodeBody(body: Buffer, t: Target, media: string): KubeObject {
  if (media === '' || media === JSON_TYPE) return parseJsonBody(body);
  if (media === 'application/yaml') return parseApplyBody(body.toString('utf8'));
  if (media === PROTOBUF_TYPE && !t.type.custom) return protobufBody(body);
  throw status(415, 'UnsupportedMediaType', t.type.custom ? BODY_FORMATS : `${BODY_FORMATS}, ${PROTOBUF_TYPE}`);
}

function parseJsonBody(body: Buffer): KubeObject {
  const text = body.toString('utf8');
  try {
    // A number is decoded as Go decodes it into its field (`1.0` is no int32), so its literal is kept.
    const v = parseJson(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as KubeObject;
  } catch {
    throw badRequest(`couldn't get version/kind; json parse error: ${goJsonSyntaxError(text) ?? 'invalid JSON'}`);
  }
}

function parseApplyBody(text: string): KubeObject {
  try {
    return parseJsonBody(Buffer.from(text));
  } catch {
    const docs = parseYamlDocuments('apply', text);
    const doc = docs[0];
    if (!doc || typeof doc !== 'object') throw badRequest('error decoding YAML: the applied configuration is not an object');
    return doc as KubeObject;
  }
}

/** A reply's body as the API server writes it to a program's client: text as it is, an object as json.Encoder writes it (a line). */
export function replyText(r: Reply): string | Buffer {
  return Buffer.isBuffer(r.body) ? r.body : typeof r.body === 'string' ? r.body : `${JSON.stringify(r.body)}\n`;
}

/** A reply's headers as written: JSON unless they say otherwise, a header with an empty value left out. */
export function replyHeaders(r: Reply): Array<[string, string]> {
  return Object.entries({ 'Content-Type': JSON_TYPE, ...(r.headers ?? {}) }).filter(([, v]) => v !== '');
}

/** A reply written as the response, its length counted. */
export function send(res: ServerResponse, r: Reply): void {
  const text = replyText(r);
  res.writeHead(r.code, [...replyHeaders(r).flat(), 'Content-Length', String(Buffer.byteLength(text))]);
  res.end(text);
}

/** Any failure as the Status a real API server sends. */
function errorReply(e: unknown): Reply {
  if (e instanceof ApiError) return { code: e.code, body: e.toStatus() };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 500, body: status(500, 'InternalError', `Internal error occurred: ${message}`).toStatus() };
}

/** The request's fieldManager, else the User-Agent up to its first `/` (`kubectl`), as the API server derives it. */
function fieldManagerOf(req: ApiRequest, q: URLSearchParams): string {
  const given = q.get('fieldManager');
  if (given) return given;
  const agent = String(req.headers['user-agent'] ?? '');
  return agent.split('/')[0]!.slice(0, 128);
}

/** An apply patch must name its manager. */
function applyManagerOf(q: URLSearchParams): string {
  const given = q.get('fieldManager');
  if (!given) {
    throw new ApiError('Invalid', 422, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
      group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }],
    });
  }
  return given;
}

/** A path with its %XX escapes decoded; as sent when an escape is malformed. */
function unescapedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
