/**
 * Text from servers, agents and clients is shown to the person who decides on a call; it must show
 * that person what the model reads. These helpers make characters that hide, reorder or rewrite text
 * visible as their code points (`⟨U+202E⟩`), wherever a name, description or argument is shown: in the
 * UI and in the terminal.
 *
 * Hidden: Unicode format characters (Cf: zero-width, bidi embeddings and isolates, tags U+E0000–E007F,
 * U+061C …), every default-ignorable code point (variation selectors U+FE00–FE0F and U+E0100–E01EF,
 * Hangul fillers, U+034F, U+180B–180F …), bidi controls, line/paragraph separators (U+2028/2029), the
 * blank braille pattern U+2800 (renders as a space but is not one), private-use characters (whose
 * glyph depends on the font), and control characters other than tab, line feed and carriage return
 * (C0, DEL, C1: nothing in a page, but escape sequences, backspaces and bells in a terminal).
 * Property escapes, not a hand-made list, so new assignments are covered.
 */
const HIDDEN_CLASS = String.raw`\p{Cf}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\p{Variation_Selector}\p{Zl}\p{Zp}\p{Co}\u2800\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F`;
const HIDDEN = new RegExp(`[${HIDDEN_CLASS}]`, 'u');
const HIDDEN_ALL = new RegExp(`[${HIDDEN_CLASS}]`, 'gu');
/** Hidden characters plus tab, line feed and carriage return: what a terminal must never receive raw from untrusted text. */
const TERMINAL_ALL = new RegExp(`[${HIDDEN_CLASS}\\t\\n\\r]`, 'gu');

export function codePoint(ch: string): string {
  return `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Whether the text holds a character that hides or reorders what a person sees. */
export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN.test(text);
}

/** The text with every hidden character replaced by its code point, e.g. `evil⟨U+202E⟩`. */
export function revealHidden(text: string): string {
  return text.replace(HIDDEN_ALL, codePoint);
}

/** Splits text into plain runs and hidden characters, for a UI that styles the latter. */
export function splitHidden(text: string): { text: string; hidden: boolean }[] {
  const out: { text: string; hidden: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(HIDDEN_ALL)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), hidden: false });
    out.push({ text: codePoint(m[0]), hidden: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hidden: false });
  return out;
}

/**
 * Untrusted text made safe to print to a terminal on one line: escape sequences (ANSI colours, cursor
 * moves, OSC window titles and clipboard writes), backspaces and carriage returns cannot rewrite the
 * screen, and newlines cannot fake a line of our own. Tab and newline read as `\t` and `\n`; every
 * other control or hidden character as its code point.
 */
export function escapeTerminal(text: string): string {
  return text.replace(TERMINAL_ALL, (ch) => (ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : codePoint(ch)));
}

/**
 * JSON text (as JSON.stringify writes it) with every hidden character as a `\u` escape: it parses to the
 * same value, but cannot reorder or rewrite what a terminal shows. JSON.stringify escapes only C0
 * controls; DEL, C1, bidi controls, tags and U+2028/2029 it leaves raw.
 */
export function escapeHiddenInJson(json: string): string {
  return json.replace(HIDDEN_ALL, (ch) => Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}
