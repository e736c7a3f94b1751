/**
 * Manifests in YAML, read as kubectl reads them (go-yaml v2, YAML 1.1 scalars), with go-yaml's
 * error messages. Loaded only when a manifest is not JSON (see loadYamlSupport).
 */
import yaml from 'js-yaml';
import { CliError } from '../errors.js';
import { byteCompare, goFloat, goFloat32, goQuote, isInt64Literal } from '../printers/go-values.js';
import { markIfInexact, numberLiteral } from './json-numbers.js';
import { innermostFlowOpener } from './manifest.js';

const YAML11_BOOLS = new Map<string, boolean>([
  ...'y Y yes Yes YES true True TRUE on On ON'.split(' ').map((w) => [w, true] as [string, boolean]),
  ...'n N no No NO false False FALSE off Off OFF'.split(' ').map((w) => [w, false] as [string, boolean]),
]);

/**
 * A document go-yaml parses but refuses while decoding (an explicit tag the scalar does not fit, bad
 * !!binary, an anchor holding itself), or sigs.k8s.io/yaml's conversion to JSON refuses (`.inf`):
 * `reason` is their words (`yaml: ...`, `json: ...`), which carry no line.
 */
export class GoYamlValueError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const TAG = 'tag:yaml.org,2002:';
const SPECIAL_FLOATS = new Map<string, number>([
  ...'.inf .Inf .INF +.inf +.Inf +.INF'.split(' ').map((w) => [w, Infinity] as [string, number]),
  ...'-.inf -.Inf -.INF'.split(' ').map((w) => [w, -Infinity] as [string, number]),
  ...'.nan .NaN .NAN'.split(' ').map((w) => [w, NaN] as [string, number]),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_END = 2n ** 63n;
const UINT64_END = 2n ** 64n;

/** Go's strconv.ParseInt(s, 0, 64) (`unsigned`: ParseUint, no sign) as a BigInt; undefined when it fails. */
function goParseInt(s: string, unsigned: boolean): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m || (unsigned && m[1])) return undefined;
  const body = m[2]!;
  const digits = /^0[0-7]/.test(body) ? `0o${body.slice(1)}` : body.length > 1 && /^0[oO]/.test(body) ? `0o${body.slice(2)}` : body;
  const n = (m[1] === '-' ? -1n : 1n) * BigInt(digits);
  return unsigned ? (n < UINT64_END ? n : undefined) : n >= INT64_MIN && n < INT64_END ? n : undefined;
}

/** An integer as decoding wants it: a number, or the marked literal of one JavaScript cannot hold (json-numbers.ts). */
function goInt(n: bigint): number | string {
  const v = Number(n);
  return Number.isSafeInteger(v) ? v : markIfInexact(n.toString(), v);
}

type Resolved = { tag: 'null' | 'bool' | 'int' | 'float' | 'str' | 'timestamp'; value: unknown };

/** go-yaml v2's resolve() of a plain scalar: null, bool, int, float, a timestamp (kept as text) or a string. */
function goResolve(text: string, tag?: string): Resolved {
  if (NULLS.has(text)) return { tag: 'null', value: null };
  const bool = YAML11_BOOLS.get(text);
  if (bool !== undefined) return { tag: 'bool', value: bool };
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return { tag: 'float', value: special };
  const c = text.charCodeAt(0);
  if (c === 46 /* . */) {
    // strconv.ParseFloat: out of range is an error, which leaves a string.
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) && Number.isFinite(Number(text))) return { tag: 'float', value: Number(text) };
  } else if ((c >= 48 && c <= 57) || c === 43 || c === 45 /* digit + - */) {
    if ((tag === undefined || tag === 'timestamp') && isGoTimestamp(text)) return { tag: 'timestamp', value: text };
    const plain = text.replace(/_/g, '');
    const n = goParseInt(plain, false) ?? goParseInt(plain, true);
    if (n !== undefined) return { tag: 'int', value: goInt(n) };
    if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return { tag: 'float', value: Number(plain) };
  }
  return { tag: 'str', value: text };
}

/** go-yaml's parseTimestamp: four digits and a dash, then one of its layouts. */
function isGoTimestamp(text: string): boolean {
  return /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]| +)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?$/.test(text);
}

/** The last plain scalar resolved: js-yaml asks each implicit type whether it resolves, then constructs. */
let lastPlain: { text: string; resolved: Resolved } | undefined;
function resolvePlain(text: string): Resolved {
  if (lastPlain?.text !== text) lastPlain = { text, resolved: goResolve(text) };
  return lastPlain.resolved;
}

/**
 * The implicit scalars go-yaml types besides null and bool: ints (any base, `_` between digits) and
 * floats, each its own tag (a float map key is written otherwise than an int: see MapKeys).
 */
const goNumber = (tag: 'int' | 'float') =>
  new yaml.Type(`${TAG}${tag}`, {
    kind: 'scalar',
    resolve: (d: string | null) => d !== null && d !== '' && resolvePlain(d).tag === tag,
    construct: (d: string) => resolvePlain(d).value,
  });

/**
 * A scalar with an explicit tag, as go-yaml decodes it: resolved as if plain (any text is a !!str),
 * and refused unless it resolves to the tag (an int may be a !!float).
 */
function explicitScalar(name: Resolved['tag']): yaml.Type {
  return new yaml.Type(`${TAG}${name}`, {
    kind: 'scalar',
    resolve: () => true,
    construct: (d: string | null) => {
      const text = d ?? '';
      if (name === 'str') return text;
      const r = goResolve(text, name);
      if (r.tag === name) return r.value;
      if (name === 'float' && r.tag === 'int') return typeof r.value === 'number' ? r.value : Number(numberLiteral(r.value));
      throw new GoYamlValueError(`yaml: cannot decode !!${r.tag} \`${text}\` as a !!${name}`);
    },
  });
}

/** !!binary: base64 (Go's StdEncoding, which skips line breaks), read as a string. */
const binary = new yaml.Type(`${TAG}binary`, {
  kind: 'scalar',
  resolve: () => true,
  construct: (d: string | null) => {
    const text = (d ?? '').replace(/[\r\n]/g, '');
    if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
      throw new GoYamlValueError('yaml: !!binary value contains invalid base64 data');
    }
    return Buffer.from(text, 'base64').toString('utf8');
  },
});

/** Any other tag (`!foo`, `!!set`, `!<tag:x.org,2000:y>`): go-yaml v2 reads the node as if it had none, a scalar as a string. */
const anyTag = (prefix: string) =>
  (['scalar', 'sequence', 'mapping'] as const).map(
    (kind) => new yaml.Type(prefix, { kind, multi: true, construct: (d: unknown) => (kind === 'scalar' ? (d ?? '') : d) }),
  );

/** go-yaml (YAML 1.1) reads `yes`/`on` as booleans, `0644` as octal and `1_000` as 1000; js-yaml's core schema does not. */
const yamlTypes = (yaml as unknown as { types: Record<'null' | 'merge', yaml.Type> }).types;

const GO_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    yamlTypes.null,
    new yaml.Type(`${TAG}bool`, {
      kind: 'scalar',
      resolve: (d: string | null) => d !== null && YAML11_BOOLS.has(d),
      construct: (d: string) => YAML11_BOOLS.get(d),
    }),
    goNumber('int'),
    goNumber('float'),
    yamlTypes.merge,
  ],
  explicit: [
    ...(['null', 'bool', 'int', 'float', 'timestamp'] as const).map(explicitScalar),
    binary,
    // Matched by prefix, after the tags above: every tag.
    ...anyTag(''),
  ],
});

/**
 * The first number Go's encoding/json cannot write (`.inf`, `.nan`), in its map order (keys
 * sorted), as sigs.k8s.io/yaml's conversion to JSON reports it: `json: unsupported value: +Inf`.
 */
function unsupportedJsonValue(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : `json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`;
  if (typeof v !== 'object' || v === null) return undefined;
  const items = Array.isArray(v) ? v : Object.keys(v).sort().map((k) => (v as Record<string, unknown>)[k]);
  for (const item of items) {
    const found = unsupportedJsonValue(item);
    if (found) return found;
  }
  return undefined;
}

/**
 * The deepest nesting kubectl-lite reads. go-yaml and the API server stop at 10,000; the parsers
 * and printers here recurse, so they stop at 1,000 with a clear message rather than overflow the
 * stack (no built-in kind nests past about 20).
 */
export const MAX_DEPTH = 1000;
export const TOO_DEEP = `nesting deeper than ${MAX_DEPTH} levels is not supported by kubectl-lite`;

/**
 * go-yaml's guard against alias bombs: past 400,000 decoded nodes, a document whose nodes come
 * mostly from expanding aliases is refused (allowed share: 99% up to 400,000 nodes, falling to 10%
 * at 4,000,000). js-yaml shares an anchored node instead of copying it, so the expanded size is
 * counted here over the shared graph, in time and memory bounded by its distinct nodes.
 */
function excessiveAliasing(root: unknown): boolean {
  const expanded = new Map<object, number>();
  let distinct = 0;
  const size = (v: unknown, depth: number): number => {
    if (typeof v !== 'object' || v === null || depth > MAX_DEPTH) return 1;
    const known = expanded.get(v);
    if (known !== undefined) return known;
    distinct++;
    let n = 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) n += size(child, depth + 1);
    expanded.set(v, n);
    return n;
  };
  const total = size(root, 0);
  if (total <= 400_000) return false;
  const allowed = total >= 4_000_000 ? 0.1 : 0.99 - (0.89 * (total - 400_000)) / 3_600_000;
  return (total - distinct) / total > allowed;
}

/** Splits on `---` lines as kubectl's YAMLReader does; line numbers in errors are per document. */
export function splitYamlDocuments(text: string): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  for (const line of text.split('\n')) {
    if (/^---(\s|$)/.test(line)) {
      docs.push(cur.join('\n'));
      cur = [];
      continue;
    }
    cur.push(line);
  }
  docs.push(cur.join('\n'));
  return docs;
}

/**
 * The documents of a YAML stream. One that cannot be parsed ends it: the error goes to `stop` with
 * the documents before it returned (kubectl's reader reads no further), or is thrown.
 */
export function parseYamlDocuments(source: string, text: string, stop?: (err: CliError) => void): unknown[] {
  const out: unknown[] = [];
  for (const doc of splitYamlDocuments(text)) {
    if (doc.trim() === '') continue;
    let value: unknown;
    try {
      value = parseYamlDocument(source, doc);
    } catch (e) {
      if (!stop || !(e instanceof CliError)) throw e;
      stop(e);
      return out;
    }
    out.push(value);
  }
  return out;
}

/**
 * A YAML document go-yaml cannot read, as kubectl's reader words it; `reason` is go-yaml's own part
 * (`yaml: line 3: ...`), which the callers that word the error otherwise (debug --custom, a
 * kubeconfig) put in their messages.
 */
export class YamlSyntaxError extends CliError {
  constructor(source: string, readonly reason: string) {
    super(`error parsing ${source}: error converting YAML to JSON: ${reason}`);
  }
}

/**
 * The first document of `doc`: go-yaml reads only that of what it is given, and kubectl's reader
 * cuts documents at `---` only, so what follows a document end marker (`...`) or a `%YAML`/`%TAG`
 * directive after the content is never read. An end marker before any content, or an unknown
 * directive, is go-yaml's error.
 */
function firstDocument(doc: string): string {
  if (!doc.includes('...') && !doc.includes('\n%')) return doc;
  const lines = doc.split('\n');
  let content = false;
  let at = 0;
  for (const [i, line] of lines.entries()) {
    if (/^\.\.\.(?:[ \t\r]|$)/.test(line)) {
      if (!content) throw new GoYamlValueError(`yaml: ${i > 0 ? `line ${i}: ` : ''}did not find expected node content`);
      return doc.slice(0, at);
    }
    if (content && line.startsWith('%')) {
      if (!/^%(?:YAML|TAG)(?:[ \t\r]|$)/.test(line)) throw new GoYamlValueError(`yaml: ${atScannerLine(i, 'found unknown directive name')}`);
      return doc.slice(0, at);
    }
    if (!/^[ \t\r]*(?:#.*)?$/.test(line) && !line.startsWith('%')) content = true;
    at += line.length + 1;
  }
  return doc;
}

function parseYamlDocument(source: string, whole: string): unknown {
  const failed = (message: string) => new YamlSyntaxError(source, `yaml: ${message}`);
  // go-yaml's reader refuses a byte before its scanner sees a marker or a directive.
  const badByte = goYamlReaderError(whole);
  if (badByte) throw failed(badByte);
  let doc: string;
  try {
    doc = firstDocument(whole);
  } catch (e) {
    throw e instanceof GoYamlValueError ? new YamlSyntaxError(source, e.reason) : e;
  }
  const lines = doc.includes('\t') ? doc.split('\n') : undefined;
  const leadingTab = lines && leadingTabError(lines);
  if (leadingTab) throw failed(leadingTab);
  let value: unknown;
  const entryTab = lines && refusedTab(doc, lines);
  try {
    value = loadGoYaml(doc);
  } catch (e) {
    // go-yaml's scanner refuses the tab before anything is decoded.
    if (e instanceof GoYamlValueError) throw entryTab ? failed(entryTab.message) : new YamlSyntaxError(source, e.reason);
    // go-yaml reports whichever comes first.
    const line = (e as { mark?: { line: number } }).mark?.line ?? 0;
    throw failed(entryTab && entryTab.line < line ? entryTab.message : goYamlMessage(e, doc));
  }
  if (entryTab) throw failed(entryTab.message);
  return value;
}

/**
 * One YAML document as go-yaml decodes it and sigs.k8s.io/yaml converts it to JSON. js-yaml's own
 * errors are thrown as they are (goYamlMessage words them); the refusals after parsing as GoYamlValueError.
 */
export function loadGoYaml(whole: string): unknown {
  const doc = firstDocument(whole);
  // An anchor's name by the object js-yaml made of its node, to name one that holds an alias of itself.
  const anchors = doc.includes('&') && doc.includes('*') ? new Map<object, string>() : undefined;
  const keys = new MapKeys();
  const surrogateEscapes = /\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F]|U(?!0010|000)[0-9a-fA-F]{8})/.test(doc);
  const listener = (event: yaml.EventType, node: yaml.State) => {
    const state = node as unknown as NodeState;
    if (event === 'open') return keys.open(state.position);
    if (anchors && state.anchor !== null && typeof state.result === 'object' && state.result !== null) anchors.set(state.result, state.anchor);
    if (surrogateEscapes && typeof state.result === 'string') refuseInvalidEscape(state.input, keys.start, state.position);
    keys.close(state);
  };
  const load = (text: string) => yaml.load(text, { json: true, schema: GO_YAML_SCHEMA, maxDepth: MAX_DEPTH, listener } as yaml.LoadOptions);
  let value: unknown;
  try {
    value = load(doc);
  } catch (e) {
    // A flow collection or quoted scalar at the root, followed by anything but its `:`, ends
    // go-yaml's first document there: what follows is never read.
    const end = e instanceof GoYamlValueError ? undefined : flowRootEnd(doc);
    if (end === undefined) throw e;
    keys.reset();
    value = load(doc.slice(0, end));
  }
  // go-yaml refuses these as it decodes; sigs.k8s.io/yaml the other refused keys as it converts, after.
  const invalidKey = keys.refused.find((r) => r.invalid);
  if (invalidKey) throw new GoYamlValueError(`yaml: invalid map key: ${yamlSharpV(invalidKey.key, true)}`);
  const selfHolding = anchors && anchorHoldingItself(value, anchors);
  if (selfHolding !== undefined) throw new GoYamlValueError(`yaml: anchor '${selfHolding}' value contains itself`);
  if (doc.includes('*') && excessiveAliasing(value)) throw new GoYamlValueError('yaml: document contains excessive aliasing');
  const unsupportedKey = keys.refused.length > 0 ? refusedKeyError(value, keys.refused) : undefined;
  if (unsupportedKey) throw new GoYamlValueError(unsupportedKey);
  const unsupported = /\.(?:inf|Inf|INF|nan|NaN|NAN)/.test(doc) ? unsupportedJsonValue(value) : undefined;
  if (unsupported) throw new GoYamlValueError(unsupported);
  return value;
}

/**
 * Where the root node of `doc` ends when it is a flow collection or a quoted scalar with something
 * after it on its line or below other than the `:` that would make it a key; else undefined.
 */
function flowRootEnd(doc: string): number | undefined {
  const start = /^(?:[ \t\r]*(?:#.*)?\n)*[ \t]*(?:[!&]\S*[ \t]+)*/.exec(doc)![0].length;
  const open = doc[start];
  let end = -1;
  if (open === '[' || open === '{') {
    let depth = 0;
    for (let i = start; i < doc.length && end < 0; i++) {
      const c = doc[i];
      if (c === '"' || c === "'") i = quotedEnd(doc, i) - 1;
      else if (c === '[' || c === '{') depth++;
      else if ((c === ']' || c === '}') && --depth === 0) end = i + 1;
    }
  } else if (open === '"' || open === "'") end = quotedEnd(doc, start);
  if (end < 0 || end > doc.length) return undefined;
  const rest = doc.slice(end).replace(/^[ \t]*/, '');
  if (rest.startsWith(':') || /^(?:#.*)?(?:\r?\n[ \t]*(?:#.*)?)*$/.test(rest)) return undefined;
  // A key later on the same line (`[1] a: b`) is read, and refused, by go-yaml too.
  if (/:(?:[ \t]|$)/.test(rest.split('\n')[0]!.replace(/(^|[ \t])#.*/, ''))) return undefined;
  return end;
}

/** The index after the quoted scalar opening at `open` (a quote inside escaped as its style escapes it). */
function quotedEnd(doc: string, open: number): number {
  const q = doc[open];
  for (let i = open + 1; i < doc.length; i++) {
    if (q === '"' && doc[i] === '\\') i++;
    else if (doc[i] === q) {
      if (q === "'" && doc[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return doc.length + 1;
}

/**
 * go-yaml refuses a double-quoted scalar's `\u` or `\U` escape of a surrogate (D800-DFFF) or past
 * U+10FFFF, which js-yaml reads: the scalar read from `start` to `end` of `input` is looked at
 * escape by escape.
 */
function refuseInvalidEscape(input: string, start: number, end: number): void {
  let i = input.indexOf('"', start);
  // Double-quoted: the quote opens it, after nothing but its tag or anchor.
  if (i < 0 || i >= end || !/^\s*(?:[!&]\S*\s+)*$/.test(input.slice(start, i))) return;
  for (i++; i < end && input[i] !== '"'; i++) {
    if (input[i] !== '\\') continue;
    const width = input[i + 1] === 'u' ? 4 : input[i + 1] === 'U' ? 8 : 0;
    const code = width ? parseInt(input.slice(i + 2, i + 2 + width), 16) : 0;
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
      throw new GoYamlValueError(`yaml: ${atScannerLine(lineOf(input, i), 'found invalid Unicode character escape code')}`);
    }
    i += 1 + width;
  }
}

/** What js-yaml's listener is shown of a node: where the reading stands, and, as it closes, the node's value and tag. */
type NodeState = { anchor: string | null; result: unknown; tag: string | null; input: string; position: number };

/** A map key Go refuses: a sequence or map (`invalid`, go-yaml's), or a null or uint64 (sigs.k8s.io/yaml's). */
type RefusedKey = { invalid: boolean; key: unknown; placeholder: string };

const PLACEHOLDER = '\u0000refused key:';

/**
 * Map keys as sigs.k8s.io/yaml turns go-yaml's typed keys into JSON's strings: an int's digits, a
 * float's float32 text (`1e+07`, `3.1415927`, `.inf`), a bool's word. js-yaml makes any key a
 * string by String() as it stores the pair (`1e+7` as `10000000`, null as `null`, a sequence as
 * its items); so a key node is told as it closes (a `:` after it, or `? ` before it), and its value
 * is replaced by the string Go writes, or, for a key Go refuses, by a placeholder noted in `refused`.
 */
class MapKeys {
  private readonly starts: number[] = [];
  readonly refused: RefusedKey[] = [];

  open(position: number): void {
    this.starts.push(position);
  }

  /** Forgets a reading given up on. */
  reset(): void {
    this.starts.length = 0;
    this.refused.length = 0;
  }

  /** Where the node closing now started. */
  get start(): number {
    return this.starts[this.starts.length - 1]!;
  }

  close(state: NodeState): void {
    const start = this.starts.pop()!;
    const v = state.result;
    // Strings, bools and ints are keys as they stand (most nodes go no further). An alias has no tag: an integer there is taken for an int.
    if (typeof v === 'string' ? numberLiteral(v) === undefined : typeof v === 'boolean') return;
    if (typeof v === 'number' && (state.tag === `${TAG}int` || (state.tag === null && Number.isSafeInteger(v)))) return;
    const key = mapKey(state.input, start, state.position);
    if (!key) return;
    if (v === null && state.tag === null && state.anchor === null) {
      // An empty key. In flow (`{: x}`) go-yaml's parser wants a node; after `? ` it is a null,
      // which js-yaml keeps as its own null and writes `null`.
      if (key === 'implicit') {
        const line = lineOf(state.input, state.position);
        throw new GoYamlValueError(`yaml: ${line > 0 ? `line ${line}: ` : ''}did not find expected node content`);
      }
      this.refused.push({ invalid: false, key: null, placeholder: 'null' });
    } else state.result = this.goKey(v);
  }

  private goKey(v: unknown): string {
    if (typeof v === 'number') {
      const text = goFloat32(v);
      return text === '+Inf' ? '.inf' : text === '-Inf' ? '-.inf' : text === 'NaN' ? '.nan' : text;
    }
    const literal = numberLiteral(v);
    if (literal !== undefined && isInt64Literal(literal)) return literal;
    const placeholder = `${PLACEHOLDER}${this.refused.length}`;
    this.refused.push({ invalid: typeof v === 'object' && v !== null, key: v, placeholder });
    return placeholder;
  }
}

/**
 * Whether the node read from `start` to `end` of `input` is a map key: `explicit` after a `? `,
 * `implicit` with a `:` and a space (or a flow indicator) after it. A value has neither: a plain
 * scalar takes in a `:` not followed by a space, and a value's node starts after its `:`.
 */
function mapKey(input: string, start: number, end: number): 'explicit' | 'implicit' | undefined {
  let j = start - 1;
  while (j >= 0 && ' \t\r\n'.includes(input[j]!)) j--;
  if (input[j] === '?' && (j === 0 || ' \t\r\n,[{'.includes(input[j - 1]!))) return 'explicit';
  let i = end;
  while (input[i] === ' ' || input[i] === '\t') i++;
  if (input[i] === ':' && (i + 1 >= input.length || ' \t\r\n,]}'.includes(input[i + 1]!))) return 'implicit';
  return undefined;
}

/**
 * sigs.k8s.io/yaml's refusal of the first null or uint64 key found (Go's map order is random: any
 * one is what it may say), with the key's value as `%+#v` shows it.
 */
function refusedKeyError(root: unknown, refused: readonly RefusedKey[]): string | undefined {
  const byPlaceholder = new Map(refused.map((r) => [r.placeholder, r]));
  const seen = new Set<object>();
  const find = (v: unknown): string | undefined => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return undefined;
    seen.add(v);
    const o = v as Record<string, unknown>;
    for (const k of Array.isArray(v) ? [] : Object.keys(o)) {
      const r = byPlaceholder.get(k);
      if (!r) continue;
      const literal = numberLiteral(r.key);
      const [type, key] = literal === undefined ? ['%!s(<nil>)', '<nil>'] : ['uint64', `0x${BigInt(literal).toString(16)}`];
      return `unsupported map key of type: ${type}, key: ${key}, value: ${yamlSharpV(o[k], true)}`;
    }
    for (const child of Array.isArray(v) ? v : Object.values(o)) {
      const found = find(child);
      if (found) return found;
    }
    return undefined;
  };
  return find(root);
}

/**
 * fmt's `%#v` of a value go-yaml decoded (maps are `map[interface {}]interface {}`); `top`: passed
 * as an argument itself, where a nil is `<nil>` rather than `interface {}(nil)`. An integral float
 * is taken for an int (the value no longer tells them apart).
 */
function yamlSharpV(v: unknown, top = false): string {
  if (v === null || v === undefined) return top ? '<nil>' : 'interface {}(nil)';
  if (typeof v === 'string') {
    const literal = numberLiteral(v);
    if (literal === undefined) return goQuote(v);
    return isInt64Literal(literal) ? literal : `0x${BigInt(literal).toString(16)}`;
  }
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => yamlSharpV(x)).join(', ')}}`;
  const o = v as Record<string, unknown>;
  const entries = Object.keys(o)
    .sort(byteCompare)
    .map((k) => `${goQuote(k)}:${yamlSharpV(o[k])}`);
  return `map[interface {}]interface {}{${entries.join(', ')}}`;
}

/**
 * The anchor whose node holds an alias of itself (js-yaml makes a cycle of it, go-yaml refuses it):
 * the first met in document order, each object walked once.
 */
function anchorHoldingItself(root: unknown, anchors: Map<object, string>): string | undefined {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const walk = (v: unknown): string | undefined => {
    if (typeof v !== 'object' || v === null || done.has(v)) return undefined;
    if (onPath.has(v)) return anchors.get(v) ?? '';
    onPath.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      const found = walk(child);
      if (found !== undefined) return found;
    }
    onPath.delete(v);
    done.add(v);
    return undefined;
  };
  return walk(root);
}

/**
 * go-yaml's reader refuses bytes that are not UTF-8 and characters YAML does not allow
 * before parsing anything; whichever comes first is reported (without a line).
 */
export function goYamlReaderError(doc: string): string | undefined {
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffd\ufffe\uffff]/.exec(doc);
  if (!bad) return undefined;
  return bad[0] === '\ufffd' ? 'invalid leading UTF-8 octet' : 'control characters are not allowed';
}

/** A scanner error's text: go-yaml counts its lines from 1 and leaves out line 1's (0-based `line`). */
function atScannerLine(line: number, message: string): string {
  return line > 0 ? `line ${line + 1}: ${message}` : message;
}

const NO_TOKEN = 'found character that cannot start any token';

/**
 * go-yaml's scanner takes no tab where a line's first token is looked for: a document whose first
 * line with content starts with one (`\t\tbad`, which js-yaml reads as a string) is refused there.
 */
function leadingTabError(lines: readonly string[]): string | undefined {
  const i = lines.findIndex((line) => !/^ *(#.*)?\r?$/.test(line));
  return i >= 0 && /^ *\t/.test(lines[i]!) ? atScannerLine(i, NO_TOKEN) : undefined;
}

/**
 * The first tab go-yaml's scanner refuses that js-yaml lets through (0-based line, go-yaml's
 * message): between a block sequence's `-` and its item (`-\t{}`), and in the indentation of a
 * blank or comment line (an editor's stray tab). There go-yaml is reading on a block scalar (a tab
 * left of its lines' indentation is refused), or a plain scalar from the line above (a tab left
 * of that scalar's block violates indentation), or looking for a token (which a tab cannot
 * start); in a flow collection a tab is white space.
 */
function refusedTab(doc: string, lines: readonly string[]): { line: number; message: string } | undefined {
  // Where line i starts in `doc`.
  let lineStart = 0;
  for (const [i, line] of lines.entries()) {
    const start = lineStart;
    lineStart += line.length + 1;
    if (!line.includes('\t')) continue;
    const stray = /^ *\t[ \t]*(#.*)?\r?$/.test(line);
    const above = stray ? lines.slice(0, i).reverse().find((l) => !/^[ \t]*\r?$/.test(l)) : undefined;
    if (inBlockScalar(lines, i)) {
      // Left of the block scalar's indentation (its lines', or past its header's), a tab is refused.
      if (!stray || above === undefined) continue;
      // Before its first line sets the indentation, any tab.
      const indent = BLOCK_HEADER.test(above) ? Infinity : above.length - above.trimStart().length;
      if (line.indexOf('\t') < indent) return { line: i, message: atScannerLine(i, 'found a tab character where an indentation space is expected') };
      continue;
    }
    if (/^ *- *\t/.test(line)) return { line: i, message: atScannerLine(i, NO_TOKEN) };
    // In a flow collection a tab is white space like any other.
    if (above === undefined || innermostFlowOpener(doc, start) !== undefined) continue;
    const block = plainScalarBlock(above);
    if (block === undefined) return { line: i, message: atScannerLine(i, NO_TOKEN) };
    if (line.indexOf('\t') <= block) return { line: i, message: atScannerLine(i, 'found a tab character that violates indentation') };
  }
  return undefined;
}

/**
 * When `line` ends with a plain scalar (a value after `key: ` or `- `, no comment after it), the
 * column of the block holding it (its key's, or its `-`'s); else undefined.
 */
function plainScalarBlock(line: string): number | undefined {
  const m = /^( *(?:- +)*)(?:([^\s#"'[{?:-][^#]*?|"[^"]*"|'[^']*'):(?: +)|(?<=- +))(.*?)\r?$/.exec(line);
  if (!m) return undefined;
  const value = m[3]!.replace(/^(?:[&!]\S*\s+)*/, '');
  if (value === '' || value.endsWith(':') || / #/.test(value) || '"\'[{|>*&!#'.includes(value[0]!)) return undefined;
  // A key's block is its column; an item's, its `-`'s.
  return m[2] !== undefined ? m[1]!.length : m[1]!.trimEnd().length - 1;
}

/** A line ending with a block scalar's header (`|`, `>-`, `|2+`). */
const BLOCK_HEADER = /(^|[\s:-])[|>][1-9+-]{0,2}[ \t]*(#.*)?\r?$/;

/** Whether 0-based line `at` is in the indentation of a block scalar (`|` or `>` on a line above, less indented than what follows it). */
function inBlockScalar(lines: readonly string[], at: number): boolean {
  let minIndent = Infinity;
  for (let k = at - 1; k >= 0; k--) {
    const line = lines[k]!;
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    if (indent < minIndent && BLOCK_HEADER.test(line)) return true;
    minIndent = Math.min(minIndent, indent);
    if (minIndent === 0) return false;
  }
  return false;
}

/** js-yaml's words for a scanner error, and go-yaml's for the same. */
const SCANNER_WORDS = new Map([
  ['can not read a block mapping entry; a multiline key may not be an implicit key', "could not find expected ':'"],
  ['unknown escape sequence', 'found unknown escape character'],
  ['expected hexadecimal character', 'did not find expected hexdecimal number'],
  ['unexpected end of the stream within a verbatim tag', "did not find the expected '>'"],
  ['bad explicit indentation width of a block scalar; it cannot be less than one', 'found an indentation indicator equal to 0'],
  ['repeat of a chomping mode identifier', 'did not find expected comment or line break'],
  ['repeat of an indentation width identifier', 'did not find expected comment or line break'],
  ['a line break is expected', 'did not find expected comment or line break'],
]);

/** The 0-based line of index `i` of `doc`. */
function lineOf(doc: string, i: number): number {
  let line = 0;
  for (let k = doc.indexOf('\n'); k >= 0 && k < i; k = doc.indexOf('\n', k + 1)) line++;
  return line;
}

/** The 0-based line of the first line after the one holding index `i` with anything on it, a comment too (the end counts). */
function nextTokenLine(doc: string, i: number): number {
  const lines = doc.split('\n');
  let line = lineOf(doc, i) + 1;
  while (line < lines.length - 1 && /^\s*$/.test(lines[line]!)) line++;
  return Math.min(line, lines.length - 1);
}

/**
 * Turns a js-yaml error into go-yaml's message for the same mistake. go-yaml reports
 * parser errors at the 0-based line of the offending token and scanner errors 1-based,
 * and leaves the line out when it is 0.
 */
export function goYamlMessage(err: unknown, doc: string): string {
  const e = err as { reason?: string; mark?: { line: number; column: number; position: number } };
  if (err instanceof GoYamlValueError) return err.reason.replace(/^yaml: /, '');
  const reason = e.reason ?? String((err as Error)?.message ?? err);
  const mark = e.mark ?? { line: 0, column: 0, position: 0 };
  const at = (line: number, msg: string) => (line > 0 ? `line ${line}: ${msg}` : msg);
  const scanner = (msg: string) => atScannerLine(mark.line, msg);
  if (reason.includes('non-printable characters') || reason.includes('NUL')) return 'control characters are not allowed';
  // js-yaml stops where a token cannot start (`@`, a backquote, `%` not opening a directive) without saying so.
  const there = doc[mark.position];
  if (there === '@' || there === '`' || (there === '%' && mark.column > 0)) return scanner(NO_TOKEN);
  if (reason.startsWith('unexpected end of the stream within a verbatim tag') && doc.lastIndexOf('!<>', mark.position) >= doc.lastIndexOf('!<', mark.position)) {
    return scanner('did not find expected tag URI');
  }
  if (reason.startsWith('incomplete explicit mapping pair')) return at(mark.line, 'did not find expected key');
  const scannerWords = SCANNER_WORDS.get(reason);
  if (scannerWords) return scanner(scannerWords);
  if (reason.startsWith('expected the node content')) return at(mark.line, 'did not find expected node content');
  if (reason === 'can not read an implicit mapping pair; a colon is missed') {
    // go-yaml gives up on the key when the next token comes, a line further at least.
    return atScannerLine(nextTokenLine(doc, mark.position), "could not find expected ':'");
  }
  if (reason === 'directives end mark is expected') {
    const directive = /^%(\S*)/m.exec(doc);
    if (directive && directive[1] !== 'YAML' && directive[1] !== 'TAG') return atScannerLine(lineOf(doc, directive.index), 'found unknown directive name');
    return at(mark.line, 'did not find expected <document start>');
  }
  if (reason.startsWith('nesting exceeded maxDepth')) return scanner(TOO_DEEP);
  // go-yaml decodes a merge (`<<`) after parsing: its refusal has no line.
  if (reason.startsWith('cannot merge mappings')) return 'map merge requires map or sequence of maps as the value';
  if (reason.startsWith('unidentified alias')) {
    const name = /"(.*)"/.exec(reason)?.[1] ?? '';
    return `unknown anchor '${name}' referenced`;
  }
  if (reason === 'bad indentation of a mapping entry') {
    if (doc[mark.position] === ':') return scanner('mapping values are not allowed in this context');
    // A `-` after something on its line (`a: - b`) cannot start a sequence there.
    if (doc[mark.position] === '-' && doc.slice(doc.lastIndexOf('\n', mark.position - 1) + 1, mark.position).trim() !== '') {
      return scanner('block sequence entries are not allowed in this context');
    }
    // A key where the block sequence above, at this column, wants its next `-`.
    const above = doc.split('\n').slice(0, mark.line).reverse().find((line) => !/^\s*(#.*)?\r?$/.test(line) && line.length - line.trimStart().length <= mark.column);
    if (above !== undefined && above.length - above.trimStart().length === mark.column && /^\s*-(\s|$)/.test(above)) {
      // Without its `:`, the key go-yaml wanted there is given up on at the next token.
      const rest = doc.slice(mark.position, (doc.indexOf('\n', mark.position) + 1 || doc.length + 1) - 1);
      if (!/:(\s|$)/.test(rest)) return atScannerLine(nextTokenLine(doc, mark.position), "could not find expected ':'");
      return at(mark.line, "did not find expected '-' indicator");
    }
    return at(mark.line, 'did not find expected key');
  }
  if (reason === 'bad indentation of a sequence entry') {
    // After a plain scalar item, a more indented line is read on as that scalar until its `: `;
    // after any other item, go-yaml's parser wants the sequence's next `-`.
    const lines = doc.split('\n');
    const item = lines.slice(0, mark.line).reverse().find((l) => !/^\s*(#.*)?\r?$/.test(l)) ?? '';
    const plainItem = /^\s*-\s+[^\s[{"'|>*&!#]/.test(item);
    if (plainItem && /^\s+[^\s#][^#]*?:(\s|$)/.test(lines[mark.line] ?? '')) return scanner('mapping values are not allowed in this context');
    if (!plainItem && /^\s*-\s/.test(item)) return at(mark.line, "did not find expected '-' indicator");
  }
  if (reason === 'end of the stream or a document separator is expected') return at(mark.line, 'did not find expected key');
  if (reason.startsWith('tab characters must not be used')) {
    return scanner(inBlockScalar(doc.split('\n'), mark.line) ? 'found a tab character where an indentation space is expected' : NO_TOKEN);
  }
  if (reason.startsWith('unexpected end of the stream within a') && reason.includes('quoted scalar')) {
    return scanner('found unexpected end of stream');
  }
  if (reason === 'missed comma between flow collection entries' || reason === 'unexpected end of the stream within a flow collection') {
    const before = doc.slice(0, mark.position).trimEnd();
    // `- ` in a flow collection is a block entry, which no flow node can start with.
    const blockEntry = doc[mark.position] === '-' && /^[ \t\r\n]?$/.test(doc[mark.position + 1] ?? '');
    if (blockEntry || before.endsWith(',') || before.endsWith('[') || before.endsWith('{')) return at(mark.line, 'did not find expected node content');
    const close = innermostFlowOpener(doc, mark.position) === '{' ? '}' : ']';
    return at(mark.line, `did not find expected ',' or '${close}'`);
  }
  return scanner(reason);
}
