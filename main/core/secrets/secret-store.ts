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

/**
 * The keychain key (keytar's "account") of one secret of one hub: `hub/<hubId>/<part>/<part>…`, e.g.
 * `hub/3f…/server/github/env/API_TOKEN`. Parts are URI-encoded so that no part can fake a `/`.
 */
export function secretKey(hubId: string, ...parts: string[]): string {
  if (!hubId || parts.length === 0 || parts.some((p) => p === '')) throw new Error('secretKey needs a hub id and non-empty parts.');
  return ['hub', hubId, ...parts].map(encodeURIComponent).join('/');
}
