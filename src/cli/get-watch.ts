/**
 * `get -w` / `--watch-only`: follows the store's journal (src/store/journal.ts) commit by commit,
 * so every committed version of a watched object is printed, as the API server's watch sends it:
 * ADDED, MODIFIED, and DELETED with the object's last state (an object that leaves the selector
 * is DELETED, one that enters it ADDED). Where the journal cannot say (a commit too big to
 * record, or one older than it keeps), the current state is compared with what was printed, as
 * kubectl re-lists. Each tick also brings the cluster up to now, so timed work moves on.
 *
 * Output is kubectl's: a table row per event, aligned with every row printed so far (the
 * tabwriter remembers widths), with `--output-watch-events` an EVENT column first; -o json prints
 * each object (events: `{"type":...,"object":...}` on one line), -o yaml separates documents with
 * `---` (events: `object:` and `type:`), other formats print each object.
 */
import { fieldMatcher, parseFieldSelector } from '../api/fields.js';
import { matches, parseSelector } from '../api/labels.js';
import { collectionOf, kindPrefix } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import { objectKey } from '../api/types.js';
import { ApiError, exitIfInterrupted } from '../errors.js';
import { buildTable } from '../printers/table/index.js';
import { renderTable } from '../printers/table-render.js';
import type { TableRow } from '../printers/types.js';
import { JournalReader, type ChangeType } from '../store/journal.js';
import type { Context } from './framework.js';
import { requestDeadline } from './global-checks.js';
import type { GetOptions, Group, ReadResult } from './get.js';
import { servedAt, versionOf } from '../api/hpa-versions.js';

export interface WatchOptions {
  /** The initial listing was printed already (table output without events). */
  initialPrinted: boolean;
  /** --watch-only: no initial listing. */
  watchOnly: boolean;
  /** Objects were asked for by name (or -f): only those keys are watched. */
  named: boolean;
  /** --output-watch-events. */
  events: boolean;
  /** The watch request's own refusal, made once the objects are printed. */
  refusal?: Error;
}

interface Target {
  group: Group;
  collection: string;
  /** The watched objects as last printed, by store key. */
  present: Map<string, KubeObject>;
  inScope(obj: KubeObject): boolean;
}

/** kubectl's formattedEventType: padded to one width so the EVENT column does not move. */
const EVENT_CELL: Record<ChangeType, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ' };

function keyOf(g: Group, obj: KubeObject): string {
  return objectKey(g.type.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name ?? '');
}

export async function watch(ctx: Context, o: GetOptions, initial: ReadResult, reread: () => ReadResult, opts: WatchOptions): Promise<void> {
  const deadline = requestDeadline(ctx);
  const session = ctx.session();
  const reader = new JournalReader(session.storeDir, initial.generation);
  const labelSel = parseSelector(o.labelSelector);
  const fields = parseFieldSelector(o.fieldSelector);
  const showKind = o.showKind || new Set(initial.groups.map((g) => g.type)).size > 1;
  const format = await import('../printers/format.js');
  const { toYaml } = o.output === 'yaml' ? await import('../printers/yaml.js') : { toYaml: undefined };
  const { goJson } = opts.events && o.output === 'json' ? await import('../printers/go-values.js') : { goJson: undefined };

  const targets: Target[] = initial.groups.map((group) => {
    const fieldOk = fieldMatcher(fields, group.type);
    const named = new Set(group.objects.map((obj) => keyOf(group, obj)));
    const scoped = group.type.namespaced && !o.allNamespaces;
    return {
      group,
      collection: collectionOf(group.type),
      present: new Map(group.objects.map((obj) => [keyOf(group, obj), obj])),
      inScope: (obj) =>
        opts.named
          ? named.has(keyOf(group, obj))
          : (!scoped || obj.metadata.namespace === initial.namespace) && matches(labelSel, obj.metadata.labels) && fieldOk(obj),
    };
  });

  // Rows printed so far, per type: each new row is laid out against all of them.
  const history = new Map<string, TableRow[]>();
  let documents = 0;
  const print = async (t: Target, type: ChangeType, objs: KubeObject[], now: Date) => {
    if (objs.length === 0) return;
    if (o.table) {
      const table = buildTable(t.group.type, objs, now, t.group.crd, versionOf(t.group.apiVersion));
      const before = history.get(t.group.type.plural) ?? [];
      const rows = [...before, ...table.rows];
      history.set(t.group.type.plural, rows);
      const text = renderTable({ columnDefinitions: table.columnDefinitions, rows }, {
        wide: o.wide,
        noHeaders: o.noHeaders,
        withNamespace: o.allNamespaces && t.group.type.namespaced,
        kindPrefix: showKind ? kindPrefix(t.group.type) : undefined,
        labelColumns: o.labelColumns,
        showLabels: o.showLabels,
      });
      let lines = text.split('\n').slice(0, -1);
      const header = before.length === 0 && !o.noHeaders;
      lines = header ? [lines[0]!, ...lines.slice(lines.length - table.rows.length)] : lines.slice(lines.length - table.rows.length);
      if (opts.events) lines = lines.map((l, i) => (header && i === 0 ? 'EVENT' : EVENT_CELL[type]).padEnd(11) + l);
      ctx.io.out.write(lines.join('\n') + '\n');
      return;
    }
    for (const obj of objs) await printObject(t, type, obj);
  };
  const printObject = async (t: Target, type: ChangeType, stored: KubeObject) => {
    const obj = servedAt(stored, t.group.apiVersion);
    const shown = o.showManagedFields ? obj : format.withoutManagedFields(obj);
    if (o.output === 'yaml') {
      const doc = opts.events ? toYaml!({ object: shown, type }) : toYaml!(shown);
      ctx.io.out.write((documents++ > 0 ? '---\n' : '') + doc);
      return;
    }
    if (opts.events && o.output === 'json') {
      ctx.io.out.write(`{"type":${JSON.stringify(type)},"object":${goJson!(shown)}}\n`);
      return;
    }
    await format.printObjects({ output: o.output, template: o.template, items: [{ object: obj, type: t.group.type }], single: true, showManagedFields: o.showManagedFields, cwd: ctx.cwd, out: ctx.io.out });
  };

  if (!opts.watchOnly && !opts.initialPrinted) {
    for (const t of targets) await print(t, 'ADDED', t.group.objects, initial.now);
  } else if (opts.initialPrinted && o.table) {
    for (const t of targets) history.set(t.group.type.plural, buildTable(t.group.type, t.group.objects, initial.now, t.group.crd, versionOf(t.group.apiVersion)).rows);
  }
  if (opts.refusal) throw opts.refusal;
  // The watch request itself: refused for a type that serves get and list only (metrics, component statuses).
  if (targets.some((t) => !t.group.type.verbs.includes('watch'))) {
    throw new ApiError('MethodNotAllowed', 405, 'the server does not allow this method on the requested resource');
  }

  /** One object's new state (undefined: deleted, with its last state in `last`). */
  const change = async (t: Target, key: string, obj: KubeObject | undefined, last: KubeObject | undefined, now: Date) => {
    const was = t.present.get(key);
    if (obj && t.inScope(obj)) {
      t.present.set(key, obj);
      await print(t, was ? 'MODIFIED' : 'ADDED', [obj], now);
    } else if (was) {
      t.present.delete(key);
      await print(t, 'DELETED', [obj ?? last ?? was], now);
    }
  };

  const byCollection = new Map<string, Target[]>();
  for (const t of targets) byCollection.set(t.collection, [...(byCollection.get(t.collection) ?? []), t]);

  while (ctx.realNow() < deadline) {
    await ctx.sleep(Math.min(250, Math.max(1, deadline - ctx.realNow())));
    exitIfInterrupted(ctx.signal);
    // Brings the cluster up to now (timed work that fell due commits here).
    const state = session.read((api) => ({ generation: api.store.generation, now: api.clock.now() }));
    if (state.generation === reader.at) continue;
    const { entries, gap } = reader.poll();
    if (gap) {
      // The journal cannot say what happened in between: compare the current state.
      const r = reread();
      for (const t of targets) {
        const current = new Map<string, KubeObject>();
        for (const g of r.groups) if (collectionOf(g.type) === t.collection) for (const obj of g.objects) current.set(keyOf(t.group, obj), obj);
        for (const [key, obj] of current) if (t.present.get(key)?.metadata.resourceVersion !== obj.metadata.resourceVersion) await change(t, key, obj, undefined, r.now);
        for (const key of [...t.present.keys()]) if (!current.has(key)) await change(t, key, undefined, undefined, r.now);
      }
      reader.skipTo(r.generation);
      continue;
    }
    for (const e of entries) {
      for (const [collection, key, type, value] of e.ch!) {
        const ts = byCollection.get(collection);
        if (!ts) continue;
        for (const t of ts) {
          if (type === 'DELETED') {
            const last = value as KubeObject;
            await change(t, key, undefined, { ...last, metadata: { ...last.metadata, resourceVersion: String(e.rv) } }, state.now);
          } else await change(t, key, value as KubeObject, undefined, state.now);
        }
      }
    }
  }
}
