import type { Migration } from './migration.js';

/**
 * Consent: the user's rules, the tool definitions they approved (pins, against rug pulls), every prompt
 * with its answer, and on each call how it was decided.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'consent',
  up: `
    CREATE TABLE consent_rules (
      id          INTEGER PRIMARY KEY,
      client      TEXT NOT NULL,              -- a client name or '*'
      server      TEXT NOT NULL,
      tool        TEXT NOT NULL,              -- the server's own tool name or '*'
      effect      TEXT NOT NULL CHECK (effect IN ('allow', 'deny')),
      scope       TEXT NOT NULL CHECK (scope IN ('session', 'always')),
      session_id  TEXT,
      created_by  TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      CHECK ((scope = 'session') = (session_id IS NOT NULL))
    ) STRICT;

    CREATE TABLE tool_pins (
      server        TEXT NOT NULL,
      tool          TEXT NOT NULL,
      hash          TEXT NOT NULL,
      definition    TEXT NOT NULL CHECK (json_valid(definition)),
      approved_at   TEXT NOT NULL,
      -- Set when the server now publishes another definition than the approved one.
      changed_hash  TEXT,
      changed_definition TEXT CHECK (changed_definition IS NULL OR json_valid(changed_definition)),
      changed_at    TEXT,
      PRIMARY KEY (server, tool)
    ) STRICT;

    CREATE TABLE consent_prompts (
      id           INTEGER PRIMARY KEY,
      call_id      INTEGER,
      client       TEXT NOT NULL,
      session_id   TEXT NOT NULL,
      server       TEXT NOT NULL,
      tool         TEXT NOT NULL,
      reason       TEXT NOT NULL CHECK (reason IN ('no-rule', 'changed')),
      details      TEXT NOT NULL CHECK (json_valid(details)),
      status       TEXT NOT NULL CHECK (status IN ('pending', 'allowed', 'denied', 'timeout', 'withdrawn')),
      remember     TEXT CHECK (remember IS NULL OR remember IN ('once', 'session', 'always')),
      answered_by  TEXT,
      created_at   TEXT NOT NULL,
      answered_at  TEXT
    ) STRICT;
    CREATE INDEX consent_prompts_pending ON consent_prompts (status) WHERE status = 'pending';

    ALTER TABLE tool_calls ADD COLUMN decision TEXT;
  `,
};
