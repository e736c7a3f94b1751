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

/** Every field path under a schema, as explain --recursive walks it (a type met again on its own path is cut). */
function allFields(schema: OpenApiSchema, schemas: Record<string, OpenApiSchema>, path: string, seen: Set<string>): string[] {
  const ref = (schema.allOf?.[0]?.$ref ?? schema.$ref) as string | undefined;
  if (ref) {
    if (seen.has(ref)) return [];
    return allFields(schemas[ref.split('/').pop()!] ?? {}, schemas, path, new Set([...seen, ref]));
  }
  if (schema.items) return allFields(schema.items, schemas, path, seen);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return allFields(schema.additionalProperties, schemas, path, seen);
  return Object.keys(schema.properties ?? {})
    .sort()
    .flatMap((name) => {
      const here = path ? `${path}.${name}` : name;
      return [here, ...allFields(schema.properties[name], schemas, here, seen)];
    });
}

test('explain --recursive prints every field of the seeded kinds, statuses included, each at its depth', async () => {
  const { renderExplain } = await import('../../src/cli/explain.js');
  const { builtinRegistry } = await import('../../src/api/registry.js');
  for (const { file, json } of readSchemaFiles((f) => DESCRIBED.includes(f.replace(/\.json$/, '')))) {
    const k = kindSchemas(file, json);
    const type = builtinRegistry.forKind(k.apiVersion, k.kind)!;
    const { text } = renderExplain({ type, version: k.apiVersion.split('/').pop()!, fieldPath: [], recursive: true });
    const printed = text.split('FIELDS:\n')[1]!.split('\n').filter((l) => l.includes('\t')).map((l) => `${l.search(/\S/) / 2}:${l.trim().split('\t')[0]}`);
    const expected = allFields({ $ref: `#/components/schemas/${k.name}` }, k.schemas, '', new Set()).map((p) => `${p.split('.').length}:${p.split('.').pop()}`);
    assert.deepEqual(printed, expected, file);
    if (json.properties?.status) {
      // A status is a typed struct, not a free-form object: explain lists its fields.
      assert.ok(expected.filter((p) => p.startsWith('2:')).length > 0 && /\n {2}status\t<\w+Status>\n {4}\w/.test(text), `${file}: status has no fields`);
    }
  }
});

test('enum values are listed for fields whose values are fixed, sorted', async () => {
  const { renderExplain } = await import('../../src/cli/explain.js');
  const { builtinRegistry } = await import('../../src/api/registry.js');
  const explain = (resource: string, path: string[]) => renderExplain({ type: builtinRegistry.resolve(resource), version: builtinRegistry.resolve(resource).version, fieldPath: path, recursive: false }).text;
  assert.match(explain('pods', ['spec', 'restartPolicy']), /FIELD: restartPolicy <string>\nENUM:\n {4}Always\n {4}Never\n {4}OnFailure\n/);
  assert.match(explain('pods', ['spec', 'containers']), /\n {2}imagePullPolicy\t<string>\n {2}enum: Always, IfNotPresent, Never\n/);
  assert.match(explain('services', ['spec']), /\n {2}type\t<string>\n {2}enum: ClusterIP, ExternalName, LoadBalancer, NodePort\n/);
  assert.match(explain('pods', ['status']), /\n {2}phase\t<string>\n {2}enum: Failed, Pending, Running, Succeeded, ....\n/);
  assert.match(explain('pods', ['spec', 'volumes', 'hostPath', 'type']), /ENUM:\n {4}""\n {4}BlockDevice\n/);
});

test('statuses and enum values are for explain only: the compiled validators stay as they were', () => {
  const dir = join(REPO_ROOT, 'dist', 'validators');
  const code = (f: string) => readFileSync(join(dir, f), 'latin1');
  for (const [file, words] of Object.entries({ 'Pod.cjs': ['containerStatuses', 'qosClass', 'QuobyteVolumeSource', 'IfNotPresent'], 'Node.cjs': ['nodeInfo', 'daemonEndpoints'], 'Deployment.cjs': ['updatedReplicas', 'Recreate'], 'Service.cjs': ['ExternalName'] })) {
    for (const w of words) assert.ok(!code(file).includes(w), `${file} checks ${w}`);
  }
  // The Pod validator still checks what it did (spec fields), so the test above is not vacuous.
  assert.ok(code('Pod.cjs').includes('terminationGracePeriodSeconds'));
});
