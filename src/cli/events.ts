/** `kubectl events`: events sorted oldest first, with kubectl events' own columns. */
import type { KubeObject } from '../api/types.js';
import { CliError, exitIfInterrupted, RawError } from '../errors.js';
import { goSort } from '../util/go-sort.js';
import { humanDuration } from '../util/duration.js';
import { runeWidth, TABLE_TABWRITER, tabwrite } from '../util/tabwriter.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { requestDeadline } from './global-checks.js';
import { checkPrintFlags, isTemplateExecutionError, PRINT_FLAGS, printOptionsOf } from './print-flags.js';

function lastTime(e: KubeObject): string | undefined {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? undefined;
}

function firstTime(e: KubeObject): string | undefined {
  return e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? undefined;
}

function since(ts: string | undefined, now: number): string {
  return ts ? humanDuration(now - Date.parse(ts)) : '<unknown>';
}

/** LAST SEEN: `30s`, or `30s (x5 over 10m)` for a repeated event. */
export function lastSeen(e: KubeObject, now: number): string {
  const count = e.series?.count ?? e.count ?? 1;
  const last = since(lastTime(e), now);
  return count > 1 ? `${last} (x${count} over ${since(firstTime(e), now)})` : last;
}

export function eventRows(events: KubeObject[], now: number, withNamespace: boolean): string[] {
  return events.map((e) => {
    const cells = [
      lastSeen(e, now),
      e.type ?? '',
      e.reason ?? '',
      `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
      String(e.message ?? '').trim(),
    ];
    return (withNamespace ? [e.metadata.namespace ?? '', ...cells] : cells).join('\t');
  });
}

/** kubectl events' sort time: the series' last observation, else lastTimestamp, else eventTime (zero when none). */
function sortTime(e: KubeObject): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

export function matchesFor(e: KubeObject, kind: string | undefined, name: string | undefined): boolean {
  if (name !== undefined && e.involvedObject?.name !== name) return false;
  if (kind !== undefined && String(e.involvedObject?.kind ?? '').toLowerCase() !== kind.toLowerCase()) return false;
  return true;
}

async function collect(ctx: Context, flags: Record<string, any>): Promise<{ events: KubeObject[]; now: number }> {
  const session = ctx.session();
  let forKind: string | undefined;
  let forName: string | undefined;
  if (flags.for) {
    const [t, n] = String(flags.for).split('/');
    if (!n) throw new CliError(`--for must be in resource/name form`);
    forName = n;
    // kubectl events returns the mapping's own error, printed without `error: `.
    forKind = session.read((api) => {
      // decodeResourceTypeName maps the resource in lower case, as a resource only.
      const type = api.registry.lookupResource(t!.toLowerCase())?.type;
      if (!type) {
        const [name, ...group] = t!.toLowerCase().split('.');
        throw new RawError(`the server doesn't have a resource type "${name}"${group.length ? ` in group "${group.join('.')}"` : ''}`);
      }
      return type.kind;
    });
  }
  const types: string[] | undefined = flags.types ? String(flags.types).split(',').map((t) => t.trim()) : undefined;
  for (const t of types ?? []) {
    if (!['Normal', 'Warning'].some((v) => v.toLowerCase() === t.toLowerCase())) throw new CliError(`valid --types are Normal or Warning`);
  }
  return session.read((api) => {
    const type = api.registry.forKind('v1', 'Event')!;
    const all = api.list(type, flags['all-namespaces'] ? undefined : session.namespace);
    const events = all
      .filter((e) => matchesFor(e, forKind, forName))
      .filter((e) => !types || types.some((t) => t.toLowerCase() === String(e.type).toLowerCase()));
    // Go's sort.Sort over the list in the server's (key) order: ties land where kubectl's unstable sort puts them.
    goSort(events, (a, b) => sortTime(a) < sortTime(b));
    return { events, now: api.clock.now().getTime() };
  });
}

/** The fields a v1 Event decoded into its Go type always has (no omitempty, or a struct): zero when missing. */
const EVENT_ZERO = { involvedObject: {}, source: {}, firstTimestamp: null, lastTimestamp: null, eventTime: null, reportingComponent: '', reportingInstance: '' };

function typedEvent(e: KubeObject): KubeObject {
  return { ...EVENT_ZERO, ...e, kind: 'Event', apiVersion: 'v1', metadata: { creationTimestamp: null, ...e.metadata } } as KubeObject;
}

/**
 * -o as kubectl events prints: one typed EventList (TypeMeta, `metadata: {}`, items in Go field
 * order), written through a tabwriter, and a template's failure ignored (its dump is printed, the
 * command succeeds).
 */
async function printEventList(ctx: Context, output: string, events: KubeObject[], flags: FlagValues): Promise<void> {
  const { printObjects, withoutManagedFields } = await import('../printers/format.js');
  const print = printOptionsOf(flags);
  // As printObjects does for a list's items: only -o json and yaml leave managedFields out.
  const strip = !print.showManagedFields && /^(json|yaml)$/.test(output);
  const items = (strip ? events.map(withoutManagedFields) : events).map(typedEvent);
  const list = { kind: 'EventList', apiVersion: 'v1', metadata: {}, items } as unknown as KubeObject;
  let text = '';
  const out = { write: (t: string) => void (text += t) };
  try {
    await printObjects({ output, items: [{ object: list, type: undefined as never }], single: true, typed: true, cwd: ctx.cwd, out, ...print });
  } catch (err) {
    if (!isTemplateExecutionError(err)) throw err;
  }
  ctx.io.out.write(tabwrite(text));
}

export const verb: VerbSpec = {
  name: 'events',
  summary: 'List events',
  usage: '[(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning]',
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If present, list the requested object(s) across all namespaces.' },
    { name: 'for', type: 'string', description: 'Filter events to only those pertaining to the specified resource.' },
    { name: 'types', type: 'string', description: 'Output only events of given types.' },
    { name: 'no-headers', type: 'bool', description: "When using the default output format, don't print headers." },
    { name: 'output', short: 'o', type: 'string', description: 'Output format.' },
    { name: 'watch', short: 'w', type: 'bool', description: 'After listing the requested events, watch for more events.' },
    { name: 'chunk-size', type: 'int', description: 'Accepted for compatibility' },
    ...PRINT_FLAGS,
  ],
  async run(ctx, _args, flags) {
    const session = ctx.session();
    const allNs = Boolean(flags['all-namespaces']);
    // A --template without -o leaves the table (kubectl events' printer flags).
    const output = (flags.output as string | undefined) || undefined;
    // kubectl events builds its printer for an -o before it lists anything: an -o it has no
    // printer for, or a template that does not parse, fails even when there are no events.
    if (output !== undefined) await checkPrintFlags(ctx.cwd, { ...flags, output });
    // A watch installs the signal handlers (ctx.signal) before its first output, so Ctrl-C right after it is caught.
    if (flags.watch) void ctx.signal;
    if (flags.watch) return watchEvents(ctx, flags, output, allNs);
    const { events, now } = await collect(ctx, flags);
    // Whatever the output format.
    if (events.length === 0) {
      ctx.io.err.write(allNs ? 'No events found.\n' : `No events found in ${session.namespace} namespace.\n`);
      return;
    }
    // kubectl events prints an EventList, of which -o name prints nothing.
    if (output === 'name') return;
    if (output !== undefined) return printEventList(ctx, output, events, flags);
    const rows = eventRows(events, now, allNs);
    ctx.io.out.write(tabwrite([...(flags['no-headers'] ? [] : [eventsHeader(allNs)]), ...rows].join('\n') + '\n'));
  },
};

function eventsHeader(allNs: boolean): string {
  return [...(allNs ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'].join('\t');
}

/** An event's place in the server's store, which a watch from no resourceVersion replays in. */
function byKey(a: KubeObject, b: KubeObject): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * `events -w`: kubectl watches without listing first, so the events there are replayed in the
 * store's key order (not by time), then each new or changed one as it comes, until --request-timeout.
 * Each is printed as it arrives, a row laid out against the rows before it (the header comes with
 * the first), an object as its own document.
 */
async function watchEvents(ctx: Context, flags: FlagValues, output: string | undefined, allNs: boolean): Promise<void> {
  const deadline = requestDeadline(ctx);
  const seen = new Map<string | undefined, string | undefined>();
  // kubectl's tabwriter remembers each column's width across its flushes (one per event).
  const widths: number[] = [];
  const flush = (lines: string[]): string => {
    const rows = lines.map((l) => l.split('\t'));
    for (const cells of rows) {
      for (let j = 0; j < cells.length - 1; j++) widths[j] = Math.max(widths[j] ?? TABLE_TABWRITER.minwidth, runeWidth(cells[j]!) + TABLE_TABWRITER.padding);
    }
    return rows.map((cells) => cells.map((c, j) => (j < cells.length - 1 ? c + ' '.repeat(widths[j]! - runeWidth(c)) : c)).join('') + '\n').join('');
  };
  let printed = 0;
  const print = async (events: KubeObject[], now: number): Promise<void> => {
    if (output === undefined) {
      for (const row of eventRows(events, now, allNs)) ctx.io.out.write(flush(printed++ === 0 && !flags['no-headers'] ? [eventsHeader(allNs), row] : [row]));
      return;
    }
    for (const e of events) {
      if (output === 'name') ctx.io.out.write(`event/${e.metadata.name}\n`);
      else await printEvent(ctx, output, e, flags, printed++ > 0 && output === 'yaml');
    }
  };
  const fresh = (events: KubeObject[]): KubeObject[] => {
    const out = events.filter((e) => seen.get(e.metadata.uid) !== e.metadata.resourceVersion);
    for (const e of out) seen.set(e.metadata.uid, e.metadata.resourceVersion);
    return out;
  };
  const first = await collect(ctx, flags);
  await print(fresh(first.events).sort(byKey), first.now);
  while (ctx.realNow() < deadline) {
    await ctx.sleep(Math.min(250, Math.max(1, deadline - ctx.realNow())));
    exitIfInterrupted(ctx.signal);
    const next = await collect(ctx, flags);
    await print(fresh(next.events).sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion)), next.now);
  }
}

/** One watched event as kubectl's printer writes an object: YAML documents after the first start with `---`. */
async function printEvent(ctx: Context, output: string, e: KubeObject, flags: FlagValues, separated: boolean): Promise<void> {
  const { printObjects, withoutManagedFields } = await import('../printers/format.js');
  const print = printOptionsOf(flags);
  const object = typedEvent(!print.showManagedFields && /^(json|yaml)$/.test(output) ? withoutManagedFields(e) : e);
  if (separated) ctx.io.out.write('---\n');
  try {
    await printObjects({ output, items: [{ object, type: undefined as never }], single: true, typed: true, cwd: ctx.cwd, out: ctx.io.out, ...print });
  } catch (err) {
    if (!isTemplateExecutionError(err)) throw err;
  }
}
