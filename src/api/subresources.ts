/**
 * The status and scale subresources as kube-apiserver v1.32 serves them, shared by `serve`
 * (GET/PUT/PATCH on .../NAME/status and .../NAME/scale) and the CLI's `--subresource` (get,
 * replace, patch): which types have them (discovery's list), the autoscaling/v1 Scale of an
 * object (built-in or custom), and writes through either. A type without the subresource has no
 * such path: the API server answers its generic 404, whatever the object.
 */
import { subresourcesOf } from '../serve/discovery.js';
import { ApiError, badRequest, conflict } from '../errors.js';
import { crdFor } from './crd/resources.js';
import { checkScaleReplicasDecode, scaleSpec } from './scale-replicas.js';
import { customScale, readPath, scalePaths, writePath, type ScalePaths } from './crd/scale.js';
import { formatLabels, fromLabelSelector, selectorString } from './labels.js';
import { apiVersionOf, type ResourceType } from './registry.js';
import type { ApiServer, WriteOptions } from './server.js';
import { deepClone, type KubeObject } from './types.js';

/** The API server's answer for a path it does not serve (an unknown subresource, or one the type lacks). */
export function noSuchPath(): ApiError {
  return new ApiError('NotFound', 404, 'the server could not find the requested resource');
}

function serves(api: ApiServer, type: ResourceType, subresource: string): boolean {
  return subresourcesOf(type, type.custom ? crdFor(api, type) : undefined).some((s) => s.name === subresource);
}

/** The subresources written as the object itself (GET, PUT, PATCH) or as its Scale. */
const WRITTEN = new Set(['status', 'scale', 'ephemeralcontainers']);

/** Fails with the generic 404 unless the type serves `subresource` (`status`, `scale`, a pod's `ephemeralcontainers`: others are not served here). */
export function requireSubresource(api: ApiServer, type: ResourceType, subresource: string): void {
  if (!WRITTEN.has(subresource) || !serves(api, type, subresource)) throw noSuchPath();
}

/** The scale paths of a custom type (its CRD's version), undefined for a built-in one. */
function customPaths(api: ApiServer, type: ResourceType): ScalePaths | undefined {
  return type.custom ? scalePaths(crdFor(api, type), apiVersionOf(type)) : undefined;
}

/** The Scale of a built-in scalable object: its selector as labels.Selector prints it (sorted by key). */
function builtinScale(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Record<string, any>;
  const status = (obj.status ?? {}) as Record<string, any>;
  // A ReplicationController's selector is a map (labels.SelectorFromSet); the apps kinds' a LabelSelector.
  const selector = obj.kind === 'ReplicationController' ? (spec.selector ? formatLabels(spec.selector) : '') : selectorString(fromLabelSelector(spec.selector) ?? []);
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: scaleSpec(spec.replicas),
    status: { replicas: status.replicas ?? 0, ...(selector && selector !== '<none>' ? { selector } : {}) },
  } as KubeObject;
}

/**
 * The Scale GET .../scale answers for a live object (its type must serve scale). A custom resource
 * without the spec replicas field is an internal error there (`strict`); a write starts from 0.
 */
export function scaleFor(api: ApiServer, type: ResourceType, obj: KubeObject, strict = true): KubeObject {
  const paths = customPaths(api, type);
  if (!paths) return builtinScale(obj);
  if (strict && readPath(obj, paths.specReplicasPath) === undefined) {
    throw new ApiError('InternalError', 500, `Internal error occurred: the spec replicas field ${JSON.stringify(paths.specReplicasPath)} does not exist`);
  }
  return customScale(obj, paths);
}

/** An object's spec replicas as its Scale gives them; undefined when its type serves no scale subresource. */
export function scaledReplicas(api: ApiServer, type: ResourceType, obj: KubeObject): number | undefined {
  if (!serves(api, type, 'scale')) return undefined;
  const replicas = (scaleFor(api, type, obj, false).spec as { replicas?: unknown } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : 0;
}

/** GET .../NAME/status or .../NAME/ephemeralcontainers (the whole object) or .../NAME/scale (its Scale). */
export function getSubresource(api: ApiServer, type: ResourceType, namespace: string | undefined, name: string, subresource: string): KubeObject {
  requireSubresource(api, type, subresource);
  const obj = api.get(type, namespace, name);
  return subresource === 'scale' ? scaleFor(api, type, obj) : obj;
}

/** PUT .../NAME/status: only the status of `input` is written (the registry's status strategy). */
export function updateStatus(api: ApiServer, type: ResourceType, input: KubeObject, opts: WriteOptions = {}): KubeObject {
  requireSubresource(api, type, 'status');
  return api.update(input, { ...opts, subresource: 'status' });
}

/** What a PUT body to .../scale must be: an autoscaling/v1 Scale (the kind and version default to it). */
function checkScaleBody(body: KubeObject): void {
  const kind = body.kind || 'Scale';
  const apiVersion = body.apiVersion || 'autoscaling/v1';
  if (kind === 'Scale' && apiVersion === 'autoscaling/v1') return;
  // The scale endpoint decodes into a Scale; another kind fails the conversion (`converting (v1.Deployment) to (autoscaling.Scale)`).
  const slash = apiVersion.indexOf('/');
  const version = apiVersion.slice(slash + 1);
  throw badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a Scale: converting (${version}.${kind}) to (autoscaling.Scale): unknown conversion`);
}

/**
 * ScaleUpdatedObjectInfo: the Scale's spec.replicas (validated) written to the object, preconditions
 * checked. A Scale without replicas (absent, or null) is decoded as Go decodes an int32 left out: 0.
 */
function writeScale(api: ApiServer, type: ResourceType, live: KubeObject, scale: KubeObject, opts: WriteOptions): KubeObject {
  const name = live.metadata.name ?? '';
  checkScaleReplicasDecode(scale.spec?.replicas);
  const replicas = scale.spec?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    const message = `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`;
    throw new ApiError('Invalid', 422, `Scale.autoscaling "${name}" is invalid: spec.replicas: ${message}`, {
      name, group: 'autoscaling', kind: 'Scale', causes: [{ field: 'spec.replicas', message }],
    });
  }
  const uid = scale.metadata?.uid;
  if (uid && uid !== live.metadata.uid) {
    const resource = `${type.plural}/scale${type.group ? `.${type.group}` : ''}`;
    throw new ApiError('Conflict', 409, `Operation cannot be fulfilled on ${resource} "${name}": Precondition failed: UID in precondition: ${uid}, UID in object meta: ${live.metadata.uid}`, {
      name, group: type.group, kind: `${type.plural}/scale`,
    });
  }
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== live.metadata.resourceVersion) throw conflict(type.plural, type.group, name);
  const updated = deepClone(live);
  const paths = customPaths(api, type);
  if (paths) writePath(updated, paths.specReplicasPath, replicas);
  else updated.spec = { ...(updated.spec ?? {}), replicas };
  return scaleFor(api, type, api.update(updated, { ...opts, subresource: 'scale' }));
}

/** PUT .../NAME/scale with `body` (an autoscaling/v1 Scale); answers the new Scale. */
export function updateScale(api: ApiServer, type: ResourceType, namespace: string | undefined, name: string, body: KubeObject, opts: WriteOptions = {}): KubeObject {
  requireSubresource(api, type, 'scale');
  checkScaleBody(body);
  return writeScale(api, type, api.get(type, namespace, name), body, opts);
}

/** PATCH .../NAME/scale: `patch` turns the current Scale into the new one; answers the new Scale. */
export function patchScale(api: ApiServer, type: ResourceType, live: KubeObject, patch: (scale: KubeObject) => KubeObject, opts: WriteOptions = {}): KubeObject {
  requireSubresource(api, type, 'scale');
  const patched = patch(scaleFor(api, type, live, false));
  // The patched Scale keeps the live resourceVersion unless the patch set another one.
  return writeScale(api, type, live, patched, opts);
}

/** PUT .../NAME/ephemeralcontainers: only the pod's spec.ephemeralContainers of `input` are written. */
export function updateEphemeralContainers(api: ApiServer, type: ResourceType, input: KubeObject, opts: WriteOptions = {}): KubeObject {
  requireSubresource(api, type, 'ephemeralcontainers');
  return api.update(input, { ...opts, subresource: 'ephemeralcontainers' });
}

/** PUT .../NAME/SUBRESOURCE with `input` as `replace --subresource` sends it (the file's object). */
export function replaceSubresource(api: ApiServer, type: ResourceType, input: KubeObject, subresource: string, opts: WriteOptions = {}): KubeObject {
  if (subresource === 'scale') {
    const meta = input.metadata ?? {};
    return updateScale(api, type, type.namespaced ? meta.namespace || 'default' : undefined, meta.name ?? '', input, opts);
  }
  if (subresource === 'ephemeralcontainers') return updateEphemeralContainers(api, type, input, opts);
  return subresource === 'status' ? updateStatus(api, type, input, opts) : (requireSubresource(api, type, subresource) as never);
}
