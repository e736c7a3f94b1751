/**
 * Field selectors (apimachinery fields.ParseSelector + each kind's GetAttrs): parsing with
 * the server's error texts, the fields each kind supports, and matching.
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

function unescape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
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

/** Parses `--field-selector` text; throws FieldSelectorError with apimachinery's message. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  for (const term of splitTerms(text)) {
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

type FieldGetter = (obj: any) => string | undefined;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const bool = (v: unknown): string => (v === true ? 'true' : 'false');

const POD_FIELDS: Record<string, FieldGetter> = {
  'spec.nodeName': (o) => str(o.spec?.nodeName),
  'spec.host': (o) => str(o.spec?.nodeName),
  'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
  'spec.schedulerName': (o) => str(o.spec?.schedulerName),
  'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
  'spec.hostNetwork': (o) => bool(o.spec?.hostNetwork),
  'status.phase': (o) => str(o.status?.phase),
  'status.podIP': (o) => str(o.status?.podIPs?.[0]?.ip ?? o.status?.podIP),
  'status.podIPs': (o) => str(o.status?.podIPs?.[0]?.ip ?? o.status?.podIP),
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
  source: (o) => str(o.source?.component),
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

const KIND_FIELDS: Record<string, Record<string, FieldGetter>> = {
  '/Pod': POD_FIELDS,
  '/Event': EVENT_FIELDS,
  'events.k8s.io/Event': EVENTS_V1_FIELDS,
  '/Node': { 'spec.unschedulable': (o) => bool(o.spec?.unschedulable) },
  '/Namespace': { 'status.phase': (o) => str(o.status?.phase) },
  '/Secret': { type: (o) => str(o.type) },
  '/Service': { 'spec.clusterIP': (o) => str(o.spec?.clusterIP), 'spec.type': (o) => str(o.spec?.type) },
  '/ReplicationController': { 'status.replicas': (o) => str(o.status?.replicas ?? 0) },
  'apps/ReplicaSet': { 'status.replicas': (o) => str(o.status?.replicas ?? 0) },
  'batch/Job': { 'status.successful': (o) => str(o.status?.succeeded ?? 0) },
};

function fieldsOf(type: ResourceType): Record<string, FieldGetter> {
  const common: Record<string, FieldGetter> = { 'metadata.name': (o) => str(o.metadata?.name) };
  if (type.namespaced) common['metadata.namespace'] = (o) => str(o.metadata?.namespace);
  return { ...common, ...(KIND_FIELDS[`${type.group}/${type.kind}`] ?? {}) };
}

/** A predicate over objects of `type`; throws FieldSelectorError for a field the kind does not support. */
export function fieldMatcher(reqs: FieldRequirement[], type: ResourceType): (obj: KubeObject) => boolean {
  const fields = fieldsOf(type);
  const checks = reqs.map((r) => {
    const get = fields[r.field];
    if (!get) throw new FieldSelectorError(`field label not supported: ${r.field}`);
    return (obj: KubeObject) => {
      const v = get(obj) ?? '';
      return r.operator === '!=' ? v !== r.value : v === r.value;
    };
  });
  return (obj) => checks.every((c) => c(obj));
}
