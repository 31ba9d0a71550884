import { withStore } from './with-store.js';
import { expectPositionals, parse, UsageError } from './args.js';
import { printJson, printLine, printNote, printTable } from './output.js';

export const clientUsage = `Usage:
  agent-hub client add NAME [--json]      create a client; prints its token once
  agent-hub client list [--json]
  agent-hub client remove NAME            revokes every token of the client`;

export function clientCommand(argv: string[]): void {
  const [sub, ...args] = argv;
  switch (sub) {
    case 'add': {
      const { values, positionals, dataDir } = parse('client add', args, {});
      const [name] = expectPositionals('client add', positionals, ['name']);
      withStore(dataDir, (store) => {
        const { client, token } = store.clients.add(name!);
        if (values.json) return printJson({ name: client.name, token });
        printLine(token);
        printNote(`Created client "${client.name}". This token is shown only once; the hub keeps only its hash.`);
        printNote(`Clients that launch a command can use instead: agent-hub connect --client ${client.name}`);
      });
      return;
    }
    case 'list':
    case 'ls': {
      const { values, positionals, dataDir } = parse('client list', args, {});
      expectPositionals('client list', positionals, []);
      withStore(dataDir, (store) => {
        const clients = store.clients.list();
        if (values.json) return printJson(clients);
        printTable(['NAME', 'CREATED'], clients.map((c) => [c.name, c.createdAt]), 'No clients yet. Create one with: agent-hub client add NAME');
      });
      return;
    }
    case 'remove':
    case 'rm': {
      const { positionals, dataDir } = parse('client remove', args, {});
      const [name] = expectPositionals('client remove', positionals, ['name']);
      withStore(dataDir, (store) => {
        store.clients.remove(name!);
        printLine(`Removed client "${name}"; its tokens no longer work.`);
      });
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      return printLine(clientUsage);
    default:
      throw new UsageError(`"client ${sub}" is not a command.`);
  }
}
