/**
 * Every field of the kinds the seeds use is described for `explain` (schemas/descriptions/*.yaml,
 * merged into schemas/*.json by scripts/build-validators.mjs), and none of that text reaches the
 * compiled validators.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { kindSchemas, NO_DESCRIPTION, readSchemaFiles, type OpenApiSchema } from '../../src/cli/explain-openapi.js';
import { REPO_ROOT } from '../helpers/cli.js';

const DESCRIBED = [
  'Pod', 'Service', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ConfigMap', 'Secret',
  'PersistentVolumeClaim', 'Ingress', 'NetworkPolicy', 'HorizontalPodAutoscaler.v2', 'Namespace', 'Node', 'Endpoints',
  'EndpointSlice',
];

/** Paths of the fields under `schema` with no written description, following refs (each type once per path). */
function undescribed(schema: OpenApiSchema, schemas: Record<string, OpenApiSchema>, path: string, seen: Set<string>): string[] {
  const ref = (schema.allOf?.[0]?.$ref ?? schema.$ref) as string | undefined;
  if (ref) {
    const name = ref.split('/').pop()!;
    if (seen.has(name)) return [];
    return undescribed(schemas[name] ?? {}, schemas, path, new Set([...seen, name]));
  }
  if (schema.items) return undescribed(schema.items, schemas, path, seen);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return undescribed(schema.additionalProperties, schemas, path, seen);
  const out: string[] = [];
  for (const [name, field] of Object.entries((schema.properties ?? {}) as Record<string, OpenApiSchema>)) {
    const here = path ? `${path}.${name}` : name;
    if (!field.description || field.description === NO_DESCRIPTION) out.push(here);
    out.push(...undescribed(field, schemas, here, seen));
  }
  return out;
}

test('every field of the kinds the seeds use has a description, through every nested type', () => {
  const files = readSchemaFiles((f) => DESCRIBED.includes(f.replace(/\.json$/, '')));
  assert.equal(files.length, DESCRIBED.length);
  const missing: string[] = [];
  let fields = 0;
  for (const { file, json } of files) {
    const k = kindSchemas(file, json);
    const root = k.schemas[k.name]!;
    if (!root.description || root.description === NO_DESCRIPTION) missing.push(`${file}: the kind itself`);
    const all = undescribed({ $ref: `#/components/schemas/${k.name}` }, k.schemas, '', new Set());
    missing.push(...all.map((p) => `${file}: ${p}`));
    fields += JSON.stringify(k.schemas).split('"description"').length - 1;
  }
  assert.deepEqual(missing, []);
  assert.ok(fields > 1000, `only ${fields} descriptions found: the walk is not reaching nested types`);
});

test('the walk finds a field left undescribed', () => {
  const schemas = {
    'x.K': { type: 'object', properties: { spec: { allOf: [{ $ref: '#/components/schemas/x.S' }], description: 'ok' } } },
    'x.S': { type: 'object', properties: { a: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/x.S' }] }, description: 'ok' }, b: { type: 'string', description: NO_DESCRIPTION } } },
  };
  assert.deepEqual(undescribed({ $ref: '#/components/schemas/x.K' }, schemas, '', new Set()), ['spec.b']);
});

test('descriptions stay out of the compiled validators', () => {
  const dir = join(REPO_ROOT, 'dist', 'validators');
  let checked = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cjs'))) {
    const schema = readFileSync(join(REPO_ROOT, 'schemas', f.replace(/\.cjs$/, '.json')), 'utf8');
    const texts = [...schema.matchAll(/"description": "([^"\\]{30,})"/g)].slice(0, 5).map((m) => m[1]!);
    const code = readFileSync(join(dir, f), 'latin1');
    for (const t of texts) assert.ok(!code.includes(t), `${f} holds the description ${JSON.stringify(t)}`);
    checked += texts.length;
  }
  assert.ok(checked > 50, `only ${checked} descriptions checked`);
});
