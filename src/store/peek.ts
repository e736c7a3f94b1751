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
import { readSync } from 'node:fs';

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
  return entryAt(bytes, at + needle.length, key);
}

/**
 * peekEntry over a file instead of its bytes: the same answer for the same bytes, read through
 * `chunk` (a small buffer used again for each part) rather than into a buffer the size of the file.
 * A shard of a big cluster is a megabyte, and in a VM every page of fresh memory costs a page fault
 * (about 250 of them, a good part of a `get pod ONE`); read a part at a time, the file costs the
 * pages of `chunk` and of the one object. `fd` is open on the file, of `size` bytes.
 */
export function peekFileEntry(fd: number, size: number, key: string, chunk: Buffer): Record<string, unknown> | undefined {
  const needle = Buffer.from(`${JSON.stringify(key)}:`);
  if (chunk.length < 2 * needle.length) return undefined;
  // Where the needle is, searched as peekEntry searches the whole text (each search from the end of
  // the last match); the parts overlap by needle.length - 1 bytes, so that a match standing across
  // two parts is found, in the second (in the first, it does not fit).
  let at = -1;
  for (let pos = 0; pos < size; ) {
    const want = Math.min(chunk.length, size - pos);
    const got = readAt(fd, chunk, 0, want, pos);
    const part = chunk.subarray(0, got);
    for (let i = part.indexOf(needle, at < 0 ? 0 : Math.max(0, at + needle.length - pos)); i >= 0; i = part.indexOf(needle, i + needle.length)) {
      if (at >= 0) return undefined;
      at = pos + i;
    }
    // The file is shorter than `size` (it never is: files are replaced, not written in place).
    if (got < want) return undefined;
    if (pos + got >= size) break;
    pos += got - (needle.length - 1);
  }
  if (at < 0) return undefined;
  // The object, read from where it starts: in `chunk` if it fits (with the byte after it), else in a bigger buffer.
  const start = at + needle.length;
  for (let buf = chunk; ; buf = Buffer.allocUnsafe(buf.length * 2)) {
    const want = Math.min(buf.length, size - start);
    const got = readAt(fd, buf, 0, want, start);
    const part = buf.subarray(0, got);
    if (part[0] !== 0x7b) return undefined;
    const end = objectEnd(part, 0);
    if (end >= 0 && end < got) return entryAt(part, 0, key);
    if (got < want || start + got >= size) return entryAt(part, 0, key);
  }
}

/** Reads up to `length` bytes at `position` of `fd` into `buf` at `offset`, as many as there are. */
function readAt(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
  let n = 0;
  while (n < length) {
    const got = readSync(fd, buf, offset + n, length - n, position + n);
    if (got === 0) break;
    n += got;
  }
  return n;
}

/** The object starting at `start` of `bytes` if it is the value of the entry `key` of a shard (followed by `,` or `}`, naming itself `key`). */
function entryAt(bytes: Buffer, start: number, key: string): Record<string, unknown> | undefined {
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
 * and nothing else), and the caller parses them, which reports what is wrong. `open`: the byte every
 * value must open with (`[` for an index file's key lists).
 */
export function shardEntries(bytes: Buffer, open = 0x7b): Map<string, [number, number]> | undefined {
  const out = new Map<string, [number, number]>();
  if (bytes[0] !== 0x7b) return undefined;
  let i = 1;
  if (bytes[i] === 0x7d) return i + 1 === bytes.length ? out : undefined;
  for (;;) {
    if (bytes[i] !== 0x22) return undefined;
    const keyEnd = stringEnd(bytes, i);
    if (keyEnd < 0 || bytes[keyEnd] !== 0x3a || bytes[keyEnd + 1] !== open) return undefined;
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
