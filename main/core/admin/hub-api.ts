import type { HubApi } from '../../../shared/hub-api.js';
import { ToolCallFilterSchema } from '../../../shared/timeline.js';
import type { Hub } from '../hub.js';
import { deleteSecretKeys, serverSecretKeys } from '../secrets/secret-env.js';
import { createAgentsApi } from './agents-api.js';
import { createClientsApi } from './clients-api.js';
import { createServersApi } from './servers-api.js';
import { createSettingsApi } from './settings-api.js';

/**
 * The HubApi every UI host exposes (Electron IPC, browser mode's HTTP binding). Hosts validate
 * arguments against shared/hub-api.ts before calling in; this is where the behaviour lives. `surface`
 * names the host in the record of who answered a prompt.
 */
export function createHubApi(hub: Pick<Hub, 'store' | 'consent' | 'reload' | 'gateway' | 'auth' | 'secrets' | 'dataDir' | 'port'>, surface: string): HubApi {
  const { store, consent, gateway } = hub;
  return {
    listServers: async () => store.servers.list(),
    serverStatus: async () => {
      return Promise.all(
        gateway.status(store.servers.list()).map(async (s) => {
          const signIn = await hub.auth.state(s.name);
          const signInError = hub.auth.failure(s.name);
          return { ...s, ...(signIn ? { signIn } : {}), ...(signInError ? { signInError } : {}) };
        }),
      );
    },
    restartServer: async (name) => {
      store.servers.require(name);
      await gateway.restart(name);
      await hub.reload();
    },
    setServerEnabled: async (name, enabled) => {
      store.servers.setEnabled(name, enabled);
      await hub.reload();
    },
    removeServer: async (name) => {
      const config = store.servers.require(name);
      const signedIn = store.signIns.resource(name) !== undefined;
      store.servers.remove(name);
      hub.auth.forget(name);
      await hub.reload();
      // Best effort, after the removal: a keychain that cannot be reached leaves only clutter behind.
      if (config.secretEnv.length > 0 || signedIn) await deleteSecretKeys(hub.secrets, serverSecretKeys(store.hubId(), config));
    },
    ...createServersApi(hub),
    ...createClientsApi(hub),
    ...createSettingsApi(hub),
    ...createAgentsApi(hub),
    listPendingPrompts: async () => consent.pending(),
    answerPrompt: async (id, effect, remember) => consent.answer(id, effect, remember, surface),
    listConsentRules: async () => store.consent.rules(),
    revokeConsentRule: async (id) => {
      store.consent.revokeRule(id);
      consent.rulesChanged();
    },
    listChangedTools: async () => store.consent.changedTools(),
    listToolCalls: async (filter) => store.toolCalls.query(ToolCallFilterSchema.parse(filter)),
  };
}
