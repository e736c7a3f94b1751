/**
 * Go's strconv.ParseInt(text, 0, bitSize), which pflag's int flags use: an optional sign, then a
 * base prefix (`0x`, `0o`, `0b`, or a bare leading `0` for octal), digits, and underscores between
 * digits. The value, or why Go refuses the text.
 */
export type GoIntError = 'invalid syntax' | 'value out of range';

export function parseGoInt(text: string, bitSize: 32 | 64): bigint | GoIntError {
  let s = text;
  let negative = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  const magnitude = parseGoUint(s, bitSize);
  if (typeof magnitude !== 'bigint') return magnitude;
  const cutoff = 1n << BigInt(bitSize - 1);
  if (negative ? magnitude > cutoff : magnitude >= cutoff) return 'value out of range';
  return negative ? -magnitude : magnitude;
}

/** strconv.ParseUint(s, 0, bitSize) of the text after its sign. */
function parseGoUint(s0: string, bitSize: number): bigint | GoIntError {
  if (s0 === '') return 'invalid syntax';
  let s = s0;
  let base = 10n;
  if (s[0] === '0') {
    const prefix = s.length >= 3 ? s[1]!.toLowerCase() : '';
    base = prefix === 'b' ? 2n : prefix === 'o' ? 8n : prefix === 'x' ? 16n : 8n;
    s = s.slice(prefix === 'b' || prefix === 'o' || prefix === 'x' ? 2 : 1);
  }
  const max = (1n << BigInt(bitSize)) - 1n;
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = digitValue(c);
    if (d === undefined || d >= base) return 'invalid syntax';
    n = n * base + d;
    if (n > max) return 'value out of range';
  }
  if (underscores && !underscoreOK(s0)) return 'invalid syntax';
  return n;
}

function digitValue(c: string): bigint | undefined {
  const code = c.toLowerCase().charCodeAt(0);
  if (code >= 48 && code <= 57) return BigInt(code - 48);
  if (code >= 97 && code <= 122) return BigInt(code - 97 + 10);
  return undefined;
}

/** Underscores only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(s[1]!.toLowerCase())) {
    i = 2;
    saw = '0';
    hex = s[1]!.toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-f]/i.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}
