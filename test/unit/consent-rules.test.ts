import { afterEach, describe, expect, it } from 'vitest';
import { addStandingRule } from '../../main/core/consent/consent-rules.js';
import { openStore, type Store } from '../../main/core/store/store.js';
import { tempDataDir } from '../helpers/cli.js';

let store: Store;
afterEach(() => store?.close());

const rule = (over: Partial<Parameters<typeof addStandingRule>[1]>) => ({ client: '*', server: 'git', tool: '*', effect: 'allow' as const, createdBy: 'cli', ...over });

describe('a standing rule made up front', () => {
  it('is refused with the reason for a server, tool or client that does not exist, unless forced', () => {
    store = openStore(tempDataDir());
    store.servers.add({ name: 'git', transport: 'stdio', command: 'git-mcp' });
    store.agents.add({ name: 'planner', url: 'https://planner.example.com' });
    store.clients.add('claude');

    expect(() => addStandingRule(store, rule({ server: 'nosuch' }))).toThrow(/^There is no server or agent named "nosuch"/);
    expect(() => addStandingRule(store, rule({ client: 'cursor' }))).toThrow(/There is no client named "cursor".*add --force to make the rule anyway\)\.$/);
    // A server that never listed its tools cannot be checked: no warning.
    expect(addStandingRule(store, rule({ tool: 'anything' })).warnings).toEqual([]);

    store.catalogCache.save('git', { tools: [{ name: 'status', inputSchema: { type: 'object' } }], resources: [], resourceTemplates: [], prompts: [] });
    expect(() => addStandingRule(store, rule({ tool: 'git__status' }))).toThrow('"git" has no tool named "git__status" (its tools: status); a rule names the server\'s own tool name; nothing was changed (add --force to make the rule anyway).');
    expect(addStandingRule(store, rule({ tool: 'status', client: 'claude' })).warnings).toEqual([]);
    expect(() => addStandingRule(store, rule({ server: 'planner', tool: 'ask' }))).toThrow(/"planner" has no tool named "ask" \(its tools: send_message\)/);
    expect(addStandingRule(store, rule({ server: 'a2a', tool: 'get_task' })).warnings).toEqual([]);

    const forced = addStandingRule(store, rule({ server: 'later' }), { force: true });
    expect(forced.warnings).toEqual([expect.stringMatching(/^There is no server or agent named "later"/)]);
    expect(store.consent.rules().map((r) => r.server)).toEqual(['git', 'git', 'a2a', 'later']);
  });
});
