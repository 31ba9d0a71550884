import type { HubApi } from '../../../shared/hub-api.js';
import type { Store } from '../store/store.js';

/**
 * The HubApi every UI host exposes (Electron IPC now, browser mode's HTTP binding later). Hosts validate
 * arguments against shared/hub-api.ts before calling in; this is where the behaviour lives.
 */
export function createHubApi(store: Store): HubApi {
  return {
    listServers: async () => store.servers.list(),
    setServerEnabled: async (name, enabled) => store.servers.setEnabled(name, enabled),
    removeServer: async (name) => store.servers.remove(name),
  };
}
