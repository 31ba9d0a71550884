import type { ServerConfig, ServerConfigInput } from '../../shared/config.js';
import type { Store } from '../core/store/store.js';
import { withStore } from './with-store.js';
import { expectPositionals, parse, parsePairs, UsageError } from './args.js';
import { printJson, printLine, printTable } from './output.js';

export const serverUsage = `Usage:
  agent-hub server add NAME [--env K=V]… [--cwd DIR] -- COMMAND [ARGS…]   a local stdio server
  agent-hub server add NAME --url URL [--header "K: V"]…                  an HTTP server
  agent-hub server add NAME --url URL [--env K=V]… [--cwd DIR] -- COMMAND [ARGS…]
                                              a local HTTP server the hub starts, then connects to
      all take: [--disabled] [--no-prefix] [--allow-tool T]… [--deny-tool T]…
  agent-hub server list [--json]
  agent-hub server remove|enable|disable NAME`;

export async function serverCommand(argv: string[]): Promise<void> {
  const [sub, ...args] = argv;
  switch (sub) {
    case 'add':
      return add(args);
    case 'list':
    case 'ls':
      return list(args);
    case 'remove':
    case 'rm':
      return withNamed('server remove', args, (store, name) => {
        store.servers.remove(name);
        printLine(`Removed server "${name}".`);
      });
    case 'enable':
    case 'disable':
      return withNamed(`server ${sub}`, args, (store, name) => {
        store.servers.setEnabled(name, sub === 'enable');
        printLine(`Server "${name}" is ${sub}d.`);
      });
    case undefined:
    case 'help':
    case '--help':
      return printLine(serverUsage);
    default:
      throw new UsageError(`"server ${sub}" is not a command.`);
  }
}

function add(argv: string[]): void {
  const { values, positionals, rest, dataDir } = parse('server add', argv, {
    url: { type: 'string' },
    header: { type: 'string', multiple: true },
    env: { type: 'string', multiple: true },
    cwd: { type: 'string' },
    disabled: { type: 'boolean' },
    'no-prefix': { type: 'boolean' },
    'allow-tool': { type: 'string', multiple: true },
    'deny-tool': { type: 'string', multiple: true },
  });
  if (values.help) return printLine(serverUsage);
  const [name] = expectPositionals('server add', positionals, ['name']);
  const common = {
    name: name!,
    enabled: !values.disabled,
    prefixTools: !values['no-prefix'],
    tools: { ...(values['allow-tool'] ? { allow: values['allow-tool'] } : {}), deny: values['deny-tool'] ?? [] },
  };

  let input: ServerConfigInput;
  if (values.url !== undefined) {
    if ((values.env || values.cwd) && !rest.length) throw new UsageError('--env and --cwd need a command to run (-- COMMAND).');
    input = {
      ...common,
      transport: 'http',
      url: values.url,
      headers: parsePairs('header', values.header, ':'),
      ...(rest.length
        ? { command: rest[0]!, args: rest.slice(1), env: parsePairs('env', values.env, '='), ...(values.cwd ? { cwd: values.cwd } : {}) }
        : {}),
    };
  } else {
    if (!rest.length) throw new UsageError('"server add" needs --url URL or -- COMMAND [ARGS…].');
    if (values.header) throw new UsageError('--header is for HTTP servers (--url).');
    input = {
      ...common,
      transport: 'stdio',
      command: rest[0]!,
      args: rest.slice(1),
      env: parsePairs('env', values.env, '='),
      ...(values.cwd ? { cwd: values.cwd } : {}),
    };
  }

  withStore(dataDir, (store) => {
    const added = store.servers.add(input);
    if (values.json) printJson(added);
    else printLine(`Added ${added.transport} server "${added.name}" (${target(added)}).`);
  });
}

function list(argv: string[]): void {
  const { values, positionals, dataDir } = parse('server list', argv, {});
  expectPositionals('server list', positionals, []);
  withStore(dataDir, (store) => {
    const servers = store.servers.list();
    if (values.json) return printJson(servers);
    printTable(
      ['NAME', 'TRANSPORT', 'ENABLED', 'TARGET'],
      servers.map((s) => [s.name, s.transport, s.enabled ? 'yes' : 'no', target(s)]),
      'No servers yet. Add one with: agent-hub server add NAME -- COMMAND [ARGS…]  (or: agent-hub import FILE)',
    );
  });
}

function withNamed(command: string, argv: string[], fn: (store: Store, name: string) => void): void {
  const { positionals, dataDir } = parse(command, argv, {});
  const [name] = expectPositionals(command, positionals, ['name']);
  withStore(dataDir, (store) => {
    fn(store, name!);
  });
}

/** What a server runs or where it is, in one short string (env values are never printed). */
export function target(s: ServerConfig): string {
  if (s.transport === 'http') return s.command ? `${s.url} (runs: ${[s.command, ...s.args].join(' ')})` : s.url;
  return [s.command, ...s.args].map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ');
}
