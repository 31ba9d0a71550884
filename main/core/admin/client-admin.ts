import { ClientApps, type ClientApp, type ClientAppSetup } from '../../../shared/clients.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { appSetup, connectApp, hubLaunch, type AppHost, type ConnectRecord } from '../config/client-apps.js';
import type { Store } from '../store/store.js';

/**
 * What the CLI and the Clients page do with a client's apps, in one place: each app's entry and file
 * (the hub's entry runs `agent-hub connect --client NAME`), and writing it into one app's file.
 * Adding, changing and removing clients are the ClientsRepo's own (add, update, remove).
 */
export function requireClient(store: Pick<Store, 'clients'>, name: string): void {
  if (!store.clients.exists(name)) {
    throw new HubError(ErrorCodes.notFound, `There is no client named "${name}"; create it first on the Clients page (or: agent-hub client add ${name}).`);
  }
}

/** Every app's (or the given apps') entry, file and whether it is connected, for a client. */
export function clientSetups(store: Pick<Store, 'clients'>, name: string, dataDir: string, host: AppHost, apps: readonly ClientApp[] = ClientApps): ClientAppSetup[] {
  requireClient(store, name);
  const launch = hubLaunch(name, dataDir);
  return apps.map((app) => appSetup(app, launch, host));
}

/** Writes the client's entry into the app's file, after a backup (nothing when it is there already). */
export function connectClient(store: Pick<Store, 'clients'>, name: string, app: ClientApp, dataDir: string, host: AppHost): ConnectRecord {
  requireClient(store, name);
  return connectApp(app, hubLaunch(name, dataDir), host);
}
