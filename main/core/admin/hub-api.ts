import type { HubApi } from '../../../shared/hub-api.js';
import { changedTools } from '../consent/changed-tools.js';
import type { HubServices } from './hub-services.js';
import { createAgentsApi } from './agents-api.js';
import { createClientsApi } from './clients-api.js';
import { createConsentApi } from './consent-api.js';
import { createImportApi } from './import-api.js';
import { createLimitsApi } from './limits-api.js';
import { createProfilesApi } from './profiles-api.js';
import { createServersApi } from './servers-api.js';
import { createSettingsApi } from './settings-api.js';
import { createTimelineApi } from './timeline-api.js';
import { createWorkbenchApi } from './workbench-api.js';

/**
 * The HubApi every UI host exposes (Electron IPC, browser mode's HTTP binding). Hosts validate
 * arguments against shared/hub-api.ts before calling in; this is where the behaviour lives. `surface`
 * names the host in the record of who answered a prompt.
 */
export function createHubApi(hub: HubServices, surface: string): HubApi {
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
    ...createServersApi(hub),
    ...createClientsApi(hub),
    ...createImportApi(hub),
    ...createSettingsApi(hub),
    ...createAgentsApi(hub),
    ...createLimitsApi(hub),
    ...createConsentApi(hub),
    ...createTimelineApi(hub),
    ...createWorkbenchApi(hub),
    ...createProfilesApi(hub),
    listPendingPrompts: async () => consent.pending(),
    answerPrompt: async (id, effect, remember) => consent.answer(id, effect, remember, surface),
    listConsentRules: async () => store.consent.rules(),
    revokeConsentRule: async (id) => {
      store.consent.revokeRule(id);
      consent.rulesChanged();
    },
    listChangedTools: async () => changedTools(store.consent),
  };
}
