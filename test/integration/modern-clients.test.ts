import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { Client, StreamableHTTPClientTransport, type ClientCapabilities } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

/**
 * MCP 2026-07-28 clients at the hub's one /mcp URL, next to 2025 clients: a real hub process
 * (`agent-hub serve`), real stdio servers (server-everything from npm, which elicits and samples
 * mid-call as a 2025 server does; a subscriptions fixture), and the official v2 client pinned to
 * 2026-07-28 (and in auto mode), the v1 client beside it, and raw HTTP where the wire itself is the test.
 */

const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const memory = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const subscriptions = path.join(repoRoot, 'test/fixtures/gateway/subscriptions-server.mjs');
const MODERN = '2026-07-28';
const text = (r: unknown) => ((r as { content: { text?: string }[] }).content.map((c) => c.text ?? '').join('\n'));

let hub: RunningHub;
const tokens: Record<string, string> = {};
const opened: { close(): Promise<void> }[] = [];

function cli(args: string[]): string {
  const r = runCli(args, { dataDir: hub.dataDir });
  if (r.code !== 0) throw new Error(`agent-hub ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function records(): { id: number; client: string; server: string; tool: string; status: string; decision: string | null }[] {
  const db = new Database(path.join(hub.dataDir, 'hub.db'), { readonly: true });
  try {
    return db.prepare('SELECT id, client, server, tool, status, decision FROM tool_calls ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}
/** The latest record of `tool`, once it is finished. */
const finished = (tool: string) =>
  eventually(() => {
    const row = records().findLast((r) => r.tool === tool);
    return row && row.status !== 'running' && row;
  });

/** The official v2 client, pinned to 2026-07-28 (or in auto mode), with a client token. */
async function modern(client: string, capabilities: ClientCapabilities = {}, mode: 'pin' | 'auto' = 'pin'): Promise<Client> {
  const c = new Client({ name: `modern-${client}`, version: '1.0.0' }, { capabilities, versionNegotiation: { mode: mode === 'pin' ? { pin: MODERN } : 'auto' } });
  await c.connect(new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${tokens[client]}` } } }));
  opened.push(c);
  return c;
}

async function legacy(client: string): Promise<LegacyClient> {
  const c = new LegacyClient({ name: `legacy-${client}`, version: '1.0.0' }, { capabilities: {} });
  await c.connect(new LegacyHttpTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${tokens[client]}` } } }));
  opened.push(c);
  return c;
}

let nextId = 1;
type Rpc = { jsonrpc: '2.0'; id: number; method: string; params: Record<string, unknown> };
/** A 2026-07-28 request as the spec writes it: the envelope in _meta. */
function request(method: string, params: Record<string, unknown> = {}, capabilities: ClientCapabilities = {}, version = MODERN): Rpc {
  const envelope = { 'io.modelcontextprotocol/protocolVersion': version, 'io.modelcontextprotocol/clientCapabilities': capabilities, 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' } };
  return { jsonrpc: '2.0', id: nextId++, method, params: { ...params, _meta: { ...envelope, ...(params._meta as object) } } };
}
/** The standard headers a 2026 client derives from the body. */
function headersOf(body: Rpc): Record<string, string> {
  const name = (body.params.name ?? body.params.uri) as string | undefined;
  const version = (body.params._meta as Record<string, string>)['io.modelcontextprotocol/protocolVersion']!;
  return { 'mcp-protocol-version': version, 'mcp-method': body.method, ...(name ? { 'mcp-name': name } : {}) };
}
/** POSTs to /mcp; the JSON-RPC messages of the answer (a JSON body or an SSE stream), and the one answering `body`. */
async function post(body: Rpc | unknown, headers: Record<string, string>, token: string | null = tokens.alpha!) {
  const res = await fetch(`${hub.url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  const raw = await res.text();
  const sse = (res.headers.get('content-type') ?? '').includes('text/event-stream');
  const messages = (sse ? raw.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)) : raw ? [raw] : []).map((m) => JSON.parse(m) as Record<string, unknown>);
  const answer = messages.find((m) => m.id === (body as Rpc).id) as { result?: Record<string, unknown>; error?: { code: number; message: string; data?: Record<string, unknown> } } | undefined;
  return { status: res.status, messages, answer };
}
const send = (body: Rpc, token?: string) => post(body, headersOf(body), token ?? tokens.alpha!);

beforeAll(async () => {
  const dataDir = tempDataDir();
  const add = (args: string[]) => expect(runCli(args, { dataDir }).code).toBe(0);
  add(['server', 'add', 'everything', '--', process.execPath, everything, 'stdio']);
  add(['server', 'add', 'subs', '--', process.execPath, subscriptions]);
  hub = await startHub({ dataDir });
  for (const name of ['alpha', 'beta', 'gamma', 'asker']) tokens[name] = hub.addClient(name);
  // Two profiles: alpha sees both servers, beta only subs; gamma sees all (the default).
  cli(['client', 'set', 'alpha', '--servers', 'everything,subs']);
  cli(['client', 'set', 'beta', '--servers', 'subs']);
  cli(['client', 'set', 'asker', '--consent-in', 'client']);
  for (const client of ['alpha', 'beta', 'gamma']) cli(['consent', 'allow', '--server', 'everything', '--client', client]);
  for (const client of ['alpha', 'beta', 'gamma', 'asker']) cli(['consent', 'allow', '--server', 'subs', '--client', client]);
  const c = await modern('gamma');
  await eventually(async () => {
    const names = (await c.listTools(undefined, { cacheMode: 'refresh' })).tools.map((t) => t.name);
    return names.includes('everything__echo') && names.includes('subs__touch');
  }, 30_000, 'both servers listed');
}, 90_000);

afterAll(async () => {
  await Promise.allSettled(opened.splice(0).map((c) => c.close()));
  await stopAllHubs();
});

describe('MCP 2026-07-28 clients at /mcp', () => {
  it('server/discover: the modern revision, the capabilities, resultType and cache hints; an auto client picks the modern era', async () => {
    const pinned = await modern('alpha');
    expect(pinned.getProtocolEra()).toBe('modern');
    const discover = pinned.getDiscoverResult()!;
    expect(discover.supportedVersions).toContain(MODERN);
    expect(discover.capabilities).toMatchObject({ tools: { listChanged: true }, prompts: { listChanged: true }, resources: { subscribe: true, listChanged: true } });

    const auto = await modern('alpha', {}, 'auto');
    expect(auto.getProtocolEra()).toBe('modern');
    expect(auto.getNegotiatedProtocolVersion()).toBe(MODERN);

    const raw = await send(request('server/discover'));
    expect(raw.status).toBe(200);
    expect(raw.answer?.result).toMatchObject({ resultType: 'complete', cacheScope: 'private', supportedVersions: [MODERN] });
    expect(typeof raw.answer?.result?.ttlMs).toBe('number');
  });

  it('tools/list follows the client token (two profiles), is the same on every connection and in both eras, in a stable order, with resultType, ttlMs and cacheScope', async () => {
    const names = async (client: string) => (await (await modern(client)).listTools()).tools.map((t) => t.name);
    const alpha = await names('alpha');
    const beta = await names('beta');
    expect(alpha.some((n) => n.startsWith('everything__'))).toBe(true);
    expect(alpha.some((n) => n.startsWith('subs__'))).toBe(true);
    expect(beta.length).toBeGreaterThan(0);
    expect(beta.every((n) => n.startsWith('subs__'))).toBe(true);
    // Another connection with the same token, a raw request and a 2025 session see the same list, in the same order.
    expect(await names('alpha')).toEqual(alpha);
    const raw = await send(request('tools/list'));
    expect(raw.answer?.result).toMatchObject({ resultType: 'complete', cacheScope: 'private' });
    expect(typeof raw.answer?.result?.ttlMs).toBe('number');
    expect((raw.answer!.result!.tools as { name: string }[]).map((t) => t.name)).toEqual(alpha);
    expect((await (await legacy('alpha')).listTools()).tools.map((t) => t.name)).toEqual(alpha);
    // A tool outside the profile is an unknown tool, as for a 2025 client.
    const outside = await send(request('tools/call', { name: 'everything__echo', arguments: { message: 'x' } }), tokens.beta);
    expect(outside.answer?.error).toMatchObject({ code: -32602, message: 'Tool everything__echo not found' });
  });

  it('a call with progress; the result carries resultType', async () => {
    const c = await modern('alpha');
    const progress: number[] = [];
    const result = await c.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 1, steps: 3 } }, { onprogress: (p) => progress.push(p.progress) });
    expect(text(result)).toContain('Long running operation completed');
    expect(progress).toEqual([1, 2, 3]);
    const raw = await send(request('tools/call', { name: 'everything__echo', arguments: { message: 'wire' } }));
    expect(raw.answer?.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'Echo: wire' }] });
  });

  it('headers that do not match the body: 400 with -32020; an unsupported version: 400 with -32022 naming what is served', async () => {
    const call = request('tools/call', { name: 'everything__echo', arguments: { message: 'x' } });
    const name = await post(call, { ...headersOf(call), 'mcp-name': 'everything__get-env' });
    expect(name.status).toBe(400);
    expect(name.answer?.error?.code).toBe(-32020);
    const method = await post(call, { ...headersOf(call), 'mcp-method': 'tools/list' });
    expect(method.status).toBe(400);
    expect(method.answer?.error?.code).toBe(-32020);

    const future = await send(request('tools/list', {}, {}, '2099-01-01'));
    expect(future.status).toBe(400);
    expect(future.answer?.error).toMatchObject({ code: -32022, data: { requested: '2099-01-01' } });
    expect(future.answer?.error?.data?.supported).toEqual(expect.arrayContaining([MODERN, '2025-11-25', '2025-06-18']));
    expect(future.answer?.error?.message).toContain('through initialize');
  });

  it('no client token: 401; a web page Origin or another Host: 403, as for 2025 clients', async () => {
    const body = request('tools/list');
    const anonymous = await post(body, headersOf(body), null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.answer).toBeUndefined();
    expect((await post(body, { ...headersOf(body), origin: 'http://evil.example' })).status).toBe(403);
    // fetch sets its own Host: node:http sends the one a rebinding page would.
    const foreignHost = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: hub.port, path: '/mcp', method: 'POST', headers: { host: `evil.example:${hub.port}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${tokens.alpha}`, ...headersOf(body) } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
    expect(foreignHost).toBe(403);
    // A 2026 client gets no GET stream: 405 (listen instead).
    const get = await fetch(`${hub.url}/mcp`, { headers: { authorization: `Bearer ${tokens.alpha}`, accept: 'text/event-stream', 'mcp-protocol-version': MODERN } });
    expect(get.status).toBe(405);
  });

  it("consent asked in the client app comes as an input_required elicitation: allowed, then denied in-band", async () => {
    const c = await modern('asker', { elicitation: { form: {} } });
    const asked: string[] = [];
    let decide: 'allow-once' | 'decline' = 'allow-once';
    c.setRequestHandler('elicitation/create', async (r) => {
      asked.push((r.params as { message: string }).message);
      return decide === 'decline' ? { action: 'decline' } : { action: 'accept', content: { decision: decide } };
    });
    expect(text(await c.callTool({ name: 'everything__echo', arguments: { message: 'asked' } }))).toBe('Echo: asked');
    expect(asked[0]).toContain('Agent Hub asks: allow asker to call "echo" on server "everything"?');
    expect(await finished('echo')).toMatchObject({ client: 'asker', status: 'ok', decision: 'user (client): allow once' });

    decide = 'decline';
    const denied = await c.callTool({ name: 'everything__echo', arguments: { message: 'no' } });
    expect(denied.isError).toBe(true);
    expect(text(denied)).toBe('The user denied this call.');
    expect(await finished('echo')).toMatchObject({ client: 'asker', status: 'denied' });
    expect(asked).toHaveLength(2);
  });

  it("a 2025 server's elicitation and sampling during a call reach the modern client as input_required, and its answers go back", async () => {
    const c = await modern('alpha', { elicitation: { form: {} }, sampling: {} });
    const seen: string[] = [];
    c.setRequestHandler('elicitation/create', async (r) => {
      seen.push(`elicit: ${(r.params as { message: string }).message}`);
      return { action: 'accept', content: { color: 'teal' } };
    });
    c.setRequestHandler('sampling/createMessage', async () => {
      seen.push('sampling');
      return { role: 'assistant', content: { type: 'text', text: 'sampled by the modern client' }, model: 'test-model' };
    });
    expect(text(await c.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} }))).toContain('Favorite Color: teal');
    expect(text(await c.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 10 } }))).toContain('sampled by the modern client');
    expect(seen).toEqual([expect.stringMatching(/^elicit: /), 'sampling']);

    // Without the capability, the same clear error as for a 2025 client (the server reports it in its result).
    const without = await modern('alpha');
    const refused = await without.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 10 } });
    expect(text(refused)).toContain('does not support sampling/createMessage');
  });

  it("a 2025 server's URL elicitation, asked or signalled by its error -32042, reaches the modern client as an input_required URL elicitation", async () => {
    const c = await modern('alpha', { elicitation: { form: {}, url: {} } });
    const opened: string[] = [];
    c.setRequestHandler('elicitation/create', async (r) => {
      opened.push((r.params as { url?: string }).url ?? '(no url)');
      return { action: 'accept' };
    });
    const tool = 'everything__trigger-url-elicitation';
    expect(text(await c.callTool({ name: tool, arguments: { url: 'https://example.com/asked' } }))).toContain('User completed the URL elicitation flow');
    expect(opened).toEqual(['https://example.com/asked']);
    // The error path: the hub turns the error into a URL elicitation, and the retry runs the call again.
    expect(text(await c.callTool({ name: tool, arguments: { url: 'https://example.com/after', errorPath: true } }))).toContain('URL: https://example.com/after');
    expect(opened).toEqual(['https://example.com/asked', 'https://modelcontextprotocol.io', 'https://example.com/after']);

    // A client that cannot open URLs hears so: -32021 for the error path, a refusal the server reports for the request path.
    const formOnly = await modern('alpha', { elicitation: { form: {} } });
    await expect(formOnly.callTool({ name: tool, arguments: { url: 'https://example.com/never', errorPath: true } })).rejects.toThrow(/URL/);
    const refused = await formOnly.callTool({ name: tool, arguments: { url: 'https://example.com/never-asked' } }).catch((e: Error) => e.message);
    expect(JSON.stringify(refused)).toContain('does not support elicitation/create in URL mode');
  });

  it('on the wire: input_required with a signed requestState; a tampered or another client\'s state is refused; the right retry resumes the call', async () => {
    const caps = { elicitation: { form: {} } };
    const first = await send(request('tools/call', { name: 'everything__trigger-elicitation-request', arguments: {} }, caps));
    const round = first.answer!.result! as { resultType: string; inputRequests: Record<string, { method: string; params: { message: string } }>; requestState: string };
    expect(round.resultType).toBe('input_required');
    const [key, asked] = Object.entries(round.inputRequests)[0]!;
    expect(asked.method).toBe('elicitation/create');
    expect(round.requestState).toMatch(/^v1\./);

    const retry = (state: string, token = tokens.alpha) =>
      send(request('tools/call', { name: 'everything__trigger-elicitation-request', arguments: {}, inputResponses: { [key]: { action: 'accept', content: { color: 'olive' } } }, requestState: state }, caps), token);
    const tampered = round.requestState.slice(0, -2) + (round.requestState.endsWith('AA') ? 'BB' : 'AA');
    expect((await retry(tampered)).answer?.error).toMatchObject({ code: -32602, message: 'Invalid or expired requestState' });
    expect((await retry(round.requestState, tokens.gamma)).answer?.error).toMatchObject({ code: -32602, message: 'Invalid or expired requestState' });
    const done = await retry(round.requestState);
    expect(done.answer?.result).toMatchObject({ resultType: 'complete' });
    expect(text(done.answer!.result)).toContain('Favorite Color: olive');
    // Used once: the call is no longer parked.
    expect((await retry(round.requestState)).answer?.error?.code).toBe(-32602);
  });

  it('closing the stream cancels the call: the upstream call is cancelled and recorded as such', async () => {
    const c = await modern('alpha');
    const abort = new AbortController();
    const call = c.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }, { signal: abort.signal, onprogress: () => abort.abort() });
    await expect(call).rejects.toThrow();
    expect(await finished('trigger-long-running-operation')).toMatchObject({ client: 'alpha', status: 'cancelled' });
  });

  it('subscriptions/listen: a resource subscription goes upstream, its updates arrive, and closing the stream releases it; URIs outside the profile are not honored', async () => {
    const c = await modern('gamma');
    const updated: string[] = [];
    c.setNotificationHandler('notifications/resources/updated', (n) => void updated.push(n.params.uri));
    const state = async () => JSON.parse(text(await c.callTool({ name: 'subs__subscriptions', arguments: {} }))) as { subscribed: string[]; events: string[] };
    const before = (await state()).events.length;

    const sub = await c.listen({ resourceSubscriptions: ['sub://one'] });
    expect(sub.honoredFilter.resourceSubscriptions).toEqual(['sub://one']);
    expect((await state()).subscribed).toEqual(['sub://one']);
    await c.callTool({ name: 'subs__touch', arguments: { uri: 'sub://one' } });
    await eventually(() => updated.includes('sub://one'), 10_000, 'the resource update on the listen stream');

    await sub.close();
    await eventually(async () => (await state()).subscribed.length === 0, 10_000, 'the upstream subscription released');
    expect((await state()).events.slice(before)).toEqual(['subscribe sub://one', 'unsubscribe sub://one']);

    // beta does not see "everything": its resource is not honored (and never subscribed).
    const b = await modern('beta');
    const outside = await b.listen({ resourceSubscriptions: ['demo://resource/static/document/architecture.md'], toolsListChanged: true });
    expect(outside.honoredFilter).toEqual({ toolsListChanged: true });
    await outside.close();
  });

  it('a resource held by a 2025 session and a listen stream is unsubscribed upstream only when both let go', async () => {
    const c = await modern('gamma');
    const state = async () => JSON.parse(text(await c.callTool({ name: 'subs__subscriptions', arguments: {} }))) as { subscribed: string[] };
    const old = await legacy('gamma');
    await old.subscribeResource({ uri: 'sub://two' });
    const sub = await c.listen({ resourceSubscriptions: ['sub://two'] });
    await sub.close();
    await new Promise((r) => setTimeout(r, 300));
    expect((await state()).subscribed).toEqual(['sub://two']);
    await old.unsubscribeResource({ uri: 'sub://two' });
    await eventually(async () => (await state()).subscribed.length === 0, 10_000, 'released once both let go');
  });

  it('subscriptions/listen hears tools/list_changed when a server is added from the CLI, and when the client\'s profile changes', async () => {
    const g = await modern('gamma');
    const b = await modern('beta');
    let gHeard = 0;
    let bHeard = 0;
    g.setNotificationHandler('notifications/tools/list_changed', () => void gHeard++);
    b.setNotificationHandler('notifications/tools/list_changed', () => void bHeard++);
    const gSub = await g.listen({ toolsListChanged: true });
    const bSub = await b.listen({ toolsListChanged: true });
    expect(gSub.honoredFilter).toEqual({ toolsListChanged: true });

    cli(['server', 'add', 'memory', '--', process.execPath, memory]);
    await eventually(() => gHeard > 0, 30_000, 'tools/list_changed after server add');
    await eventually(async () => (await g.listTools(undefined, { cacheMode: 'refresh' })).tools.some((t) => t.name.startsWith('memory__')), 30_000, 'memory tools listed');

    // A profile change reaches that client's streams.
    const heard = bHeard;
    cli(['client', 'set', 'beta', '--servers', 'subs,memory']);
    await eventually(() => bHeard > heard, 15_000, "tools/list_changed after beta's profile change");
    expect((await b.listTools(undefined, { cacheMode: 'refresh' })).tools.some((t) => t.name.startsWith('memory__'))).toBe(true);
    await gSub.close();
    await bSub.close();
  });
});

describe('agent-hub connect relays a 2026-07-28 stdio client', () => {
  async function bridged(client: string): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cliPath, 'connect', '--client', client, '--data-dir', hub.dataDir],
      env: { ...(process.env as Record<string, string>), AGENT_HUB_DATA_DIR: '' },
      stderr: 'pipe',
    });
    const c = new Client({ name: 'stdio-modern', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: MODERN } } });
    await c.connect(transport);
    opened.push(c);
    return c;
  }

  it('discover, list and call with the 2026 headers; notifications/cancelled aborts the call; a listen stream is relayed', async () => {
    const c = await bridged('gamma');
    expect(c.getProtocolEra()).toBe('modern');
    expect((await c.listTools()).tools.some((t) => t.name === 'everything__echo')).toBe(true);
    expect(text(await c.callTool({ name: 'everything__echo', arguments: { message: 'over stdio' } }))).toBe('Echo: over stdio');
    // An elicitation of the server mid-call, answered by the stdio client through input_required.
    c.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { color: 'plum' } }));
    expect(text(await c.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} }))).toContain('Favorite Color: plum');

    // On stdio a 2026 client cancels with notifications/cancelled; the bridge closes that request's stream.
    const abort = new AbortController();
    const call = c.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }, { signal: abort.signal, onprogress: () => abort.abort() });
    await expect(call).rejects.toThrow();
    expect(await finished('trigger-long-running-operation')).toMatchObject({ client: 'gamma', status: 'cancelled' });

    const updated: string[] = [];
    c.setNotificationHandler('notifications/resources/updated', (n) => void updated.push(n.params.uri));
    const sub = await c.listen({ resourceSubscriptions: ['sub://one'] });
    expect(sub.honoredFilter.resourceSubscriptions).toEqual(['sub://one']);
    await c.callTool({ name: 'subs__touch', arguments: { uri: 'sub://one' } });
    await eventually(() => updated.includes('sub://one'), 10_000, 'the update through the bridge');
    await sub.close();
    const state = async () => JSON.parse(text(await c.callTool({ name: 'subs__subscriptions', arguments: {} }))) as { subscribed: string[] };
    await eventually(async () => (await state()).subscribed.length === 0, 10_000, 'released when the stdio client closed the listen');
  }, 60_000);

  it('a request the hub refuses over HTTP (a method 2026-07-28 removed: 404) comes back as its JSON-RPC error, and the bridge stays up', async () => {
    const child = spawn(process.execPath, [cliPath, 'connect', '--client', 'gamma', '--data-dir', hub.dataDir], { env: { ...process.env, AGENT_HUB_DATA_DIR: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const answer = (id: string) =>
      eventually(() => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id?: string; result?: unknown; error?: { code: number } }).find((m) => m.id === id), 15_000, `the answer to ${id}`);
    try {
      child.stdin.write(`${JSON.stringify(request('ping'))}\n`.replace(`"id":${nextId - 1}`, '"id":"p1"'));
      expect((await answer('p1')).error?.code).toBe(-32601);
      const list = { ...request('tools/list'), id: 'l1' };
      child.stdin.write(`${JSON.stringify(list)}\n`);
      expect((await answer('l1')).result).toMatchObject({ resultType: 'complete' });
    } finally {
      child.stdin.end();
      await new Promise((r) => child.once('exit', r));
    }
  });
});
