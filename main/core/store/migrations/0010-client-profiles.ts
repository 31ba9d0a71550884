import type { Migration } from './migration.js';

/**
 * What each client sees (shared/client-profile.ts): its servers and agents, hidden tools, flat or
 * search mode, pinned tools, as one JSON document per client. '{}' is the default profile: every
 * server, every tool, a flat list, as before.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'client-profiles',
  up: `
    ALTER TABLE clients ADD COLUMN profile TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(profile));
  `,
};
