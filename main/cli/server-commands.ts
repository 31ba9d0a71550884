import type { ServerConfig, ServerConfigInput } from '../../shared/config.js';
import { addServer, removeServer, setServerSecret, validateServer, type ServerSecretValues } from '../core/admin/server-admin.js';
import { createKeytarStore } from '../core/secrets/keytar-store.js';
import type { Store } from '../core/store/store.js';
import { withStore, withStoreAsync } from './with-store.js';
import { expectPositionals, parse, parsePairs, UsageError } from './args.js';
import { escaped, printJson, printLine, printNote, printTable } from './output.js';
import { runningHubApi } from './hub-session.js';
import { readSecretValues } from './secret-input.js';

export const serverUsage = `Usage:
  agent-hub server add NAME [--env K=V]… [--secret-env K]… [--cwd DIR] -- COMMAND [ARGS…]
                                              a local stdio server
  agent-hub server add NAME --url URL [--header "K: V"]… [--secret-header K]…   an HTTP server
      [--oauth-client-id ID [--oauth-client-secret]] [--oauth-metadata-url URL] [--oauth-scope "S"]
                                              how it signs in (default: it registers itself)
  agent-hub server add NAME --url URL [--env K=V]… [--secret-env K]… [--cwd DIR] -- COMMAND [ARGS…]
                                              a local HTTP server the hub starts, then connects to
      all take: [--disabled] [--no-prefix] [--allow-tool T]… [--deny-tool T]…
      --secret-env K and --secret-header K ask for K's value (hidden; when stdin is not a terminal,
      one line per value: the --secret-env keys, then the --secret-header names, then the OAuth
      client secret) and keep it in the OS keychain, never in hub.db
  agent-hub server set-secret NAME KEY [--header]
                                              replace (or add) one secret env value (or header), asked the same way
  agent-hub server list [--json]
  agent-hub server status [--json]             the running hub's view: state, tools, sign-in, last problem
  agent-hub server remove|enable|disable NAME  (remove also deletes the server's keychain entries)`;

export async function serverCommand(argv: string[]): Promise<void> {
  const [sub, ...args] = argv;
  switch (sub) {
    case 'add':
      return add(args);
    case 'list':
    case 'ls':
      return list(args);
    case 'status':
      return status(args);
    case 'remove':
    case 'rm':
      return remove(args);
    case 'set-secret':
      return setSecret(args);
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

async function add(argv: string[]): Promise<void> {
  const { values, positionals, rest, dataDir } = parse('server add', argv, {
    url: { type: 'string' },
    header: { type: 'string', multiple: true },
    env: { type: 'string', multiple: true },
    'secret-env': { type: 'string', multiple: true },
    'secret-header': { type: 'string', multiple: true },
    cwd: { type: 'string' },
    disabled: { type: 'boolean' },
    'no-prefix': { type: 'boolean' },
    'allow-tool': { type: 'string', multiple: true },
    'deny-tool': { type: 'string', multiple: true },
    'oauth-client-id': { type: 'string' },
    'oauth-client-secret': { type: 'boolean' },
    'oauth-metadata-url': { type: 'string' },
    'oauth-scope': { type: 'string' },
  });
  if (values.help) return printLine(serverUsage);
  const [name] = expectPositionals('server add', positionals, ['name'], rest);
  const oauthFlags = ['oauth-client-id', 'oauth-client-secret', 'oauth-metadata-url', 'oauth-scope'] as const;
  const oauth =
    values['oauth-client-id'] || values['oauth-client-secret'] || values['oauth-metadata-url'] || values['oauth-scope']
      ? {
          ...(values['oauth-client-id'] ? { clientId: values['oauth-client-id'] } : {}),
          clientSecret: Boolean(values['oauth-client-secret']),
          ...(values['oauth-metadata-url'] ? { clientMetadataUrl: values['oauth-metadata-url'] } : {}),
          ...(values['oauth-scope'] ? { scope: values['oauth-scope'] } : {}),
        }
      : undefined;
  if (oauth && values.url === undefined) throw new UsageError(`--${oauthFlags.find((f) => values[f])} is for HTTP servers (--url).`);
  const secretHeaders = values['secret-header'] ?? [];
  if (secretHeaders.length && values.url === undefined) throw new UsageError('--secret-header is for HTTP servers (--url).');
  const common = {
    name: name!,
    enabled: !values.disabled,
    prefixTools: !values['no-prefix'],
    tools: { ...(values['allow-tool'] ? { allow: values['allow-tool'] } : {}), deny: values['deny-tool'] ?? [] },
  };
  const secretEnv = values['secret-env'] ?? [];

  let input: ServerConfigInput;
  if (values.url !== undefined) {
    if ((values.env || values.cwd) && !rest.length) throw new UsageError('--env and --cwd need a command to run (-- COMMAND).');
    if (secretEnv.length && !rest.length) throw new UsageError('--secret-env needs a command to run (-- COMMAND): only a server the hub starts gets environment variables.');
    input = {
      ...common,
      transport: 'http',
      url: values.url,
      headers: parsePairs('header', values.header, ':'),
      secretHeaders,
      ...(oauth ? { oauth } : {}),
      ...(rest.length
        ? { command: rest[0]!, args: rest.slice(1), env: parsePairs('env', values.env, '='), secretEnv, ...(values.cwd ? { cwd: values.cwd } : {}) }
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
      secretEnv,
      ...(values.cwd ? { cwd: values.cwd } : {}),
    };
  }

  await withStoreAsync(dataDir, async (store) => {
    // A config that is not valid fails before anyone types a secret.
    validateServer(input);
    const keychain = createKeytarStore();
    const added = await addServer(store, () => keychain, input, await askSecretValues(store, input));
    if (values.json) printJson(added);
    else printLine(escaped`Added ${added.transport} server "${added.name}" (${target(added)}).`);
  });
}

/**
 * Asks for the secret values a new server needs, in order: its secret env keys, its secret headers,
 * then the OAuth client secret. Nothing is asked for a name that already exists (the add fails anyway).
 */
async function askSecretValues(store: Store, input: ServerConfigInput): Promise<ServerSecretValues> {
  if (store.servers.get(input.name)) return {};
  const env = input.secretEnv ?? [];
  const headers = input.transport === 'http' ? (input.secretHeaders ?? []) : [];
  const oauthSecret = input.transport === 'http' && input.oauth?.clientSecret === true;
  const labels = [...env, ...headers.map((h) => `header ${h}`), ...(oauthSecret ? ['OAUTH_CLIENT_SECRET'] : [])];
  if (labels.length === 0) return {};
  const read = await readSecretValues(labels);
  return {
    env: Object.fromEntries(env.map((k) => [k, read[k]!])),
    headers: Object.fromEntries(headers.map((h) => [h, read[`header ${h}`]!])),
    ...(oauthSecret ? { oauthClientSecret: read.OAUTH_CLIENT_SECRET! } : {}),
  };
}

/** Replaces one secret value of a server; a key the server did not have yet is added to its secret list. */
async function setSecret(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('server set-secret', argv, { header: { type: 'boolean' } });
  if (values.help) return printLine(serverUsage);
  const [name, key] = expectPositionals('server set-secret', positionals, ['name', 'key']);
  const kind = values.header ? 'header' : 'env';
  await withStoreAsync(dataDir, async (store) => {
    store.servers.require(name!);
    const label = kind === 'header' ? `header ${key}` : key!;
    const value = (await readSecretValues([label]))[label]!;
    const keychain = createKeytarStore();
    const { added } = await setServerSecret(store, () => keychain, name!, kind, key!, value);
    printLine(`Stored ${kind === 'header' ? `the header ${key}` : key} of server "${name}" in the keychain.`);
    // The config did not change, so a running hub does not restart the server by itself.
    if (!added) printNote('A running hub uses the new value the next time it starts the server (agent-hub server disable, then enable, restarts it).');
  });
}

async function remove(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('server remove', argv, {});
  if (values.help) return printLine(serverUsage);
  const [name] = expectPositionals('server remove', positionals, ['name']);
  await withStoreAsync(dataDir, async (store) => {
    const { entries, keychainFailure } = await removeServer(store, createKeytarStore, name!);
    printLine(`Removed server "${name}".`);
    if (keychainFailure) printNote(escaped`Its keychain entries (${entries.join(', ')}) were left in place: ${keychainFailure.message}`);
  });
}

/** `server status`: the running hub's live view (state, tools, sign-in, last error), as the Servers page shows it. */
async function status(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('server status', argv, {});
  if (values.help) return printLine(serverUsage);
  expectPositionals('server status', positionals, []);
  const states = await (await runningHubApi(dataDir)).serverStatus();
  if (values.json) return printJson(states.map(({ logTail: _log, ...s }) => s));
  printTable(
    ['NAME', 'STATE', 'TOOLS', 'PROTOCOL', 'SIGN-IN', 'PROBLEM'],
    states.map((s) => [s.name, s.state, String(s.toolCount), s.protocol ?? '', s.signIn ?? '', s.signInError ?? (s.state === 'running' ? '' : (s.lastError ?? ''))]),
    'No servers yet. Add one with: agent-hub server add NAME -- COMMAND [ARGS…]',
  );
}

function list(argv: string[]): void {
  const { values, positionals, dataDir } = parse('server list', argv, {});
  expectPositionals('server list', positionals, []);
  withStore(dataDir, (store) => {
    const servers = store.servers.list();
    // The protocol each server was found to speak when it last started (remembered with its config).
    const eras = store.catalogCache.eras();
    const protocol = (name: string) => eras.get(name)?.protocolVersion ?? undefined;
    if (values.json) return printJson(servers.map((s) => (protocol(s.name) ? { ...s, protocol: protocol(s.name) } : s)));
    printTable(
      ['NAME', 'TRANSPORT', 'ENABLED', 'PROTOCOL', 'TARGET'],
      servers.map((s) => [s.name, s.transport, s.enabled ? 'yes' : 'no', protocol(s.name) ?? '', target(s)]),
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

/** What a server runs or where it is, in one short string (env values are never printed, secret ones are never known). */
export function target(s: ServerConfig): string {
  const secrets = s.secretEnv.length ? ` (${s.secretEnv.map((k) => `${k}=<secret>`).join(' ')})` : '';
  if (s.transport === 'http') {
    const headers = s.secretHeaders.length ? ` (headers: ${s.secretHeaders.map((h) => `${h}: <secret>`).join(', ')})` : '';
    return (s.command ? `${s.url} (runs: ${[s.command, ...s.args].join(' ')})${secrets}` : s.url) + headers;
  }
  return [s.command, ...s.args].map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ') + secrets;
}
