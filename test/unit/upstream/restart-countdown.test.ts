import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settle, upstreamFixture } from './upstream-fixture.js';

/*
 * What the UI's countdown reads (Upstream.restarts, then Gateway.status's `restart`): failed starts in a
 * row, the limit, and when the next start is due, only while the server waits to restart.
 */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Upstream restarts', () => {
  it('counts failed starts and says when the next one is due while it waits; nothing due once it gave up or runs', async () => {
    const { fake, upstream } = upstreamFixture({ backoff: { baseMs: 1000, maxMs: 4000, maxAttempts: 3 } });
    fake.plan('srv', new Error('boom'), new Error('boom'), new Error('boom'));
    expect(upstream.restarts).toEqual({ attempts: 0, maxAttempts: 3, nextAt: undefined });
    upstream.start();
    await settle();
    const t1 = Date.now();
    expect(upstream.state).toBe('backoff');
    expect(upstream.restarts).toEqual({ attempts: 1, maxAttempts: 3, nextAt: t1 + 1000 });

    await vi.advanceTimersByTimeAsync(1000);
    expect(upstream.state).toBe('backoff');
    expect(upstream.restarts).toEqual({ attempts: 2, maxAttempts: 3, nextAt: Date.now() + 2000 });

    await vi.advanceTimersByTimeAsync(2000);
    expect(upstream.state).toBe('crashed');
    expect(upstream.restarts).toEqual({ attempts: 3, maxAttempts: 3, nextAt: undefined });
  });

  it('a start again (restart, enable) begins the count afresh, and a running server has nothing due', async () => {
    const { fake, upstream } = upstreamFixture();
    fake.plan('srv', new Error('boom'));
    upstream.start();
    await settle();
    expect(upstream.restarts.attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(upstream.state).toBe('running');
    expect(upstream.restarts.nextAt).toBeUndefined();
    await upstream.stop();
    upstream.start();
    expect(upstream.restarts.attempts).toBe(0);
    await settle();
    await upstream.stop();
  });
});
