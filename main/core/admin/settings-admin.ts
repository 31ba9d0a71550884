import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { settingsTable, type SettingKey, type SettingsPatch, type SettingsView } from '../../../shared/settings.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import type { Store } from '../store/store.js';

/**
 * Changing settings, the one path for `agent-hub settings set` and the Settings page: by the setting's
 * name (the CLI) or by its HubApi field (the page), both through shared/settings.ts's table.
 */
export function changeSetting(store: Pick<Store, 'settings'>, key: SettingKey, value: unknown): unknown {
  const check = settingsTable[key].schema.safeParse(value);
  if (!check.success) throw new HubError(ErrorCodes.invalidArgument, `Setting ${key} cannot be ${JSON.stringify(value)}: ${formatZodIssue(check.error)}.`);
  return store.settings.set(key, check.data);
}

export function changeSettings(store: Pick<Store, 'settings'>, patch: SettingsPatch): void {
  for (const [key, { field }] of Object.entries(settingsTable) as [SettingKey, { field: keyof SettingsPatch }][]) {
    if (patch[field] !== undefined) changeSetting(store, key, patch[field]);
  }
}

/** The settings as the page shows them, with where the hub runs now. */
export function settingsView(store: Pick<Store, 'settings'>, runningPort: number, dataDir: string): SettingsView {
  return {
    port: store.settings.get('port'),
    runningPort,
    consentTimeout: store.settings.get('consent-timeout'),
    historyDays: store.settings.get('history-days'),
    dataDir,
  };
}
