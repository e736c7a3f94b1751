/**
 * Events last an hour. kube-apiserver stores each Event with a time to live (--event-ttl, one hour
 * by default): every write attaches it to an etcd lease of that length, and etcd removes it when the
 * lease runs out, finalizers or not. So `kubectl get events` shows about the last hour, an Event that
 * keeps being bumped (a crash loop's BackOff) stays, and a cluster that runs for days does not pile
 * its Events up.
 *
 * An Event's last write is read from its own times, the latest of its creation, lastTimestamp,
 * eventTime and series.lastObservedTime: the recorders set them to the moment they write. (An update
 * that changes none of them, a label put on an Event by hand, does not renew it here; in a real
 * cluster it does.) The API server shares one lease among the writes of up to a minute (its lease
 * manager reuses a lease for 60 s, granted long enough for the last of them), so an Event goes
 * between one hour and one hour and a minute after its last write: here, at the first whole minute
 * past its hour. The controller is `lazy`: `cluster advance 3h` removes the Events of the first
 * hours once, at the end, not minute by minute.
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { eachObject } from './queues.js';
import type { Controller } from './types.js';

/** kube-apiserver's --event-ttl default. */
export const EVENT_TTL_MS = 60 * 60 * 1000;
/** Expiries are kept on this grid: the lease manager's reuse window. */
const LEASE_REUSE_MS = 60 * 1000;
const COLLECTION = 'core/events';

function eventType(api: ApiServer) {
  return api.registry.forKind('v1', 'Event')!;
}

/** The epoch ms of an RFC 3339 time, or -Infinity where there is none. */
function timeOf(text: unknown): number {
  const ms = typeof text === 'string' ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** When an Event goes: the first whole minute an hour past its last write. */
export function eventExpiry(e: KubeObject): number {
  const last = Math.max(timeOf(e.metadata.creationTimestamp), timeOf(e.lastTimestamp), timeOf(e.eventTime), timeOf(e.series?.lastObservedTime));
  return onGrid(last + EVENT_TTL_MS);
}

function onGrid(ms: number): number {
  return Math.ceil(ms / LEASE_REUSE_MS) * LEASE_REUSE_MS;
}

/** Removes the Event if its time is up; else its expiry. */
function expire(api: ApiServer, e: KubeObject, now: number): number | undefined {
  const at = eventExpiry(e);
  if (at > now) return at;
  api.remove(eventType(api), e);
  return undefined;
}

/**
 * No Event written from `now` on expires before an hour from the start of this second (its
 * creationTimestamp and lastTimestamp are whole seconds): the wake-up that stands for the Events not
 * written yet (nothing else calls this controller when one is).
 */
function heartbeat(now: number): number {
  return onGrid(Math.floor(now / 1000) * 1000 + EVENT_TTL_MS);
}

export const eventTtlController: Controller = {
  name: 'event-ttl',
  selfSettling: true,
  lazy: true,
  reconcile(api) {
    const now = api.clock.now().getTime();
    let wake = heartbeat(now);
    for (const e of eachObject(api, eventType(api))) {
      const at = expire(api, e, now);
      if (at !== undefined && at < wake) wake = at;
    }
    return wake;
  },
  // A write only makes an Event expire later than the heartbeat does, and a removal never sooner.
  keysFor: () => [],
  reconcileKey(api, key) {
    const now = api.clock.now().getTime();
    const e = api.store.get(COLLECTION, key) as KubeObject | undefined;
    const at = e ? expire(api, e, now) : undefined;
    return at === undefined ? heartbeat(now) : Math.min(at, heartbeat(now));
  },
  // No allKeys: a resync by key over no Events at all would find no wake-up, where the heartbeat is one.
};
