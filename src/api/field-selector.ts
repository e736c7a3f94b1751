/**
 * Field selectors as the API server evaluates them: `a=b`, `a==b`, `a!=b` terms joined by
 * `,` (escapes `\,` `\=` `\\`), over the few fields each resource type supports.
 */
import { ApiError } from '../errors.js';
import type { ResourceType } from './registry.js';
import type { KubeObject } from './types.js';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** Fields other than metadata.name/namespace, per kind. */
const SUPPORTED: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName', 'spec.host'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Node: ['spec.unschedulable'],
  Namespace: ['status.phase'],
  Secret: ['type'],
  Service: ['spec.clusterIP', 'spec.type'],
  ReplicationController: ['status.replicas'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
};

/** Splits on unescaped `sep` and unescapes. */
function splitEscaped(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      cur += c + text[++i];
      continue;
    }
    if (c === sep) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

/** Parses a selector, failing with the server's BadRequest text for the type. */
export function parseFieldSelector(text: string, type: ResourceType, labelSelector = ''): FieldRequirement[] {
  const fail = (msg: string) =>
    new ApiError('BadRequest', 400, `Unable to find "${type.group}/${type.version}, Resource=${type.plural}" that match label selector "${labelSelector}", field selector "${text}": ${msg}`);
  if (text.trim() === '') return [];
  return splitEscaped(text, ',').map((term) => {
    const m = /^((?:[^=!\\]|\\.)*?)(==|!=|=)(.*)$/.exec(term);
    if (!m || !m[1]) throw fail(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = unescape(m[1]);
    const allowed = ['metadata.name', ...(type.namespaced ? ['metadata.namespace'] : []), ...(SUPPORTED[type.kind] ?? [])];
    if (!allowed.includes(field)) throw fail(`field label not supported: ${field}`);
    return { field: field === 'spec.host' ? 'spec.nodeName' : field, op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]!) };
  });
}

function fieldValue(obj: KubeObject, field: string): string {
  let cur: unknown = obj;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return defaultFor(field);
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return defaultFor(field);
  return String(cur);
}

/** Unset booleans and counts read as the server's zero values. */
function defaultFor(field: string): string {
  if (field === 'spec.hostNetwork' || field === 'spec.unschedulable') return 'false';
  if (field === 'status.replicas' || field === 'status.successful') return '0';
  return '';
}

export function fieldsMatch(reqs: FieldRequirement[], obj: KubeObject): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '='));
}
