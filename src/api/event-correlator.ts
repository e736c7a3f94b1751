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
 *   `Created pod` events and one combined;
 * - a source may write 25 events about one object at once, then one every five minutes (a token
 *   bucket); the others are dropped.
 *
 * The recorder counts dropped repeats in memory and adds them to the next update it sends; that
 * memory is not kept here, so an update after drops counts only what was written.
 */

export const COMBINED_PREFIX = '(combined from similar events): ';

/** defaultAggregateMaxEvents and defaultAggregateIntervalInSeconds. */
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
/** defaultSpamBurst and defaultSpamQPS (one token every 300 s). */
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;

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

/** What becomes of `call` at `now`, given the stored events about its object (`seen`). */
export function correlate(seen: readonly SeenEvent[], call: EventCall, now: number): Correlation {
  if (!tokenLeft(seen, call, now)) return { kind: 'drop' };
  const group = seen.filter((e) => e.component === call.component && e.host === call.host && e.type === call.type && e.reason === call.reason);
  if (aggregates(group, call, now)) {
    const message = COMBINED_PREFIX + call.message;
    const combined = group.find(isCombined);
    return combined ? { kind: 'update', event: combined, message } : { kind: 'create', message, combined: true };
  }
  const same = group.find((e) => !isCombined(e) && e.message === call.message && e.fieldPath === call.fieldPath);
  return same ? { kind: 'update', event: same, message: call.message } : { kind: 'create', message: call.message, combined: false };
}

/**
 * The aggregator's record of distinct messages lives while calls keep coming less than ten
 * minutes apart; once it holds ten, every new message is combined (it drops one to make room).
 */
function aggregates(group: readonly SeenEvent[], call: EventCall, now: number): boolean {
  const since = now - AGGREGATE_INTERVAL_MS;
  if (!group.some((e) => e.last >= since)) return false;
  const messages = new Set<string>();
  for (const e of group) if (!isCombined(e) && e.last >= since) messages.add(e.message);
  if (messages.has(call.message)) return false;
  const combining = group.some((e) => isCombined(e) && e.last >= since);
  return combining || messages.size + 1 >= AGGREGATE_MAX_EVENTS;
}

/**
 * The source's token bucket for the object, as the writes it let through left it: the bucket is
 * taken to have been full before the first of them still within a refill of the whole burst.
 */
function tokenLeft(seen: readonly SeenEvent[], call: EventCall, now: number): boolean {
  const since = now - SPAM_BURST * SPAM_REFILL_MS;
  let used = 0;
  let from = now;
  for (const e of seen) {
    if (e.component !== call.component || e.host !== call.host || e.last < since) continue;
    used += e.count;
    from = Math.min(from, e.first);
  }
  const tokens = Math.min(SPAM_BURST, SPAM_BURST + (now - from) / SPAM_REFILL_MS - used);
  return tokens >= 1;
}
