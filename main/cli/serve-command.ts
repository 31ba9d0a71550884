import { DEFAULT_PORT } from '../../shared/defaults.js';
import { createHub } from '../core/hub.js';
import { parse, UsageError, expectPositionals } from './args.js';
import { printLine, printNote } from './output.js';
import { version } from './version.js';

export const serveUsage = `Usage:
  agent-hub serve [--port N] [--data-dir DIR]    run the hub without the desktop window
                                                 (default port: the "port" setting, ${DEFAULT_PORT} unless set)`;

/** Servers get SIGTERM, then SIGKILL a few seconds later; this bounds the whole shutdown above that. */
const STOP_DEADLINE_MS = 15_000;

/** Runs the headless hub until SIGINT/SIGTERM, then shuts down cleanly. */
export async function serveCommand(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('serve', argv, { port: { type: 'string', short: 'p' } });
  if (values.help) return printLine(serveUsage);
  expectPositionals('serve', positionals, []);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`--port must be a number from 0 to 65535; got "${values.port}".`);

  // Signal handlers go in before the hub says it is ready: whoever reads that line may stop us at once.
  // They stay in for the whole shutdown: Ctrl+C under `npm start` reaches us twice (from the terminal
  // and forwarded by the wrapper), and a second SIGINT must not kill a shutdown half-way (hub.json and
  // the WAL would stay behind).
  let stopRequested: (signal: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (stopRequested = resolve));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopRequested(signal));

  const hub = await createHub({ dataDir, port, version });
  printLine(`Agent Hub ${version} is running headless at ${hub.url}/ (data: ${dataDir}). Press Ctrl+C to stop.`);
  printLine(`Open the UI (this link works once): ${hub.uiLink()}`);

  const signal = await stopped;
  printNote(`Stopping Agent Hub (${signal})…`);
  // A stop that hangs (a server that ignores every signal) still ends: the reaper takes what is left.
  setTimeout(() => process.exit(0), STOP_DEADLINE_MS).unref();
  await hub.dispose();
  // Stopped is stopped: a half-open socket or a server that ignored its stop must not keep us alive.
  process.exit(0);
}
