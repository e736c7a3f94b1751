/**
 * get --sort-by, loaded only when it is given. kubectl sorts twice, on the objects it got back:
 * the server's responses first (each a Table when the output is a table), then, for a table, the
 * rows of each Table by the object each row carries.
 */
import { servedAt } from '../api/hpa-versions.js';
import type { KubeObject } from '../api/types.js';
import { RawError } from '../errors.js';
import { missingFieldError, sortByJsonPath, sortTableRows, UnsortableError } from '../printers/sort.js';
import type { Table } from '../printers/types.js';
import type { Context } from './framework.js';
import type { Group, ReadResult } from './get.js';
import { klogPrefix } from './index.js';

interface ServerTable {
  group: Group;
  table: Table;
  resourceVersion: string;
}

/**
 * The tables of `r`, sorted. The server answers each list and each named object with a Table;
 * when there are several, kubectl first sorts those Tables as objects (by their own fields: kind,
 * apiVersion, metadata.resourceVersion), then its printer sorts each Table's rows. A Table whose
 * path does not parse, or none of whose rows has the field, is not printed: get drops that
 * printer's error. Consecutive results of one type share a table (one header, one alignment).
 */
export function sortedTables(ctx: Context, r: ReadResult, sortBy: string, tableOf: (g: Group, objects: KubeObject[]) => Table): Promise<Array<{ group: Group; table: Table }>> {
  let tables: ServerTable[] = r.groups.flatMap((group) => {
    let at = 0;
    return group.responses.map((response) => {
      const objects = group.objects.slice(at, (at += response.objects));
      // A list's resourceVersion is the store's; a named object's Table carries the object's.
      const resourceVersion = response.named ? String(objects[0]?.metadata.resourceVersion ?? '') : String(r.revision);
      return { group, table: tableOf(group, objects), resourceVersion };
    });
  });
  return unsortableExits(ctx, () => {
    if (tables.length > 1) {
      const outcome = sortByJsonPath(tables, sortBy, tableObject);
      if ('missingField' in outcome) throw missingFieldError(outcome.missingField);
      tables = outcome.sorted;
    }
    const out: Array<{ group: Group; table: Table }> = [];
    for (const { group, table } of tables) {
      let rows = table.rows;
      if (rows.length > 1) {
        const sorted = sortTableRows(rows, sortBy, (row) => (row.object ? servedAt(row.object, group.apiVersion) : undefined));
        if (!sorted) continue;
        rows = sorted;
      }
      const last = out[out.length - 1];
      if (last?.group === group) last.table = { ...last.table, rows: [...last.table.rows, ...rows] };
      else out.push({ group, table: { ...table, rows } });
    }
    return out;
  });
}

/** A Table as the server sends it (each row with its object), for a path to read. */
function tableObject(t: ServerTable): unknown {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: t.resourceVersion },
    columnDefinitions: t.table.columnDefinitions,
    rows: t.table.rows.map((row) => ({ cells: row.cells, object: row.object })),
  };
}

/**
 * Runs `sort` (or a printing that sorts); values kubectl cannot compare end the command as
 * kubectl's klog.Exitf does (its file and line, what held them).
 */
export async function unsortableExits<T>(ctx: Context, sort: () => T | Promise<T>): Promise<T> {
  try {
    return await sort();
  } catch (e) {
    if (!(e instanceof UnsortableError)) throw e;
    const where = e.rows ? 'sorter.go:375] Field %s in [][][]reflect.Value' : 'sorter.go:329] Field %s in *unstructured.Unstructured';
    throw new RawError(`${klogPrefix(ctx, 'F')} ${where.replace('%s', e.field)} is an unsortable type: interface, err: ${e.reason}`);
  }
}
