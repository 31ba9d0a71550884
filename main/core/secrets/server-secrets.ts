import type { ServerConfig } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { SecretStore } from './secret-store.js';
import { serverEnvKey, serverHeaderKey } from './secret-keys.js';

export { oauthClientSecretKey, serverEnvKey, serverHeaderKey, serverSecretKeys, signInKeys } from './secret-keys.js';

/**
 * Secret values of servers: a server's config lists only the names (`secretEnv`, and `secretHeaders`
 * for HTTP servers); each value is one keychain entry, `hub/<hubId>/server/<name>/env/<KEY>` or
 * `…/header/<name, lower-case>`.
 */

/** The values of a server's secret env keys and secret headers, read when the hub starts or connects to it. */
export type ServerSecretsResolver = (config: ServerConfig) => Promise<{ env: Record<string, string>; headers: Record<string, string> }>;

const secretHeadersOf = (config: ServerConfig): readonly string[] => (config.transport === 'http' ? config.secretHeaders : []);

/** `hubId` is read on the first server with secrets, so a hub without any never needs one. */
export function createServerSecretsResolver(secrets: SecretStore, hubId: () => string): ServerSecretsResolver {
  const read = async (config: ServerConfig, key: string, what: string, setCommand: string) => {
    const value = await secrets.get(key);
    // A locked Secret Service collection also reads as "no value", hence both causes in one sentence.
    if (value === undefined) {
      throw new HubError(
        ErrorCodes.notFound,
        `The keychain has no value for ${what} of server "${config.name}" (or it is locked); unlock the keychain, or set it with: ${setCommand}.`,
      );
    }
    return value;
  };
  return async (config) => {
    const env: Record<string, string> = {};
    const headers: Record<string, string> = {};
    const names = secretHeadersOf(config);
    if (config.secretEnv.length === 0 && names.length === 0) return { env, headers };
    const id = hubId();
    for (const key of config.secretEnv) env[key] = await read(config, serverEnvKey(id, config.name, key), key, `agent-hub server set-secret ${config.name} ${key}`);
    for (const name of names) {
      headers[name] = await read(config, serverHeaderKey(id, config.name, name), `the header ${name}`, `agent-hub server set-secret ${config.name} ${name} --header`);
    }
    return { env, headers };
  };
}

/** Without a SecretStore (tests of other features), a server that needs secrets cannot start. */
export const noServerSecrets: ServerSecretsResolver = async (config) => {
  if (config.secretEnv.length === 0 && secretHeadersOf(config).length === 0) return { env: {}, headers: {} };
  throw new HubError(ErrorCodes.keychainUnavailable, `Server "${config.name}" needs secret values, but this hub has no keychain to read them from.`);
};

/** Stores every value, or none: a failure part-way removes the ones already written. */
export async function storeSecretKeys(secrets: SecretStore, values: ReadonlyMap<string, string>): Promise<void> {
  const written: string[] = [];
  try {
    for (const [key, value] of values) {
      await secrets.set(key, value);
      written.push(key);
    }
  } catch (e) {
    await deleteSecretKeys(secrets, written);
    throw e;
  }
}

/** Deletes keychain entries; the first failure is returned (not thrown) after every key was tried. */
export async function deleteSecretKeys(secrets: SecretStore, keys: readonly string[]): Promise<Error | undefined> {
  let failure: Error | undefined;
  for (const key of keys) {
    try {
      await secrets.delete(key);
    } catch (e) {
      failure ??= e as Error;
    }
  }
  return failure;
}
