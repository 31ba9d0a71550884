import { DEFAULT_PORT } from '../core/defaults.js';
import { createHub } from '../core/hub.js';
import { parse, UsageError, expectPositionals } from './args.js';
import { printLine, printNote } from './output.js';
import { version } from './version.js';

export const serveUsage = `Usage:
  agent-hub serve [--port N] [--data-dir DIR]    run the hub without the desktop window
                                                 (default port: the "port" setting, ${DEFAULT_PORT} unless set)`;

/** Runs the headless hub until SIGINT/SIGTERM, then shuts down cleanly. */
export async function serveCommand(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('serve', argv, { port: { type: 'string', short: 'p' } });
  if (values.help) return printLine(serveUsage);
  expectPositionals('serve', positionals, []);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`--port must be a number from 0 to 65535; got "${values.port}".`);

  // Signal handlers go in before the hub says it is ready: whoever reads that line may stop us at once.
  let stopRequested: (signal: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (stopRequested = resolve));
  process.once('SIGINT', () => stopRequested('SIGINT'));
  process.once('SIGTERM', () => stopRequested('SIGTERM'));

  const hub = await createHub({ dataDir, port, version });
  printLine(`Agent Hub ${version} is running headless at ${hub.url}/ (data: ${dataDir}). Press Ctrl+C to stop.`);
  printLine(`Open the UI (this link works once): ${hub.uiLink()}`);

  const signal = await stopped;
  printNote(`Stopping Agent Hub (${signal})…`);
  await hub.dispose();
  // Stopped is stopped: a half-open socket or a server that ignored its stop must not keep us alive.
  process.exit(0);
}
