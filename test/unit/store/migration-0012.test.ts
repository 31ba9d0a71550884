import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { CatalogCacheRepo, type StoredEra } from '../../../main/core/store/catalog-cache-repo.js';
import { tempDataDir } from '../../helpers/cli.js';

const modern: StoredEra = {
  configKey: 'k1',
  era: 'modern',
  protocolVersion: '2026-07-28',
  discover: { supportedVersions: ['2026-07-28'], capabilities: { tools: { listChanged: true } } },
  checkedAt: '2026-12-01T10:00:00.000Z',
};
const legacy: StoredEra = { configKey: 'k2', era: 'legacy', protocolVersion: '2025-11-25', discover: null, checkedAt: '2026-12-02T10:00:00.000Z' };

describe('migration 0012-server-eras', () => {
  it('keeps every server, adds the era table empty, and keeps an era per server that goes with it', () => {
    const dir = tempDataDir();
    const v11 = openDb(dir, { migrateTo: 11 });
    const now = new Date().toISOString();
    const insert = v11.prepare(`INSERT INTO servers (name, transport, enabled, config, created_at, updated_at) VALUES (?, 'stdio', 1, '{}', ?, ?)`);
    insert.run('alpha', now, now);
    insert.run('beta', now, now);
    v11.close();

    const db = openDb(dir, { migrateTo: 12 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(12);
      expect(db.prepare('SELECT name FROM servers ORDER BY name').pluck().all()).toEqual(['alpha', 'beta']);
      expect(db.prepare('SELECT COUNT(*) FROM server_eras').pluck().get()).toBe(0);

      const repo = new CatalogCacheRepo(db);
      repo.saveEra('alpha', modern);
      repo.saveEra('beta', legacy);
      expect(repo.era('alpha')).toEqual(modern);
      expect(repo.era('beta')).toEqual(legacy);
      expect([...repo.eras().keys()].sort()).toEqual(['alpha', 'beta']);

      // A new verdict replaces the old; a server that is gone gets none.
      repo.saveEra('alpha', { ...legacy, configKey: 'k3' });
      expect(repo.era('alpha')).toEqual({ ...legacy, configKey: 'k3' });
      repo.saveEra('gone', modern);
      expect(repo.era('gone')).toBeUndefined();

      // A removed server takes its era with it; forgetting one leaves the others.
      db.prepare(`DELETE FROM servers WHERE name = 'beta'`).run();
      expect(repo.era('beta')).toBeUndefined();
      repo.forgetEra('alpha');
      expect(repo.eras().size).toBe(0);

      // A modern verdict has its discover result, a legacy one none; only the two eras exist.
      const raw = db.prepare(`INSERT INTO server_eras (server, config_key, era, protocol_version, discover, checked_at) VALUES ('alpha', 'k', ?, '2026-07-28', ?, ?)`);
      expect(() => raw.run('modern', null, now)).toThrow(/CHECK constraint failed/);
      expect(() => raw.run('legacy', '{}', now)).toThrow(/CHECK constraint failed/);
      expect(() => raw.run('future', null, now)).toThrow(/CHECK constraint failed/);
      expect(() => raw.run('modern', 'not json', now)).toThrow(/CHECK constraint failed/);
    } finally {
      db.close();
    }
  });
});
