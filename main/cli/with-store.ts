import { openStore, type Store } from '../core/store/store.js';

/** Opens the data folder's store for one command and always closes it, whatever the command does. */
export function withStore<T>(dataDir: string, fn: (store: Store) => T): T {
  const store = openStore(dataDir);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** withStore for commands that wait on the network or the keychain: the store stays open until `fn` settles. */
export async function withStoreAsync<T>(dataDir: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(dataDir);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
