/**
 * /openapi/v3 documents built from schemas/*.json (see src/cli/explain-openapi.ts), with the
 * resource paths kubectl explain looks the kind up by, so real kubectl renders explain from them.
 */
import { builtinRegistry } from '../../src/api/registry.js';
import { APIMACHINERY_SCHEMAS, kindSchemas, readSchemaFiles, type OpenApiSchema } from '../../src/cli/explain-openapi.js';

/** path → document, for the oracle's `documents`. */
export function openapiDocuments(): Record<string, unknown> {
  const byGv = new Map<string, { schemas: Record<string, OpenApiSchema>; paths: Record<string, OpenApiSchema> }>();
  for (const { file, json } of readSchemaFiles((f) => f !== 'Object.json')) {
    const k = kindSchemas(file, json);
    const doc = byGv.get(k.apiVersion) ?? { schemas: { ...APIMACHINERY_SCHEMAS }, paths: {} };
    Object.assign(doc.schemas, k.schemas);
    const [group, version] = k.apiVersion.includes('/') ? k.apiVersion.split('/') : ['', k.apiVersion];
    doc.schemas[k.name] = { ...k.schemas[k.name], 'x-kubernetes-group-version-kind': [{ group, kind: k.kind, version }] };
    const type = builtinRegistry.forKind(k.apiVersion, k.kind);
    if (type) {
      const base = group ? `/apis/${k.apiVersion}` : `/api/${k.apiVersion}`;
      const path = type.namespaced ? `${base}/namespaces/{namespace}/${type.plural}` : `${base}/${type.plural}`;
      doc.paths[path] = { get: { 'x-kubernetes-group-version-kind': { group, version, kind: k.kind } } };
    }
    byGv.set(k.apiVersion, doc);
  }
  const docs: Record<string, unknown> = {};
  const index: Record<string, unknown> = {};
  for (const [gv, { schemas, paths }] of byGv) {
    const path = gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
    index[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=0` };
    docs[`/openapi/v3/${path}`] = { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas } };
  }
  docs['/openapi/v3'] = { paths: index };
  return docs;
}
