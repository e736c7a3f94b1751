/**
 * One object model in, text out. Table printers produce a server-side Table (the same
 * shape the API server returns for `Accept: as=Table`), which the table renderer turns
 * into kubectl's text; every other format prints objects.
 */
import type { ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import type { Writer } from '../cli/framework.js';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0 = always shown; 1 = shown with -o wide only. */
  priority: number;
}

export interface TableRow {
  cells: Array<string | number | boolean>;
  object: KubeObject;
}

/** meta.k8s.io/v1 Table. */
export interface Table {
  columnDefinitions: ColumnDefinition[];
  rows: TableRow[];
}

/** Columns of one kind as data, plus the function that fills a row (printers.go AddHandlers). */
export interface TableHandler {
  columns: ColumnDefinition[];
  row(obj: KubeObject, now: Date): Array<string | number | boolean>;
}

/** kubectl's ResourcePrinter: prints objects of one resource type. */
export interface ResourcePrinter {
  print(objects: KubeObject[], type: ResourceType, out: Writer): void;
}
