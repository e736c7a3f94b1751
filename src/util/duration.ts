/** apimachinery's duration.HumanDuration, as used for AGE, LAST SEEN and describe ages. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Age of an RFC3339 timestamp at `now`; `<unknown>` when absent. */
export function age(timestamp: string | undefined | null, now: Date): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, '\u00b5s': 1e-3, '\u03bcs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Go's time.ParseDuration: `30s`, `1h30m`, `-1.5h`, `0`, in milliseconds, or Go's error text
 * (`time: missing unit in duration "5"`), which kubectl prints for a bad duration flag.
 */
export function goDuration(text: string): { ms: number } | { error: string } {
  const q = JSON.stringify(text);
  const invalid = { error: `time: invalid duration ${q}` };
  let s = text;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return { ms: 0 };
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (num[1] === '' && !num[2]) return invalid; // no digits before the unit (`.s`, `h`)
    s = s.slice(num[0].length);
    const unit = /^[^.0-9]*/.exec(s)![0];
    if (unit === '') return { error: `time: missing unit in duration ${q}` };
    s = s.slice(unit.length);
    const ms = UNIT_MS[unit];
    if (ms === undefined) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${q}` };
    total += Number(`${num[1] || '0'}.${num[2] ?? ''}`) * ms;
  }
  // Go's int64 of nanoseconds (about 292 years) overflows past this.
  if (total * 1e6 > 2 ** 63) return invalid;
  return { ms: sign * total };
}

/** A Go duration in milliseconds, or undefined where Go's ParseDuration fails. */
export function parseGoDuration(text: string): number | undefined {
  const d = goDuration(text);
  return 'ms' in d ? d.ms : undefined;
}

/** Go's Duration.String(): `1h30m0s`, `5m0s`, `30s`, `0s`. */
export function goDurationString(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  const h = Math.floor(rest / 3600000);
  rest -= h * 3600000;
  const m = Math.floor(rest / 60000);
  rest -= m * 60000;
  const s = rest / 1000;
  let out = '';
  if (h) out += `${h}h`;
  if (h || m) out += `${m}m`;
  out += `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  return (neg ? '-' : '') + out;
}

/** RFC3339 at second precision, as the API server stores timestamps. */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z of an instant (`Sat, 21 Nov 2026 10:00:00 +0000`), in UTC or in the process's local zone. */
export function rfc1123zAt(ms: number, zone: 'utc' | 'local'): string {
  const d = new Date(ms);
  const utc = zone === 'utc';
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const off = utc ? 0 : -d.getTimezoneOffset();
  const offset = `${off < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
  const [day, date, month, year] = utc ? [d.getUTCDay(), d.getUTCDate(), d.getUTCMonth(), d.getUTCFullYear()] : [d.getDay(), d.getDate(), d.getMonth(), d.getFullYear()];
  const [h, m, sec] = utc ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()] : [d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${WEEKDAYS[day]}, ${pad(date)} ${MONTHS[month]} ${pad(year, 4)} ${pad(h)}:${pad(m)}:${pad(sec)} ${offset}`;
}

export function rfc3339(d: Date): string {
  // toISOString always ends in .sssZ
  return `${d.toISOString().slice(0, -5)}Z`;
}
