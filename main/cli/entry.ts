// The CLI itself: parses the command and runs it. `agent-hub` (main/cli.ts) runs this from the bundle.
import { isHubError } from '../../shared/errors.js';
import { UsageError } from './args.js';
import { escaped, printLine, printNote } from './output.js';
import { usage } from './usage.js';
import { version } from './version.js';

type Command = (argv: string[]) => void | Promise<void>;

// Each command's module loads only when it runs, so `server list` does not pay for the MCP SDK.
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve-command.js')).serveCommand,
  connect: async () => (await import('./connect-command.js')).connectCommand,
  server: async () => (await import('./server-commands.js')).serverCommand,
  client: async () => (await import('./client-commands.js')).clientCommand,
  agent: async () => (await import('./agent-commands.js')).agentCommand,
  tasks: async () => (await import('./tasks-command.js')).tasksCommand,
  import: async () => (await import('./import-export-commands.js')).importCommand,
  export: async () => (await import('./import-export-commands.js')).exportCommand,
  consent: async () => (await import('./consent-commands.js')).consentCommand,
  limit: async () => (await import('./limit-commands.js')).limitCommand,
  settings: async () => (await import('./settings-commands.js')).settingsCommand,
  open: async () => (await import('./open-command.js')).openCommand,
  login: async () => (await import('./login-commands.js')).loginCommand,
  logout: async () => (await import('./login-commands.js')).logoutCommand,
};
commands.servers = commands.server!;
commands.clients = commands.client!;
commands.agents = commands.agent!;
commands.limits = commands.limit!;

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
  const load = commands[name];
  if (!load) throw new UsageError(`"${name}" is not an agent-hub command.`);
  await (await load())(rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // One line on stderr (escaped: messages quote servers and agents); usage mistakes exit 2, everything else 1.
    if (e instanceof UsageError) {
      printNote(escaped`agent-hub: ${e.message}`);
      printNote('Run "agent-hub --help" for usage.');
      process.exitCode = 2;
    } else if (isHubError(e)) {
      printNote(escaped`agent-hub: ${e.message}`);
      process.exitCode = 1;
    } else {
      printNote(escaped`agent-hub: unexpected error: ${(e as Error).message ?? String(e)}`);
      process.exitCode = 1;
    }
  },
);
