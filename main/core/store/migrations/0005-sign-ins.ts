import type { Migration } from './migration.js';

/**
 * Which servers have OAuth tokens in the keychain, and for which resource (the server's URL when the
 * user signed in). The tokens themselves never come here. The hub reads the keychain only for a server
 * listed here, so servers that never signed in never touch it; a changed URL makes the old tokens
 * unusable (they were issued for the old resource).
 */
export const migration0005: Migration = {
  version: 5,
  name: 'sign-ins',
  up: `
    CREATE TABLE sign_ins (
      server        TEXT PRIMARY KEY REFERENCES servers (name) ON DELETE CASCADE,
      resource      TEXT NOT NULL,
      signed_in_at  TEXT NOT NULL
    ) STRICT;
  `,
};
