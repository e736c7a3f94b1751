// Expands the compact field lists in schemas/src/ into one JSON Schema per kind (schemas/*.json,
// committed) and compiles each into a standalone CommonJS validator (dist/validators/<name>.cjs),
// so that no command pays for schema compilation at run time. `--check` fails if schemas/ is stale.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { transformSync } from 'esbuild';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { core, meta } from '../schemas/src/core.mjs';
import { apis, kinds } from '../schemas/src/kinds.mjs';
import { enums, statuses } from '../schemas/src/status.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMAS = join(ROOT, 'schemas');
const OUT = join(ROOT, 'dist', 'validators');
const DEFS = { ...meta, ...core, ...apis, ...statuses };
const KIND_FILES = new Set(kinds.map(([file]) => file));

/**
 * Field descriptions for `explain`, from schemas/descriptions/*.yaml: each top-level key names a
 * definition (its fields' descriptions, shared by every kind that embeds it), a kind's schema file
 * (`$doc` for the kind, then its top-level fields) or `$kind` (the fields every kind has). They
 * are written into schemas/*.json as `description` and stripped again before validators compile.
 */
function loadDescriptions() {
  const dir = join(SCHEMAS, 'descriptions');
  const out = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const data = yaml.load(readFileSync(join(dir, f), 'utf8')) ?? {};
    for (const [key, fields] of Object.entries(data)) {
      if (out[key]) throw new Error(`${f}: ${key} is described twice`);
      const known = key === '$kind' ? { apiVersion: 1, kind: 1, metadata: 1 } : DEFS[key] ? fieldsOf(DEFS[key]) : inlineFields(key) ?? kindFields(key);
      if (!known) throw new Error(`${f}: ${key} is neither a definition nor a kind`);
      for (const [field, text] of Object.entries(fields)) {
        if (typeof text !== 'string' || !text.trim()) throw new Error(`${f}: ${key}.${field} is not text`);
        if (/[^\x20-\x7e]/.test(text)) throw new Error(`${f}: ${key}.${field} has a character outside printable ASCII`);
        if (field !== '$doc' && !(field in known)) throw new Error(`${f}: ${key} has no field ${field}`);
      }
      out[key] = fields;
    }
  }
  return out;
}

function kindFields(file) {
  const k = kinds.find(([name]) => name === file);
  return k ? { apiVersion: 'string', kind: 'string', ...k[4] } : undefined;
}

/** Fields of an inline struct (`{ $inline: 'NamespaceSpec', ... }`) of some kind, by its name. */
function inlineFields(name) {
  for (const k of kinds) {
    for (const t of Object.values(k[4])) if (typeof t === 'object' && t.$inline === name) return fieldsOf(t);
  }
  return undefined;
}

const DESCRIPTIONS = loadDescriptions();

/** `ENUM:` values for explain (sorted, as the API server's OpenAPI lists them); the validators never see them. */
const ENUMS = Object.fromEntries(
  Object.entries(enums).map(([key, values]) => {
    const [def, field] = key.split('.');
    const known = DEFS[def] ? fieldsOf(DEFS[def]) : kindFields(def);
    const type = known?.[field];
    if (typeof type !== 'string' || !/^!?~?string$/.test(type)) throw new Error(`enums: ${key} is not a string field of a definition`);
    return [key, [...values].sort()];
  }),
);

/** The description of a field of a definition (following `$extends`), or of a kind's top-level field. */
function describe(name, field) {
  for (let n = name; n; n = DEFS[n]?.$extends) {
    const text = DESCRIPTIONS[n]?.[field];
    if (text) return text.trim();
  }
  return KIND_FILES.has(name) ? DESCRIPTIONS.$kind?.[field]?.trim() : undefined;
}


const SCALARS = {
  string: { type: 'string', 'x-go': 'string' },
  int32: { type: 'integer', 'x-go': 'int32', minimum: -2147483648, maximum: 2147483647 },
  int64: { type: 'integer', 'x-go': 'int64' },
  float64: { type: 'number', 'x-go': 'float64' },
  bool: { type: 'boolean', 'x-go': 'bool' },
  // Base64 (StdEncoding); text that fails is checked again by Go's rules, which also skip newlines.
  bytes: { type: 'string', 'x-go': '[]uint8', pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$' },
  quantity: { type: ['string', 'number'], 'x-go': 'resource.Quantity', pattern: '^[+-]?[0-9.]+[eEinumkKMGTP]*[-+]?[0-9]*$' },
  intstr: { type: ['string', 'integer'], 'x-go': 'intstr.IntOrString' },
  time: { type: 'string', 'x-go': 'v1.Time' },
  microtime: { type: 'string', 'x-go': 'v1.MicroTime' },
  object: { type: 'object', 'x-go': 'map[string]interface {}' },
  any: {},
};

function goTypeOf(type) {
  if (type in SCALARS) return SCALARS[type]['x-go'] ?? 'interface {}';
  if (type.startsWith('[]')) return `[]${goTypeOf(type.slice(2))}`;
  if (type.startsWith('map[string]')) return `map[string]${goTypeOf(type.slice(11))}`;
  return structGoName(type);
}

function structGoName(name) {
  return DEFS[name]?.$go ?? `v1.${name}`;
}

/** Fields of a definition, following `$extends`. */
function fieldsOf(def) {
  const { $extends, $go: _go, $inline: _inline, ...own } = def;
  return $extends ? { ...fieldsOf(DEFS[$extends]), ...own } : own;
}

/** JSON Schema for a type expression; collects referenced definitions into `used`. */
function typeSchema(type, used) {
  if (typeof type === 'object') return structSchema(type.$inline, type, used);
  // `~T`: documented as T for explain, validated as any value (statuses, which the API server takes
  // as they come, and the deprecated volume sources).
  if (type.startsWith('~')) return { ...typeSchema(type.slice(1), used), 'x-doc-only': true };
  if (type in SCALARS) return { ...SCALARS[type] };
  if (type.startsWith('[]')) return { type: 'array', items: typeSchema(type.slice(2), used), 'x-go': goTypeOf(type) };
  if (type.startsWith('map[string]')) {
    return { type: 'object', additionalProperties: typeSchema(type.slice(11), used), 'x-go': goTypeOf(type) };
  }
  if (!DEFS[type]) throw new Error(`unknown type ${type}`);
  used.add(type);
  return { $ref: `#/definitions/${type}` };
}

function structSchema(name, def, used) {
  const properties = {};
  const required = [];
  for (const [field, raw] of Object.entries(fieldsOf(def))) {
    const isRequired = typeof raw === 'string' && raw.startsWith('!');
    const type = isRequired ? raw.slice(1) : raw;
    properties[field] = typeSchema(type, used);
    const description = describe(name, field);
    if (description) properties[field].description = description;
    if (ENUMS[`${name}.${field}`]) properties[field]['x-enum'] = ENUMS[`${name}.${field}`];
    if (isRequired) {
      required.push(field);
      if (type === 'string') properties[field].minLength = 1;
    }
  }
  const goName = def.$go ?? `v1.${name}`;
  const schema = { type: 'object', 'x-go': goName, 'x-struct': goName.split('.')[1], properties, additionalProperties: false };
  if (required.length) schema.required = required;
  return schema;
}

/** The schema of one kind with the closure of the definitions it uses. */
function kindSchema(file, apiVersion, kind, pkg, fields) {
  const used = new Set();
  const root = structSchema(file, { $go: `${pkg}.${kind}`, apiVersion: 'string', kind: 'string', ...fields }, used);
  const definitions = {};
  const pending = [...used];
  while (pending.length) {
    const name = pending.pop();
    if (definitions[name]) continue;
    const inner = new Set();
    definitions[name] = structSchema(name, DEFS[name], inner);
    for (const n of inner) if (!definitions[n]) pending.push(n);
  }
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://kubectl-lite.local/schemas/${file}.json`,
    title: `${kind} (${apiVersion})`,
    'x-api-version': apiVersion,
    'x-kind': kind,
    ...(DESCRIPTIONS[file]?.$doc ? { description: DESCRIPTIONS[file].$doc.trim() } : {}),
    ...root,
    definitions: sorted,
  };
}

/** Kinds without a schema of their own: ObjectMeta is checked, the rest is free-form. */
function fallbackSchema() {
  const used = new Set();
  const metadata = typeSchema('ObjectMeta', used);
  const definitions = {};
  const pending = [...used];
  while (pending.length) {
    const name = pending.pop();
    const inner = new Set();
    definitions[name] = structSchema(name, DEFS[name], inner);
    for (const n of inner) if (!definitions[n]) pending.push(n);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://kubectl-lite.local/schemas/Object.json',
    title: 'Any other kind (permissive)',
    type: 'object',
    'x-go': 'unstructured.Unstructured',
    'x-struct': 'Unstructured',
    // Described as every kind's are: explain shows them for kinds without a schema and for custom kinds.
    properties: Object.fromEntries(
      Object.entries({ apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata }).map(([field, schema]) => {
        const text = DESCRIPTIONS.$kind?.[field]?.trim();
        return [field, text ? { ...schema, description: text } : schema];
      }),
    ),
    definitions,
  };
}

function generateSchemas() {
  const out = new Map();
  const index = {};
  for (const [file, apiVersion, kind, pkg, fields] of kinds) {
    out.set(file, kindSchema(file, apiVersion, kind, pkg, fields));
    index[`${apiVersion}/${kind}`] = file;
  }
  out.set('Object', fallbackSchema());
  return { out, index };
}

function writeSchemas(out, check) {
  let stale = false;
  const wanted = new Set([...out.keys()].map((f) => `${f}.json`));
  for (const [file, schema] of out) {
    const path = join(SCHEMAS, `${file}.json`);
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {}
    if (current === text) continue;
    stale = true;
    if (!check) writeFileSync(path, text);
  }
  for (const f of readdirSync(SCHEMAS)) {
    if (f.endsWith('.json') && !wanted.has(f)) {
      stale = true;
      if (!check) rmSync(join(SCHEMAS, f));
    }
  }
  return stale;
}

/**
 * What the validators check: the schema without `description` and `x-enum` annotations (a property
 * named `description` stays), documentation-only types open (`{}`), and the definitions only they
 * used dropped, so the compiled validators are what they were before explain needed them.
 */
function forValidation(schema) {
  const strip = (node) => {
    if (Array.isArray(node)) return node.map(strip);
    if (typeof node !== 'object' || node === null) return node;
    if (node['x-doc-only'] === true) return {};
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'description' && typeof v === 'string') || k === 'x-enum') continue;
      out[k] = strip(v);
    }
    return out;
  };
  const { definitions = {}, ...root } = strip(schema);
  const reachable = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/definitions/', '');
      if (!reachable.has(name)) {
        reachable.add(name);
        visit(definitions[name]);
      }
    }
    for (const v of Object.values(node)) visit(v);
  };
  visit(root);
  const kept = Object.fromEntries(Object.entries(definitions).filter(([name]) => reachable.has(name)));
  return { ...root, definitions: kept };
}

/**
 * The paths of a kind's resource.Quantity fields (`spec.containers.[].resources.limits.*`: `[]`
 * every item of a list, `*` every value of a map), which the API server re-encodes canonically.
 */
function quantityPaths(schema) {
  const defs = schema.definitions ?? {};
  const out = [];
  const walk = (node, path, seen) => {
    if (!node || typeof node !== 'object') return;
    if (node['x-go'] === 'resource.Quantity') return void out.push(path.join('.'));
    if (node.$ref) {
      const name = node.$ref.split('/').pop();
      if (!seen.has(name)) walk(defs[name], path, new Set([...seen, name]));
      return;
    }
    for (const [k, v] of Object.entries(node.properties ?? {})) walk(v, [...path, k], seen);
    if (node.items) walk(node.items, [...path, '[]'], seen);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(node.additionalProperties, [...path, '*'], seen);
    for (const k of ['allOf', 'anyOf', 'oneOf']) for (const v of node[k] ?? []) walk(v, path, seen);
  };
  walk(schema, [], new Set());
  return out;
}

function compileValidators(out, index) {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const quantities = {};
  for (const file of out.keys()) {
    const paths = quantityPaths(JSON.parse(readFileSync(join(SCHEMAS, `${file}.json`), 'utf8')));
    if (paths.length) quantities[file] = paths;
  }
  writeFileSync(join(OUT, 'quantities.json'), `${JSON.stringify(quantities, null, 2)}\n`);
  for (const file of out.keys()) {
    // Descriptions are for explain: the validators never see them.
    const schema = forValidation(JSON.parse(readFileSync(join(SCHEMAS, `${file}.json`), 'utf8')));
    const ajv = new Ajv({ allErrors: true, inlineRefs: false, messages: false, code: { source: true, esm: false }, allowUnionTypes: true, strictTuples: false });
    for (const keyword of ['x-go', 'x-struct', 'x-api-version', 'x-kind']) ajv.addKeyword(keyword);
    const validate = ajv.compile(schema);
    // Minified: a write loads only its kind's validator, and smaller code parses faster.
    // Self-contained: ajv's one runtime helper (string length in code points) is written inline, so
    // loading a validator resolves nothing under node_modules. Tree shaking drops the schema
    // literals that ajv emits but the code never reads.
    const source = standaloneCode(ajv, validate).replaceAll(
      'require("ajv/dist/runtime/ucs2length").default',
      '((s) => { let n = 0; for (const _ of s) n++; return n; })',
    );
    if (/\brequire\(/.test(source)) throw new Error(`${file}: the validator still requires a module`);
    const minified = transformSync(source, { minify: true, treeShaking: true, format: 'cjs', target: 'node20' }).code;
    // Errors are worded from instancePath, keyword and params (src/api/validation/decode.ts); the
    // schemaPath of each is dropped, a seventh of the code a write has to load.
    const code = minified.replace(/schemaPath:"[^"]*",/g, '');
    // src/util/code-cache.ts reads validators as latin1, the same as UTF-8 for ASCII.
    if (/[^\x00-\x7f]/.test(code)) throw new Error(`${file}: the validator is not ASCII`);
    // The file is the CommonJS module wrapper itself (as the bundle is), so that src/util/code-cache.ts
    // compiles the text as read: wrapping it at each load made a second string, which V8 copied
    // whole (into fresh memory) to look the script up.
    writeFileSync(join(OUT, `${file}.cjs`), `(function (exports, require, module, __filename, __dirname) { ${code}\n})`);
  }
  writeFileSync(join(OUT, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
}

const check = process.argv.includes('--check');
const { out, index } = generateSchemas();
const stale = writeSchemas(out, check);
if (check) {
  if (stale) {
    console.error('schemas/ is out of date: run node scripts/build-validators.mjs');
    process.exit(1);
  }
} else {
  compileValidators(out, index);
}
