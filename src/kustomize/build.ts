/**
 * `kubectl kustomize DIR` (kustomize v5.5.0 as kubectl v1.32 embeds it): reads a kustomization
 * and its resources, bases and components, runs its generators and its built-in transformers in
 * kustomize's order (patchesStrategicMerge, patches, namespace, prefix, suffix, labels,
 * annotations, patchesJson6902, replicas, images), then at the top only: hash suffixes on
 * generated ConfigMaps and Secrets, name references rewritten, and the legacy sort by kind.
 * Loaded only by `kustomize` and `-k`.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import yaml from 'js-yaml';
import { applyJsonPatch, atomicLists, isMap, JsonPatchError, strategyForKind, type Json, type JsonMap } from '../api/merge/index.js';
import { matches as selectorMatches, parseSelector, SelectorParseError } from '../api/labels.js';
import { setKey } from '../util/own.js';
import { generate, GENERATOR_FIELDS, type GeneratorArgs, type GeneratorOptions } from './generators.js';
import { hashSuffix } from './hash.js';
import { kyamlMerge } from './smp.js';
import { goYamlMessage } from '../api/yaml-documents.js';
import { CLUSTER_SCOPED, COMMON_ANNOTATIONS, COMMON_LABELS, IMAGES, kindRank, METADATA_LABELS, NAME_REFERENCES, PREFIX_SKIP, REPLICAS, type FieldSpec } from './specs.js';

import { KustomizeError } from './error.js';

export { KustomizeError };

export interface BuildOptions {
  /** `LoadRestrictionsRootOnly` (default) or `LoadRestrictionsNone`. */
  loadRestrictor?: string;
  /** Deprecation notes, as kustomize prints them on stderr. */
  warn?(message: string): void;
  /** The directory as the user wrote it, which kustomize's errors quote. */
  asGiven?: string;
}

/** One object in the build, with the names and namespaces it has had (the first is its original). */
export interface Res {
  obj: JsonMap;
  names: string[];
  namespaces: string[];
  /** A generated ConfigMap or Secret that gets a hash suffix at the end. */
  hash: boolean;
  /** Generated (for behavior: merge and replace). */
  generated: boolean;
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const SUPPORTED = new Set([
  'apiVersion', 'kind', 'metadata', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'commonAnnotations',
  'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replicas', 'resources', 'components', 'bases',
  'configMapGenerator', 'secretGenerator', 'generatorOptions', 'sortOptions',
]);
const KNOWN_UNSUPPORTED = new Set([
  'openapi', 'replacements', 'vars', 'crds', 'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'configurations',
  'generators', 'transformers', 'validators', 'buildMetadata',
]);

/** Builds the kustomization in `dir`; returns the objects in output order. */
export function build(dir: string, opts: BuildOptions = {}): JsonMap[] {
  if (isRemote(dir)) throw new KustomizeError(`remote kustomization '${dir}' is not supported by kubectl-lite (fetch it and build the local copy)`);
  const root = checkedDir(dir, opts.asGiven ?? dir);
  const b = new Builder(opts);
  const { k, resources } = b.target(root, 'Kustomization');
  for (const r of resources) {
    if (!r.hash) continue;
    rename(r, `${nameOf(r.obj)}-${hashSuffix(r.obj)}`);
  }
  fixNameReferences(resources);
  const sort = isMap(k.sortOptions) ? k.sortOptions : {};
  const order = sort.order;
  if (order !== undefined && order !== 'legacy' && order !== 'fifo') throw new KustomizeError("the field 'sortOptions.order' must be one of [fifo, legacy]");
  const legacy = isMap(sort.legacySortOptions) ? sort.legacySortOptions : undefined;
  if (legacy && order !== 'legacy') {
    throw new KustomizeError(`the field 'sortOptions.legacySortOptions' is set but the selected sort order is '${String(order ?? '')}', not 'legacy'`);
  }
  const rank = legacy ? customRank(strings(legacy.orderFirst, 'orderFirst'), strings(legacy.orderLast, 'orderLast')) : kindRank;
  return (order === 'fifo' ? resources : legacySort(resources, rank)).map((r) => r.obj);
}

/** Renders the build as `kubectl kustomize` prints it. */
export async function renderYaml(objects: JsonMap[]): Promise<string> {
  const { toYaml } = await import('../printers/yaml.js');
  return objects.map((o) => toYaml(o)).join('---\n');
}

function checkedDir(dir: string, asGiven: string): string {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    throw new KustomizeError(`must build at directory: not a valid directory: evalsymlink failure on '${asGiven}' : lstat ${resolve(dir)}: no such file or directory`);
  }
  if (!statSync(real).isDirectory()) throw new KustomizeError(`must build at directory: '${real}': file is not directory`);
  return real;
}

class Builder {
  constructor(private readonly opts: BuildOptions) {}

  /** Reads the kustomization file of `dir`, checking its fields. */
  load(dir: string, expectKind: 'Kustomization' | 'Component'): JsonMap {
    const found = KUSTOMIZATION_FILES.filter((f) => existsSync(join(dir, f)));
    if (found.length === 0) {
      throw new KustomizeError(`unable to find one of ${KUSTOMIZATION_FILES.map((f) => `'${f}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')} in directory '${dir}'`);
    }
    if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${dir}\n`);
    const text = readFileSync(join(dir, found[0]!), 'utf8');
    let doc: unknown;
    try {
      doc = yaml.load(text, { schema: KYAML_SCHEMA });
    } catch (e) {
      throw new KustomizeError(`invalid Kustomization: yaml: ${goYamlMessage(e, text)}`);
    }
    const k: JsonMap = canonicalKeys(isMap(doc) ? (doc as JsonMap) : {}, [...SUPPORTED, ...KNOWN_UNSUPPORTED]);
    for (const key of Object.keys(k)) {
      if (SUPPORTED.has(key)) continue;
      if (KNOWN_UNSUPPORTED.has(key)) {
        if (isEmpty(k[key])) continue;
        throw new KustomizeError(`the kustomization field '${key}' is not supported by kubectl-lite (in ${join(dir, found[0]!)})`);
      }
      throw new KustomizeError(`invalid Kustomization: json: unknown field "${key}"`);
    }
    const kind = typeof k.kind === 'string' && k.kind !== '' ? k.kind : 'Kustomization';
    if (kind !== 'Kustomization' && kind !== 'Component') throw new KustomizeError(`unknown kind '${kind}' for path '${dir}'`);
    if (kind !== expectKind) {
      throw new KustomizeError(
        expectKind === 'Component'
          ? `accumulating components: accumulateDirectory: "expected kind 'Component' for path '${dir}' but got '${kind}'"`
          : `expected kind != 'Component' for path '${dir}'`,
      );
    }
    this.warnDeprecated(k);
    return k;
  }

  private warnDeprecated(k: JsonMap): void {
    const note = (field: string, instead: string) =>
      this.opts.warn?.(`# Warning: '${field}' is deprecated. Please use '${instead}' instead. Run 'kustomize edit fix' to update your Kustomization automatically.`);
    if (k.bases !== undefined) note('bases', 'resources');
    if (k.commonLabels !== undefined) note('commonLabels', 'labels');
    if (k.imageTags !== undefined) note('imageTags', 'images');
    if (k.patchesJson6902 !== undefined) note('patchesJson6902', 'patches');
    if (k.patchesStrategicMerge !== undefined) note('patchesStrategicMerge', 'patches');
  }

  /** Everything a kustomization (or a component, applied on `resources`) makes. */
  target(dir: string, kind: 'Kustomization' | 'Component', resources: Res[] = []): { k: JsonMap; resources: Res[] } {
    const k = this.load(dir, kind);
    const loader = new FileLoader(dir, this.opts.loadRestrictor);
    for (const entry of [...strings(k.resources, 'resources'), ...strings(k.bases, 'bases')]) {
      const added = this.resource(dir, entry, loader);
      try {
        for (const r of added) addResource(resources, r);
      } catch (e) {
        const path = resolve(dir, entry);
        if (!(e instanceof KustomizeError) || !statSync(path).isDirectory()) throw e;
        throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': '${path}' must resolve to a file': recursed merging from path '${realpathSync(path)}': ${e.message}`);
      }
    }
    for (const entry of strings(k.components, 'components')) {
      const path = resolve(dir, entry);
      if (!existsSync(path) || !statSync(path).isDirectory()) {
        throw new KustomizeError(`accumulating components: accumulateDirectory: "'${path}' must be a directory to be a root"`);
      }
      this.target(realpathSync(path), 'Component', resources);
    }
    this.generators(k, loader, resources);
    this.transform(k, loader, resources);
    return { k, resources };
  }

  private resource(dir: string, entry: string, loader: FileLoader): Res[] {
    if (isRemote(entry)) {
      throw new KustomizeError(`accumulating resources: remote resource '${entry}' is not supported by kubectl-lite (fetch it and refer to the local copy)`);
    }
    const path = resolve(dir, entry);
    if (!existsSync(path)) {
      const msg = `evalsymlink failure on '${path}' : lstat ${path}: no such file or directory`;
      throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': ${msg}': must build at directory: not a valid directory: ${msg}`);
    }
    if (statSync(path).isDirectory()) {
      try {
        return this.target(realpathSync(path), 'Kustomization').resources;
      } catch (e) {
        if (!(e instanceof KustomizeError)) throw e;
        throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': '${path}' must resolve to a file': recursed accumulation of path '${path}': ${e.message}`);
      }
    }
    const outside = loader.outsideRoot(path);
    if (outside) {
      throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': ${outside}': must build at directory: '${realpathSync(path)}': file is not directory`);
    }
    const nameless = (obj: JsonMap) =>
      new KustomizeError(
        `accumulating resources: accumulation err='accumulating resources from '${entry}': missing metadata.name in object ${goObjectDump(obj)}': must build at directory: '${realpathSync(path)}': file is not directory`,
      );
    try {
      return parseResources(readFileSync(path, 'utf8'), entry, nameless).map(newRes);
    } catch (e) {
      if (!(e instanceof KustomizeError) || e.message.startsWith('accumulating')) throw e;
      throw new KustomizeError(`accumulating resources: accumulating resources from '${entry}': MalformedYAMLError: ${e.message} in File: ${entry}`);
    }
  }

  private generators(k: JsonMap, loader: FileLoader, resources: Res[]): void {
    const global = (isMap(k.generatorOptions) ? k.generatorOptions : {}) as GeneratorOptions;
    for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
      for (const raw of list(k[field], field)) {
        if (!isMap(raw)) throw new KustomizeError(`invalid Kustomization: ${field} entries must be maps`);
        const args = canonicalKeys(raw, GENERATOR_FIELDS) as unknown as GeneratorArgs;
        const { obj, hash } = generate(kind, args, global, loader);
        const behavior = args.behavior ?? 'create';
        const existing = resources.filter((r) => r.obj.kind === kind && r.names.includes(String(args.name ?? '')) && (!args.namespace || r.namespaces.includes(args.namespace)));
        if (behavior === 'create') {
          addResource(resources, { ...newRes(obj), hash, generated: true });
          continue;
        }
        if (behavior !== 'merge' && behavior !== 'replace') throw new KustomizeError(`unknown generation behavior '${behavior}'`);
        if (existing.length !== 1) {
          throw new KustomizeError(
            existing.length === 0
              ? `merging from generator: id ${goResId(obj)} does not exist; cannot merge or replace`
              : `found multiple objects ${existing.map((r) => idString(r.obj)).join(', ')} that could accept merge of ${idString(obj)}`,
          );
        }
        const target = existing[0]!;
        const meta = target.obj.metadata as JsonMap;
        const newMeta = obj.metadata as JsonMap;
        if (behavior === 'replace') {
          for (const f of ['data', 'binaryData']) delete target.obj[f];
          for (const f of ['data', 'binaryData', 'type', 'immutable']) if (obj[f] !== undefined) target.obj[f] = obj[f]!;
        } else {
          for (const f of ['data', 'binaryData']) {
            if (!isMap(obj[f])) continue;
            target.obj[f] = { ...(isMap(target.obj[f]) ? target.obj[f] : {}), ...obj[f] };
          }
          if (obj.immutable !== undefined) target.obj.immutable = obj.immutable;
        }
        for (const f of ['labels', 'annotations']) {
          if (isMap(newMeta[f])) meta[f] = { ...(isMap(meta[f]) ? meta[f] : {}), ...newMeta[f] };
        }
        target.hash = target.hash && hash;
      }
    }
  }

  private transform(k: JsonMap, loader: FileLoader, resources: Res[]): void {
    // patchesStrategicMerge
    for (const p of list(k.patchesStrategicMerge, 'patchesStrategicMerge')) {
      if (typeof p !== 'string') throw new KustomizeError('invalid Kustomization: patchesStrategicMerge entries must be strings');
      const text = looksInline(p) ? p : loader.read(p);
      for (const patch of parseResources(text, p)) applySmpById(resources, patch, 'patchesStrategicMerge');
    }
    // patches
    for (const raw of list(k.patches, 'patches')) {
      if (!isMap(raw)) throw new KustomizeError('invalid Kustomization: patches entries must be maps');
      if (raw.path !== undefined && raw.patch !== undefined) throw new KustomizeError('patch and path can\'t be set at the same time');
      if (raw.path === undefined && raw.patch === undefined) throw new KustomizeError('must specify one of patch and path in');
      const text = raw.patch !== undefined ? String(raw.patch) : loader.read(String(raw.path));
      applyPatch(resources, text, isMap(raw.target) ? raw.target : undefined, isMap(raw.options) ? raw.options : {});
    }
    // namespace
    if (typeof k.namespace === 'string' && k.namespace !== '') setNamespace(resources, k.namespace);
    // prefix, suffix
    const prefix = typeof k.namePrefix === 'string' ? k.namePrefix : '';
    const suffix = typeof k.nameSuffix === 'string' ? k.nameSuffix : '';
    if (prefix || suffix) {
      for (const r of resources) if (!PREFIX_SKIP.has(String(r.obj.kind))) rename(r, `${prefix}${nameOf(r.obj)}${suffix}`);
    }
    // labels, commonLabels
    for (const raw of list(k.labels, 'labels')) {
      if (!isMap(raw)) throw new KustomizeError('invalid Kustomization: labels entries must be maps');
      const pairs = stringMap(raw.pairs, 'labels.pairs');
      let specs: FieldSpec[];
      if (raw.includeSelectors === true) specs = COMMON_LABELS;
      else if (raw.includeTemplates === true) specs = METADATA_LABELS;
      else specs = [METADATA_LABELS[0]!];
      specs = [...specs, ...list(raw.fields, 'labels.fields').map((f) => fieldSpecOf(f))];
      setMaps(resources, specs, pairs);
    }
    if (k.commonLabels !== undefined) setMaps(resources, COMMON_LABELS, stringMap(k.commonLabels, 'commonLabels'));
    if (k.commonAnnotations !== undefined) setMaps(resources, COMMON_ANNOTATIONS, stringMap(k.commonAnnotations, 'commonAnnotations'));
    // patchesJson6902
    for (const raw of list(k.patchesJson6902, 'patchesJson6902')) {
      if (!isMap(raw)) throw new KustomizeError('invalid Kustomization: patchesJson6902 entries must be maps');
      if (!isMap(raw.target)) throw new KustomizeError('must specify a target for patch');
      const text = raw.patch !== undefined ? String(raw.patch) : loader.read(String(raw.path ?? ''));
      applyPatch(resources, text, raw.target, {}, true);
    }
    // replicas
    for (const raw of list(k.replicas, 'replicas')) {
      if (!isMap(raw)) throw new KustomizeError('invalid Kustomization: replicas entries must be maps');
      const name = String(raw.name ?? '');
      const found = resources.filter((r) => r.names.includes(name));
      if (found.length === 0) throw new KustomizeError(`resource with name ${name} does not match a config with the following GVK [${REPLICAS.map((s) => `~G_~V_${s.kind}`).join(' ')}]`);
      for (const r of found) {
        for (const spec of REPLICAS) if (selects(spec, r.obj)) walk(r.obj, splitPath(spec.path), true, (parent, key) => setKey(parent, key, raw.count as Json));
      }
    }
    // images
    for (const raw of [...list(k.images, 'images'), ...list(k.imageTags, 'imageTags')]) {
      if (!isMap(raw)) throw new KustomizeError('invalid Kustomization: images entries must be maps');
      for (const r of resources) setImages(r.obj, raw);
    }
  }
}

/** kustomize reads YAML with go-yaml v3: YAML 1.2's core schema (`yes` is a string), with merge keys. */
const yamlTypes = (yaml as unknown as { types: Record<'merge', yaml.Type> }).types;
const KYAML_SCHEMA = yaml.CORE_SCHEMA.extend({
  implicit: [
    // go-yaml v3 still reads a leading-zero integer (`0755`) as octal.
    new yaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (d: string | null) => d !== null && /^[-+]?0[0-7]+$/.test(d),
      construct: (d: string) => parseInt(d, 8),
    }),
    yamlTypes.merge,
  ],
});

/** The files a kustomization may read: under its root unless the load restrictor is None. */
export class FileLoader {
  constructor(
    readonly root: string,
    private readonly restrictor = 'LoadRestrictionsRootOnly',
  ) {
    if (restrictor !== 'LoadRestrictionsRootOnly' && restrictor !== 'LoadRestrictionsNone') {
      throw new KustomizeError(`illegal flag value --load-restrictor ${restrictor}; legal values: [LoadRestrictionsNone LoadRestrictionsRootOnly]`);
    }
  }

  /** The security error for a file outside the root, or undefined. */
  outsideRoot(path: string): string | undefined {
    if (this.restrictor === 'LoadRestrictionsNone') return undefined;
    const real = existsSync(path) ? realpathSync(path) : path;
    const rel = relative(this.root, real);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return undefined;
    return `security; file '${real}' is not in or below '${this.root}'`;
  }

  resolve(file: string): string {
    return resolve(this.root, file);
  }

  readBytes(file: string): Buffer {
    const path = this.resolve(file);
    const outside = this.outsideRoot(path);
    if (outside) throw new KustomizeError(outside);
    if (!existsSync(path)) throw new KustomizeError(`evalsymlink failure on '${path}' : lstat ${path}: no such file or directory`);
    if (statSync(path).isDirectory()) throw new KustomizeError(`read ${path}: is a directory`);
    return readFileSync(path);
  }

  read(file: string): string {
    return this.readBytes(file).toString('utf8');
  }

  baseName(file: string): string {
    return basename(file);
  }
}

/**
 * Go's encoding/json matches field names without regard to case (`nameprefix` is namePrefix):
 * keys that match a known field that way take its spelling.
 */
export function canonicalKeys(m: JsonMap, fields: Iterable<string>): JsonMap {
  const byLower = new Map<string, string>();
  for (const f of fields) byLower.set(f.toLowerCase(), f);
  const out: JsonMap = {};
  for (const [key, value] of Object.entries(m)) {
    const known = byLower.get(key.toLowerCase());
    setKey(out, known !== undefined && !Object.prototype.hasOwnProperty.call(m, known) ? known : key, value);
  }
  return out;
}

function looksInline(p: string): boolean {
  return p.includes('\n') || /^\s*(apiVersion|kind|metadata)\s*:/.test(p);
}

function isEmpty(v: Json | undefined): boolean {
  return v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);
}

function list(v: Json | undefined, field: string): Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${typeof v === 'object' ? 'object' : typeof v} into Go struct field Kustomization.${field} of type []`);
  return v;
}

function strings(v: Json | undefined, field: string): string[] {
  return list(v, field).map((x) => String(x));
}

function stringMap(v: Json | undefined, field: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isMap(v)) throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal into Go struct field Kustomization.${field} of type map[string]string`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(v)) setKey(out, key, value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  return out;
}

function fieldSpecOf(v: Json): FieldSpec {
  if (!isMap(v)) throw new KustomizeError('invalid Kustomization: fields entries must be maps');
  return {
    path: String(v.path ?? ''),
    kind: typeof v.kind === 'string' ? v.kind : undefined,
    group: typeof v.group === 'string' ? v.group : undefined,
    version: typeof v.version === 'string' ? v.version : undefined,
    create: v.create === true,
  };
}

/** Parses resource documents (kustomize reads `List`s as their items). */
export function parseResources(text: string, source: string, nameless?: (obj: JsonMap) => Error): JsonMap[] {
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text, undefined, { schema: KYAML_SCHEMA });
  } catch (e) {
    throw new KustomizeError(`yaml: ${goYamlMessage(e, text)}`);
  }
  if (!/[\n"']$/.test(text)) dropFinalBreak(docs);
  const out: JsonMap[] = [];
  for (const d of docs) {
    if (d === null || d === undefined) continue;
    if (!isMap(d)) throw new KustomizeError(`${source}: missing Resource metadata`);
    if (nameless) {
      const bad = docs.find((x) => isMap(x) && !(typeof (x as JsonMap).kind === 'string' && String((x as JsonMap).kind).endsWith('List')) && nameOf(x as JsonMap) === '');
      if (bad) throw nameless(jsonOf(bad) as JsonMap);
    }
    const doc = jsonOf(d) as JsonMap;
    if (typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items)) {
      for (const item of doc.items) if (isMap(item)) out.push(item);
      continue;
    }
    if (nameless && nameOf(doc) === '') throw nameless(doc);
    out.push(doc);
  }
  return out;
}

/**
 * A block scalar that ends the file without a line break has none in go-yaml (clip keeps only a
 * break that is there); js-yaml adds one. That scalar is the last one of the last document.
 */
function dropFinalBreak(docs: unknown[]): void {
  let parent: unknown[] | Record<string, unknown> = docs;
  let key: number | string = docs.length - 1;
  for (;;) {
    const v: unknown = (parent as Record<string | number, unknown>)[key];
    if (Array.isArray(v) && v.length > 0) {
      parent = v;
      key = v.length - 1;
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
      parent = v as Record<string, unknown>;
      key = Object.keys(v).at(-1)!;
    } else {
      if (typeof v === 'string' && v.endsWith('\n')) (parent as Record<string | number, unknown>)[key] = v.slice(0, -1);
      return;
    }
  }
}

/** The TypeMeta and ObjectMeta of an object as Go's %v prints them (kustomize's missing-name error). */
function goObjectDump(obj: JsonMap): string {
  const meta = isMap(obj.metadata) ? obj.metadata : {};
  const goMap = (v: Json | undefined) =>
    `map[${isMap(v) ? Object.keys(v).sort().map((k) => `${k}:${String(v[k])}`).join(' ') : ''}]`;
  const str = (v: Json | undefined) => (typeof v === 'string' ? v : '');
  return `{{${str(obj.apiVersion)} ${str(obj.kind)}} {{${str(meta.name)} ${str(meta.namespace)}} ${goMap(meta.labels)} ${goMap(meta.annotations)}}}`;
}

/** What survives the trip through JSON (kustomize's objects are JSON). */
function jsonOf(v: unknown): Json {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Date ? x.toISOString() : x))) as Json;
}

function newRes(obj: JsonMap): Res {
  if (!isMap(obj.metadata)) obj.metadata = {};
  return { obj, names: [nameOf(obj)], namespaces: [nsOf(obj)], hash: false, generated: false };
}

function nameOf(obj: JsonMap): string {
  const meta = obj.metadata;
  return isMap(meta) && typeof meta.name === 'string' ? meta.name : '';
}

function nsOf(obj: JsonMap): string {
  const meta = obj.metadata;
  return isMap(meta) && typeof meta.namespace === 'string' ? meta.namespace : '';
}

function rename(r: Res, name: string): void {
  (r.obj.metadata as JsonMap).name = name;
  if (!r.names.includes(name)) r.names.push(name);
}

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

function gvkOf(obj: JsonMap): Gvk {
  const av = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const slash = av.indexOf('/');
  return { group: slash >= 0 ? av.slice(0, slash) : '', version: slash >= 0 ? av.slice(slash + 1) : av, kind: typeof obj.kind === 'string' ? obj.kind : '' };
}

/** kustomize's id in messages: `Deployment.v1.apps/web.[noNs]`. */
export function idString(obj: JsonMap): string {
  const g = gvkOf(obj);
  const ns = nsOf(obj);
  return `${g.kind}.${g.version || '[noVer]'}.${g.group || '[noGrp]'}/${nameOf(obj)}.${ns || '[noNs]'}`;
}

/** A ResId as Go's %#v prints it. */
function goResId(obj: JsonMap): string {
  const g = gvkOf(obj);
  return `resid.ResId{Gvk:resid.Gvk{Group:"${g.group}", Version:"${g.version}", Kind:"${g.kind}", isClusterScoped:${!namespaced(obj)}}, Name:"${nameOf(obj)}", Namespace:"${nsOf(obj)}"}`;
}

function namespaced(obj: JsonMap): boolean {
  return !CLUSTER_SCOPED.has(String(obj.kind));
}

function effectiveNs(ns: string, obj: JsonMap): string {
  return ns === '' && namespaced(obj) ? 'default' : ns;
}

function addResource(resources: Res[], r: Res): void {
  const g = gvkOf(r.obj);
  const clash = resources.find((o) => {
    const og = gvkOf(o.obj);
    return og.group === g.group && og.version === g.version && og.kind === g.kind && nameOf(o.obj) === nameOf(r.obj) && effectiveNs(nsOf(o.obj), o.obj) === effectiveNs(nsOf(r.obj), r.obj);
  });
  if (clash) throw new KustomizeError(`may not add resource with an already registered id: ${idString(r.obj)}`);
  resources.push(r);
}

// ---- field specs -------------------------------------------------------------------------

function selects(spec: FieldSpec, obj: JsonMap): boolean {
  const g = gvkOf(obj);
  if (spec.kind && spec.kind !== g.kind) return false;
  if (spec.group && spec.group !== g.group) return false;
  if (spec.version && spec.version !== g.version) return false;
  return true;
}

/** A field path's keys (`\/` is a slash inside a key; `[]` after a list name is dropped). */
function splitPath(path: string): string[] {
  return path
    .split(/(?<!\\)\//)
    .map((s) => s.replace(/\\\//g, '/').replace(/\[\]$/, ''))
    .filter((s) => s !== '');
}

/**
 * Calls `leaf(parent, key)` for each place the path reaches, going through every item of the
 * lists on the way; with `create`, missing maps on the way are made.
 */
function walk(node: Json | undefined, keys: string[], create: boolean, leaf: (parent: JsonMap, key: string) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, keys, create, leaf);
    return;
  }
  if (!isMap(node) || keys.length === 0) return;
  const [key, ...rest] = keys as [string, ...string[]];
  if (rest.length === 0) {
    if (Object.prototype.hasOwnProperty.call(node, key) || create) leaf(node, key);
    return;
  }
  let next = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
  if ((next === undefined || next === null) && create) {
    next = {};
    setKey(node, key, next);
  }
  walk(next, rest, create, leaf);
}

/** Sets each key of `values` in the maps the specs reach (labels, annotations). */
function setMaps(resources: Res[], specs: FieldSpec[], values: Record<string, string>): void {
  if (Object.keys(values).length === 0) return;
  for (const r of resources) {
    const done = new Set<string>();
    for (const spec of specs) {
      if (!selects(spec, r.obj) || done.has(spec.path)) continue;
      done.add(spec.path);
      walk(r.obj, splitPath(spec.path), spec.create === true, (parent, key) => {
        let m = parent[key];
        if (m === undefined || m === null) {
          m = {};
          setKey(parent, key, m);
        }
        if (!isMap(m)) throw new KustomizeError(`${spec.path} in ${idString(r.obj)} is not a map`);
        for (const [k, v] of Object.entries(values)) setKey(m, k, v);
      });
    }
  }
}

// ---- namespace ---------------------------------------------------------------------------

function setNamespace(resources: Res[], ns: string): void {
  for (const r of resources) {
    const meta = r.obj.metadata as JsonMap;
    const kind = String(r.obj.kind);
    if (kind === 'Namespace') {
      rename(r, ns);
      continue;
    }
    if (namespaced(r.obj)) {
      meta.namespace = ns;
      if (!r.namespaces.includes(ns)) r.namespaces.push(ns);
    }
    if ((kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && Array.isArray(r.obj.subjects)) {
      for (const s of r.obj.subjects) if (isMap(s) && s.name === 'default' && s.kind === 'ServiceAccount') s.namespace = ns;
    }
    if (kind === 'APIService' && gvkOf(r.obj).group === 'apiregistration.k8s.io') {
      walk(r.obj, ['spec', 'service', 'namespace'], true, (parent, key) => setKey(parent, key, ns));
    }
    if (kind === 'CustomResourceDefinition') {
      walk(r.obj, ['spec', 'conversion', 'webhook', 'clientConfig', 'service', 'namespace'], false, (parent, key) => setKey(parent, key, ns));
    }
  }
}

// ---- images ------------------------------------------------------------------------------

/** Splits an image reference into name, tag (`:t`) and digest (`@d`). */
function splitImage(image: string): { name: string; tag: string; digest: string } {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, tag, digest };
}

function newImage(image: string, spec: JsonMap): string | undefined {
  const cur = splitImage(image);
  if (cur.name !== spec.name) return undefined;
  const name = typeof spec.newName === 'string' && spec.newName !== '' ? spec.newName : cur.name;
  let tag = cur.tag;
  let digest = cur.digest;
  if (spec.newTag !== undefined && spec.newTag !== null && String(spec.newTag) !== '') {
    tag = String(spec.newTag);
    if (spec.digest === undefined) digest = '';
  }
  if (typeof spec.digest === 'string' && spec.digest !== '') {
    digest = spec.digest;
    if (spec.newTag === undefined) tag = '';
  }
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

function setImages(obj: JsonMap, spec: JsonMap): void {
  const visit = (node: Json, key?: string): void => {
    if (Array.isArray(node)) {
      const containers = key === 'containers' || key === 'initContainers';
      for (const item of node) {
        if (containers && isMap(item) && typeof item.image === 'string') {
          const changed = newImage(item.image, spec);
          if (changed !== undefined) item.image = changed;
        }
        visit(item);
      }
      return;
    }
    if (isMap(node)) for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  visit(obj);
  for (const fsp of IMAGES) {
    walk(obj, splitPath(fsp.path), false, (parent, key) => {
      const v = parent[key];
      if (typeof v === 'string') {
        const changed = newImage(v, spec);
        if (changed !== undefined) parent[key] = changed;
      }
    });
  }
}

// ---- patches -----------------------------------------------------------------------------

function strategyFor(obj: JsonMap) {
  return gvkOf(obj).group.includes('.') && !gvkOf(obj).group.endsWith('.k8s.io') ? atomicLists : strategyForKind(String(obj.kind));
}

function smp(target: Res, patch: JsonMap): void {
  const merged = kyamlMerge(target.obj, patch, strategyFor(target.obj));
  target.obj = merged;
  if (!isMap(target.obj.metadata)) target.obj.metadata = {};
}

function applySmpById(resources: Res[], patch: JsonMap, _field: string): void {
  const g = gvkOf(patch);
  const name = nameOf(patch);
  const ns = nsOf(patch);
  const found = resources.filter((r) => {
    const rg = gvkOf(r.obj);
    return rg.kind === g.kind && rg.group === g.group && rg.version === g.version && r.names.includes(name) && (ns === '' || r.namespaces.includes(ns));
  });
  const id = idString(patch);
  if (found.length === 0) throw new KustomizeError(`no resource matches strategic merge patch "${id}": no matches for Id ${id}; failed to find unique target for patch ${id}`);
  if (found.length > 1) throw new KustomizeError(`multiple matches for Id ${id}; failed to find unique target for patch ${id}`);
  if (patch.$patch === 'delete') {
    resources.splice(resources.indexOf(found[0]!), 1);
    return;
  }
  smp(found[0]!, patch);
}

function applyPatch(resources: Res[], text: string, target: JsonMap | undefined, options: JsonMap, json6902 = false): void {
  let parsed: unknown[];
  const trimmed = text.trim();
  try {
    parsed = trimmed.startsWith('[') || trimmed.startsWith('{') ? [JSON.parse(trimmed)] : yaml.loadAll(text, undefined, { schema: KYAML_SCHEMA });
  } catch (e) {
    throw new KustomizeError(`unable to parse SM or JSON patch from [${text}]`);
  }
  parsed = parsed.filter((d) => d !== null && d !== undefined);
  const isJson = json6902 || (parsed.length === 1 && Array.isArray(parsed[0]));
  if (isJson) {
    if (!target) throw new KustomizeError(`unable to apply JSON patch without a target`);
    const ops = jsonOf(parsed[0] ?? []);
    for (const r of select(resources, target)) {
      const before = nameOf(r.obj);
      try {
        r.obj = applyJsonPatch(r.obj, ops) as JsonMap;
      } catch (e) {
        if (e instanceof JsonPatchError) throw new KustomizeError(e.message);
        throw e;
      }
      if (!isMap(r.obj.metadata)) r.obj.metadata = {};
      checkRenames(r, before);
    }
    return;
  }
  const patches = parsed.map((d) => jsonOf(d) as JsonMap);
  if (!target) {
    for (const p of patches) {
      if (!isMap(p)) throw new KustomizeError('unable to parse SM or JSON patch');
      applySmpById(resources, p, 'patches');
    }
    return;
  }
  for (const r of select(resources, target)) {
    for (const p of patches) {
      if (p.$patch === 'delete') {
        resources.splice(resources.indexOf(r), 1);
        break;
      }
      const before = nameOf(r.obj);
      const copy = { ...p, apiVersion: r.obj.apiVersion ?? null, kind: r.obj.kind ?? null } as JsonMap;
      const meta = { ...(isMap(p.metadata) ? p.metadata : {}) } as JsonMap;
      if (options.allowNameChange !== true || meta.name === undefined) meta.name = before;
      if (nsOf(r.obj)) meta.namespace = nsOf(r.obj);
      else delete meta.namespace;
      copy.metadata = meta;
      smp(r, copy);
      checkRenames(r, before);
    }
  }
}

/** A patch that renamed its target: the new name joins the names it has had. */
function checkRenames(r: Res, before: string): void {
  const after = nameOf(r.obj);
  if (after !== before && !r.names.includes(after)) r.names.push(after);
}

function fullMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
}

/** The objects a patch target selects, as kustomize's Select does. */
function select(resources: Res[], target: JsonMap): Res[] {
  const str = (k: string) => (typeof target[k] === 'string' ? (target[k] as string) : '');
  let labelSel, annoSel;
  try {
    labelSel = str('labelSelector') ? parseSelector(str('labelSelector')) : undefined;
    annoSel = str('annotationSelector') ? parseSelector(str('annotationSelector')) : undefined;
  } catch (e) {
    if (e instanceof SelectorParseError) throw new KustomizeError(e.message);
    throw e;
  }
  return resources.filter((r) => {
    const g = gvkOf(r.obj);
    if (str('group') && str('group') !== g.group) return false;
    if (str('version') && str('version') !== g.version) return false;
    if (str('kind') && str('kind') !== g.kind) return false;
    if (str('name') && !fullMatch(str('name'), r.names[0]!) && !fullMatch(str('name'), nameOf(r.obj))) return false;
    if (str('namespace')) {
      const org = effectiveNs(r.namespaces[0]!, r.obj);
      const cur = effectiveNs(nsOf(r.obj), r.obj);
      if (!fullMatch(str('namespace'), org) && !fullMatch(str('namespace'), cur)) return false;
    }
    const meta = r.obj.metadata as JsonMap;
    if (labelSel && !selectorMatches(labelSel, (isMap(meta.labels) ? meta.labels : {}) as Record<string, string>)) return false;
    if (annoSel && !selectorMatches(annoSel, (isMap(meta.annotations) ? meta.annotations : {}) as Record<string, string>)) return false;
    return true;
  });
}

// ---- name references ---------------------------------------------------------------------

function fixNameReferences(resources: Res[]): void {
  for (const ref of NAME_REFERENCES) {
    const candidates = resources.filter((r) => r.obj.kind === ref.kind && (ref.group === undefined || gvkOf(r.obj).group === ref.group));
    if (candidates.length === 0) continue;
    for (const referrer of resources) {
      for (const spec of ref.refs) {
        if (!selects(spec, referrer.obj)) continue;
        walk(referrer.obj, splitPath(spec.path), false, (parent, key) => {
          const value = parent[key];
          if (typeof value === 'string') {
            const c = pick(candidates, value, referrer, undefined);
            if (c) parent[key] = nameOf(c.obj);
          } else if (Array.isArray(value)) {
            value.forEach((item, i) => {
              if (typeof item === 'string') {
                const c = pick(candidates, item, referrer, undefined);
                if (c) value[i] = nameOf(c.obj);
              } else if (isMap(item) && key === 'subjects') {
                if (item.kind !== ref.kind || typeof item.name !== 'string') return;
                const c = pick(candidates, item.name, referrer, typeof item.namespace === 'string' ? item.namespace : '');
                if (c) {
                  item.name = nameOf(c.obj);
                  if (nsOf(c.obj)) item.namespace = nsOf(c.obj);
                }
              }
            });
          } else if (isMap(value) && typeof value.name === 'string') {
            const c = pick(candidates, value.name, referrer, typeof value.namespace === 'string' ? value.namespace : '');
            if (c) {
              value.name = nameOf(c.obj);
              if (nsOf(c.obj)) value.namespace = nsOf(c.obj);
            }
          }
        });
      }
    }
  }
}

/**
 * The referral a name refers to: one that has had that name, in the referrer's namespace (a
 * cluster-scoped referrer names a namespace itself, or none).
 */
function pick(candidates: Res[], name: string, referrer: Res, refNs: string | undefined): Res | undefined {
  const named = candidates.filter((c) => c !== referrer && c.names.includes(name));
  if (named.length === 0) return undefined;
  let inNs: Res[];
  if (refNs !== undefined) {
    const want = refNs === '' || refNs === 'default' ? ['', 'default'] : [refNs];
    inNs = named.filter((c) => c.namespaces.some((n) => want.includes(n)) || !namespaced(c.obj));
  } else if (namespaced(referrer.obj)) {
    const ns = effectiveNs(nsOf(referrer.obj), referrer.obj);
    inNs = named.filter((c) => !namespaced(c.obj) || effectiveNs(nsOf(c.obj), c.obj) === ns);
  } else {
    inNs = named;
  }
  if (inNs.length === 0) return undefined;
  if (inNs.length === 1) return inNs[0];
  // Several: the one whose current name differs from the value is the renamed one kustomize prefers.
  return inNs.find((c) => nameOf(c.obj) !== name) ?? inNs[0];
}

// ---- output order ------------------------------------------------------------------------

/** A rank by kind from sortOptions.legacySortOptions' lists, as kindRank ranks by the default ones. */
function customRank(first: string[], last: string[]): (kind: string) => number {
  return (kind) => {
    const f = first.indexOf(kind);
    if (f >= 0) return f - first.length;
    const l = last.indexOf(kind);
    return l >= 0 ? l + 1 : 0;
  };
}

export function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) || entry.startsWith('git@');
}

function gvkSortString(g: Gvk): string {
  return `${g.group || '~G'}_${g.version || '~V'}_${g.kind || '~K'}`;
}

function legacySort(resources: Res[], rankOf: (kind: string) => number): Res[] {
  const ids = resources.map((r) => {
    const g = gvkOf(r.obj);
    return { r, g, gs: gvkSortString(g), rank: rankOf(g.kind), id: `${gvkSortString(g)}|${nsOf(r.obj) || '~X'}|${nameOf(r.obj) || '~N'}` };
  });
  ids.sort((a, b) => {
    const sameGvk = a.g.group === b.g.group && a.g.version === b.g.version && a.g.kind === b.g.kind;
    if (!sameGvk) {
      if (a.rank !== b.rank) return a.rank - b.rank;
      if (a.g.kind === 'Namespace' && b.g.kind === 'Namespace' && (a.g.group === '' || b.g.group === '')) return cmp(b.gs, a.gs);
      return cmp(a.gs, b.gs);
    }
    return cmp(a.id, b.id);
  });
  return ids.map((x) => x.r);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

