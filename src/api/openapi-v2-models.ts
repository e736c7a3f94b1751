/**
 * An OpenAPI v2 document's definitions read as kubectl reads them (kube-openapi's proto models):
 * each schema is a kind (an object with properties), a map, an array, a primitive, a reference or
 * an arbitrary value, with the path kubectl names it by in validation errors (the definition's
 * name, then the fields down to it). explain's older layout prints them; a List's items are
 * validated against them (list-validation.ts).
 */
import type { OpenApiSchema } from '../cli/explain-openapi.js';
import { CliError } from '../errors.js';
import { byteCompare } from '../printers/go-values.js';

/** `path`: the definition's name, then the fields down to this schema (an array's items and a map's values share their container's). */
export type Model = { description: string; path: string } & (
  | { t: 'kind'; fields: Record<string, Model>; required: readonly string[] }
  | { t: 'map' | 'array'; sub: Model }
  | { t: 'primitive'; type: string }
  | { t: 'ref'; name: string }
  | { t: 'arbitrary' }
);

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** client-go's ParseGroupVersion: `apps/v1`, or a version alone (the core group). */
export function parseGroupVersion(gv: string): { group: string; version: string } {
  const parts = gv.split('/');
  if (parts.length > 2) throw new CliError(`unexpected GroupVersion string: ${gv}`);
  return parts.length === 2 ? { group: parts[0]!, version: parts[1]! } : { group: '', version: gv };
}

/** Go's GroupVersionKind.String(): `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`. */
export const gvkString = (g: Gvk) => `${g.group}/${g.version}, Kind=${g.kind}`;

export class Definitions {
  private readonly parsed = new Map<string, Model>();

  constructor(private readonly schemas: Record<string, OpenApiSchema>) {}

  model(name: string): Model {
    let m = this.parsed.get(name);
    if (!m) this.parsed.set(name, (m = parse(this.schemas[name] ?? {}, name)));
    return m;
  }

  /** The definition that names `gvk` in its x-kubernetes-group-version-kind (the last, in name order, as kubectl's map keeps it). */
  lookup(gvk: Gvk): Model | undefined {
    let found: string | undefined;
    for (const name of Object.keys(this.schemas).sort(byteCompare)) {
      const list = this.schemas[name]!['x-kubernetes-group-version-kind'];
      if (Array.isArray(list) && list.some((g) => g?.group === gvk.group && g?.version === gvk.version && g?.kind === gvk.kind)) found = name;
    }
    return found === undefined ? undefined : this.model(found);
  }

  resolve(m: Model & { t: 'ref' }): Model {
    return this.model(m.name);
  }
}

function parse(s: OpenApiSchema, path: string): Model {
  const description = typeof s.description === 'string' ? s.description : '';
  const base = { description, path };
  if (typeof s.$ref === 'string') return { ...base, t: 'ref', name: s.$ref.replace('#/definitions/', '') };
  const kind = (): Model => {
    const fields: Record<string, Model> = Object.create(null);
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, OpenApiSchema>)) fields[k] = parse(v, `${path}.${k}`);
    return { ...base, t: 'kind', fields, required: Array.isArray(s.required) ? s.required : [] };
  };
  if (s.type === undefined) return s.properties ? kind() : { ...base, t: 'arbitrary' };
  if (s.type === 'object') {
    if (s.properties) return kind();
    // A map whose values are not described holds arbitrary values, described as the map is.
    const sub: Model = s.additionalProperties && typeof s.additionalProperties === 'object' ? parse(s.additionalProperties, path) : { ...base, t: 'arbitrary' };
    return { ...base, t: 'map', sub };
  }
  if (s.type === 'array') return { ...base, t: 'array', sub: parse(s.items ?? {}, path) };
  return { ...base, t: 'primitive', type: String(s.type) };
}
