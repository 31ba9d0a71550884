/** Everything the CLI prints goes through here: data on stdout, diagnostics on stderr. */

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printLine(text: string): void {
  process.stdout.write(text + '\n');
}

export function printNote(text: string): void {
  process.stderr.write(text + '\n');
}

/** A plain aligned table; an empty list prints `empty` instead so the user knows what to do next. */
export function printTable(headers: string[], rows: string[][], empty: string): void {
  if (rows.length === 0) return printLine(empty);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  printLine(line(headers));
  for (const r of rows) printLine(line(r));
}
