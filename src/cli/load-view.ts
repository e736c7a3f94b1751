/**
 * What `kubectl-lite load` shows: a table of pods with a bar each (how many requests each
 * served), a summary row (requests, ok, failed, latency percentiles), failures by cause, and the
 * actions of a simulated run; or the same as one JSON object (`-o json`). Tables are
 * cli-table3 in kubectl's borderless layout; bars are drawn here, coloured only on a terminal.
 */
import Table from 'cli-table3';
import { latencySummary, type Tally } from '../dataplane/load.js';

export interface ActionOutcome {
  atMs: number;
  command: string;
  exitCode: number;
  output: string;
}

export interface RunInfo {
  target: string;
  address?: string;
  from: string;
  via?: string;
  mode: 'requests' | 'live' | 'simulate';
  rate?: number;
  durationMs?: number;
  /** Simulated milliseconds the run has covered so far. */
  elapsedMs: number;
  seed: number;
  stopped?: boolean;
  actions: ActionOutcome[];
}

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '   ',
};

function table(head: string[], rows: string[][]): string {
  const t = new Table({ head, chars: BORDERLESS, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 } });
  t.push(...rows);
  return t.toString().split('\n').map((l) => l.trimEnd()).join('\n') + '\n';
}

const BAR_WIDTH = 40;
const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

function bar(n: number, max: number, color: boolean): string {
  const width = max > 0 ? Math.round((n / max) * BAR_WIDTH) : 0;
  if (!color) return '#'.repeat(width);
  return `${GREEN}${'█'.repeat(width)}${RESET}${DIM}${'·'.repeat(BAR_WIDTH - width)}${RESET}`;
}

/** `1.5s`, `2m0s`, `45ms`: Go's duration style, coarse. */
export function shortDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - m * 60)}s`;
}

const ms = (v: number | undefined) => (v === undefined ? '-' : `${v < 10 ? v.toFixed(2) : v.toFixed(1)}ms`);

export function renderText(info: RunInfo, tally: Tally, color: boolean, lastSecond?: Record<string, number>): string {
  let out = '';
  const where = [info.address, info.from === 'host' ? `from the host${info.via ? `, ${info.via}` : ''}` : `from ${info.from}`].filter(Boolean).join(', ');
  const pace =
    info.mode === 'requests'
      ? `${tally.sent} requests`
      : `${info.rate} requests/s, ${shortDuration(info.elapsedMs)}${info.durationMs !== undefined ? ` of ${shortDuration(info.durationMs)}` : ''}${info.mode === 'simulate' ? ' (simulated clock)' : ''}`;
  out += `load ${info.target} (${where}): ${pace}${info.stopped ? ', stopped' : ''}\n\n`;
  const pods = [...tally.pods.values()].sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1));
  const max = Math.max(0, ...pods.map((p) => p.served));
  const showNs = new Set(pods.map((p) => p.namespace)).size > 1;
  if (pods.length > 0) {
    const head = [...(showNs ? ['NAMESPACE'] : []), 'POD', 'NODE', 'SERVED', 'SHARE', ...(lastSecond ? ['LAST 1s'] : []), ''];
    const rows = pods.map((p) => [
      ...(showNs ? [p.namespace] : []),
      p.name,
      p.node || '<none>',
      String(p.served),
      tally.sent > 0 ? `${((p.served / tally.sent) * 100).toFixed(1)}%` : '0.0%',
      ...(lastSecond ? [String(lastSecond[`${p.namespace}/${p.name}`] ?? 0)] : []),
      bar(p.served, max, color),
    ]);
    out += table(head, rows) + '\n';
  }
  const lat = latencySummary(tally.latencies);
  const failed = color && tally.failed > 0 ? `${RED}${tally.failed}${RESET}` : String(tally.failed);
  const codes = [...tally.statuses].sort((x, y) => x[0] - y[0]).map(([c, n]) => `${c}:${n}`).join(' ') || '-';
  out += table(['REQUESTS', 'OK', 'FAILED', 'P50', 'P90', 'P99', 'MAX', 'HTTP CODES'], [[String(tally.sent), String(tally.ok), failed, ms(lat.p50), ms(lat.p90), ms(lat.p99), ms(lat.max), codes]]);
  if (tally.failures.size > 0) {
    const rows = [...tally.failures.values()].sort((a, b) => b.count - a.count).map((f) => [f.cause, String(f.count), f.message]);
    out += '\n' + table(['FAILED BY', 'COUNT', 'MESSAGE'], rows);
  }
  if (info.actions.length > 0) {
    const rows = info.actions.map((a) => [shortDuration(a.atMs), a.command, a.exitCode === 0 ? a.output.trim().split('\n').join('; ') : `exit ${a.exitCode}: ${a.output.trim().split('\n').join('; ')}`]);
    out += '\n' + table(['AT', 'ACTION', 'RESULT'], rows);
  }
  return out;
}

/** The `-o json` document. */
export function renderJson(info: RunInfo, tally: Tally): string {
  const lat = latencySummary(tally.latencies);
  const doc = {
    target: info.target,
    address: info.address ?? null,
    from: info.from,
    mode: info.mode,
    seed: info.seed,
    ...(info.rate !== undefined ? { rate: info.rate } : {}),
    durationSeconds: info.elapsedMs / 1000,
    stopped: Boolean(info.stopped),
    requests: tally.sent,
    succeeded: tally.ok,
    failed: tally.failed,
    pods: [...tally.pods.values()]
      .sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1))
      .map((p) => ({ namespace: p.namespace, name: p.name, node: p.node, served: p.served, containers: p.containers })),
    failures: [...tally.failures.values()].sort((a, b) => b.count - a.count),
    statusCodes: Object.fromEntries([...tally.statuses].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    latencyMs: { p50: lat.p50 ?? null, p90: lat.p90 ?? null, p99: lat.p99 ?? null, max: lat.max ?? null },
    ...(info.mode !== 'requests' ? { timeline: tally.timeline } : {}),
    ...(info.mode === 'simulate' ? { actions: info.actions.map((a) => ({ atSeconds: a.atMs / 1000, command: a.command, exitCode: a.exitCode, output: a.output })) } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
