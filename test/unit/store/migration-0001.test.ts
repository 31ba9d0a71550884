import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0001-initial', () => {
  it('creates servers, agents, clients and settings with their constraints', () => {
    const db = openDb(tempDataDir(), { migrateTo: 1 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual(['agents', 'clients', 'servers', 'settings']);

      const now = new Date().toISOString();
      const insert = db.prepare('INSERT INTO servers (name, transport, enabled, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
      insert.run('ok', 'stdio', 1, '{"command":"x"}', now, now);
      expect(() => insert.run('bad-transport', 'carrier-pigeon', 1, '{}', now, now)).toThrow(/CHECK/);
      expect(() => insert.run('bad-json', 'stdio', 1, '{not json', now, now)).toThrow(/CHECK/);
      expect(() => insert.run('bad-enabled', 'stdio', 2, '{}', now, now)).toThrow(/CHECK/);
      expect(() => insert.run('ok', 'stdio', 1, '{}', now, now)).toThrow(/UNIQUE/);
      // STRICT tables refuse values of the wrong type instead of storing them.
      expect(() => insert.run('strict', 'stdio', 'yes', '{}', now, now)).toThrow();
    } finally {
      db.close();
    }
  });
});
