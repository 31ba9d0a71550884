import { parse, stringify } from 'smol-toml';

/**
 * TOML files (Codex's config.toml). smol-toml reads them but cannot write one back with its comments,
 * so an edit works on the text: the lines of the hub's own table ([mcp_servers.agent-hub] and its
 * sub-tables) are replaced, or the table is appended; every other line stays as it was. The caller
 * checks that the result parses to the intended document.
 */

export function parseTomlText(text: string): Record<string, unknown> {
  return parse(text) as Record<string, unknown>;
}

/** The table `[key.name]` with `value`'s fields, as smol-toml writes it (sub-tables for nested maps). */
export function tomlTable(key: string, name: string, value: Record<string, unknown>): string {
  return stringify({ [key]: { [name]: value } }).trim();
}

/**
 * Replaces (or appends) the table `[key.name]`. Returns undefined when the file defines that entry in
 * a form this cannot edit line by line (an inline table, dotted keys under [key]).
 */
export function setTomlTable(text: string, key: string, name: string, value: Record<string, unknown>): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const table = tomlTable(key, name, value).split('\n').join(eol);
  const lines = text.split(/(?<=\n)/);
  const headers = headerLines(lines);
  // A table runs to the next header; blank lines and comments just before that header belong to it.
  const endOf = (i: number) => {
    let end = headers[i + 1]?.line ?? lines.length;
    while (end > headers[i]!.line + 1 && /^\s*(#.*)?\r?\n?$/.test(lines[end - 1]!)) end--;
    return end;
  };
  const regions: [number, number][] = [];
  headers.forEach((h, i) => {
    if (h.path.length >= 2 && h.path[0] === key && h.path[1] === name) regions.push([h.line, endOf(i)]);
  });

  if (regions.length === 0) {
    const existing = (parseTomlText(text)[key] as Record<string, unknown> | undefined)?.[name];
    if (existing !== undefined) return undefined;
    // After the last of the other servers' tables, or else at the end of the file.
    const last = headers.findLastIndex((h) => h.path[0] === key);
    const at = last === -1 ? lines.length : endOf(last);
    const before = lines.slice(0, at).join('');
    const sep = before === '' ? '' : before.endsWith('\n') ? eol : eol + eol;
    return `${before}${sep}${table}${eol}${lines.slice(at).join('')}`;
  }
  const out: string[] = [];
  let at = 0;
  regions.forEach(([start, end], i) => {
    out.push(...lines.slice(at, start));
    if (i === 0) {
      const last = lines[end - 1]!;
      out.push(table + (last.endsWith('\n') ? eol : ''));
    }
    at = end;
  });
  out.push(...lines.slice(at));
  return out.join('');
}

/**
 * Removes the table `[key.name]` and its sub-tables (their comments and blank lines too), every other
 * line as it was. Returns undefined when the entry is written in a form this cannot edit line by line.
 */
export function removeTomlTable(text: string, key: string, name: string): string | undefined {
  const lines = text.split(/(?<=\n)/);
  const headers = headerLines(lines);
  const doomed = new Set<number>();
  headers.forEach((h, i) => {
    if (h.path.length < 2 || h.path[0] !== key || h.path[1] !== name) return;
    // The table runs to the next header; comments and blank lines just before that header belong to the next one.
    let end = headers[i + 1]?.line ?? lines.length;
    while (end > h.line + 1 && /^\s*(#.*)?\r?\n?$/.test(lines[end - 1]!) && end !== lines.length) end--;
    for (let l = h.line; l < end; l++) doomed.add(l);
  });
  if (doomed.size === 0) return (parseTomlText(text)[key] as Record<string, unknown> | undefined)?.[name] === undefined ? text : undefined;
  const kept = lines.filter((_, i) => !doomed.has(i)).join('');
  // No run of blank lines left where the table was, nor after the last table when it was the hub's.
  const tidy = kept.replace(/(\r?\n)(\s*\r?\n){2,}/g, '$1$1');
  return doomed.has(lines.length - 1) ? tidy.replace(/(\r?\n)(\s*\r?\n)+$/, '$1') : tidy;
}

interface Header {
  line: number;
  path: string[];
}

/** The table headers ([a.b], [[a.b]]) and the lines they are on, skipping multi-line strings. */
function headerLines(lines: readonly string[]): Header[] {
  const headers: Header[] = [];
  let open: '"""' | "'''" | undefined;
  lines.forEach((line, i) => {
    if (open) {
      if (line.includes(open)) open = undefined;
      return;
    }
    const header = /^\s*\[\[?\s*(.+?)\s*\]\]?\s*(#.*)?\r?\n?$/.exec(line);
    if (header) {
      headers.push({ line: i, path: keyPath(header[1]!) });
      return;
    }
    for (const quote of ['"""', "'''"] as const) {
      if (line.split(quote).length % 2 === 0) open = quote;
    }
  });
  return headers;
}

/** `a."b.c".'d'` → ['a', 'b.c', 'd']. */
function keyPath(key: string): string[] {
  const parts: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(\.|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < key.length && (m = re.exec(key))) {
    const raw = m[1]!;
    parts.push(raw.startsWith('"') ? (JSON.parse(raw) as string) : raw.startsWith("'") ? raw.slice(1, -1) : raw);
    if (m[2] === '') break;
  }
  return parts;
}
