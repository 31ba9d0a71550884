import type { SecretStore } from '../../main/core/secrets/secret-store.js';

/** A SecretStore in a Map, for tests that do not need the real keychain; `entries` shows what is kept. */
export function memorySecrets(initial: Record<string, string> = {}): SecretStore & { entries: Map<string, string> } {
  const entries = new Map(Object.entries(initial));
  return {
    entries,
    get: async (key) => entries.get(key),
    set: async (key, value) => void entries.set(key, value),
    delete: async (key) => entries.delete(key),
  };
}
