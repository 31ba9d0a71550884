import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * Parses JSON with comments and trailing commas (VS Code's mcp.json, Zed's settings.json, Gemini CLI's
 * settings.json), with jsonc-parser. Strings are taken verbatim, so a `//` inside a URL or a ",}"
 * inside a value survives. Anything else that is not JSON throws a SyntaxError naming the place.
 */
export function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) throw new SyntaxError(`${printParseErrorCode(first.error)} at ${lineColumn(text, first.offset)}`);
  return value;
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}
