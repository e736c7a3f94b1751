import { markedNumbers, setAt } from '../json-numbers.js';
import { badRequest, invalid, type StatusCause } from '../../errors.js';
import type { ResourceType } from '../registry.js';
import type { KubeObject } from '../types.js';
import { decode, fieldPath, schemaNameFor, stripNulls } from './decode.js';
import { checkKind, checkObjectMeta, required } from './semantic.js';
import { updateCauses } from './update.js';
import { ephemeralCreateCauses, ephemeralUpdateCauses } from '../ephemeral-containers.js';

export interface ValidateOptions {
  /** Paths (`spec.replicas`) of keys that appeared more than once in the manifest. */
  duplicateFields?: string[];
  /**
   * The object is the result of a PATCH (apply to an existing object): the server then reports
   * strict decoding errors bare (`strict decoding error: ...`), without the `<Kind> in version` prefix.
   */
  patch?: boolean;
  /** An update through a pod's ephemeralcontainers subresource: only its ephemeral containers are checked against the old ones. */
  ephemeral?: boolean;
}

function versionOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
}

function dedupe(causes: StatusCause[]): StatusCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = `${c.field}\u0000${c.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Validates an object as the API server does on create/update, throwing ApiError:
 * BadRequest for what fails decoding (wrong JSON types, bad base64, strict unknown/duplicate
 * fields), Invalid (422) with field causes for what fails validation. With `old` (an update), fields
 * that may not change are checked too.
 */
export function validateObject(obj: KubeObject, type: ResourceType, old?: KubeObject, opts: ValidateOptions = {}): void {
  const apiVersion = obj.apiVersion ?? (type.group ? `${type.group}/${type.version}` : type.version);
  const kind = obj.kind ?? type.kind;
  const prefix = `${kind} in version "${versionOf(apiVersion)}" cannot be handled as a ${kind}`;
  const data = stripNulls(obj);
  const decoded = decode(type.custom ? 'Object' : schemaNameFor(apiVersion, kind), data, markedNumbers(data));
  if (decoded.decodeError) throw badRequest(`${prefix}: ${decoded.decodeError}`);
  for (const n of decoded.numbers) setAt(obj, n.segments, n.value);

  const strict = [
    ...decoded.unknownFields.map((p) => `unknown field "${fieldPath(p)}"`),
    ...(opts.duplicateFields ?? []).map((p) => `duplicate field "${p}"`),
  ];
  if (strict.length) {
    const message = `strict decoding error: ${strict.join(', ')}`;
    throw badRequest(opts.patch ? message : `${prefix}: ${message}`);
  }

  const causes: StatusCause[] = [];
  checkObjectMeta(causes, data, type.custom === true);
  checkKind(causes, data, old);
  for (const path of decoded.missing) causes.push(required(fieldPath(path)));
  if (old) causes.push(...(opts.ephemeral ? ephemeralUpdateCauses(data, stripNulls(old)) : updateCauses(data, stripNulls(old))));
  else if (type.kind === 'Pod' && !type.group) causes.push(...ephemeralCreateCauses(data));
  if (causes.length) throw invalid(type.kind, type.group, data.metadata?.name ?? '', dedupe(causes));
}
