/**
 * Writing a custom resource as the apiextensions-apiserver does, in its order: decoding (unknown
 * fields pruned, refused or warned about as fieldValidation says; defaults), the strategy (status
 * kept apart when the version has a status subresource), then validation (metadata, the schema,
 * x-kubernetes-validations) and storage at the storage version (conversion None: only apiVersion
 * changes). ApiServer calls in at those three points.
 */
import { ApiError, badRequest, invalid, type StatusCause } from '../../errors.js';
import type { ResourceType } from '../registry.js';
import type { ApiServer } from '../server.js';
import type { KubeObject } from '../types.js';
import { checkObjectMeta } from '../validation/semantic.js';
import { hasRules, validateRules } from './cel.js';
import { applyDefaults, prune, validate, type Schema } from './schema.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface CustomWrite {
  crd: KubeObject;
  version: string;
  schema: Schema | undefined;
  /** The version serves /status: the main resource cannot change status, and /status nothing else. */
  statusSubresource: boolean;
}

const CRD_COLLECTION = 'apiextensions.k8s.io/customresourcedefinitions';

interface StoreView {
  store: { get(collection: string, key: string): unknown };
}

export function crdFor(api: StoreView, type: ResourceType): KubeObject | undefined {
  return api.store.get(CRD_COLLECTION, `${type.plural}.${type.group}`) as KubeObject | undefined;
}

/** Every CRD, as the server reads them for itself (the OpenAPI documents), whoever the request is from. */
export function allCrds(api: ApiServer): KubeObject[] {
  return api.asSystem().list(api.registry.lookup('customresourcedefinitions.apiextensions.k8s.io')!);
}

function versionOf(apiVersion: string | undefined): string {
  const s = apiVersion ?? '';
  return s.slice(s.indexOf('/') + 1);
}

export function versionSpec(crd: KubeObject, version: string): Record<string, any> | undefined {
  return (crd.spec?.versions ?? []).find((v: any) => v?.name === version);
}

/**
 * The decoding step: prunes unknown fields (Strict refuses them as a strict decoding error, Warn
 * reports them in `warnings`), drops status on create when /status is served, and fills in defaults.
 */
export function decodeCustomResource(
  api: StoreView,
  obj: KubeObject,
  type: ResourceType,
  opts: { fieldValidation?: FieldValidation; warnings?: string[]; create?: boolean },
): CustomWrite | undefined {
  const crd = crdFor(api, type);
  if (!crd) return undefined;
  // The custom resource handler refuses new objects while the CRD finalizer removes them.
  if (opts.create && (crd.status?.conditions ?? []).some((c: any) => c?.type === 'Terminating' && c.status === 'True')) {
    throw new ApiError('MethodNotAllowed', 405, 'create not allowed while custom resource definition is terminating', { group: type.group, kind: type.plural });
  }
  const version = versionOf(obj.apiVersion);
  const spec = versionSpec(crd, version);
  const schema = spec?.schema?.openAPIV3Schema as Schema | undefined;
  const statusSubresource = !!spec?.subresources?.status;
  const unknown = prune(obj, schema);
  const mode = opts.fieldValidation ?? 'Strict';
  if (unknown.length && mode === 'Strict') {
    const kind = obj.kind;
    const fields = unknown.map((p) => `unknown field "${p}"`).join(', ');
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${fields}`);
  }
  if (mode === 'Warn') opts.warnings?.push(...unknown.map((p) => `unknown field "${p}"`));
  if (opts.create && statusSubresource) delete obj.status;
  applyDefaults(obj, schema);
  return { crd, version, schema, statusSubresource };
}

/**
 * Validation after the strategy: metadata, then the schema, then CEL rules (the evaluator is
 * loaded only when the schema has some). Throws the API server's Invalid error. Then the object
 * is put at the storage version.
 */
export function admitCustomResource(w: CustomWrite, obj: KubeObject, type: ResourceType, old?: KubeObject): void {
  const causes: StatusCause[] = [];
  checkObjectMeta(causes, obj, true);
  if (w.schema) {
    validate(obj, w.schema, '', causes);
    celCauses(w.schema, obj, old, causes);
  }
  if (causes.length) throw invalid(type.kind, type.group, obj.metadata?.name ?? '', causes);
  const storage = (w.crd.spec?.versions ?? []).find((v: any) => v?.storage)?.name;
  if (storage && storage !== w.version) {
    obj.apiVersion = `${type.group}/${storage}`;
    // What is read back from storage is pruned and defaulted by the storage version's schema.
    const stored = versionSpec(w.crd, storage)?.schema?.openAPIV3Schema as Schema | undefined;
    prune(obj, stored);
    applyDefaults(obj, stored);
  }
}

function celCauses(schema: Schema, obj: KubeObject, old: KubeObject | undefined, out: StatusCause[]): void {
  // The rule walker is small; the CEL evaluator it requires is loaded on the first rule only.
  if (!hasRules(schema)) return;
  // Type errors (format errors are type errors too) keep the rules from running, as they say.
  if (out.some((c) => c.message.includes(' in body must be of type '))) {
    out.push({
      field: '<nil>',
      message: 'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    });
    return;
  }
  validateRules(obj, old, schema, '', out);
}

/** Whether an update changed anything besides metadata (the generation of a custom resource moves then). */
export function contentChanged(live: KubeObject, obj: KubeObject, equal: (a: unknown, b: unknown) => boolean): boolean {
  const strip = (o: KubeObject) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'metadata'));
  return !equal(strip(live), strip(obj));
}
