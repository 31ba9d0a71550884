import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, type ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../main/core/hub.js';
import { repoRoot, tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';

/**
 * Parity: the endpoint answers tools/call (and tools/list) on a fast path of its own for speed, and
 * through the SDK transport otherwise. Every case here runs through both, with real SDK clients and a
 * real server (server-everything), so the two cannot drift apart: results, errors, progress,
 * cancellation, server→client requests, consent, the transport's 406/415 checks, and batches carrying
 * answers and cancellations.
 */
const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const text = (r: unknown) => (r as { content: { text?: string }[] }).content[0]?.text ?? '';

const hubs: Hub[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
});

async function setup(fastPath: boolean, { rule = true } = {}) {
  const hub = await createHub({ dataDir: tempDataDir(), port: 0, fastPath, gateway: { startDelayMs: 0 } });
  hubs.push(hub);
  hub.store.servers.add({ name: 'every', transport: 'stdio', command: process.execPath, args: [everything, 'stdio'] });
  if (rule) {
    hub.store.consent.addRule({ client: '*', server: 'every', tool: '*', effect: 'allow', scope: 'always', createdBy: 'test' });
    hub.consent.rulesChanged();
  }
  await hub.reload();
  const { token } = hub.store.clients.add('tester');
  const connect = async (capabilities: ClientCapabilities = {}) => {
    const client = new Client({ name: 'parity', version: '1' }, { capabilities });
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    clients.push(client);
    return client;
  };
  const client = await connect({ sampling: {}, elicitation: {} });
  await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'every__echo'), 30_000, 'server-everything');
  return { hub, client, token, connect };
}

/** A raw session for the header and batch cases: initialize by hand, keep the session id. */
async function rawSession(hub: Hub, token: string) {
  const url = `${hub.url}/mcp`;
  const base = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const init = await fetch(url, {
    method: 'POST',
    headers: base,
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: { sampling: {} }, clientInfo: { name: 'raw', version: '1' } } }),
  });
  await init.text();
  const headers = { ...base, 'mcp-session-id': init.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-11-25' };
  await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
  const post = (body: unknown, over: Record<string, string> = {}) => fetch(url, { method: 'POST', headers: { ...headers, ...over }, body: JSON.stringify(body) });
  return { post };
}

/** Reads an SSE response as it comes, message by message. */
async function* sseMessages(res: Response): AsyncGenerator<Record<string, unknown>> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('');
      if (data) yield JSON.parse(data) as Record<string, unknown>;
    }
  }
}

describe.each([
  ['the fast path', true],
  ['the SDK transport', false],
])('tools/call through %s', (_label, fastPath) => {
  it('returns results, server errors as they came, and the unknown-tool error', async () => {
    const { client } = await setup(fastPath);
    expect(text(await client.callTool({ name: 'every__echo', arguments: { message: 'hi' } }))).toBe('Echo: hi');
    const sum = await client.callTool({ name: 'every__get-sum', arguments: { a: 2, b: 3 } });
    expect(text(sum)).toContain('5');
    await expect(client.callTool({ name: 'every__no-such-tool', arguments: {} })).rejects.toThrow(/Tool every__no-such-tool not found/);
    const bad = await client.callTool({ name: 'every__get-sum', arguments: { a: 'x' } }).then(
      (r) => (r.isError ? text(r) : 'not an error'),
      (e: Error) => e.message,
    );
    expect(bad).toMatch(/invalid|expected/i);
  });

  it('relays progress in order, and cancels the call upstream when the client cancels', async () => {
    const { hub, client } = await setup(fastPath);
    const progress: number[] = [];
    await client.callTool({ name: 'every__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([1, 2, 3]);
    const controller = new AbortController();
    const call = client.callTool({ name: 'every__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }, undefined, {
      signal: controller.signal,
      onprogress: () => controller.abort('changed my mind'),
    });
    await expect(call).rejects.toThrow();
    await eventually(() => hub.store.toolCalls.query({ limit: 1 })[0]?.status === 'cancelled', 15_000, 'the record to say cancelled');
  });

  it('passes sampling and elicitation to the calling client', async () => {
    const { client } = await setup(fastPath);
    client.setRequestHandler(CreateMessageRequestSchema, () => ({ role: 'assistant', model: 'm', content: { type: 'text', text: 'sampled here' } }));
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'accept', content: { name: 'Ada' } }));
    expect(text(await client.callTool({ name: 'every__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } }))).toContain('sampled here');
    const elicited = await client.callTool({ name: 'every__trigger-elicitation-request', arguments: {} });
    expect(JSON.stringify(elicited.content)).toMatch(/accept/i);
  });

  it('asks for consent, and withdraws the prompt when the client cancels', async () => {
    const { hub, client } = await setup(fastPath, { rule: false });
    const controller = new AbortController();
    const call = client.callTool({ name: 'every__echo', arguments: { message: 'x' } }, undefined, { signal: controller.signal });
    await eventually(() => hub.consent.pending().length === 1, 15_000, 'the prompt');
    controller.abort();
    await expect(call).rejects.toThrow();
    await eventually(() => hub.consent.pending().length === 0, 5_000, 'the prompt to be withdrawn');
    const answered = client.callTool({ name: 'every__echo', arguments: { message: 'y' } });
    const [p] = await eventually(() => hub.consent.pending().length === 1 && hub.consent.pending(), 15_000, 'the next prompt');
    hub.consent.answer(p!.id, 'allow', 'once', 'test');
    expect(text(await answered)).toBe('Echo: y');
  });

  it('answers 406 without both Accept types and 415 without a JSON Content-Type, for tools/call and tools/list', async () => {
    const { hub, token } = await setup(fastPath);
    const raw = await rawSession(hub, token);
    for (const body of [
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'every__echo', arguments: { message: 'x' } } },
      { jsonrpc: '2.0', id: 3, method: 'tools/list' },
    ]) {
      expect((await raw.post(body, { accept: 'application/json' })).status).toBe(406);
      expect((await raw.post(body, { 'content-type': 'text/plain' })).status).toBe(415);
      expect((await raw.post(body)).status).toBe(200);
    }
  });

  it('takes a cancellation and a server-request answer inside a batch', async () => {
    const { hub, token } = await setup(fastPath);
    const raw = await rawSession(hub, token);
    // A sampling request from the server, answered inside a batch with a ping.
    const sampled = await raw.post({ jsonrpc: '2.0', id: 10, method: 'tools/call', params: { name: 'every__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } } });
    let result: Record<string, unknown> | undefined;
    for await (const m of sseMessages(sampled)) {
      if (m.method === 'sampling/createMessage') {
        const batch = await raw.post([
          { jsonrpc: '2.0', id: m.id, result: { role: 'assistant', model: 'm', content: { type: 'text', text: 'batched answer' } } },
          { jsonrpc: '2.0', id: 11, method: 'ping' },
        ]);
        expect(batch.status).toBe(200);
        expect(await batch.text()).toContain('"id":11');
      }
      if (m.id === 10) {
        result = m;
        break;
      }
    }
    expect(JSON.stringify(result)).toContain('batched answer');

    // A long call, cancelled by a batch that also carries a ping.
    const long = raw.post({ jsonrpc: '2.0', id: 20, method: 'tools/call', params: { name: 'every__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } } });
    await eventually(() => hub.store.toolCalls.query({ limit: 1 })[0]?.status === 'running' && hub.store.toolCalls.query({ limit: 1 })[0]!.tool === 'trigger-long-running-operation', 15_000, 'the call to run');
    const cancel = await raw.post([
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 20, reason: 'no longer needed' } },
      { jsonrpc: '2.0', id: 21, method: 'ping' },
    ]);
    expect(cancel.status).toBe(200);
    await eventually(() => hub.store.toolCalls.query({ limit: 1 })[0]?.status === 'cancelled', 15_000, 'the call to be cancelled');
    void (await long).body?.cancel();
  });
});
