import path from 'node:path';
import { ServerLog } from './log-file.js';

/**
 * The hub's own log: what went wrong where nobody was waiting for an answer (a background write, a
 * notification to a client that left, a rollback that failed). Each line names what was being done
 * and the error's message; `logs/hub.log` in the data folder, written in batches and rotated at 1 MB
 * like the servers' logs. Secrets never reach it: callers log what they did, not the values.
 */
export interface Logger {
  /** Something failed and was dealt with (or could not be): `doing` says what, `e` why. */
  warn(doing: string, e?: unknown): void;
  info(line: string): void;
}

export function createHubLog(dataDir: string): Logger & { close(): void } {
  const log = new ServerLog(path.join(dataDir, 'logs', 'hub.log'));
  return {
    warn: (doing, e) => log.write(`warning: ${doing}${e === undefined ? '' : `: ${describe(e)}`}\n`),
    info: (line) => log.write(`${line}\n`),
    close: () => log.close(),
  };
}

/** A logger that drops everything (tests of single parts). */
export const silentLogger: Logger = { warn: () => {}, info: () => {} };

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.message}${e.stack ? `\n${e.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  return String(e);
}
