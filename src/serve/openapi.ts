/**
 * /openapi/v3 (an index and one document per group version) and /openapi/v2 (one Swagger 2.0
 * document), built from schemas/*.json through the same conversion `explain` renders from
 * (src/cli/explain-openapi.ts), plus each CustomResourceDefinition's openAPIV3Schema. Each kind
 * has its resource paths with the query parameters kubectl looks for (fieldValidation, dryRun),
 * so real kubectl explains, validates server-side and patches against them.
 */
import type { ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import { APIMACHINERY_SCHEMAS, kindSchemas, readSchemaFiles, servedKindSchemas, type KindSchemas, type OpenApiSchema } from '../cli/explain-openapi.js';

export const SERVER_GIT_VERSION = 'v1.32.4';

interface GvDoc {
  schemas: Record<string, OpenApiSchema>;
  paths: Record<string, OpenApiSchema>;
}

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({
  name, in: 'query', uniqueItems: true, schema: { type: name === 'force' ? 'boolean' : 'string' },
}));

function resourcePaths(doc: GvDoc, type: ResourceType, group: string, version: string, kind: string): void {
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const collection = type.namespaced ? `${base}/namespaces/{namespace}/${type.plural}` : `${base}/${type.plural}`;
  const gvk = { group, version, kind };
  const op = (action: string) => ({ 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, parameters: QUERY_PARAMS });
  doc.paths[collection] = { get: op('list'), post: op('post') };
  doc.paths[`${collection}/{name}`] = { get: op('get'), put: op('put'), patch: op('patch'), delete: op('delete') };
}

/**
 * path → document for every /openapi/v3 URL (the index is `/openapi/v3`). With `everyType`, kinds
 * without a schema file get an open one, so kubectl validates them on the server (fieldValidation)
 * rather than from /openapi/v2.
 */
export function openapiV3Documents(types: readonly ResourceType[], crds: KubeObject[] = [], everyType = false): Record<string, unknown> {
  const byGv = new Map<string, GvDoc>();
  const docFor = (gv: string) => {
    let d = byGv.get(gv);
    if (!d) byGv.set(gv, (d = { schemas: { ...APIMACHINERY_SCHEMAS }, paths: {} }));
    return d;
  };
  // A kind's own schema, named as the API server names it, with the kind it is.
  const publish = (doc: GvDoc, k: KindSchemas, group: string, version: string) => {
    Object.assign(doc.schemas, k.schemas);
    doc.schemas[k.name] = { ...k.schemas[k.name], 'x-kubernetes-group-version-kind': [{ group, kind: k.kind, version }] };
  };
  for (const { file, json } of readSchemaFiles((f) => f !== 'Object.json')) {
    const k = kindSchemas(file, json);
    const doc = docFor(k.apiVersion);
    const [group, version] = k.apiVersion.includes('/') ? k.apiVersion.split('/') as [string, string] : ['', k.apiVersion];
    publish(doc, k, group, version);
    const type = types.find((t) => t.group === group && t.kind === k.kind && t.versions.includes(version));
    if (type) resourcePaths(doc, type, group, version, k.kind);
  }
  if (everyType) {
    for (const t of types) {
      if (t.custom) continue;
      const gv = t.group ? `${t.group}/${t.version}` : t.version;
      const doc = docFor(gv);
      const base = t.group ? `/apis/${gv}` : `/api/${gv}`;
      if (doc.paths[t.namespaced ? `${base}/namespaces/{namespace}/${t.plural}` : `${base}/${t.plural}`]) continue;
      publish(doc, servedKindSchemas(t, t.version), t.group, t.version);
      resourcePaths(doc, t, t.group, t.version, t.kind);
    }
  }
  for (const crd of crds) {
    const spec = crd.spec ?? {};
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      const type = types.find((t) => t.custom && t.group === spec.group && t.plural === spec.names?.plural);
      if (!type) continue;
      publish(docFor(`${spec.group}/${v.name}`), servedKindSchemas(type, v.name, crd), spec.group, v.name);
      resourcePaths(docFor(`${spec.group}/${v.name}`), type, spec.group, v.name, spec.names.kind);
    }
  }
  const docs: Record<string, unknown> = {};
  const index: Record<string, unknown> = {};
  for (const [gv, { schemas, paths }] of byGv) {
    const path = gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
    index[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=0` };
    docs[`/openapi/v3/${path}`] = { openapi: '3.0.0', info: { title: 'Kubernetes', version: SERVER_GIT_VERSION }, paths, components: { schemas } };
  }
  docs['/openapi/v3'] = { paths: index };
  return docs;
}

/**
 * The Swagger 2.0 document: every group version's schemas and paths in one, each schema in the
 * shape a v1.32 API server publishes at /openapi/v2 (see swagger2Schema), so kubectl's OpenAPI v2
 * models (explain --output=plaintext-openapiv2, client-side validation) read it as they read a
 * real server's.
 */
export function openapiV2Document(v3: Record<string, unknown>): Record<string, unknown> {
  const schemas: Record<string, OpenApiSchema> = {};
  const paths: Record<string, unknown> = {};
  for (const [url, doc] of Object.entries(v3)) {
    if (url === '/openapi/v3') continue;
    const d = doc as { paths: Record<string, unknown>; components: { schemas: Record<string, OpenApiSchema> } };
    Object.assign(schemas, d.components.schemas);
    Object.assign(paths, d.paths);
  }
  const text = JSON.stringify({ paths, schemas }).replaceAll('#/components/schemas/', '#/definitions/');
  const moved = JSON.parse(text) as { paths: Record<string, unknown>; schemas: Record<string, OpenApiSchema> };
  const names = new Set(Object.keys(moved.schemas));
  const definitions: Record<string, OpenApiSchema> = {};
  for (const name of Object.keys(moved.schemas).sort()) definitions[name] = swagger2Schema(V2_APIMACHINERY[name] ?? moved.schemas[name]!, names);
  return { swagger: '2.0', info: { title: 'Kubernetes', version: SERVER_GIT_VERSION }, paths: moved.paths, definitions };
}

/** The v2 definitions of what serve publishes (every type and custom kind), as explain's older layout and a List's validation read them. */
export function openapiV2Definitions(types: readonly ResourceType[], crds: KubeObject[]): Record<string, OpenApiSchema> {
  return openapiV2Document(openapiV3Documents(types, crds, true)).definitions as Record<string, OpenApiSchema>;
}

/** The apimachinery types as /openapi/v2 has them: strings (v3 leaves Quantity open and IntOrString typeless). */
const V2_APIMACHINERY: Record<string, OpenApiSchema> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
};

/**
 * A v3 schema as Swagger 2.0 says it: a reference wrapped in `allOf` (v3's way of giving it a
 * description) is a `$ref` beside its description again; v3-only keywords go. What kubectl's v2
 * parser (kube-openapi's proto models) cannot read, and a real server would not publish, is left
 * open rather than published: one unreadable schema fails the whole document for every kubectl
 * that asks for it (an array without one item schema, several types, a reference to nothing).
 * kubectl validates a List's items against these definitions on the client (a List is never
 * validated by the server), so what they publish must accept all the server accepts.
 */
function swagger2Schema(s: OpenApiSchema, names: ReadonlySet<string>): OpenApiSchema {
  const out: OpenApiSchema = {};
  const known = (ref: unknown) => typeof ref === 'string' && names.has(ref.replace('#/definitions/', ''));
  const wrapped = Array.isArray(s.allOf) && s.allOf.length === 1 && !s.properties && !s.type ? s.allOf[0] : undefined;
  const ref = s.$ref ?? wrapped?.$ref;
  if (typeof s.description === 'string') out.description = s.description;
  if (ref !== undefined) {
    if (known(ref)) out.$ref = ref;
    return out;
  }
  // Swagger 2.0 cannot say "these fields and any other": kubectl would refuse the others as unknown
  // fields, so such an object is published as any value (its description and extensions kept).
  if (s['x-kubernetes-preserve-unknown-fields'] === true) {
    for (const [k, v] of Object.entries(s)) if (k.startsWith('x-')) out[k] = v;
    return out;
  }
  if (typeof s.format === 'string') out.format = s.format;
  if (Array.isArray(s.required)) out.required = s.required;
  const type = typeof s.type === 'string' ? s.type : undefined;
  const items = s.items && typeof s.items === 'object' && !Array.isArray(s.items) ? s.items : undefined;
  if (type && (type !== 'array' || items)) out.type = type;
  if (type === 'array' && items) out.items = swagger2Schema(items, names);
  if (s.properties && typeof s.properties === 'object' && (!type || type === 'object')) {
    out.properties = {};
    for (const [k, v] of Object.entries(s.properties as Record<string, OpenApiSchema>)) out.properties[k] = swagger2Schema(v, names);
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additionalProperties = swagger2Schema(s.additionalProperties, names);
  else if (typeof s.additionalProperties === 'boolean') out.additionalProperties = s.additionalProperties;
  for (const [k, v] of Object.entries(s)) if (k.startsWith('x-')) out[k] = v;
  return out;
}

/**
 * /openapi/v2 as client-go asks for it: protobuf, gnostic's openapi_v2.Document (field numbers
 * from its OpenAPIv2.proto). The definitions are encoded with the members kubectl's models read
 * (a reference, description, format, required, type, items, properties, additionalProperties and
 * the x- extensions, whose values gnostic carries as YAML: JSON is YAML); the paths are not, as
 * kubectl reads them from /openapi/v3.
 */
export function openapiV2Protobuf(doc: Record<string, unknown>): Buffer {
  const info = Buffer.concat([pbString(1, 'Kubernetes'), pbString(2, SERVER_GIT_VERSION)]);
  const definitions = Object.entries(doc.definitions as Record<string, OpenApiSchema>).map(([name, s]) => pbField(1, pbNamed(name, schemaProto(s))));
  return Buffer.concat([pbString(1, '2.0'), pbField(2, info), pbField(9, Buffer.concat(definitions))]);
}

function schemaProto(s: OpenApiSchema): Buffer {
  const parts: Buffer[] = [];
  if (typeof s.$ref === 'string') parts.push(pbString(1, s.$ref));
  if (typeof s.format === 'string') parts.push(pbString(2, s.format));
  if (typeof s.description === 'string') parts.push(pbString(4, s.description));
  for (const r of Array.isArray(s.required) ? s.required : []) parts.push(pbString(19, String(r)));
  if (typeof s.additionalProperties === 'boolean') parts.push(pbField(21, Buffer.from([(2 << 3) | 0, s.additionalProperties ? 1 : 0])));
  else if (s.additionalProperties) parts.push(pbField(21, pbField(1, schemaProto(s.additionalProperties))));
  if (typeof s.type === 'string') parts.push(pbField(22, pbString(1, s.type)));
  if (s.items) parts.push(pbField(23, pbField(1, schemaProto(s.items))));
  if (s.properties) parts.push(pbField(25, Buffer.concat(Object.entries(s.properties as Record<string, OpenApiSchema>).map(([k, v]) => pbField(1, pbNamed(k, schemaProto(v)))))));
  for (const [k, v] of Object.entries(s)) if (k.startsWith('x-')) parts.push(pbField(31, pbNamed(k, pbString(2, JSON.stringify(v)))));
  return Buffer.concat(parts);
}

/** A NamedSchema or NamedAny: its name (1) and value (2). */
const pbNamed = (name: string, value: Buffer) => Buffer.concat([pbString(1, name), pbField(2, value)]);
const pbString = (no: number, s: string) => pbField(no, Buffer.from(s, 'utf8'));

/** A length-delimited field. */
function pbField(no: number, bytes: Buffer): Buffer {
  return Buffer.concat([pbVarint((no << 3) | 2), pbVarint(bytes.length), bytes]);
}

function pbVarint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}
