/**
 * Where secrets live: OAuth tokens, client secrets, secret environment values of servers. In the app it
 * is the OS keychain (keytar-store.ts); tests may use a map. SQLite only ever holds the keys.
 * Keys are namespaced per hub (see secretKey), so two data folders never share a secret.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(key: string): Promise<boolean>;
}
