import crypto from 'node:crypto';
import type { AppChangeView, ClientApp, ConnectResult } from '../../../shared/clients.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { APP_LABELS, currentHost, undoConnectApp, type AppHost, type ConnectRecord } from '../config/client-apps.js';
import { appConnections, clientSetups, connectClient, disconnectClient } from './client-admin.js';
import type { HubServices } from './hub-services.js';

type ClientsMethods = Pick<
  HubApi,
  | 'listClients'
  | 'addClient'
  | 'removeClient'
  | 'updateClient'
  | 'clientSetup'
  | 'connectClientApp'
  | 'disconnectClientApp'
  | 'undoConnectClientApp'
  | 'listAppConnections'
  | 'listAppChanges'
>;

export interface ClientsApiOptions {
  /** The home folder the apps' config files are under; os.homedir() by default (tests use a temp folder). */
  home?: string;
}

/**
 * The Clients page's part of the HubApi: hub clients, and writing the hub into each app's config (or
 * taking it out). Undo handles live in this process, listed by listAppChanges so a page left and opened
 * again still offers them: Undo works until the hub restarts (the backup file stays).
 */
export function createClientsApi(hub: Pick<HubServices, 'store' | 'dataDir' | 'notify'>, options: ClientsApiOptions = {}): ClientsMethods {
  const { store } = hub;
  const host: AppHost = currentHost(options.home);
  const undos = new Map<string, { record: ConnectRecord; view: AppChangeView }>();
  /** Keeps a change's undo handle; says what it did. */
  const remember = (kind: AppChangeView['kind'], app: ClientApp, client: string | null, record: ConnectRecord): ConnectResult => {
    const undoId = crypto.randomUUID();
    // A change that wrote nothing has a handle too (its undo does nothing), but is no change to list.
    const view: AppChangeView = { undoId, kind, app, label: APP_LABELS[app], client, configPath: record.configPath, backupPath: record.backupPath, at: new Date().toISOString() };
    undos.set(undoId, { record, view });
    // The apps' connections changed (no other event says so).
    hub.notify({ type: 'clients-changed' });
    return { app, configPath: record.configPath, backupPath: record.backupPath, changed: record.changed, undoId };
  };

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
    connectClientApp: async (name, app) => remember('connect', app, name, connectClient(store, name, app, hub.dataDir, host)),
    disconnectClientApp: async (app) => {
      const was = appConnections(store, host, [app])[0]!;
      return remember('disconnect', app, was.client, disconnectClient(app, host));
    },
    listAppConnections: async () => appConnections(store, host),
    listAppChanges: async () => [...undos.values()].filter((u) => u.record.changed).map((u) => u.view).reverse(),
    undoConnectClientApp: async (undoId) => {
      const change = undos.get(undoId);
      if (!change) {
        throw new HubError(
          ErrorCodes.notFound,
          'That change can no longer be undone here (it was undone already, or the hub restarted since); restore the file from its .agent-hub-backup copy by hand.',
        );
      }
      undoConnectApp(change.record);
      undos.delete(undoId);
      hub.notify({ type: 'clients-changed' });
    },
  };
}
