import Database from 'better-sqlite3';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError, ToolListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientView } from '../../shared/clients.js';
import { repoRoot, runCli, runCliAsync, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

// Profiles and search mode with real parts: the built CLI, `agent-hub serve`, server-memory and
// server-filesystem from npm over stdio, and SDK MCP clients over Streamable HTTP.

const pkg = (p: string) => path.join(repoRoot, 'node_modules', p);
const memory = pkg('@modelcontextprotocol/server-memory/dist/index.js');
const filesystem = pkg('@modelcontextprotocol/server-filesystem/dist/index.js');
const text = (r: unknown) => ((r as CallToolResult).content[0] as { text?: string } | undefined)?.text ?? '';
const names = async (c: Client) => (await c.listTools()).tools.map((t) => t.name);

let hub: RunningHub;
let dataDir: string;

function cli(args: string[]): string {
  const r = runCli(args, { dataDir });
  if (r.code !== 0) throw new Error(`agent-hub ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const profileOf = (name: string) => (JSON.parse(cli(['client', 'list', '--json'])) as ClientView[]).find((c) => c.name === name)!.profile;

async function unknown(c: Client, name: string): Promise<string> {
  try {
    await c.callTool({ name, arguments: {} });
    return 'called';
  } catch (e) {
    return e instanceof McpError && /not found/.test(e.message) ? 'unknown' : `other: ${(e as Error).message}`;
  }
}

beforeAll(async () => {
  dataDir = tempDataDir();
  const files = tempDataDir('agent-hub-fs-');
  cli(['server', 'add', 'memory', '--env', `MEMORY_FILE_PATH=${path.join(files, 'memory.json')}`, '--', process.execPath, memory]);
  cli(['server', 'add', 'files', '--', process.execPath, filesystem, files]);
  cli(['consent', 'allow', '--server', 'files']);
  hub = await startHub({ dataDir });
  // Until the servers listed once, there are no tool names to check profiles against.
  const probe = await hub.connect(hub.addClient('probe'));
  await eventually(async () => (await names(probe)).some((n) => n.startsWith('files__')) && (await names(probe)).some((n) => n.startsWith('memory__')), 20_000, 'both servers to list');
}, 60_000);

afterAll(stopAllHubs);

describe('client profiles', () => {
  it('agent-hub client set changes what a client sees, and refuses names the hub does not know', () => {
    cli(['client', 'add', 'cursor']);
    expect(cli(['client', 'set', 'cursor', '--servers', 'memory', '--hide-tool', 'memory__delete_entities'])).toBe('Client "cursor" sees only memory, without memory__delete_entities; all its tools listed.\n');
    expect(profileOf('cursor')).toEqual({ servers: ['memory'], hiddenTools: ['memory__delete_entities'], mode: 'flat', pins: [] });

    const unknownServer = runCli(['client', 'set', 'cursor', '--servers', 'memory,nothing'], { dataDir });
    expect([unknownServer.code, unknownServer.stderr.trim()]).toEqual([
      1,
      'agent-hub: There is no server or agent named "nothing" (see: agent-hub server list, agent-hub agent list); nothing was changed (add --force to change it anyway).',
    ]);
    const unknownTool = runCli(['client', 'set', 'cursor', '--hide-tool', 'memory__forget_everything'], { dataDir });
    expect(unknownTool.code).toBe(1);
    expect(unknownTool.stderr).toContain('"memory" has no tool named "forget_everything" (its tools: create_entities');
    const badRef = runCli(['client', 'set', 'cursor', '--pin', 'read_graph'], { dataDir });
    expect([badRef.code, badRef.stderr.split('\n')[0]]).toEqual([2, 'agent-hub: --pin takes SERVER__TOOL (the server name, two underscores, its own tool name), not "read_graph".']);
    const badMode = runCli(['client', 'set', 'cursor', '--mode', 'lazy'], { dataDir });
    expect([badMode.code, badMode.stderr.split('\n')[0]]).toEqual([2, 'agent-hub: --mode must be flat, search or auto, not "lazy".']);
    expect(profileOf('cursor')).toEqual({ servers: ['memory'], hiddenTools: ['memory__delete_entities'], mode: 'flat', pins: [] });

    expect(runCli(['client', 'set', 'cursor', '--servers', 'memory,later', '--force'], { dataDir }).code).toBe(0);
    expect(profileOf('cursor')!.servers).toEqual(['later', 'memory']);
    cli(['client', 'set', 'cursor', '--servers', 'memory']);
  });

  it('a tool outside the profile is unknown to that client in tools/list and in calls, while others see it', async () => {
    const cursor = await hub.connect(hub.addClient('cursor-2'));
    cli(['client', 'set', 'cursor-2', '--servers', 'memory', '--hide-tool', 'memory__delete_entities']);
    await eventually(async () => !(await names(cursor)).includes('memory__delete_entities'), 10_000, 'the profile to apply');
    const listed = await names(cursor);
    expect(listed.length).toBeGreaterThan(3);
    expect(listed.every((n) => n.startsWith('memory__'))).toBe(true);
    expect(await unknown(cursor, 'memory__delete_entities')).toBe('unknown');
    expect(await unknown(cursor, 'files__list_allowed_directories')).toBe('unknown');
    const other = await hub.connect(hub.addClient('other'));
    expect(await names(other)).toEqual(expect.arrayContaining(['memory__delete_entities', 'files__read_text_file']));
    expect(text(await other.callTool({ name: 'files__list_allowed_directories', arguments: {} }))).toContain('Allowed directories');
  });

  it('switches a connected client to search mode live: list_changed, then the hub tools and the pins', async () => {
    const searcher = await hub.connect(hub.addClient('searcher'));
    expect(await names(searcher)).toContain('memory__create_entities');
    let changed = 0;
    searcher.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    cli(['client', 'set', 'searcher', '--mode', 'search', '--pin', 'memory__read_graph']);
    await eventually(() => changed > 0, 10_000, 'tools/list_changed');
    expect(await names(searcher)).toEqual(['hub__search_tools', 'hub__call_tool', 'memory__read_graph']);
    const search = (await searcher.listTools()).tools.find((t) => t.name === 'hub__search_tools')!;
    expect(search.inputSchema).toMatchObject({ required: ['query'], properties: { query: {}, limit: {} } });
  });

  it('finds tools with hub__search_tools, and calls one through hub__call_tool with its own consent prompt and record', async () => {
    const searcher = await hub.connect(hub.addClient('finder'));
    cli(['client', 'set', 'finder', '--mode', 'search', '--hide-tool', 'memory__delete_entities']);
    await eventually(async () => (await names(searcher)).includes('hub__search_tools'), 10_000, 'search mode');
    const found = await searcher.callTool({ name: 'hub__search_tools', arguments: { query: 'add observations to an entity in the knowledge graph', limit: 3 } });
    const tools = (found.structuredContent as { tools: { name: string; server: string; inputSchema: object }[] }).tools;
    expect(tools[0]).toMatchObject({ name: 'memory__add_observations', server: 'memory', inputSchema: { type: 'object' } });
    expect(tools.length).toBeLessThanOrEqual(3);
    const deleting = await searcher.callTool({ name: 'hub__search_tools', arguments: { query: 'delete entities', limit: 25 } });
    expect(text(deleting)).not.toContain('memory__delete_entities');

    // No rule for memory: the call waits for the user, and the prompt names the real tool.
    const call = searcher.callTool({ name: 'hub__call_tool', arguments: { name: 'memory__create_entities', arguments: { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }] } } });
    const prompt = await eventually(async () => {
      const pending = JSON.parse((await runCliAsync(['consent', 'pending', '--json'], { dataDir })).stdout) as { id: number; client: string; server: string; tool: string }[];
      return pending.find((p) => p.client === 'finder');
    }, 15_000, 'the consent prompt');
    expect(prompt).toMatchObject({ server: 'memory', tool: 'create_entities' });
    expect((await runCliAsync(['consent', 'answer', String(prompt.id), 'allow'], { dataDir })).code).toBe(0);
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain('Ada');

    // The outcome is written just after the answer went out (call-record.ts).
    const rows = () => {
      const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
      try {
        return db.prepare(`SELECT server, tool, status FROM tool_calls WHERE client = 'finder' ORDER BY id`).all() as { status: string }[];
      } finally {
        db.close();
      }
    };
    await eventually(() => rows().every((r) => r.status !== 'running'), 10_000, 'the record to be finished');
    expect(rows()).toEqual([{ server: 'memory', tool: 'create_entities', status: 'ok' }]);

    // A hidden tool, and one that does not exist, are the same to hub__call_tool.
    const hidden = await searcher.callTool({ name: 'hub__call_tool', arguments: { name: 'memory__delete_entities', arguments: { entityNames: ['Ada'] } } });
    const made = await searcher.callTool({ name: 'hub__call_tool', arguments: { name: 'memory__made_up', arguments: {} } });
    expect([hidden.isError, text(hidden)]).toEqual([true, 'There is no tool "memory__delete_entities"; find one with hub__search_tools.']);
    expect(text(made)).toBe('There is no tool "memory__made_up"; find one with hub__search_tools.');
    const recursive = await searcher.callTool({ name: 'hub__call_tool', arguments: { name: 'hub__call_tool', arguments: {} } });
    expect(recursive.isError).toBe(true);
    const badArgs = await searcher.callTool({ name: 'hub__search_tools', arguments: { query: '' } });
    expect([badArgs.isError, text(badArgs)]).toEqual([true, 'The arguments are not valid: query: must not be empty.']);
  });

  it('gives a flat client no hub tools: they are unknown names there', async () => {
    const flat = await hub.connect(hub.addClient('flat'));
    expect(await names(flat)).not.toContain('hub__search_tools');
    expect(await unknown(flat, 'hub__search_tools')).toBe('unknown');
  });

  it('refuses a server or agent named hub', () => {
    const r = runCli(['server', 'add', 'hub', '--', process.execPath, memory], { dataDir });
    expect([r.code, r.stderr.trim()]).toEqual([1, 'agent-hub: The name "hub" is reserved for the hub\'s own tools (hub__search_tools, hub__call_tool); choose another name for the server.']);
  });
});
