import { z } from 'zod';
import { DEFAULT_PORT } from './defaults.js';

/** The settings the UI shows and edits (the CLI: `agent-hub settings`). */
export interface SettingsView {
  /** The port the hub listens on from its next start (`serve --port` overrides it). */
  port: number;
  /** The port this hub listens on now. */
  runningPort: number;
  /** Seconds a consent prompt waits before the call is denied. */
  consentTimeout: number;
  /** Days of tool-call history kept; older records are deleted. */
  historyDays: number;
  /** Where hub.db, logs and hub.json live (choose another with --data-dir or AGENT_HUB_DATA_DIR). */
  dataDir: string;
}

/**
 * The settings, once: each with its name in the CLI and hub.db (`consent-timeout`), its field in the
 * HubApi (`consentTimeout`), its schema and default. The CLI, the HubApi and the store all read this.
 */
export const settingsTable = {
  'consent-timeout': {
    field: 'consentTimeout',
    /** How long a consent prompt waits for an answer before the call is denied (see DEFAULT_CONSENT_TIMEOUT_MS in core). */
    schema: z.number().int().min(5, 'must be from 5 to 3600 seconds').max(3600, 'must be from 5 to 3600 seconds').default(50),
  },
  port: {
    field: 'port',
    /** The port the hub listens on when `serve --port` does not say (from the next start). */
    schema: z.number().int().min(1024, 'must be from 1024 to 65535').max(65535, 'must be from 1024 to 65535').default(DEFAULT_PORT),
  },
  'history-days': {
    field: 'historyDays',
    /** Days of history kept in hub.db; older records are deleted (at start and every hour). */
    schema: z.number().int().min(1, 'must be from 1 to 3650 days').max(3650, 'must be from 1 to 3650 days').default(30),
  },
} as const;

export type SettingKey = keyof typeof settingsTable;
export type SettingField = (typeof settingsTable)[SettingKey]['field'];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingsTable, key);
}

/** The HubApi's patch: the same schemas under the fields' names, each optional. */
export const SettingsPatchSchema = z
  .object({
    port: settingsTable.port.schema.unwrap().optional(),
    consentTimeout: settingsTable['consent-timeout'].schema.unwrap().optional(),
    historyDays: settingsTable['history-days'].schema.unwrap().optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof SettingsPatchSchema>;

/** A server's tool as the Servers page lists it, with whether the hub publishes it. */
export interface ServerToolView {
  name: string;
  description: string;
  enabled: boolean;
}
