import { escapeHiddenInJson, escapeTerminal } from '../../shared/visible-text.js';

/**
 * Everything the CLI prints goes through here: data on stdout, diagnostics on stderr.
 *
 * Names, descriptions, arguments, messages and errors come from servers, agents and clients, and must
 * not drive the user's terminal (rewrite a line, hide one, set the title, write the clipboard). So every
 * printed line has its control and hidden characters shown as code points (`⟨U+001B⟩`); a value put
 * into a line with `safe` or `escaped`, and every table cell, also has its newlines escaped, so it
 * cannot fake a line of ours; JSON carries them as `\u` escapes.
 */

export function printJson(value: unknown): void {
  process.stdout.write(escapeHiddenInJson(JSON.stringify(value, null, 2)) + '\n');
}

export function printLine(text: string): void {
  process.stdout.write(escapeLines(text) + '\n');
}

export function printNote(text: string): void {
  process.stderr.write(escapeLines(text) + '\n');
}

/** One untrusted value, made safe for a line of output. */
export function safe(value: unknown): string {
  return escapeTerminal(String(value));
}

/** A line whose every interpolated value is untrusted: escaped`Added agent "${card.name}"`. */
export function escaped(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((line, part, i) => line + safe(values[i - 1]) + part);
}

/** A plain aligned table of untrusted cells; an empty list prints `empty` instead so the user knows what to do next. */
export function printTable(headers: string[], rows: string[][], empty: string): void {
  if (rows.length === 0) return printLine(empty);
  const cells = rows.map((r) => r.map(safe));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  printLine(line(headers));
  for (const r of cells) printLine(line(r));
}

/** How every row that continues untrusted text starts: a quoted line of it, or the rest of a line too long for the terminal. */
export const GUTTER = '      | ';

/**
 * Prints lines that carry untrusted text (a consent prompt) so that the terminal never wraps one: a
 * longer line is cut into rows, each continuation starting with GUTTER. So every row starts with our
 * text, and a server cannot pad its text to begin a row that looks like a line of ours. Piped output
 * (no terminal width) is printed as is.
 */
export function printFitted(text: string): void {
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  for (const line of text.split('\n')) for (const row of fitToWidth(escapeTerminal(line), width)) printLine(row);
}

/**
 * A line as rows that fit `width` columns, less one (some terminals wrap on the last column). Widths
 * are counted high, since a row cut early is harmless and a row the terminal wraps is not: a printable
 * ASCII character takes one column, any other two (wide, emoji and ambiguous-width characters may).
 */
export function fitToWidth(line: string, width: number | undefined): string[] {
  if (width === undefined || width < 2 * GUTTER.length) return [line];
  const rows: string[] = [];
  let row = '';
  let used = 0;
  for (const ch of line) {
    const columns = ch >= ' ' && ch <= '~' ? 1 : 2;
    if (used + columns > width - 1) {
      rows.push(row);
      row = GUTTER;
      used = GUTTER.length;
    }
    row += ch;
    used += columns;
  }
  rows.push(row);
  return rows;
}

/** Text of ours: each line escaped, the line breaks kept. */
function escapeLines(text: string): string {
  return text.split('\n').map(escapeTerminal).join('\n');
}
