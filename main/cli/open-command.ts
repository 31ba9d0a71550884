import { ErrorCodes, HubError } from '../../shared/errors.js';
import { readRuntimeInfo } from '../core/runtime-file.js';
import { withStore } from './with-store.js';
import { expectPositionals, parse } from './args.js';
import { printLine } from './output.js';

/** `agent-hub open`: a fresh one-time link to the running hub's browser UI. */
export function openCommand(argv: string[]): void {
  const { positionals, dataDir, values } = parse('open', argv, {});
  if (values.help) return printLine('Usage:\n  agent-hub open        prints a one-time link that signs your browser in to the running hub');
  expectPositionals('open', positionals, []);
  const hub = readRuntimeInfo(dataDir);
  if (!hub) throw new HubError(ErrorCodes.notFound, `No hub is running for ${dataDir}; start one with "agent-hub serve" (or npm start).`);
  withStore(dataDir, (store) => {
    printLine(`${hub.url}/#code=${store.uiCodes.mint()}`);
  });
}
