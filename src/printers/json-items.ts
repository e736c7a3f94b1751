/**
 * The items of `-o json` of a List straight from the stored bytes: a stored object is the compact
 * text JSON.stringify made of it, so what kubectl prints (Go's json.MarshalIndent with 4 spaces,
 * keys in byte order, <, >, & escaped) is that text re-indented with each object's members put in
 * key order: no parse, no object, no garbage. Two passes over an object's bytes: the first finds
 * where each string, object and array ends (and checks every string is as JSON.stringify writes
 * it), the second walks the members, sorts those of an object whose keys are out of order, and
 * writes. Anything that is not exactly what JSON.stringify writes (white space, a number as `1e3`
 * or `0.10`, an escape such as `\/`, a key with an escape, a duplicate key, deep nesting) makes
 * `item` write nothing and answer false: the caller prints that object the parsing way, which
 * decides it as before. So the text is the same, byte for byte, as JSON.stringify(object, null, 4)
 * at an item's depth after Go's escapes (see list-stream.ts).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const NEWLINE = 0x0a;

/** Bytes in a string: 0 copied as is, 1 its end, 2 an escape, 3 one Go escapes (or may: the first byte of U+2028/9), 4 not JSON. */
const IN_STRING = new Uint8Array(256);
IN_STRING.fill(4, 0, 0x20);
IN_STRING[QUOTE] = 1;
IN_STRING[BACKSLASH] = 2;
for (const c of '<>&') IN_STRING[c.charCodeAt(0)] = 3;
IN_STRING[0xe2] = 3;

/** Bytes that may make up a number or true/false/null. */
const IN_SCALAR = new Uint8Array(256);
for (const c of '0123456789-+.eEtruefalsn') IN_SCALAR[c.charCodeAt(0)] = 1;

/** Deeper than this, the parsing way (which recurses natively). */
const MAX_DEPTH = 400;

const METADATA = Buffer.from('metadata');
const MANAGED_FIELDS = Buffer.from('managedFields');

/** Thrown inside a walk: the object is not text this writer can vouch for. */
const NOT_CANONICAL = new Error('not as JSON.stringify writes it');

export class JsonItems {
  /** The text written so far (flushed by the caller at item boundaries). */
  out: Buffer;
  /** How much of `out` holds text. */
  length = 0;
  /** Set when an item's text may hold bytes Go escapes. */
  private special = false;
  private bytes: Buffer = Buffer.alloc(0);
  private base = 0;
  /**
   * Per byte of the object (from `base`): where the object or array opening there ends (its last
   * byte), or the string (its closing quote; bitwise not of it where the string holds an escape).
   */
  private ends: Int32Array = new Int32Array(1 << 14);
  private stack: Int32Array = new Int32Array(64);
  /** Set by index: something is not as JSON.stringify writes it. */
  private bad = false;
  /** Set by read: the object was written. */
  private written = false;
  /** Members of the objects being written, four numbers each (key start, key end, value start, value end), a stack. */
  private members = new Int32Array(1 << 12);
  private top = 0;
  private omit = false;

  constructor(size = 1 << 20) {
    this.out = Buffer.allocUnsafeSlow(size);
  }

  /**
   * Appends the object at [start, end) of `bytes` as an item of a List's items: 8 spaces, then
   * the object indented from there. Its top-level `metadata.managedFields` is left out when
   * `omitManagedFields`. False, with nothing appended, where the bytes are not as JSON.stringify
   * writes them.
   */
  item(bytes: Buffer, start: number, end: number, omitManagedFields: boolean): boolean {
    return this.read(bytes, start, omitManagedFields) === end && this.written;
  }

  /**
   * As item, for the object that opens at `start` of `bytes`, wherever it ends: where that is (as
   * peek.ts objectEnd counts: -1 where the bytes end first), and whether it was written (`written`).
   */
  private read(bytes: Buffer, start: number, omitManagedFields: boolean): number {
    this.written = false;
    if (bytes[start] !== OPEN_OBJECT) return -1;
    const at = this.length;
    this.bytes = bytes;
    this.base = start;
    this.omit = omitManagedFields;
    this.top = 0;
    try {
      const end = this.index(start);
      if (end < 0 || this.bad) return end;
      try {
        this.reserve(8);
        this.out.fill(SPACE, this.length, this.length + 8);
        this.length += 8;
        this.object(start, 2, true, false);
        if (this.special) this.goEscapes(at);
        this.written = true;
      } catch (e) {
        this.length = at;
        if (e !== NOT_CANONICAL) throw e;
      }
      return end;
    } finally {
      this.bytes = EMPTY;
    }
  }

  /** Appends text. */
  text(s: string): void {
    this.reserve(Buffer.byteLength(s));
    this.length += this.out.write(s, this.length);
  }

  /** Room for `n` more bytes (and a few more, for the punctuation after them). */
  private reserve(n: number): void {
    if (this.length + n + 16 <= this.out.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.out.length * 2, this.length + n + 16));
    this.out.copy(bigger, 0, 0, this.length);
    this.out = bigger;
  }

  /**
   * First pass over the object opening at `start`: where every string, object and array in it
   * ends, and where it ends itself (the index after it, as peek.ts objectEnd counts, so that a
   * shard is cut into the same objects: -1 where the bytes end first). Notes whether any string
   * holds a byte Go escapes (`special`) and whether anything is not as JSON.stringify writes it
   * (`bad`: an escape it does not write, a control character, brackets that do not pair, deep
   * nesting; the second pass checks the rest).
   */
  private index(start: number): number {
    const b = this.bytes;
    const n = b.length;
    let ends = this.ends;
    let stack = this.stack;
    let depth = 0;
    let special = false;
    let bad = false;
    for (let i = start; i < n; i++) {
      const c = b[i]!;
      if (c === QUOTE) {
        let j = i + 1;
        let escaped = false;
        for (; j < n; j++) {
          const k = IN_STRING[b[j]!]!;
          if (k === 0) continue;
          if (k === 1) break;
          if (k === 3) special = true;
          else if (k === 2) {
            if (!isCanonicalEscape(b, j)) bad = true;
            escaped = true;
            j++;
          } else bad = true;
        }
        if (j >= n) return -1;
        if (i - start >= ends.length) ends = this.growEnds(i - start);
        ends[i - start] = escaped ? ~j : j;
        i = j;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (depth === stack.length) {
          stack = new Int32Array(depth * 2);
          stack.set(this.stack);
          this.stack = stack;
        }
        if (depth >= MAX_DEPTH) bad = true;
        stack[depth++] = i;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        const open = stack[--depth]!;
        // `{` and `}`, `[` and `]`, are two apart.
        if (b[open] !== c - 2) bad = true;
        if (open - start >= ends.length) ends = this.growEnds(open - start);
        ends[open - start] = i;
        if (depth === 0) {
          this.special = special;
          this.bad = bad;
          return i + 1;
        }
      }
    }
    return -1;
  }

  private growEnds(at: number): Int32Array {
    const bigger = new Int32Array(Math.max(at + 1, this.ends.length * 2));
    bigger.set(this.ends);
    return (this.ends = bigger);
  }

  /** Where the value starting at `i` ends (just after it). */
  private valueEnd(i: number): number {
    const b = this.bytes;
    const c = b[i];
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) return this.ends[i - this.base]! + 1;
    if (c === QUOTE) {
      const e = this.ends[i - this.base]!;
      return (e < 0 ? ~e : e) + 1;
    }
    let j = i;
    while (IN_SCALAR[b[j]!] === 1) j++;
    if (j === i) throw NOT_CANONICAL;
    return j;
  }

  private object(i: number, depth: number, top: boolean, omitManaged: boolean): void {
    const b = this.bytes;
    const close = this.ends[i - this.base]!;
    const first = this.top;
    let n = 0;
    let sorted = true;
    if (close !== i + 1) {
      for (let j = i + 1; ; ) {
        if (b[j] !== QUOTE) throw NOT_CANONICAL;
        // A key with an escape: its text's order is not its value's.
        const keyEnd = this.ends[j - this.base]!;
        if (keyEnd < 0 || b[keyEnd + 1] !== COLON) throw NOT_CANONICAL;
        const valueEnd = this.valueEnd(keyEnd + 2);
        if (!(omitManaged && isKey(b, j + 1, keyEnd, MANAGED_FIELDS))) {
          if (n > 0 && sorted) {
            const at = first + 4 * (n - 1);
            const order = compareKeys(b, this.members[at]! + 1, this.members[at + 1]!, j + 1, keyEnd);
            if (order === 0) throw NOT_CANONICAL;
            if (order > 0) sorted = false;
          }
          this.push(j, keyEnd, keyEnd + 2, valueEnd);
          n++;
        }
        const c = b[valueEnd];
        if (c === COMMA) j = valueEnd + 1;
        else if (c === CLOSE_OBJECT && valueEnd === close) break;
        else throw NOT_CANONICAL;
      }
    }
    if (n === 0) {
      this.reserve(2);
      this.out[this.length++] = OPEN_OBJECT;
      this.out[this.length++] = CLOSE_OBJECT;
      this.top = first;
      return;
    }
    if (!sorted) this.sortMembers(first, n);
    const indent = 4 * (depth + 1);
    this.reserve(1);
    this.out[this.length++] = OPEN_OBJECT;
    for (let m = 0; m < n; m++) {
      const at = first + 4 * m;
      const members = this.members;
      const keyStart = members[at]!;
      const keyEnd = members[at + 1]!;
      const valueStart = members[at + 2]!;
      const valueEnd = members[at + 3]!;
      const c = b[valueStart];
      const scalar = c !== OPEN_OBJECT && c !== OPEN_ARRAY;
      // One reservation for the line: `,`, the indentation, the key, `: ` and a scalar value.
      this.reserve(indent + 8 + keyEnd - keyStart + (scalar ? valueEnd - valueStart : 0));
      const out = this.out;
      let o = this.length;
      if (m > 0) out[o++] = COMMA;
      out[o++] = NEWLINE;
      for (let k = 0; k < indent; k++) out[o++] = SPACE;
      for (let k = keyStart; k <= keyEnd; k++) out[o++] = b[k]!;
      out[o++] = COLON;
      out[o++] = SPACE;
      if (scalar) this.length = this.scalar(out, o, valueStart, valueEnd);
      else {
        this.length = o;
        if (c === OPEN_OBJECT) this.object(valueStart, depth + 1, false, top && this.omit && isKey(b, keyStart + 1, keyEnd, METADATA));
        else this.array(valueStart, depth + 1);
      }
    }
    this.newline(depth);
    this.out[this.length++] = CLOSE_OBJECT;
    this.top = first;
  }

  private array(i: number, depth: number): void {
    const b = this.bytes;
    const close = this.ends[i - this.base]!;
    this.reserve(2);
    this.out[this.length++] = OPEN_ARRAY;
    if (close === i + 1) {
      this.out[this.length++] = CLOSE_ARRAY;
      return;
    }
    const indent = 4 * (depth + 1);
    for (let j = i + 1; ; ) {
      const end = this.valueEnd(j);
      const c = b[j];
      const scalar = c !== OPEN_OBJECT && c !== OPEN_ARRAY;
      this.reserve(indent + 8 + (scalar ? end - j : 0));
      const out = this.out;
      let o = this.length;
      out[o++] = NEWLINE;
      for (let k = 0; k < indent; k++) out[o++] = SPACE;
      if (scalar) this.length = this.scalar(out, o, j, end);
      else {
        this.length = o;
        if (c === OPEN_OBJECT) this.object(j, depth + 1, false, false);
        else this.array(j, depth + 1);
      }
      const next = b[end];
      if (next === COMMA) {
        this.out[this.length++] = COMMA;
        j = end + 1;
      } else if (next === CLOSE_ARRAY && end === close) break;
      else throw NOT_CANONICAL;
    }
    this.newline(depth);
    this.out[this.length++] = CLOSE_ARRAY;
  }

  /** Writes the string or other scalar at [from, to) at `o` of `out` (reserved): where it ends. */
  private scalar(out: Buffer, o: number, from: number, to: number): number {
    const b = this.bytes;
    if (b[from] !== QUOTE && !isCanonicalScalar(b, from, to)) throw NOT_CANONICAL;
    if (to - from > 64) return o + b.copy(out, o, from, to);
    for (let k = from; k < to; k++) out[o++] = b[k]!;
    return o;
  }

  private push(keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): void {
    if (this.top + 4 > this.members.length) {
      const bigger = new Int32Array(this.members.length * 2);
      bigger.set(this.members);
      this.members = bigger;
    }
    const m = this.members;
    m[this.top++] = keyStart;
    m[this.top++] = keyEnd;
    m[this.top++] = valueStart;
    m[this.top++] = valueEnd;
  }

  /**
   * Puts the `n` members from `first` in key order (a key twice: not canonical). An insertion
   * sort where the object is small (most are), else Array's.
   */
  private sortMembers(first: number, n: number): void {
    const b = this.bytes;
    const m = this.members;
    if (n > 32) {
      const order = Array.from({ length: n }, (_, k) => first + 4 * k).sort((x, y) => {
        const r = compareKeys(b, m[x]! + 1, m[x + 1]!, m[y]! + 1, m[y + 1]!);
        if (r === 0) throw NOT_CANONICAL;
        return r;
      });
      const copy = m.slice(first, first + 4 * n);
      order.forEach((from, k) => m.set(copy.subarray(from - first, from - first + 4), first + 4 * k));
      return;
    }
    const last = first + 4 * n;
    for (let at = first + 4; at < last; at += 4) {
      const keyStart = m[at]!;
      const keyEnd = m[at + 1]!;
      const valueStart = m[at + 2]!;
      const valueEnd = m[at + 3]!;
      let to = at;
      for (; to > first; to -= 4) {
        const order = compareKeys(b, m[to - 4]! + 1, m[to - 3]!, keyStart + 1, keyEnd);
        if (order === 0) throw NOT_CANONICAL;
        if (order < 0) break;
        m[to] = m[to - 4]!;
        m[to + 1] = m[to - 3]!;
        m[to + 2] = m[to - 2]!;
        m[to + 3] = m[to - 1]!;
      }
      m[to] = keyStart;
      m[to + 1] = keyEnd;
      m[to + 2] = valueStart;
      m[to + 3] = valueEnd;
    }
  }

  private newline(depth: number): void {
    const n = 4 * depth;
    this.reserve(n + 1);
    const out = this.out;
    let o = this.length;
    out[o++] = NEWLINE;
    for (let k = 0; k < n; k++) out[o++] = SPACE;
    this.length = o;
  }

  /** Go's escapes of <, >, & and U+2028/9 in the item written from `at` (rare: looked for only where the first pass saw one of their bytes). */
  private goEscapes(at: number): void {
    const text = this.out.toString('utf8', at, this.length);
    const escaped = goEscapes(text);
    if (escaped === text) return;
    this.length = at;
    this.text(escaped);
  }
}

const EMPTY = Buffer.alloc(0);

/** Go's encoding/json escapes <, > and & (HTML safety) and U+2028/U+2029, which only strings can hold. */
export function goEscapes(text: string): string {
  // Looking first is many times faster than a replace that finds nothing (the usual case).
  if (text.indexOf('<') < 0 && text.indexOf('>') < 0 && text.indexOf('&') < 0 && text.indexOf('\u2028') < 0 && text.indexOf('\u2029') < 0) return text;
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Whether the escape at `i` (a backslash) is one JSON.stringify writes: `\"`, `\\`, `\b`, `\f`, `\n`,
 * `\r`, `\t`, or `\u00xx` (lower-case hex) for another control character. A lone surrogate's
 * `\udxxx` is left to the parsing way.
 */
function isCanonicalEscape(b: Buffer, i: number): boolean {
  const e = b[i + 1];
  if (e === QUOTE || e === BACKSLASH || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) return true;
  if (e !== 0x75 || b[i + 2] !== 0x30 || b[i + 3] !== 0x30) return false;
  const high = b[i + 4]!;
  const low = b[i + 5]!;
  const lowValue = low >= 0x30 && low <= 0x39 ? low - 0x30 : low >= 0x61 && low <= 0x66 ? low - 0x61 + 10 : -1;
  if ((high !== 0x30 && high !== 0x31) || lowValue < 0) return false;
  const code = (high - 0x30) * 16 + lowValue;
  // These have a short form.
  return code !== 8 && code !== 9 && code !== 10 && code !== 12 && code !== 13;
}

/** true, false, null, or a number as JSON.stringify writes it (String(n)). */
function isCanonicalScalar(b: Buffer, i: number, end: number): boolean {
  const c = b[i]!;
  const n = end - i;
  if (c === 0x74) return n === 4 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65;
  if (c === 0x66) return n === 5 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65;
  if (c === 0x6e) return n === 4 && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c;
  // An integer of up to 15 digits without a leading zero is as String writes it; anything else is asked.
  const digits = c === 0x2d ? i + 1 : i;
  let plain = end - digits <= 15 && end > digits && (b[digits] !== 0x30 || (end - digits === 1 && digits === i));
  for (let j = digits; plain && j < end; j++) plain = b[j]! >= 0x30 && b[j]! <= 0x39;
  if (plain) return true;
  const text = b.toString('latin1', i, end);
  return /^-?\d/.test(text) && String(Number(text)) === text;
}

/** Whether the key whose text is [from, to) is `name`. */
function isKey(b: Buffer, from: number, to: number, name: Buffer): boolean {
  if (to - from !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (b[from + k] !== name[k]) return false;
  return true;
}

/** Byte order of two keys' texts (UTF-8 without escapes: the order Go sorts map keys in). */
function compareKeys(b: Buffer, a: number, aEnd: number, c: number, cEnd: number): number {
  const n = Math.min(aEnd - a, cEnd - c);
  for (let k = 0; k < n; k++) {
    const d = b[a + k]! - b[c + k]!;
    if (d !== 0) return d;
  }
  return aEnd - a - (cEnd - c);
}
