/**
 * Reading manifests as kubectl's resource builder does: `-f FILE|DIR|-` (directories
 * non-recursive unless -R, only .json/.yaml/.yml), multi-document YAML, JSON streams and
 * `List` kinds flattened into one document per object, each with its source name.
 * Errors use kubectl's wording (YAML errors in go-yaml's terms, line numbers per document).
 */
import { markedNumbers, markIfInexact, parseJson, setAt } from './json-numbers.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, resolve } from 'node:path';
import { CliError, RawError } from '../errors.js';
import { aggregateMessage } from '../util/aggregate.js';
import { BadPatternError, goGlob } from '../util/go-glob.js';
import { goQuote } from '../printers/go-values.js';
import { goJson } from './merge/json.js';
import { goJsonRefusal, goJsonScan, skipJsonSpace } from './go-json-scan.js';
import type { KubeObject } from './types.js';

export interface ManifestDoc {
  /** The file name as kubectl prints it (`f.yaml`, `dir/a.yaml`, `STDIN`). */
  source: string;
  object: KubeObject;
  /** An item of a List (kubectl's decoder checked the List's metadata, not the item's). */
  fromList?: boolean;
  /** Which List of its input it came from (items of one List share it): their errors are one aggregate of the List's. */
  list?: number;
  /** Read from YAML, which kubectl converts to JSON with every map's keys sorted (what its decoder meets first). */
  fromYaml?: boolean;
  /** Its place in the order kubectl's builder visits the command's documents, errors included (see visitDocuments). */
  seq?: number;
}

export interface ManifestInput {
  /** Source name, e.g. `f.yaml` or `STDIN`. */
  source: string;
  text: string;
  /** What reading it gave instead of text (a URL the server would not serve): the builder's error in its place. */
  error?: CliError;
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

export interface ReadOptions {
  cwd: string;
  recursive?: boolean;
  readStdin(): Promise<Buffer>;
}

/** JSON input (kubectl's decoder sniffs the same way); anything else is read as YAML. */
function isJsonText(text: string): boolean {
  return /^\s*\{/.test(text);
}

type YamlSupport = typeof import('./yaml-documents.js');
let yaml: YamlSupport | undefined;

/**
 * Loads the YAML reader (js-yaml and go-yaml's rules), which a command reading only JSON, or
 * no manifest at all, never needs. parseManifest requires it for YAML text.
 */
export async function loadYamlSupport(): Promise<YamlSupport> {
  yaml ??= await import('./yaml-documents.js');
  return yaml;
}

function yamlSupport(): YamlSupport {
  if (!yaml) throw new Error('internal error: YAML support was not loaded (loadYamlSupport)');
  return yaml;
}

/** Reads every `-f` argument into (source, text) pairs, in kubectl's order. */
export async function readInputs(filenames: string[], opts: ReadOptions): Promise<ManifestInput[]> {
  const inputs = await readInputTexts(filenames, opts);
  if (inputs.some((i) => !isJsonText(i.text))) await loadYamlSupport();
  return inputs;
}

async function readInputTexts(filenames: string[], opts: ReadOptions): Promise<ManifestInput[]> {
  const expanded = checkPaths(filenames, opts.cwd);
  const out: ManifestInput[] = [];
  /** The inputs read so far, stdin and URLs among them. */
  let inputsRead = 0;
  for (const name of filenames) {
    if (name === '-') {
      out.push({ source: 'STDIN', text: (await opts.readStdin()).toString('utf8') });
      inputsRead++;
      continue;
    }
    if (isUrl(name)) {
      const { fetchManifest } = await import('./manifest-url.js');
      const read = await fetchManifest(name);
      out.push('text' in read ? { source: name, text: read.text } : { source: name, text: '', error: read.error });
      inputsRead++;
      continue;
    }
    const matches = expanded.get(name)!;
    for (const shown of matches) {
      const path = isAbsolute(shown) ? shown : resolve(opts.cwd, shown);
      if (statSync(path).isDirectory()) {
        const files = listManifestFiles(path, shown, opts.recursive ?? false);
        for (const f of files) out.push({ source: f.shown, text: readFileSync(f.path, 'utf8') });
        inputsRead += files.length;
      } else {
        out.push({ source: shown, text: readFileSync(path, 'utf8') });
        inputsRead++;
      }
    }
    // The builder refuses a path that gives it nothing to read only while no path before it gave it anything.
    if (inputsRead === 0) throw new CliError(`error reading [${matches.join(' ')}]: recognized file extensions are [${EXTENSIONS.join(' ')}]`);
  }
  return out;
}

/**
 * Every -f path that neither exists nor matches anything as a pattern, as kubectl's builder finds
 * them before it reads any: one is its error, several an aggregate printed a line each. Otherwise
 * the paths each file path stands for (expandFilename's).
 */
export function checkPaths(filenames: string[], cwd: string): Map<string, string[]> {
  const errors: CliError[] = [];
  const expanded = new Map<string, string[]>();
  for (const name of filenames) {
    if (name === '-') continue;
    try {
      if (isUrl(name)) checkUrl(name);
      else expanded.set(name, expandFilename(name, cwd));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new RawError(errors.map((e) => `${e.message}\n`).join(''));
  return expanded;
}

/** An -f argument kubectl reads over HTTP. */
export function isUrl(name: string): boolean {
  return name.startsWith('http://') || name.startsWith('https://');
}

/** A URL kubectl's url.Parse would refuse (its words; the reason is not Go's own). */
function checkUrl(name: string): void {
  try {
    new URL(name);
  } catch {
    throw new CliError(`the URL passed to filename ${goQuote(name)} is not valid: parse ${goQuote(name)}: invalid URL`);
  }
}

/**
 * An -f path as kubectl's builder takes it: itself when it exists, else the paths it matches as a
 * Go file pattern (`-f 'dir/*.yaml'`), in Glob's order; neither is an error.
 */
export function expandFilename(name: string, cwd: string): string[] {
  if (existsSync(isAbsolute(name) ? name : resolve(cwd, name))) return [name];
  let matches: string[];
  try {
    matches = goGlob(name, cwd);
  } catch (e) {
    if (e instanceof BadPatternError) throw new CliError(`pattern ${goQuote(name)} is not valid: ${e.message}`);
    throw e;
  }
  if (matches.length === 0) throw new CliError(`the path ${goQuote(name)} does not exist`);
  return matches;
}

/** Files of a directory in lexical order (Go's filepath.Walk), recursing only with -R. */
function listManifestFiles(dir: string, shown: string, recursive: boolean): Array<{ path: string; shown: string }> {
  const out: Array<{ path: string; shown: string }> = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    const shownPath = normalize(join(shown, e.name));
    if (e.isDirectory()) {
      if (recursive) out.push(...listManifestFiles(path, shownPath, true));
      continue;
    }
    if (EXTENSIONS.some((ext) => e.name.endsWith(ext))) out.push({ path, shown: shownPath });
  }
  return out;
}

/**
 * A document kubectl's stream reader could not take, in its place among the others: one it cannot
 * decode (not an object, a List whose items are not objects), or the syntax error that ends the
 * input (nothing after it in that input is read).
 */
export interface UnreadDoc {
  source: string;
  error: CliError;
  /** Not a JSON object: the schema validator, where it runs first, refuses it in its own words. */
  notObject?: boolean;
  /** The List whose items could not be read (the schema validator checks it before they are). */
  unreadList?: KubeObject;
}

/**
 * A List as kubectl's builder meets it, before its items: its apiVersion and kind, which kubectl's mapper
 * maps before the List is flattened (see Registry.mapsListKind).
 */
export interface ListHead {
  source: string;
  /** The List document itself (checked as any document is before it is mapped). */
  listObject: KubeObject;
  /** Which List of its input it is (its items' ManifestDoc.list). */
  list: number;
}

/**
 * One input's documents in order (Lists flattened, each after its ListHead), with the ones kubectl cannot
 * read in their places.
 */
export function readManifestStream(input: ManifestInput): Array<ManifestDoc | UnreadDoc | ListHead> {
  const { source, text } = input;
  if (input.error) return [{ source, error: input.error }];
  const out: Array<ManifestDoc | UnreadDoc | ListHead> = [];
  const stop = (error: CliError) => out.push({ source, error });
  const json = isJsonText(text);
  const raw = json ? parseJsonStream(source, text, stop) : yamlSupport().parseYamlDocuments(source, text, stop);
  // The syntax error, if any, was put first; it belongs after what was read before it.
  const stopped = out.splice(0);
  for (const value of raw) {
    if (value === null || value === undefined) continue;
    if (!isObject(value)) {
      out.push({ source, error: notAnObject(value, source), notObject: true });
      continue;
    }
    if (!isList(value)) {
      out.push(json ? { source, object: value } : { source, object: value, fromYaml: true });
      continue;
    }
    const items = (value.items ?? []) as unknown[];
    const unread = listItemsError(items, source);
    const list = out.length;
    if (unread) out.push({ ...unread, unreadList: value });
    else {
      out.push({ source, listObject: value, list });
      for (const item of items as KubeObject[]) out.push({ source, object: item, fromList: true, list });
    }
  }
  out.push(...stopped);
  return out;
}

/** Parses one input into documents (Lists flattened). Throws the first that cannot be read (CliError, kubectl's wording). */
export function parseManifest(input: ManifestInput): ManifestDoc[] {
  const docs: ManifestDoc[] = [];
  for (const item of readManifestStream(input)) {
    if ('error' in item) throw item.error;
    if ('object' in item) docs.push(item);
  }
  return docs;
}

/** Why a List's items cannot be flattened: the first item that is not an object (decoded as a map), or is a List itself. */
function listItemsError(items: unknown[], source: string): UnreadDoc | undefined {
  for (const item of items) {
    if (!isObject(item)) {
      return { source, error: new CliError(`unable to decode "${source}": json: cannot unmarshal ${goJsonType(item)} into Go value of type map[string]interface {}`), notObject: true };
    }
    if (isList(item)) return { source, error: new CliError('*unstructured.Unstructured is not a list: no Items field in this object') };
  }
  return undefined;
}

function isObject(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A document must be a JSON object; anything else is refused as kubectl's decoder does. */
function notAnObject(value: unknown, source: string): CliError {
  return new CliError(`unable to decode "${source}": json: cannot unmarshal ${goJsonType(value)} into Go value of type unstructured.detector`);
}

/**
 * kubectl's checks of each document it reads. `validating` (create, apply and replace with
 * --validate): the schema validator's, first: apiVersion and kind set and strings, a v1 List's
 * items a list. Then, for every verb, the decoder's: a kind (a string), an apiVersion that is a
 * string when given (the metadata-only decode), items that are a list.
 */
export function checkTypeMeta(doc: ManifestDoc, validating = false): void {
  // Decoding any document (the validator's duplicate-key check first) reads its numbers as float64s.
  const marked = markedNumbers(doc.object);
  const overflow = marked.find(({ literal }) => !Number.isFinite(Number(literal)))?.literal;
  if (overflow !== undefined) {
    const detail = `json: cannot unmarshal number ${overflow} into Go value of type float64`;
    throw validating ? validationError(doc.source, detail) : new CliError(`unable to decode "${doc.source}": ${detail}`);
  }
  if (validating) validateTypeMeta(doc);
  const { kind } = doc.object as { kind?: unknown };
  if (typeof kind !== 'string' || kind === '') throw new CliError(`unable to decode "${doc.source}": Object 'Kind' is missing in '${goJson(doc.object)}'`);
  const wrong = doc.fromList ? undefined : goDecodeError(doc.object, METADATA_ONLY_OBJECT, [], 'metadataOnlyObject', doc.fromYaml === true);
  if (wrong) throw new CliError(`unable to decode "${doc.source}": json: ${wrong}`);
  checkListItems(doc);
  // The numbers kubectl sends: its unstructured decoder makes each an int64 where the literal is
  // one (kept exactly, past 2^53 too), else a float64 (`1.0` and `1e2` go as 1 and 100, an integer
  // past int64 rounded), and the API server decodes what kubectl encodes, not the file's text.
  for (const { segments, literal } of marked) setAt(doc.object, segments, clientNumber(literal));
}

function clientNumber(literal: string): number | string {
  if (/^-?[0-9]+$/.test(literal)) {
    const n = BigInt(literal);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return Number.isSafeInteger(Number(n)) ? Number(n) : markIfInexact(n.toString(), Number(n));
  }
  // -0 goes as 0 (JSON.stringify's; Go would write -0).
  return Number(literal) || 0;
}

/**
 * A Go type as encoding/json decodes into it: what kubectl's metadata-validating decoder checks
 * each document against (TypeMeta and ObjectMeta), so that a name that is not a string is refused
 * rather than read as `[object Object]`.
 */
type GoType =
  | { kind: 'string' | 'int64' | 'bool'; name: string }
  | { kind: 'any' }
  | { kind: 'map'; name: string; elem: GoType }
  | { kind: 'slice'; name: string; elem: GoType }
  | { kind: 'struct'; name: string; struct: string; fields: Record<string, GoType> };

const STRING: GoType = { kind: 'string', name: 'string' };
const INT64: GoType = { kind: 'int64', name: 'int64' };
const BOOL: GoType = { kind: 'bool', name: 'bool' };
const UID: GoType = { kind: 'string', name: 'types.UID' };
// FieldsV1 decodes anything; metav1.Time a string (whose parsing is left to the API server).
const ANY: GoType = { kind: 'any' };
const TIME: GoType = STRING;
const OWNER_REFERENCE: GoType = {
  kind: 'struct', name: 'v1.OwnerReference', struct: 'OwnerReference',
  fields: { apiVersion: STRING, kind: STRING, name: STRING, uid: UID, controller: BOOL, blockOwnerDeletion: BOOL },
};
const MANAGED_FIELDS_ENTRY: GoType = {
  kind: 'struct', name: 'v1.ManagedFieldsEntry', struct: 'ManagedFieldsEntry',
  fields: { manager: STRING, operation: STRING, apiVersion: STRING, time: TIME, fieldsType: STRING, fieldsV1: ANY, subresource: STRING },
};
const STRING_MAP: GoType = { kind: 'map', name: 'map[string]string', elem: STRING };
const OBJECT_META: GoType = {
  kind: 'struct', name: 'v1.ObjectMeta', struct: 'ObjectMeta',
  fields: {
    name: STRING, generateName: STRING, namespace: STRING, selfLink: STRING, uid: UID, resourceVersion: STRING, generation: INT64,
    creationTimestamp: TIME, deletionTimestamp: TIME, deletionGracePeriodSeconds: INT64, labels: STRING_MAP, annotations: STRING_MAP,
    ownerReferences: { kind: 'slice', name: '[]v1.OwnerReference', elem: OWNER_REFERENCE },
    finalizers: { kind: 'slice', name: '[]string', elem: STRING },
    managedFields: { kind: 'slice', name: '[]v1.ManagedFieldsEntry', elem: MANAGED_FIELDS_ENTRY },
  },
};
const METADATA_ONLY_OBJECT: GoType = { kind: 'struct', name: 'metadataOnlyObject', struct: 'metadataOnlyObject', fields: { apiVersion: STRING, kind: STRING, metadata: OBJECT_META } };

/**
 * encoding/json's first UnmarshalTypeError decoding `v` into `t` (fields in the document's order,
 * or in key order for a document kubectl converted from YAML (`sorted`); unknown ones ignored, null
 * leaving a field unset): `cannot unmarshal number into Go struct field ObjectMeta.metadata.name of
 * type string`, where the struct is the innermost one and the path runs from the top. `struct` and
 * `path`: where `v` sits.
 */
function goDecodeError(v: unknown, t: GoType, path: string[], struct: string, sorted = false): string | undefined {
  if (v === null || v === undefined || t.kind === 'any') return undefined;
  const refuse = (what: string) => `cannot unmarshal ${what} into Go struct field ${struct}.${path.join('.')} of type ${t.name}`;
  switch (t.kind) {
    case 'string':
      return typeof v === 'string' ? undefined : refuse(goJsonType(v));
    case 'bool':
      return typeof v === 'boolean' ? undefined : refuse(goJsonType(v));
    case 'int64':
      if (typeof v !== 'number') return refuse(goJsonType(v));
      // A number that is no int64 is named with its text.
      return Number.isSafeInteger(v) || (Number.isInteger(v) && Math.abs(v) < 2 ** 63) ? undefined : refuse(`number ${v}`);
    case 'map':
    case 'struct':
      if (typeof v !== 'object' || Array.isArray(v)) return refuse(goJsonType(v));
      const keys = Object.keys(v as Record<string, unknown>);
      if (sorted) keys.sort();
      for (const k of keys) {
        const value = (v as Record<string, unknown>)[k];
        const field = t.kind === 'map' ? t.elem : t.fields[k];
        if (!field) continue;
        // A map's values are named by the map's own path; a struct's fields add their name.
        const err = t.kind === 'map' ? goDecodeError(value, field, path, struct, sorted) : goDecodeError(value, field, [...path, k], t.struct, sorted);
        if (err) return err;
      }
      return undefined;
    case 'slice':
      if (!Array.isArray(v)) return refuse(goJsonType(v));
      for (const item of v) {
        const err = goDecodeError(item, t.elem, path, struct, sorted);
        if (err) return err;
      }
      return undefined;
  }
}

function validateTypeMeta(doc: ManifestDoc): void {
  const problems: string[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    const v: unknown = doc.object[field];
    if (v === undefined || v === null || v === '') problems.push(`${field} not set`);
    else if (typeof v !== 'string') problems.push(`${field} isn't string type`);
  }
  // A v1 List is checked item by item; one whose items are not a list (missing, null) cannot be.
  if (problems.length === 0 && doc.object.apiVersion === 'v1' && doc.object.kind === 'List' && !Array.isArray(doc.object.items)) problems.push('invalid object to validate');
  if (problems.length === 0) return;
  throw validationError(doc.source, aggregateMessage(problems));
}

/** kubectl's refusal of a document the schema validator finds fault with. */
export function validationError(source: string, detail: string): CliError {
  return new CliError(`error validating "${source}": error validating data: ${detail}; if you choose to ignore these errors, turn validation off with --validate=false`);
}

/** encoding/json's name for a value's type in its unmarshal errors. */
function goJsonType(v: unknown): string {
  if (v === null) return 'null';
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'string' : Array.isArray(v) ? 'array' : 'object';
}

/**
 * kubectl's decoder reads any document with `items` as a list (unstructured's decodeList): items that
 * are not a list cannot be decoded, whatever the kind.
 */
function checkListItems(doc: ManifestDoc): void {
  const items: unknown = (doc.object as { items?: unknown }).items;
  if (items === undefined || items === null || Array.isArray(items)) return;
  throw new CliError(`unable to decode "${doc.source}": json: cannot unmarshal ${goJsonType(items)} into Go struct field decodeList.items of type []json.RawMessage`);
}

/** kubectl's unstructured decoder reads any document with `items` (a list, or null) as a List, whatever its kind. */
function isList(obj: KubeObject): boolean {
  return 'items' in obj && (Array.isArray(obj.items) || obj.items === null);
}

/**
 * A decoded document. A key given twice keeps its last value: kubectl decodes manifests into a
 * map (go-yaml v2, encoding/json) before sending JSON, so the API server never sees duplicates.
 */
type RawDoc = unknown;

/** The innermost unclosed `[` or `{` before a position (quotes skipped). */
export function innermostFlowOpener(text: string, end: number): string | undefined {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') stack.push(c);
    else if (c === ']' || c === '}') stack.pop();
  }
  return stack[stack.length - 1];
}



// ---------------------------------------------------------------------------------------
// JSON

/**
 * A stream of JSON values (kubectl accepts several objects one after another). A value that cannot
 * be parsed ends it: the error goes to `stop` with the values before it returned, or is thrown.
 */
function parseJsonStream(source: string, whole: string, stop?: (err: CliError) => void): RawDoc[] {
  const out: RawDoc[] = [];
  // kubectl's reader drops a leading byte order mark (offsets in errors count from after it).
  const text = whole.startsWith('\ufeff') ? whole.slice(1) : whole;
  let pos = 0;
  while (true) {
    pos = skipJsonSpace(text, pos);
    if (pos >= text.length) break;
    const end = jsonValueEnd(text, pos);
    const chunk = text.slice(pos, end);
    let value: unknown;
    try {
      value = parseJson(chunk);
    } catch (e) {
      const err = new CliError(`error parsing ${source}: ${goJsonMessage(text, pos, chunk, e as Error)}`);
      if (!stop) throw err;
      stop(err);
      return out;
    }
    out.push(value);
    pos = end;
  }
  return out;
}


/** End of the JSON value starting at `pos`: the matching close of an object/array, else the next whitespace. */
function jsonValueEnd(text: string, pos: number): number {
  const first = text[pos];
  if (first !== '{' && first !== '[') {
    let i = pos;
    while (i < text.length && !' \t\r\n{['.includes(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  let inString = false;
  for (let i = pos; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** Go encoding/json's wording for a syntax error: `json: offset 34: invalid character 'x' looking for ...`. */
function goJsonMessage(text: string, chunkStart: number, chunk: string, err: Error): string {
  if (err.message.startsWith('nesting deeper')) return err.message;
  const scan = goJsonScan(text, chunkStart);
  if ('eof' in scan) return 'unexpected EOF';
  if ('at' in scan) return `json: offset ${Buffer.byteLength(text.slice(0, scan.at)) + 1}: ${goJsonRefusal(text, scan)}`;
  // Go's scanner takes it (JSON.parse refused something else): said from JSON.parse's position.
  const m = /position (\d+)/.exec(err.message);
  if (!m) return 'unexpected EOF';
  const at = Number(m[1]);
  if (at >= chunk.length) return 'unexpected EOF';
  const offset = Buffer.byteLength(text.slice(0, chunkStart + at)) + 1;
  const ch = chunk[at]!;
  const before = chunk.slice(0, at).trimEnd();
  const prev = before[before.length - 1];
  const opener = innermostFlowOpener(chunk, at);
  let looking: string;
  if (prev !== undefined && /[-+.0-9eE]/.test(prev) && /^[-+.0-9eE]*$/.test(before.slice(-1))) looking = 'in numeric literal';
  else if (prev === '{' || (prev === ',' && opener === '{')) looking = 'looking for beginning of object key string';
  else if (prev === ':' || prev === '[' || prev === ',') looking = 'looking for beginning of value';
  else if (opener === '{') looking = /"$/.test(before) && /[{,]\s*"(?:[^"\\]|\\.)*"$/.test(before) ? 'after object key' : "after object key:value pair";
  else if (opener === '[') looking = 'after array element';
  else looking = 'looking for beginning of value';
  const shown = ch === "'" ? "'\\''" : `'${ch}'`;
  return `json: offset ${offset}: invalid character ${shown} ${looking}`;
}

