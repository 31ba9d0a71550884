import { z } from 'zod';

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

export const SettingsPatchSchema = z
  .object({
    port: z.number().int().min(1024, 'must be from 1024 to 65535').max(65535, 'must be from 1024 to 65535').optional(),
    consentTimeout: z.number().int().min(5, 'must be from 5 to 3600 seconds').max(3600, 'must be from 5 to 3600 seconds').optional(),
    historyDays: z.number().int().min(1, 'must be from 1 to 3650 days').max(3650, 'must be from 1 to 3650 days').optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof SettingsPatchSchema>;

/** A server's tool as the Servers page lists it, with whether the hub publishes it. */
export interface ServerToolView {
  name: string;
  description: string;
  enabled: boolean;
}
