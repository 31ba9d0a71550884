import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { UiCodesRepo } from '../../../main/core/store/ui-codes-repo.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0004-ui-codes', () => {
  it('adds one-time sign-in codes, stored as hashes, good for one use', () => {
    const db = openDb(tempDataDir(), { migrateTo: 4 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(4);
      const codes = new UiCodesRepo(db, 'hub.db');
      const code = codes.mint();
      expect(db.prepare('SELECT code_hash FROM ui_codes').pluck().get()).not.toContain(code);
      expect(codes.consume('not-a-code')).toBe(false);
      expect(codes.consume(code)).toBe(true);
      expect(codes.consume(code)).toBe(false);
      db.prepare(`INSERT INTO ui_codes (code_hash, expires_at) VALUES ('old', '2000-01-01T00:00:00.000Z')`).run();
      codes.consume('x');
      expect(db.prepare('SELECT COUNT(*) FROM ui_codes').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
