/** Text for people: explanations, with cli-table3 tables (box-drawing on a terminal, ASCII when piped). */
import Table from 'cli-table3';
import type { Explanation, Section } from './types.js';

export interface TextStyle {
  /** Box-drawing characters and colour (a terminal, NO_COLOR unset); else plain ASCII. */
  fancy: boolean;
  width: number;
}

const ASCII_CHARS = {
  top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+', bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+',
  left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+', right: '|', 'right-mid': '+', middle: '|',
};

/** A table no wider than `style.width`: the last column takes what the others leave, and wraps. */
export function renderTable(head: string[], rows: string[][], style: TextStyle): string {
  const n = head.length;
  const natural = head.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.max(...String(r[i] ?? '').split('\n').map((l) => l.length)))) + 2);
  const budget = style.width - (n + 1);
  const widths = [...natural];
  // Narrow the widest columns until the table fits, never below 8.
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    const i = widths.indexOf(Math.max(...widths));
    if (widths[i]! <= 8) break;
    widths[i]! -= 1;
  }
  const table = new Table({
    head,
    colWidths: widths,
    chars: style.fancy ? {} : ASCII_CHARS,
    // compact: no rule between rows (a row is one item; its wrapped lines stay together).
    style: { head: style.fancy ? ['bold'] : [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  });
  for (const r of rows) table.push(r.map((c, i) => wrap(c ?? '', widths[i]! - 2)));
  return table.toString() + '\n';
}

/** Wraps text at spaces to `width` columns; a word longer than a line is broken, never cut. */
export function wrap(text: string, width: number): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (let word of para.split(' ')) {
      while (word.length > width) {
        if (line) {
          out.push(line);
          line = '';
        }
        out.push(word.slice(0, width));
        word = word.slice(width);
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}

/** One paragraph wrapped to the width: `first` before the first line, `rest` before the others. */
function para(text: string, first: string, rest: string, width: number): string {
  const lines = wrap(text, Math.max(20, width - rest.length)).split('\n');
  return lines.map((l, i) => (i === 0 ? first : rest) + l).join('\n') + '\n';
}

function section(s: Section, style: TextStyle): string {
  let out = `\n${s.title}:\n`;
  if (s.table) out += renderTable(s.table.head, s.table.rows, style);
  for (const l of s.lines ?? []) out += para(l, '  ', '    ', style.width);
  return out;
}

const bold = (s: string, style: TextStyle) => (style.fancy ? `\x1b[1m${s}\x1b[22m` : s);
const tone = (s: string, ok: boolean, style: TextStyle) => (style.fancy ? `\x1b[${ok ? 32 : 33}m${s}\x1b[39m` : s);

export function renderExplanation(e: Explanation, style: TextStyle): string {
  const where = e.namespace ? ` in namespace ${e.namespace}` : '';
  let out = `${bold(`${e.kind.toLowerCase()}/${e.name}`, style)}${where}: ${tone(e.state, e.healthy, style)}\n`;
  out += para(e.summary, 'Why: ', '     ', style.width);
  for (const s of e.sections) out += section(s, style);
  if (e.fixes.length) {
    out += `\n${e.fixTitle ?? 'To fix'}:\n`;
    for (const f of e.fixes) out += para(f, '  - ', '    ', style.width);
  }
  return out;
}
