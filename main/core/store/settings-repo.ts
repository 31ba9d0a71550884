import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';
import { DEFAULT_PORT } from '../defaults.js';

/** The user's settings: each key has a schema and a default; values are JSON in the settings table. */
export const settingsSchema = {
  /** How long a consent prompt waits for an answer before the call is denied (see DEFAULT_CONSENT_TIMEOUT_MS). */
  'consent-timeout': z.number().int().min(5).max(3600).default(50),
  /** The port the hub listens on when `serve --port` does not say (takes effect at the next start). */
  port: z.number().int().min(1024).max(65535).default(DEFAULT_PORT),
  /** Days of tool-call history kept in hub.db; older records are deleted (at start and every hour). */
  'history-days': z.number().int().min(1).max(3650).default(30),
} as const;

/**
 * This hub's id lives in the settings table under a key that is not a setting: `settings` and the UI
 * list only settingsSchema's keys, and `settings set` refuses any other.
 */
const HUB_ID_KEY = 'hub-id';

export type SettingKey = keyof typeof settingsSchema;
export type SettingValue<K extends SettingKey> = z.output<(typeof settingsSchema)[K]>;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingsSchema, key);
}

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
