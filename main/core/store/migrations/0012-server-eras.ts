import type { Migration } from './migration.js';

/**
 * The protocol era of each server, found once and remembered with its config: 'modern' (MCP
 * 2026-07-28: its server/discover result, with which the next start connects without a probe) or
 * 'legacy' (2025-11-25 and before: initialize, with the date it was found, so it is checked again
 * after a while). `config_key` is a hash of what decides which program answers (command, args, env,
 * URL, headers): another config is another server, probed afresh. `protocol_version` is what the
 * server spoke (2026-07-28, 2025-11-25 …), for `server list` and `server status`. A removed server
 * takes its era with it.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'server-eras',
  up: `
    CREATE TABLE server_eras (
      server            TEXT PRIMARY KEY REFERENCES servers (name) ON DELETE CASCADE,
      config_key        TEXT NOT NULL,
      era               TEXT NOT NULL CHECK (era IN ('modern', 'legacy')),
      protocol_version  TEXT,
      discover          TEXT CHECK (discover IS NULL OR json_valid(discover)),
      checked_at        TEXT NOT NULL,
      CHECK ((era = 'modern') = (discover IS NOT NULL))
    ) STRICT;
  `,
};
