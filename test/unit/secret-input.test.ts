import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptHidden, readLines, type SecretTerminal } from '../../main/cli/secret-input.js';

/** A terminal stand-in: what the user types goes in `type`, the prompt and echo land in `shown`. */
function terminal() {
  const input = Object.assign(new PassThrough(), { rawModes: [] as boolean[], setRawMode(mode: boolean) { this.rawModes.push(mode); return this; } });
  let shown = '';
  const term: SecretTerminal = { input, output: { write: (t: string) => (shown += t) } };
  return { term, input, type: (text: string) => input.write(text), shown: () => shown };
}

describe('the hidden prompt', () => {
  it('reads a line with echo off, handles Backspace, Ctrl+U and escape sequences, and restores the terminal', async () => {
    const t = terminal();
    const value = promptHidden('API_TOKEN', t.term);
    t.type('wrong');
    t.type('\x15'); // Ctrl+U: start again
    t.type('s3crx\x7f');
    t.type('\x1b[D'); // an arrow key
    t.type('ét\r');
    expect(await value).toBe('s3crét');
    expect(t.shown()).toBe('Value for API_TOKEN (input hidden): \n');
    expect(t.input.rawModes).toEqual([true, false]);
  });

  it('aborts on Ctrl+C, and on Ctrl+D at an empty prompt', async () => {
    for (const key of ['abc\x03', '\x04']) {
      const t = terminal();
      const value = promptHidden('K', t.term);
      t.type(key);
      await expect(value).rejects.toThrow('Cancelled; nothing was written.');
      expect(t.input.rawModes).toEqual([true, false]);
      expect(t.shown()).not.toContain('abc');
    }
  });
});

describe('values on stdin', () => {
  it('takes one line per key and stops there', async () => {
    const input = new PassThrough();
    input.end('one\r\ntwo\nthree\n');
    expect(await readLines(input, 2)).toEqual(['one', 'two']);
  });

  it('counts a last line without a line end, and returns fewer lines when stdin ends early', async () => {
    const input = new PassThrough();
    input.end('only');
    expect(await readLines(input, 2)).toEqual(['only']);
  });
});
