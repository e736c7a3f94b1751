/**
 * One value out of a shard's bytes without decoding or parsing the shard: `get pod ONE` needs one object of a
 * shard that holds a few hundred (a megabyte of JSON, whose parse and garbage cost more than the
 * rest of the command). A shard is written by JSON.stringify as `{"key":{...},"key":{...}}`, so a
 * key it holds appears in it as `"key":` (escaped as JSON.stringify escapes it); inside a string a
 * quote is always escaped, so only a key can match. A map nested in some object could hold the
 * same key, so the value found is taken only where the text holds `"key":` once and the value is
 * the object that key names (its metadata's namespace/name make up the key). Anything else (no
 * match, several, another shape) is undefined, and the caller parses the shard: a missing key, or a
 * corrupt file, is then decided and reported exactly as before.
 */

/**
 * A stored object as the bytes [start, end) of its shard's text (JSON.stringify's), as a scan asked
 * for them gives it (Snapshot.scan `raw`): valid until the scan is asked for the next value, as
 * the buffer is then read into again. `parse` gives the value the scan would otherwise have given.
 */
export class RawObject {
  constructor(
    readonly bytes: Buffer,
    readonly start: number,
    readonly end: number,
    private readonly parser: (raw: RawObject) => unknown,
  ) {}

  parse(): unknown {
    return this.parser(this);
  }

  /** Whether the text starts with `prefix`. */
  startsWith(prefix: Buffer): boolean {
    return this.end - this.start >= prefix.length && this.bytes.compare(prefix, 0, prefix.length, this.start, this.start + prefix.length) === 0;
  }
}

/** The object stored under `key` in `bytes` (a shard's file), or undefined when it cannot be told without parsing. */
export function peekEntry(bytes: Buffer, key: string): Record<string, unknown> | undefined {
  const needle = Buffer.from(`${JSON.stringify(key)}:`);
  const at = bytes.indexOf(needle);
  if (at < 0 || bytes.indexOf(needle, at + needle.length) >= 0) return undefined;
  const start = at + needle.length;
  if (bytes[start] !== 0x7b) return undefined;
  const end = objectEnd(bytes, start);
  if (end < 0) return undefined;
  const next = bytes[end];
  if (next !== 0x2c && next !== 0x7d) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8', start, end));
  } catch {
    return undefined;
  }
  const meta = (value as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
  if (typeof meta !== 'object' || meta === null || typeof meta.name !== 'string') return undefined;
  const own = typeof meta.namespace === 'string' && meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
  return own === key ? (value as Record<string, unknown>) : undefined;
}

/**
 * Where each top-level entry of a shard's bytes is: key to the [start, end) of its value, an object
 * (what a listing that parses objects one at a time as it prints reads: the parsed shard is never
 * held). Undefined when the bytes are not a shard as JSON.stringify writes one (`{"key":{...},...}`
 * and nothing else), and the caller parses them, which reports what is wrong.
 */
export function shardEntries(bytes: Buffer): Map<string, [number, number]> | undefined {
  const out = new Map<string, [number, number]>();
  if (bytes[0] !== 0x7b) return undefined;
  let i = 1;
  if (bytes[i] === 0x7d) return i + 1 === bytes.length ? out : undefined;
  for (;;) {
    if (bytes[i] !== 0x22) return undefined;
    const keyEnd = stringEnd(bytes, i);
    if (keyEnd < 0 || bytes[keyEnd] !== 0x3a || bytes[keyEnd + 1] !== 0x7b) return undefined;
    const key = hasByte(bytes, 0x5c, i, keyEnd) ? (JSON.parse(bytes.toString('utf8', i, keyEnd)) as string) : bytes.toString('utf8', i + 1, keyEnd - 1);
    const end = objectEnd(bytes, keyEnd + 1);
    if (end < 0) return undefined;
    out.set(key, [keyEnd + 1, end]);
    if (bytes[end] === 0x7d) return end + 1 === bytes.length ? out : undefined;
    if (bytes[end] !== 0x2c) return undefined;
    i = end + 1;
  }
}

/**
 * The text of the object at [start, end) of `bytes` without its `metadata.<key>` field (what
 * `-o json|yaml` does not print: managedFields, nearly half of a stored pod's bytes), so that it is
 * not parsed at all. The field is found by its `"<key>":` and taken only where a scan of the
 * object up to it finds it directly in the top-level `metadata` (metadata comes first in a stored
 * object, so the scan is short); otherwise the object's text is whole.
 */
export function withoutMetadataField(bytes: Buffer, start: number, end: number, key: string): string {
  const needle = needleOf(key);
  const at = bytes.indexOf(needle, start);
  if (at < 0 || at >= end || !inTopMetadata(bytes, start, at)) return bytes.toString('utf8', start, end);
  const valueEnd = valueEndAt(bytes, at + needle.length);
  if (valueEnd < 0 || valueEnd > end) return bytes.toString('utf8', start, end);
  // With the comma before it (a field after the first), or after it (the first of several), or alone.
  const [cut, resume] = bytes[at - 1] === 0x2c ? [at - 1, valueEnd] : bytes[valueEnd] === 0x2c ? [at, valueEnd + 1] : [at, valueEnd];
  return bytes.toString('utf8', start, cut) + bytes.toString('utf8', resume, end);
}

/** Whether `byte` is among [from, to) of `bytes`. */
function hasByte(bytes: Buffer, byte: number, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] === byte) return true;
  return false;
}

/** `"key":` as bytes, made once per key (a listing asks for the same one for every object). */
const needles = new Map<string, Buffer>();
function needleOf(key: string): Buffer {
  let needle = needles.get(key);
  if (!needle) needles.set(key, (needle = Buffer.from(`${JSON.stringify(key)}:`)));
  return needle;
}

/** Whether the key at `at` stands directly in the `metadata` object of the object opening at `start`. */
function inTopMetadata(bytes: Buffer, start: number, at: number): boolean {
  let depth = 0;
  let parent = '';
  for (let i = start; i < at; i++) {
    const c = bytes[i];
    if (c === 0x22) {
      const e = stringEnd(bytes, i);
      if (e < 0 || e > at) return false;
      if (depth === 1 && bytes[e] === 0x3a) parent = bytes.toString('utf8', i, e);
      i = e - 1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return depth === 2 && parent === '"metadata"' && bytes[at] === 0x22;
}

/** The index just after the JSON value starting at `i` (an object, array, string or scalar), or -1. */
function valueEndAt(bytes: Buffer, i: number): number {
  const c = bytes[i];
  if (c === 0x7b || c === 0x5b) return objectEnd(bytes, i);
  if (c === 0x22) return stringEnd(bytes, i);
  let j = i;
  while (j < bytes.length && bytes[j] !== 0x2c && bytes[j] !== 0x7d && bytes[j] !== 0x5d) j++;
  return j > i ? j : -1;
}

/**
 * The index just after the object or array opening at `start`, or -1 when the bytes end first
 * (UTF-8: the bytes of a multi-byte character are never those of a quote, bracket or backslash).
 * Strings are skipped in the same loop: most are short, and a native search per string costs
 * more than looking at their bytes.
 */
function objectEnd(bytes: Buffer, start: number): number {
  let depth = 0;
  const n = bytes.length;
  for (let i = start; i < n; i++) {
    const c = bytes[i];
    if (c === 0x22) {
      for (i++; i < n; i++) {
        const d = bytes[i];
        if (d === 0x22) break;
        if (d === 0x5c) i++;
      }
      if (i >= n) return -1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
  }
  return -1;
}

/** The index just after the string whose opening quote is at `open`, or -1. */
function stringEnd(bytes: Buffer, open: number): number {
  const n = bytes.length;
  for (let i = open + 1; i < n; i++) {
    const d = bytes[i];
    if (d === 0x22) return i + 1;
    if (d === 0x5c) i++;
  }
  return -1;
}
