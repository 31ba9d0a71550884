import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0003-consent', () => {
  it('adds rules, pins and prompts with their constraints, and a decision on each call', () => {
    const dir = tempDataDir();
    const v2 = openDb(dir, { migrateTo: 2 });
    v2.prepare(`INSERT INTO tool_calls (client, server, tool, arguments, status, started_at) VALUES ('c', 's', 't', '{}', 'ok', 'now')`).run();
    v2.close();
    const db = openDb(dir, { migrateTo: 3 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      expect(db.prepare('SELECT decision FROM tool_calls').pluck().get()).toBeNull();
      const rule = db.prepare(
        `INSERT INTO consent_rules (client, server, tool, effect, scope, session_id, created_by, created_at) VALUES ('*', 's', '*', ?, ?, ?, 'cli', 'now')`,
      );
      rule.run('allow', 'always', null);
      rule.run('deny', 'session', 'sess-1');
      expect(() => rule.run('maybe', 'always', null)).toThrow(/CHECK/);
      expect(() => rule.run('allow', 'session', null)).toThrow(/CHECK/);
      expect(() => rule.run('allow', 'always', 'sess-1')).toThrow(/CHECK/);
      const pin = db.prepare(`INSERT INTO tool_pins (server, tool, hash, definition, approved_at) VALUES ('s', 't', 'h', ?, 'now')`);
      pin.run('{"name":"t"}');
      expect(() => pin.run('{"name":"t"}')).toThrow(/UNIQUE|PRIMARY KEY/);
      const prompt = db.prepare(
        `INSERT INTO consent_prompts (client, session_id, server, tool, reason, details, status, created_at) VALUES ('c', 's1', 's', 't', 'no-rule', '{}', ?, 'now')`,
      );
      prompt.run('pending');
      expect(() => prompt.run('ignored')).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
