import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0008-consent-trust', () => {
  it('drops rules and pins left behind for removed names, and from now on deletes them with their server, agent or client', () => {
    const dir = tempDataDir();
    const v7 = openDb(dir, { migrateTo: 7 });
    const now = new Date().toISOString();
    v7.prepare(`INSERT INTO servers (name, transport, enabled, config, created_at, updated_at) VALUES ('fs', 'stdio', 1, '{"command":"x"}', ?, ?)`).run(now, now);
    v7.prepare(`INSERT INTO agents (name, enabled, config, created_at, updated_at) VALUES ('planner', 1, '{"url":"https://p.example"}', ?, ?)`).run(now, now);
    v7.prepare(`INSERT INTO clients (name, created_at) VALUES ('claude', ?)`).run(now);
    const rule = v7.prepare(`INSERT INTO consent_rules (client, server, tool, effect, scope, created_by, created_at) VALUES (?, ?, '*', 'allow', 'always', 'cli', ?)`);
    for (const [client, server] of [['*', 'fs'], ['claude', 'fs'], ['*', 'planner'], ['*', 'a2a'], ['*', 'gone'], ['removed-client', 'fs']]) rule.run(client, server, now);
    const pin = v7.prepare(`INSERT INTO tool_pins (server, tool, hash, definition, approved_at) VALUES (?, 't', 'h', '{}', ?)`);
    for (const server of ['fs', 'planner', 'gone']) pin.run(server, now);
    v7.prepare(`INSERT INTO tool_calls (client, server, tool, arguments, status, started_at) VALUES ('c', 's', 't', '{}', 'ok', ?)`).run(now);
    v7.close();

    const db = openDb(dir, { migrateTo: 8 });
    try {
      const rules = () => db.prepare('SELECT client || \'/\' || server FROM consent_rules ORDER BY id').pluck().all();
      const pins = () => db.prepare('SELECT server FROM tool_pins ORDER BY server').pluck().all();
      expect(rules()).toEqual(['*/fs', 'claude/fs', '*/planner', '*/a2a']);
      expect(pins()).toEqual(['fs', 'planner']);

      expect(db.prepare('SELECT kind FROM tool_calls').pluck().get()).toBe('tool');
      expect(db.prepare(`SELECT consent_in FROM clients WHERE name = 'claude'`).pluck().get()).toBe('hub');
      expect(() => db.prepare(`UPDATE clients SET consent_in = 'elsewhere'`).run()).toThrow(/CHECK/);
      expect(() => db.prepare(`UPDATE tool_calls SET kind = 'other'`).run()).toThrow(/CHECK/);

      db.prepare(`DELETE FROM clients WHERE name = 'claude'`).run();
      expect(rules()).toEqual(['*/fs', '*/planner', '*/a2a']);
      db.prepare(`DELETE FROM servers WHERE name = 'fs'`).run();
      expect(rules()).toEqual(['*/planner', '*/a2a']);
      expect(pins()).toEqual(['planner']);
      db.prepare(`DELETE FROM agents WHERE name = 'planner'`).run();
      expect(rules()).toEqual(['*/a2a']);
      expect(pins()).toEqual([]);

      // Rule ids are never reused: "rule 6" in an old record stays that rule.
      const before = db.prepare('SELECT max(id) FROM consent_rules').pluck().get() as number;
      db.prepare('DELETE FROM consent_rules').run();
      const next = Number(
        db.prepare(`INSERT INTO consent_rules (client, server, tool, effect, scope, created_by, created_at) VALUES ('*', 'a2a', '*', 'allow', 'always', 'cli', 'now')`).run().lastInsertRowid,
      );
      expect(next).toBeGreaterThan(before);
      expect(next).toBeGreaterThan(6);
    } finally {
      db.close();
    }
  });
});
