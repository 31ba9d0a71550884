import { randomUUID } from 'node:crypto';
import {
  AgentCard,
  canonicalizeAgentCard,
  Role,
  TaskState,
  verifyAgentCardSignature,
  type Message,
  type Part,
  type SendMessageRequest,
  type StreamResponse,
  type Task,
} from '@a2a-js/sdk';
import {
  ClientFactory,
  ClientFactoryOptions,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  type Client,
  type ClientConfig,
} from '@a2a-js/sdk/client';
import { discoverAuthorizationServerMetadata, exchangeAuthorization, registerClient, startAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import * as jose from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ASK_QUESTION,
  canonicalize,
  FAIL_MESSAGE,
  signingPayload,
  startA2AAgent,
  stopA2AAgents,
  TAMPERED_SUFFIX,
  type StartedAgent,
  type WireAgentCard,
} from '../helpers/a2a-agents.js';
import { completeAuthorization, startAuthServer, stopOAuthFixtures, type AuthServer } from '../helpers/oauth-fixtures.js';

/**
 * Proves the A2A fixture agents with @a2a-js/sdk's own client (no hub code), and pins down what goes on
 * the wire (raw fetches), so the hub's client can be written against facts. See agents.mjs for the list.
 */

afterAll(async () => {
  await stopA2AAgents();
});

// ---- small helpers (the SDK's in-memory types: enums are numbers, parts are { content: { $case, value } })

function send(text: string, ref: { taskId?: string; contextId?: string } = {}): SendMessageRequest {
  return {
    tenant: '',
    configuration: undefined,
    metadata: undefined,
    message: {
      messageId: randomUUID(),
      role: Role.ROLE_USER,
      parts: [{ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' }],
      taskId: ref.taskId ?? '',
      contextId: ref.contextId ?? '',
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    },
  };
}

function textOf(parts: Part[] | undefined): string {
  return (parts ?? []).flatMap((p) => (p.content?.$case === 'text' ? [p.content.value] : [])).join('\n');
}

function stateName(state: TaskState | undefined): string {
  return state === undefined ? 'none' : TaskState[state];
}

/** 'task:TASK_STATE_SUBMITTED', 'status:TASK_STATE_WORKING', 'artifact', 'message'. */
function summarize(event: StreamResponse): string {
  const p = event.payload;
  if (p?.$case === 'task') return `task:${stateName(p.value.status?.state)}`;
  if (p?.$case === 'statusUpdate') return `status:${stateName(p.value.status?.state)}`;
  return p?.$case === 'artifactUpdate' ? 'artifact' : String(p?.$case);
}

function statusText(event: StreamResponse | undefined): string {
  return event?.payload?.$case === 'statusUpdate' ? textOf(event.payload.value.status?.message?.parts) : '';
}

async function collect(stream: AsyncGenerator<StreamResponse>): Promise<StreamResponse[]> {
  const events: StreamResponse[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function isTask(result: Message | Task): result is Task {
  return 'status' in result;
}

async function taskOf(promise: Promise<Message | Task>): Promise<Task> {
  const result = await promise;
  if (!isTask(result)) throw new Error(`expected a Task, got a Message: ${JSON.stringify(result)}`);
  return result;
}

function client(agent: StartedAgent, config?: ClientConfig, preferredTransports?: ('JSONRPC' | 'HTTP+JSON')[]): Promise<Client> {
  const options = ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
    ...(config ? { clientConfig: config } : {}),
    ...(preferredTransports ? { preferredTransports } : {}),
  });
  return new ClientFactory(options).createFromUrl(agent.url);
}

/** A raw JSON-RPC call, as the hub will make it. */
async function rpc(url: string, method: string, params: unknown, headers: Record<string, string> = { 'A2A-Version': '1.0' }) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

/** The `data:` payloads of an SSE body. */
function sseData(body: string): unknown[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => JSON.parse(line.slice(5)) as unknown);
}

// ---- cards

describe('agent card', () => {
  it('is served at /.well-known/agent-card.json in the v1.0 shape, with Cache-Control and ETag', async () => {
    const agent = await startA2AAgent('echo-stream');
    const res = await fetch(agent.cardUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    const card = (await res.json()) as WireAgentCard;
    expect(card).toEqual(agent.card);
    expect(card.supportedInterfaces).toEqual([
      { url: agent.jsonRpcUrl, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      { url: agent.restUrl, protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' },
    ]);
    expect(card.capabilities).toEqual({ streaming: true, pushNotifications: false });
    expect(card.skills[0]).toMatchObject({ id: 'echo', tags: ['test'] });
    expect(card).not.toHaveProperty('url'); // v0.3 field
    expect(card).not.toHaveProperty('securitySchemes'); // empty maps are omitted (ProtoJSON)

    // Node's fetch adds `Cache-Control: no-cache` to a conditional request unless one is given, and then
    // Express's req.fresh never answers 304: a client revalidating with fetch must send its own.
    const again = await fetch(agent.cardUrl, { headers: { 'If-None-Match': etag!, 'Cache-Control': 'max-age=0' } });
    expect(again.status).toBe(304);
    expect(agent.cardFetches).toBe(2);

    const sdk = await client(agent);
    expect(sdk.protocolVersion).toBe('1.0');
    expect(agent.calls).toEqual([]); // creating a client only reads the card
  });

  it('takes name, skills, tenant, bindings and cache options', async () => {
    const agent = await startA2AAgent('echo', {
      name: 'weather',
      skills: [{ id: 'forecast', name: 'Forecast', description: 'Tells the weather.', tags: ['weather'] }],
      tenant: 'team-a',
      bindings: ['HTTP+JSON', 'JSONRPC'],
      cache: { maxAge: 0 },
    });
    const res = await fetch(agent.cardUrl);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(agent.card).toMatchObject({
      name: 'weather',
      skills: [{ id: 'forecast', name: 'Forecast', description: 'Tells the weather.', tags: ['weather'] }],
      supportedInterfaces: [
        { protocolBinding: 'HTTP+JSON', tenant: 'team-a' },
        { protocolBinding: 'JSONRPC', tenant: 'team-a' },
      ],
    });
    // The SDK client copies the interface's tenant into the request.
    const sdk = await client(agent, undefined, ['JSONRPC']);
    const task = await taskOf(sdk.sendMessage(send('x')));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(agent.calls.at(-1)).toMatchObject({ binding: 'JSONRPC', method: 'SendMessage', tenant: 'team-a', a2aVersion: '1.0' });
  });
});

// ---- echo-stream / echo

describe('echo-stream', () => {
  it('streams submitted → working ("thinking") → artifact (text + data) → completed', async () => {
    const agent = await startA2AAgent('echo-stream');
    const sdk = await client(agent);
    const events = await collect(sdk.sendMessageStream(send('hello')));
    expect(events.map(summarize)).toEqual([
      'task:TASK_STATE_SUBMITTED',
      'status:TASK_STATE_WORKING',
      'artifact',
      'status:TASK_STATE_COMPLETED',
    ]);
    expect(statusText(events[1])).toBe('thinking');
    const artifact = events[2]?.payload?.$case === 'artifactUpdate' ? events[2].payload.value.artifact : undefined;
    expect(artifact?.name).toBe('echo');
    expect(textOf(artifact?.parts)).toBe('echo: hello');
    expect(artifact?.parts.find((p) => p.content?.$case === 'data')?.content?.value).toEqual({ length: 5 });
    expect(statusText(events[3])).toBe('echo: hello');
    expect(agent.requests).toEqual(['SendStreamingMessage']);
    expect(agent.messages).toMatchObject([{ text: 'hello', followUp: false }]);
  });

  it('on the wire: SSE, each data: a JSON-RPC response whose result is a StreamResponse', async () => {
    const agent = await startA2AAgent('echo-stream');
    const res = await rpc(agent.jsonRpcUrl, 'SendStreamingMessage', {
      message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text: 'raw' }] },
    });
    expect(res.contentType).toBe('text/event-stream');
    const frames = sseData(res.text) as { jsonrpc: string; id: number; result: Record<string, Record<string, unknown>> }[];
    expect(frames.map((f) => Object.keys(f.result))).toEqual([['task'], ['statusUpdate'], ['artifactUpdate'], ['statusUpdate']]);
    expect(frames[0]).toMatchObject({ jsonrpc: '2.0', id: 1, result: { task: { status: { state: 'TASK_STATE_SUBMITTED' } } } });
    expect(frames[3]?.result.statusUpdate).toMatchObject({
      status: { state: 'TASK_STATE_COMPLETED', message: { role: 'ROLE_AGENT', parts: [{ text: 'echo: raw', mediaType: 'text/plain' }] } },
    });
    expect(frames[3]?.result.statusUpdate).not.toHaveProperty('final'); // v0.3 had final; v1.0 ends by closing
    expect(frames[2]?.result.artifactUpdate).toMatchObject({
      lastChunk: true,
      artifact: { name: 'echo', parts: [{ text: 'echo: raw' }, { data: { length: 3 }, mediaType: 'application/json' }] },
    });
  });

  it('works over HTTP+JSON too', async () => {
    const agent = await startA2AAgent('echo-stream');
    const sdk = await client(agent, undefined, ['HTTP+JSON']);
    const events = await collect(sdk.sendMessageStream(send('rest')));
    expect(events.map(summarize).at(-1)).toBe('status:TASK_STATE_COMPLETED');
    expect(agent.requests).toEqual(['POST /message:stream']);
  });
});

describe('echo (not streaming)', () => {
  it('answers SendMessage with a completed Task; GetTask returns it again', async () => {
    const agent = await startA2AAgent('echo');
    expect((agent.card as WireAgentCard).capabilities.streaming).toBe(false);
    const sdk = await client(agent);
    const task = await taskOf(sdk.sendMessage(send('hello')));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOf(task.status?.message?.parts)).toBe('echo: hello');
    expect(textOf(task.artifacts[0]?.parts)).toBe('echo: hello');
    expect(task.artifacts[0]?.parts.find((p) => p.content?.$case === 'data')?.content?.value).toEqual({ length: 5 });
    const again = await sdk.getTask({ tenant: '', id: task.id });
    expect(again.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(agent.requests).toEqual(['SendMessage', 'GetTask']);
  });

  it('with polling: SendMessage returns at once (returnImmediately), GetTask shows it completed', async () => {
    const agent = await startA2AAgent('echo');
    const sdk = await client(agent, { polling: true });
    const first = await taskOf(sdk.sendMessage(send('poll me')));
    const done = await sdk.getTask({ tenant: '', id: first.id });
    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOf(done.artifacts[0]?.parts)).toBe('echo: poll me');
  });

  it('on the wire: result is { task } with ProtoJSON enums; no A2A-Version header means 0.3 and is refused', async () => {
    const agent = await startA2AAgent('echo');
    const ok = await rpc(agent.jsonRpcUrl, 'SendMessage', { message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text: 'hi' }] } });
    expect(ok.status).toBe(200);
    const body = JSON.parse(ok.text) as { result: { task: Record<string, unknown> } };
    expect(body.result.task).toMatchObject({
      status: { state: 'TASK_STATE_COMPLETED', message: { role: 'ROLE_AGENT' } },
      artifacts: [{ name: 'echo' }],
    });
    // History: the user message, then every earlier status message the agent sent (the SDK moves them there).
    expect((body.result.task.history as { role: string; parts: { text: string }[] }[]).map((m) => `${m.role}:${m.parts[0]?.text}`)).toEqual([
      'ROLE_USER:hi',
      'ROLE_AGENT:thinking',
      'ROLE_AGENT:echo: hi',
    ]);

    const streamed = await rpc(agent.jsonRpcUrl, 'SendStreamingMessage', { message: { messageId: 'm-2', role: 'ROLE_USER', parts: [{ text: 'hi' }] } });
    expect(JSON.parse(streamed.text)).toMatchObject({ error: { code: -32004 } }); // UnsupportedOperation: card says streaming false

    const noVersion = await rpc(agent.jsonRpcUrl, 'SendMessage', { message: { messageId: 'm-3', role: 'ROLE_USER', parts: [{ text: 'hi' }] } }, {});
    expect(noVersion.status).toBe(200);
    expect(JSON.parse(noVersion.text)).toMatchObject({
      error: { code: -32009, data: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'VERSION_NOT_SUPPORTED', domain: 'a2a-protocol.org' }] },
    });
    expect(agent.calls.map((c) => c.a2aVersion)).toEqual(['1.0', '1.0', undefined]);
  });

  it("replyWith: 'message' answers with a bare Message (no task)", async () => {
    const agent = await startA2AAgent('echo', { replyWith: 'message' });
    const sdk = await client(agent);
    const result = await sdk.sendMessage(send('direct'));
    expect(isTask(result)).toBe(false);
    expect(textOf((result as Message).parts)).toBe('echo: direct');
    expect((result as Message).role).toBe(Role.ROLE_AGENT);
  });
});

// ---- ask

describe('ask', () => {
  it('streaming: input-required with a question, then a follow-up on the same task completes it', async () => {
    const agent = await startA2AAgent('ask');
    const sdk = await client(agent);
    const first = await collect(sdk.sendMessageStream(send('greet me')));
    expect(first.map(summarize)).toEqual(['task:TASK_STATE_SUBMITTED', 'status:TASK_STATE_INPUT_REQUIRED']);
    expect(statusText(first[1])).toBe(ASK_QUESTION);
    const update = first[1]?.payload?.$case === 'statusUpdate' ? first[1].payload.value : undefined;
    const ref = { taskId: update!.taskId, contextId: update!.contextId };

    const second = await collect(sdk.sendMessageStream(send('Ada', ref)));
    // The SDK re-sends the task first (as every execute() must start with a Task), now working.
    expect(second.map(summarize)).toEqual([
      'task:TASK_STATE_INPUT_REQUIRED',
      'status:TASK_STATE_WORKING',
      'artifact',
      'status:TASK_STATE_COMPLETED',
    ]);
    expect(statusText(second.at(-1))).toBe('Hello, Ada');
    expect(agent.messages).toMatchObject([
      { text: 'greet me', followUp: false, taskId: ref.taskId },
      { text: 'Ada', followUp: true, taskId: ref.taskId, contextId: ref.contextId },
    ]);
    const task = await sdk.getTask({ tenant: '', id: ref.taskId });
    expect(task.history.map((m) => `${Role[m.role]}:${textOf(m.parts)}`)).toEqual(
      expect.arrayContaining(['ROLE_USER:greet me', 'ROLE_USER:Ada']),
    );
  });

  it('non-streaming: SendMessage returns the input-required task; the follow-up returns it completed', async () => {
    const agent = await startA2AAgent('ask', { streaming: false });
    const sdk = await client(agent);
    const asked = await taskOf(sdk.sendMessage(send('hi')));
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(textOf(asked.status?.message?.parts)).toBe(ASK_QUESTION);
    const done = await taskOf(sdk.sendMessage(send('Grace', { taskId: asked.id, contextId: asked.contextId })));
    expect(done.id).toBe(asked.id);
    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOf(done.status?.message?.parts)).toBe('Hello, Grace');
    expect(agent.requests).toEqual(['SendMessage', 'SendMessage']);
  });

  it('a waiting (input-required) task can be canceled', async () => {
    const agent = await startA2AAgent('ask', { streaming: false });
    const sdk = await client(agent);
    const asked = await taskOf(sdk.sendMessage(send('hi')));
    const canceled = await sdk.cancelTask({ tenant: '', id: asked.id, metadata: undefined });
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect(agent.cancels).toEqual([asked.id]);
  });
});

// ---- fail

describe('fail', () => {
  it('goes working → failed with a status message', async () => {
    const agent = await startA2AAgent('fail');
    const sdk = await client(agent);
    const events = await collect(sdk.sendMessageStream(send('do it')));
    expect(events.map(summarize)).toEqual(['task:TASK_STATE_SUBMITTED', 'status:TASK_STATE_WORKING', 'status:TASK_STATE_FAILED']);
    expect(statusText(events.at(-1))).toBe(FAIL_MESSAGE);

    const task = await taskOf(sdk.sendMessage(send('again')));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_FAILED);
    expect(textOf(task.status?.message?.parts)).toBe(FAIL_MESSAGE);
    // A terminal task can be neither continued nor canceled.
    await expect(sdk.cancelTask({ tenant: '', id: task.id, metadata: undefined })).rejects.toThrow(/not cancelable/i);
    await expect(sdk.sendMessage(send('retry', { taskId: task.id }))).rejects.toThrow(/terminal state/i);
  });
});

// ---- slow

describe('slow', () => {
  it('reports progress while streaming; CancelTask ends the stream with canceled', async () => {
    const agent = await startA2AAgent('slow');
    const sdk = await client(agent);
    const seen: string[] = [];
    let canceled: Task | undefined;
    let progress = '';
    for await (const event of sdk.sendMessageStream(send('work'))) {
      seen.push(summarize(event));
      if (!canceled && statusText(event).startsWith('progress')) {
        progress = statusText(event);
        expect(event.payload?.$case === 'statusUpdate' && event.payload.value.metadata).toMatchObject({ progress: 1, total: 300 });
        const taskId = event.payload?.$case === 'statusUpdate' ? event.payload.value.taskId : '';
        canceled = await sdk.cancelTask({ tenant: '', id: taskId, metadata: undefined });
      }
    }
    expect(progress).toBe('progress 1');
    expect(canceled?.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect(seen.slice(0, 3)).toEqual(['task:TASK_STATE_SUBMITTED', 'status:TASK_STATE_WORKING', 'status:TASK_STATE_WORKING']);
    expect(seen.at(-1)).toBe('status:TASK_STATE_CANCELED');
    expect(agent.cancels).toEqual([canceled?.id]);
    expect(agent.requests).toEqual(['SendStreamingMessage', 'CancelTask']);
  });

  it('non-streaming with returnImmediately: CancelTask, then GetTask shows canceled', async () => {
    const agent = await startA2AAgent('slow', { streaming: false });
    const sdk = await client(agent, { polling: true });
    const started = await taskOf(sdk.sendMessage(send('work')));
    expect([TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING]).toContain(started.status?.state);
    const canceled = await sdk.cancelTask({ tenant: '', id: started.id, metadata: undefined });
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const polled = await sdk.getTask({ tenant: '', id: started.id });
    expect(polled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect(agent.cancels).toEqual([started.id]);
    expect(agent.requests).toEqual(['SendMessage', 'CancelTask', 'GetTask']);
  });

  it('completes on its own when short (durationMs)', async () => {
    const agent = await startA2AAgent('slow', { intervalMs: 1, durationMs: 3 });
    const sdk = await client(agent);
    const events = await collect(sdk.sendMessageStream(send('quick')));
    expect(events.map(statusText).filter((t) => t.startsWith('progress'))).toEqual(['progress 1', 'progress 2', 'progress 3']);
    expect(events.map(summarize).at(-1)).toBe('status:TASK_STATE_COMPLETED');
  });
});

// ---- signed / tampered

async function fetchCardAndKeys(agent: StartedAgent) {
  const card = (await (await fetch(agent.cardUrl)).json()) as WireAgentCard;
  const signature = card.signatures?.[0];
  if (!signature) throw new Error('card has no signature');
  const header = jose.decodeProtectedHeader(signature);
  const jwks = (await (await fetch(String(header.jku))).json()) as jose.JSONWebKeySet;
  return { card, signature, header, jwks };
}

/** With jose alone: the detached payload is the canonical card (signingPayload), base64url-encoded. */
async function verifyWithJose(agent: StartedAgent, canonicalization: 'sdk' | 'jcs' = 'sdk'): Promise<void> {
  const { card, signature, jwks } = await fetchCardAndKeys(agent);
  const payload = jose.base64url.encode(signingPayload(card, canonicalization));
  await jose.flattenedVerify({ payload, protected: signature.protected, signature: signature.signature }, jose.createLocalJWKSet(jwks));
}

/** The SDK's way (canonicalizeAgentCard + jose). It must be given the JSON card, see agents.mjs. */
async function verifyWithSdk(agent: StartedAgent): Promise<void> {
  const { card, jwks } = await fetchCardAndKeys(agent);
  const verify = verifyAgentCardSignature(async (kid) => {
    const jwk = jwks.keys.find((k) => k.kid === kid);
    if (!jwk) throw new Error(`no key ${kid}`);
    return jwk;
  });
  await verify(card as unknown as AgentCard);
}

describe('signed and tampered cards', () => {
  it('signed: a detached ES256 JWS over the JCS card verifies with jose and with the SDK', async () => {
    const agent = await startA2AAgent('signed');
    const { card, signature, header, jwks } = await fetchCardAndKeys(agent);
    expect(header).toEqual({ alg: 'ES256', kid: expect.stringMatching(/^fixture-/), typ: 'JOSE', jku: agent.jwksUrl });
    expect(Object.keys(signature).sort()).toEqual(['protected', 'signature']);
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', kid: header.kid, alg: 'ES256', use: 'sig' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    // Plain JCS of the card, the fixture's signing input and the SDK's canonicalization agree on this card.
    const { signatures: _signatures, ...unsigned } = card;
    expect(canonicalize(unsigned)).toBe(canonicalizeAgentCard(card as unknown as AgentCard));
    expect(signingPayload(card)).toBe(canonicalize(unsigned));
    await expect(verifyWithJose(agent, 'jcs')).resolves.toBeUndefined();
    await expect(verifyWithJose(agent)).resolves.toBeUndefined();
    await expect(verifyWithSdk(agent)).resolves.toBeUndefined();
    // And it is a working echo agent.
    const task = await taskOf((await client(agent)).sendMessage(send('signed hello')));
    expect(textOf(task.status?.message?.parts)).toBe('echo: signed hello');
  });

  it('tampered: the description changed after signing, so neither verification passes', async () => {
    const agent = await startA2AAgent('tampered');
    expect(agent.card.description.endsWith(TAMPERED_SUFFIX)).toBe(true);
    await expect(verifyWithJose(agent)).rejects.toThrow(jose.errors.JWSSignatureVerificationFailed);
    await expect(verifyWithSdk(agent)).rejects.toThrow(/No valid signatures/);
  });

  it('with a security requirement the two canonical forms differ; canonicalization picks which one is signed', async () => {
    const schemes = { apiKey: { type: 'apiKey', key: 'k' } } as const;
    const sdkStyle = await startA2AAgent('echo', { sign: true, securitySchemes: schemes });
    // securityRequirements [{ schemes: { apiKey: {} } }]: the SDK drops the empty scope list, and with it
    // the whole requirement, from the signed bytes; plain JCS keeps it.
    expect(signingPayload(sdkStyle.card)).toBe(canonicalizeAgentCard(sdkStyle.card as unknown as AgentCard));
    expect(signingPayload(sdkStyle.card)).not.toContain('securityRequirements');
    expect(signingPayload(sdkStyle.card, 'jcs')).toContain('"securityRequirements":[{"schemes":{"apiKey":{}}}]');
    await expect(verifyWithSdk(sdkStyle)).resolves.toBeUndefined();
    await expect(verifyWithJose(sdkStyle)).resolves.toBeUndefined();
    await expect(verifyWithJose(sdkStyle, 'jcs')).rejects.toThrow(jose.errors.JWSSignatureVerificationFailed);

    const plain = await startA2AAgent('echo', { sign: true, canonicalization: 'jcs', securitySchemes: schemes });
    await expect(verifyWithJose(plain, 'jcs')).resolves.toBeUndefined();
    await expect(verifyWithSdk(plain)).rejects.toThrow(/No valid signatures/);

    // The SDK canonicalizes by round-tripping through AgentCard.fromJSON, so it must get the JSON card:
    // the in-memory card its resolver returns (for cards with securitySchemes) loses them on the way.
    const resolved = await new DefaultAgentCardResolver().resolve(sdkStyle.url);
    expect(canonicalizeAgentCard(resolved)).not.toContain('securitySchemes');
    expect(canonicalizeAgentCard(sdkStyle.card as unknown as AgentCard)).toContain('"securitySchemes"');
  });
});

// ---- v0.3

describe('v03', () => {
  it('serves a v0.3 card and answers v0.3 JSON-RPC (message/send) through the SDK compat layer', async () => {
    const agent = await startA2AAgent('v03');
    const card = (await (await fetch(agent.cardUrl, { headers: { 'A2A-Version': '1.0' } })).json()) as Record<string, unknown>;
    expect(card).toMatchObject({ protocolVersion: '0.3.0', url: agent.jsonRpcUrl, preferredTransport: 'JSONRPC', capabilities: { streaming: false } });
    expect(card).not.toHaveProperty('supportedInterfaces');
    expect(card).toEqual(agent.card);

    // The SDK's default client does not read v0.3 cards; with legacyCompat on both resolver and transport it does.
    await expect(new ClientFactory().createFromUrl(agent.url)).rejects.toThrow(/No compatible transport/);
    const legacy = new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ legacyCompat: { enabled: true } })],
        cardResolver: new DefaultAgentCardResolver({ legacyCompat: { enabled: true } }),
      }),
    );
    const sdk = await legacy.createFromUrl(agent.url);
    expect(sdk.protocolVersion).toBe('0.3');
    const task = await taskOf(sdk.sendMessage(send('old')));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOf(task.artifacts[0]?.parts)).toBe('echo: old');
    await sdk.getTask({ tenant: '', id: task.id });
    expect(agent.requests).toEqual(['message/send', 'tasks/get']);
    expect(agent.calls.map((c) => c.a2aVersion)).toEqual(['0.3', '0.3']);
  });

  it('on the wire: v0.3 shapes (kind discriminators, kebab-case lowercase states); v1.0 methods are refused', async () => {
    const agent = await startA2AAgent('v03');
    const old = await rpc(
      agent.jsonRpcUrl,
      'message/send',
      { message: { kind: 'message', messageId: 'm-1', role: 'user', parts: [{ kind: 'text', text: 'hi' }] } },
      {},
    );
    expect(JSON.parse(old.text)).toMatchObject({
      result: { kind: 'task', status: { state: 'completed', message: { kind: 'message', role: 'agent', parts: [{ kind: 'text', text: 'echo: hi' }] } } },
    });
    const v1 = await rpc(agent.jsonRpcUrl, 'SendMessage', { message: { messageId: 'm-2', role: 'ROLE_USER', parts: [{ text: 'hi' }] } });
    expect(JSON.parse(v1.text)).toMatchObject({ error: { code: -32009 } });
  });

  it('streaming v0.3 (message/stream) when asked for', async () => {
    const agent = await startA2AAgent('v03', { streaming: true });
    const res = await rpc(
      agent.jsonRpcUrl,
      'message/stream',
      { message: { kind: 'message', messageId: 'm-1', role: 'user', parts: [{ kind: 'text', text: 'hi' }] } },
      { 'A2A-Version': '0.3' },
    );
    const frames = sseData(res.text) as { result: { kind: string; final?: boolean; status?: { state: string } } }[];
    expect(frames.map((f) => f.result.kind)).toEqual(['task', 'status-update', 'artifact-update', 'status-update']);
    expect(frames.at(-1)?.result).toMatchObject({ final: true, status: { state: 'completed' } });
  });
});

// ---- security schemes

describe('securitySchemes', () => {
  it('an API key in X-API-Key: advertised in the card, required on every A2A request (401 without)', async () => {
    const agent = await startA2AAgent('echo', { securitySchemes: { apiKey: { type: 'apiKey', key: 'k-123' } } });
    const card = agent.card as WireAgentCard;
    expect(card.securitySchemes).toEqual({ apiKey: { apiKeySecurityScheme: { location: 'header', name: 'X-API-Key', description: 'API key' } } });
    expect(card.securityRequirements).toEqual([{ schemes: { apiKey: {} } }]); // an empty scope list is {} in ProtoJSON
    expect((await fetch(agent.cardUrl)).status).toBe(200); // the card itself is public

    const raw = await rpc(agent.jsonRpcUrl, 'SendMessage', { message: { messageId: 'm', role: 'ROLE_USER', parts: [{ text: 'x' }] } });
    expect(raw.status).toBe(401);
    const wrong = await rpc(agent.jsonRpcUrl, 'SendMessage', {}, { 'A2A-Version': '1.0', 'X-API-Key': 'nope' });
    expect(wrong.status).toBe(401);

    const sdk = await client(agent);
    await expect(sdk.sendMessage(send('no key'))).rejects.toThrow(/401/);
    const task = await taskOf(sdk.sendMessage(send('with key'), { serviceParameters: { 'X-API-Key': 'k-123' } }));
    expect(textOf(task.status?.message?.parts)).toBe('echo: with key');
    expect(agent.calls.map((c) => c.authorized)).toEqual([false, false, false, true]);
    expect(agent.requests).toEqual(['SendMessage']);
    expect(agent.messages.map((m) => m.text)).toEqual(['with key']);
  });

  it('a bearer token: httpAuthSecurityScheme, 401 with WWW-Authenticate without it; REST is guarded too', async () => {
    const agent = await startA2AAgent('echo', { securitySchemes: { bearer: { type: 'bearer', token: 't-1' } } });
    expect((agent.card as WireAgentCard).securitySchemes).toEqual({
      bearer: { httpAuthSecurityScheme: { scheme: 'Bearer', description: 'Bearer token' } },
    });
    const res = await fetch(`${agent.restUrl}/tasks/nope`, { headers: { 'A2A-Version': '1.0' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const sdk = await client(agent, undefined, ['HTTP+JSON']);
    const task = await taskOf(sdk.sendMessage(send('rest'), { serviceParameters: { Authorization: 'Bearer t-1' } }));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(agent.requests).toEqual(['POST /message:send']);
  });

  it('a v0.3 card describes the same scheme the v0.3 way', async () => {
    const agent = await startA2AAgent('v03', { securitySchemes: { apiKey: { type: 'apiKey', key: 'k' } } });
    expect(agent.card).toMatchObject({
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      security: [{ apiKey: [] }],
    });
  });
});

// ---- oauth2 / openIdConnect

/** A real access token from the AS for `resource` (RFC 8707), through the MCP SDK's OAuth functions. */
async function tokenFor(as: AuthServer, resource: string, scope: string): Promise<{ token: string; clientId: string }> {
  const metadata = await discoverAuthorizationServerMetadata(as.issuer);
  if (!metadata) throw new Error('no AS metadata');
  const redirectUrl = 'http://127.0.0.1:9/callback'; // nothing listens: completeAuthorization stops at the redirect
  const clientInformation = await registerClient(as.issuer, {
    metadata,
    clientMetadata: {
      client_name: 'a2a-fixtures test',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native', // not in the SDK's type; oidc-provider needs it for loopback redirects
    } as OAuthClientMetadata,
  });
  const { authorizationUrl, codeVerifier } = await startAuthorization(as.issuer, {
    metadata,
    clientInformation,
    redirectUrl,
    scope,
    state: randomUUID(),
    resource: new URL(resource),
  });
  const { code } = await completeAuthorization(authorizationUrl);
  const tokens = await exchangeAuthorization(as.issuer, {
    metadata,
    clientInformation,
    authorizationCode: code,
    codeVerifier,
    redirectUri: redirectUrl,
    resource: new URL(resource),
  });
  return { token: tokens.access_token, clientId: clientInformation.client_id };
}

describe('oauth2 and openIdConnect agents', () => {
  afterAll(async () => {
    await stopOAuthFixtures();
  });

  it('oauth2: the card names the AS; a real token for this agent works, is recorded, and is refused after revokeTokens()', async () => {
    const as = await startAuthServer({ scopes: ['agent:read', 'agent:write'] });
    const agent = await startA2AAgent('echo', { securitySchemes: { oauth: { type: 'oauth2', issuer: as.issuer, scopes: ['agent:read'] } } });
    as.addResource(`${agent.url}/`, 'agent:read');

    // The card's URLs are the AS's real endpoints, and the metadata URL serves that AS's metadata.
    const metadata = await discoverAuthorizationServerMetadata(as.issuer);
    expect(agent.card.securitySchemes).toEqual({
      oauth: {
        oauth2SecurityScheme: {
          description: 'OAuth 2.0 authorization code with PKCE',
          oauth2MetadataUrl: `${as.issuer}/.well-known/oauth-authorization-server`,
          flows: {
            authorizationCode: {
              authorizationUrl: metadata?.authorization_endpoint,
              tokenUrl: metadata?.token_endpoint,
              scopes: { 'agent:read': 'Grants agent:read' },
              pkceRequired: true,
            },
          },
        },
      },
    });
    expect(metadata).toMatchObject({ authorization_endpoint: `${as.issuer}/auth`, token_endpoint: `${as.issuer}/token` });
    const served = (await (await fetch(String(agent.card.securitySchemes?.oauth?.oauth2SecurityScheme?.oauth2MetadataUrl))).json()) as { issuer: string };
    expect(served.issuer).toBe(as.issuer);
    expect(agent.card.securityRequirements).toEqual([{ schemes: { oauth: { list: ['agent:read'] } } }]);
    expect(AgentCard.toJSON(AgentCard.fromJSON(agent.card))).toEqual(agent.card);

    const noToken = await fetch(`${agent.restUrl}/tasks/nope`, { headers: { 'A2A-Version': '1.0' } });
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toBe('Bearer realm="a2a-fixture"');
    const sdk = await client(agent);
    await expect(sdk.sendMessage(send('no token'))).rejects.toThrow(/401/);

    const { token, clientId } = await tokenFor(as, `${agent.url}/`, 'agent:read');
    const withToken = { serviceParameters: { Authorization: `Bearer ${token}` } };
    const task = await taskOf(sdk.sendMessage(send('with token'), withToken));
    expect(textOf(task.status?.message?.parts)).toBe('echo: with token');
    await sdk.getTask({ tenant: '', id: task.id }, withToken);
    expect(agent.tokens).toEqual([{ sub: 'dev-user', scope: 'agent:read', aud: `${agent.url}/`, clientId }]); // once per token

    agent.revokeTokens();
    await expect(sdk.getTask({ tenant: '', id: task.id }, withToken)).rejects.toThrow(/401/);
    const revoked = await fetch(`${agent.restUrl}/tasks/${task.id}`, { headers: { 'A2A-Version': '1.0', Authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer realm="a2a-fixture", error="invalid_token"');
    expect(agent.calls.map((c) => c.authorized)).toEqual([false, false, true, true, false, false]);
  });

  it('openIdConnect: openIdConnectUrl in the card; tokens for another audience or missing a scope are refused', async () => {
    const as = await startAuthServer({ scopes: ['agent:read', 'agent:write'] });
    // openid is listed, as a real OIDC agent would, but never reaches an access token: the check skips it.
    const agent = await startA2AAgent('echo', {
      securitySchemes: { oidc: { type: 'openIdConnect', issuer: as.issuer, scopes: ['openid', 'agent:read'] } },
    });
    const strict = await startA2AAgent('echo', {
      securitySchemes: { oauth: { type: 'oauth2', issuer: as.issuer, scopes: ['agent:read', 'agent:write'], metadataUrl: false } },
    });
    as.addResource(`${agent.url}/`, 'agent:read');
    as.addResource(`${strict.url}/`, 'agent:read'); // agent:write is never granted for it
    as.addResource('http://127.0.0.1:1/', 'agent:read');

    expect(agent.card.securitySchemes).toEqual({
      oidc: { openIdConnectSecurityScheme: { description: 'OpenID Connect', openIdConnectUrl: `${as.issuer}/.well-known/openid-configuration` } },
    });
    expect(agent.card.securityRequirements).toEqual([{ schemes: { oidc: { list: ['openid', 'agent:read'] } } }]);
    expect(strict.card.securitySchemes?.oauth?.oauth2SecurityScheme).not.toHaveProperty('oauth2MetadataUrl');
    expect(strict.card.securitySchemes?.oauth?.oauth2SecurityScheme).toMatchObject({
      flows: { authorizationCode: { scopes: { 'agent:read': 'Grants agent:read', 'agent:write': 'Grants agent:write' } } },
    });

    const sdk = await client(agent, undefined, ['HTTP+JSON']);
    const elsewhere = await tokenFor(as, 'http://127.0.0.1:1/', 'openid agent:read');
    await expect(sdk.sendMessage(send('x'), { serviceParameters: { Authorization: `Bearer ${elsewhere.token}` } })).rejects.toThrow(/401/);

    const mine = await tokenFor(as, `${agent.url}/`, 'openid agent:read');
    const task = await taskOf(sdk.sendMessage(send('oidc'), { serviceParameters: { Authorization: `Bearer ${mine.token}` } }));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(agent.tokens.map((t) => [t.sub, t.scope, t.aud])).toEqual([['dev-user', 'agent:read', `${agent.url}/`]]);

    // The AS silently narrows the token to what the resource lists, and the strict agent wants agent:write too.
    const narrowed = await tokenFor(as, `${strict.url}/`, 'agent:read agent:write');
    const res = await rpc(strict.jsonRpcUrl, 'GetTask', { id: 'x' }, { 'A2A-Version': '1.0', Authorization: `Bearer ${narrowed.token}` });
    expect(res.status).toBe(401);
    expect(strict.tokens).toEqual([]);
  });

  it('a v0.3 card describes oauth2 and openIdConnect the v0.3 way, with scopes in security', async () => {
    const as = await startAuthServer({ scopes: ['agent:read'] });
    const agent = await startA2AAgent('v03', {
      securitySchemes: {
        oauth: { type: 'oauth2', issuer: as.issuer, scopes: ['agent:read'] },
        oidc: { type: 'openIdConnect', issuer: as.issuer, scopes: ['agent:read'] },
      },
    });
    expect(agent.card.securitySchemes).toEqual({
      oauth: {
        type: 'oauth2',
        description: 'OAuth 2.0 authorization code with PKCE',
        oauth2MetadataUrl: `${as.issuer}/.well-known/oauth-authorization-server`,
        flows: {
          authorizationCode: { authorizationUrl: `${as.issuer}/auth`, tokenUrl: `${as.issuer}/token`, scopes: { 'agent:read': 'Grants agent:read' } },
        },
      },
      oidc: { type: 'openIdConnect', description: 'OpenID Connect', openIdConnectUrl: `${as.issuer}/.well-known/openid-configuration` },
    });
    expect(agent.card.security).toEqual([{ oauth: ['agent:read'] }, { oidc: ['agent:read'] }]);
  });
});
