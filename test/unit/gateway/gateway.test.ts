import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallToolResult, McpError, TextContent } from '@modelcontextprotocol/sdk/types.js';
import { FIRST_LIST_WAIT_MS, Gateway, stripMcpPrefix, type GatewayOptions } from '../../../main/core/gateway/gateway.js';
import { START_CONCURRENCY } from '../../../main/core/gateway/start-queue.js';
import type { CatalogCacheRepo } from '../../../main/core/store/catalog-cache-repo.js';
import type { ToolCallsRepo } from '../../../main/core/store/tool-calls-repo.js';
import { ServerConfigSchema, type ServerConfigInput } from '../../../shared/config.js';
import { FakeServers, Gate, observe, tool } from '../../helpers/in-memory-servers.js';
import { fakeChannel, fakeSession } from './fake-sessions.js';

/*
 * The Gateway over in-memory servers (GatewayOptions.connect) and a fake clock: reconcile, publish,
 * firstListing, and a call's server→client request routed back to the calling session.
 */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Lets a few turns of the event loop run (the start queue starts one server per turn; timers a timer
 * sets for "now" are due a fake millisecond later), with the in-memory connections' promise chains.
 */
async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await vi.advanceTimersByTimeAsync(1);
}
const config = (name: string, more: Partial<ServerConfigInput> = {}) =>
  ServerConfigSchema.parse({ name, transport: 'stdio', command: 'not-run-in-unit-tests', ...more } as ServerConfigInput);

let ids = 0;
const toolCalls = { start: () => ++ids, decided: () => {}, finish: () => {}, file: ':memory:' } as unknown as ToolCallsRepo;

function gatewayFixture(options: Partial<GatewayOptions> = {}) {
  const fake = new FakeServers();
  fake.tools = (name) => [tool(`${name}-tool`)];
  const gateway = new Gateway({
    version: 'test',
    consent: { decide: () => ({ allow: true, by: 'test rule' }) },
    toolCalls,
    connect: fake.connect,
    startDelayMs: 0,
    backoff: { baseMs: 1000, maxMs: 4000, maxAttempts: 3 },
    ...options,
  });
  const published = () => gateway.catalog.tools.map((t) => t.name).sort();
  const states = () => Object.fromEntries([...gateway.upstreams].map(([name, u]) => [name, u.state]));
  return { fake, gateway, published, states };
}

describe('Gateway.reconcile', () => {
  it('starts every enabled server and publishes their tools; a disabled one is not started', async () => {
    const { fake, gateway, published, states } = gatewayFixture();
    await gateway.reconcile([config('a'), config('b'), config('off', { enabled: false })]);
    await settle();
    expect(states()).toEqual({ a: 'running', b: 'running' });
    expect(published()).toEqual(['a__a-tool', 'b__b-tool']);
    expect(fake.count('off'), 'a disabled server is never started').toBe(0);
    await gateway.dispose();
  });

  it('stops a server that was removed or disabled, and unpublishes its tools', async () => {
    const { fake, gateway, published } = gatewayFixture();
    await gateway.reconcile([config('a'), config('b')]);
    await settle();
    const b = gateway.upstreams.get('b')!;

    await gateway.reconcile([config('a'), config('b', { enabled: false })]);
    await settle();
    expect(b.state).toBe('stopped');
    expect(fake.latest('b').closed, 'the connection to b is closed').toBe(true);
    expect([...gateway.upstreams.keys()]).toEqual(['a']);
    expect(published()).toEqual(['a__a-tool']);

    await gateway.reconcile([]);
    await settle();
    expect(fake.latest('a').closed).toBe(true);
    expect(published()).toEqual([]);
    await gateway.dispose();
  });

  it('restarts a server whose launch settings changed (a new Upstream, a new connection)', async () => {
    const { fake, gateway } = gatewayFixture();
    await gateway.reconcile([config('a', { args: ['--v1'] })]);
    await settle();
    const before = gateway.upstreams.get('a')!;

    await gateway.reconcile([config('a', { args: ['--v2'] })]);
    await settle();
    const after = gateway.upstreams.get('a')!;
    expect(after, 'a changed command line needs a new process').not.toBe(before);
    expect(before.state).toBe('stopped');
    expect(after.state).toBe('running');
    expect(after.config).toMatchObject({ args: ['--v2'] });
    expect(fake.count('a')).toBe(2);
    expect(fake.servers.filter((s) => s.name === 'a').map((s) => s.closed)).toEqual([true, false]);
    await gateway.dispose();
  });

  it('applies a change of the tool filter or prefixing without a restart', async () => {
    const { fake, gateway, published } = gatewayFixture();
    fake.tools = () => [tool('read'), tool('write')];
    await gateway.reconcile([config('a')]);
    await settle();
    const before = gateway.upstreams.get('a')!;
    expect(published()).toEqual(['a__read', 'a__write']);

    await gateway.reconcile([config('a', { tools: { deny: ['write'] }, prefixTools: false })]);
    await settle();
    expect(gateway.upstreams.get('a'), 'same upstream').toBe(before);
    expect(fake.count('a'), 'no new connection').toBe(1);
    expect(published()).toEqual(['read']);
    await gateway.dispose();
  });

  it('starts a keychain-locked server again on the next reconcile (the user may have unlocked it)', async () => {
    let locked = true;
    const { gateway, states } = gatewayFixture({
      resolveSecrets: async () => {
        if (locked) throw new Error('The keychain is locked.');
        return { env: {}, headers: {} };
      },
    });
    await gateway.reconcile([config('a')]);
    await settle();
    expect(states()).toEqual({ a: 'keychain-locked' });
    locked = false;
    await gateway.reconcile([config('a')]);
    await settle();
    expect(states()).toEqual({ a: 'running' });
    await gateway.dispose();
  });

  it(`boots at most START_CONCURRENCY (${START_CONCURRENCY}) servers at once and the rest as those finish`, async () => {
    const { fake, gateway, states } = gatewayFixture();
    const gates = new Map<string, Gate>();
    const names = Array.from({ length: START_CONCURRENCY + 2 }, (_, i) => `s${i + 1}`);
    for (const n of names) fake.plan(n, gates.set(n, new Gate()).get(n)!);
    await gateway.reconcile(names.map((n) => config(n)));
    await settle();
    expect(fake.count(), 'starts while the first ones boot').toBe(START_CONCURRENCY);

    gates.get('s1')!.resolve();
    await settle();
    expect(fake.count(), 'one more once one is running').toBe(START_CONCURRENCY + 1);
    gates.get('s2')!.reject(new Error('boom'));
    await settle();
    expect(fake.count(), 'and once one failed').toBe(START_CONCURRENCY + 2);
    for (const g of gates.values()) g.resolve();
    await settle();
    expect(Object.values(states()).filter((s) => s === 'running')).toHaveLength(START_CONCURRENCY + 1);
    await gateway.dispose();
  });

  it('waits startDelayMs before starting servers', async () => {
    const { fake, gateway } = gatewayFixture({ startDelayMs: 1000 });
    await gateway.reconcile([config('a')]);
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.count(), 'before the start delay is over').toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.count()).toBe(1);
    await gateway.dispose();
  });
});

describe('Gateway.firstListing', () => {
  it('is undefined (synchronously) when there is no server, and once every server has listed', async () => {
    const { gateway } = gatewayFixture();
    expect(gateway.firstListing(), 'no servers').toBeUndefined();
    await gateway.reconcile([config('a')]);
    await settle();
    expect(gateway.firstListing(), 'every server has listed').toBeUndefined();
    await gateway.dispose();
  });

  it('starts unlisted servers at once (ahead of the start delay) and resolves when they have listed, with their tools published', async () => {
    const { fake, gateway, published } = gatewayFixture({ startDelayMs: 10_000 });
    const gate = new Gate();
    fake.plan('slow', gate);
    await gateway.reconcile([config('fast'), config('slow')]);
    const listing = gateway.firstListing();
    expect(listing, 'there are unlisted servers').toBeInstanceOf(Promise);
    const done = observe(listing!);
    await settle();
    expect(fake.count(), 'both started now, not after the 10 s delay').toBe(2);
    expect(done.state, 'waits for the slow one').toBe('pending');

    await vi.advanceTimersByTimeAsync(1000);
    gate.resolve();
    await settle();
    expect(done.state, 'firstListing ends once the slow server listed').toBe('resolved');
    expect(published(), 'published by the time the wait ends').toEqual(['fast__fast-tool', 'slow__slow-tool']);
    await gateway.dispose();
  });

  it('resolves as soon as an unlisted server fails (not after the whole wait)', async () => {
    const { fake, gateway } = gatewayFixture();
    const gate = new Gate();
    fake.plan('bad', gate);
    await gateway.reconcile([config('bad')]);
    const done = observe(gateway.firstListing()!);
    await vi.advanceTimersByTimeAsync(100);
    gate.reject(new Error('boom'));
    await settle();
    expect(done.state, 'firstListing ends when the server failed').toBe('resolved');
    expect(gateway.upstreams.get('bad')?.state).toBe('backoff');
    await gateway.dispose();
  });

  it(`gives up on a server that neither lists nor fails after FIRST_LIST_WAIT_MS (${FIRST_LIST_WAIT_MS} ms)`, async () => {
    const { fake, gateway } = gatewayFixture();
    fake.plan('stuck', 'hang');
    await gateway.reconcile([config('stuck'), config('ok')]);
    const done = observe(gateway.firstListing()!);
    await vi.advanceTimersByTimeAsync(FIRST_LIST_WAIT_MS - 1);
    expect(done.state, 'still within FIRST_LIST_WAIT_MS').toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(done.state, 'firstListing gives up after FIRST_LIST_WAIT_MS').toBe('resolved');
    await gateway.dispose();
  });
});

describe('Gateway calls: server→client requests during a call', () => {
  async function withAskingServer() {
    const fixture = gatewayFixture();
    const holding = new Gate();
    fixture.fake.tools = () => [tool('ask'), tool('hold')];
    fixture.fake.onCall = async (request, _extra, s) => {
      if (request.params.name === 'hold') {
        await holding.promise;
        return { content: [] };
      }
      try {
        const answer = await s.server.createMessage({ messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 5 });
        return { content: [{ type: 'text', text: `sampled by ${(answer as { answeredBy?: string }).answeredBy}` }] };
      } catch (e) {
        // The SDK sends an McpError's message with its "MCP error N: " prefix, and prefixes it again on receipt.
        return { content: [{ type: 'text', text: `refused ${(e as McpError).code}: ${stripMcpPrefix((e as Error).message)}` }], isError: true };
      }
    };
    await fixture.gateway.reconcile([config('srv')]);
    await settle();
    return { ...fixture, holding };
  }
  const text = (r: CallToolResult) => (r.content[0] as TextContent | undefined)?.text;

  it('a sampling request of the server reaches the session whose call it is serving', async () => {
    const { gateway } = await withAskingServer();
    const a = fakeSession('a');
    const b = fakeSession('b');
    gateway.addSession(a.session);
    gateway.addSession(b.session);
    const ca = fakeChannel(a.session, () => ({ role: 'assistant', content: { type: 'text', text: 'ok' }, model: 'm' }));
    const result = await gateway.callTool(a.session, { name: 'srv__ask', arguments: {} }, ca.channel);
    expect(text(result)).toBe('sampled by a');
    expect(ca.sent.map((m) => m.method)).toEqual(['sampling/createMessage']);
    await gateway.dispose();
  });

  it('is refused with the sentence while two sessions’ calls are in flight on the server', async () => {
    const { gateway, holding } = await withAskingServer();
    const a = fakeSession('a');
    const b = fakeSession('b');
    const ca = fakeChannel(a.session);
    const cb = fakeChannel(b.session);
    const held = gateway.callTool(a.session, { name: 'srv__hold', arguments: {} }, ca.channel);
    await settle();
    const result = await gateway.callTool(b.session, { name: 'srv__ask', arguments: {} }, cb.channel);
    expect(text(result)).toBe(`refused -32600: Agent Hub cannot tell which client's call this sampling/createMessage belongs to (several clients are calling "srv").`);
    expect(ca.sent.length + cb.sent.length, 'no client was asked').toBe(0);
    holding.resolve();
    await held;
    await gateway.dispose();
  });

  it('is MethodNotFound for a calling session without the sampling capability', async () => {
    const { gateway } = await withAskingServer();
    const plain = fakeSession('plain', {});
    const result = await gateway.callTool(plain.session, { name: 'srv__ask', arguments: {} }, fakeChannel(plain.session).channel);
    expect(text(result)).toBe('refused -32601: The calling client does not support sampling/createMessage.');
    await gateway.dispose();
  });

  it('a call to a server published from the saved catalog starts it now and waits for it', async () => {
    const saved = new Map([['srv', { tools: [tool('echo')], resources: [], resourceTemplates: [], prompts: [] }]]);
    const { fake, gateway } = gatewayFixture({ startDelayMs: 10_000, catalogCache: { load: () => saved, save: () => {} } as unknown as CatalogCacheRepo });
    fake.tools = () => [tool('echo')];
    const gate = new Gate();
    fake.plan('srv', gate);
    await gateway.reconcile([config('srv')]);
    expect(gateway.catalog.tool('srv__echo'), 'routable from the saved catalog before the server runs').toBeDefined();
    const a = fakeSession('a');
    const call = observe(gateway.callTool(a.session, { name: 'srv__echo', arguments: { x: 1 } }, fakeChannel(a.session).channel));
    await settle();
    expect(fake.count('srv'), 'started for the call, ahead of the 10 s delay').toBe(1);
    expect(call.state, 'the call waits while its server starts').toBe('pending');
    gate.resolve();
    await settle();
    expect(call.state, 'the call goes through once the server runs').toBe('resolved');
    expect(text(call.value!)).toBe('{"x":1}');
    await gateway.dispose();
  });

  it('a call whose server fails to start gets the start’s reason at once, as a tool error', async () => {
    const saved = new Map([['srv', { tools: [tool('echo')], resources: [], resourceTemplates: [], prompts: [] }]]);
    const { fake, gateway } = gatewayFixture({ readyTimeoutMs: 30_000, catalogCache: { load: () => saved, save: () => {} } as unknown as CatalogCacheRepo });
    const gate = new Gate();
    fake.plan('srv', gate);
    await gateway.reconcile([config('srv')]);
    const a = fakeSession('a');
    const call = observe(gateway.callTool(a.session, { name: 'srv__echo', arguments: {} }, fakeChannel(a.session).channel));
    await settle();
    gate.reject(new Error('exec failed: no such file'));
    await settle();
    expect(call.state, 'not after the 30 s ready timeout').toBe('resolved');
    expect(call.value).toEqual({ isError: true, content: [{ type: 'text', text: 'Server "srv" is waiting to restart: exec failed: no such file; the call was not made.' }] });
    await gateway.dispose();
  });
});
