import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { Gate, observe, tool } from '../../helpers/in-memory-servers.js';
import { settle, upstreamFixture } from './upstream-fixture.js';

/*
 * The Upstream state machine over in-memory servers and a fake clock: start, backoff, give-up,
 * recovery, a stop that overtakes a start, and the keychain. Each test runs in milliseconds.
 */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Upstream start', () => {
  it('lists its catalog and reaches running: onState(starting), onState(running), then onCatalog', async () => {
    const { fake, events, upstream } = upstreamFixture();
    fake.tools = () => [tool('echo'), tool('add')];
    upstream.start();
    expect(upstream.state, 'start() moves to starting synchronously').toBe('starting');
    await settle();
    expect(events).toEqual(['starting', 'running', 'catalog:echo,add']);
    expect(upstream.catalog?.tools.map((t) => t.name)).toEqual(['echo', 'add']);
    expect(upstream.tool('add')?.name).toBe('add');
    expect(upstream.client, 'a running upstream exposes its client').toBeDefined();
    expect(upstream.lastError).toBeUndefined();
    expect(fake.count()).toBe(1);
    await upstream.stop();
  });

  it('start() while starting or running does not start a second connection', async () => {
    const { fake, upstream } = upstreamFixture();
    upstream.start();
    upstream.start();
    await settle();
    upstream.start();
    await settle();
    expect(fake.count(), 'connect attempts').toBe(1);
    await upstream.stop();
  });

  it('a start that does not finish within startTimeoutMs fails with the timeout as its reason', async () => {
    const { fake, events, upstream } = upstreamFixture();
    fake.plan('srv', 'hang');
    upstream.start();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(upstream.state, 'just before the 10 s start timeout').toBe('starting');
    await vi.advanceTimersByTimeAsync(1);
    expect(upstream.state).toBe('backoff');
    expect(upstream.lastError).toBe('did not start within 10 s');
    expect(events).toEqual(['starting', 'backoff']);
    await upstream.stop();
  });
});

describe('Upstream backoff', () => {
  it('restarts a failing server after 1 s, 2 s, 4 s, capped at maxMs, and is crashed after maxAttempts with the reason', async () => {
    const { fake, events, upstream } = upstreamFixture({ backoff: { baseMs: 1000, maxMs: 4000, maxAttempts: 5 } });
    fake.plan('srv', ...Array.from({ length: 10 }, () => new Error('exec failed: no such file')));
    const t0 = Date.now();
    upstream.start();
    await vi.advanceTimersByTimeAsync(60_000);

    const delays = fake.attempts.map((a) => a.at - t0).map((at, i, all) => (i === 0 ? at : at - all[i - 1]!));
    expect(delays, 'delay before each attempt (the first is immediate)').toEqual([0, 1000, 2000, 4000, 4000]);
    expect(upstream.state).toBe('crashed');
    expect(upstream.lastError).toBe('exec failed: no such file');
    expect(upstream.unavailableReason()).toBe('Server "srv" has crashed and was not restarted: exec failed: no such file.');
    expect(events).toEqual(['starting', 'backoff', 'starting', 'backoff', 'starting', 'backoff', 'starting', 'backoff', 'starting', 'crashed']);
    expect(upstream.log.tail().at(-1)).toContain('gave up after 5 attempts');
  });

  it('waits exactly the backoff delay: not a millisecond sooner', async () => {
    const { fake, upstream } = upstreamFixture();
    fake.plan('srv', new Error('boom'), new Error('boom'));
    upstream.start();
    await settle();
    expect(upstream.state).toBe('backoff');
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.count(), 'attempts before the 1 s delay is over').toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.count(), 'attempts once 1 s passed').toBe(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(fake.count(), 'attempts before the 2 s delay is over').toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.count()).toBe(3);
    expect(upstream.state, 'the third attempt succeeds').toBe('running');
    await upstream.stop();
  });

  it('a server that stays up for 60 s has recovered: its next crash starts the backoff afresh', async () => {
    const { fake, upstream } = upstreamFixture({ backoff: { baseMs: 1000, maxMs: 30_000, maxAttempts: 3 } });
    fake.plan('srv', new Error('boom'), new Error('boom'), 'ok', 'ok');
    upstream.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(upstream.state, 'third attempt').toBe('running');

    await vi.advanceTimersByTimeAsync(60_000);
    await fake.latest('srv').crash();
    await settle();
    expect(upstream.state, 'two failures before a minute up must not count against maxAttempts 3').toBe('backoff');
    expect(upstream.lastError).toBe('the connection closed');
    const crashedAt = Date.now();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.attempts.at(-1)?.at, 'the first delay again (1 s), not the fourth').toBe(crashedAt + 1000);
    expect(upstream.state).toBe('running');
    await upstream.stop();
  });

  it('a server that crashes within 60 s of starting keeps counting its failures', async () => {
    const { fake, upstream } = upstreamFixture({ backoff: { baseMs: 1000, maxMs: 30_000, maxAttempts: 3 } });
    fake.plan('srv', new Error('boom'), new Error('boom'), 'ok');
    upstream.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(upstream.state).toBe('running');

    await vi.advanceTimersByTimeAsync(59_000);
    await fake.latest('srv').crash();
    await settle();
    expect(upstream.state, 'third failure in a row with maxAttempts 3').toBe('crashed');
    expect(upstream.lastError).toBe('the connection closed');
  });

  it('connectionLost while running restarts the server (after the first backoff delay)', async () => {
    const { fake, events, upstream } = upstreamFixture();
    upstream.start();
    await settle();
    const first = fake.latest('srv');
    upstream.connectionLost('fetch failed: ECONNRESET');
    expect(upstream.state).toBe('backoff');
    expect(upstream.lastError).toBe('fetch failed: ECONNRESET');
    expect(upstream.client, 'no client while waiting to restart').toBeUndefined();
    await settle();
    expect(first.closed, 'the old connection is closed').toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(upstream.state).toBe('running');
    expect(fake.count()).toBe(2);
    expect(upstream.lastError, 'cleared once it runs again').toBeUndefined();
    expect(events).toEqual(['starting', 'running', 'catalog:echo', 'backoff', 'starting', 'running', 'catalog:echo']);
    await upstream.stop();
  });

  it('connectionLost is ignored unless running', async () => {
    const { fake, upstream } = upstreamFixture();
    const gate = new Gate();
    fake.plan('srv', gate);
    upstream.start();
    await settle();
    upstream.connectionLost('late report from an old call');
    expect(upstream.state).toBe('starting');
    gate.resolve();
    await settle();
    expect(upstream.state).toBe('running');
    await upstream.stop();
  });
});

describe('Upstream stop during a start', () => {
  it('wins: state stays stopped, waiters are rejected with "was stopped", the late client is closed', async () => {
    const { fake, events, upstream } = upstreamFixture();
    const gate = new Gate();
    fake.plan('srv', gate);
    upstream.start();
    await settle();
    const ready = observe(upstream.whenReady(30_000));

    await upstream.stop();
    expect(upstream.state).toBe('stopped');
    await settle();
    expect(ready.state, 'a waiter of the start that was stopped').toBe('rejected');
    expect(ready.error?.message).toBe('Server "srv" was stopped.');

    gate.resolve();
    await settle();
    expect(fake.servers, 'the late start did connect').toHaveLength(1);
    expect(fake.servers[0]!.closed, 'the late start’s connection must be closed').toBe(true);
    expect(upstream.state, 'a late connect must not revive a stopped server').toBe('stopped');
    expect(upstream.client).toBeUndefined();
    expect(events, 'no state or catalog after the stop').toEqual(['starting', 'stopped']);
  });

  it('wins while the server lists its tools: the pending client is closed at once', async () => {
    const { fake, events, upstream } = upstreamFixture();
    const listing = new Gate<ReturnType<typeof tool>[]>();
    fake.tools = () => listing.promise;
    upstream.start();
    await settle();
    expect(fake.servers, 'connected, waiting for tools/list').toHaveLength(1);
    await upstream.stop();
    await settle();
    expect(fake.servers[0]!.closed, 'stop closes the client of the start in progress').toBe(true);
    listing.resolve([tool('echo')]);
    await settle();
    expect(upstream.state).toBe('stopped');
    expect(upstream.catalog).toBeUndefined();
    expect(events).toEqual(['starting', 'stopped']);
  });

  it('a late connect of a start overtaken by stop + start does not disturb the new connection', async () => {
    const { fake, upstream } = upstreamFixture();
    const gate = new Gate();
    fake.plan('srv', gate, 'ok');
    upstream.start();
    await settle();
    await upstream.stop();
    upstream.start();
    await settle();
    expect(upstream.state, 'the second start').toBe('running');
    const live = fake.latest('srv');

    gate.resolve();
    await settle();
    expect(fake.servers.find((s) => s !== live)?.closed, 'the first start’s late connection is closed').toBe(true);
    expect(live.closed, 'the second start’s connection must stay open').toBe(false);
    expect(upstream.state, 'closing the stale client must not count as losing the live one').toBe('running');
    expect(fake.count(), 'no restart').toBe(2);
    await upstream.stop();
  });

  it('a start that timed out and connects later has its client closed, and the restart that followed keeps running', async () => {
    const { fake, upstream } = upstreamFixture({ startTimeoutMs: 10_000 });
    const slow = new Gate();
    fake.plan('srv', slow, 'ok');
    upstream.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(upstream.lastError).toBe('did not start within 10 s');
    await vi.advanceTimersByTimeAsync(1000);
    expect(upstream.state, 'the restart after 1 s').toBe('running');
    const live = fake.latest('srv');

    slow.resolve();
    await settle();
    const late = fake.servers.find((s) => s !== live);
    expect(late, 'the timed-out start did connect in the end').toBeDefined();
    expect(late!.closed, 'nobody uses the timed-out start’s client: it must be closed, not leaked').toBe(true);
    expect(live.closed, 'the live connection must stay open').toBe(false);
    expect(upstream.state).toBe('running');
    expect(fake.count(), 'no further restart').toBe(2);
    await upstream.stop();
  });

  it('a stop during backoff cancels the restart', async () => {
    const { fake, upstream } = upstreamFixture();
    fake.plan('srv', new Error('boom'));
    upstream.start();
    await settle();
    expect(upstream.state).toBe('backoff');
    await upstream.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.count(), 'no attempt after the stop').toBe(1);
    expect(upstream.state).toBe('stopped');
  });
});

describe('Upstream.whenReady', () => {
  it('resolves with the client once running', async () => {
    const { upstream } = upstreamFixture();
    upstream.start();
    const ready = observe(upstream.whenReady(30_000));
    await settle();
    expect(ready.state, 'a waiter of a start that succeeded').toBe('resolved');
    expect(ready.value).toBe(upstream.client);
    await expect(upstream.whenReady(1), 'already running: at once').resolves.toBe(upstream.client);
    await upstream.stop();
  });

  it('rejects with the reason of the start it waited for, as soon as that start fails (not after the timeout)', async () => {
    const { fake, upstream } = upstreamFixture();
    const gate = new Gate();
    fake.plan('srv', gate);
    upstream.start();
    const t0 = Date.now();
    const ready = observe(upstream.whenReady(30_000));
    await vi.advanceTimersByTimeAsync(2000);
    gate.reject(new Error('the server said: bad config'));
    await settle();
    expect(ready.state, 'a waiter is told as soon as the start it waited for fails').toBe('rejected');
    expect(Date.now() - t0, 'rejected when the start failed, 2 s in').toBe(2000);
    expect(ready.error?.message).toBe('Server "srv" is waiting to restart: the server said: bad config.');
    await upstream.stop();
  });

  it('rejects at once when stopped, crashed or keychain-locked', async () => {
    const stopped = upstreamFixture().upstream;
    await expect(stopped.whenReady(30_000)).rejects.toThrow('Server "srv" is not running.');

    const { fake, upstream: crashed } = upstreamFixture({ backoff: { baseMs: 1000, maxMs: 1000, maxAttempts: 1 } });
    fake.plan('srv', new Error('boom'));
    crashed.start();
    await settle();
    expect(crashed.state).toBe('crashed');
    await expect(crashed.whenReady(30_000)).rejects.toThrow('Server "srv" has crashed and was not restarted: boom.');

    const { upstream: locked } = upstreamFixture({ resolveSecrets: () => Promise.reject(new Error('The keychain is locked.')) });
    locked.start();
    await settle();
    expect(locked.state).toBe('keychain-locked');
    await expect(locked.whenReady(30_000)).rejects.toThrow(/^Server "srv" cannot start: The keychain is locked; then restart it/);
  });

  it('times out with a message that names the state and the last error (starting)', async () => {
    const { fake, upstream } = upstreamFixture({ startTimeoutMs: 60_000 });
    fake.plan('srv', new Error('boom'), 'hang');
    upstream.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(upstream.state, 'second attempt, hanging').toBe('starting');
    const ready = observe(upstream.whenReady(5000));
    await vi.advanceTimersByTimeAsync(4999);
    expect(ready.state, 'before its 5 s are up').toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(ready.error?.message).toBe('Server "srv" did not become ready within 5 s (starting: boom)');
    await upstream.stop();
  });

  it('times out with a message that names the state (waiting to restart) and the last error', async () => {
    const { fake, upstream } = upstreamFixture({ backoff: { baseMs: 20_000, maxMs: 20_000, maxAttempts: 5 } });
    fake.plan('srv', new Error('boom'));
    upstream.start();
    await settle();
    expect(upstream.state).toBe('backoff');
    const ready = observe(upstream.whenReady(3000));
    await vi.advanceTimersByTimeAsync(3000);
    expect(ready.error?.message).toBe('Server "srv" did not become ready within 3 s (waiting to restart: boom)');
    await upstream.stop();
  });

  it('a waiter that timed out is not resolved later by a start that succeeds', async () => {
    const { fake, upstream } = upstreamFixture();
    const gate = new Gate();
    fake.plan('srv', gate);
    upstream.start();
    const ready = observe(upstream.whenReady(1000));
    await vi.advanceTimersByTimeAsync(1000);
    expect(ready.state).toBe('rejected');
    gate.resolve();
    await settle();
    expect(upstream.state).toBe('running');
    expect(ready.state).toBe('rejected');
    await upstream.stop();
  });
});

describe('Upstream keychain', () => {
  it('a keychain failure goes to keychain-locked with its sentence, without retrying', async () => {
    let reads = 0;
    const { fake, events, upstream } = upstreamFixture({
      resolveSecrets: () => {
        reads++;
        return Promise.reject(new Error('The keychain has no value for TOKEN of server "srv" (or it is locked).'));
      },
    });
    upstream.start();
    const ready = observe(upstream.whenReady(30_000));
    await settle();
    expect(upstream.state).toBe('keychain-locked');
    expect(upstream.lastError).toBe('The keychain has no value for TOKEN of server "srv" (or it is locked)');
    expect(ready.error?.message).toBe(upstream.unavailableReason());
    expect(fake.servers, 'nothing was started without the secrets').toHaveLength(0);

    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(reads, 'the keychain is not asked again and again').toBe(1);
    expect(events).toEqual(['starting', 'keychain-locked']);
  });

  it('start() after the keychain was unlocked tries again', async () => {
    let locked = true;
    const { upstream } = upstreamFixture({
      resolveSecrets: async () => {
        if (locked) throw new Error('locked');
        return { env: {}, headers: {} };
      },
    });
    upstream.start();
    await settle();
    expect(upstream.state).toBe('keychain-locked');
    locked = false;
    upstream.start();
    await settle();
    expect(upstream.state).toBe('running');
    await upstream.stop();
  });

  it('a stop while the secrets are read leaves nothing started', async () => {
    const secrets = new Gate<{ env: Record<string, string>; headers: Record<string, string> }>();
    const { fake, events, upstream } = upstreamFixture({ resolveSecrets: () => secrets.promise });
    upstream.start();
    await settle();
    await upstream.stop();
    secrets.resolve({ env: {}, headers: {} });
    await settle();
    expect(fake.servers).toHaveLength(0);
    expect(upstream.state).toBe('stopped');
    expect(events).toEqual(['starting', 'stopped']);
  });
});
