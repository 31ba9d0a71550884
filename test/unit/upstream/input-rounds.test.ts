import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { envelope, withInputRounds } from '../../../main/core/upstream/input-rounds.js';
import type { UpstreamCaller } from '../../../main/core/upstream/upstream-connection.js';

/* The input_required retry loop on its own: what goes to the caller, what goes back to the server. */

const ALL = { sampling: {}, elicitation: {}, roots: {} };

function callerOf(answer: (method: string, params?: Record<string, unknown>) => Record<string, unknown>, capabilities: UpstreamCaller['capabilities'] = ALL) {
  const asked: string[] = [];
  const caller: UpstreamCaller = {
    capabilities,
    logLevel: undefined,
    ask: async (r) => {
      asked.push(r.method);
      return answer(r.method, r.params);
    },
  };
  return { caller, asked };
}

/** A server that answers from a script of results, recording each request's params. */
function script(...results: Record<string, unknown>[]) {
  const sent: Record<string, unknown>[] = [];
  return { sent, send: async (p: Record<string, unknown>) => (sent.push(p), results.shift() ?? { content: [] }) };
}

const ir = (inputRequests: Record<string, unknown> | undefined, requestState?: string) => ({ resultType: 'input_required', ...(inputRequests ? { inputRequests } : {}), ...(requestState !== undefined ? { requestState } : {}) });

describe('withInputRounds', () => {
  it('answers each round’s requests and retries with the original params, the answers and the state byte for byte', async () => {
    const state = 'v1.eyJwIjp7InN0ZXAiOjF9fQ==.c2ln';
    const server = script(
      ir({ a: { method: 'elicitation/create', params: { message: 'A?' } }, b: { method: 'roots/list' } }, state),
      ir({ c: { method: 'sampling/createMessage', params: { messages: [], maxTokens: 1 } } }, `${state}2`),
      { content: [{ type: 'text', text: 'done' }] },
    );
    const { caller, asked } = callerOf((m) => (m === 'roots/list' ? { roots: [] } : m === 'elicitation/create' ? { action: 'accept', content: { x: 1 } } : { role: 'assistant', content: { type: 'text', text: 'ok' }, model: 'm' }));
    const result = await withInputRounds('srv', 'tools/call', { name: 't', arguments: { q: 1 } }, server.send, caller, undefined);
    expect(result).toEqual({ content: [{ type: 'text', text: 'done' }] });
    expect(asked.sort()).toEqual(['elicitation/create', 'roots/list', 'sampling/createMessage']);
    expect(server.sent).toEqual([
      { name: 't', arguments: { q: 1 } },
      { name: 't', arguments: { q: 1 }, inputResponses: { a: { action: 'accept', content: { x: 1 } }, b: { roots: [] } }, requestState: state },
      { name: 't', arguments: { q: 1 }, inputResponses: { c: { role: 'assistant', content: { type: 'text', text: 'ok' }, model: 'm' } }, requestState: `${state}2` },
    ]);
  });

  it('a round that only wants its state back is retried (after a short pause) without asking anyone', async () => {
    const server = script(ir(undefined, 'keep-me'), { content: [] });
    const { caller, asked } = callerOf(() => ({}));
    await withInputRounds('srv', 'tools/call', { name: 't' }, server.send, caller, undefined);
    expect(asked).toEqual([]);
    expect(server.sent[1]).toEqual({ name: 't', requestState: 'keep-me' });
  });

  it('is bounded: a server that keeps asking gets an error naming it', async () => {
    const endless = { sent: 0, send: async () => (endless.sent++, ir(undefined, 's')) };
    const { caller } = callerOf(() => ({}));
    await expect(withInputRounds('srv', 'tools/call', {}, endless.send, caller, undefined, 3)).rejects.toThrow('Server "srv" still asked for input after 3 rounds of tools/call, so Agent Hub stopped.');
    expect(endless.sent).toBe(4);
  });

  it('what the caller cannot answer is a clear error (sampling, url elicitation); roots it lacks are none', async () => {
    const noSampling = callerOf(() => ({}), { elicitation: { form: {} } });
    await expect(withInputRounds('srv', 'tools/call', {}, script(ir({ s: { method: 'sampling/createMessage', params: {} } })).send, noSampling.caller, undefined)).rejects.toEqual(
      new McpError(-32601, 'The calling client does not support sampling/createMessage.'),
    );
    await expect(withInputRounds('srv', 'tools/call', {}, script(ir({ u: { method: 'elicitation/create', params: { mode: 'url', url: 'https://x' } } })).send, noSampling.caller, undefined)).rejects.toThrow(
      'The calling client does not support elicitation/create in url mode.',
    );
    const server = script(ir({ r: { method: 'roots/list' } }), { content: [] });
    await withInputRounds('srv', 'tools/call', {}, server.send, noSampling.caller, undefined);
    expect(server.sent[1]).toMatchObject({ inputResponses: { r: { roots: [] } } });
    expect(noSampling.asked).toEqual([]);
    await expect(withInputRounds('srv', 'tools/call', {}, script(ir({ x: { method: 'tasks/get' } })).send, noSampling.caller, undefined)).rejects.toThrow(/asked for tasks\/get in an input_required result; Agent Hub can pass on only/);
  });

  it('one failed answer cancels the others of its round', async () => {
    let sawAbort = false;
    const caller: UpstreamCaller = {
      capabilities: ALL,
      logLevel: undefined,
      ask: (r, signal) =>
        r.method === 'roots/list'
          ? Promise.reject(new Error('the client went away'))
          : new Promise((_, reject) => signal.addEventListener('abort', () => ((sawAbort = true), reject(new Error('aborted'))))),
    };
    await expect(withInputRounds('srv', 'tools/call', {}, script(ir({ e: { method: 'elicitation/create', params: {} }, r: { method: 'roots/list' } })).send, caller, undefined)).rejects.toThrow('the client went away');
    expect(sawAbort).toBe(true);
  });
});

describe('envelope', () => {
  it('drops envelope keys the caller sent, and sets the caller’s askable capabilities and level', () => {
    const caller: UpstreamCaller = { capabilities: { sampling: {}, experimental: { x: {} }, roots: { listChanged: true } }, logLevel: 'warning', ask: async () => ({}) };
    expect(envelope({ progressToken: 'agent-hub-1', 'io.modelcontextprotocol/protocolVersion': '2099-01-01', other: 1 }, caller, 'debug')).toEqual({
      progressToken: 'agent-hub-1',
      other: 1,
      'io.modelcontextprotocol/clientCapabilities': { sampling: {}, roots: { listChanged: true } },
      'io.modelcontextprotocol/logLevel': 'warning',
    });
    expect(envelope(undefined, undefined, 'debug'), 'the hub’s own request: its default level').toEqual({ 'io.modelcontextprotocol/logLevel': 'debug' });
    expect(envelope(undefined, { ...caller, capabilities: undefined, logLevel: undefined }, undefined)).toEqual({ 'io.modelcontextprotocol/clientCapabilities': {} });
  });
});
