/**
 * Cron schedules as CronJobs accept them (robfig/cron ParseStandard): five fields with
 * lists, ranges, steps and month/day names, the @yearly…@hourly descriptors, an optional
 * CRON_TZ=/TZ= prefix; next-run computation in a time zone.
 */

export interface Schedule {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  /** Day-of-month / day-of-week given as `*` (or `?`): then only the other one restricts. */
  domStar: boolean;
  dowStar: boolean;
  timeZone?: string;
}

export class CronParseError extends Error {}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface Bounds {
  min: number;
  max: number;
  names?: string[];
  nameBase?: number;
}

const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 7, names: DAYS, nameBase: 0 },
];

export function parseSchedule(text: string): Schedule {
  let spec = text.trim();
  let timeZone: string | undefined;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(spec);
  if (tz) {
    timeZone = tz[1];
    spec = tz[2]!.trim();
    checkTimeZone(timeZone!);
  }
  if (spec.startsWith('@')) {
    const expanded = DESCRIPTORS[spec];
    if (!expanded) throw new CronParseError(`unrecognized descriptor: ${spec}`);
    spec = expanded;
  }
  const parts = spec.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${parts.length}: ${spec}`);
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!));
  const dow = sets[4]!;
  if (dow.has(7)) {
    dow.delete(7);
    dow.add(0);
  }
  return {
    minute: sets[0]!,
    hour: sets[1]!,
    dom: sets[2]!,
    month: sets[3]!,
    dow,
    domStar: isStar(parts[2]!),
    dowStar: isStar(parts[4]!),
    timeZone,
  };
}

/** robfig's star bit: an item that is `*`/`?` without a step above 1. */
function isStar(field: string): boolean {
  return field.split(',').some((item) => {
    const [range, step] = item.split('/');
    return (range === '*' || range === '?') && (step === undefined || Number(step) <= 1);
  });
}

function parseField(field: string, b: Bounds): Set<number> {
  const out = new Set<number>();
  for (const item of field.split(',')) {
    const [rangeText, stepText, extra] = item.split('/');
    if (extra !== undefined) throw new CronParseError(`too many slashes: ${item}`);
    let lo: number;
    let hi: number;
    if (rangeText === '*' || rangeText === '?') {
      lo = b.min;
      hi = b.max === 7 ? 6 : b.max;
    } else {
      const [a, z, more] = rangeText!.split('-');
      if (more !== undefined) throw new CronParseError(`too many hyphens: ${item}`);
      lo = value(a!, b);
      hi = z !== undefined ? value(z, b) : stepText !== undefined ? b.max : lo;
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) throw new CronParseError(`step must be a positive number: ${item}`);
    if (lo < b.min) throw new CronParseError(`beginning of range (${lo}) below minimum (${b.min}): ${item}`);
    if (hi > b.max) throw new CronParseError(`end of range (${hi}) above maximum (${b.max}): ${item}`);
    if (lo > hi) throw new CronParseError(`beginning of range (${lo}) beyond end of range (${hi}): ${item}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function value(text: string, b: Bounds): number {
  const i = b.names?.indexOf(text.toLowerCase()) ?? -1;
  if (i >= 0) return i + b.nameBase!;
  if (!/^\d+$/.test(text)) throw new CronParseError(`failed to parse int from ${text}`);
  return Number(text);
}

export function checkTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new CronParseError(`provided bad location ${tz}: unknown time zone ${tz}`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds to add to UTC to get wall-clock time in `tz` at instant `ms`. */
export function zoneOffset(ms: number, tz: string | undefined): number {
  if (!tz || tz === 'UTC' || tz === 'Etc/UTC') return 0;
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

function dayMatches(s: Schedule, d: Date): boolean {
  const dom = s.dom.has(d.getUTCDate());
  const dow = s.dow.has(d.getUTCDay());
  if (s.domStar || s.dowStar) return dom && dow;
  return dom || dow;
}

/** The first scheduled instant strictly after `afterMs`, in the schedule's (or the given) time zone. */
export function nextAfter(s: Schedule, afterMs: number, timeZone?: string): number | undefined {
  const tz = s.timeZone ?? timeZone;
  const offset = zoneOffset(afterMs, tz);
  const t = new Date(Math.floor((afterMs + offset) / 60_000) * 60_000 + 60_000);
  const limit = t.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() < limit) {
    if (!s.month.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hour.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minute.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    const wall = t.getTime();
    let instant = wall - zoneOffset(wall, tz);
    instant = wall - zoneOffset(instant, tz);
    if (instant > afterMs) return instant;
    t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
  }
  return undefined;
}

/** RFC3339 of an instant as seen in a time zone (`2026-11-21T10:00:00Z`, `2026-11-21T11:00:00+01:00`). */
export function rfc3339In(ms: number, tz: string | undefined): string {
  const offset = zoneOffset(ms, tz);
  const wall = new Date(ms + offset).toISOString().replace(/\.\d{3}Z$/, '');
  if (offset === 0) return `${wall}Z`;
  const mins = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}
