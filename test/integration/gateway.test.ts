import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CreateMessageRequestSchema, McpError, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, freePort, startHub, stopAllHubs } from '../helpers/hub.js';

afterEach(stopAllHubs);

const node = process.execPath;
const pkg = (p: string) => path.join(repoRoot, 'node_modules', p);
const everything = pkg('@modelcontextprotocol/server-everything/dist/index.js');
const filesystem = pkg('@modelcontextprotocol/server-filesystem/dist/index.js');
const memory = pkg('@modelcontextprotocol/server-memory/dist/index.js');
const flaky = path.join(repoRoot, 'test/fixtures/gateway/flaky-server.mjs');

/** Adds a server, and a rule that allows its tools (consent has its own tests). */
function add(dataDir: string, args: string[]): void {
  const r = runCli(['server', 'add', ...args], { dataDir });
  if (r.code !== 0) throw new Error(r.stderr);
  const allow = runCli(['consent', 'allow', '--server', args[0]!], { dataDir });
  if (allow.code !== 0) throw new Error(allow.stderr);
}

const text = (result: unknown) => ((result as { content: { type: string; text?: string }[] }).content[0]?.text ?? '');
const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name);

async function hubWith(setup: (dataDir: string) => void, capabilities = {}) {
  const dataDir = tempDataDir();
  setup(dataDir);
  const hub = await startHub({ dataDir });
  const client = await hub.connect(hub.addClient('tester'), capabilities);
  return { hub, client, dataDir };
}

describe('the gateway in front of real MCP servers', () => {
  it('publishes server-everything, server-filesystem and server-memory as server__tool and routes calls', async () => {
    const files = tempDataDir('agent-hub-fs-');
    fs.writeFileSync(path.join(files, 'hello.txt'), 'hello from the filesystem server');
    const { client, dataDir } = await hubWith((d) => {
      add(d, ['every', '--', node, everything, 'stdio']);
      add(d, ['fs', '--', node, filesystem, files]);
      add(d, ['mem', '--env', `MEMORY_FILE_PATH=${path.join(files, 'memory.jsonl')}`, '--', node, memory]);
    });

    const names = await eventually(async () => {
      const n = await toolNames(client);
      return n.includes('every__echo') && n.includes('fs__read_text_file') && n.includes('mem__read_graph') && n;
    }, 30_000, 'all three servers to publish their tools');
    expect(names.every((n) => /^(every|fs|mem)__/.test(n))).toBe(true);

    expect(text(await client.callTool({ name: 'every__echo', arguments: { message: 'hi there' } }))).toBe('Echo: hi there');
    expect(text(await client.callTool({ name: 'fs__read_text_file', arguments: { path: path.join(files, 'hello.txt') } }))).toBe(
      'hello from the filesystem server',
    );
    await client.callTool({ name: 'mem__create_entities', arguments: { entities: [{ name: 'hub', entityType: 'app', observations: ['local'] }] } });
    expect(text(await client.callTool({ name: 'mem__read_graph', arguments: {} }))).toContain('"hub"');

    type Row = { client: string; server: string; tool: string; arguments: string; status: string; duration_ms: number };
    const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
    // A record is completed just after the answer goes out.
    const calls = await eventually(() => {
      const rows = db.prepare('SELECT client, server, tool, arguments, status, duration_ms FROM tool_calls ORDER BY id').all() as Row[];
      return rows.every((r) => r.status !== 'running') && rows;
    });
    expect(calls.map((c) => [c.client, c.server, c.tool, c.status])).toEqual([
      ['tester', 'every', 'echo', 'ok'],
      ['tester', 'fs', 'read_text_file', 'ok'],
      ['tester', 'mem', 'create_entities', 'ok'],
      ['tester', 'mem', 'read_graph', 'ok'],
    ]);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ message: 'hi there' });
    expect(calls.every((c) => c.duration_ms > 0)).toBe(true);
  });

  it('forwards resources, prompts and progress notifications', async () => {
    const { client } = await hubWith((d) => add(d, ['every', '--', node, everything, 'stdio']));
    await eventually(async () => (await toolNames(client)).includes('every__echo'), 30_000);

    const resources = (await client.listResources()).resources;
    expect(resources.length).toBeGreaterThan(0);
    const read = await client.readResource({ uri: resources[0]!.uri });
    expect(read.contents[0]!.uri).toBe(resources[0]!.uri);
    const templates = (await client.listResourceTemplates()).resourceTemplates;
    expect(templates.length).toBeGreaterThan(0);

    const prompts = (await client.listPrompts()).prompts;
    expect(prompts.every((p) => p.name.startsWith('every__'))).toBe(true);
    const simple = prompts.find((p) => !p.arguments?.some((a) => a.required));
    expect((await client.getPrompt({ name: simple!.name })).messages.length).toBeGreaterThan(0);

    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'every__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(text(result)).toContain('Long running operation completed');
    expect(progress).toEqual([1, 2, 3]);
  });

  it('cancels the upstream call when the client cancels, and records it', async () => {
    const { client, dataDir } = await hubWith((d) => add(d, ['every', '--', node, everything, 'stdio']));
    await eventually(async () => (await toolNames(client)).includes('every__echo'), 30_000);
    const controller = new AbortController();
    const call = client.callTool({ name: 'every__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }, undefined, {
      signal: controller.signal,
      onprogress: () => controller.abort('changed my mind'),
    });
    await expect(call).rejects.toThrow();
    const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
    await eventually(() => db.prepare(`SELECT status FROM tool_calls WHERE tool = 'trigger-long-running-operation'`).pluck().get() === 'cancelled');
    // The server is still fine afterwards.
    expect(text(await client.callTool({ name: 'every__echo', arguments: { message: 'still here' } }))).toBe('Echo: still here');
  });

  it("passes a server's sampling request to the calling client, and refuses it for a client without the capability", async () => {
    const { hub, client } = await hubWith((d) => add(d, ['every', '--', node, everything, 'stdio']), { sampling: {} });
    const asked: string[] = [];
    client.setRequestHandler(CreateMessageRequestSchema, (req) => {
      const first = req.params.messages[0]!.content as { text?: string };
      asked.push(first.text ?? '');
      return { role: 'assistant', model: 'test-model', content: { type: 'text', text: 'sampled by the test client' } };
    });
    await eventually(async () => (await toolNames(client)).includes('every__trigger-sampling-request'), 30_000);
    const result = await client.callTool({ name: 'every__trigger-sampling-request', arguments: { prompt: 'say hi', maxTokens: 5 } });
    expect(text(result)).toContain('sampled by the test client');
    expect(asked).toEqual([expect.stringContaining('say hi')]);

    // A second client that did not declare sampling: the server gets an error, the caller an error result.
    const plain = await hub.connect(hub.addClient('plain'));
    const refused = await plain.callTool({ name: 'every__trigger-sampling-request', arguments: { prompt: 'say hi', maxTokens: 5 } }).then(
      (r) => text(r),
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/does not support sampling/);
    expect(asked).toHaveLength(1);
  });

  it('ends the HTTP response of a call the client cancels, without a JSON-RPC answer', async () => {
    const { hub, client } = await hubWith((d) => add(d, ['every', '--', node, everything, 'stdio']));
    await eventually(async () => (await toolNames(client)).includes('every__echo'), 30_000);
    const token = hub.addClient('raw');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const url = `${hub.url}/mcp`;
    const init = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
    });
    const session = { ...headers, 'mcp-session-id': init.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-11-25' };
    await init.text();
    const call = fetch(url, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'every__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } } }),
    }).then((r) => r.text());
    await eventually(() => new Database(path.join(hub.dataDir, 'hub.db'), { readonly: true }).prepare(`SELECT 1 FROM tool_calls WHERE status = 'running'`).get(), 15_000);
    const cancel = await fetch(url, { method: 'POST', headers: session, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7, reason: 'test' } }) });
    expect(cancel.status).toBe(202);
    // The response ends, and carries no JSON-RPC answer for id 7.
    expect(await call).not.toContain('"id":7');
  });

  it('hides denied tools, and a guessed hidden name fails exactly like an unknown one', async () => {
    const { client } = await hubWith((d) => add(d, ['flaky', '--deny-tool', 'secret-admin', '--', node, flaky]));
    const names = await eventually(async () => (await toolNames(client)).length && toolNames(client), 30_000);
    expect(names).toEqual(['flaky__crash', 'flaky__pid', 'flaky__add']);

    const errorOf = async (name: string) => {
      try {
        await client.callTool({ name, arguments: {} });
      } catch (e) {
        expect(e).toBeInstanceOf(McpError);
        return { code: (e as McpError).code, message: (e as McpError).message.replace(name, 'NAME') };
      }
      throw new Error(`${name} did not fail`);
    };
    const hidden = await errorOf('flaky__secret-admin');
    expect(hidden).toEqual(await errorOf('flaky__no-such-tool'));
    expect(hidden).toEqual(await errorOf('other__secret-admin'));
    expect(hidden.code).toBe(-32602);
  });

  it('restarts a crashed server with backoff and keeps serving', async () => {
    const { hub, client } = await hubWith((d) => add(d, ['flaky', '--', node, flaky]));
    await eventually(async () => (await toolNames(client)).includes('flaky__pid'), 30_000);
    const firstPid = text(await client.callTool({ name: 'flaky__pid', arguments: {} }));

    const crashed = await client.callTool({ name: 'flaky__crash', arguments: {} });
    expect(crashed.isError).toBe(true);
    expect(text(crashed)).toMatch(/Server "flaky" failed during the call/);

    const secondPid = await eventually(async () => {
      const r = await client.callTool({ name: 'flaky__pid', arguments: {} });
      return !r.isError && text(r);
    }, 30_000, 'the server to come back');
    expect(secondPid).not.toBe(firstPid);
    // The log is written in batches, a moment after the lines come.
    const log = await eventually(() => {
      const text = fs.readFileSync(path.join(hub.dataDir, 'logs', 'flaky.log'), 'utf8');
      return /restarting in \d+ ms/.test(text) && text;
    });
    expect(log).toContain('crashing on purpose');
    expect(log).toMatch(/exited \(code 3\)/);
    expect(log).toMatch(/restarting in \d+ ms/);
  });

  it('answers tools/list from the saved catalog while a slow server is still starting, without delaying the others', async () => {
    const dataDir = tempDataDir();
    const slowFlag = path.join(dataDir, 'slow-start');
    add(dataDir, ['slow', '--env', `FLAKY_SLOW_FLAG=${slowFlag}`, '--', node, flaky]);
    const first = await startHub({ dataDir });
    const c1 = await first.connect(first.addClient('one'));
    await eventually(async () => (await toolNames(c1)).includes('slow__pid'), 30_000);
    await first.stop();

    // Now the server takes a minute to start, and a second, quick server is configured.
    fs.writeFileSync(slowFlag, '');
    add(dataDir, ['quick', '--', node, everything, 'stdio']);
    const second = await startHub({ dataDir });
    const c2 = await second.connect(second.addClient('two'));
    expect(await toolNames(c2)).toEqual(expect.arrayContaining(['slow__pid', 'slow__add']));
    await eventually(async () => (await toolNames(c2)).includes('quick__echo'), 30_000);
    expect(text(await c2.callTool({ name: 'quick__echo', arguments: { message: 'not blocked' } }))).toBe('Echo: not blocked');
  });

  it('tells connected clients when servers are added, disabled and removed from the CLI', async () => {
    const { hub, client } = await hubWith((d) => add(d, ['flaky', '--', node, flaky]));
    await eventually(async () => (await toolNames(client)).includes('flaky__pid'), 30_000);
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changes++);

    add(hub.dataDir, ['every', '--', node, everything, 'stdio']);
    await eventually(() => changes > 0, 30_000, 'tools/list_changed after server add');
    await eventually(async () => (await toolNames(client)).includes('every__echo'), 30_000);

    const before = changes;
    expect(runCli(['server', 'disable', 'every'], { dataDir: hub.dataDir }).code).toBe(0);
    await eventually(() => changes > before, 15_000, 'tools/list_changed after disable');
    // A list_changed from the add may still be on its way (the first list of a new server publishes
    // before it answers), so the one after disable is not necessarily the one just counted.
    await eventually(async () => !(await toolNames(client)).includes('every__echo'), 15_000, 'the disabled server\'s tools to go');

    expect(runCli(['server', 'remove', 'flaky'], { dataDir: hub.dataDir }).code).toBe(0);
    await eventually(async () => (await toolNames(client)).length === 0, 15_000, 'tools of a removed server to go');
  });

  it('connects to HTTP servers: Streamable HTTP, legacy HTTP+SSE, and a local one it starts itself', async () => {
    const [streamPort, ssePort] = [await freePort(), await freePort()];
    const { client, hub } = await hubWith((d) => {
      add(d, ['local', '--url', `http://127.0.0.1:${streamPort}/mcp`, '--env', `PORT=${streamPort}`, '--', node, everything, 'streamableHttp']);
      add(d, ['legacy', '--url', `http://127.0.0.1:${ssePort}/sse`, '--env', `PORT=${ssePort}`, '--', node, everything, 'sse']);
    });
    await eventually(async () => {
      const n = await toolNames(client);
      return n.includes('local__echo') && n.includes('legacy__echo');
    }, 30_000, 'both HTTP servers');
    expect(text(await client.callTool({ name: 'local__echo', arguments: { message: 'over http' } }))).toBe('Echo: over http');
    expect(text(await client.callTool({ name: 'legacy__echo', arguments: { message: 'over sse' } }))).toBe('Echo: over sse');
    await eventually(() => fs.readFileSync(path.join(hub.dataDir, 'logs', 'legacy.log'), 'utf8').includes('trying the legacy HTTP+SSE transport'));
  });

  it('explains a server whose command does not exist, in the call result and the log', async () => {
    const { client, hub } = await hubWith((d) => {
      add(d, ['ghost', '--', 'agent-hub-no-such-command']);
      add(d, ['flaky', '--', node, flaky]);
    });
    await eventually(async () => (await toolNames(client)).includes('flaky__pid'), 30_000);
    expect(text(await client.callTool({ name: 'flaky__add', arguments: { a: 2, b: 3 } }))).toBe('5');
    await eventually(() => fs.readFileSync(path.join(hub.dataDir, 'logs', 'ghost.log'), 'utf8').includes('was not found'), 15_000);
  });
});
