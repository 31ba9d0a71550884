import type { HubApi } from '../../../shared/hub-api.js';
import { SettingsPatchSchema, type SettingsView } from '../../../shared/settings.js';
import type { HubServices } from './hub-services.js';

type SettingsMethods = Pick<HubApi, 'getSettings' | 'updateSettings'>;

/** The Settings page: the same settings as `agent-hub settings`, under the names the UI uses. */
export function createSettingsApi(hub: Pick<HubServices, 'store' | 'dataDir' | 'port'>): SettingsMethods {
  const { settings } = hub.store;
  const view = (): SettingsView => ({
    port: settings.get('port'),
    runningPort: hub.port,
    consentTimeout: settings.get('consent-timeout'),
    historyDays: settings.get('history-days'),
    dataDir: hub.dataDir,
  });
  return {
    getSettings: async () => view(),
    updateSettings: async (patch) => {
      const p = SettingsPatchSchema.parse(patch);
      if (p.port !== undefined) settings.set('port', p.port);
      if (p.consentTimeout !== undefined) settings.set('consent-timeout', p.consentTimeout);
      if (p.historyDays !== undefined) settings.set('history-days', p.historyDays);
      return view();
    },
  };
}
