import { describe, expect, it } from 'vitest';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { Catalog } from '../../../main/core/gateway/catalog.js';
import type { GatewayContext } from '../../../main/core/gateway/context.js';
import { silentLogger } from '../../../main/core/hub-log.js';
import { ClientViews } from '../../../main/core/gateway/client-views.js';
import { DEFAULT_PROFILE } from '../../../shared/client-profile.js';
import { noRateLimits } from '../../../main/core/limits/rate-limiter.js';
import { InFlightRequests } from '../../../main/core/gateway/in-flight.js';
import { RootsOwners } from '../../../main/core/gateway/roots-owners.js';
import { SessionRelay } from '../../../main/core/gateway/session-relay.js';
import type { Upstream } from '../../../main/core/upstream/upstream.js';
import { fakeChannel, fakeSession, flightOf } from './fake-sessions.js';

/*
 * Routing of what a server sends back (session-relay.ts) over the in-flight bookkeeping alone: which
 * session a sampling, elicitation or roots request reaches, and the refusals when none or several could.
 */

function relayFixture() {
  const inFlight = new InFlightRequests();
  const roots = new RootsOwners();
  const catalog = new Catalog();
  const ctx = {
    catalog,
    views: new ClientViews(catalog, () => DEFAULT_PROFILE),
    upstreams: new Map(),
    inFlight,
    roots,
    consent: { decide: () => ({ allow: true, by: 'test' }) },
    limiter: noRateLimits,
    toolCalls: {} as GatewayContext['toolCalls'],
    log: silentLogger,
    callTimeoutMs: 60_000,
    ready: () => Promise.reject(new Error('not in these tests')),
    recorded: () => {},
    firstListing: () => undefined,
  } satisfies GatewayContext;
  const relay = new SessionRelay(ctx);
  const srv = { name: 'srv' } as Upstream;
  const other = { name: 'other' } as Upstream;
  return { relay, inFlight, roots, srv, other };
}

const sampling = { method: 'sampling/createMessage', params: { messages: [], maxTokens: 5 } };
const signal = () => new AbortController().signal;

/** The McpError a promise rejects with, for pointed checks of its code and sentence. */
async function refusal(p: Promise<unknown>): Promise<McpError> {
  const e = await p.then(
    (r) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(r)}`);
    },
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(McpError);
  return e as McpError;
}

describe('SessionRelay: sampling and elicitation from a server', () => {
  it('go to the session whose call is in flight on that server, with the server’s params', async () => {
    const { relay, inFlight, srv } = relayFixture();
    const a = fakeSession('a');
    const b = fakeSession('b');
    relay.add(a.session);
    relay.add(b.session);
    const ca = fakeChannel(a.session, () => ({ model: 'm' }));
    const cb = fakeChannel(b.session);
    inFlight.add('srv', flightOf(a.session, ca.channel));

    const answer = await relay.serverRequest(srv, sampling, signal());
    expect(answer).toEqual({ model: 'm', answeredBy: 'a' });
    expect(ca.sent).toEqual([{ method: 'sampling/createMessage', params: sampling.params }]);
    expect(cb.sent).toEqual([]);

    const elicited = await relay.serverRequest(srv, { method: 'elicitation/create', params: { message: 'name?' } }, signal());
    expect(elicited.answeredBy).toBe('a');
    expect(ca.sent.at(-1)).toEqual({ method: 'elicitation/create', params: { message: 'name?' } });
  });

  it('pass the server request’s abort signal on to the client request', async () => {
    const { relay, inFlight, srv } = relayFixture();
    const a = fakeSession('a');
    const ca = fakeChannel(a.session);
    inFlight.add('srv', flightOf(a.session, ca.channel));
    const s = signal();
    await relay.serverRequest(srv, sampling, s);
    expect(ca.channel.sendRequest).toHaveBeenCalledWith(expect.anything(), expect.anything(), { signal: s });
  });

  it('with several calls of one session in flight, go through the latest call', async () => {
    const { relay, inFlight, srv } = relayFixture();
    const a = fakeSession('a');
    const first = fakeChannel(a.session);
    const latest = fakeChannel(a.session);
    inFlight.add('srv', flightOf(a.session, first.channel));
    inFlight.add('srv', flightOf(a.session, latest.channel));
    await relay.serverRequest(srv, sampling, signal());
    expect(latest.sent, 'the latest call’s channel').toHaveLength(1);
    expect(first.sent).toHaveLength(0);
  });

  it('calls in flight on other servers do not count', async () => {
    const { relay, inFlight, srv } = relayFixture();
    const a = fakeSession('a');
    const b = fakeSession('b');
    const ca = fakeChannel(a.session);
    inFlight.add('srv', flightOf(a.session, ca.channel));
    inFlight.add('other', flightOf(b.session, fakeChannel(b.session).channel));
    expect((await relay.serverRequest(srv, sampling, signal())).answeredBy).toBe('a');
  });

  it('are refused with the sentence when two sessions’ calls are in flight on that server', async () => {
    const { relay, inFlight, srv } = relayFixture();
    const a = fakeSession('a');
    const b = fakeSession('b');
    const ca = fakeChannel(a.session);
    const cb = fakeChannel(b.session);
    inFlight.add('srv', flightOf(a.session, ca.channel));
    inFlight.add('srv', flightOf(b.session, cb.channel));
    const e = await refusal(relay.serverRequest(srv, sampling, signal()));
    expect(e.code).toBe(ErrorCode.InvalidRequest);
    expect(e.message).toBe(`MCP error -32600: Agent Hub cannot tell which client's call this sampling/createMessage belongs to (several clients are calling "srv").`);
    expect(ca.sent.length + cb.sent.length, 'neither client was asked').toBe(0);
  });

  it('are refused when no call is in flight on that server', async () => {
    const { relay, inFlight, srv } = relayFixture();
    const a = fakeSession('a');
    relay.add(a.session);
    inFlight.add('other', flightOf(a.session, fakeChannel(a.session).channel));
    const e = await refusal(relay.serverRequest(srv, { method: 'elicitation/create', params: {} }, signal()));
    expect(e.code).toBe(ErrorCode.InvalidRequest);
    expect(e.message).toBe('MCP error -32600: Agent Hub can only pass elicitation/create to a client during one of its calls to "srv".');
  });

  it('are MethodNotFound when the calling session did not declare the capability', async () => {
    const { relay, inFlight, srv } = relayFixture();
    const plain = fakeSession('plain', { roots: {} });
    const cp = fakeChannel(plain.session);
    inFlight.add('srv', flightOf(plain.session, cp.channel));
    const e = await refusal(relay.serverRequest(srv, sampling, signal()));
    expect(e.code).toBe(ErrorCode.MethodNotFound);
    expect(e.message).toBe('MCP error -32601: The calling client does not support sampling/createMessage.');
    const e2 = await refusal(relay.serverRequest(srv, { method: 'elicitation/create', params: {} }, signal()));
    expect(e2.code).toBe(ErrorCode.MethodNotFound);
    expect(cp.sent, 'nothing reached a client that cannot answer').toEqual([]);
  });
});

describe('SessionRelay: roots/list from a server', () => {
  it('is refused until a session has called the server', async () => {
    const { relay, srv } = relayFixture();
    const e = await refusal(relay.serverRequest(srv, { method: 'roots/list' }, signal()));
    expect(e.code).toBe(ErrorCode.InvalidRequest);
    expect(e.message).toContain('passes roots/list to a client only once it calls "srv"');
  });

  it('goes to the owner’s call in flight, else to the owner’s own stream (with a timeout)', async () => {
    const { relay, inFlight, roots, srv } = relayFixture();
    const a = fakeSession('a');
    const b = fakeSession('b');
    await roots.claim('srv', a.session, async () => {});
    const ca = fakeChannel(a.session, () => ({ roots: [{ uri: 'file:///from-call' }] }));
    inFlight.add('srv', flightOf(b.session, fakeChannel(b.session).channel));
    inFlight.add('srv', flightOf(a.session, ca.channel));
    expect(await relay.serverRequest(srv, { method: 'roots/list' }, signal())).toEqual({ roots: [{ uri: 'file:///from-call' }], answeredBy: 'a' });

    inFlight.delete('srv', inFlight.of('srv').at(-1)!);
    const outside = await relay.serverRequest(srv, { method: 'roots/list' }, signal());
    expect(outside, 'the owner’s stream, not the other session’s call').toEqual({ roots: [{ uri: 'file:///home/a' }] });
    expect(a.server.request).toHaveBeenCalledWith({ method: 'roots/list' }, expect.anything(), expect.objectContaining({ timeout: 5000 }));
  });

  it('is an empty list for an owner without the roots capability', async () => {
    const { relay, roots, srv } = relayFixture();
    const plain = fakeSession('plain', {});
    await roots.claim('srv', plain.session, async () => {});
    expect(await relay.serverRequest(srv, { method: 'roots/list' }, signal())).toEqual({ roots: [] });
    expect(plain.server.request).not.toHaveBeenCalled();
  });
});

describe('SessionRelay: log messages from a server', () => {
  const log = (level: string) => ({ method: 'notifications/message', params: { level, data: 'x' } });

  it('go to the calling session while one session’s calls are in flight, and to nobody with two', async () => {
    const { relay, inFlight, srv } = relayFixture();
    const a = fakeSession('a');
    const b = fakeSession('b');
    relay.add(a.session);
    relay.add(b.session);
    const ca = fakeChannel(a.session);
    inFlight.add('srv', flightOf(a.session, ca.channel));
    relay.serverNotification(srv, log('info'));
    await inFlight.of('srv')[0]!.relayed;
    expect(ca.sent).toEqual([log('info')]);
    expect(b.server.notification).not.toHaveBeenCalled();

    const cb = fakeChannel(b.session);
    inFlight.add('srv', flightOf(b.session, cb.channel));
    relay.serverNotification(srv, log('info'));
    await Promise.all(inFlight.of('srv').map((f) => f.relayed));
    expect(ca.sent, 'whose it is is unknown: dropped').toHaveLength(1);
    expect(cb.sent).toHaveLength(0);
  });

  it('go to every session at or above its level when no call is in flight', () => {
    const { relay, srv } = relayFixture();
    const a = fakeSession('a');
    const quiet = fakeSession('quiet');
    quiet.session.logLevel = 'error';
    relay.add(a.session);
    relay.add(quiet.session);
    relay.serverNotification(srv, log('warning'));
    expect(a.server.notification).toHaveBeenCalledTimes(1);
    expect(quiet.server.notification).not.toHaveBeenCalled();
  });
});
