import type { ServerConfig } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { secretKey, type SecretStore } from './secret-store.js';

/**
 * Secret environment values of servers: a server's config lists only the names (`secretEnv`); each
 * value is one keychain entry, `hub/<hubId>/server/<name>/env/<KEY>`.
 */

/** The values of a server's secret env keys, read when the hub starts the server. */
export type SecretEnvResolver = (config: ServerConfig) => Promise<Record<string, string>>;

export function serverEnvKey(hubId: string, server: string, key: string): string {
  return secretKey(hubId, 'server', server, 'env', key);
}

/** `hubId` is read on the first server with secrets, so a hub without any never needs one. */
export function createSecretEnvResolver(secrets: SecretStore, hubId: () => string): SecretEnvResolver {
  return async (config) => {
    if (config.secretEnv.length === 0) return {};
    const id = hubId();
    const env: Record<string, string> = {};
    for (const key of config.secretEnv) {
      const value = await secrets.get(serverEnvKey(id, config.name, key));
      // A locked Secret Service collection also reads as "no value", hence both causes in one sentence.
      if (value === undefined) {
        throw new HubError(
          ErrorCodes.notFound,
          `The keychain has no value for ${key} of server "${config.name}" (or it is locked); unlock the keychain, or set it with: agent-hub server set-secret ${config.name} ${key}.`,
        );
      }
      env[key] = value;
    }
    return env;
  };
}

/** Without a SecretStore (tests of other features), a server that needs secrets cannot start. */
export const noSecretEnv: SecretEnvResolver = async (config) => {
  if (config.secretEnv.length === 0) return {};
  throw new HubError(ErrorCodes.keychainUnavailable, `Server "${config.name}" needs secret env values, but this hub has no keychain to read them from.`);
};

/** Stores every value, or none: a failure part-way removes the ones already written. */
export async function storeServerSecrets(secrets: SecretStore, hubId: string, server: string, values: Record<string, string>): Promise<void> {
  const written: string[] = [];
  try {
    for (const [key, value] of Object.entries(values)) {
      await secrets.set(serverEnvKey(hubId, server, key), value);
      written.push(key);
    }
  } catch (e) {
    await deleteServerSecrets(secrets, hubId, server, written);
    throw e;
  }
}

/** Deletes these secret env values of a server; the first failure is returned (not thrown) after every key was tried. */
export function deleteServerSecrets(secrets: SecretStore, hubId: string, server: string, keys: readonly string[]): Promise<Error | undefined> {
  return deleteSecretKeys(secrets, keys.map((key) => serverEnvKey(hubId, server, key)));
}

/** Every keychain entry a server may have: its secret env values and, for HTTP servers, its OAuth tokens and registration. */
export function serverSecretKeys(hubId: string, config: ServerConfig): string[] {
  const env = config.secretEnv.map((key) => serverEnvKey(hubId, config.name, key));
  const oauth = config.transport === 'http' ? [...signInKeys(hubId, config.name), secretKey(hubId, 'server', config.name, 'oauth', 'client-secret')] : [];
  return [...env, ...oauth];
}

/** What a sign-in stored: the tokens and the registration, both good for one server URL only. */
export function signInKeys(hubId: string, server: string): string[] {
  return ['tokens', 'client'].map((kind) => secretKey(hubId, 'server', server, 'oauth', kind));
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
