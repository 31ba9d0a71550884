import type { Migration } from './migration.js';

/**
 * The gateway: client tokens (only their SHA-256 is stored), the record of every tool call (the base of
 * the timeline), and the last known catalog of each server so tools/list answers at once after a start.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'gateway',
  up: `
    CREATE TABLE client_tokens (
      id          INTEGER PRIMARY KEY,
      client      TEXT NOT NULL REFERENCES clients (name) ON DELETE CASCADE,
      token_hash  TEXT NOT NULL UNIQUE,
      -- 'static': printed once by "client add"; 'connect': minted by a running "agent-hub connect", pid is its owner.
      kind        TEXT NOT NULL CHECK (kind IN ('static', 'connect')),
      pid         INTEGER,
      created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX client_tokens_client ON client_tokens (client);

    -- clients.token_hash from 0001 is superseded by client_tokens.
    UPDATE clients SET token_hash = NULL;

    CREATE TABLE tool_calls (
      id           INTEGER PRIMARY KEY,
      client       TEXT NOT NULL,
      server       TEXT NOT NULL,
      tool         TEXT NOT NULL,
      arguments    TEXT NOT NULL,
      status       TEXT NOT NULL CHECK (status IN ('running', 'ok', 'error', 'denied', 'cancelled', 'interrupted')),
      started_at   TEXT NOT NULL,
      duration_ms  REAL,
      error        TEXT
    ) STRICT;
    CREATE INDEX tool_calls_started ON tool_calls (started_at);

    CREATE TABLE catalog_cache (
      server      TEXT PRIMARY KEY REFERENCES servers (name) ON DELETE CASCADE,
      catalog     TEXT NOT NULL CHECK (json_valid(catalog)),
      updated_at  TEXT NOT NULL
    ) STRICT;
  `,
};
