import type { Migration } from './migration.js';

/**
 * One gateway for both protocols:
 * - the record of calls also holds requests to agents through the hub's A2A front door (`kind` 'a2a':
 *   the agent as `server`, the A2A method as `tool`), and a call refused by a rate limit is recorded
 *   as `rate-limited` (SQLite cannot widen a CHECK in place, so the table is copied, ids kept);
 * - rate limits: calls per minute for a client, a server or agent, a tool, or any mix of them (an empty
 *   column matches everything); they die with the client, server or agent they name, like rules.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'limits-and-a2a-requests',
  up: `
    CREATE TABLE tool_calls_v9 (
      id           INTEGER PRIMARY KEY,
      client       TEXT NOT NULL,
      server       TEXT NOT NULL,
      tool         TEXT NOT NULL,
      arguments    TEXT NOT NULL,
      status       TEXT NOT NULL CHECK (status IN ('running', 'ok', 'error', 'denied', 'cancelled', 'interrupted', 'rate-limited')),
      started_at   TEXT NOT NULL,
      duration_ms  REAL,
      error        TEXT,
      decision     TEXT,
      kind         TEXT NOT NULL DEFAULT 'tool' CHECK (kind IN ('tool', 'resource', 'prompt', 'completion', 'a2a'))
    ) STRICT;
    INSERT INTO tool_calls_v9 (id, client, server, tool, arguments, status, started_at, duration_ms, error, decision, kind)
      SELECT id, client, server, tool, arguments, status, started_at, duration_ms, error, decision, kind FROM tool_calls;
    DROP TABLE tool_calls;
    ALTER TABLE tool_calls_v9 RENAME TO tool_calls;
    CREATE INDEX tool_calls_started ON tool_calls (started_at);

    CREATE TABLE rate_limits (
      id          INTEGER PRIMARY KEY AUTOINCREMENT,
      client      TEXT,                        -- NULL: every client
      server      TEXT,                        -- a server or agent; NULL: every one
      tool        TEXT,                        -- the server's own tool name; NULL: every tool
      per_minute  INTEGER NOT NULL CHECK (per_minute > 0),
      created_at  TEXT NOT NULL,
      CHECK (tool IS NULL OR server IS NOT NULL)
    ) STRICT;
    CREATE UNIQUE INDEX rate_limits_scope ON rate_limits (ifnull(client, ''), ifnull(server, ''), ifnull(tool, ''));

    CREATE TRIGGER servers_forget_limits AFTER DELETE ON servers BEGIN
      DELETE FROM rate_limits WHERE server = OLD.name;
    END;
    CREATE TRIGGER agents_forget_limits AFTER DELETE ON agents BEGIN
      DELETE FROM rate_limits WHERE server = OLD.name;
    END;
    CREATE TRIGGER clients_forget_limits AFTER DELETE ON clients BEGIN
      DELETE FROM rate_limits WHERE client = OLD.name;
    END;
  `,
};
