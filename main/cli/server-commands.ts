import { ServerConfigSchema, type ServerConfig, type ServerConfigInput } from '../../shared/config.js';
import { ErrorCodes, HubError } from '../../shared/errors.js';
import { formatZodIssue } from '../core/config/validation.js';
import { createKeytarStore } from '../core/secrets/keytar-store.js';
import { secretKey } from '../core/secrets/secret-store.js';
import { deleteSecretKeys, deleteServerSecrets, serverSecretKeys, storeServerSecrets } from '../core/secrets/secret-env.js';
import type { Store } from '../core/store/store.js';
import { withStore, withStoreAsync } from './with-store.js';
import { expectPositionals, parse, parsePairs, UsageError } from './args.js';
import { printJson, printLine, printNote, printTable } from './output.js';
import { runningHubApi } from './hub-session.js';
import { readSecretValues } from './secret-input.js';

export const serverUsage = `Usage:
  agent-hub server add NAME [--env K=V]… [--secret-env K]… [--cwd DIR] -- COMMAND [ARGS…]
                                              a local stdio server
  agent-hub server add NAME --url URL [--header "K: V"]…                  an HTTP server
      [--oauth-client-id ID [--oauth-client-secret]] [--oauth-metadata-url URL] [--oauth-scope "S"]
                                              how it signs in (default: it registers itself)
  agent-hub server add NAME --url URL [--env K=V]… [--secret-env K]… [--cwd DIR] -- COMMAND [ARGS…]
                                              a local HTTP server the hub starts, then connects to
      all take: [--disabled] [--no-prefix] [--allow-tool T]… [--deny-tool T]…
      --secret-env K asks for K's value (hidden; on stdin one line per key when not a terminal)
      and keeps it in the OS keychain, never in hub.db
  agent-hub server set-secret NAME KEY         replace (or add) one secret env value, asked the same way
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
  const [name] = expectPositionals('server add', positionals, ['name']);
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
  // Both would be read from stdin in one go; keep it to one secret source per command.
  if (values['oauth-client-secret'] && values['secret-env']) throw new UsageError('--oauth-client-secret and --secret-env cannot be combined; add the env values afterwards with "server set-secret".');
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
    const config = validate(input);
    if (store.servers.get(config.name)) {
      throw new HubError(ErrorCodes.conflict, `A server named "${config.name}" already exists; remove it first or choose another name.`);
    }
    const added =
      config.transport === 'http' && config.oauth?.clientSecret
        ? await withClientSecret(store, config.name, () => store.servers.add(config))
        : await withSecretsFirst(store, config.name, config.secretEnv, () => store.servers.add(config));
    if (values.json) printJson(added);
    else printLine(`Added ${added.transport} server "${added.name}" (${target(added)}).`);
  });
}

/** Replaces one secret value of a server; a key the server did not have yet is added to its secretEnv. */
async function setSecret(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('server set-secret', argv, {});
  if (values.help) return printLine(serverUsage);
  const [name, key] = expectPositionals('server set-secret', positionals, ['name', 'key']);
  await withStoreAsync(dataDir, async (store) => {
    const current = store.servers.require(name!);
    const isNew = !current.secretEnv.includes(key!);
    const next = validate({ ...current, secretEnv: isNew ? [...current.secretEnv, key!] : current.secretEnv });
    await withSecretsFirst(store, name!, [key!], () => isNew && store.servers.update(next), { keepOnFailure: !isNew });
    printLine(`Stored ${key} of server "${name}" in the keychain.`);
    // The config did not change, so a running hub does not restart the server by itself.
    if (!isNew) printNote('A running hub uses the new value the next time it starts the server (agent-hub server disable, then enable, restarts it).');
  });
}

async function remove(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('server remove', argv, {});
  if (values.help) return printLine(serverUsage);
  const [name] = expectPositionals('server remove', positionals, ['name']);
  await withStoreAsync(dataDir, async (store) => {
    const config = store.servers.require(name!);
    const signedIn = store.signIns.resource(name!) !== undefined;
    store.servers.remove(name!);
    printLine(`Removed server "${name}".`);
    // Only a server with entries touches the keychain.
    const clientSecret = config.transport === 'http' && config.oauth?.clientSecret;
    const entries = [...config.secretEnv, ...(signedIn ? ['sign-in tokens'] : []), ...(clientSecret ? ['OAuth client secret'] : [])];
    if (entries.length === 0) return;
    // Best effort: the server is gone either way; a leftover entry is only clutter in the keychain.
    const failure = await deleteSecretKeys(createKeytarStore(), serverSecretKeys(store.hubId(), config));
    if (failure) printNote(`Its keychain entries (${entries.join(', ')}) were left in place: ${failure.message}`);
  });
}

/**
 * Asks for the values of `keys`, stores them in the keychain, then runs `write` (the hub.db change).
 * The keychain goes first: when it fails, hub.db is not touched; when the write fails, the new entries go.
 */
async function withSecretsFirst<T>(store: Store, server: string, keys: readonly string[], write: () => T, { keepOnFailure = false } = {}): Promise<T> {
  if (keys.length === 0) return write();
  const values = await readSecretValues(keys);
  const secrets = createKeytarStore();
  const hubId = store.hubId();
  await storeServerSecrets(secrets, hubId, server, values);
  try {
    return write();
  } catch (e) {
    if (!keepOnFailure) await deleteServerSecrets(secrets, hubId, server, keys);
    throw e;
  }
}

/** Asks for a pre-registered OAuth client's secret and keeps it in the keychain, before `write` (the hub.db change). */
async function withClientSecret<T>(store: Store, server: string, write: () => T): Promise<T> {
  const { OAUTH_CLIENT_SECRET: secret } = await readSecretValues(['OAUTH_CLIENT_SECRET']);
  const secrets = createKeytarStore();
  const key = secretKey(store.hubId(), 'server', server, 'oauth', 'client-secret');
  await secrets.set(key, secret!);
  try {
    return write();
  } catch (e) {
    await secrets.delete(key).catch(() => {});
    throw e;
  }
}

function validate(input: ServerConfigInput): ServerConfig {
  const parsed = ServerConfigSchema.safeParse(input);
  if (!parsed.success) throw new HubError(ErrorCodes.invalidConfig, `Server "${input.name}" is not valid: ${formatZodIssue(parsed.error)}.`);
  return parsed.data;
}


/** `server status`: the running hub's live view (state, tools, sign-in, last error), as the Servers page shows it. */
async function status(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('server status', argv, {});
  if (values.help) return printLine(serverUsage);
  expectPositionals('server status', positionals, []);
  const states = await (await runningHubApi(dataDir)).serverStatus();
  if (values.json) return printJson(states.map(({ logTail: _log, ...s }) => s));
  printTable(
    ['NAME', 'STATE', 'TOOLS', 'SIGN-IN', 'PROBLEM'],
    states.map((s) => [s.name, s.state, String(s.toolCount), s.signIn ?? '', s.signInError ?? (s.state === 'running' ? '' : (s.lastError ?? ''))]),
    'No servers yet. Add one with: agent-hub server add NAME -- COMMAND [ARGS…]',
  );
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

/** What a server runs or where it is, in one short string (env values are never printed, secret ones are never known). */
export function target(s: ServerConfig): string {
  const secrets = s.secretEnv.length ? ` (${s.secretEnv.map((k) => `${k}=<secret>`).join(' ')})` : '';
  if (s.transport === 'http') return s.command ? `${s.url} (runs: ${[s.command, ...s.args].join(' ')})${secrets}` : s.url;
  return [s.command, ...s.args].map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ') + secrets;
}
