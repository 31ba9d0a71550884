import type { Migration } from './migration.js';

/**
 * One-time sign-in codes for the browser UI. Any process with the data folder can mint one
 * (`agent-hub open`); the hub trades it, once, for a session cookie. Only the hash is stored.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'ui-codes',
  up: `
    CREATE TABLE ui_codes (
      code_hash   TEXT PRIMARY KEY,
      expires_at  TEXT NOT NULL
    ) STRICT;
  `,
};
