import { ErrorCodes, HubError } from '../../shared/errors.js';

/** The terminal side of a prompt: what a TTY stdin offers (a test passes a stand-in). */
export interface SecretTerminal {
  input: NodeJS.ReadableStream & { setRawMode(mode: boolean): unknown };
  output: { write(text: string): unknown };
}

/**
 * One value per key: typed at a hidden prompt on a terminal, or one line per key from stdin (scripts,
 * tests). Values are never echoed or printed; an empty value or a short stdin is an error.
 */
export async function readSecretValues(keys: readonly string[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  const stdin = process.stdin;
  const lines = stdin.isTTY ? undefined : await readLines(stdin, keys.length);
  for (const [i, key] of keys.entries()) {
    const value = lines ? lines[i] : await promptHidden(key, { input: stdin, output: process.stderr });
    if (value === undefined) throw new HubError(ErrorCodes.invalidArgument, `stdin ended before the value for ${key} (give one line per secret value, in the order of the options); nothing was written.`);
    if (value === '') throw new HubError(ErrorCodes.invalidArgument, `The value for ${key} is empty; nothing was written.`);
    values[key] = value;
  }
  return values;
}

/** Up to `count` lines (without their line ends); stops reading as soon as it has them. */
export async function readLines(input: NodeJS.ReadableStream, count: number): Promise<string[]> {
  const lines: string[] = [];
  let buffer = '';
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    buffer += chunk;
    let nl: number;
    while (lines.length < count && (nl = buffer.indexOf('\n')) !== -1) {
      lines.push(buffer.slice(0, nl).replace(/\r$/, ''));
      buffer = buffer.slice(nl + 1);
    }
    if (lines.length >= count) return lines;
  }
  // A last line without a line end still counts.
  if (buffer && lines.length < count) lines.push(buffer.replace(/\r$/, ''));
  return lines;
}

const CTRL_C = '\x03';
const CTRL_D = '\x04';
const CTRL_U = '\x15';
/** Arrow keys, bracketed-paste markers and other escape sequences: never part of a value. */
// eslint-disable-next-line no-control-regex -- matching the terminal's ESC byte is the point
const ESCAPES = /\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g;

/** A prompt on `output` with echo off (raw mode): Enter ends, Backspace and Ctrl+U edit, Ctrl+C aborts. */
export function promptHidden(key: string, { input, output }: SecretTerminal): Promise<string> {
  output.write(`Value for ${key} (input hidden): `);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const restore = () => input.setRawMode(false);
    // Raw mode outlives the process otherwise, leaving the user's shell without echo.
    process.once('exit', restore);
    const finish = (error?: Error) => {
      input.off('data', onData);
      restore();
      process.off('exit', restore);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk).replace(ESCAPES, '')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === CTRL_C || (ch === CTRL_D && value === '')) return finish(new HubError(ErrorCodes.invalidArgument, 'Cancelled; nothing was written.'));
        if (ch === '\x7f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch === CTRL_U) value = '';
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}
