/**
 * Go encoding/json's scanner, for its words when a text is not JSON: where a value ends, or the
 * first character it refuses and what it was looking for (`invalid character '}' looking for
 * beginning of object key string`). Used once JSON.parse has failed, to say why as kubectl says it.
 */
import { goQuote } from '../printers/go-values.js';

/** What scanning one value found: where it ends, or the index of the character refused and why, or the end of the text first. */
export type GoJsonScan = { end: number } | { at: number; reason: string } | { eof: true };

class Refused {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}
class Eof {}

const HEX = /[0-9a-fA-F]/;
const ESCAPES = '"\\/bfnrtu';

/** Scans the JSON value starting at `start` of `text` (white space before it skipped) as Go's scanner does. */
export function goJsonScan(text: string, start: number): GoJsonScan {
  let i = start;
  const char = () => {
    if (i >= text.length) throw new Eof();
    return text[i]!;
  };
  const refuse = (reason: string): never => {
    throw new Refused(i, reason);
  };
  const space = () => {
    i = skipJsonSpace(text, i);
  };
  // After a member or element: `,` for another (false), or the closing bracket (true).
  const closed = (close: string, context: string): boolean => {
    space();
    if (char() === ',') {
      i++;
      return false;
    }
    if (text[i] !== close) refuse(context);
    i++;
    return true;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (char() !== word[k]) refuse(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const digits = () => {
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
  };
  const number = () => {
    if (text[i] === '-') {
      i++;
      const c = char();
      if (c < '0' || c > '9') refuse('in numeric literal');
    }
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      const c = char();
      if (c < '0' || c > '9') refuse('after decimal point in numeric literal');
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (char() === '+' || text[i] === '-') i++;
      const c = char();
      if (c < '0' || c > '9') refuse('in exponent of numeric literal');
      digits();
    }
  };
  const string = () => {
    for (i++; ; i++) {
      const c = char();
      if (c === '"') return void i++;
      if (c === '\\') {
        i++;
        const e = char();
        if (!ESCAPES.includes(e)) refuse('in string escape code');
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!HEX.test(char())) refuse('in \\u hexadecimal character escape');
          }
        }
      } else if (c < ' ') refuse('in string literal');
    }
  };
  const value = (): void => {
    space();
    const c = char();
    if (c === '{') {
      i++;
      space();
      if (char() === '}') return void i++;
      for (;;) {
        space();
        if (char() !== '"') refuse('looking for beginning of object key string');
        string();
        space();
        if (char() !== ':') refuse('after object key');
        i++;
        value();
        if (closed('}', 'after object key:value pair')) return;
      }
    }
    if (c === '[') {
      i++;
      space();
      if (char() === ']') return void i++;
      for (;;) {
        value();
        if (closed(']', 'after array element')) return;
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    refuse('looking for beginning of value');
  };
  try {
    value();
    return { end: i };
  } catch (e) {
    if (e instanceof Refused) return { at: e.at, reason: e.reason };
    if (e instanceof Eof) return { eof: true };
    throw e;
  }
}

/** The index after the JSON white space (space, tab, CR, LF) from `i` of `text`. */
export function skipJsonSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  return i;
}

/** Go's encoding/json wording for the first syntax error in `text` (undefined when it is valid JSON). */
export function goJsonSyntaxError(text: string): string | undefined {
  const scan = goJsonScan(text, 0);
  if ('eof' in scan) return 'unexpected end of JSON input';
  if ('at' in scan) return goJsonRefusal(text, scan);
  const after = skipJsonSpace(text, scan.end);
  return after < text.length ? goJsonRefusal(text, { at: after, reason: 'after top-level value' }) : undefined;
}

/**
 * The character at `at` as Go's error names it: its first UTF-8 byte taken for a rune (an `é` is
 * `'Ã'`), quoted as strconv.Quote quotes it, `'` and `"` as themselves.
 */
export function goQuotedChar(text: string, at: number): string {
  const byte = Buffer.from(text.slice(at, at + 2), 'utf8')[0]!;
  const c = String.fromCharCode(byte);
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  return `'${goQuote(c).slice(1, -1)}'`;
}

/** Go's `invalid character ...` words for a refused scan. */
export function goJsonRefusal(text: string, scan: { at: number; reason: string }): string {
  return `invalid character ${goQuotedChar(text, scan.at)} ${scan.reason}`;
}
