/**
 * A container told to write over simulated time: the annotation
 * `sim.kubectl-lite.io/write[-<container>]: "<path> every <duration>: <line>"` makes each run of
 * the container append `<line>` to `<path>` every `<duration>` while it runs (`-` or
 * `/dev/stdout` as the path: its standard output, which `logs` shows). Placeholders in the
 * line: `{n}` (1, 2, ... within the run), `{time}` (RFC 3339), `{pod}`, `{container}`.
 * Nothing is stored: the lines are computed from the container's run times and `now`, the
 * way a file written by a real process would read at that moment.
 */
import type { KubeObject } from '../api/types.js';
import { parseGoDuration } from '../util/duration.js';
import { annotationFor } from './behaviour.js';

export interface Writer {
  path: string;
  everyMs: number;
  line: string;
}

/** Lines of one run are capped (a run of days at 1 s would be a big file): the newest are kept. */
export const MAX_LINES_PER_RUN = 10_000;

export function writerOf(pod: KubeObject, container: string): Writer | undefined {
  const text = annotationFor(pod, 'write', container);
  if (!text) return undefined;
  const m = /^\s*(\S+)\s+every\s+(\S+?):\s?(.*)$/s.exec(text);
  if (!m) return undefined;
  const everyMs = parseGoDuration(m[2]!);
  if (!everyMs || everyMs <= 0) return undefined;
  return { path: m[1] === '-' ? '/dev/stdout' : m[1]!, everyMs, line: m[3]! };
}

export interface WrittenLine {
  at: number;
  text: string;
}

/** What one run (startedAt .. finishedAt, or still running) wrote by `now`. */
export function runLines(w: Writer, pod: KubeObject, container: string, startedAt: string | undefined, finishedAt: string | undefined, now: number): WrittenLine[] {
  if (!startedAt) return [];
  const start = Date.parse(startedAt);
  const end = Math.min(finishedAt ? Date.parse(finishedAt) : Infinity, now);
  const count = Math.floor((end - start) / w.everyMs);
  const out: WrittenLine[] = [];
  for (let n = Math.max(1, count - MAX_LINES_PER_RUN + 1); n <= count; n++) {
    const at = start + n * w.everyMs;
    const time = new Date(at).toISOString().replace(/\.000Z$/, 'Z');
    const text = w.line.replace(/\{(n|time|pod|container)\}/g, (_, k: string) =>
      k === 'n' ? String(n) : k === 'time' ? time : k === 'pod' ? pod.metadata.name! : container,
    );
    out.push({ at, text });
  }
  return out;
}

/** The runs of a container the pod's status still knows of: the last finished one and the current one. */
export function knownRuns(pod: KubeObject, container: string): Array<{ startedAt?: string; finishedAt?: string; current: boolean }> {
  const s = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((c: any) => c.name === container);
  if (!s) return [];
  const runs: Array<{ startedAt?: string; finishedAt?: string; current: boolean }> = [];
  const last = s.lastState?.terminated;
  if (last) runs.push({ startedAt: last.startedAt, finishedAt: last.finishedAt, current: false });
  const cur = s.state?.running ?? s.state?.terminated;
  if (cur) runs.push({ startedAt: cur.startedAt, finishedAt: s.state?.terminated?.finishedAt, current: true });
  return runs;
}
