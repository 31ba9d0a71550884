import type { HubApi } from '../../../shared/hub-api.js';
import type { Hub } from '../hub.js';

type SettingsMethods = Pick<HubApi, 'getSettings' | 'updateSettings'>;

export function createSettingsApi(hub: Pick<Hub, 'store' | 'dataDir' | 'port'>): SettingsMethods {
  void hub;
  const todo = async (): Promise<never> => {
    throw new Error('Not built yet.');
  };
  return { getSettings: todo, updateSettings: todo };
}
