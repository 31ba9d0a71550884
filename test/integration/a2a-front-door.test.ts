import http from 'node:http';
import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import path from 'node:path';
import { CancelTaskRequest, GetTaskRequest, ListTasksRequest, SendMessageRequest, SubscribeToTaskRequest, type Message, type SendMessageResult, type StreamResponse, type Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory, type Client as A2AClient } from '@a2a-js/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startA2AAgent, stopA2AAgents, ASK_QUESTION, type StartedAgent } from '../helpers/a2a-agents.js';
import { runCli, runCliAsync, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';
import { filesContaining, startKeyring, type Keyring } from '../helpers/keyring.js';

// The hub as an A2A agent for other agents: an @a2a-js/sdk client (built from the hub's card URL, as
// any A2A program would) → the hub (`agent-hub serve`, a child process) → real agents, some built on
// @a2a-js/sdk and one written by hand on node:http below, which records what reaches it.

let keyring: Keyring;
let hub: RunningHub;
let token: string;
let strangerToken: string;
const agents: Record<string, StartedAgent> = {};
let spy: Spy;

/** An A2A v1.0 agent by hand (no SDK): JSON-RPC SendMessage only, a bearer token required; it keeps every request's headers. */
interface Spy {
  url: string;
  headers: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

const SPY_TOKEN = `agent-secret-${crypto.randomUUID()}`;

async function startSpy(): Promise<Spy> {
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    headers.push(req.headers);
    if (req.method === 'GET' && req.url === '/.well-known/agent-card.json') {
      const { port } = server.address() as AddressInfo;
      res.setHeader('content-type', 'application/json');
      return res.end(
        JSON.stringify({
          name: 'spy',
          description: 'Answers "seen" and remembers who called.',
          version: '1.0.0',
          supportedInterfaces: [{ url: `http://127.0.0.1:${port}/rpc`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
          capabilities: { streaming: false },
          defaultInputModes: ['text/plain'],
          defaultOutputModes: ['text/plain'],
          skills: [{ id: 'see', name: 'See', description: 'Says it saw the message.', tags: ['test'] }],
          securitySchemes: { bearer: { httpAuthSecurityScheme: { scheme: 'Bearer' } } },
          securityRequirements: [{ schemes: { bearer: {} } }],
        }),
      );
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== `Bearer ${SPY_TOKEN}`) {
        res.statusCode = 401;
        return res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'unauthorized' } }));
      }
      const rpc = JSON.parse(body) as { id: number; method: string; params: { message: { contextId?: string; parts?: { text?: string }[] } } };
      const id = crypto.randomUUID();
      const contextId = rpc.params.message.contextId ?? crypto.randomUUID();
      // Careless on purpose: asked, it repeats the credential it was called with.
      const said = rpc.params.message.parts?.[0]?.text === 'show your token' ? `called with ${req.headers.authorization}` : 'seen';
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: rpc.id,
          result: {
            task: {
              id,
              contextId,
              status: { state: 'TASK_STATE_COMPLETED', message: { messageId: crypto.randomUUID(), role: 'ROLE_AGENT', parts: [{ text: said }] } },
            },
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    headers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An A2A client for one agent at the hub, from its card URL, sending `bearer` (if any) on every request. */
async function a2aClient(agent: string, bearer: string | undefined = token): Promise<A2AClient> {
  const fetchImpl: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    if (bearer) headers.set('authorization', `Bearer ${bearer}`);
    return fetch(input, { ...init, headers });
  };
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl })],
      cardResolver: new DefaultAgentCardResolver({ fetchImpl }),
    }),
  );
  return factory.createFromUrl(`${hub.url}/a2a/${agent}/`);
}

const userMessage = (text: string, extra: { taskId?: string; contextId?: string; returnImmediately?: boolean } = {}) =>
  SendMessageRequest.fromJSON({
    message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text }], ...(extra.taskId ? { taskId: extra.taskId } : {}), ...(extra.contextId ? { contextId: extra.contextId } : {}) },
    ...(extra.returnImmediately ? { configuration: { returnImmediately: true } } : {}),
  });

const isTask = (r: SendMessageResult): r is Task => 'status' in r;
const textOf = (m: Message | undefined) => (m?.parts ?? []).map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');

function db(): Database.Database {
  return new Database(path.join(hub.dataDir, 'hub.db'), { readonly: true });
}

function records(tool?: string): { id: number; client: string; server: string; tool: string; status: string; kind: string; error: string | null }[] {
  const d = db();
  try {
    return d.prepare(`SELECT id, client, server, tool, status, kind, error FROM tool_calls WHERE kind = 'a2a' ${tool ? 'AND tool = ?' : ''} ORDER BY id`).all(...(tool ? [tool] : [])) as never;
  } finally {
    d.close();
  }
}

function rawPost(agent: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${hub.url}/a2a/${agent}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0', authorization: `Bearer ${token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  keyring = await startKeyring('unlocked');
  const dataDir = tempDataDir();
  const env = keyring.env;
  for (const kind of ['echo-stream', 'echo', 'ask', 'slow'] as const) {
    agents[kind] = await startA2AAgent(kind, kind === 'slow' ? { durationMs: 120_000 } : {});
    expect((await runCliAsync(['agent', 'add', kind, '--url', agents[kind]!.url], { dataDir, env })).code).toBe(0);
  }
  spy = await startSpy();
  expect((await runCliAsync(['agent', 'add', 'spy', '--url', spy.url], { dataDir, env })).code).toBe(0);
  expect((await runCliAsync(['agent', 'set-secret', 'spy'], { dataDir, env, input: `${SPY_TOKEN}\n` })).code).toBe(0);
  // Rules for all but echo, whose messages ask the user.
  for (const server of ['echo-stream', 'ask', 'slow', 'spy']) expect(runCli(['consent', 'allow', '--server', server], { dataDir }).code).toBe(0);
  hub = await startHub({ dataDir, env });
  token = hub.addClient('caller');
  strangerToken = hub.addClient('stranger');
}, 90_000);

afterAll(async () => {
  await stopAllHubs();
  await stopA2AAgents();
  await spy?.close();
  await keyring?.stop();
});

describe('the A2A front door', () => {
  it('lists what it publishes at /.well-known/agent-hub.json, to clients with a token, in step with what is enabled', async () => {
    const without = await fetch(`${hub.url}/.well-known/agent-hub.json`);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer realm="agent-hub"');
    const read = async () => (await (await fetch(`${hub.url}/.well-known/agent-hub.json`, { headers: { authorization: `Bearer ${token}` } })).json()) as { mcp: { url: string }; agents: { name: string; url: string; cardUrl: string }[] };
    const catalog = await read();
    expect(catalog.mcp.url).toBe(`${hub.url}/mcp`);
    expect(catalog.agents.map((a) => a.name).sort()).toEqual(['ask', 'echo', 'echo-stream', 'slow', 'spy']);
    expect(catalog.agents.find((a) => a.name === 'ask')).toMatchObject({ url: `${hub.url}/a2a/ask`, cardUrl: `${hub.url}/a2a/ask/.well-known/agent-card.json` });

    expect(runCli(['agent', 'disable', 'slow'], { dataDir: hub.dataDir }).code).toBe(0);
    expect((await read()).agents.map((a) => a.name)).not.toContain('slow');
    expect((await fetch(`${hub.url}/a2a/slow/.well-known/agent-card.json`)).status).toBe(404);
    expect(runCli(['agent', 'enable', 'slow'], { dataDir: hub.dataDir }).code).toBe(0);
    expect((await read()).agents.map((a) => a.name)).toContain('slow');
  });

  it('publishes the approved card with the hub as its one interface and the client token as its scheme', async () => {
    const card = (await (await fetch(`${hub.url}/a2a/spy/.well-known/agent-card.json`)).json()) as Record<string, unknown>;
    expect(card).toMatchObject({
      name: 'spy',
      supportedInterfaces: [{ url: `${hub.url}/a2a/spy`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
      securitySchemes: { 'agent-hub': { httpAuthSecurityScheme: { scheme: 'Bearer' } } },
      skills: [{ id: 'see' }],
    });
    expect(JSON.stringify(card)).not.toContain(spy.url);
    expect(card.signatures).toBeUndefined();
  });

  it('streams a task to an SDK client, and records the request and the task with the calling client', async () => {
    const client = await a2aClient('echo-stream');
    const events: StreamResponse[] = [];
    for await (const e of client.sendMessageStream(userMessage('through the hub'))) events.push(e);
    const cases = events.map((e) => e.payload?.$case);
    expect(cases).toContain('artifactUpdate');
    const last = events.at(-1)!.payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(3 /* TASK_STATE_COMPLETED */);
    const taskId = events.map((e) => (e.payload?.$case === 'task' ? e.payload.value.id : e.payload?.$case === 'statusUpdate' ? e.payload.value.taskId : '')).find(Boolean)!;
    expect(agents['echo-stream']!.messages.at(-1)).toMatchObject({ text: 'through the hub' });

    const request = await eventually(() => records('SendStreamingMessage').find((r) => r.status === 'ok'), 10_000, 'the request record');
    expect(request).toMatchObject({ client: 'caller', server: 'echo-stream', kind: 'a2a' });
    const d = db();
    try {
      expect(d.prepare('SELECT client, tool_call AS call, state FROM a2a_tasks WHERE task_id = ?').get(taskId)).toEqual({ client: 'caller', call: request.id, state: 'completed' });
    } finally {
      d.close();
    }
  });

  it('continues an input-required task, and keeps it from other clients', async () => {
    const client = await a2aClient('ask');
    const first = await client.sendMessage(userMessage('hi'));
    if (!isTask(first)) throw new Error('expected a task');
    expect(first.status?.state).toBe(6 /* TASK_STATE_INPUT_REQUIRED */);
    expect(textOf(first.status?.message)).toBe(ASK_QUESTION);

    const stranger = await a2aClient('ask', strangerToken);
    await expect(stranger.getTask(GetTaskRequest.fromJSON({ id: first.id }))).rejects.toThrow(/not found/i);
    await expect(stranger.sendMessage(userMessage('Mallory', { taskId: first.id, contextId: first.contextId }))).rejects.toThrow(/not found/i);
    expect(agents.ask!.messages.map((m) => m.text)).not.toContain('Mallory');

    const second = await client.sendMessage(userMessage('Ada', { taskId: first.id, contextId: first.contextId }));
    if (!isTask(second)) throw new Error('expected a task');
    expect(second.status?.state).toBe(3 /* TASK_STATE_COMPLETED */);
    expect(textOf(second.status?.message)).toBe('Hello, Ada');

    const listed = await client.listTasks(ListTasksRequest.fromJSON({}));
    expect(listed.tasks.map((t) => t.id)).toContain(first.id);
    const theirs = await stranger.listTasks(ListTasksRequest.fromJSON({}));
    expect(theirs.tasks.map((t) => t.id)).not.toContain(first.id);
  });

  it('cancels a running task for its owner only', async () => {
    const client = await a2aClient('slow');
    const started = await client.sendMessage(userMessage('take your time', { returnImmediately: true }));
    if (!isTask(started)) throw new Error('expected a task');
    const stranger = await a2aClient('slow', strangerToken);
    await expect(stranger.cancelTask(CancelTaskRequest.fromJSON({ id: started.id }))).rejects.toThrow(/not found/i);
    expect(agents.slow!.cancels).not.toContain(started.id);
    const canceled = await client.cancelTask(CancelTaskRequest.fromJSON({ id: started.id }));
    expect(canceled.status?.state).toBe(5 /* TASK_STATE_CANCELED */);
    expect(agents.slow!.cancels).toContain(started.id);
  });

  it('refuses a caller without a valid token, before anything reaches the agent', async () => {
    const before = agents['echo-stream']!.messages.length;
    const anonymous = await a2aClient('echo-stream', '');
    await expect(anonymous.sendMessage(userMessage('let me in'))).rejects.toThrow(/401|client token/);
    const wrong = await rawPost('echo-stream', { jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: { messageId: 'm', role: 'ROLE_USER', parts: [{ text: 'x' }] } } }, { authorization: 'Bearer not-a-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="agent-hub"');
    expect(agents['echo-stream']!.messages.length).toBe(before);
  });

  it("calls the agent with the hub's own credential: the caller's token never reaches it", async () => {
    const client = await a2aClient('spy');
    const result = await client.sendMessage(userMessage('who is there'));
    expect(isTask(result) && textOf(result.status?.message)).toBe('seen');
    const rpcCalls = spy.headers.filter((h) => h['content-type']?.includes('json'));
    expect(rpcCalls.length).toBeGreaterThan(0);
    for (const h of spy.headers) {
      expect(JSON.stringify(h)).not.toContain(token);
      if (h.authorization) expect(h.authorization).toBe(`Bearer ${SPY_TOKEN}`);
    }

    // An agent that repeats its credential: the caller gets what the agent said, hub.db keeps it without the credential.
    const leaky = await client.sendMessage(userMessage('show your token'));
    expect(isTask(leaky) && textOf(leaky.status?.message)).toBe(`called with Bearer ${SPY_TOKEN}`);
    await eventually(() => records('SendMessage').filter((r) => r.server === 'spy').length >= 2 && records().every((r) => r.status !== 'running'), 10_000, 'the records');
    expect(filesContaining(hub.dataDir, SPY_TOKEN)).toEqual([]);
  });

  it('asks the user before a message goes to an agent without a rule, and answers 403 when they deny', async () => {
    const before = agents.echo!.messages.length;
    const sent = rawPost('echo', { jsonrpc: '2.0', id: 7, method: 'SendMessage', params: { message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text: 'may I?' }] } } });
    const pending = await eventually(async () => {
      const list = JSON.parse((await runCliAsync(['consent', 'pending', '--json'], { dataDir: hub.dataDir })).stdout) as { id: number; server: string; tool: string; client: string }[];
      return list.find((p) => p.server === 'echo');
    }, 15_000, 'the consent prompt');
    expect(pending).toMatchObject({ tool: 'send_message', client: 'caller' });
    expect((await runCliAsync(['consent', 'answer', String(pending.id), 'deny'], { dataDir: hub.dataDir })).code).toBe(0);
    const res = await sent;
    expect(res.status).toBe(403);
    const body = (await res.json()) as { id: number; error: { message: string } };
    expect(body.id).toBe(7);
    expect(body.error.message).toMatch(/denied/i);
    expect(agents.echo!.messages.length).toBe(before);
    await eventually(() => records('SendMessage').some((r) => r.server === 'echo' && r.status === 'denied'), 10_000, 'the denied record');
  });

  it('answers malformed requests with clear errors and records nothing it did not run', async () => {
    const parse = await rawPost('echo-stream', '{"jsonrpc":');
    expect([parse.status, ((await parse.json()) as { error: { code: number } }).error.code]).toEqual([400, -32700]);
    const batch = await rawPost('echo-stream', [{ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } }]);
    expect(batch.status).toBe(400);
    const type = await rawPost('echo-stream', '{}', { 'content-type': 'text/plain' });
    expect(type.status).toBe(415);
    expect((await fetch(`${hub.url}/a2a/echo-stream`)).status).toBe(405);
    expect((await rawPost('nobody', { jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } })).status).toBe(404);
    const unknownTask = await rawPost('echo-stream', { jsonrpc: '2.0', id: 2, method: 'GetTask', params: { id: 'no-such-task' } });
    expect(((await unknownTask.json()) as { error: { code: number } }).error.code).toBe(-32001);
    const noVersion = await rawPost('echo-stream', { jsonrpc: '2.0', id: 3, method: 'GetTask', params: { id: 'x' } }, { 'a2a-version': '' });
    expect(((await noVersion.json()) as { error: { code: number } }).error.code).toBe(-32009);
    const push = await rawPost('echo-stream', { jsonrpc: '2.0', id: 4, method: 'CreateTaskPushNotificationConfig', params: { taskId: 'x', url: 'http://127.0.0.1:1/' } });
    expect(((await push.json()) as { error: { code: number } }).error.code).toBe(-32003);
    const evil = await fetch(`${hub.url}/a2a/echo-stream`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
    expect(evil.status).toBe(403);
  });

  it('limits messages per minute on both paths alike: 429 with Retry-After here, a tool error over MCP', async () => {
    const limit = await runCliAsync(['limit', 'set', '--client', 'stranger', '--server', 'spy', '--tool', 'send_message', '1'], { dataDir: hub.dataDir });
    expect(limit.code).toBe(0);
    const stranger = await a2aClient('spy', strangerToken);
    // The hub reads limits again on the next data version; the first message may race it, the refusal may not.
    const refused = await eventually(async () => {
      const res = await rawPost('spy', { jsonrpc: '2.0', id: 9, method: 'SendMessage', params: { message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text: 'again' }] } } }, { authorization: `Bearer ${strangerToken}` });
      return res.status === 429 ? res : undefined;
    }, 10_000, 'the limit to refuse a message');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/try again in \d+ s/);
    await expect(stranger.sendMessage(userMessage('once more'))).rejects.toThrow(/429|limit/i);
    await eventually(() => records('SendMessage').some((r) => r.client === 'stranger' && r.status === 'rate-limited'), 10_000, 'the rate-limited record');

    // The same limit, over MCP: the agent as a tool.
    const mcp = await hub.connect(strangerToken);
    const viaMcp = await mcp.callTool({ name: 'spy__send_message', arguments: { text: 'via mcp' } });
    expect(viaMcp.isError).toBe(true);
    expect((viaMcp.content as { text: string }[])[0]!.text).toMatch(/Rate limit/);
    // Another client is not limited.
    const client = await a2aClient('spy');
    expect(isTask(await client.sendMessage(userMessage('not limited')))).toBe(true);
  });

  it("finds the card from the catalog's cardUrl too, and streams a subscription to the caller's own task", async () => {
    const catalog = (await (await fetch(`${hub.url}/.well-known/agent-hub.json`, { headers: { authorization: `Bearer ${token}` } })).json()) as { agents: { name: string; cardUrl: string }[] };
    const cardUrl = catalog.agents.find((a) => a.name === 'slow')!.cardUrl;
    const fetchImpl: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), authorization: `Bearer ${token}` } });
    const client = await new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { transports: [new JsonRpcTransportFactory({ fetchImpl })], cardResolver: new DefaultAgentCardResolver({ fetchImpl }) }),
    ).createFromUrl(cardUrl);
    const started = await client.sendMessage(userMessage('watch me', { returnImmediately: true }));
    if (!isTask(started)) throw new Error('expected a task');
    const seen: string[] = [];
    for await (const e of client.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: started.id }))) {
      seen.push(e.payload?.$case ?? '');
      if (seen.length >= 3) break;
    }
    expect(seen[0]).toBe('task');
    expect(seen.slice(1)).toContain('statusUpdate');
    await client.cancelTask(CancelTaskRequest.fromJSON({ id: started.id }));
    const stranger = await a2aClient('slow', strangerToken);
    const theirs = stranger.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: started.id }));
    await expect(theirs.next()).rejects.toThrow(/not found/i);
  });

  it("keeps agents outside a client's profile unknown to it, at the door and in the catalog", async () => {
    expect(runCli(['client', 'set', 'stranger', '--servers', 'spy'], { dataDir: hub.dataDir }).code).toBe(0);
    const listed = async () =>
      ((await (await fetch(`${hub.url}/.well-known/agent-hub.json`, { headers: { authorization: `Bearer ${strangerToken}` } })).json()) as { agents: { name: string }[] }).agents.map((a) => a.name);
    expect(await eventually(async () => ((await listed()).length === 1 ? listed() : undefined), 10_000, 'the profile to apply')).toEqual(['spy']);
    const hidden = await rawPost('echo-stream', { jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } }, { authorization: `Bearer ${strangerToken}` });
    expect(hidden.status).toBe(404);
    const unknown = await rawPost('nobody', { jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } }, { authorization: `Bearer ${strangerToken}` });
    expect(((await hidden.json()) as { error: { message: string } }).error.message.replace('echo-stream', 'X')).toBe(
      ((await unknown.json()) as { error: { message: string } }).error.message.replace('nobody', 'X'),
    );
  });
});
