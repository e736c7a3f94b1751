/**
 * kubectl's describe PrefixWriter over a Go tabwriter (minwidth 0, padding 2): text is
 * written at indentation levels of two spaces; `flush()` closes the current alignment
 * block, as DescribeEvents does before its table.
 */
import { DESCRIBE_TABWRITER, tabwrite } from '../../util/tabwriter.js';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** printers.EscapeTerminal: ESC and CR are shown, not sent to the terminal. */
function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

export class PrefixWriter {
  private pending = '';
  private done = '';

  /** `aligned` false: the text as written, tabs and all (a PrefixWriter over a plain buffer). */
  constructor(private readonly aligned = true) {}

  /** Writes `text` prefixed by two spaces per level (no newline added). */
  write(level: number, text: string): void {
    this.pending += escapeTerminal('  '.repeat(level) + text);
  }

  /** Go's WriteLine(s): the text and a newline, no indentation. */
  line(text = ''): void {
    this.pending += escapeTerminal(text + '\n');
  }

  flush(): void {
    if (this.pending) this.done += this.aligned ? tabwrite(this.pending, DESCRIBE_TABWRITER) : this.pending;
    this.pending = '';
  }

  toString(): string {
    this.flush();
    return this.done;
  }
}

/** Runs `fn` on a fresh writer and returns the aligned text (kubectl's tabbedString). */
export function tabbedString(fn: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  fn(w);
  return w.toString();
}

/** Runs `fn` on a writer that does not align: what `rollout history --revision` prints. */
export function untabbedString(fn: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter(false);
  fn(w);
  return w.toString();
}
