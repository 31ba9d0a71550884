import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { observe, tool } from '../../helpers/in-memory-servers.js';
import { settle, upstreamFixture } from './upstream-fixture.js';
import { LooseResult } from '../../../main/core/upstream/upstream-connection.js';

/*
 * What a running Upstream does with what its server sends: progress to the call that owns the token,
 * list changes to a fresh catalog, log messages and server→client requests to the gateway's hooks.
 */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function running(overrides: Parameters<typeof upstreamFixture>[0] = {}) {
  const fixture = upstreamFixture(overrides);
  fixture.upstream.start();
  await settle();
  expect(fixture.upstream.state, `the fixture server should be running (last error: ${fixture.upstream.lastError})`).toBe('running');
  return { ...fixture, client: fixture.upstream.client!, server: fixture.fake.latest('srv') };
}

describe('Upstream progress', () => {
  it('delivers progress to the listener of its token, before the call’s result, and not after unwatch', async () => {
    const { upstream, client, server, fake } = await running();
    fake.onCall = async (request, extra) => {
      const progressToken = request.params._meta?.progressToken;
      if (progressToken === undefined) throw new Error('the call carried no progress token');
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: 1, total: 2 } });
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: 'someone-else', progress: 9 } });
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: 2, total: 2, message: 'done' } });
      return { content: [] };
    };
    const token = upstream.nextProgressToken();
    expect(token, 'tokens are the hub’s own').toMatch(/^agent-hub-\d+$/);
    expect(upstream.nextProgressToken(), 'each call gets a new token').not.toBe(token);

    const seen: string[] = [];
    const unwatch = upstream.watchProgress(token, (p) => seen.push(`progress ${p.progress}/${p.total}${p.message ? ` ${p.message}` : ''}`));
    await client.request({ method: 'tools/call', params: { name: 'echo', arguments: {}, _meta: { progressToken: token } } }, LooseResult).then(() => seen.push('result'));
    expect(seen).toEqual(['progress 1/2', 'progress 2/2 done', 'result']);

    unwatch();
    await server.server.notification({ method: 'notifications/progress', params: { progressToken: token, progress: 3 } });
    await settle();
    expect(seen, 'nothing after unwatch').toHaveLength(3);
    await upstream.stop();
  });

  it('numeric tokens from a server reach the listener of the same token as a string', async () => {
    const { upstream, server } = await running();
    const seen: number[] = [];
    upstream.watchProgress('7', (p) => seen.push(p.progress));
    await server.server.notification({ method: 'notifications/progress', params: { progressToken: 7, progress: 0.5 } });
    await settle();
    expect(seen).toEqual([0.5]);
    await upstream.stop();
  });
});

describe('Upstream catalog refresh', () => {
  it('tools/list_changed from the server lists again into a new catalog object and reports it', async () => {
    const { upstream, server, fake, events } = await running();
    const before = upstream.catalog!;
    fake.tools = () => [tool('echo'), tool('added')];
    await server.server.sendToolListChanged();
    await settle();
    expect(upstream.catalog?.tools.map((t) => t.name)).toEqual(['echo', 'added']);
    expect(upstream.catalog, 'a new object, so the gateway sees that it changed').not.toBe(before);
    expect(before.tools.map((t) => t.name), 'the old catalog is never changed in place').toEqual(['echo']);
    expect(upstream.tool('added')?.name, 'the tool index follows the new catalog').toBe('added');
    expect(events.slice(-1)).toEqual(['catalog:echo,added']);
    await upstream.stop();
  });

  it('a refresh that fails keeps the catalog it had and notes why in the server log', async () => {
    const { upstream, server, fake, events } = await running();
    const before = upstream.catalog;
    fake.tools = () => {
      throw new Error('listing broke');
    };
    await server.server.sendToolListChanged();
    await settle();
    expect(upstream.catalog).toBe(before);
    expect(events.filter((e) => e.startsWith('catalog')), 'no catalog report for a failed refresh').toHaveLength(1);
    expect(upstream.log.tail().join('\n')).toContain('could not refresh tools: MCP error -32603: listing broke');
    await upstream.stop();
  });
});

describe('Upstream server→client traffic', () => {
  it('passes log messages to onNotification (and not to the SDK’s own handlers)', async () => {
    const onNotification = vi.fn();
    const { upstream, server } = await running({ onNotification });
    await server.server.sendLoggingMessage({ level: 'warning', data: 'disk almost full' });
    await settle();
    expect(onNotification).toHaveBeenCalledTimes(1);
    expect(onNotification.mock.calls[0]![0]).toBe(upstream);
    expect(onNotification.mock.calls[0]![1]).toMatchObject({ method: 'notifications/message', params: { level: 'warning', data: 'disk almost full' } });
    await upstream.stop();
  });

  it('passes sampling requests to onServerRequest with the server’s params and returns its answer to the server', async () => {
    const onServerRequest = vi.fn(async () => ({ role: 'assistant', content: { type: 'text', text: 'hi' }, model: 'm' }));
    const { upstream, server } = await running({ onServerRequest });
    const answer = await server.server.createMessage({ messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }], maxTokens: 5 });
    expect(answer).toMatchObject({ model: 'm', content: { text: 'hi' } });
    expect(onServerRequest).toHaveBeenCalledTimes(1);
    const [u, request, signal] = onServerRequest.mock.calls[0] as unknown as [unknown, { method: string; params: Record<string, unknown> }, AbortSignal];
    expect(u).toBe(upstream);
    expect(request).toMatchObject({ method: 'sampling/createMessage', params: { maxTokens: 5 } });
    expect(signal).toBeInstanceOf(AbortSignal);
    await upstream.stop();
  });

  it('a call the server answers after a stop is rejected, not left hanging', async () => {
    const { upstream, client, fake } = await running();
    fake.onCall = () => new Promise(() => {});
    const call = observe(client.request({ method: 'tools/call', params: { name: 'echo', arguments: {} } }, CallToolResultSchema));
    await settle();
    await upstream.stop();
    await settle();
    expect(call.state).toBe('rejected');
    expect(call.error?.message).toMatch(/Connection closed/);
  });
});
