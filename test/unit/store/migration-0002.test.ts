import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0002-gateway', () => {
  it('adds client tokens (cascading with their client), the call record and the catalog cache', () => {
    const dir = tempDataDir();
    const v1 = openDb(dir, { migrateTo: 1 });
    v1.prepare(`INSERT INTO clients (name, token_hash, created_at) VALUES ('old', 'x', 'now')`).run();
    v1.close();
    const db = openDb(dir, { migrateTo: 2 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(db.prepare(`SELECT token_hash FROM clients WHERE name = 'old'`).pluck().get()).toBeNull();
      const token = db.prepare(`INSERT INTO client_tokens (client, token_hash, kind, created_at) VALUES (?, ?, ?, 'now')`);
      token.run('old', 'h1', 'static');
      expect(() => token.run('ghost', 'h2', 'static')).toThrow(/FOREIGN KEY/);
      expect(() => token.run('old', 'h1', 'static')).toThrow(/UNIQUE/);
      expect(() => token.run('old', 'h3', 'magic')).toThrow(/CHECK/);
      db.prepare(`DELETE FROM clients WHERE name = 'old'`).run();
      expect(db.prepare('SELECT COUNT(*) FROM client_tokens').pluck().get()).toBe(0);

      const call = db.prepare(`INSERT INTO tool_calls (client, server, tool, arguments, status, started_at) VALUES ('c', 's', 't', '{}', ?, 'now')`);
      call.run('running');
      expect(() => call.run('exploded')).toThrow(/CHECK/);
      expect(() => db.prepare(`INSERT INTO catalog_cache (server, catalog, updated_at) VALUES ('nope', '{}', 'now')`).run()).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });
});
