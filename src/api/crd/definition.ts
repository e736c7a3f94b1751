/**
 * A CustomResourceDefinition written through the API: its defaults (singular, listKind,
 * conversion None), the checks that refuse it (name, one storage version, schemas present and
 * structural, CEL rules that compile), and the status the apiextensions controllers give it
 * (acceptedNames, NamesAccepted and Established, storedVersions).
 */
import { invalid, type StatusCause } from '../../errors.js';
import type { KubeObject } from '../types.js';
import { renderValue } from '../validation/semantic.js';
import { compileError } from './cel.js';
import type { Schema } from './schema.js';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural schema: every specified field has a type, except int-or-string and preserved ones. */
function structural(s: Schema, path: string, out: StatusCause[], rules: Array<{ path: string; rule: string }>, level: 'root' | 'field' | 'item'): void {
  const typeless = !s.type && !s['x-kubernetes-int-or-string'] && !s['x-kubernetes-preserve-unknown-fields'];
  if (level === 'root' && !s.type) out.push({ field: `${path}.type`, message: 'Required value: must not be empty at the root' });
  else if (level === 'root' && s.type !== 'object') out.push({ field: `${path}.type`, message: `Invalid value: ${renderValue(s.type)}: must be object at the root` });
  else if (typeless && level === 'field') out.push({ field: `${path}.type`, message: 'Required value: must not be empty for specified object fields' });
  else if (typeless && level === 'item') out.push({ field: `${path}.type`, message: 'Required value: must not be empty for specified array items' });
  if (s['x-kubernetes-int-or-string'] && s.type) {
    out.push({ field: `${path}.type`, message: 'Invalid value: ' + renderValue(s.type) + ': must be empty to be structural' });
  }
  if (isObj(s.properties) && isObj(s.additionalProperties)) {
    out.push({ field: `${path}.additionalProperties`, message: 'Forbidden: additionalProperties and properties are mutual exclusive' });
  }
  (s['x-kubernetes-validations'] ?? []).forEach((r, i) => {
    if (typeof r?.rule === 'string') rules.push({ path: `${path}.x-kubernetes-validations[${i}].rule`, rule: r.rule });
  });
  for (const [k, sub] of Object.entries(s.properties ?? {})) if (isObj(sub)) structural(sub, `${path}.properties[${k}]`, out, rules, 'field');
  if (isObj(s.additionalProperties)) structural(s.additionalProperties as Schema, `${path}.additionalProperties`, out, rules, 'field');
  if (isObj(s.items)) structural(s.items, `${path}.items`, out, rules, 'item');
}

/** Defaults and checks on create and update; throws the API server's Invalid error. */
export function prepareDefinition(crd: KubeObject, live: KubeObject | undefined, now: string): void {
  const spec: Obj = isObj(crd.spec) ? crd.spec : {};
  const names: Obj = isObj(spec.names) ? spec.names : {};
  if (names.kind) {
    names.singular ||= String(names.kind).toLowerCase();
    names.listKind ||= `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
  const causes: StatusCause[] = [];
  const name = crd.metadata?.name ?? '';
  if (spec.group && names.plural && name !== `${names.plural}.${spec.group}`) {
    causes.push({ field: 'metadata.name', message: `Invalid value: ${renderValue(name)}: must be spec.names.plural+"."+spec.group` });
  }
  const versions: Obj[] = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
  const storage = versions.filter((v) => v.storage === true);
  if (versions.length && storage.length !== 1) {
    causes.push({ field: 'spec.versions', message: `Invalid value: ${renderValue(versions.map((v) => v.name))}: must have exactly one version marked as storage version` });
  }
  const rules: Array<{ path: string; rule: string }> = [];
  versions.forEach((v, i) => {
    const at = `spec.versions[${i}].schema.openAPIV3Schema`;
    const schema = v.schema?.openAPIV3Schema;
    if (!isObj(schema)) causes.push({ field: at, message: 'Required value: schemas are required' });
    else structural(schema, at, causes, rules, 'root');
  });
  // Only a CRD with rules loads the CEL evaluator.
  if (causes.length === 0) {
    for (const r of rules) {
      const err = compileError(r.rule);
      if (err) causes.push({ field: r.path, message: `Invalid value: ${renderValue(r.rule)}: ${err}` });
    }
  }
  if (causes.length) throw invalid('CustomResourceDefinition', 'apiextensions.k8s.io', name, causes);
  crd.status = definitionStatus(crd, live, now);
}

function condition(type: string, reason: string, message: string, live: KubeObject | undefined, now: string): Obj {
  const old = (live?.status?.conditions ?? []).find((c: Obj) => c.type === type && c.status === 'True');
  return { type, status: 'True', lastTransitionTime: old?.lastTransitionTime ?? now, reason, message };
}

function definitionStatus(crd: KubeObject, live: KubeObject | undefined, now: string): Obj {
  const names: Obj = crd.spec?.names ?? {};
  const accepted: Obj = { plural: names.plural, singular: names.singular };
  if (names.shortNames?.length) accepted.shortNames = names.shortNames;
  accepted.kind = names.kind;
  accepted.listKind = names.listKind;
  if (names.categories?.length) accepted.categories = names.categories;
  const storage = (crd.spec?.versions ?? []).find((v: Obj) => v?.storage)?.name;
  const stored: string[] = [...(live?.status?.storedVersions ?? [])];
  if (storage && !stored.includes(storage)) stored.push(storage);
  // Conditions other controllers set (Terminating, while the CRD finalizer works) stay.
  const others = (live?.status?.conditions ?? []).filter((c: Obj) => c?.type !== 'NamesAccepted' && c?.type !== 'Established');
  return {
    conditions: [
      condition('NamesAccepted', 'NoConflicts', 'no conflicts found', live, now),
      condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted', live, now),
      ...others,
    ],
    acceptedNames: accepted,
    storedVersions: stored,
  };
}

export const isDefinition = (t: { group: string; kind: string }): boolean => t.kind === 'CustomResourceDefinition' && t.group === 'apiextensions.k8s.io';

/** The finalizer the API server adds to a CRD on delete; the CRD finalizer removes its custom resources, then it. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/** SetCRDCondition: replaces the condition of that type (its transition time kept unless the status changes), or appends it. */
export function withCondition(status: Obj | undefined, cond: { type: string; status: string; reason: string; message: string }, now: string): Obj {
  const conditions: Obj[] = [...(status?.conditions ?? [])];
  const i = conditions.findIndex((c) => c?.type === cond.type);
  const old = i >= 0 ? conditions[i] : undefined;
  const next = { type: cond.type, status: cond.status, lastTransitionTime: old && old.status === cond.status ? old.lastTransitionTime : now, reason: cond.reason, message: cond.message };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
  return { ...(status ?? {}), conditions };
}

/** What the CRD registry's Delete does on the first request: the cleanup finalizer and the Terminating condition. */
export function markDefinitionDeleting(crd: KubeObject, now: string): void {
  const finalizers: string[] = crd.metadata.finalizers ?? [];
  if (!finalizers.includes(CRD_CLEANUP_FINALIZER)) crd.metadata.finalizers = [...finalizers, CRD_CLEANUP_FINALIZER];
  crd.status = withCondition(crd.status, {
    type: 'Terminating', status: 'True', reason: 'InstanceDeletionPending', message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
  }, now);
}
