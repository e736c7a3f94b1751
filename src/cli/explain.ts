/**
 * `explain TYPE[.field.path]`: the fields of a kind, from schemas/*.json, laid out as kubectl
 * v1.32's plaintext explain template lays out the API server's OpenAPI v3 document. The
 * descriptions are kubectl-lite's own (schemas/descriptions/*.yaml, merged in by the build);
 * where none is written yet the document says so (see NO_DESCRIPTION).
 */
import { qualifiedName, type Registry, type ResourceType } from '../api/registry.js';
import type { PathNode } from '../printers/jsonpath.js';
import { CliError, RawError } from '../errors.js';
import { APIMACHINERY_SCHEMAS, servedKindSchemas, type OpenApiSchema } from './explain-openapi.js';
import type { KubeObject } from '../api/types.js';
import { parseGroupVersion } from '../api/openapi-v2-models.js';
import { allCrds } from '../api/crd/resources.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';

type Schemas = Record<string, OpenApiSchema>;

function resolveRef(schema: OpenApiSchema | undefined, schemas: Schemas): OpenApiSchema | undefined {
  const ref = schema?.$ref as string | undefined;
  return ref ? schemas[ref.split('/').pop()!] : undefined;
}

function isSchemaMap(v: unknown): v is OpenApiSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The template's "typeGuess": `string`, `[]Container`, `map[string]string`, `ObjectMeta`, `Object`. */
export function typeGuess(s: OpenApiSchema, schemas: Schemas): string {
  if (s.items) return '[]' + typeGuess(s.items, schemas);
  if (isSchemaMap(s.additionalProperties)) return 'map[string]' + typeGuess(s.additionalProperties, schemas);
  if (Array.isArray(s.allOf) && !s.properties && s.allOf.length === 1) return typeGuess(s.allOf[0], schemas);
  if (s.$ref) {
    const target = resolveRef(s, schemas);
    if (!target || !target.type || target.type === 'object') return String(s.$ref).split('/').pop()!.split('.').pop() || 'Object';
    return String(target.type);
  }
  if (s.type === 'object') return 'Object';
  return s.type ? String(s.type) : 'Object';
}

const indent = (text: string, n: number) => text.split('\n').map((l) => ' '.repeat(n) + l).join('\n');

/**
 * The template's `wrap`: words wrapped at `limit` columns as Go's go-wordwrap does (a break goes
 * before the word that would cross the limit and drops the spaces before it; a word longer than the
 * limit stays whole on its own line; the text's own line breaks are kept).
 */
export function wrap(limit: number, text: string): string {
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  const len = (s: string) => [...s].length;
  for (const ch of text) {
    if (ch === '\n') {
      if (!word && current + len(space) > limit) current = 0;
      else out += space + word;
      out += ch;
      current = 0;
      space = '';
      word = '';
    } else if (/\s/.test(ch) && ch !== '\u00a0') {
      if (!space || word) {
        current += len(space) + len(word);
        out += space + word;
        space = '';
        word = '';
      }
      space += ch;
    } else {
      word += ch;
      if (current + len(space) + len(word) > limit && len(word) < limit) {
        out += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (!word) return current + len(space) <= limit ? out + space : out;
  return out + space + word;
}

/** The template's "description": a schema's own text, then that of what it refers to, each line-ended. */
function descriptionOf(s: OpenApiSchema, schemas: Schemas): string {
  const d = resolveRef(s, schemas) ?? s;
  let out = typeof d.description === 'string' && d.description ? d.description + '\n' : '';
  for (const sub of d.allOf ?? []) out += descriptionOf(sub, schemas);
  if (d.items) out += descriptionOf(d.items, schemas);
  if (isSchemaMap(d.additionalProperties)) out += descriptionOf(d.additionalProperties, schemas);
  return out;
}

/** `ENUM:` (one value a line) for the FIELD header, `enum: a, b, c, d, ....` in field lists. */
function enumText(s: OpenApiSchema, long: boolean, indentAmount = 0): string {
  const values = s.enum as unknown[] | undefined;
  if (!values?.length) return '';
  const show = (v: unknown) => (v === '' ? '""' : String(v));
  if (long) return 'ENUM:' + values.map((v) => '\n    ' + show(v)).join('');
  const shown = values.slice(0, 4).map(show).join(', ');
  return `\n${' '.repeat(indentAmount)}enum: ${shown}${values.length > 4 ? ', ....' : ''}`;
}

interface Walk {
  schemas: Schemas;
  recursive: boolean;
}

function fieldDetail(w: Walk, parent: OpenApiSchema, name: string, level: number): string {
  const pad = level * 2;
  const field = parent.properties[name] as OpenApiSchema;
  const required = Array.isArray(parent.required) && parent.required.includes(name) ? ' -required-' : '';
  let out = `${' '.repeat(pad)}${name}\t<${typeGuess(field, w.schemas)}>${required}${enumText(field, false, pad)}\n`;
  if (!w.recursive) out += indent(wrap(78 - pad, field.description || '<no description>'), pad + 2) + '\n\n';
  return out;
}

/** The FIELDS list; with --recursive every nested field, a level deeper each time (cycles cut). */
function fieldList(w: Walk, schema: OpenApiSchema, level: number, seen: ReadonlySet<string>): string {
  const ref = schema.$ref as string | undefined;
  if (ref && seen.has(ref)) return '';
  const history = ref ? new Set([...seen, ref]) : seen;
  const resolved = resolveRef(schema, w.schemas) ?? schema;
  let out = '';
  for (const name of Object.keys(resolved.properties ?? {}).sort()) {
    out += fieldDetail(w, resolved, name, level);
    if (w.recursive) out += fieldList(w, resolved.properties[name], level + 1, history);
  }
  for (const sub of resolved.allOf ?? []) out += fieldList(w, sub, level, history);
  if (resolved.items) out += fieldList(w, resolved.items, level, history);
  if (isSchemaMap(resolved.additionalProperties)) out += fieldList(w, resolved.additionalProperties, level, history);
  return out;
}

/** Follows the field path; '' when a field does not exist. */
function output(w: Walk, schema: OpenApiSchema, path: string[], seen: ReadonlySet<string>): string {
  const ref = schema.$ref as string | undefined;
  const history = ref ? new Set([...seen, ref]) : seen;
  const resolved = resolveRef(schema, w.schemas) ?? schema;
  if (path.length === 0) {
    const fields = fieldList(w, resolved, 1, new Set());
    return 'DESCRIPTION:\n' + indent(wrap(76, descriptionOf(resolved, w.schemas) || '<empty>'), 4) + '\n' + (fields ? 'FIELDS:\n' + fields : '');
  }
  if (ref && seen.has(ref)) return '';
  const sub = resolved.properties?.[path[0]!] as OpenApiSchema | undefined;
  if (sub) {
    const header = path.length === 1 ? `FIELD: ${path[0]} <${typeGuess(sub, w.schemas)}>\n${enumText(sub, true)}\n\n` : '';
    return header + output(w, sub, path.slice(1), new Set());
  }
  if (resolved.items) return output(w, resolved.items, path, history);
  if (isSchemaMap(resolved.additionalProperties)) return output(w, resolved.additionalProperties, path, history);
  for (const alt of resolved.allOf ?? []) {
    const text = output(w, alt, path, history);
    if (text) return text;
  }
  return '';
}

export interface ExplainRequest {
  type: ResourceType;
  version: string;
  fieldPath: string[];
  recursive: boolean;
  /** A custom kind's CustomResourceDefinition (its schema). */
  crd?: KubeObject;
}

/** kubectl's explain text; a missing field is reported after the header, as kubectl does. */
export function renderExplain(req: ExplainRequest): { text: string; error?: string } {
  const k = servedKindSchemas(req.type, req.version, req.crd);
  const schemas = { ...APIMACHINERY_SCHEMAS, ...k.schemas };
  const header = `${req.type.group ? `GROUP:      ${req.type.group}\n` : ''}KIND:       ${req.type.kind}\nVERSION:    ${req.version}\n\n`;
  const body = output({ schemas, recursive: req.recursive }, { $ref: `#/components/schemas/${k.name}` }, req.fieldPath, new Set());
  if (!body) return { text: header, error: `field "${req.fieldPath[req.fieldPath.length - 1]}" does not exist` };
  return { text: header + body + '\n' };
}

const OUTPUTS = ['plaintext', 'plaintext-openapiv2'];

/**
 * The nodes of an explain argument read as kubectl reads it, a JSONPath (`{.ARG}`): what does not
 * parse is refused with the parser's words.
 */
async function pathNodes(path: string): Promise<PathNode[]> {
  const { JsonPathError, parseJsonPath } = await import('../printers/jsonpath.js');
  let root;
  try {
    root = parseJsonPath(`{.${path}}`);
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(e.message);
    throw e;
  }
  if (root.nodes.length !== 1 || root.nodes[0]!.kind !== 'list') throw new CliError('must pass in 1 jsonpath string');
  return root.nodes[0]!.nodes;
}

/** Each node a plain field (else `refusal`): their names. */
function fieldNames(nodes: PathNode[], refusal: string): string[] {
  return nodes.map((n) => {
    if (n.kind !== 'field') throw new CliError(`invalid jsonpath syntax, ${refusal}`);
    return n.name;
  });
}

/**
 * The field path kubectl finds for `type` in the argument: without --api-version, what follows the
 * type's resource.group when the argument starts with it (read again as a JSONPath, its first node
 * the empty field before the dot, passed over), else every node after the first.
 */
async function explainFieldPath(input: string, nodes: PathNode[], type: ResourceType, withVersion: boolean): Promise<string[]> {
  if (withVersion) return fieldNames(nodes.slice(1), 'all nodes must be field nodes');
  const groupResource = qualifiedName(type);
  if (!input.startsWith(groupResource)) return fieldNames(nodes.slice(1), 'first node must be field node');
  const suffix = input.slice(groupResource.length);
  return suffix ? fieldNames((await pathNodes(suffix)).slice(1), 'first node must be field node') : [];
}

async function runExplain(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  if (args.length === 0) {
    throw new CliError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  if (args.length > 1) throw new CliError('We accept only this format: explain RESOURCE');
  const output = String(flags.output ?? 'plaintext');
  if (!OUTPUTS.includes(output)) throw new CliError(`unrecognized format: ${output}`);
  const { registry, crds } = ctx.session().read((api) => ({ registry: api.registry, crds: allCrds(api) }));
  const wanted = flags['api-version'] as string | undefined;
  const input = args[0]!.replace(/\.$/, '');
  const nodes = await pathNodes(input);
  if (nodes[0]?.kind !== 'field') throw new CliError('invalid jsonpath syntax, first node must be field node');
  if (nodes[0].name === '') throw new CliError('a resource must be present, got: /, Resource=');
  const words = input.split('.');
  let type: ResourceType | undefined;
  // With --api-version, kubectl takes the first word for the resource and the rest for the field path
  // (`deployments.apps.spec` is the field apps, then spec).
  if (!wanted) {
    // Without it, the longest prefix of the dotted words that names a resource alone or as plural.group
    // (`certificates.cert-manager.io.spec`; not `cert.cert-manager.io` or resource.version.group), the rest the field path.
    // A plural the core group has is that resource (`pods.metrics.k8s.io` is pods and the fields metrics, k8s, io), as kubectl finds it.
    const coreFirst = registry.lookup(words[0]!)?.group === '';
    for (let i = words.length; i > 0 && !type; i--) {
      const found = registry.lookup(words.slice(0, i).join('.'));
      if (found && (i === 1 || (!coreFirst && found.plural === words[0] && found.group === words.slice(1, i).join('.')))) type = found;
    }
  }
  if (!type) {
    try {
      type = registry.resolve(nodes[0].name);
    } catch (e) {
      // explain words an unknown type without the `error: ` prefix.
      if (e instanceof CliError) throw new RawError(e.message);
      throw e;
    }
  }
  const fieldPath = await explainFieldPath(input, nodes, type, wanted !== undefined);
  let version = type.version;
  if (output === 'plaintext-openapiv2') {
    ctx.io.out.write(await explainV2(registry, crds, type, wanted, fieldPath, flags.recursive === true));
    return;
  }
  if (wanted) {
    const { group, version: v } = parseGroupVersion(wanted);
    if (group !== type.group || !type.versions.includes(v)) {
      // A group version the server serves has an OpenAPI document, without this resource in it.
      const served = registry.types.some((t) => t.group === group && t.versions.includes(v));
      throw new CliError(served ? `GVR (${group}/${v}, Resource=${type.plural}) not found in OpenAPI schema` : `couldn't find resource for "${group}/${v}, Resource=${type.plural}"`);
    }
    version = v;
  }
  const crd = type.custom ? crds.find((c) => c.metadata.name === `${type.plural}.${type.group}`) : undefined;
  const { text, error } = renderExplain({ type, version, fieldPath, recursive: flags.recursive === true, crd });
  ctx.io.out.write(text);
  if (error) throw new CliError(error);
}

/**
 * The older layout, from the OpenAPI v2 document serve publishes: the kind kubectl maps the type to,
 * at the version --api-version names (any group version: the document says whether it has it).
 */
async function explainV2(registry: Registry, crds: KubeObject[], type: ResourceType, wanted: string | undefined, fieldPath: string[], recursive: boolean): Promise<string> {
  const gvk = { ...(wanted ? parseGroupVersion(wanted) : { group: type.group, version: type.version }), kind: type.kind };
  const [{ openapiV2Definitions }, { renderExplainV2 }] = await Promise.all([import('../serve/openapi.js'), import('./explain-v2.js')]);
  return renderExplainV2({ definitions: openapiV2Definitions(registry.types, crds), gvk, fieldPath, recursive });
}

export const verb: VerbSpec = {
  name: 'explain',
  summary: 'Get documentation for a resource',
  usage: 'TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]',
  examples: '  # Get the documentation of the resource and its fields\n  kubectl-lite explain pods\n\n  # Get the documentation of a specific field of a resource\n  kubectl-lite explain pods.spec.containers',
  flags: [
    { name: 'recursive', type: 'bool', description: 'When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.' },
    { name: 'api-version', type: 'string', arg: 'string', description: 'Use given api-version (group/version) of the resource.' },
    { name: 'output', short: 'o', type: 'string', arg: 'string', default: 'plaintext', description: 'Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).' },
  ],
  run: runExplain,
};
