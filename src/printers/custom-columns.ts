/**
 * -o custom-columns=HEADER:path,... and -o custom-columns-file=FILE: one row per object,
 * laid out by the same tabwriter as `get`. A missing value is `<none>`, several values are
 * comma-joined, and values print as Go's fmt.Sprint would (`map[k:v]`, `[a b]`).
 */
import type { Writer } from '../cli/framework.js';
import { CliError } from '../errors.js';
import { TABLE_TABWRITER, tabwrite, type TabwriterOptions } from '../util/tabwriter.js';

/** kubectl's printers.GetNewTabWriter: the get table settings, remembering widths. */
const CUSTOM_COLUMNS_TABWRITER: TabwriterOptions = { ...TABLE_TABWRITER, rememberWidths: true };
import { goSprint } from './go-values.js';
import { JsonPath, JsonPathError, plainValue } from './jsonpath.js';
import { relaxedJsonPath } from './sort.js';

export interface Column {
  header: string;
  fieldSpec: string;
}

/** `NAME:.metadata.name,IP:.status.podIP` → columns (kubectl's NewCustomColumnsPrinterFromSpec). */
export function columnsFromSpec(spec: string): Column[] {
  if (spec.length === 0) throw new CliError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new CliError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, i), fieldSpec: relaxedJsonPath(part.slice(i + 1)) };
  });
}

const FILE_FORMAT = 'Expected format is one line of space separated headers, one line of space separated column specs.';

/** A custom-columns file: a line of headers, then a line of paths. */
export function columnsFromTemplate(text: string): Column[] {
  const lines = text.split(/\r?\n/);
  if (text.length === 0 || lines.length < 1) throw new CliError(`invalid template, missing header line. ${FILE_FORMAT}`);
  if (lines.length < 2 || (lines.length === 2 && lines[1] === '')) {
    throw new CliError(`invalid template, missing spec line. ${FILE_FORMAT}`);
  }
  const headers = words(lines[0]!);
  const specs = words(lines[1]!);
  if (headers.length !== specs.length) {
    throw new CliError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  }
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJsonPath(specs[i]!) }));
}

function words(line: string): string[] {
  return line.split(/[ \t\n\v\f\r\u0085\u00a0]+/).filter((w) => w !== '');
}

/** The rows for `objects` (a List's items, or the one object), header first unless noHeaders. */
export function renderCustomColumns(columns: Column[], objects: unknown[], noHeaders: boolean, out: Writer): void {
  const lines: string[] = [];
  if (!noHeaders) lines.push(columns.map((c) => c.header).join('\t'));
  let parsers: JsonPath[];
  try {
    parsers = columns.map((c) => new JsonPath(c.fieldSpec, true));
  } catch (e) {
    // kubectl has already written the header when it compiles the column paths.
    out.write(tabwrite(lines.map((l) => l + '\n').join(''), CUSTOM_COLUMNS_TABWRITER));
    if (e instanceof JsonPathError) throw new CliError(e.message);
    throw e;
  }
  for (const obj of objects) {
    const cells = parsers.map((p) => {
      const groups = p.findResults(obj);
      const values: string[] = [];
      if (groups.length === 0 || groups[0]!.length === 0) values.push('<none>');
      for (const g of groups) for (const v of g) values.push(goSprint(plainValue(v)));
      return values.join(',');
    });
    lines.push(cells.join('\t'));
  }
  out.write(tabwrite(lines.map((l) => l + '\n').join(''), CUSTOM_COLUMNS_TABWRITER));
}
