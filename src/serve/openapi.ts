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

/** The Swagger 2.0 document: every group version's schemas and paths in one. */
export function openapiV2Document(v3: Record<string, unknown>): Record<string, unknown> {
  const definitions: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  for (const [url, doc] of Object.entries(v3)) {
    if (url === '/openapi/v3') continue;
    const d = doc as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    Object.assign(definitions, d.components.schemas);
    Object.assign(paths, d.paths);
  }
  const text = JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: SERVER_GIT_VERSION }, paths, definitions });
  return JSON.parse(text.replaceAll('#/components/schemas/', '#/definitions/')) as Record<string, unknown>;
}

/**
 * /openapi/v2 as client-go asks for it (protobuf, gnostic's openapi_v2.Document): the swagger
 * version and info only. kubectl reads it to validate kinds it finds no server-side field
 * validation for (a custom resource applied with its CRD), and skips kinds it does not define,
 * as a real server's document would for a CRD that did not exist yet.
 */
export function openapiV2Protobuf(): Buffer {
  const field = (no: number, bytes: Buffer) => Buffer.concat([Buffer.from([(no << 3) | 2, bytes.length]), bytes]);
  const info = Buffer.concat([field(1, Buffer.from('Kubernetes')), field(2, Buffer.from(SERVER_GIT_VERSION))]);
  return Buffer.concat([field(1, Buffer.from('2.0')), field(2, info)]);
}
