/**
 * What client-go's event recorder (tools/record, the EventCorrelator) does with an event before it
 * reaches the API server, worked out from the Events already stored about the object instead of
 * the recorder's in-memory caches (a simulated component has no memory between commands):
 *
 * - the same event again (same source, object, field path, type, reason and message) bumps the
 *   stored one's count;
 * - the tenth distinct message of one source, object, type and reason within ten minutes, and
 *   every later one while they keep coming, goes into one event whose message is the latest,
 *   prefixed `(combined from similar events): `: a ReplicaSet that creates 100 pods has 9
 *   `Created pod` events and one combined, counting the other 91;
 * - a source may send 25 events about one object at once, then one every five minutes (a token
 *   bucket): a new Event past that is dropped.
 *
 * The recorder's spam filter holds back updates too, but it counts the repeats it held back and
 * sends that count with the next update it lets through; here a count is always written as the
 * recorder counts it (so `x91` where a real cluster shows `x16` until that next update).
 */

export const COMBINED_PREFIX = '(combined from similar events): ';

/** defaultAggregateMaxEvents and defaultAggregateIntervalInSeconds. */
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
/** defaultSpamBurst and defaultSpamQPS (one token every 300 s). */
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;

/**
 * Components that record through events.k8s.io/v1's recorder, which has no aggregation or spam
 * filter: a repeat of an Event is counted in it (its series), anything else is an Event of its own.
 */
const SERIES_RECORDERS = new Set(['default-scheduler']);

/** An event the recorder is asked to record about the object. */
export interface EventCall {
  type: string;
  reason: string;
  message: string;
  component: string;
  host: string;
  fieldPath: string;
}

/** A stored Event about the object, as the correlator needs it (times in ms). */
export interface SeenEvent extends EventCall {
  name: string;
  count: number;
  first: number;
  last: number;
}

export type Correlation =
  | { kind: 'drop' }
  /** Bump the count of this stored event (and set its message, for a combined one). */
  | { kind: 'update'; event: SeenEvent; message: string }
  | { kind: 'create'; message: string; combined: boolean };

export function isCombined(e: Pick<SeenEvent, 'message'>): boolean {
  return e.message.startsWith(COMBINED_PREFIX);
}

/**
 * What becomes of `call` at `now`, given the stored events about its object (`seen`): one pass
 * over them (the kubelet records five Events about each of thousands of pods in one command).
 */
export function correlate(seen: readonly SeenEvent[], call: EventCall, now: number): Correlation {
  if (seen.length === 0) return { kind: 'create', message: call.message, combined: false };
  if (SERIES_RECORDERS.has(call.component)) {
    const same = seen.find((e) => e.component === call.component && e.host === call.host && e.type === call.type && e.reason === call.reason && e.message === call.message && e.fieldPath === call.fieldPath);
    return same ? { kind: 'update', event: same, message: call.message } : { kind: 'create', message: call.message, combined: false };
  }
  const spamSince = now - SPAM_BURST * SPAM_REFILL_MS;
  const since = now - AGGREGATE_INTERVAL_MS;
  // The source's token bucket, as the writes it let through left it: taken to have been full
  // before the first of them still within a refill of the whole burst.
  let used = 0;
  let from = now;
  // The aggregator's record of distinct messages lives while calls keep coming less than ten
  // minutes apart; once it holds ten, every new message is combined (it drops one to make room).
  let live = false;
  let combining = false;
  let combined: SeenEvent | undefined;
  let same: SeenEvent | undefined;
  let messages: Set<string> | undefined;
  for (const e of seen) {
    if (e.component !== call.component || e.host !== call.host) continue;
    if (e.last >= spamSince) {
      used += e.count;
      if (e.first < from) from = e.first;
    }
    if (e.type !== call.type || e.reason !== call.reason) continue;
    const recent = e.last >= since;
    if (recent) live = true;
    if (isCombined(e)) {
      combined ??= e;
      if (recent) combining = true;
      continue;
    }
    if (recent) (messages ??= new Set()).add(e.message);
    if (e.message === call.message && e.fieldPath === call.fieldPath) same ??= e;
  }
  const noToken = Math.min(SPAM_BURST, SPAM_BURST + (now - from) / SPAM_REFILL_MS - used) < 1;
  const known = messages?.has(call.message) ?? false;
  if (live && !known && (combining || (messages?.size ?? 0) + 1 >= AGGREGATE_MAX_EVENTS)) {
    const message = COMBINED_PREFIX + call.message;
    if (combined) return { kind: 'update', event: combined, message };
    return noToken ? { kind: 'drop' } : { kind: 'create', message, combined: true };
  }
  if (same) return { kind: 'update', event: same, message: call.message };
  return noToken ? { kind: 'drop' } : { kind: 'create', message: call.message, combined: false };
}
