import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { ServersRepo } from '../../../main/core/store/servers-repo.js';
import { SignInsRepo } from '../../../main/core/store/sign-ins-repo.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0005-sign-ins', () => {
  it('references OAuth sign-ins by server and resource, never the tokens, and forgets them with the server', () => {
    const db = openDb(tempDataDir(), { migrateTo: 5 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(5);
      const servers = new ServersRepo(db, 'hub.db');
      const signIns = new SignInsRepo(db, 'hub.db');
      servers.add({ name: 'docs', transport: 'http', url: 'https://docs.example.com/mcp' });
      expect(signIns.resource('docs')).toBeUndefined();
      signIns.set('docs', 'https://docs.example.com/mcp');
      expect(signIns.resource('docs')).toBe('https://docs.example.com/mcp');
      expect(Object.keys(db.prepare('SELECT * FROM sign_ins').get() as object).sort()).toEqual(['resource', 'server', 'signed_in_at']);
      expect(() => signIns.set('nope', 'https://x.example.com/mcp')).toThrow(/FOREIGN KEY/);
      servers.remove('docs');
      expect(db.prepare('SELECT COUNT(*) FROM sign_ins').pluck().get()).toBe(0);
      signIns.clear('docs');
    } finally {
      db.close();
    }
  });
});
