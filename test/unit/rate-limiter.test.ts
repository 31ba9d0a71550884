import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../main/core/limits/rate-limiter.js';
import type { RateLimitView } from '../../shared/limits.js';

/*
 * The token buckets over an in-memory list of limits and an injected clock (`now` in ms): refill,
 * several limits at once, a refusal that takes nothing, the exact wait, and reloading.
 */

let nextId = 1;
const limit = (perMinute: number, scope: Partial<Pick<RateLimitView, 'client' | 'server' | 'tool'>> = {}): RateLimitView => ({
  id: nextId++,
  client: scope.client ?? null,
  server: scope.server ?? null,
  tool: scope.tool ?? null,
  perMinute,
  createdAt: '2026-01-01T00:00:00.000Z',
});

function limiterOf(limits: RateLimitView[], version = { value: 0 }) {
  return new RateLimiter({ list: () => limits.map((l) => ({ ...l })) }, { dataVersion: () => version.value, clock: () => 0 });
}

const call = { client: 'cursor', server: 'github', tool: 'search' };

describe('the rate limiter', () => {
  it('lets a full bucket through, refuses the next call with the exact wait, and refills continuously', () => {
    const l = limit(3, { client: 'cursor', server: 'github' });
    const limiter = limiterOf([l]);
    for (let i = 0; i < 3; i++) expect(limiter.take(call, 0)).toEqual({ ok: true });
    expect(limiter.take(call, 0)).toEqual({
      ok: false,
      retryAfterMs: 20_000,
      retryAfterSeconds: 20,
      limit: l,
      message: `Rate limit: client "cursor" may make 3 calls a minute to "github" (limit ${l.id}); try again in 20 s.`,
    });
    // A quarter of a token after 5 s: the wait is what is left of it.
    expect(limiter.take(call, 5_000)).toMatchObject({ ok: false, retryAfterMs: 15_000, retryAfterSeconds: 15 });
    expect(limiter.take(call, 19_999)).toMatchObject({ ok: false, retryAfterMs: 1, retryAfterSeconds: 1 });
    expect(limiter.take(call, 20_000)).toEqual({ ok: true });
    expect(limiter.take(call, 20_000)).toMatchObject({ ok: false, retryAfterMs: 20_000 });
    // Never more than the capacity, however long it rested.
    for (let i = 0; i < 3; i++) expect(limiter.take(call, 3_600_000)).toEqual({ ok: true });
    expect(limiter.take(call, 3_600_000).ok).toBe(false);
  });

  it('rounds the seconds up, and says "1 call" and "in all"', () => {
    const l = limit(7);
    const limiter = limiterOf([l]);
    for (let i = 0; i < 7; i++) limiter.take(call, 0);
    const refused = limiter.take(call, 0);
    expect(refused).toMatchObject({ ok: false, retryAfterMs: 8572, retryAfterSeconds: 9 });
    expect(refused.ok === false && refused.message).toBe(`Rate limit: all clients together may make 7 calls a minute in all (limit ${l.id}); try again in 9 s.`);
    const one = limit(1, { server: 'github', tool: 'search' });
    const single = limiterOf([one]);
    single.take(call, 0);
    const second = single.take(call, 0);
    expect(second.ok === false && second.message).toBe(`Rate limit: all clients together may make 1 call a minute to "search" of "github" (limit ${one.id}); try again in 60 s.`);
  });

  it('takes a token from every matching limit, names the one that waits longest, and a refusal takes nothing', () => {
    const perServer = limit(2, { server: 'github' });
    const perTool = limit(60, { server: 'github', tool: 'search' });
    const perClient = limit(10, { client: 'cursor' });
    const limiter = limiterOf([perServer, perTool, perClient]);
    expect(limiter.take(call, 0).ok).toBe(true);
    expect(limiter.take({ ...call, tool: 'issues' }, 0).ok).toBe(true);
    // The server's bucket is empty; the tool's (59 left) and the client's (8 left) are not touched by refusals.
    for (let i = 0; i < 5; i++) expect(limiter.take(call, 0)).toMatchObject({ ok: false, limit: perServer, retryAfterMs: 30_000 });
    // Another server: only the client's limit matches, and it still has 8 tokens.
    for (let i = 0; i < 8; i++) expect(limiter.take({ ...call, server: 'slack' }, 0).ok).toBe(true);
    // Now both the server's and the client's are empty: the longer wait (the server's, 30 s vs 6 s) is named.
    expect(limiter.take(call, 0)).toMatchObject({ ok: false, limit: perServer, retryAfterMs: 30_000 });
    expect(limiter.take({ ...call, server: 'slack' }, 0)).toMatchObject({ ok: false, limit: perClient, retryAfterMs: 6_000 });
    // After 30 s the server has one token again (and the client five).
    expect(limiter.take(call, 30_000).ok).toBe(true);
    expect(limiter.take(call, 30_000)).toMatchObject({ ok: false, limit: perServer });
  });

  it('matches null columns to everything and named ones exactly', () => {
    const limiter = limiterOf([limit(1, { client: 'cursor', server: 'github', tool: 'search' })]);
    expect(limiter.take(call, 0).ok).toBe(true);
    expect(limiter.take({ ...call, client: 'claude' }, 0).ok).toBe(true);
    expect(limiter.take({ ...call, server: 'gitlab' }, 0).ok).toBe(true);
    expect(limiter.take({ ...call, tool: 'Search' }, 0).ok).toBe(true);
    expect(limiter.take(call, 0).ok).toBe(false);
  });

  it('reads the limits again when told or when the data version moves; a changed or removed limit starts with a full bucket', () => {
    const a = limit(1, { server: 'github' });
    const b = limit(1, { server: 'slack' });
    const limits = [a, b];
    const version = { value: 0 };
    const limiter = limiterOf(limits, version);
    const slack = { ...call, server: 'slack' };
    limiter.take(call, 0);
    limiter.take(slack, 0);
    expect(limiter.take(call, 0).ok).toBe(false);

    // Read only when told: a change nobody announced is not seen yet.
    limits[0] = { ...a, perMinute: 2 };
    expect(limiter.take(call, 0).ok).toBe(false);
    limiter.changed();
    expect(limiter.take(call, 0).ok).toBe(true);
    expect(limiter.take(call, 0).ok).toBe(true);
    expect(limiter.take(call, 0).ok).toBe(false);
    // The unchanged limit kept its (empty) bucket.
    expect(limiter.take(slack, 0).ok).toBe(false);

    // Another process removed it: the data version tells.
    limits.splice(0, 1);
    version.value++;
    expect(limiter.take(call, 0).ok).toBe(true);
    expect(limiter.list().map((l) => l.id)).toEqual([b.id]);
    // Back under the same id: a new, full bucket.
    limits.push({ ...a });
    limiter.changed();
    expect(limiter.take(call, 0).ok).toBe(true);
    expect(limiter.take(call, 0).ok).toBe(false);
  });

  it('lets everything through without limits', () => {
    const limiter = limiterOf([]);
    for (let i = 0; i < 1000; i++) expect(limiter.take(call, 0).ok).toBe(true);
  });
});
