import type { ServerConfig } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { ImportSelectionSchema, looksSecret, type ImportServerPreview, type ImportSourceView } from '../../../shared/import.js';
import { currentHost, type AppHost } from '../config/app-paths.js';
import { allApps, appSpec, type AppSpec } from '../config/app-registry.js';
import { readText } from '../config/client-apps.js';
import { readServers, type ReadEntry, type ReadServers } from '../config/client-files.js';
import { parseConfig, serversIn } from '../config/config-document.js';
import { serverEnvKey, serverHeaderKey } from '../secrets/server-secrets.js';
import type { HubServices } from './hub-services.js';
import { addServer, removeServer, updateServer, validateServer, type ServerSecretValues } from './server-admin.js';

type ImportMethods = Pick<HubApi, 'listImportSources' | 'importServers'>;

export interface ImportApiOptions {
  /** Where the apps' files are; this machine's home and environment by default (tests use a temp folder). */
  host?: AppHost;
}

/**
 * Importing the servers other apps already have, for the UI: what each app's file holds (names of env
 * variables and headers, never their values), then the servers the user picked. The hub reads the file
 * again itself, keeps the values the user marked secret in the keychain through addServer/updateServer
 * (the one path for secrets), and imports all of the picked servers or none.
 */
export function createImportApi(hub: Pick<HubServices, 'store' | 'secrets' | 'reload' | 'auth' | 'log'>, options: ImportApiOptions = {}): ImportMethods {
  const { store } = hub;
  const host = options.host ?? currentHost();
  const secrets = () => hub.secrets;

  return {
    listImportSources: async () => {
      const sources: ImportSourceView[] = [];
      for (const spec of allApps()) {
        const file = spec.path(host);
        const base = { app: spec.id, label: spec.label, path: file };
        try {
          const read = readSource(spec, file);
          if (!read) continue;
          sources.push({ ...base, servers: read.entries.map((e) => preview(e, !!store.servers.get(e.name))), warnings: read.warnings });
        } catch (e) {
          if (!(e instanceof HubError)) throw e;
          sources.push({ ...base, error: e.message, servers: [], warnings: [] });
        }
      }
      return sources;
    },

    importServers: async (selection) => {
      const { app, servers, secret, replace = false } = ImportSelectionSchema.parse(selection);
      const names = [...new Set(servers)];
      const spec = appSpec(app);
      const file = spec.path(host);
      const read = readSource(spec, file);
      if (!read) throw new HubError(ErrorCodes.notFound, `${spec.label}'s MCP config file is gone (${file}); nothing was imported.`);

      for (const name of Object.keys(secret)) {
        if (!names.includes(name)) throw new HubError(ErrorCodes.invalidArgument, `Secrets were marked for "${name}", which is not among the servers to import; nothing was imported.`);
      }
      const plans = names.map((name) => plan(read, spec, name, secret[name] ?? []));
      for (const p of plans) {
        if (store.agents.get(p.config.name)) {
          throw new HubError(ErrorCodes.conflict, `The name "${p.config.name}" is taken by an agent (servers and agents share names); nothing was imported.`);
        }
        if (store.servers.get(p.config.name) && !replace) {
          throw new HubError(
            ErrorCodes.conflict,
            `A server named "${p.config.name}" already exists in Agent Hub; import with replace to overwrite it, or leave it out. Nothing was imported.`,
          );
        }
      }

      const undo: (() => Promise<unknown>)[] = [];
      try {
        for (const p of plans) {
          const previous = store.servers.get(p.config.name);
          if (!previous) {
            await addServer(store, secrets, p.config, p.values);
            undo.push(() => removeServer(store, secrets, p.config.name));
            continue;
          }
          const kept = await storedSecrets(previous);
          const { signInCleared } = await updateServer(store, secrets, p.config.name, p.config, p.values);
          if (signInCleared) hub.auth.forget(p.config.name);
          undo.push(() => updateServer(store, secrets, previous.name, previous, kept));
        }
      } catch (e) {
        // All or nothing: what was added goes, what was replaced comes back (with its secret values).
        for (const step of undo.reverse()) await step().catch((u: unknown) => hub.log.warn('undoing part of a failed import', u));
        throw e;
      }
      await hub.reload();
      const picked = new Set(plans.map((p) => p.entry.originalName));
      return {
        imported: plans.map((p) => p.config.name),
        renamed: read.renamed.filter((r) => picked.has(r.from)),
        warnings: plans.flatMap((p) => p.entry.warnings),
      };
    },
  };

  /** The secret values a server has in the keychain now (to put back if an import must be undone). */
  async function storedSecrets(config: ServerConfig): Promise<ServerSecretValues> {
    const id = store.hubId();
    const values: ServerSecretValues = { env: {}, headers: {} };
    for (const key of config.secretEnv) {
      const value = await hub.secrets.get(serverEnvKey(id, config.name, key)).catch(() => undefined);
      if (value !== undefined) values.env![key] = value;
    }
    for (const header of config.transport === 'http' ? config.secretHeaders : []) {
      const value = await hub.secrets.get(serverHeaderKey(id, config.name, header)).catch(() => undefined);
      if (value !== undefined) values.headers![header] = value;
    }
    return values;
  }
}

/** The app's file read and its entries checked, or undefined when the app has no file on this machine. */
function readSource(spec: AppSpec, file: string): ReadServers | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  // Apps' JSON files are read leniently (a stray comment does not stop an import).
  const doc = parseConfig(spec.format === 'json' ? 'jsonc' : spec.format, text, file, 'fix that file to import from it');
  if (serversIn(doc, spec.servers, file) === undefined) return { app: spec.id, entries: [], renamed: [], warnings: [] };
  return readServers(spec.id, doc);
}

function preview(entry: ReadEntry, exists: boolean): ImportServerPreview {
  const base = { name: entry.name, originalName: entry.originalName, transport: entry.transport, exists };
  const config = entry.config;
  if (!config) return { ...base, envKeys: [], headerKeys: [], secretSuggested: [], problem: entry.problem! };
  const env = Object.entries(config.env);
  const headers = config.transport === 'http' ? Object.entries(config.headers) : [];
  return {
    ...base,
    ...(config.transport === 'stdio' ? { command: config.command, args: config.args } : { url: config.url }),
    envKeys: env.map(([k]) => k),
    headerKeys: headers.map(([k]) => k),
    secretSuggested: [...env.filter(([k, v]) => looksSecret('env', k, v)), ...headers.filter(([k, v]) => looksSecret('header', k, v))].map(([k]) => k),
  };
}

interface Plan {
  entry: ReadEntry;
  /** The server as hub.db will hold it: the secret names listed, their values left out. */
  config: ServerConfig;
  values: ServerSecretValues;
}

/** One picked server, with the keys marked secret moved out of its config into keychain values. */
function plan(read: ReadServers, spec: AppSpec, name: string, secretKeys: readonly string[]): Plan {
  const fail = (why: string) => new HubError(ErrorCodes.invalidArgument, `${why}; nothing was imported.`);
  const entry = read.entries.find((e) => e.name === name);
  if (!entry) throw fail(`"${name}" is not a server of ${spec.label}'s config file (it may have changed since it was listed; list the sources again)`);
  if (!entry.config) throw fail(`"${name}" cannot be imported: ${entry.problem}`);
  const config = entry.config;
  const values: ServerSecretValues = {};
  const take = (from: Record<string, string>, key: string, what: string): [string, string] => {
    const found = Object.keys(from).find((k) => (what === 'header' ? k.toLowerCase() === key.toLowerCase() : k === key));
    if (found === undefined) throw fail(`"${key}" is not ${what === 'header' ? 'a header' : 'an environment variable'} of "${name}"`);
    if (from[found] === '') throw fail(`"${found}" of "${name}" is empty, so there is nothing to keep in the keychain; leave it unmarked`);
    return [found, from[found]!];
  };
  if (config.transport === 'stdio') {
    const picked = secretKeys.map((k) => take(config.env, k, 'env'));
    values.env = Object.fromEntries(picked);
    const env = Object.fromEntries(Object.entries(config.env).filter(([k]) => !(k in values.env!)));
    return { entry, config: validateServer({ ...config, env, secretEnv: picked.map(([k]) => k) }), values };
  }
  const picked = secretKeys.map((k) => take(config.headers, k, 'header'));
  values.headers = Object.fromEntries(picked);
  const headers = Object.fromEntries(Object.entries(config.headers).filter(([k]) => !(k in values.headers!)));
  return { entry, config: validateServer({ ...config, headers, secretHeaders: picked.map(([k]) => k) }), values };
}
