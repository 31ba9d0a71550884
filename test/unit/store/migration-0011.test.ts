import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0011-call-details', () => {
  it('keeps every recorded call, gives each its id as version, and leaves the new details empty', () => {
    const dir = tempDataDir();
    const v10 = openDb(dir, { migrateTo: 10 });
    const now = new Date().toISOString();
    const insert = v10.prepare(`INSERT INTO tool_calls (id, client, server, tool, arguments, status, started_at, duration_ms, decision) VALUES (?, 'c', 's', 't', '{}', ?, ?, 2, ?)`);
    insert.run(4, 'ok', now, 'rule 3: allow');
    insert.run(8, 'denied', now, 'timeout after 50 s');
    v10.close();

    const db = openDb(dir, { migrateTo: 11 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(11);
      expect(db.prepare('SELECT id, status, version, result, rule_id, wait_server_ms, wait_consent_ms, upstream_ms FROM tool_calls ORDER BY id').all()).toEqual([
        { id: 4, status: 'ok', version: 4, result: null, rule_id: null, wait_server_ms: null, wait_consent_ms: null, upstream_ms: null },
        { id: 8, status: 'denied', version: 8, result: null, rule_id: null, wait_server_ms: null, wait_consent_ms: null, upstream_ms: null },
      ]);
      // A new row without a version takes 0 (the repo always sets one); the details are typed.
      db.prepare(`INSERT INTO tool_calls (client, server, tool, arguments, status, started_at, result, rule_id, wait_server_ms, wait_consent_ms, upstream_ms) VALUES ('c', 's', 't', '{}', 'ok', ?, '{"content":[]}', 3, 0, 1.5, 12.25)`).run(now);
      expect(db.prepare('SELECT version, result, rule_id, upstream_ms FROM tool_calls WHERE id = 9').get()).toEqual({ version: 0, result: '{"content":[]}', rule_id: 3, upstream_ms: 12.25 });
      expect(() => db.prepare(`UPDATE tool_calls SET rule_id = 'three' WHERE id = 9`).run()).toThrow(/cannot store TEXT value in INTEGER column/);

      const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('tool_calls_version', 'a2a_tasks_by_call', 'consent_prompts_by_call') ORDER BY name`).pluck().all();
      expect(indexes).toEqual(['a2a_tasks_by_call', 'consent_prompts_by_call', 'tool_calls_version']);
      // Changes since a version are read through the index.
      const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM tool_calls WHERE version > ?').all(5) as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/tool_calls_version/);
    } finally {
      db.close();
    }
  });
});
