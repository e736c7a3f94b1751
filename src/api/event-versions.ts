/**
 * Events at v1 (core) and events.k8s.io/v1: one storage, converted as the API server converts
 * them (pkg/apis/events/v1's conversion). The core form is stored; an events.k8s.io Event is
 * stored as core and served back under the new names (note, regarding, reportingController,
 * deprecatedSource, deprecated*Timestamp, deprecatedCount). Fields are present or absent as the
 * API server's JSON has them (`eventTime: null`, `deprecatedSource: {}`).
 */
import { invalid, type StatusCause } from '../errors.js';
import type { KubeObject } from './types.js';
import { qualifiedNameErrors } from './labels.js';

export const EVENTS_V1 = 'events.k8s.io/v1';

const set = (out: Record<string, unknown>, key: string, v: unknown) => {
  if (v !== undefined && v !== null && v !== '' && v !== 0) out[key] = v;
};

/** A core/v1 Event as events.k8s.io/v1 serves it. */
export function eventToEventsV1(e: KubeObject): KubeObject {
  if (e.apiVersion !== 'v1') return e;
  const out: Record<string, unknown> = { apiVersion: EVENTS_V1, kind: 'Event', metadata: e.metadata, eventTime: e.eventTime ?? null };
  set(out, 'series', e.series);
  set(out, 'reportingController', e.reportingComponent);
  set(out, 'reportingInstance', e.reportingInstance);
  set(out, 'action', e.action);
  set(out, 'reason', e.reason);
  out.regarding = e.involvedObject ?? {};
  set(out, 'related', e.related);
  set(out, 'note', e.message);
  set(out, 'type', e.type);
  out.deprecatedSource = e.source ?? {};
  out.deprecatedFirstTimestamp = e.firstTimestamp ?? null;
  out.deprecatedLastTimestamp = e.lastTimestamp ?? null;
  set(out, 'deprecatedCount', e.count);
  return out as KubeObject;
}

/** An events.k8s.io/v1 Event as core/v1 stores it. */
export function eventToCore(e: KubeObject): KubeObject {
  if (e.apiVersion !== EVENTS_V1) return e;
  const out: Record<string, unknown> = { apiVersion: 'v1', kind: 'Event', metadata: e.metadata, involvedObject: e.regarding ?? {} };
  set(out, 'reason', e.reason);
  set(out, 'message', e.note);
  out.source = e.deprecatedSource ?? {};
  out.firstTimestamp = e.deprecatedFirstTimestamp ?? null;
  out.lastTimestamp = e.deprecatedLastTimestamp ?? null;
  set(out, 'count', e.deprecatedCount);
  set(out, 'type', e.type);
  out.eventTime = e.eventTime ?? null;
  set(out, 'series', e.series);
  set(out, 'action', e.action);
  set(out, 'related', e.related);
  out.reportingComponent = e.reportingController ?? '';
  out.reportingInstance = e.reportingInstance ?? '';
  return out as KubeObject;
}

/** An Event at `apiVersion` (v1 or events.k8s.io/v1). */
export function eventAt(e: KubeObject, apiVersion: string): KubeObject {
  if (apiVersion === EVENTS_V1) return eventToEventsV1(e);
  if (apiVersion === 'v1') return eventToCore(e);
  return e;
}

/** ValidateQualifiedName's messages (`example.com/name`). */
function qualifiedNameCauses(value: string, field: string): StatusCause[] {
  if (!value) return [];
  const q = JSON.stringify(value);
  return qualifiedNameErrors(value).map((msg) => ({ field, message: `Invalid value: ${q}: ${msg}` }));
}

/**
 * ValidateEventCreate for an Event created through events.k8s.io/v1 (the strict rules; the core
 * API keeps the legacy ones): eventTime, reportingController, reportingInstance, action and reason
 * required, type Normal or Warning, the deprecated fields unset. Takes the object as sent.
 */
export function validateEventsV1Create(e: KubeObject): void {
  if (e.apiVersion !== EVENTS_V1) return;
  const causes: StatusCause[] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const ns = e.metadata?.namespace ?? '';
  const regardingNs = str(e.regarding?.namespace);
  if (!e.eventTime) {
    // Legacy rule for an Event without eventTime: its namespace and the object's agree.
    if (regardingNs ? regardingNs !== ns : ns !== '' && ns !== 'default') {
      causes.push({ field: 'involvedObject.namespace', message: `Invalid value: ${JSON.stringify(regardingNs)}: does not match event.namespace` });
    }
  } else {
    if (!regardingNs && ns !== 'default' && ns !== 'kube-system') {
      causes.push({ field: 'involvedObject.namespace', message: 'Invalid value: "": does not match event.namespace' });
    }
    const controller = str(e.reportingController);
    if (!controller) causes.push({ field: 'reportingController', message: 'Required value' });
    causes.push(...qualifiedNameCauses(controller, 'reportingController'));
    const instance = str(e.reportingInstance);
    if (!instance) causes.push({ field: 'reportingInstance', message: 'Required value' });
    if (instance.length > 128) causes.push({ field: 'reportingInstance', message: 'Invalid value: "": can have at most 128 characters' });
    const action = str(e.action);
    if (!action) causes.push({ field: 'action', message: 'Required value' });
    if (action.length > 128) causes.push({ field: 'action', message: 'Invalid value: "": can have at most 128 characters' });
    const reason = str(e.reason);
    if (!reason) causes.push({ field: 'reason', message: 'Required value' });
    if (reason.length > 128) causes.push({ field: 'reason', message: 'Invalid value: "": can have at most 128 characters' });
    if (str(e.note).length > 1024) causes.push({ field: 'note', message: 'Invalid value: "": can have at most 1024 characters' });
  }
  if (e.series) {
    if ((e.series.count ?? 0) < 2) causes.push({ field: 'series.count', message: 'Invalid value: "": should be at least 2' });
    if (!e.series.lastObservedTime) causes.push({ field: 'series.lastObservedTime', message: 'Required value' });
  }
  if (!e.eventTime) causes.push({ field: 'eventTime', message: 'Required value' });
  const type = str(e.type);
  if (type !== 'Normal' && type !== 'Warning') causes.push({ field: 'type', message: `Invalid value: "": has invalid value: ${type}` });
  if (e.deprecatedFirstTimestamp) causes.push({ field: 'deprecatedFirstTimestamp', message: 'Invalid value: "": needs to be unset' });
  if (e.deprecatedLastTimestamp) causes.push({ field: 'deprecatedLastTimestamp', message: 'Invalid value: "": needs to be unset' });
  if (e.deprecatedCount) causes.push({ field: 'deprecatedCount', message: 'Invalid value: "": needs to be unset' });
  if (e.deprecatedSource?.component || e.deprecatedSource?.host) causes.push({ field: 'deprecatedSource', message: 'Invalid value: "": needs to be unset' });
  if (causes.length) throw invalid('Event', 'events.k8s.io', e.metadata?.name ?? '', causes);
}
