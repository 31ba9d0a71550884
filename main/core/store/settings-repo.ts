import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';
import { settingsTable, type SettingKey } from '../../../shared/settings.js';

/** The schema of each setting (one table for the CLI, the HubApi and hub.db: shared/settings.ts). */
export const settingsSchema = Object.fromEntries(Object.entries(settingsTable).map(([k, v]) => [k, v.schema])) as {
  [K in SettingKey]: (typeof settingsTable)[K]['schema'];
};

/**
 * This hub's id lives in the settings table under a key that is not a setting: `settings` and the UI
 * list only settingsSchema's keys, and `settings set` refuses any other.
 */
const HUB_ID_KEY = 'hub-id';

export type { SettingKey } from '../../../shared/settings.js';
export type SettingValue<K extends SettingKey> = z.output<(typeof settingsSchema)[K]>;

export { isSettingKey } from '../../../shared/settings.js';

export class SettingsRepo {
  private readonly read;

  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {
    this.read = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  }

  get<K extends SettingKey>(key: K): SettingValue<K> {
    const stored = this.read.get(key) as string | undefined;
    const parsed = settingsSchema[key].safeParse(stored === undefined ? undefined : JSON.parse(stored));
    return (parsed.success ? parsed.data : settingsSchema[key].parse(undefined)) as SettingValue<K>;
  }

  set<K extends SettingKey>(key: K, value: unknown): SettingValue<K> {
    const parsed = settingsSchema[key].safeParse(value);
    if (!parsed.success) throw new HubError(ErrorCodes.invalidArgument, `Setting ${key}: ${formatZodIssue(parsed.error)}.`);
    guardWrite(this.file, () =>
      this.db
        .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(key, JSON.stringify(parsed.data)),
    );
    return parsed.data as SettingValue<K>;
  }

  /**
   * A random id made on first use and kept for the life of hub.db; it namespaces this hub's keychain
   * entries. INSERT OR IGNORE: when the CLI and a running hub both make one, the first wins for both.
   */
  hubId(): string {
    const stored = this.read.get(HUB_ID_KEY) as string | undefined;
    if (stored !== undefined) return JSON.parse(stored) as string;
    guardWrite(this.file, () =>
      this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(HUB_ID_KEY, JSON.stringify(randomUUID())),
    );
    return JSON.parse(this.read.get(HUB_ID_KEY) as string) as string;
  }

  all(): Record<SettingKey, unknown> {
    return Object.fromEntries(Object.keys(settingsSchema).map((k) => [k, this.get(k as SettingKey)])) as Record<SettingKey, unknown>;
  }
}
