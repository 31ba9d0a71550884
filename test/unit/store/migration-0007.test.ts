import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { AgentsRepo } from '../../../main/core/store/agents-repo.js';
import { SignInsRepo } from '../../../main/core/store/sign-ins-repo.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0007-agent-sign-ins', () => {
  it('references agents’ OAuth sign-ins by agent and resource, apart from servers’, and forgets them with the agent', () => {
    const db = openDb(tempDataDir(), { migrateTo: 7 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(7);
      const agents = new AgentsRepo(db, 'hub.db');
      const signIns = new SignInsRepo(db, 'hub.db', 'agent');
      agents.add({ name: 'planner', url: 'https://planner.example.com' });
      signIns.set('planner', 'https://planner.example.com/');
      expect(signIns.resource('planner')).toBe('https://planner.example.com/');
      expect(new SignInsRepo(db, 'hub.db', 'server').resource('planner')).toBeUndefined();
      expect(Object.keys(db.prepare('SELECT * FROM agent_sign_ins').get() as object).sort()).toEqual(['agent', 'resource', 'signed_in_at']);
      expect(() => signIns.set('nope', 'https://x.example.com/')).toThrow(/FOREIGN KEY/);
      agents.remove('planner');
      expect(db.prepare('SELECT COUNT(*) FROM agent_sign_ins').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
