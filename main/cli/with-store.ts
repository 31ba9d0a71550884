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
