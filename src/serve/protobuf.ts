/**
 * Request bodies in Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`), which
 * kubectl's typed clients send without falling back to JSON (`create deployment`, `create
 * configmap`, `autoscale`, ...). A body is the magic `k8s\0` and a runtime.Unknown whose `raw` is
 * the object's message; it is read into the object's JSON form with the field numbers of
 * assets/protobuf-schemas.json (taken from the descriptors a Kubernetes binary carries, see
 * scripts/proto-schemas.mjs). Loaded only when such a body arrives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../api/types.js';
import { packageRoot } from '../util/paths.js';
import { packedVarints, WireError, wireFields, type WireField } from './protowire.js';

/** [JSON name, descriptor type, message type name or 0, repeated (1) or not (0)] by field number. */
type Field = [string, number, string | 0, number];
type Message = Record<string, Field> & { $map?: number };

const MAGIC = Buffer.from('k8s\0', 'latin1');
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

let schemas: Record<string, Message> | undefined;

function loadSchemas(): Record<string, Message> {
  return (schemas ??= JSON.parse(readFileSync(join(packageRoot(), 'assets', 'protobuf-schemas.json'), 'utf8')) as Record<string, Message>);
}

export class ProtobufError extends Error {}

/** True when the body starts with the Kubernetes protobuf envelope's magic. */
export function isKubeProtobuf(body: Buffer): boolean {
  return body.length >= 4 && body.subarray(0, 4).equals(MAGIC);
}

/** Decodes a protobuf request body into the object's JSON form; undefined for a kind with no known message. */
export function decodeKubeProtobuf(body: Buffer): KubeObject | undefined {
  if (!isKubeProtobuf(body)) throw new ProtobufError('the protobuf body does not start with the k8s envelope');
  const unknown = decode(body.subarray(4), 'k8s.io.apimachinery.pkg.runtime.Unknown') as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const message = messageFor(apiVersion, kind);
  if (!message) return undefined;
  const raw = Buffer.from(unknown.raw ?? '', 'base64');
  return { apiVersion, kind, ...(decode(raw, message) as object) } as KubeObject;
}

function messageFor(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const all = loadSchemas();
  const pkg = `k8s.io.api.${group ? group!.split('.')[0] : 'core'}.${version}`;
  for (const name of [`${pkg}.${kind}`, `${META}.${kind}`]) if (all[name]) return name;
  return undefined;
}

/**
 * Fields Go keeps as pointers where zero says something (`replicas: 0`, `automountServiceAccountToken:
 * false`, `storageClassName: ""`). Go writes every other scalar field even when it is zero, and its
 * JSON leaves those out (omitempty): they are dropped here too.
 */
const MEANINGFUL_ZERO = new Set([
  'replicas',
  'minReplicas',
  'parallelism',
  'completions',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'activeDeadlineSeconds',
  'ttlSecondsAfterFinished',
  'terminationGracePeriodSeconds',
  'startingDeadlineSeconds',
  'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit',
  'revisionHistoryLimit',
  'progressDeadlineSeconds',
  'expirationSeconds',
  'gracePeriodSeconds',
  'automountServiceAccountToken',
  'enableServiceLinks',
  'allowPrivilegeEscalation',
  'privileged',
  'readOnlyRootFilesystem',
  'runAsNonRoot',
  'runAsUser',
  'runAsGroup',
  'fsGroup',
  'hostUsers',
  'suspend',
  'storageClassName',
]);

/** Go structs embedded with `json:",inline"`: a field of their own in protobuf, their fields merged in JSON. */
const INLINE = new Set([
  'localObjectReference|k8s.io.api.core.v1.LocalObjectReference',
  'volumeSource|k8s.io.api.core.v1.VolumeSource',
  'persistentVolumeSource|k8s.io.api.core.v1.PersistentVolumeSource',
  'handler|k8s.io.api.core.v1.ProbeHandler',
  'ephemeralContainerCommon|k8s.io.api.core.v1.EphemeralContainerCommon',
  'ingressRuleValue|k8s.io.api.networking.v1.IngressRuleValue',
  'ruleWithOperations|k8s.io.api.admissionregistration.v1.RuleWithOperations',
  'rule|k8s.io.api.admissionregistration.v1.Rule',
]);

const WELL_KNOWN: Record<string, (v: Record<string, unknown>) => unknown> = {
  [`${META}.Time`]: (v) => (v.seconds ? goTime(Number(v.seconds), 0) : undefined),
  [`${META}.MicroTime`]: (v) => (v.seconds || v.nanos ? goTime(Number(v.seconds ?? 0), Number(v.nanos ?? 0)) : undefined),
  [`${META}.Duration`]: (v) => goDuration(Number(v.duration ?? 0)),
  [`${META}.FieldsV1`]: (v) => (v.Raw ? JSON.parse(Buffer.from(String(v.Raw), 'base64').toString('utf8')) : {}),
  'k8s.io.apimachinery.pkg.runtime.RawExtension': (v) => (v.raw ? JSON.parse(Buffer.from(String(v.raw), 'base64').toString('utf8')) : undefined),
  'k8s.io.apimachinery.pkg.api.resource.Quantity': (v) => v.string ?? '0',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': (v) => (v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0)),
};

function goTime(seconds: number, nanos: number): string {
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  return nanos ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}

function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const s = ns / 1e9;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s - h * 3600 - m * 60;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${Number(rest.toFixed(9))}s`;
}

/** Reads one message of type `name` into its JSON form. */
function decode(buf: Buffer, name: string): unknown {
  const schema = loadSchemas()[name];
  if (!schema) throw new ProtobufError(`no protobuf schema for ${name}`);
  const out: Record<string, unknown> = {};
  let fields: WireField[];
  try {
    fields = wireFields(buf);
  } catch (e) {
    if (e instanceof WireError) throw new ProtobufError(e.message);
    throw e;
  }
  for (const [no, wire, raw] of fields) {
    const field = schema[String(no)];
    if (!field) continue; // A field this schema does not know: ignored, as an older server would.
    const [jsonName, type, typeName, repeated] = field;
    if (repeated && type !== 11 && type !== 9 && type !== 12 && wire === 2 && Buffer.isBuffer(raw)) {
      // Packed repeated scalars.
      const values = (out[jsonName] ??= []) as unknown[];
      for (const v of packedVarints(raw)) values.push(scalar(type, v));
      continue;
    }
    let value: unknown;
    if (type === 11) {
      const inner = decode(raw as Buffer, typeName as string);
      const entry = loadSchemas()[typeName as string];
      if (entry?.$map) {
        const { key: k, value: v } = inner as { key?: string; value?: unknown };
        const map = (out[jsonName] ??= {}) as Record<string, unknown>;
        // Go writes both fields of an entry; the zero value was dropped above.
        map[k ?? ''] = v ?? ([9, 12].includes(entry['2']?.[1] ?? 0) ? '' : v);
        continue;
      }
      if (INLINE.has(`${jsonName}|${typeName}`)) {
        Object.assign(out, inner);
        continue;
      }
      const known = WELL_KNOWN[typeName as string];
      value = known ? known(inner as Record<string, unknown>) : inner;
      if (value === undefined) continue;
    } else if (type === 9) value = (raw as Buffer).toString('utf8');
    else if (type === 12) value = (raw as Buffer).toString('base64');
    else if (type === 1) value = (raw as Buffer).readDoubleLE(0);
    else if (type === 2) value = (raw as Buffer).readFloatLE(0);
    else value = scalar(type, raw as bigint);
    if (repeated) ((out[jsonName] ??= []) as unknown[]).push(value);
    else if (isZero(value) && !MEANINGFUL_ZERO.has(jsonName) && type !== 11) delete out[jsonName];
    else out[jsonName] = value;
  }
  return out;
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function scalar(type: number, v: bigint): number | boolean {
  if (type === 8) return v !== 0n;
  if (type === 17 || type === 18) return Number((v >> 1n) ^ -(v & 1n));
  // int32 and int64: two's complement in 64 bits.
  return Number(BigInt.asIntN(64, v));
}
