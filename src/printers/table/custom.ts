/**
 * Custom resources: the apiextensions table convertor. Columns are NAME plus the CRD
 * version's additionalPrinterColumns (a CRD without any gets AGE), each cell found by a
 * simple JSONPath and converted by the column's type.
 */
import type { KubeObject } from '../../api/types.js';
import { humanDuration } from '../../util/duration.js';
import type { ColumnDefinition, TableHandler } from '../types.js';
import { NAME, nameOf } from './common.js';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

const DEFAULT_COLUMNS: PrinterColumn[] = [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];

type Step = { key: string } | { index: number } | { all: true } | { filter: string[]; value: string };

/** Parses the simple JSONPath CRDs use: `.a.b`, `.a[0]`, `.a[*].b`, `.a[?(@.type=="Ready")].status`. */
function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  const re = /\.((?:\\.|[^.[\\])+)|\[(\d+)\]|\[\*\]|\['([^']*)'\]|\[\?\(@\.([\w.]+)\s*==\s*["']([^"']*)["']\)\]/gy;
  const text = path.replace(/^\{|\}$/g, '');
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    if (m[1] !== undefined) steps.push({ key: m[1].replace(/\\(.)/g, '$1') });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else if (m[3] !== undefined) steps.push({ key: m[3] });
    else if (m[4] !== undefined) steps.push({ filter: m[4].split('.'), value: m[5]! });
    else steps.push({ all: true });
  }
  return steps;
}

function step(values: unknown[], s: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if ('key' in s) {
      if (v && typeof v === 'object' && !Array.isArray(v) && s.key in v) out.push((v as Record<string, unknown>)[s.key]);
    } else if ('index' in s) {
      if (Array.isArray(v) && s.index < v.length) out.push(v[s.index]);
    } else if ('all' in s) {
      if (Array.isArray(v)) out.push(...v);
    } else if (Array.isArray(v)) {
      for (const item of v) {
        let cur: any = item;
        for (const k of s.filter) cur = cur?.[k];
        if (cur !== undefined && String(cur) === s.value) out.push(item);
      }
    }
  }
  return out;
}

/** The first value a path finds; undefined when it finds nothing. */
export function findFirst(obj: unknown, path: string): unknown {
  let values: unknown[] = [obj];
  for (const s of parsePath(path)) values = step(values, s);
  return values[0];
}

/** How jsonpath prints one value in a string column. */
function printValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function cellFor(type: string, v: unknown, now: Date): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  switch (type) {
    case 'string':
      return printValue(v);
    case 'integer':
      return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'date': {
      if (typeof v !== 'string') return null;
      const t = Date.parse(v);
      return Number.isNaN(t) ? '<invalid>' : humanDuration(now.getTime() - t);
    }
    default:
      return null;
  }
}

/** The printer columns of the CRD version that serves `version`. */
export function printerColumnsOf(crd: KubeObject | undefined, version: string): PrinterColumn[] {
  const v = (crd?.spec?.versions ?? []).find((x: any) => x?.name === version);
  const cols: PrinterColumn[] | undefined = v?.additionalPrinterColumns;
  return cols && cols.length ? cols : DEFAULT_COLUMNS;
}

export function customResourceHandler(columns: PrinterColumn[] = DEFAULT_COLUMNS): TableHandler {
  const defs: ColumnDefinition[] = [
    NAME,
    ...columns.map((c) => ({
      name: c.name,
      type: c.type as ColumnDefinition['type'],
      format: c.format ?? '',
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })),
  ];
  return {
    columns: defs,
    row: (obj, now) => [nameOf(obj), ...(columns.map((c) => cellFor(c.type, findFirst(obj, c.jsonPath), now)) as Array<string | number | boolean>)],
  };
}
