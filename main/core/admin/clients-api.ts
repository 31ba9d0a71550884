import type { HubApi } from '../../../shared/hub-api.js';
import type { Hub } from '../hub.js';

type ClientsMethods = Pick<HubApi, 'listClients' | 'addClient' | 'removeClient' | 'clientSetup' | 'connectClientApp' | 'undoConnectClientApp'>;

/** The Clients page's part of the HubApi: hub clients, and writing the hub into each app's config. */
export function createClientsApi(hub: Pick<Hub, 'store' | 'dataDir'>): ClientsMethods {
  const todo = async (): Promise<never> => {
    throw new Error('Not built yet.');
  };
  return {
    listClients: async () => hub.store.clients.list(),
    addClient: todo,
    removeClient: todo,
    clientSetup: todo,
    connectClientApp: todo,
    undoConnectClientApp: todo,
  };
}
