import type { Migration } from './migration.js';

/**
 * A2A: the agent card the user approved (its pin) and a newer one waiting for approval; every task the
 * hub ran for a client, with its state changes, messages and artifacts in order. Tasks keep the agent's
 * name as text, not a reference: removing an agent must not delete its audit records.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'a2a',
  up: `
    CREATE TABLE agent_cards (
      agent              TEXT PRIMARY KEY REFERENCES agents (name) ON DELETE CASCADE,
      card               TEXT NOT NULL CHECK (json_valid(card)),
      pin_hash           TEXT NOT NULL,
      signature          TEXT NOT NULL CHECK (json_valid(signature)),
      approved_at        TEXT NOT NULL,
      pending_card       TEXT CHECK (pending_card IS NULL OR json_valid(pending_card)),
      pending_signature  TEXT CHECK (pending_signature IS NULL OR json_valid(pending_signature)),
      pending_changes    TEXT CHECK (pending_changes IS NULL OR json_valid(pending_changes)),
      checked_at         TEXT NOT NULL
    ) STRICT;

    CREATE TABLE a2a_tasks (
      id          INTEGER PRIMARY KEY,
      agent       TEXT NOT NULL,
      task_id     TEXT,
      context_id  TEXT,
      client      TEXT NOT NULL,
      tool_call   INTEGER,
      state       TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX a2a_tasks_by_task ON a2a_tasks (agent, task_id) WHERE task_id IS NOT NULL;
    CREATE INDEX a2a_tasks_by_update ON a2a_tasks (updated_at);

    CREATE TABLE a2a_task_events (
      id     INTEGER PRIMARY KEY,
      task   INTEGER NOT NULL REFERENCES a2a_tasks (id) ON DELETE CASCADE,
      at     TEXT NOT NULL,
      kind   TEXT NOT NULL CHECK (kind IN ('state', 'message', 'artifact')),
      state  TEXT,
      role   TEXT,
      name   TEXT,
      text   TEXT NOT NULL,
      body   TEXT CHECK (body IS NULL OR json_valid(body))
    ) STRICT;
    CREATE INDEX a2a_task_events_by_task ON a2a_task_events (task, id);
  `,
};
