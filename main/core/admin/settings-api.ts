import type { HubApi } from '../../../shared/hub-api.js';
import { SettingsPatchSchema } from '../../../shared/settings.js';
import type { HubServices } from './hub-services.js';
import { changeSettings, settingsView } from './settings-admin.js';

type SettingsMethods = Pick<HubApi, 'getSettings' | 'updateSettings'>;

/** The Settings page: the same settings as `agent-hub settings`, through the same use case. */
export function createSettingsApi(hub: Pick<HubServices, 'store' | 'dataDir' | 'port'>): SettingsMethods {
  return {
    getSettings: async () => settingsView(hub.store, hub.port, hub.dataDir),
    updateSettings: async (patch) => {
      changeSettings(hub.store, SettingsPatchSchema.parse(patch));
      return settingsView(hub.store, hub.port, hub.dataDir);
    },
  };
}
