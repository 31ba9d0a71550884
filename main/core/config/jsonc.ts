/**
 * Parses JSON with comments and trailing commas (VS Code's mcp.json is JSONC). Strings are copied
 * verbatim, so a `//` inside a URL or a ",}" inside a value survives.
 */
export function parseJsonc(text: string): unknown {
  return JSON.parse(dropTrailingCommas(dropComments(text)));
}

/** Copies `text`, calling `other` for each character outside string literals. */
function scan(text: string, other: (i: number) => { emit: string; next: number }): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else {
      const { emit, next } = other(i);
      out += emit;
      i = next;
    }
  }
  return out;
}

function dropComments(text: string): string {
  return scan(text, (i) => {
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      return { emit: '', next: end === -1 ? text.length : end };
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      return { emit: ' ', next: end === -1 ? text.length : end + 2 };
    }
    return { emit: text[i]!, next: i + 1 };
  });
}

function dropTrailingCommas(text: string): string {
  const closer = /\s*[}\]]/y;
  return scan(text, (i) => {
    closer.lastIndex = i + 1;
    if (text[i] === ',' && closer.test(text)) return { emit: '', next: i + 1 };
    return { emit: text[i]!, next: i + 1 };
  });
}
