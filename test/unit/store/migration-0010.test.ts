import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0010-client-profiles', () => {
  it('gives every existing client the default profile, and refuses a profile that is not JSON', () => {
    const dir = tempDataDir();
    const v9 = openDb(dir, { migrateTo: 9 });
    v9.prepare(`INSERT INTO clients (name, created_at) VALUES ('cursor', ?)`).run(new Date().toISOString());
    v9.close();
    const db = openDb(dir, { migrateTo: 10 });
    try {
      expect(db.prepare(`SELECT profile FROM clients WHERE name = 'cursor'`).pluck().get()).toBe('{}');
      expect(() => db.prepare(`UPDATE clients SET profile = 'not json'`).run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
