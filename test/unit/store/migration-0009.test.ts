import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0009-limits-and-a2a-requests', () => {
  it('keeps every recorded call with its id, and lets the record hold rate-limited calls and A2A requests', () => {
    const dir = tempDataDir();
    const v8 = openDb(dir, { migrateTo: 8 });
    const now = new Date().toISOString();
    const insert = v8.prepare(`INSERT INTO tool_calls (id, client, server, tool, arguments, status, started_at, duration_ms, error, decision, kind) VALUES (?, 'c', 's', 't', '{}', ?, ?, 1.5, ?, ?, ?)`);
    insert.run(7, 'ok', now, null, 'rule 3: allow', 'tool');
    insert.run(9, 'denied', now, 'no', 'user', 'resource');
    v8.close();

    const db = openDb(dir, { migrateTo: 9 });
    try {
      expect(db.prepare('SELECT id, status, error, decision, kind, duration_ms FROM tool_calls ORDER BY id').all()).toEqual([
        { id: 7, status: 'ok', error: null, decision: 'rule 3: allow', kind: 'tool', duration_ms: 1.5 },
        { id: 9, status: 'denied', error: 'no', decision: 'user', kind: 'resource', duration_ms: 1.5 },
      ]);
      db.prepare(`INSERT INTO tool_calls (client, server, tool, arguments, status, started_at, kind) VALUES ('c', 'planner', 'SendMessage', '{}', 'rate-limited', ?, 'a2a')`).run(now);
      expect(() => db.prepare(`UPDATE tool_calls SET status = 'maybe'`).run()).toThrow(/CHECK/);
      expect(() => db.prepare(`UPDATE tool_calls SET kind = 'other'`).run()).toThrow(/CHECK/);
      expect(db.prepare('SELECT count(*) FROM tool_calls').pluck().get()).toBe(3);
    } finally {
      db.close();
    }
  });

  it('holds one limit per scope, refuses a tool without its server, and drops limits with what they name', () => {
    const db = openDb(tempDataDir(), { migrateTo: 9 });
    try {
      const now = new Date().toISOString();
      db.prepare(`INSERT INTO servers (name, transport, enabled, config, created_at, updated_at) VALUES ('fs', 'stdio', 1, '{"command":"x"}', ?, ?)`).run(now, now);
      db.prepare(`INSERT INTO agents (name, enabled, config, created_at, updated_at) VALUES ('planner', 1, '{"url":"https://p.example"}', ?, ?)`).run(now, now);
      db.prepare(`INSERT INTO clients (name, created_at) VALUES ('claude', ?)`).run(now);
      const add = db.prepare(`INSERT INTO rate_limits (client, server, tool, per_minute, created_at) VALUES (?, ?, ?, ?, ?)`);
      add.run(null, null, null, 100, now);
      add.run('claude', null, null, 30, now);
      add.run(null, 'fs', 'write_file', 5, now);
      add.run(null, 'planner', null, 10, now);
      expect(() => add.run('claude', null, null, 60, now)).toThrow(/UNIQUE/);
      expect(() => add.run(null, null, 'write_file', 5, now)).toThrow(/CHECK/);
      expect(() => add.run(null, 'fs', null, 0, now)).toThrow(/CHECK/);
      const scopes = () => db.prepare(`SELECT ifnull(client, '*') || '/' || ifnull(server, '*') || '/' || ifnull(tool, '*') FROM rate_limits ORDER BY id`).pluck().all();
      db.prepare(`DELETE FROM clients WHERE name = 'claude'`).run();
      db.prepare(`DELETE FROM servers WHERE name = 'fs'`).run();
      db.prepare(`DELETE FROM agents WHERE name = 'planner'`).run();
      expect(scopes()).toEqual(['*/*/*']);
    } finally {
      db.close();
    }
  });
});
