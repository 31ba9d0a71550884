import { ErrorCodes, isHubError } from '../../shared/errors.js';
import { changeSetting } from '../core/admin/settings-admin.js';
import { isSettingKey, settingsSchema } from '../core/store/settings-repo.js';
import { withStore } from './with-store.js';
import { expectPositionals, parse, UsageError } from './args.js';
import { printJson, printLine, printTable } from './output.js';

export const settingsUsage = `Usage:
  agent-hub settings [--json]               every setting and its value
  agent-hub settings set KEY VALUE          keys: ${Object.keys(settingsSchema).join(', ')}`;

export function settingsCommand(argv: string[]): void {
  const setting = argv[0] === 'set';
  const { values, positionals, dataDir } = parse(setting ? 'settings set' : 'settings', setting ? argv.slice(1) : argv, {});
  if (values.help) return printLine(settingsUsage);
  withStore(dataDir, (store) => {
    if (!setting) {
      expectPositionals('settings', positionals, []);
      const all = store.settings.all();
      if (values.json) return printJson(all);
      return printTable(['KEY', 'VALUE'], Object.entries(all).map(([k, v]) => [k, JSON.stringify(v)]), '');
    }
    const [key, raw] = expectPositionals('settings set', positionals, ['key', 'value']);
    if (!isSettingKey(key!)) throw new UsageError(`There is no setting "${key}"; the settings are: ${Object.keys(settingsSchema).join(', ')}.`);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw!);
    } catch {
      // A plain string.
    }
    let saved: unknown;
    try {
      saved = changeSetting(store, key, value);
    } catch (e) {
      // A value the setting cannot take is a mistake in the call (exit 2), like an unknown key.
      throw isHubError(e) && e.code === ErrorCodes.invalidArgument ? new UsageError(e.message) : e;
    }
    printLine(`${key} = ${JSON.stringify(saved)}`);
  });
}
