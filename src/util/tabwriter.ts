/**
 * Go's text/tabwriter (as forked by kubectl) with padchar ' ' and no AlignRight:
 * a cell is text terminated by a tab; the text after a line's last tab is not a cell.
 * A column block is a run of consecutive lines that all have a terminated cell at
 * that index; its width is max(minwidth, widest cell + padding).
 */
export interface TabwriterOptions {
  minwidth: number;
  padding: number;
  /**
   * liggitt/tabwriter's RememberWidths: a column is never narrower than it was in an earlier
   * block. Matters when some lines have fewer cells (custom-columns values with newlines).
   */
  rememberWidths?: boolean;
}

/** kubectl get tables: minwidth 6, padding 3. */
export const TABLE_TABWRITER: TabwriterOptions = { minwidth: 6, padding: 3 };
/** kubectl describe: minwidth 0, padding 2. */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minwidth: 0, padding: 2 };

export function runeWidth(s: string): number {
  // Code points, as iterating the string counts them (a surrogate pair is one, a lone surrogate
  // one too), without the iterator's allocations: a table measures every cell.
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

/** Aligns `text` (lines separated by \n, cells by \t) exactly as Go's tabwriter would. */
export function tabwrite(text: string, opts: TabwriterOptions = TABLE_TABWRITER): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];
  const maxwidths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i]!;
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j]!;
        s += c;
        if (j < widths.length) s += ' '.repeat(Math.max(0, widths[j]! - runeWidth(c)));
      }
      out.push(s);
    }
  };

  // Transliteration of Go's recursive format(): `t` is shared by the outer and inner loops.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let t = line0;
    while (t < line1) {
      if (column >= lines[t]!.length - 1) {
        t++;
        continue;
      }
      writeLines(line0, t);
      line0 = t;
      let width = opts.minwidth;
      for (; t < line1; t++) {
        const cells = lines[t]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, runeWidth(cells[column]!) + opts.padding);
      }
      if (opts.rememberWidths) {
        if (maxwidths.length < column) maxwidths.push(...widths.slice(maxwidths.length));
        if (maxwidths.length === column) maxwidths.push(width);
        else if (maxwidths[column]! > width) width = maxwidths[column]!;
        else maxwidths[column] = width;
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
      t++;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}
