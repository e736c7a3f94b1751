/**
 * Field selectors as the API server takes them: apimachinery's fields.ParseSelector (its terms in
 * sorted order, values unescaped), then each label through the kind's field label conversion (the
 * funcs registered in pkg/apis/<group>/<version>/conversion.go, or the metadata-only default for a
 * kind that has none), then matched against what the kind's registry strategy makes selectable.
 */
import type { ResourceType } from './registry.js';
import type { KubeObject } from './types.js';

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

export class FieldSelectorError extends Error {}

/** Splits on unescaped commas. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      cur += ch + text[i + 1];
      i++;
    } else if (ch === ',') {
      terms.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  terms.push(cur);
  return terms;
}

const OPERATORS = ['!=', '==', '='] as const;

/** apimachinery's UnescapeValue: `\\`, `\,` and `\=` are the only escapes, and `,` or `=` must be escaped. */
function unescape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === ',' || ch === '=') throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${ch}`);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = value[i + 1];
    if (next === undefined || !'\\,='.includes(next)) throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${next ?? ''}`);
    out += next;
    i++;
  }
  return out;
}

/**
 * Parses `--field-selector` text; throws FieldSelectorError with apimachinery's message. The terms
 * are taken in sorted order, as the server takes them: the one a complaint names is the first bad
 * term in that order, not in the order written.
 */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  for (const term of splitTerms(text).sort()) {
    if (term === '') continue;
    let found: FieldRequirement | undefined;
    for (let i = 0; i < term.length && !found; i++) {
      const op = OPERATORS.find((o) => term.startsWith(o, i));
      if (op) found = { field: term.slice(0, i), operator: op, value: unescape(term.slice(i + op.length)) };
    }
    if (!found) throw new FieldSelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    reqs.push(found);
  }
  return reqs;
}

type FieldGetter = (obj: any) => string;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const bool = (v: unknown): string => (v === true ? 'true' : 'false');

/** What the registry strategy makes selectable beyond the metadata fields, for the labels a kind's conversion func takes. */
const POD_FIELDS: Record<string, FieldGetter> = {
  'spec.nodeName': (o) => str(o.spec?.nodeName),
  // The conversion's alias for old clients, read as spec.nodeName.
  'spec.host': (o) => str(o.spec?.nodeName),
  'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
  'spec.schedulerName': (o) => str(o.spec?.schedulerName),
  'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
  'spec.hostNetwork': (o) => bool(o.spec?.hostNetwork),
  'status.phase': (o) => str(o.status?.phase),
  'status.podIP': (o) => str(o.status?.podIPs?.[0]?.ip ?? o.status?.podIP),
  // Taken by the conversion, but the strategy never sets it: it reads as empty.
  'status.podIPs': () => '',
  'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
};

const EVENT_FIELDS: Record<string, FieldGetter> = {
  'involvedObject.kind': (o) => str(o.involvedObject?.kind),
  'involvedObject.namespace': (o) => str(o.involvedObject?.namespace),
  'involvedObject.name': (o) => str(o.involvedObject?.name),
  'involvedObject.uid': (o) => str(o.involvedObject?.uid),
  'involvedObject.apiVersion': (o) => str(o.involvedObject?.apiVersion),
  'involvedObject.resourceVersion': (o) => str(o.involvedObject?.resourceVersion),
  'involvedObject.fieldPath': (o) => str(o.involvedObject?.fieldPath),
  reason: (o) => str(o.reason),
  reportingComponent: (o) => str(o.reportingComponent),
  // The source's component, or the reporting controller when it has none (an events.k8s.io/v1 Event's).
  source: (o) => str(o.source?.component || o.reportingComponent),
  type: (o) => str(o.type),
};

/** events.k8s.io/v1's field labels, mapped to the core ones of the Events stored (its field label conversion). */
const EVENTS_V1_FIELDS: Record<string, FieldGetter> = {
  reason: EVENT_FIELDS.reason!,
  ...Object.fromEntries(
    ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((f) => [`regarding.${f}`, EVENT_FIELDS[`involvedObject.${f}`]!]),
  ),
  reportingController: EVENT_FIELDS.reportingComponent!,
  type: EVENT_FIELDS.type!,
};

const notSupported = (label: string) => `field label not supported: ${label}`;

/** A kind with a field label conversion of its own: the labels it takes, and how it refuses the others. */
interface Conversion {
  fields: Record<string, FieldGetter>;
  refuse?: (label: string) => string;
}

/**
 * The kinds that register a field label conversion (core/v1, events.k8s.io/v1, batch/v1 and
 * certificates.k8s.io/v1). The apps group registers none: a ReplicaSet's status.replicas, which its
 * strategy could match, is refused as any other label is (kubernetes/kubernetes#135136).
 */
const CONVERSIONS: Record<string, Conversion> = {
  '/Pod': { fields: POD_FIELDS },
  '/Event': { fields: EVENT_FIELDS },
  'events.k8s.io/Event': { fields: EVENTS_V1_FIELDS },
  '/Node': { fields: { 'spec.unschedulable': (o) => bool(o.spec?.unschedulable) } },
  '/Namespace': { fields: { 'status.phase': (o) => str(o.status?.phase) } },
  '/Secret': { fields: { type: (o) => str(o.type) } },
  '/Service': { fields: { 'spec.clusterIP': (o) => str(o.spec?.clusterIP), 'spec.type': (o) => str(o.spec?.type) } },
  '/ReplicationController': { fields: { 'status.replicas': (o) => str(o.status?.replicas ?? 0) } },
  'batch/Job': { fields: { 'status.successful': (o) => str(o.status?.succeeded ?? 0) }, refuse: (label) => `field label ${JSON.stringify(label)} not supported for Job` },
  'certificates.k8s.io/CertificateSigningRequest': { fields: { 'spec.signerName': (o) => str(o.spec?.signerName) } },
};

/**
 * runtime.DefaultMetaV1FieldSelectorConversion, for a built-in kind with no conversion of its own:
 * metadata.name and metadata.namespace (which a cluster-scoped object does not have: it reads as
 * empty), and its own wording for the rest.
 */
const DEFAULT_CONVERSION: Conversion = {
  fields: {},
  refuse: (label) => `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

/** The labels a request on `type` may select on, and how the others are refused. */
function conversionOf(type: ResourceType): Required<Conversion> {
  const own = CONVERSIONS[`${type.group}/${type.kind}`];
  // A custom resource is refused with the conversion funcs' wording (kubectl-lite keeps no selectableFields).
  const conversion = own ?? (type.custom ? { fields: {} } : DEFAULT_CONVERSION);
  const fields: Record<string, FieldGetter> = { 'metadata.name': (o) => str(o.metadata?.name) };
  if (type.namespaced || (!own && !type.custom)) fields['metadata.namespace'] = (o) => str(o.metadata?.namespace);
  return { fields: { ...fields, ...conversion.fields }, refuse: conversion.refuse ?? notSupported };
}

/**
 * A predicate over objects of `type`; throws FieldSelectorError for the first label (in the
 * selector's sorted order) the kind's conversion does not take.
 */
export function fieldMatcher(reqs: FieldRequirement[], type: ResourceType): (obj: KubeObject) => boolean {
  const { fields, refuse } = conversionOf(type);
  const checks = reqs.map((r) => {
    const get = Object.hasOwn(fields, r.field) ? fields[r.field] : undefined;
    if (!get) throw new FieldSelectorError(refuse(r.field));
    return (obj: KubeObject) => {
      const v = get(obj);
      return r.operator === '!=' ? v !== r.value : v === r.value;
    };
  });
  return (obj) => checks.every((c) => c(obj));
}
