import { ClientApps, type AppConnectionView, type ClientApp, type ClientAppSetup } from '../../../shared/clients.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { appSpec } from '../config/app-registry.js';
import { appSetup, connectApp, disconnectApp, ENTRY_NAME, hubLaunch, readText, type AppHost, type ConnectRecord } from '../config/client-apps.js';
import { entryIn, parseConfig } from '../config/config-document.js';
import { isPlainObject } from '../config/entry-readers.js';
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

/** Removes the hub's entry from the app's file, after a backup (nothing when it has none). */
export function disconnectClient(app: ClientApp, host: AppHost): ConnectRecord {
  return disconnectApp(app, host);
}

/**
 * Each app's file: whether it has the hub's entry, and as which client it connects, read from the entry
 * itself: the client after `connect --client` (stdio), or the client whose token its Authorization
 * header carries (HTTP; the token is only hashed and looked up, never returned).
 */
export function appConnections(store: Pick<Store, 'clients'>, host: AppHost, apps: readonly ClientApp[] = ClientApps): AppConnectionView[] {
  return apps.map((app) => {
    const spec = appSpec(app);
    const configPath = spec.path(host);
    const base = { app, label: spec.label, configPath, format: spec.format };
    const none = { ...base, connected: false, via: null, client: null };
    try {
      const text = readText(configPath);
      if (text === undefined) return none;
      const raw = entryIn(parseConfig(spec.format, text, configPath), spec.servers, ENTRY_NAME, configPath);
      if (raw === undefined) return none;
      const read = isPlainObject(raw) ? spec.read(raw) : undefined;
      if (!read || 'skip' in read) return { ...base, connected: true, via: null, client: null };
      const entry = read.entry;
      if (entry.transport === 'http') {
        const token = bearerOf(entry.headers);
        const client = token ? (store.clients.authenticate(token) ?? null) : null;
        return { ...base, connected: true, via: 'http' as const, client };
      }
      const args = Array.isArray(entry.args) ? entry.args.map(String) : [];
      const at = args.indexOf('--client');
      const named = at === -1 ? undefined : args[at + 1];
      return { ...base, connected: true, via: 'stdio' as const, client: named && store.clients.exists(named) ? named : null };
    } catch (e) {
      return { ...none, problem: (e as Error).message };
    }
  });
}

/** The token of an `Authorization: Bearer …` header, whatever the header's case. */
function bearerOf(headers: unknown): string | undefined {
  if (!isPlainObject(headers)) return undefined;
  const value = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  const m = typeof value === 'string' ? /^Bearer\s+(\S+)$/i.exec(value.trim()) : null;
  return m?.[1];
}
