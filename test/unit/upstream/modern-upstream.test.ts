import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { McpError, type ClientCapabilities, type LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpstreamCaller } from '../../../main/core/upstream/upstream-connection.js';
import { LooseResult } from '../../../main/core/upstream/upstream-connection.js';
import type { Upstream } from '../../../main/core/upstream/upstream.js';
import { eventually } from '../../helpers/hub.js';
import { httpUpstream, memoryEras, modernServer } from './modern-fixture.js';

/*
 * A 2026-07-28 server behind the Upstream, as the gateway uses it: input_required rounds put to the
 * caller and retried, the caller's capabilities and log level in the envelope, progress, cancellation,
 * listen streams for list changes and resource updates. In memory (handler.fetch), real timers.
 */

const running: Upstream[] = [];
let events: string;
beforeEach(() => {
  events = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'modern-events-')), 'events');
  process.env.MODERN_EVENTS = events;
});
afterEach(async () => {
  delete process.env.MODERN_EVENTS;
  await Promise.all(running.splice(0).map((u) => u.stop()));
});

async function modern() {
  const server = modernServer();
  const fixture = httpUpstream(server.fetch, memoryEras());
  running.push(fixture.upstream);
  fixture.upstream.start();
  const connection = await fixture.upstream.whenReady(10_000);
  return { ...fixture, server, connection };
}

type Asked = { method: string; params?: Record<string, unknown> };

/** A calling client: its capabilities, level, and how it answers each request put to it. */
function caller(capabilities: ClientCapabilities, answer: (r: Asked) => Record<string, unknown>, logLevel?: LoggingLevel): UpstreamCaller & { asked: Asked[] } {
  const asked: Asked[] = [];
  return {
    asked,
    capabilities,
    logLevel,
    ask: async (request) => {
      asked.push(request);
      return answer(request);
    },
  };
}

const ALL = { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } };
const text = (r: Record<string, unknown>) => (r.content as { text: string }[])[0]!.text;
const call = (name: string, args: Record<string, unknown> = {}, meta?: Record<string, unknown>) => ({ method: 'tools/call', params: { name, arguments: args, ...(meta ? { _meta: meta } : {}) } });

describe('input_required from a modern server', () => {
  it('puts elicitation, sampling and roots to the caller as requests, and retries with the answers and the state untouched', async () => {
    const { connection } = await modern();
    const c = caller(ALL, (r) =>
      r.method === 'elicitation/create' ? { action: 'accept', content: { name: 'Ada' } } : r.method === 'sampling/createMessage' ? { role: 'assistant', content: { type: 'text', text: '4' }, model: 'm' } : { roots: [{ uri: 'file:///work' }] },
    );
    // The fixture verifies its signed state: had the hub changed a byte, the retry would be refused.
    expect(text(await connection.request(call('ask_name'), LooseResult, { caller: c }))).toBe('Hello, Ada! (state {"asked":"name"})');
    expect(text(await connection.request(call('ask_model', { question: '2+2?' }), LooseResult, { caller: c }))).toBe('The model said: 4');
    expect(text(await connection.request(call('list_roots'), LooseResult, { caller: c }))).toBe('Roots: file:///work');
    expect(c.asked.map((a) => a.method)).toEqual(['elicitation/create', 'sampling/createMessage', 'roots/list']);
    expect(c.asked[0]!.params).toMatchObject({ message: 'What is your name?', requestedSchema: { type: 'object' } });
  });

  it('as many rounds as the server needs, on prompts/get and resources/read too', async () => {
    const { connection } = await modern();
    let n = 0;
    const c = caller(ALL, () => ({ action: 'accept', content: { name: `name${++n}`, ok: true } }));
    expect(text(await connection.request(call('two_rounds'), LooseResult, { caller: c }))).toBe('first=name1 second=name2');
    const prompt = await connection.request({ method: 'prompts/get', params: { name: 'greeting' } }, LooseResult, { caller: c });
    expect(prompt.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Say hello to name3.' } }]);
    const read = await connection.request({ method: 'resources/read', params: { uri: 'modern://guarded' } }, LooseResult, { caller: c });
    expect(read.contents).toEqual([{ uri: 'modern://guarded', mimeType: 'text/plain', text: 'the guarded text' }]);
    expect(prompt._meta, 'the server’s own info stays with the hub').toBeUndefined();
  });

  it('a declined elicitation reaches the server as declined', async () => {
    const { connection } = await modern();
    const c = caller(ALL, () => ({ action: 'decline' }));
    expect(text(await connection.request(call('ask_name'), LooseResult, { caller: c }))).toBe('No name (decline).');
  });

  it('a caller without sampling: the server refuses with -32021 before anything is asked, and the error says so', async () => {
    const { connection } = await modern();
    const c = caller({ elicitation: {} }, () => ({}));
    const e = await connection.request(call('ask_model', { question: 'hi' }), LooseResult, { caller: c }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(McpError);
    expect(e).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
    expect((e as Error).message).toMatch(/sampling\/createMessage.*client capabilities do not declare the required capability/);
    expect(c.asked).toEqual([]);
  });

  it('roots are not asked of a caller without them; a request without a caller cannot be asked', async () => {
    const { connection } = await modern();
    // The envelope says the caller has no roots: the server's SDK refuses to ask for them (-32021).
    const noRoots = caller({ elicitation: {} }, () => ({}));
    await expect(connection.request(call('list_roots'), LooseResult, { caller: noRoots })).rejects.toMatchObject({ code: -32021 });
    await expect(connection.request(call('ask_name'), LooseResult, {})).rejects.toThrow(/asked for elicitation\/create during a request no client is waiting on/);
  });

  it('the caller’s abort during a round cancels the call', async () => {
    const { connection } = await modern();
    const ac = new AbortController();
    const c: UpstreamCaller = {
      capabilities: ALL,
      logLevel: undefined,
      ask: (_r, signal) => {
        // The client is asked; then the user cancels the whole call.
        setTimeout(() => ac.abort('user'), 10);
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted by the client'))));
      },
    };
    await expect(connection.request(call('ask_name'), LooseResult, { caller: c, signal: ac.signal })).rejects.toThrow('aborted by the client');
  });
});

describe('progress, cancellation and logging with a modern server', () => {
  it('progress arrives for the hub’s token, before the result', async () => {
    const { upstream, connection } = await modern();
    const token = upstream.nextProgressToken();
    const seen: string[] = [];
    upstream.watchProgress(token, (p) => seen.push(`${p.progress}/${p.total}`));
    const result = await connection.request(call('progress', { steps: 3 }, { progressToken: token }), LooseResult, { caller: caller(ALL, () => ({})) });
    seen.push(text(result));
    expect(seen).toEqual(['1/3', '2/3', '3/3', 'done after 3 steps']);
  });

  it('an aborted call closes its stream, and the server sees its request aborted', async () => {
    const { connection } = await modern();
    const ac = new AbortController();
    const pending = connection.request(call('slow'), LooseResult, { signal: ac.signal, caller: caller(ALL, () => ({})) });
    await eventually(() => fs.existsSync(events) && fs.readFileSync(events, 'utf8').includes('slow started'), 5000);
    ac.abort('the user cancelled');
    await expect(pending).rejects.toThrow();
    await eventually(() => fs.readFileSync(events, 'utf8').includes('slow cancelled'), 5000, 'the server to see the abort');
  });

  it('logs at or above the caller’s level reach the hub; without any level, the server sends none', async () => {
    const { connection, notifications } = await modern();
    await connection.request(call('log', { level: 'warning', message: 'careful' }), LooseResult, { caller: caller(ALL, () => ({}), 'info') });
    await connection.request(call('log', { level: 'debug', message: 'noise' }), LooseResult, { caller: caller(ALL, () => ({}), 'info') });
    await connection.request(call('log', { level: 'error', message: 'unasked' }), LooseResult, { caller: caller(ALL, () => ({})) });
    expect(notifications.filter((n) => n.method === 'notifications/message').map((n) => (n.params as { data: string }).data)).toEqual(['careful']);
    // The hub's level (logging/setLevel from a client) is the default for callers without their own.
    await connection.setLoggingLevel('debug');
    await connection.request(call('log', { level: 'debug', message: 'now heard' }), LooseResult, { caller: caller(ALL, () => ({})) });
    expect(notifications.map((n) => (n.params as { data: string }).data)).toEqual(['careful', 'now heard']);
  });

  it('the caller’s own envelope keys never reach the server', async () => {
    const { connection } = await modern();
    const r = await connection.request(call('echo', { text: 'hi' }, { 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }), LooseResult, { caller: caller(ALL, () => ({})) });
    expect(text(r)).toBe('echo: hi (modern)');
  });
});

describe('change notifications from a modern server', () => {
  it('list changes come on the listen stream and refresh the catalog', async () => {
    const { upstream, connection, events: reports } = await modern();
    expect(upstream.tool('added_tool')).toBeUndefined();
    await connection.request(call('add_tool'), LooseResult, { caller: caller(ALL, () => ({})) });
    await eventually(() => upstream.tool('added_tool'), 5000, 'the added tool in the catalog');
    expect(reports.at(-1)).toMatch(/^catalog:.*added_tool/);
  });

  it('resources/subscribe re-opens the listen stream with the URI, and updates reach the hub until unsubscribed', async () => {
    const { connection, notifications } = await modern();
    const touch = (note: string) => connection.request(call('touch_note', { note }), LooseResult, { caller: caller(ALL, () => ({})) });
    await touch('unheard');
    await connection.request({ method: 'resources/subscribe', params: { uri: 'modern://note' } }, LooseResult);
    await touch('heard');
    await eventually(() => notifications.some((n) => n.method === 'notifications/resources/updated'), 5000, 'the update');
    expect(notifications.filter((n) => n.method === 'notifications/resources/updated')).toEqual([{ method: 'notifications/resources/updated', params: { uri: 'modern://note' } }]);
    await connection.request({ method: 'resources/unsubscribe', params: { uri: 'modern://note' } }, LooseResult);
    await touch('unheard again');
    await new Promise((r) => setTimeout(r, 200));
    expect(notifications.filter((n) => n.method === 'notifications/resources/updated')).toHaveLength(1);
    const read = await connection.request({ method: 'resources/read', params: { uri: 'modern://note' } }, LooseResult);
    expect(read.contents).toEqual([{ uri: 'modern://note', mimeType: 'text/plain', text: 'unheard again' }]);
  });
});
