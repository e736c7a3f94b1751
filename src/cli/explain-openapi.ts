/**
 * Our schemas/*.json seen as the OpenAPI v3 document a v1.32 API server serves for a group
 * version: struct types become `components.schemas` entries referenced through `allOf`,
 * Quantity/IntOrString/Time become references to their apimachinery schemas. `explain`
 * renders from this shape exactly as kubectl's template does, and tests serve it to real kubectl.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/paths.js';
import type { ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';

export type OpenApiSchema = Record<string, any>;

export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';

/** The apimachinery types every document refers to. */
export const APIMACHINERY_SCHEMAS: Record<string, OpenApiSchema> = {
  [QUANTITY]: {},
  [INT_OR_STRING]: { format: 'int-or-string' },
  [TIME]: { type: 'string', format: 'date-time' },
};

/** What explain shows, in the DESCRIPTION slot or under a field, where schemas/descriptions/ has no text yet. */
export const NO_DESCRIPTION = 'No description written yet.';

const ref = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }] });

/** A property as the document serves it: with its description, or a line saying there is none yet. */
function property(s: OpenApiSchema, prefix: Prefix): OpenApiSchema {
  return { ...convert(s, prefix), description: typeof s.description === 'string' ? s.description : NO_DESCRIPTION };
}

/** Names this file's definitions in the document: `lite.<file>.<Go struct name>` (kubectl shows the last part). */
type Prefix = (definition: string) => string;

/** One of our JSON Schema nodes as OpenAPI. */
function convert(s: OpenApiSchema, prefix: Prefix): OpenApiSchema {
  if (typeof s !== 'object' || s === null) return s;
  if (s.$ref) return ref(prefix(String(s.$ref).split('/').pop()!));
  const go = s['x-go'];
  if (go === 'resource.Quantity') return ref(QUANTITY);
  if (go === 'intstr.IntOrString') return ref(INT_OR_STRING);
  if (go === 'v1.Time' || go === 'v1.MicroTime') return ref(TIME);
  const out: OpenApiSchema = {};
  if (typeof s.type === 'string') out.type = s.type;
  if (s.items) out.items = convert(s.items, prefix);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additionalProperties = convert(s.additionalProperties, prefix);
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, property(v as OpenApiSchema, prefix)]));
  if (s.required) out.required = s.required;
  if (s.enum) out.enum = s.enum;
  // Enum values are written for explain only (`x-enum`): the validators leave them to the API server's checks.
  if (Array.isArray(s['x-enum'])) out.enum = s['x-enum'];
  // Fields our schemas leave open (any value accepted) are shown as kubectl shows free-form objects,
  // and say they keep whatever they are given (Swagger 2.0 then publishes them as any value).
  if (Object.keys(out).length === 0) Object.assign(out, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  return out;
}

export interface KindSchemas {
  apiVersion: string;
  kind: string;
  /** Name of the kind's own schema in `schemas`. */
  name: string;
  schemas: Record<string, OpenApiSchema>;
}

/** Converts one schemas/*.json file (its kind and every definition it holds). */
export function kindSchemas(file: string, json: OpenApiSchema): KindSchemas {
  const base = `lite.${file.replace(/\.json$/, '').replace(/\./g, '_')}.`;
  const kind: string = json['x-kind'];
  // Definitions named apart in schemas/src (HorizontalPodAutoscalerSpecV2) go by their Go struct's name
  // where no other definition of the file has it.
  const defs = Object.entries((json.definitions ?? {}) as Record<string, OpenApiSchema>);
  const taken = new Set(defs.map(([name]) => name));
  const names = new Map(defs.map(([name, def]) => {
    const struct = def['x-struct'];
    return [name, typeof struct === 'string' && struct !== name && !taken.has(struct) && struct !== kind ? struct : name];
  }));
  const prefix: Prefix = (name) => base + (names.get(name) ?? name);
  const schemas: Record<string, OpenApiSchema> = {};
  for (const [name, def] of defs) schemas[prefix(name)] = convert(def, prefix);
  const top = convert({ type: 'object', properties: json.properties, required: json.required }, prefix);
  const own = base + kind;
  top.description = typeof json.description === 'string' ? json.description : NO_DESCRIPTION;
  // Our schemas leave status open (the API server ignores it on writes): it is the kind's <Kind>Status type.
  const status = json.properties?.status as OpenApiSchema | undefined;
  if (top.properties?.status && status && Object.keys(status).filter((k) => k !== 'description').length === 0) {
    top.properties.status = { ...ref(`${base}${kind}Status`), description: top.properties.status.description };
    schemas[`${base}${kind}Status`] = { type: 'object' };
  }
  schemas[own] = top;
  return { apiVersion: json['x-api-version'], kind, name: own, schemas };
}

/** `cert-manager.io` → `io.cert-manager`, as the API server names CRD schemas. */
function reverseDomain(group: string): string {
  return group.split('.').reverse().join('.');
}

/**
 * The schemas of a served kind at a version, as the API server publishes them: its schemas/ file;
 * a custom kind's openAPIV3Schema from its CustomResourceDefinition (`crd`); else an open object
 * with the fields every object has. Serve's documents and explain are both made from this.
 */
export function servedKindSchemas(type: ResourceType, version: string, crd?: KubeObject): KindSchemas {
  const apiVersion = type.group ? `${type.group}/${version}` : version;
  if (type.custom) {
    const served = (crd?.spec?.versions ?? []).find((v: any) => v.name === version);
    const name = `${reverseDomain(type.group)}.${version}.${type.kind}`;
    // The API server publishes a custom kind with the fields every object has (apiVersion, kind,
    // metadata) as it serves them, whatever the schema says of them.
    const object = objectSchemas(type.kind, apiVersion);
    const own: OpenApiSchema = served?.schema?.openAPIV3Schema ?? { type: 'object' };
    const common = object.schemas[object.name]!.properties as Record<string, OpenApiSchema>;
    const properties = { ...own.properties, apiVersion: common.apiVersion, kind: common.kind, metadata: common.metadata };
    return { apiVersion, kind: type.kind, name, schemas: { ...object.schemas, [name]: { ...own, properties } } };
  }
  const match = readSchemaFiles((f) => f.startsWith(`${type.kind}.`)).find(({ json }) => json['x-api-version'] === apiVersion && json['x-kind'] === type.kind);
  if (match) return kindSchemas(match.file, match.json);
  const open = objectSchemas(type.kind, apiVersion);
  // Any other field is kept (the document says so to kubectl, which then leaves validation to the server).
  open.schemas[open.name] = { ...open.schemas[open.name], 'x-kubernetes-preserve-unknown-fields': true };
  return { ...open, apiVersion };
}

/** Object.json as kind `kind`: the fields every object has, and ObjectMeta's definitions. */
function objectSchemas(kind: string, apiVersion: string): KindSchemas {
  const [object] = readSchemaFiles((f) => f === 'Object.json');
  return { ...kindSchemas('Object.json', { ...object!.json, 'x-kind': kind, 'x-api-version': apiVersion }), apiVersion };
}

/** Every schema file with its parsed content. */
export function readSchemaFiles(filter: (file: string) => boolean = () => true): Array<{ file: string; json: OpenApiSchema }> {
  const dir = join(packageRoot(), 'schemas');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && filter(f))
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(dir, file), 'utf8')) as OpenApiSchema }));
}
