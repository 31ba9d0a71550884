// What the CLI and the UI do to servers, in one place: add, edit, remove, and replace one secret.
// Secret values go to the keychain before hub.db changes (a keychain failure writes nothing), and
// leave it after hub.db forgets them (a keychain failure then only leaves clutter, reported).
import { ServerConfigSchema, type ServerConfig } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import type { SecretStore } from '../secrets/secret-store.js';
import {
  deleteSecretKeys,
  oauthClientSecretKey,
  serverEnvKey,
  serverHeaderKey,
  serverSecretKeys,
  signInKeys,
  storeSecretKeys,
} from '../secrets/server-secrets.js';
import type { Store } from '../store/store.js';

/** Secret values given with a change: env values, header values, a pre-registered OAuth client's secret. */
export interface ServerSecretValues {
  env?: Record<string, string>;
  headers?: Record<string, string>;
  oauthClientSecret?: string;
}

type AdminStore = Pick<Store, 'servers' | 'signIns' | 'hubId'>;

export function validateServer(input: unknown): ServerConfig {
  const parsed = ServerConfigSchema.safeParse(input);
  const name = (input as { name?: unknown } | null)?.name;
  if (!parsed.success) throw new HubError(ErrorCodes.invalidConfig, `Server "${String(name)}" is not valid: ${formatZodIssue(parsed.error)}.`);
  return parsed.data;
}

/** Adds a server: its secret values (every name it lists needs one) first, then hub.db. */
export async function addServer(store: AdminStore, secrets: () => SecretStore, input: unknown, values: ServerSecretValues = {}): Promise<ServerConfig> {
  const config = validateServer(input);
  if (store.servers.get(config.name)) throw new HubError(ErrorCodes.conflict, `A server named "${config.name}" already exists; remove it first or choose another name.`);
  const writes = secretWrites(store, config, undefined, values);
  return withSecretsFirst(secrets, writes, () => store.servers.add(config));
}

/**
 * Replaces a server's configuration (its name stays: clients call its tools by it). A secret name
 * still listed keeps its stored value unless a new one is given; a name no longer listed is deleted
 * from the keychain. Fields the caller does not send (the UI form knows nothing of OAuth client
 * settings) stay as they were. Returns whether the sign-in was forgotten (the URL changed).
 */
export async function updateServer(
  store: AdminStore,
  secrets: () => SecretStore,
  name: string,
  input: unknown,
  values: ServerSecretValues = {},
): Promise<{ config: ServerConfig; signInCleared: boolean }> {
  const current = store.servers.require(name);
  const given = input as Record<string, unknown> | null;
  if (given?.name !== undefined && given.name !== name) {
    throw new HubError(ErrorCodes.invalidArgument, `A server cannot be renamed (clients call its tools by name); add "${String(given.name)}" as a new server instead.`);
  }
  const kept = {
    secretEnv: given?.secretEnv ?? current.secretEnv,
    ...(given?.transport === 'http' ? { secretHeaders: given.secretHeaders ?? (current.transport === 'http' ? current.secretHeaders : []) } : {}),
    ...(given?.transport === 'http' && given.oauth === undefined && current.transport === 'http' && current.oauth ? { oauth: current.oauth } : {}),
  };
  const config = validateServer({ ...given, ...kept, name });
  const writes = secretWrites(store, config, current, values);
  await withSecretsFirst(secrets, writes, () => store.servers.update(config));

  const id = store.hubId();
  const still = new Set(serverSecretKeys(id, config));
  const dropped = serverSecretKeys(id, current).filter((k) => !still.has(k) && !signInKeys(id, name).includes(k));
  // Tokens were issued for the old URL: they must never go to the new one. The OAuth client settings
  // (and a pre-registered client's secret) stay: only the sign-in goes.
  const signInCleared = current.transport === 'http' && (config.transport !== 'http' || config.url !== current.url);
  if (signInCleared) store.signIns.clear(name);
  const stale = [...dropped, ...(signInCleared ? signInKeys(id, name) : [])];
  if (stale.length > 0) await deleteSecretKeys(secrets(), stale);
  return { config, signInCleared };
}

/**
 * Removes a server; its keychain entries go after it (best effort: the server is gone either way).
 * Returns what the keychain held for it and the first deletion failure.
 */
export async function removeServer(store: AdminStore, secrets: () => SecretStore, name: string): Promise<{ config: ServerConfig; entries: string[]; keychainFailure?: Error }> {
  const config = store.servers.require(name);
  const signedIn = store.signIns.resource(name) !== undefined;
  store.servers.remove(name);
  const entries = [
    ...config.secretEnv,
    ...(config.transport === 'http' ? config.secretHeaders.map((h) => `header ${h}`) : []),
    ...(signedIn ? ['sign-in tokens'] : []),
    ...(config.transport === 'http' && config.oauth?.clientSecret ? ['OAuth client secret'] : []),
  ];
  // Only a server with entries touches the keychain.
  if (entries.length === 0) return { config, entries };
  const keychainFailure = await deleteSecretKeys(secrets(), serverSecretKeys(store.hubId(), config));
  return { config, entries, ...(keychainFailure ? { keychainFailure } : {}) };
}

/** Replaces (or adds) one secret env value or secret header of a server. */
export async function setServerSecret(store: AdminStore, secrets: () => SecretStore, name: string, kind: 'env' | 'header', key: string, value: string): Promise<{ added: boolean }> {
  const current = store.servers.require(name);
  const list = kind === 'env' ? current.secretEnv : current.transport === 'http' ? current.secretHeaders : undefined;
  if (!list) throw new HubError(ErrorCodes.invalidArgument, `Server "${name}" is not an HTTP server, so it has no headers.`);
  const added = !list.some((k) => k.toLowerCase() === key.toLowerCase() && (kind === 'header' || k === key));
  const next = added ? validateServer({ ...current, ...(kind === 'env' ? { secretEnv: [...list, key] } : { secretHeaders: [...list, key] }) }) : current;
  const values = kind === 'env' ? { env: { [key]: value } } : { headers: { [key]: value } };
  // A new key changes the config; a replaced value does not, but a running hub must hear of it (a server
  // waiting for its keychain tries again).
  await withSecretsFirst(secrets, secretWrites(store, next, current, values), () => (added ? store.servers.update(next) : store.servers.touch(name)));
  return { added };
}

/** The keychain writes a change needs: every new secret name must have a value; every value must be named. */
function secretWrites(store: AdminStore, config: ServerConfig, current: ServerConfig | undefined, values: ServerSecretValues): Map<string, string> {
  const fail = (why: string) => new HubError(ErrorCodes.invalidArgument, `Server "${config.name}": ${why}; nothing was written.`);
  const headers = config.transport === 'http' ? config.secretHeaders : [];
  const had = { env: new Set(current?.secretEnv ?? []), headers: new Set((current?.transport === 'http' ? current.secretHeaders : []).map((h) => h.toLowerCase())) };
  const givenHeaders = new Map(Object.entries(values.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const key of Object.keys(values.env ?? {})) if (!config.secretEnv.includes(key)) throw fail(`a secret value was given for ${key}, which is not in its secret env`);
  for (const key of givenHeaders.keys()) if (!headers.some((h) => h.toLowerCase() === key)) throw fail(`a secret value was given for the header ${key}, which is not in its secret headers`);
  for (const key of config.secretEnv) if (!had.env.has(key) && !values.env?.[key]) throw fail(`the secret env value ${key} is missing`);
  for (const key of headers) if (!had.headers.has(key.toLowerCase()) && !givenHeaders.get(key.toLowerCase())) throw fail(`the secret value of the header ${key} is missing`);
  const oauthSecret = config.transport === 'http' && config.oauth?.clientSecret;
  const hadOauthSecret = current?.transport === 'http' && current.oauth?.clientSecret;
  if (values.oauthClientSecret !== undefined && !oauthSecret) throw fail('an OAuth client secret was given, but its OAuth settings have no client secret');
  if (oauthSecret && !hadOauthSecret && !values.oauthClientSecret) throw fail('the OAuth client secret is missing');

  const writes = new Map<string, string>();
  const hasWrites = Object.keys(values.env ?? {}).length + givenHeaders.size > 0 || values.oauthClientSecret !== undefined;
  if (!hasWrites) return writes;
  const id = store.hubId();
  for (const [key, value] of Object.entries(values.env ?? {})) writes.set(serverEnvKey(id, config.name, key), value);
  for (const [key, value] of givenHeaders) writes.set(serverHeaderKey(id, config.name, key), value);
  if (values.oauthClientSecret !== undefined) writes.set(oauthClientSecretKey(id, config.name), values.oauthClientSecret);
  return writes;
}

/**
 * The keychain first: when it fails, hub.db is not touched. When the hub.db write then fails, the
 * keychain is put back as it was (new entries deleted, replaced values restored).
 */
async function withSecretsFirst<T>(secrets: () => SecretStore, writes: ReadonlyMap<string, string>, write: () => T): Promise<T> {
  if (writes.size === 0) return write();
  const store = secrets();
  const before = new Map<string, string | undefined>();
  for (const key of writes.keys()) before.set(key, await store.get(key));
  await storeSecretKeys(store, writes);
  try {
    return write();
  } catch (e) {
    for (const [key, value] of before) await (value === undefined ? store.delete(key) : store.set(key, value)).catch(() => {});
    throw e;
  }
}
