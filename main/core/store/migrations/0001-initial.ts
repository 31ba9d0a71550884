import type { Migration } from './migration.js';

/** Servers, agents and clients. Configs are JSON validated by shared/config.ts on every read and write. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE servers (
      name        TEXT PRIMARY KEY,
      transport   TEXT NOT NULL CHECK (transport IN ('stdio', 'http')),
      enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
      config      TEXT NOT NULL CHECK (json_valid(config)),
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE agents (
      name        TEXT PRIMARY KEY,
      enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
      config      TEXT NOT NULL CHECK (json_valid(config)),
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE clients (
      name        TEXT PRIMARY KEY,
      token_hash  TEXT,
      created_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE settings (
      key         TEXT PRIMARY KEY,
      value       TEXT NOT NULL CHECK (json_valid(value))
    ) STRICT;
  `,
};
