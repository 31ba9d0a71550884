import fs from 'node:fs';
import path from 'node:path';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernHttpTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../main/core/hub.js';
import { repoRoot, tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';

/**
 * Issue 17's translation matrix: every pairing of client era and server era through one hub, with real
 * SDK clients (v1 `@modelcontextprotocol/sdk` for 2025-11-25, v2 `@modelcontextprotocol/client` pinned
 * to 2026-07-28) and real stdio servers of both eras offering the same tools: the modern fixture
 * (test/fixtures/modern/stdio-server.mjs, v2 SDK, asks with input_required rounds) and its 2025 twin
 * (legacy-twin.mjs, v1 SDK, asks with real requests mid-call). Each cell runs on a hub of its own
 * (in-process), so list changes and subscriptions of one cell cannot be heard in another.
 */

type Era = 'legacy' | 'modern';
const MODERN = '2026-07-28';
const node = process.execPath;
const fixtures: Record<Era, string> = {
  legacy: path.join(repoRoot, 'test/fixtures/modern/legacy-twin.mjs'),
  modern: path.join(repoRoot, 'test/fixtures/modern/stdio-server.mjs'),
};
/** The resource each server's touch_note changes. */
const noteUri: Record<Era, string> = { legacy: 'legacy://note', modern: 'modern://note' };
const ROOT = 'file:///work/project';

const text = (r: unknown) => (r as { content: { text?: string }[] }).content.map((c) => c.text ?? '').join('\n');
const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

interface CallOptions {
  onprogress?: (p: { progress: number; total?: number }) => void;
  signal?: AbortSignal;
}

/** What a cell does with its client, whatever SDK it is: the same calls, the same answers to what servers ask. */
interface Driver {
  call(tool: string, args?: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
  toolNames(): Promise<string[]>;
  /** Resolves once the client hears tools/list_changed (a 2026 client listens for it first). */
  watchToolsChanged(): Promise<{ heard: () => boolean; close(): Promise<void> }>;
  /** Subscribes to a resource (2025: resources/subscribe; 2026: subscriptions/listen). */
  subscribe(uri: string): Promise<{ updates: string[]; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** The capabilities a cell's client declares (both SDKs take this shape). */
type Capabilities = { sampling?: Record<string, never>; elicitation?: { form?: Record<string, never> }; roots?: { listChanged?: boolean } };
const FULL: Capabilities = { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } };

/** What the client was asked, in order. */
type Asked = string[];

async function legacyDriver(url: string, token: string, asked: Asked, capabilities: Capabilities = FULL): Promise<Driver> {
  const c = new LegacyClient({ name: 'matrix-legacy', version: '1.0.0' }, { capabilities });
  if (capabilities.elicitation) c.setRequestHandler(ElicitRequestSchema, async (r) => {
    asked.push(`elicitation: ${r.params.message}`);
    return { action: 'accept', content: { name: 'Ada' } };
  });
  if (capabilities.sampling) c.setRequestHandler(CreateMessageRequestSchema, async () => {
    asked.push('sampling');
    return { role: 'assistant', content: { type: 'text', text: '4' }, model: 'test-model' };
  });
  if (capabilities.roots) c.setRequestHandler(ListRootsRequestSchema, async () => {
    asked.push('roots');
    return { roots: [{ uri: ROOT, name: 'project' }] };
  });
  await c.connect(new LegacyHttpTransport(new URL('/mcp', url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  const updates: string[] = [];
  c.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
  let changed = 0;
  c.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
  return {
    call: (name, args = {}, options = {}) => c.callTool({ name, arguments: args }, undefined, { ...options, ...(options.onprogress ? { onprogress: options.onprogress } : {}) }),
    toolNames: async () => (await c.listTools()).tools.map((t) => t.name),
    watchToolsChanged: async () => {
      const before = changed;
      return { heard: () => changed > before, close: async () => {} };
    },
    subscribe: async (uri) => {
      await c.subscribeResource({ uri });
      return { updates, close: () => c.unsubscribeResource({ uri }).then(() => undefined) };
    },
    close: () => c.close(),
  };
}

async function modernDriver(url: string, token: string, asked: Asked, capabilities: Capabilities = FULL): Promise<Driver> {
  const c = new ModernClient(
    { name: 'matrix-modern', version: '1.0.0' },
    { capabilities, versionNegotiation: { mode: { pin: MODERN } } },
  );
  if (capabilities.elicitation) c.setRequestHandler('elicitation/create', async (r) => {
    asked.push(`elicitation: ${(r.params as { message: string }).message}`);
    return { action: 'accept', content: { name: 'Ada' } };
  });
  if (capabilities.sampling) c.setRequestHandler('sampling/createMessage', async () => {
    asked.push('sampling');
    return { role: 'assistant', content: { type: 'text', text: '4' }, model: 'test-model' };
  });
  if (capabilities.roots) c.setRequestHandler('roots/list', async () => {
    asked.push('roots');
    return { roots: [{ uri: ROOT, name: 'project' }] };
  });
  await c.connect(new ModernHttpTransport(new URL('/mcp', url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  expect(c.getProtocolEra()).toBe('modern');
  const updates: string[] = [];
  c.setNotificationHandler('notifications/resources/updated', (n) => void updates.push(n.params.uri));
  let changed = 0;
  c.setNotificationHandler('notifications/tools/list_changed', () => void changed++);
  return {
    call: (name, args = {}, options = {}) => c.callTool({ name, arguments: args }, options),
    toolNames: async () => (await c.listTools(undefined, { cacheMode: 'refresh' })).tools.map((t) => t.name),
    watchToolsChanged: async () => {
      const before = changed;
      const sub = await c.listen({ toolsListChanged: true });
      expect(sub.honoredFilter).toMatchObject({ toolsListChanged: true });
      return { heard: () => changed > before, close: () => sub.close() };
    },
    subscribe: async (uri) => {
      const sub = await c.listen({ resourceSubscriptions: [uri] });
      expect(sub.honoredFilter.resourceSubscriptions).toEqual([uri]);
      return { updates, close: () => sub.close() };
    },
    close: () => c.close(),
  };
}

const drivers: Record<Era, typeof legacyDriver> = { legacy: legacyDriver, modern: modernDriver };

const cells: { client: Era; server: Era }[] = [
  { client: 'legacy', server: 'legacy' },
  { client: 'legacy', server: 'modern' },
  { client: 'modern', server: 'legacy' },
  { client: 'modern', server: 'modern' },
];

describe.each(cells)('a $client client × a $server server', ({ client, server }) => {
  let hub: Hub;
  let c: Driver;
  let events: string;
  const asked: Asked = [];
  const tool = (name: string) => `srv__${name}`;

  beforeAll(async () => {
    const dataDir = tempDataDir();
    events = path.join(dataDir, 'events');
    hub = await createHub({ dataDir, port: 0, gateway: { startDelayMs: 0 } });
    hub.store.servers.add({ name: 'srv', transport: 'stdio', command: node, args: [fixtures[server]], env: { MODERN_EVENTS: events } });
    hub.store.consent.addRule({ client: '*', server: 'srv', tool: '*', effect: 'allow', scope: 'always', createdBy: 'test' });
    hub.consent.rulesChanged();
    await hub.reload();
    const { token } = hub.store.clients.add(`${client}-client`);
    c = await drivers[client](hub.url, token, asked);
    await eventually(async () => (await c.toolNames()).includes(tool('echo')), 30_000, 'the server’s tools');
  }, 60_000);

  afterAll(async () => {
    await c?.close().catch(() => {});
    await hub?.dispose();
  });

  /** The latest record of a tool on the hub's timeline, once it is finished. */
  const finished = (name: string) =>
    eventually(() => {
      const row = hub.store.toolCalls.query({ limit: 20 }).find((r) => r.tool === name);
      return row && row.status !== 'running' && row;
    });

  it('a tool call: its result (and the hub found the server’s era)', async () => {
    expect(hub.gateway.status(hub.store.servers.list())[0]?.protocol).toBe(server === 'modern' ? MODERN : '2025-11-25');
    expect(text(await c.call(tool('echo'), { text: 'hi' }))).toBe(`echo: hi (${server})`);
    expect(await finished('echo')).toMatchObject({ client: `${client}-client`, server: 'srv', status: 'ok' });
  });

  it('elicitation: the server asks, the client answers, the call completes', async () => {
    asked.length = 0;
    expect(text(await c.call(tool('ask_name')))).toMatch(/^Hello, Ada!/);
    expect(asked).toEqual(['elicitation: What is your name?']);
  });

  it('sampling: the server asks, the client answers, the call completes', async () => {
    asked.length = 0;
    expect(text(await c.call(tool('ask_model'), { question: '2+2?' }))).toBe('The model said: 4');
    expect(asked).toEqual(['sampling']);
  });

  it('sampling asked of a client without the capability: a clear error naming sampling/createMessage, not a hang', async () => {
    const bare = await drivers[client](hub.url, hub.store.clients.add(`${client}-bare`).token, [], { elicitation: { form: {} } });
    try {
      const outcome = await bare.call(tool('ask_model'), { question: 'hi' }).then(
        (r) => ({ isError: (r as { isError?: boolean }).isError === true, message: text(r), thrown: false as const }),
        (e: Error & { code?: number }) => ({ isError: true, message: e.message, thrown: true as const, code: e.code }),
      );
      if (server === 'legacy') {
        // The hub refuses the 2025 server's request; the server reports that in its result.
        expect(outcome).toMatchObject({ thrown: false, isError: true });
        expect(outcome.message).toContain('The calling client does not support sampling/createMessage.');
      } else {
        // The modern server's own refusal of the round (its request's envelope lacks the capability), passed on.
        expect(outcome).toMatchObject({ thrown: true, code: -32021 });
        expect(outcome.message).toMatch(/Cannot request input 'answer' \(sampling\/createMessage\): the request's client capabilities do not declare the required capability/);
      }
    } finally {
      await bare.close();
    }
  });

  it('roots: the server asks during the call, the client answers', async () => {
    asked.length = 0;
    expect(text(await c.call(tool('list_roots')))).toBe(`Roots: ${ROOT}`);
    expect(asked).toEqual(['roots']);
  });

  it('progress reaches the client', async () => {
    const seen: string[] = [];
    const result = await c.call(tool('progress'), { steps: 3 }, { onprogress: (p) => seen.push(`${p.progress}/${p.total}`) });
    expect(text(result)).toBe('done after 3 steps');
    expect(seen).toEqual(['1/3', '2/3', '3/3']);
  });

  it('cancellation reaches the server, and the call is recorded cancelled', async () => {
    const ac = new AbortController();
    const pending = c.call(tool('slow'), {}, { signal: ac.signal });
    await eventually(() => lines(events).includes('slow started'), 15_000, 'the slow call to start');
    ac.abort('the user cancelled');
    await expect(pending).rejects.toThrow();
    await eventually(() => lines(events).includes('slow cancelled'), 15_000, 'the server to see the cancellation');
    expect(await finished('slow')).toMatchObject({ client: `${client}-client`, status: 'cancelled' });
  });

  it('a list change reaches the client, and the new tool is listed', async () => {
    const watch = await c.watchToolsChanged();
    try {
      expect(text(await c.call(tool('add_tool')))).toBe('added');
      await eventually(() => watch.heard(), 15_000, 'tools/list_changed');
      await eventually(async () => (await c.toolNames()).includes(tool('added_tool')), 15_000, 'the added tool');
      expect(text(await c.call(tool('added_tool')))).toBe('the added tool');
    } finally {
      await watch.close();
    }
  });

  it('a resource update reaches a subscribed client', async () => {
    const uri = noteUri[server];
    const sub = await c.subscribe(uri);
    try {
      expect(text(await c.call(tool('touch_note'), { note: 'second note' }))).toBe('touched');
      await eventually(() => sub.updates.includes(uri), 15_000, 'the resource update');
    } finally {
      await sub.close();
    }
  });
});
