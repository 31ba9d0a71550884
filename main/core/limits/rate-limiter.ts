import { performance } from 'node:perf_hooks';
import { describeLimit, type RateLimitView } from '../../../shared/limits.js';

const MINUTE_MS = 60_000;

/** Who calls what: the client, the server or agent, and the server's own tool name (or A2A method). */
export interface LimitRequest {
  client: string;
  server: string;
  tool: string;
}

export type TakeResult =
  | { ok: true }
  | {
      ok: false;
      /** How long until every matching limit has a token again. */
      retryAfterMs: number;
      /** The same wait in whole seconds, rounded up: the sentence's and an HTTP Retry-After's. */
      retryAfterSeconds: number;
      /** The limit that waits longest (the one the sentence names). */
      limit: RateLimitView;
      /** One sentence for the caller: which limit, and when to try again. */
      message: string;
    };

/** What the gateway (and the A2A front door) ask before a call. */
export interface CallLimiter {
  take(request: LimitRequest, now?: number): TakeResult;
}

/** For a gateway built without limits (unit tests of other parts). */
export const noRateLimits: CallLimiter = { take: () => ({ ok: true }) };

export interface RateLimiterOptions {
  /** Changes when another process (the CLI) writes hub.db: the limits are read again before the next call. */
  dataVersion?: () => number;
  /** Milliseconds on a monotonic clock (default performance.now), so a changed wall clock neither fills nor drains buckets. */
  clock?: () => number;
}

interface Bucket {
  perMinute: number;
  tokens: number;
  at: number;
}

/**
 * Token buckets, one per rate limit: capacity `perMinute`, refilled continuously at perMinute per 60 s,
 * full when the limit is made. A call takes one token from every limit that matches it (client ×
 * server × tool, null matching all) and is refused, taking nothing, when any of them has less than one.
 *
 * Limits are read from the repo once and kept; `changed()` (this process wrote them, or removed what
 * one names) or a new data version (the CLI wrote them) has them read again before the next call. A
 * limit whose number changed, or that is gone, loses its bucket; the others keep theirs.
 */
export class RateLimiter implements CallLimiter {
  private limits: RateLimitView[] = [];
  private readonly buckets = new Map<number, Bucket>();
  private stale = true;
  private version: number | undefined;
  private readonly dataVersion: () => number | undefined;
  private readonly clock: () => number;

  constructor(
    private readonly source: { list(): RateLimitView[] },
    options: RateLimiterOptions = {},
  ) {
    this.dataVersion = options.dataVersion ?? (() => undefined);
    this.clock = options.clock ?? (() => performance.now());
  }

  /** `now`: only for tests; it must be on the limiter's clock (see RateLimiterOptions.clock). */
  take(request: LimitRequest, now = this.clock()): TakeResult {
    this.refresh();
    const matching = this.limits.filter((l) => (l.client ?? request.client) === request.client && (l.server ?? request.server) === request.server && (l.tool ?? request.tool) === request.tool);
    if (matching.length === 0) return { ok: true };

    let worst: { limit: RateLimitView; waitMs: number } | undefined;
    const buckets = matching.map((limit) => {
      const bucket = this.bucketOf(limit, now);
      if (bucket.tokens < 1) {
        const waitMs = Math.max(1, Math.ceil(((1 - bucket.tokens) * MINUTE_MS) / limit.perMinute - 1e-6));
        if (!worst || waitMs > worst.waitMs) worst = { limit, waitMs };
      }
      return bucket;
    });
    if (worst) {
      const seconds = Math.ceil(worst.waitMs / 1000);
      return {
        ok: false,
        retryAfterMs: worst.waitMs,
        retryAfterSeconds: seconds,
        limit: worst.limit,
        message: `Rate limit: ${describeLimit(worst.limit)} (limit ${worst.limit.id}); try again in ${seconds} s.`,
      };
    }
    for (const bucket of buckets) bucket.tokens -= 1;
    return { ok: true };
  }

  /** The limits changed in this process (or something a limit names was removed): read them before the next call. */
  changed(): void {
    this.stale = true;
  }

  /** The limits in force now (as last read). */
  list(): readonly RateLimitView[] {
    this.refresh();
    return this.limits;
  }

  private refresh(): void {
    const version = this.dataVersion();
    if (!this.stale && version === this.version) return;
    this.version = version;
    this.stale = false;
    this.limits = this.source.list();
    const kept = new Map(this.limits.map((l) => [l.id, l.perMinute]));
    for (const [id, bucket] of this.buckets) if (kept.get(id) !== bucket.perMinute) this.buckets.delete(id);
  }

  /** The limit's bucket, refilled up to now (a new one is full). */
  private bucketOf(limit: RateLimitView, now: number): Bucket {
    let bucket = this.buckets.get(limit.id);
    if (!bucket) {
      bucket = { perMinute: limit.perMinute, tokens: limit.perMinute, at: now };
      this.buckets.set(limit.id, bucket);
      return bucket;
    }
    // A clock that went back (an injected `now` in a test) refills nothing.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(limit.perMinute, bucket.tokens + (elapsed * limit.perMinute) / MINUTE_MS);
    bucket.at = Math.max(bucket.at, now);
    return bucket;
  }
}
