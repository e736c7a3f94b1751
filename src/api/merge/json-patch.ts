/**
 * JSON merge patch (RFC 7386) and JSON patch (RFC 6902) as pure functions. JSON patch
 * failures carry the wording of evanphx/json-patch (v5 as kustomize uses it; v4 as kubectl's
 * client-side patch does).
 */
import { hasKey, own, setKey } from '../../util/own.js';
import { clone, deepEqual, isMap, type Json, type JsonMap } from './json.js';

/** RFC 7386: maps merge recursively, null removes, anything else replaces. */
export function applyMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isMap(patch)) return clone(patch);
  const result: JsonMap = isMap(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else setKey(result, key, applyMergePatch(own(result, key), value));
  }
  return result;
}

/** The RFC 7386 patch that turns `from` into `to`. */
export function createMergePatch(from: JsonMap, to: JsonMap): JsonMap {
  const patch: JsonMap = {};
  for (const [key, value] of Object.entries(to)) {
    const old = own(from, key);
    if (isMap(old) && isMap(value)) {
      const sub = createMergePatch(old, value);
      if (Object.keys(sub).length) setKey(patch, key, sub);
    } else if (!hasKey(from, key) || !deepEqual(old, value)) {
      setKey(patch, key, value);
    }
  }
  for (const key of Object.keys(from)) if (!hasKey(to, key)) setKey(patch, key, null);
  return patch;
}

export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

/** A JSON patch that could not be applied; `message` is evanphx/json-patch's. */
export class JsonPatchError extends Error {}

const MISSING = 'missing value';

/**
 * Which evanphx/json-patch applies the patch: `v5` (the API server's and kustomize's wording), or
 * `v4`, which `kubectl patch --local` and `--dry-run=client` run client-side: there a missing key
 * of an object reads as null (`replace` sets it, `copy` copies null), and a key that is not there
 * cannot be removed (`error in remove for path: ...`), as kubectl v1.32 prints them.
 */
export type JsonPatchLibrary = 'v5' | 'v4';

/** RFC 6902: applies the operations in order to a copy of `doc`. */
export function applyJsonPatch(doc: Json, ops: unknown, library: JsonPatchLibrary = 'v5'): Json {
  if (!Array.isArray(ops)) throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const v4 = library === 'v4';
  let result = clone(doc);
  for (const raw of ops) {
    const op = raw as JsonPatchOperation;
    if (!isMap(raw) || typeof op.op !== 'string') throw new JsonPatchError(v4 ? 'Unexpected kind: unknown' : 'Unexpected kind: unknown: unknown object type');
    try {
      result = applyOperation(result, op, v4);
    } catch (e) {
      throw v4 && e instanceof IndexError ? v4IndexError(op, e) : e;
    }
  }
  return result;
}

/** One operation applied to `doc` (changed in place where it can be). */
function applyOperation(doc: Json, op: JsonPatchOperation, v4: boolean): Json {
  let result = doc;
  switch (op.op) {
    case 'add':
      result = add(result, requirePath(op), valueOf(op), `add operation does not apply: doc is missing path: "${op.path}": ${MISSING}`);
      break;
    case 'remove':
      result = remove(result, requirePath(op), `remove operation does not apply: doc is missing path: "${op.path}": ${MISSING}`, v4 ? `error in remove for path: '${op.path}'` : undefined).doc;
      break;
    case 'replace': {
      const path = requirePath(op);
      if (v4 && isMap(parentOrUndefined(result, path))) {
        result = set(result, path, valueOf(op));
        break;
      }
      if (get(result, path) === undefined) {
        const missingParent = v4 && parentOrUndefined(result, path) === undefined;
        throw new JsonPatchError(missingParent ? `replace operation does not apply: doc is missing path: ${op.path}: ${MISSING}` : `replace operation does not apply: doc is missing key: ${op.path}: ${MISSING}`);
      }
      result = set(result, path, valueOf(op));
      break;
    }
    case 'move': {
      const from = requireFrom(op);
      const taken = remove(result, from, `move operation does not apply: doc is missing from path: ${op.from}: ${MISSING}`, v4 ? `error in move for path: '${from[from.length - 1]}'` : undefined);
      result = atDestination(() => add(taken.doc, requirePath(op), taken.value, `move operation does not apply: doc is missing destination path: ${op.path}: ${MISSING}`));
      break;
    }
    case 'copy': {
      const from = requireFrom(op);
      let value = get(result, from);
      const fromParent = parentOrUndefined(result, from);
      if (value === undefined && v4 && isMap(fromParent)) value = null;
      // v4 reads the index itself, and says so.
      if (value === undefined && v4 && Array.isArray(fromParent)) arrayIndex(from[from.length - 1]!, fromParent.length, false);
      if (value === undefined) throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${op.from}: ${MISSING}`);
      result = atDestination(() => add(result, requirePath(op), clone(value!), `copy operation does not apply: doc is missing destination path: ${op.path}: ${MISSING}`));
      break;
    }
    case 'test': {
      const path = requirePath(op);
      if (v4 && path.length > 0 && parentOrUndefined(result, path) === undefined) throw new JsonPatchError(`test operation does not apply: is missing path: ${op.path}: ${MISSING}`);
      const actual = get(result, path);
      if (!deepEqual(actual ?? null, op.value ?? null) || (actual === undefined && !('value' in op))) {
        throw new JsonPatchError(`testing value ${op.path} failed: test failed`);
      }
      break;
    }
    default:
      throw new JsonPatchError(v4 ? `Unexpected kind: ${op.op}` : `Unexpected kind: ${op.op}: unknown object type`);
  }
  return result;
}

function requirePath(op: JsonPatchOperation): string[] {
  if (typeof op.path !== 'string') throw new JsonPatchError(`${op.op} operation failed to decode path: missing value`);
  return parsePointer(op.path);
}

function requireFrom(op: JsonPatchOperation): string[] {
  if (typeof op.from !== 'string') throw new JsonPatchError(`${op.op} operation failed to decode from: missing value`);
  return parsePointer(op.from);
}

function valueOf(op: JsonPatchOperation): Json {
  if (!('value' in op)) throw new JsonPatchError(`${op.op} operation has no value: missing value`);
  return clone(op.value!);
}

/** RFC 6901 pointer → tokens (`~1` is `/`, `~0` is `~`). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`JSON pointer must be empty or start with a "/": ${pointer}`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(doc: Json, path: string[]): Json | undefined {
  let cur: Json | undefined = doc;
  for (const token of path) {
    if (Array.isArray(cur)) {
      const i = atoi(token);
      cur = i === undefined || i < -cur.length ? undefined : cur[i < 0 ? i + cur.length : i];
    }
    else if (isMap(cur)) cur = Object.prototype.hasOwnProperty.call(cur, token) ? cur[token] : undefined;
    else return undefined;
  }
  return cur;
}

/** The container of the path's last token (undefined: the path is empty, or its parent is not there). */
function parentOrUndefined(doc: Json, path: string[]): Json | undefined {
  return path.length === 0 ? undefined : get(doc, path.slice(0, -1));
}

function parentOf(doc: Json, path: string[], missing: string): { parent: Json; last: string } {
  if (path.length === 0) throw new JsonPatchError(missing);
  const parent = get(doc, path.slice(0, -1));
  if (parent === undefined || (!isMap(parent) && !Array.isArray(parent))) throw new JsonPatchError(missing);
  return { parent, last: path[path.length - 1]! };
}

/** An array index the patch cannot use: v4 words it, and the operation around it, its own way. */
class IndexError extends JsonPatchError {
  /** Met where a move or copy adds its value (else where it reads it). */
  destination = false;

  constructor(readonly token: string, readonly numeric: boolean) {
    super(`Unable to access invalid index: ${numeric ? Number(token) : token}: invalid index referenced`);
  }

  /** v4's words for it; `adding`: add's own (it parses the index itself). */
  v4(adding: boolean): string {
    if (this.numeric) return this.message;
    const atoi = `strconv.Atoi: parsing ${JSON.stringify(this.token)}: invalid syntax`;
    return adding ? `value was not a proper array index: '${this.token}': ${atoi}` : atoi;
  }
}

/** Go's strconv.Atoi, as evanphx/json-patch reads an index: an optional sign, then decimal digits. */
function atoi(token: string): number | undefined {
  return /^[+-]?\d+$/.test(token) ? Number(token) : undefined;
}

/**
 * The position an index token names in an array of `length` (`allowEnd`: add's, which may name the
 * end). A negative index counts from the end, as evanphx/json-patch allows by default (kubectl's and
 * the API server's): `-1` is the last element, or for add the end itself.
 */
function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (allowEnd && token === '-') return length;
  const i = atoi(token);
  if (i === undefined) throw new IndexError(token, false);
  const size = allowEnd ? length + 1 : length;
  if (i >= size || i < -size) throw new IndexError(token, true);
  return i < 0 ? i + size : i;
}

/** A move's or copy's add of its value, whose bad index v4 reports as add's. */
function atDestination(addValue: () => Json): Json {
  try {
    return addValue();
  } catch (e) {
    if (e instanceof IndexError) e.destination = true;
    throw e;
  }
}

/** v4 says which operation met a bad array index, and where. */
function v4IndexError(op: JsonPatchOperation, e: IndexError): JsonPatchError {
  const from = typeof op.from === 'string' ? op.from : '';
  const where =
    e.destination ? (op.op === 'copy' ? 'error while adding value during copy' : `error in ${op.op} for path: '${op.path}'`)
    : op.op === 'move' ? `error in move for path: '${from.slice(from.lastIndexOf('/') + 1)}'`
    : op.op === 'copy' ? `error in copy for from: '${from}'`
    : `error in ${op.op} for path: '${op.path}'`;
  return new JsonPatchError(`${where}: ${e.v4(op.op === 'add' || e.destination)}`);
}

function add(doc: Json, path: string[], value: Json, missing: string): Json {
  if (path.length === 0) return value;
  const { parent, last } = parentOf(doc, path, missing);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value);
  else (parent as JsonMap)[last] = value;
  return doc;
}

function set(doc: Json, path: string[], value: Json): Json {
  if (path.length === 0) return value;
  const { parent, last } = parentOf(doc, path, '');
  if (Array.isArray(parent)) parent[arrayIndex(last, parent.length, false)] = value;
  else (parent as JsonMap)[last] = value;
  return doc;
}

/** `missingKey`: v4's wording (`error in remove for path: ...`) for a key its object does not have. */
function remove(doc: Json, path: string[], missing: string, missingKey?: string): { doc: Json; value: Json } {
  const { parent, last } = parentOf(doc, path, missing);
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false);
    const [value] = parent.splice(i, 1);
    return { doc, value: value! };
  }
  const map = parent as JsonMap;
  if (!Object.prototype.hasOwnProperty.call(map, last)) throw new JsonPatchError(missingKey ? `${missingKey}: Unable to remove nonexistent key: ${last}: ${MISSING}` : missing);
  const value = map[last]!;
  delete map[last];
  return { doc, value };
}
