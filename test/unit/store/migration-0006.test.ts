import { describe, expect, it } from 'vitest';
import { openDb } from '../../../main/core/store/db.js';
import { A2ATasksRepo } from '../../../main/core/store/a2a-tasks-repo.js';
import { AgentCardsRepo } from '../../../main/core/store/agent-cards-repo.js';
import { AgentsRepo } from '../../../main/core/store/agents-repo.js';
import { tempDataDir } from '../../helpers/cli.js';

describe('migration 0006-a2a', () => {
  it('pins agent cards (gone with the agent) and keeps task records (not gone with it)', () => {
    const db = openDb(tempDataDir(), { migrateTo: 6 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(6);
      const agents = new AgentsRepo(db, 'hub.db');
      const cards = new AgentCardsRepo(db, 'hub.db');
      const tasks = new A2ATasksRepo(db);
      agents.add({ name: 'helper', url: 'https://helper.example' });
      const signature = { signed: false, valid: false, reason: 'the card is not signed' };
      cards.approve('helper', { name: 'v1' }, 'hash1', signature);
      cards.setPending('helper', { name: 'v2' }, signature, ['skill "x" was added']);
      expect(cards.get('helper')).toMatchObject({ card: { name: 'v1' }, pinHash: 'hash1', pending: { card: { name: 'v2' }, changes: ['skill "x" was added'] } });
      cards.refresh('helper', { name: 'v1b' }, signature);
      expect(cards.get('helper')).toMatchObject({ card: { name: 'v1b' }, pinHash: 'hash1' });
      expect(cards.get('helper')!.pending).toBeUndefined();
      expect(() => cards.approve('nobody', {}, 'h', signature)).toThrow(/FOREIGN KEY/);

      const record = tasks.open({ agent: 'helper', taskId: 't1', contextId: 'c1', client: 'tester', state: 'submitted' });
      expect(tasks.open({ agent: 'helper', taskId: 't1', contextId: 'c1', client: 'someone-else', state: 'working' }).id).toBe(record.id);
      tasks.addMessage(record, 'user', 'x'.repeat(10), { messageId: 'm', blob: 'y'.repeat(70_000) });
      expect(JSON.parse(db.prepare(`SELECT body FROM a2a_task_events WHERE kind = 'message'`).pluck().get() as string)).toEqual({ truncated: true, size: expect.any(Number) });
      tasks.setState(record, 'completed', 'done');

      agents.remove('helper');
      expect(db.prepare('SELECT COUNT(*) FROM agent_cards').pluck().get()).toBe(0);
      expect(tasks.list({ limit: 10 })).toMatchObject([{ agent: 'helper', taskId: 't1', state: 'completed', client: 'tester' }]);
      expect(tasks.byTaskId('t1', 'someone-else')).toEqual([]);
      expect(tasks.pruneBefore(new Date(Date.now() + 1000).toISOString())).toBe(1);
      expect(db.prepare('SELECT COUNT(*) FROM a2a_task_events').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
