import Database from 'better-sqlite3';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createHub } from '../../main/core/hub.js';
import { memorySecrets } from '../helpers/memory-secrets.js';
import type { ConsentPromptView } from '../../shared/consent.js';
import type { RateLimitView } from '../../shared/limits.js';
import { startA2AAgent, stopA2AAgents } from '../helpers/a2a-agents.js';
import { repoRoot, runCli, runCliAsync, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

// Rate limits with real parts: the built CLI on a real hub.db, and `agent-hub serve` in front of a real
// stdio server and a real A2A agent, called by SDK MCP clients over Streamable HTTP. Limits are 1–3 calls
// a minute, so every refusal here comes from an empty bucket, never from timing.

const flaky = path.join(repoRoot, 'test/fixtures/gateway/flaky-server.mjs');
const text = (r: unknown) => ((r as CallToolResult).content[0] as { text?: string } | undefined)?.text ?? '';

function cli(dataDir: string, args: string[]): string {
  const r = runCli(args, { dataDir });
  if (r.code !== 0) throw new Error(`agent-hub ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const limits = (dataDir: string) => JSON.parse(cli(dataDir, ['limit', 'list', '--json'])) as RateLimitView[];

function query<T>(dataDir: string, sql: string): T[] {
  const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

type Row = { client: string; server: string; tool: string; status: string; error: string | null; decision: string | null };
/** The newest finished record of a client's calls to a server. */
const lastCall = (dataDir: string, client: string, server: string) =>
  eventually(() => {
    const [row] = query<Row>(dataDir, `SELECT client, server, tool, status, error, decision FROM tool_calls WHERE client = '${client}' AND server = '${server}' ORDER BY id DESC LIMIT 1`);
    return row && row.status !== 'running' && row;
  });

describe('agent-hub limit (CLI)', () => {
  it('sets, replaces, lists and removes limits, and refuses what would never apply', () => {
    const dataDir = tempDataDir();
    cli(dataDir, ['server', 'add', 'calc', '--', process.execPath, flaky]);
    cli(dataDir, ['client', 'add', 'cursor']);
    expect(runCli(['limit', 'list'], { dataDir }).stdout).toBe(
      'No rate limits: calls are not limited. Add one with: agent-hub limit set [--client C] [--server S] [--tool T] PER_MINUTE\n',
    );

    expect(cli(dataDir, ['limit', 'set', '--client', 'cursor', '--server', 'calc', '10'])).toBe('Limit 1: client "cursor" may make 10 calls a minute to "calc".\n');
    expect(cli(dataDir, ['limit', 'set', '--server', 'calc', '--tool', 'add', '1'])).toBe('Limit 2: all clients together may make 1 call a minute to "add" of "calc".\n');
    // The same scope again replaces its number and keeps its id.
    expect(cli(dataDir, ['limit', 'set', '--server', 'calc', '--client', 'cursor', '3'])).toBe('Limit 1: client "cursor" may make 3 calls a minute to "calc".\n');
    const set = JSON.parse(cli(dataDir, ['limit', 'set', '--json', '100000'])) as RateLimitView;
    expect(set).toMatchObject({ id: 3, client: null, server: null, tool: null, perMinute: 100000 });

    expect(limits(dataDir)).toEqual([
      { id: 1, client: 'cursor', server: 'calc', tool: null, perMinute: 3, createdAt: expect.any(String) },
      { id: 2, client: null, server: 'calc', tool: 'add', perMinute: 1, createdAt: expect.any(String) },
      { id: 3, client: null, server: null, tool: null, perMinute: 100000, createdAt: expect.any(String) },
    ]);
    expect(cli(dataDir, ['limit', 'list']).split('\n')).toEqual(['ID  CLIENT  SERVER  TOOL  PER MINUTE', '1   cursor  calc    *     3', '2   *       calc    add   1', '3   *       *       *     100000', '']);

    expect(cli(dataDir, ['limit', 'remove', '3'])).toBe('Removed limit 3.\n');
    const again = runCli(['limit', 'remove', '3'], { dataDir });
    expect([again.code, again.stderr]).toEqual([1, 'agent-hub: There is no rate limit 3 (see: agent-hub limit list).\n']);
    // A limit dies with the client it names (and an id is never reused).
    cli(dataDir, ['client', 'remove', 'cursor']);
    expect(limits(dataDir).map((l) => l.id)).toEqual([2]);
    expect(cli(dataDir, ['limit', 'set', '--server', 'calc', '2'])).toBe('Limit 4: all clients together may make 2 calls a minute to "calc".\n');
  });

  it('refuses unknown names without --force (exit 1), and mistakes in the call with a usage error (exit 2)', () => {
    const dataDir = tempDataDir();
    cli(dataDir, ['server', 'add', 'calc', '--', process.execPath, flaky]);
    const refused = (args: string[]) => {
      const r = runCli(['limit', 'set', ...args], { dataDir });
      return [r.code, r.stderr.split('\n')[0]];
    };
    expect(refused(['--client', 'nobody', '5'])).toEqual([
      1,
      'agent-hub: There is no client named "nobody" (see: agent-hub client list); nothing was changed (add --force to set the limit anyway).',
    ]);
    expect(refused(['--server', 'nothing', '5'])).toEqual([
      1,
      'agent-hub: There is no server or agent named "nothing" (see: agent-hub server list, agent-hub agent list), so the limit would apply to whatever is added under that name later; nothing was changed (add --force to set the limit anyway).',
    ]);
    expect(refused(['--tool', 'add', '5'])).toEqual([2, 'agent-hub: A limit on tool "add" needs its server or agent too (--server S): a tool is named as its server calls it.']);
    expect(refused(['--server', 'calc', '0'])).toEqual([2, 'agent-hub: Calls per minute must be a whole number from 1 to 100000; got 0.']);
    expect(refused(['--server', 'calc', '100001'])).toEqual([2, 'agent-hub: Calls per minute must be a whole number from 1 to 100000; got 100001.']);
    expect(refused(['--server', 'calc', 'ten'])).toEqual([2, 'agent-hub: PER_MINUTE must be a whole number of calls from 1 to 100000; got "ten".']);
    expect(refused(['--server', 'Calc', '5'])).toEqual([2, 'agent-hub: --server must be a server or agent name (lower-case letters, digits and "-", 1 to 32 characters); got "Calc".']);
    expect(refused(['--server', 'calc'])).toEqual([2, 'agent-hub: "limit set" needs PER_MINUTE.']);
    expect(limits(dataDir)).toEqual([]);

    const forced = runCli(['limit', 'set', '--client', 'later', '--force', '5'], { dataDir });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe('Warning: There is no client named "later" (see: agent-hub client list).\n');
    expect(forced.stdout).toBe('Limit 1: client "later" may make 5 calls a minute in all.\n');
  });
});

describe('rate limits on a running hub', () => {
  let hub: RunningHub;
  let cursor: McpClient;
  let other: McpClient;

  beforeAll(async () => {
    const dataDir = tempDataDir();
    cli(dataDir, ['server', 'add', 'calc', '--', process.execPath, flaky]);
    const agent = await startA2AAgent('echo');
    const added = await runCliAsync(['agent', 'add', 'helper', '--url', agent.url], { dataDir });
    expect(added.stderr).toBe('');
    // The agent's calls are allowed; calc's ask (so a limited call that reached consent would show as a prompt).
    cli(dataDir, ['consent', 'allow', '--server', 'helper']);
    hub = await startHub({ dataDir });
    cursor = await hub.connect(hub.addClient('cursor'));
    other = await hub.connect(hub.addClient('other'));
    await eventually(async () => {
      const names = (await cursor.listTools()).tools.map((t) => t.name);
      return names.includes('calc__add') && names.includes('helper__send_message');
    }, 30_000, 'the tools of calc and helper');
  }, 90_000);

  afterAll(async () => {
    await stopAllHubs();
    await stopA2AAgents();
  });

  it('refuses a call over a limit set from the CLI with a tool error, records it rate-limited, and never asks', async () => {
    const { dataDir } = hub;
    cli(dataDir, ['limit', 'set', '--client', 'cursor', '--server', 'calc', '1']);
    const [limit] = limits(dataDir);

    // The first call takes the only token, then asks the user (no rule for calc).
    const first = cursor.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } });
    const [prompt] = await eventually(() => {
      const p = JSON.parse(cli(dataDir, ['consent', 'pending', '--json'])) as ConsentPromptView[];
      return p.length === 1 && p;
    }, 15_000, 'the first call to ask');
    cli(dataDir, ['consent', 'answer', String(prompt!.id), 'allow']);
    expect(text(await first)).toBe('3');

    const second = (await cursor.callTool({ name: 'calc__add', arguments: { a: 3, b: 4 } })) as CallToolResult;
    expect(second.isError).toBe(true);
    expect(text(second)).toMatch(new RegExp(`^Rate limit: client "cursor" may make 1 call a minute to "calc" \\(limit ${limit!.id}\\); try again in ([1-9]|[1-5][0-9]|60) s\\.$`));
    expect(await lastCall(dataDir, 'cursor', 'calc')).toEqual({ client: 'cursor', server: 'calc', tool: 'add', status: 'rate-limited', error: text(second), decision: null });
    // No prompt for the refused call: the one prompt there ever was is the first call's.
    expect(query<{ id: number }>(dataDir, 'SELECT id FROM consent_prompts')).toEqual([{ id: prompt!.id }]);
    expect(JSON.parse(cli(dataDir, ['consent', 'pending', '--json']))).toEqual([]);
    // The timeline's filter finds it.
    expect(query<Row>(dataDir, `SELECT tool FROM tool_calls WHERE status = 'rate-limited'`)).toEqual([{ tool: 'add' }]);
  });

  it("leaves other clients alone, takes a changed limit at once with a full bucket, and lets everything through once it is removed", async () => {
    const { dataDir } = hub;
    cli(dataDir, ['consent', 'allow', '--server', 'calc']);
    // A new number for the same scope keeps its id and starts with a full bucket.
    cli(dataDir, ['limit', 'set', '--client', 'cursor', '--server', 'calc', '2']);
    for (let i = 0; i < 2; i++) expect(((await cursor.callTool({ name: 'calc__add', arguments: { a: i, b: 1 } })) as CallToolResult).isError ?? false).toBe(false);
    expect(((await cursor.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } })) as CallToolResult).isError).toBe(true);
    // Another client is not limited by cursor's limit.
    for (let i = 0; i < 5; i++) expect(text(await other.callTool({ name: 'calc__add', arguments: { a: i, b: 1 } }))).toBe(String(i + 1));

    // And again: a full bucket of 3, for every tool of calc.
    cli(dataDir, ['limit', 'set', '--client', 'cursor', '--server', 'calc', '3']);
    const [limit] = limits(dataDir);
    for (let i = 0; i < 3; i++) expect(text(await cursor.callTool({ name: 'calc__add', arguments: { a: i, b: 10 } }))).toBe(String(i + 10));
    const refused = (await cursor.callTool({ name: 'calc__pid', arguments: {} })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain(`client "cursor" may make 3 calls a minute to "calc" (limit ${limit!.id})`);

    cli(dataDir, ['limit', 'remove', String(limit!.id)]);
    for (let i = 0; i < 5; i++) expect(((await cursor.callTool({ name: 'calc__add', arguments: { a: i, b: 0 } })) as CallToolResult).isError ?? false).toBe(false);
  });

  it("limits an agent's send_message called as an MCP tool", async () => {
    const { dataDir } = hub;
    expect(runCli(['limit', 'set', '--server', 'helper', '--tool', 'nope', '1'], { dataDir }).stderr).toBe(
      'agent-hub: "helper" has no tool named "nope" (its tools: send_message); name the server\'s own tool name; nothing was changed (add --force to set the limit anyway).\n',
    );
    cli(dataDir, ['limit', 'set', '--server', 'helper', '--tool', 'send_message', '1']);
    const limit = limits(dataDir).find((l) => l.server === 'helper')!;

    const sent = (await other.callTool({ name: 'helper__send_message', arguments: { text: 'hello' } })) as CallToolResult;
    expect(sent.isError ?? false).toBe(false);
    // The limit names no client: the other client's call emptied the bucket for everyone.
    const refused = (await cursor.callTool({ name: 'helper__send_message', arguments: { text: 'again' } })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(new RegExp(`^Rate limit: all clients together may make 1 call a minute to "send_message" of "helper" \\(limit ${limit.id}\\); try again in \\d+ s\\.$`));
    expect(await lastCall(dataDir, 'cursor', 'helper')).toMatchObject({ tool: 'send_message', status: 'rate-limited', error: text(refused) });
  });

  it('refuses a tool the server does not have, once the hub has seen its tools', () => {
    const r = runCli(['limit', 'set', '--server', 'calc', '--tool', 'Add', '1'], { dataDir: hub.dataDir });
    expect([r.code, r.stderr]).toEqual([
      1,
      'agent-hub: "calc" has no tool named "Add" (its tools: crash, pid, add, secret-admin); name the server\'s own tool name; nothing was changed (add --force to set the limit anyway).\n',
    ]);
  });
});

describe('rate limits through the HubApi (the Consent page)', () => {
  it('apply to the running hub at once, answer mistakes with a sentence and a code, and go when removed', async () => {
    const hub = await createHub({ dataDir: tempDataDir(), port: 0, secrets: memorySecrets(), gateway: { startDelayMs: 0 } });
    const client = new McpClient({ name: 'limits', version: '1' });
    try {
      const api = createHubApi(hub, 'test');
      await api.addServer({ name: 'calc', transport: 'stdio', command: process.execPath, args: [flaky] });
      const { token } = await api.addClient('cursor');
      hub.store.consent.addRule({ client: '*', server: 'calc', tool: '*', effect: 'allow', scope: 'always', createdBy: 'test' });
      hub.consent.rulesChanged();
      await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
      await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'calc__pid'), 30_000, 'calc to publish');

      // Written in this process (no new data version): the hub's limits-changed event has the limiter read them.
      const limit = await api.setRateLimit({ client: 'cursor', server: 'calc', tool: 'pid', perMinute: 1 });
      expect(limit).toMatchObject({ client: 'cursor', server: 'calc', tool: 'pid', perMinute: 1 });
      expect(await api.listRateLimits()).toEqual([limit]);
      expect(((await client.callTool({ name: 'calc__pid', arguments: {} })) as CallToolResult).isError ?? false).toBe(false);
      expect(text(await client.callTool({ name: 'calc__pid', arguments: {} }))).toMatch(/^Rate limit: client "cursor" may make 1 call a minute to "pid" of "calc"/);
      // Another tool of calc is not limited.
      expect(text(await client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } }))).toBe('2');

      await expect(api.setRateLimit({ client: 'nobody', perMinute: 3 })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('There is no client named "nobody"') });
      await expect(api.setRateLimit({ tool: 'pid', perMinute: 3 })).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(api.removeRateLimit(limit.id + 1)).rejects.toMatchObject({ code: 'not_found' });

      await api.removeRateLimit(limit.id);
      expect(await api.listRateLimits()).toEqual([]);
      expect(((await client.callTool({ name: 'calc__pid', arguments: {} })) as CallToolResult).isError ?? false).toBe(false);

      // A limit goes with the client it names, and the running hub forgets it at once.
      await api.setRateLimit({ client: 'cursor', server: 'calc', perMinute: 1 });
      await api.removeClient('cursor');
      expect(await api.listRateLimits()).toEqual([]);
    } finally {
      await client.close();
      await hub.dispose();
    }
  }, 60_000);
});
