/**
 * Manifests in YAML, read as kubectl reads them (go-yaml v2, YAML 1.1 scalars), with go-yaml's
 * error messages. Loaded only when a manifest is not JSON (see loadYamlSupport).
 */
import yaml from 'js-yaml';
import { CliError } from '../errors.js';
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

/** The implicit scalars go-yaml types besides null and bool: ints (any base, `_` between digits) and floats. */
const goNumber = new yaml.Type(`${TAG}int`, {
  kind: 'scalar',
  resolve: (d: string | null) => {
    if (d === null || d === '') return false;
    const tag = goResolve(d).tag;
    return tag === 'int' || tag === 'float';
  },
  construct: (d: string) => goResolve(d).value,
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
    goNumber,
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

function parseYamlDocument(source: string, doc: string): unknown {
  const failed = (message: string) => new YamlSyntaxError(source, `yaml: ${message}`);
  const lines = doc.includes('\t') ? doc.split('\n') : undefined;
  const readerError = goYamlReaderError(doc) ?? (lines && leadingTabError(lines));
  if (readerError) throw failed(readerError);
  let value: unknown;
  const entryTab = lines && tabAfterEntry(lines);
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
export function loadGoYaml(doc: string): unknown {
  // An anchor's name by the object js-yaml made of its node, to name one that holds an alias of itself.
  const anchors = doc.includes('&') && doc.includes('*') ? new Map<object, string>() : undefined;
  const listener = (event: string, state: { anchor: string | null; result: unknown }) => {
    if (event === 'close' && state.anchor !== null && typeof state.result === 'object' && state.result !== null) anchors!.set(state.result, state.anchor);
  };
  const value = yaml.load(doc, { json: true, schema: GO_YAML_SCHEMA, maxDepth: MAX_DEPTH, ...(anchors && { listener }) } as yaml.LoadOptions);
  const selfHolding = anchors && anchorHoldingItself(value, anchors);
  if (selfHolding !== undefined) throw new GoYamlValueError(`yaml: anchor '${selfHolding}' value contains itself`);
  if (doc.includes('*') && excessiveAliasing(value)) throw new GoYamlValueError('yaml: document contains excessive aliasing');
  const unsupported = /\.(?:inf|Inf|INF|nan|NaN|NAN)/.test(doc) ? unsupportedJsonValue(value) : undefined;
  if (unsupported) throw new GoYamlValueError(unsupported);
  return value;
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
 * go-yaml takes no tab between a block sequence's `-` and its item (`-\t{}`, `- \tx`), which js-yaml
 * lets through: the first such line (0-based) outside a block scalar, with go-yaml's message.
 */
function tabAfterEntry(lines: readonly string[]): { line: number; message: string } | undefined {
  const i = lines.findIndex((line, at) => /^ *- *\t/.test(line) && !inBlockScalar(lines, at));
  return i >= 0 ? { line: i, message: atScannerLine(i, NO_TOKEN) } : undefined;
}

/** Whether 0-based line `at` is in the indentation of a block scalar (`|` or `>` on a line above, less indented than what follows it). */
function inBlockScalar(lines: readonly string[], at: number): boolean {
  let minIndent = Infinity;
  for (let k = at - 1; k >= 0; k--) {
    const line = lines[k]!;
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    if (indent < minIndent && /(^|[\s:-])[|>][1-9+-]{0,2}[ \t]*(#.*)?\r?$/.test(line)) return true;
    minIndent = Math.min(minIndent, indent);
    if (minIndent === 0) return false;
  }
  return false;
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
  if (reason.startsWith('nesting exceeded maxDepth')) return scanner(TOO_DEEP);
  // go-yaml decodes a merge (`<<`) after parsing: its refusal has no line.
  if (reason.startsWith('cannot merge mappings')) return 'map merge requires map or sequence of maps as the value';
  if (reason.startsWith('unidentified alias')) {
    const name = /"(.*)"/.exec(reason)?.[1] ?? '';
    return `unknown anchor '${name}' referenced`;
  }
  if (reason === 'bad indentation of a mapping entry') {
    if (doc[mark.position] === ':') return scanner('mapping values are not allowed in this context');
    return at(mark.line, 'did not find expected key');
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
    if (blockEntry || before.endsWith(',') || before.endsWith('[')) return at(mark.line, 'did not find expected node content');
    const close = innermostFlowOpener(doc, mark.position) === '{' ? '}' : ']';
    return at(mark.line, `did not find expected ',' or '${close}'`);
  }
  return scanner(reason);
}
