import type { ServerContext } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnyResult, type CallChannel } from '../../../main/core/gateway/in-flight.js';
import { ParkedCalls, type ParkedState } from '../../../main/core/gateway/parked-calls.js';

/**
 * The calls of 2026-07-28 clients that wait for the client's input between two HTTP rounds: parked,
 * resumed by the retry, expired, bounded per client. The SDK's verified requestState is stood in for by
 * the payload itself (the codec is the SDK's and tested at the endpoint).
 */

type Sent = { method: string; params?: Record<string, unknown> };
interface Round {
  ctx: ServerContext;
  sent: Sent[];
  abort: AbortController;
}

function round(opts: { state?: ParkedState; responses?: Record<string, unknown>; caps?: Record<string, unknown>; token?: string | number } = {}): Round {
  const abort = new AbortController();
  const sent: Sent[] = [];
  const ctx = {
    mcpReq: {
      id: 1,
      method: 'tools/call',
      signal: abort.signal,
      _meta: opts.token === undefined ? undefined : { progressToken: opts.token },
      envelope: { 'io.modelcontextprotocol/clientCapabilities': opts.caps ?? { elicitation: { form: {} }, sampling: {}, roots: {} } },
      inputResponses: opts.responses,
      requestState: () => opts.state,
      notify: async (n: Sent) => void sent.push(n),
      log: async (level: string, data: unknown) => void sent.push({ method: 'log', params: { level, data } }),
    },
  };
  return { ctx: ctx as unknown as ServerContext, sent, abort };
}

const who = { client: 'alpha', sessionId: 'modern:alpha:1' };
const elicit = (channel: CallChannel, message = 'Your name?') =>
  channel.sendRequest({ method: 'elicitation/create', params: { message, requestedSchema: { type: 'object', properties: {} } } }, AnyResult);

function parked(options: Partial<ConstructorParameters<typeof ParkedCalls>[0]> = {}) {
  const roots: unknown[][] = [];
  const calls = new ParkedCalls({
    ttlMs: 60_000,
    maxPerClient: 8,
    mint: async (payload) => JSON.stringify(payload),
    rootsAnswered: (_id, list) => roots.push(list),
    ...options,
  });
  return { calls, roots };
}

type InputRequired = { resultType: string; inputRequests: Record<string, { method: string; params?: Record<string, unknown> }>; requestState: string };
const stateOf = (r: unknown) => JSON.parse((r as InputRequired).requestState) as ParkedState;

afterEach(() => vi.useRealTimers());

describe('parked calls (2026-07-28 multi-round-trip)', () => {
  it('a request of the client ends the round with input_required; the retry answers it and the call finishes', async () => {
    const { calls } = parked();
    let channelSignal: AbortSignal | undefined;
    const run = async (channel: CallChannel) => {
      channelSignal = channel.signal;
      const answer = await elicit(channel);
      return { content: [{ type: 'text', text: `hello ${(answer.content as { name: string }).name}` }] };
    };
    const first = (await calls.serve(round().ctx, who, 'tools/call', 'greet', run)) as unknown as InputRequired;
    expect(first.resultType).toBe('input_required');
    const [key, request] = Object.entries(first.inputRequests)[0]!;
    expect(request).toMatchObject({ method: 'elicitation/create', params: { message: 'Your name?', mode: 'form' } });
    expect(calls.size).toBe(1);

    const done = await calls.serve(round({ state: stateOf(first), responses: { [key]: { action: 'accept', content: { name: 'Ada' } } } }).ctx, who, 'tools/call', 'greet', run);
    expect(done).toEqual({ content: [{ type: 'text', text: 'hello Ada' }] });
    expect(calls.size).toBe(0);
    expect(channelSignal!.aborted).toBe(false);
  });

  it('an answer missing from the retry is asked again; several questions go out in one round; roots answers are kept', async () => {
    const { calls, roots } = parked();
    const run = async (channel: CallChannel) => {
      const [a, r] = await Promise.all([elicit(channel), channel.sendRequest({ method: 'roots/list' }, AnyResult)]);
      return { content: [{ type: 'text', text: `${a.action} ${JSON.stringify(r.roots)}` }] };
    };
    const first = (await calls.serve(round().ctx, who, 'tools/call', 't', run)) as unknown as InputRequired;
    const keys = Object.keys(first.inputRequests);
    expect(Object.values(first.inputRequests).map((r) => r.method).sort()).toEqual(['elicitation/create', 'roots/list']);
    const rootsKey = keys.find((k) => first.inputRequests[k]!.method === 'roots/list')!;
    const elicitKey = keys.find((k) => k !== rootsKey)!;

    const second = (await calls.serve(round({ state: stateOf(first), responses: { [rootsKey]: { roots: [{ uri: 'file:///w' }] } } }).ctx, who, 'tools/call', 't', run)) as unknown as InputRequired;
    expect(Object.keys(second.inputRequests)).toEqual([elicitKey]);
    expect(roots).toEqual([[{ uri: 'file:///w' }]]);
    const done = await calls.serve(round({ state: stateOf(second), responses: { [elicitKey]: { action: 'decline' } } }).ctx, who, 'tools/call', 't', run);
    expect(done).toEqual({ content: [{ type: 'text', text: 'decline [{"uri":"file:///w"}]' }] });
  });

  it('a parked call the client never comes back for expires: its question is answered "cancel", the call is aborted, the state is refused', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { calls } = parked({ ttlMs: 10_000 });
    let answer: Record<string, unknown> | undefined;
    let signal: AbortSignal | undefined;
    const run = async (channel: CallChannel) => {
      signal = channel.signal;
      answer = await elicit(channel);
      return { content: [] };
    };
    const first = await calls.serve(round().ctx, who, 'tools/call', 't', run);
    expect(calls.size).toBe(1);
    await vi.advanceTimersByTimeAsync(10_001);
    expect(calls.size).toBe(0);
    expect(answer).toEqual({ action: 'cancel' });
    expect(signal!.aborted).toBe(true);
    expect(String(signal!.reason)).toContain('did not answer within 10 s');
    await expect(calls.serve(round({ state: stateOf(first) }).ctx, who, 'tools/call', 't', run)).rejects.toMatchObject({ code: -32602 });
  });

  it("another client's state, another tool's, or one already used is refused", async () => {
    const { calls } = parked();
    const run = async (channel: CallChannel) => ({ content: [{ type: 'text', text: JSON.stringify(await elicit(channel)) }] });
    const first = await calls.serve(round().ctx, who, 'tools/call', 't', run);
    await expect(calls.serve(round({ state: stateOf(first) }).ctx, { client: 'beta', sessionId: 'x' }, 'tools/call', 't', run)).rejects.toMatchObject({ code: -32602 });
    await expect(calls.serve(round({ state: stateOf(first) }).ctx, who, 'tools/call', 'other', run)).rejects.toMatchObject({ code: -32602 });
    await expect(calls.serve(round({ state: { call: 'nope' } }).ctx, who, 'tools/call', 't', run)).rejects.toMatchObject({ code: -32602 });
  });

  it('each client may have only so many parked calls: beyond that its question is refused and the call goes on without it', async () => {
    const { calls } = parked({ maxPerClient: 2 });
    const run = async (channel: CallChannel) => {
      try {
        await elicit(channel);
        return { content: [{ type: 'text', text: 'answered' }] };
      } catch (e) {
        return { content: [{ type: 'text', text: (e as Error).message }], isError: true };
      }
    };
    await calls.serve(round().ctx, who, 'tools/call', 't', run);
    await calls.serve(round().ctx, who, 'tools/call', 't', run);
    const third = await calls.serve(round().ctx, who, 'tools/call', 't', run);
    expect(third).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('already holds 2 calls of alpha waiting for its input') }] });
    // Another client is not held back by alpha's.
    expect(await calls.serve(round().ctx, { client: 'beta', sessionId: 'b' }, 'tools/call', 't', run)).toMatchObject({ resultType: 'input_required' });
    calls.cancel();
    expect(calls.size).toBe(0);
  });

  it('a question withdrawn while parked (answered in the hub) is not asked again: the retry gets the result', async () => {
    const { calls } = parked();
    const withdraw = new AbortController();
    const run = async (channel: CallChannel) => {
      const answer = await channel.sendRequest({ method: 'elicitation/create', params: { message: 'consent?' } }, AnyResult, { signal: withdraw.signal }).catch(() => 'withdrawn');
      return { content: [{ type: 'text', text: String(answer) }] };
    };
    const first = await calls.serve(round().ctx, who, 'tools/call', 't', run);
    withdraw.abort();
    expect(await calls.serve(round({ state: stateOf(first), responses: {} }).ctx, who, 'tools/call', 't', run)).toEqual({ content: [{ type: 'text', text: 'withdrawn' }] });
  });

  it("closing the round's stream cancels the call; a question the client did not declare it can answer is refused at once", async () => {
    const { calls } = parked();
    let signal: AbortSignal | undefined;
    const r = round();
    const pending = calls.serve(r.ctx, who, 'tools/call', 't', async (channel) => {
      signal = channel.signal;
      await new Promise((resolve) => channel.signal.addEventListener('abort', resolve));
      throw new Error('cancelled');
    });
    await new Promise((resolve) => setImmediate(resolve));
    r.abort.abort();
    await expect(pending).rejects.toThrow('cancelled');
    expect(signal!.reason).toBe('the client cancelled the call');

    const noSampling = round({ caps: { elicitation: {} } });
    const result = await calls.serve(noSampling.ctx, who, 'tools/call', 't', async (channel) => {
      const e = await channel.sendRequest({ method: 'sampling/createMessage', params: { messages: [], maxTokens: 1 } }, AnyResult).catch((err: Error) => err.message);
      return { content: [{ type: 'text', text: String(e) }] };
    });
    expect(result).toEqual({ content: [{ type: 'text', text: 'MCP error -32601: The calling client does not support sampling/createMessage.' }] });
  });

  it("progress carries the current round's token; log messages go through the round's level filter", async () => {
    const { calls } = parked();
    const r = round({ token: 'round-token' });
    await calls.serve(r.ctx, who, 'tools/call', 't', async (channel) => {
      await channel.sendNotification({ method: 'notifications/progress', params: { progressToken: 'first-token', progress: 1 } });
      await channel.sendNotification({ method: 'notifications/message', params: { level: 'info', data: 'hi' } });
      return { content: [] };
    });
    expect(r.sent).toEqual([
      { method: 'notifications/progress', params: { progressToken: 'round-token', progress: 1 } },
      { method: 'log', params: { level: 'info', data: 'hi' } },
    ]);
  });
});
