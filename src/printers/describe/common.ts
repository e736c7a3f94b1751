/** Pieces shared by every describer: metadata maps, times, tolerations, events. */
import type { KubeObject } from '../../api/types.js';
import { humanDuration, rfc1123zAt } from '../../util/duration.js';
import { goSort } from '../../util/go-sort.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;


/** Go's time.RFC1123Z in the process's local zone; the zero time when absent. */
export function rfc1123z(timestamp: string | undefined | null): string {
  const t = timestamp ? Date.parse(timestamp) : NaN;
  return Number.isNaN(t) ? 'Mon, 01 Jan 0001 00:00:00 +0000' : rfc1123zAt(t, 'local');
}

/** translateTimestampSince: HumanDuration since the timestamp, `<unknown>` when absent. */
export function since(timestamp: string | undefined | null, now: Date): string {
  const t = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

export function printBool(v: boolean | undefined): string {
  return v ? 'True' : 'False';
}

export function printBoolPtr(v: boolean | undefined | null): string {
  return v === undefined || v === null ? '<unset>' : printBool(v);
}

export function stringOrNone(s: string | undefined | null): string {
  return s ? s : '<none>';
}

/** Go's %v of a string slice: `[a b c]`. */
export function goList(items: unknown[] | undefined | null): string {
  return `[${(items ?? []).join(' ')}]`;
}

/** Go's %v of an int-or-string. */
export function intOrString(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** `Kind/name` of the controller owner reference, or ''. */
export function controllerOf(obj: KubeObject): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** printLabelsMultilineWithIndent. */
export function printLabels(w: PrefixWriter, title: string, labels: Record<string, string> | undefined | null, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.line('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/** printAnnotationsMultiline: hides last-applied-configuration, folds long values. */
export function printAnnotations(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined | null): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort();
  if (keys.length === 0) {
    w.line('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function shorten(s: string, max: number): string {
  const b = Buffer.from(s, 'utf8');
  return b.length > max ? b.subarray(0, max).toString('utf8') + '...' : s;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** printTolerationsMultilineWithIndent: sorted by key (sort.Slice: ties where Go puts them). */
export function printTolerations(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations || tolerations.length === 0) {
    w.line('<none>');
    return;
  }
  const sorted = [...tolerations];
  goSort(sorted, (a, b) => cmp(a.key ?? '', b.key ?? '') < 0);
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, s + '\n');
  });
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export function taintString(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

/** printTaintsMultilineWithIndent: sorted by effect then key (sort.Slice: ties where Go puts them). */
export function printTaints(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.line('<none>');
    return;
  }
  const sorted = [...taints];
  goSort(sorted, (a, b) => cmp(`${a.effect},${a.key}`, `${b.effect},${b.key}`) < 0);
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, taintString(t) + '\n');
  });
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** DescribeEvents: `<none>`, or a table (after a flush) sorted by lastTimestamp, ties where Go's unstable sort.Sort puts them. */
export function describeEvents(events: KubeObject[], w: PrefixWriter, now: Date): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const time = (e: KubeObject) => (e.lastTimestamp ? Date.parse(e.lastTimestamp) : -Infinity);
  const sorted = [...events];
  goSort(sorted, (a, b) => time(a) < time(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval: string;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingController || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`);
  }
}
