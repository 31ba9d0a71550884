#!/usr/bin/env node
import { isHubError } from '../shared/errors.js';
import { UsageError } from './cli/args.js';
import { exportCommand, importCommand, importUsage } from './cli/import-export-commands.js';
import { printLine } from './cli/output.js';
import { serveCommand, serveUsage } from './cli/serve-command.js';
import { serverCommand, serverUsage } from './cli/server-commands.js';
import { version } from './cli/version.js';

const usage = `agent-hub ${version}: one local MCP endpoint for all your MCP servers and A2A agents.

${serveUsage}

${serverUsage}

${importUsage}

Every command takes --data-dir DIR (default: AGENT_HUB_DATA_DIR, else the desktop app's data folder).
Listings take --json.`;

const commands: Record<string, (argv: string[]) => void | Promise<void>> = {
  serve: serveCommand,
  server: serverCommand,
  servers: serverCommand,
  import: importCommand,
  export: exportCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    printLine(usage);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    printLine(version);
    return 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`"${name}" is not an agent-hub command.`);
  await command(rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // One line on stderr; usage mistakes exit 2, everything else 1.
    if (e instanceof UsageError) {
      process.stderr.write(`agent-hub: ${e.message}\nRun "agent-hub --help" for usage.\n`);
      process.exitCode = 2;
    } else if (isHubError(e)) {
      process.stderr.write(`agent-hub: ${e.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`agent-hub: unexpected error: ${(e as Error).message ?? String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
