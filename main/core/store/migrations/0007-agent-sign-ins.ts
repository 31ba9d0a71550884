import type { Migration } from './migration.js';

/**
 * Which agents have OAuth tokens in the keychain (signed in through the authorization server their
 * card names), and for which resource: the agent's URL when the user signed in. As for servers
 * (0005), the tokens themselves never come here, and they go with the agent.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'agent-sign-ins',
  up: `
    CREATE TABLE agent_sign_ins (
      agent         TEXT PRIMARY KEY REFERENCES agents (name) ON DELETE CASCADE,
      resource      TEXT NOT NULL,
      signed_in_at  TEXT NOT NULL
    ) STRICT;
  `,
};
