import crypto from 'node:crypto';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { currentHost, undoConnectApp, type AppHost, type ConnectRecord } from '../config/client-apps.js';
import { clientSetups, connectClient } from './client-admin.js';
import type { HubServices } from './hub-services.js';

type ClientsMethods = Pick<HubApi, 'listClients' | 'addClient' | 'removeClient' | 'updateClient' | 'clientSetup' | 'connectClientApp' | 'undoConnectClientApp'>;

export interface ClientsApiOptions {
  /** The home folder the apps' config files are under; os.homedir() by default (tests use a temp folder). */
  home?: string;
}

/**
 * The Clients page's part of the HubApi: hub clients, and writing the hub into each app's config.
 * Undo handles live in this process only: Undo works until the hub restarts (the backup file stays).
 */
export function createClientsApi(hub: Pick<HubServices, 'store' | 'dataDir' | 'notify'>, options: ClientsApiOptions = {}): ClientsMethods {
  const { store } = hub;
  const host: AppHost = currentHost(options.home);
  const undos = new Map<string, ConnectRecord>();

  return {
    listClients: async () => store.clients.list(),
    addClient: async (name) => {
      const { client, token } = store.clients.add(name);
      hub.notify({ type: 'clients-changed' });
      return { name: client.name, token };
    },
    removeClient: async (name) => {
      store.clients.remove(name);
      hub.notify({ type: 'clients-changed' });
      hub.notify({ type: 'rules-changed' });
    },
    updateClient: async (name, patch) => {
      const client = store.clients.update(name, patch);
      hub.notify({ type: 'clients-changed' });
      return client;
    },
    clientSetup: async (name) => clientSetups(store, name, hub.dataDir, host),
    connectClientApp: async (name, app) => {
      const record = connectClient(store, name, app, hub.dataDir, host);
      const undoId = crypto.randomUUID();
      undos.set(undoId, record);
      return { app, configPath: record.configPath, backupPath: record.backupPath, changed: record.changed, undoId };
    },
    undoConnectClientApp: async (undoId) => {
      const record = undos.get(undoId);
      if (!record) {
        throw new HubError(
          ErrorCodes.notFound,
          'That change can no longer be undone here (it was undone already, or the hub restarted since); restore the file from its .agent-hub-backup copy by hand.',
        );
      }
      undoConnectApp(record);
      undos.delete(undoId);
    },
  };
}
