import type { Migration } from './migration.js';

/**
 * Consent that holds up:
 * - where each client is asked (the hub's dialog, the client app through elicitation, or both), and
 *   where each prompt was asked;
 * - a session rule made from a prompt applies only to the definition the user saw (its own pin), so an
 *   answer for this session never moves the tool's standing pin;
 * - the record of calls also holds resource reads, prompt gets and completions (`kind`);
 * - rules and pins die with the server, agent or client they were made for (triggers, so every path
 *   that deletes one — CLI, UI, import — takes them along), and the ones earlier versions left behind
 *   for removed names go now: a new server or client reusing a name starts with no rules;
 * - rule ids are never reused (AUTOINCREMENT): the record says "rule 3: allow", and a later rule 3
 *   must not be mistaken for the one that decided.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'consent-trust',
  up: `
    ALTER TABLE clients ADD COLUMN consent_in TEXT NOT NULL DEFAULT 'hub' CHECK (consent_in IN ('hub', 'client', 'both'));
    CREATE TABLE consent_rules_v8 (
      id               INTEGER PRIMARY KEY AUTOINCREMENT,
      client           TEXT NOT NULL,              -- a client name or '*'
      server           TEXT NOT NULL,
      tool             TEXT NOT NULL,              -- the server's own tool name or '*'
      effect           TEXT NOT NULL CHECK (effect IN ('allow', 'deny')),
      scope            TEXT NOT NULL CHECK (scope IN ('session', 'always')),
      session_id       TEXT,
      -- A session rule's own pin: the definition the prompt it came from showed.
      definition_hash  TEXT,
      created_by       TEXT NOT NULL,
      created_at       TEXT NOT NULL,
      CHECK ((scope = 'session') = (session_id IS NOT NULL))
    ) STRICT;
    INSERT INTO consent_rules_v8 (id, client, server, tool, effect, scope, session_id, created_by, created_at)
      SELECT id, client, server, tool, effect, scope, session_id, created_by, created_at FROM consent_rules;
    DROP TABLE consent_rules;
    ALTER TABLE consent_rules_v8 RENAME TO consent_rules;
    ALTER TABLE consent_prompts ADD COLUMN ask_in TEXT NOT NULL DEFAULT 'hub' CHECK (ask_in IN ('hub', 'client', 'both'));
    ALTER TABLE tool_calls ADD COLUMN kind TEXT NOT NULL DEFAULT 'tool' CHECK (kind IN ('tool', 'resource', 'prompt', 'completion'));

    CREATE TRIGGER servers_forget_consent AFTER DELETE ON servers BEGIN
      DELETE FROM consent_rules WHERE server = OLD.name;
      DELETE FROM tool_pins WHERE server = OLD.name;
    END;
    CREATE TRIGGER agents_forget_consent AFTER DELETE ON agents BEGIN
      DELETE FROM consent_rules WHERE server = OLD.name;
      DELETE FROM tool_pins WHERE server = OLD.name;
    END;
    CREATE TRIGGER clients_forget_consent AFTER DELETE ON clients BEGIN
      DELETE FROM consent_rules WHERE client = OLD.name;
    END;

    DELETE FROM consent_rules
      WHERE server NOT IN (SELECT name FROM servers UNION SELECT name FROM agents UNION SELECT 'a2a')
         OR (client != '*' AND client NOT IN (SELECT name FROM clients));
    DELETE FROM tool_pins
      WHERE server NOT IN (SELECT name FROM servers UNION SELECT name FROM agents UNION SELECT 'a2a');
  `,
};
