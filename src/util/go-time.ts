/**
 * Go's time.Parse with the RFC 3339 layout (`2006-01-02T15:04:05Z07:00`), for the flags kubectl
 * reads with it (logs --since-time): the instant in milliseconds, or Go's own error text
 * (`parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`,
 * `parsing time "2024-13-01T00:00:00Z": month out of range`).
 */
export const RFC3339 = '2006-01-02T15:04:05Z07:00';

type Element = { literal: string } | { std: '2006' | '01' | '02' | '15' | '04' | '05' | 'Z07:00' };

const ELEMENTS: Element[] = [
  { std: '2006' }, { literal: '-' }, { std: '01' }, { literal: '-' }, { std: '02' }, { literal: 'T' },
  { std: '15' }, { literal: ':' }, { std: '04' }, { literal: ':' }, { std: '05' }, { std: 'Z07:00' },
];

const quote = (s: string): string => JSON.stringify(s);
const isDigit = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** Go's getnum: one or two digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function daysIn(month: number, year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

export function parseRFC3339(input: string): { ms: number } | { error: string } {
  const cannot = (valueElem: string, layoutElem: string) => ({ error: `parsing time ${quote(input)} as ${quote(RFC3339)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}` });
  const outOfRange = (what: string) => ({ error: `parsing time ${quote(input)}: ${what} out of range` });
  let value = input;
  const f = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, fraction: 0, offsetMinutes: 0 };
  for (const el of ELEMENTS) {
    if ('literal' in el) {
      if (!value.startsWith(el.literal)) return cannot(value, el.literal);
      value = value.slice(el.literal.length);
      continue;
    }
    const hold = value;
    switch (el.std) {
      case '2006': {
        if (value.length < 4 || !/^\d{4}/.test(value)) return cannot(hold, el.std);
        f.year = Number(value.slice(0, 4));
        value = value.slice(4);
        break;
      }
      case '01':
      case '02':
      case '15':
      case '04':
      case '05': {
        const got = getnum(value, el.std !== '15');
        if (!got) return cannot(hold, el.std);
        const [n, rest] = got;
        value = rest;
        // The day is checked against its month once all is read.
        const ranges = { '01': ['month', 1, 12], '02': ['day', 0, 99], '15': ['hour', 0, 23], '04': ['minute', 0, 59], '05': ['second', 0, 59] } as const;
        const [what, lo, hi] = ranges[el.std];
        if (n < lo || n > hi) return outOfRange(what);
        if (el.std === '01') f.month = n;
        else if (el.std === '02') f.day = n;
        else if (el.std === '15') f.hour = n;
        else if (el.std === '04') f.minute = n;
        else {
          f.second = n;
          // A fraction after the seconds, though the layout has none (Go takes it).
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1)) {
            let end = 2;
            while (isDigit(value, end)) end++;
            f.fraction = Number(`0.${value.slice(1, end)}`);
            value = value.slice(end);
          }
        }
        break;
      }
      case 'Z07:00': {
        if (value.startsWith('Z')) {
          value = value.slice(1);
          break;
        }
        if (value.length < 6 || value[3] !== ':' || (value[0] !== '+' && value[0] !== '-')) return cannot(hold, el.std);
        const h = getnum(value.slice(1, 3), true);
        const m = getnum(value.slice(4, 6), true);
        if (!h || !m) return cannot(hold, el.std);
        // Go's test is `>`: an offset of 24 hours or 60 minutes is taken.
        if (h[0] > 24) return outOfRange('time zone offset hour');
        if (m[0] > 60) return outOfRange('time zone offset minute');
        f.offsetMinutes = (value[0] === '-' ? -1 : 1) * (h[0] * 60 + m[0]);
        value = value.slice(6);
        break;
      }
    }
  }
  if (value.length) return { error: `parsing time ${quote(input)}: extra text: ${quote(value)}` };
  if (f.day < 1 || f.day > daysIn(f.month, f.year)) return outOfRange('day');
  // setUTCFullYear, as Date.UTC would read a year below 100 as 19xx.
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, Math.floor(f.fraction * 1000));
  return { ms: d.getTime() - f.offsetMinutes * 60_000 };
}
