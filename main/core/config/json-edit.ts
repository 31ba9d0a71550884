import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';
import { parseJsonc } from './jsonc.js';

/**
 * JSON and JSON-with-comments files, edited in place with jsonc-parser: only the text of the changed
 * value is replaced, so comments, key order, indentation and line ends elsewhere stay byte for byte.
 */

/** Parses a file; `comments` allows // and block comments and trailing commas (VS Code, Zed, Gemini CLI). */
export function parseJsonText(text: string, comments: boolean): unknown {
  return comments ? parseJsonc(text) : JSON.parse(text);
}

/** Sets `doc[key][name] = value`, creating the object when it is missing. */
export function setJsonMember(text: string, key: string, name: string, value: unknown): string {
  return applyEdits(text, modify(text, [key, name], value, { formattingOptions: formattingOf(text) }));
}

/** Removes `doc[key][name]` (and only it); the text is unchanged when there is none. */
export function removeJsonMember(text: string, key: string, name: string): string {
  return applyEdits(text, modify(text, [key, name], undefined, { formattingOptions: formattingOf(text) }));
}

/** New content takes the file's own indentation and line ends. */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)["}\]]/m.exec(text)?.[1];
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indented ? Math.min(indented.length, 8) : 2, eol };
}
