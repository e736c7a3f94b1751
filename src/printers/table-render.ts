/**
 * Server-side Tables to text, as kubectl's client does it (cli-runtime tableprinter +
 * get's decorateTable): priority-1 columns only with -o wide, NAMESPACE first with -A,
 * -L columns then LABELS last, `kind/name` in the name column for several types, headers
 * upper-cased, cells cut at the first newline with `...`, aligned by the tabwriter.
 */
import { formatLabels } from '../api/labels.js';
import { TABLE_TABWRITER, tabwrite } from '../util/tabwriter.js';
import type { Table } from './types.js';

export interface TableRenderOptions {
  wide?: boolean;
  noHeaders?: boolean;
  /** -A on a namespaced type: a NAMESPACE column first. */
  withNamespace?: boolean;
  /** `pod`, `deployment.apps`: prefix the name column (several types, --show-kind). */
  kindPrefix?: string;
  /** -L keys. */
  labelColumns?: string[];
  showLabels?: boolean;
  /** Colours a STATUS cell (terminal output only). */
  colorStatus?: (cell: string) => string;
}

interface Column {
  header: string;
  cell(row: Table['rows'][number], i: number): string;
}

/** Go's fmt.Sprint of a cell, with kubectl's cut at the first line break. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  const s = typeof cell === 'string' ? cell : String(cell);
  const cut = s.search(/[\f\n\r]/);
  return cut >= 0 ? `${s.slice(0, cut)}...` : s;
}

function labelHeader(key: string): string {
  const parts = key.split('/');
  return parts[parts.length - 1]!;
}

function visibleColumns(table: Table, opts: TableRenderOptions): Column[] {
  const cols: Column[] = [];
  if (opts.withNamespace) cols.push({ header: 'Namespace', cell: (r) => r.object?.metadata?.namespace ?? '' });
  const nameIndex = opts.kindPrefix ? table.columnDefinitions.findIndex((c) => c.format === 'name' && c.type === 'string') : -1;
  table.columnDefinitions.forEach((def, i) => {
    if (def.priority !== 0 && !opts.wide) return;
    const prefix = i === nameIndex ? `${opts.kindPrefix}/` : '';
    cols.push({ header: def.name, cell: (r) => prefix + cellText(r.cells[i]) });
  });
  for (const key of opts.labelColumns ?? []) {
    cols.push({ header: labelHeader(key), cell: (r) => r.object?.metadata?.labels?.[key] ?? '' });
  }
  if (opts.showLabels) cols.push({ header: 'Labels', cell: (r) => formatLabels(r.object?.metadata?.labels) });
  return cols;
}

/** One table as kubectl prints it; empty string when it has no rows. */
export function renderTable(table: Table, opts: TableRenderOptions = {}): string {
  if (table.rows.length === 0) return '';
  const cols = visibleColumns(table, opts);
  const lines: string[][] = [];
  if (!opts.noHeaders) lines.push(cols.map((c) => c.header.toUpperCase()));
  for (const row of table.rows) lines.push(cols.map((c, i) => c.cell(row, i)));
  const statusAt = opts.colorStatus ? cols.findIndex((c) => c.header === 'Status') : -1;
  if (statusAt < 0) return tabwrite(lines.map((l) => l.join('\t')).join('\n'), TABLE_TABWRITER) + '\n';
  return colouredTable(lines, statusAt, opts.noHeaders ? 0 : 1, opts.colorStatus!);
}

const MARK = '\uE000';

/** Lays out plain text, then swaps colour into the STATUS cells (escape codes must not count as width). */
function colouredTable(lines: string[][], at: number, firstRow: number, colour: (s: string) => string): string {
  const values: string[] = [];
  const masked = lines.map((l, i) => {
    if (i < firstRow) return l.join('\t');
    const copy = [...l];
    values[i] = copy[at]!;
    copy[at] = MARK.repeat([...copy[at]!].length);
    return copy.join('\t');
  });
  const out = tabwrite(masked.join('\n'), TABLE_TABWRITER).split('\n');
  return (
    out
      .map((line, i) => {
        if (i < firstRow || !values[i]) return line;
        return line.replace(MARK.repeat([...values[i]!].length), colour(values[i]!));
      })
      .join('\n') + '\n'
  );
}

/**
 * Several tables (one per resource type), each with its own widths. A blank line goes
 * between groups that print something, unless headers are off.
 */
export function renderTables(groups: Array<{ table: Table; opts: TableRenderOptions }>): string {
  let out = '';
  for (const g of groups) {
    const text = renderTable(g.table, g.opts);
    if (!text) continue;
    if (out && !g.opts.noHeaders) out += '\n';
    out += text;
  }
  return out;
}
