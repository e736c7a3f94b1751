/**
 * Cron schedules as CronJobs accept them (robfig/cron v3's ParseStandard): five fields with
 * lists, ranges, steps and month/day names, the @yearly…@hourly and @every descriptors, an
 * optional CRON_TZ=/TZ= prefix; next-run computation in a time zone.
 */
import { goDuration } from '../util/duration.js';

export interface Schedule {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  /** Day-of-month / day-of-week given as `*` (or `?`): then only the other one restricts. */
  domStar: boolean;
  dowStar: boolean;
  /** `@every 5m`: a constant delay (whole seconds, at least one), in ms; the fields above are then unused. */
  every?: number;
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

// robfig/cron v3's bounds: the day of the week is 0-6 (7 is refused).
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 6, names: DAYS, nameBase: 0 },
];

const EVERY = '@every ';

/**
 * A schedule as robfig/cron v3's ParseStandard reads it, with its error words (the API server puts
 * them in `spec.schedule: Invalid value: ...`): an optional `TZ=`/`CRON_TZ=` zone, then a
 * descriptor or five fields.
 */
export function parseSchedule(text: string): Schedule {
  if (text === '') throw new CronParseError('empty spec string');
  let spec = text;
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const name = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    if (name !== 'Local' && !knownTimeZone(name)) throw new CronParseError(`provided bad location ${name}: unknown time zone ${name}`);
    if (name !== '' && name !== 'Local' && name !== 'UTC') timeZone = name;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (spec.startsWith(EVERY)) return { ...everySchedule(spec), timeZone };
    const expanded = DESCRIPTORS[spec];
    if (!expanded) throw new CronParseError(`unrecognized descriptor: ${spec}`);
    spec = expanded;
  }
  const parts = spec.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const fields = parts.map((p, i) => parseField(p, FIELDS[i]!));
  return {
    minute: fields[0]!.values,
    hour: fields[1]!.values,
    dom: fields[2]!.values,
    month: fields[3]!.values,
    dow: fields[4]!.values,
    domStar: fields[2]!.star,
    dowStar: fields[4]!.star,
    timeZone,
  };
}

/** `@every <Go duration>`: robfig's Every, at least a second and cut to whole seconds. */
function everySchedule(spec: string): Schedule {
  const d = goDuration(spec.slice(EVERY.length));
  if ('error' in d) throw new CronParseError(`failed to parse duration ${spec}: ${d.error}`);
  const every = d.ms < 1000 ? 1000 : d.ms - (d.ms % 1000);
  const none = new Set<number>();
  return { minute: none, hour: none, dom: none, month: none, dow: none, domStar: false, dowStar: false, every };
}

/** A comma-separated list of ranges (empty items skipped, as Go's FieldsFunc does); `star`: robfig's star bit. */
function parseField(field: string, b: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',').filter(Boolean)) {
    const [rangeText, ...steps] = expr.split('/');
    const lowAndHigh = rangeText!.split('-');
    let lo: bigint;
    let hi: bigint;
    let starred = false;
    if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
      // What follows a `*-` is not read at all.
      lo = BigInt(b.min);
      hi = BigInt(b.max);
      starred = true;
    } else {
      lo = intOrName(lowAndHigh[0]!, b);
      if (lowAndHigh.length === 1) hi = lo;
      else if (lowAndHigh.length === 2) hi = intOrName(lowAndHigh[1]!, b);
      else throw new CronParseError(`too many hyphens: ${expr}`);
    }
    let step = 1n;
    if (steps.length === 1) {
      step = nonNegativeInt(steps[0]!);
      // `N/step` runs from N to the field's maximum.
      if (lowAndHigh.length === 1) hi = BigInt(b.max);
      if (step > 1n) starred = false;
    } else if (steps.length > 1) throw new CronParseError(`too many slashes: ${expr}`);
    if (lo < BigInt(b.min)) throw new CronParseError(`beginning of range (${lo}) below minimum (${b.min}): ${expr}`);
    if (hi > BigInt(b.max)) throw new CronParseError(`end of range (${hi}) above maximum (${b.max}): ${expr}`);
    if (lo > hi) throw new CronParseError(`beginning of range (${lo}) beyond end of range (${hi}): ${expr}`);
    if (step === 0n) throw new CronParseError(`step of range should be a positive number: ${expr}`);
    for (let v = Number(lo); v <= Number(hi); v += Number(step)) values.add(v);
    star ||= starred;
  }
  return { values, star };
}

function intOrName(text: string, b: Bounds): bigint {
  const i = b.names?.indexOf(text.toLowerCase()) ?? -1;
  if (i >= 0) return BigInt(i + b.nameBase!);
  return nonNegativeInt(text);
}

const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.Atoi, then robfig's refusal of a negative number. */
function nonNegativeInt(text: string): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw new CronParseError(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = BigInt(text);
  if (n > INT64_MAX || n < -INT64_MAX - 1n) throw new CronParseError(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`);
  if (n < 0n) throw new CronParseError(`negative number (${n}) not allowed: ${text}`);
  return n;
}

/**
 * Whether Go's time.LoadLocation knows a zone name (else `unknown time zone X`). The zone
 * database is the one Node has; its names are matched case-sensitively, as Go's files are.
 */
export function knownTimeZone(tz: string): boolean {
  if (tz === 'UTC' || tz === '') return true;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    // Intl accepts `europe/paris` (Go does not); an alias (`US/Eastern`) resolves to another name.
    return resolved === tz || resolved.toLowerCase() !== tz.toLowerCase();
  } catch {
    return false;
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
  // robfig's ConstantDelaySchedule: the delay after the given time cut to its second.
  if (s.every !== undefined) return Math.floor(afterMs / 1000) * 1000 + s.every;
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
