import type { Migration } from './index.js';

/**
 * Consent that holds up:
 * - where each client is asked (the hub's dialog, the client app through elicitation, or both), and
 *   where each prompt was asked;
 * - a session rule made from a prompt applies only to the definition the user saw (its own pin), so an
 *   answer for this session never moves the tool's standing pin;
 * - the record of calls also holds resource reads, prompt gets and completions (`kind`);
 * - rules and pins die with the server, agent or client they were made for (triggers, so every path
 *   that deletes one — CLI, UI, import — takes them along), and the ones earlier versions left behind
 *   for removed names go now: a new server or client reusing a name starts with no rules.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'consent-trust',
  up: `
    ALTER TABLE clients ADD COLUMN consent_in TEXT NOT NULL DEFAULT 'hub' CHECK (consent_in IN ('hub', 'client', 'both'));
    ALTER TABLE consent_rules ADD COLUMN definition_hash TEXT;
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
