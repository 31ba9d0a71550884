import { z } from 'zod';
import { NameSchema } from './config.js';

/** A limit's calls per minute: at least one (zero would be a deny rule, which consent already has). */
export const MAX_PER_MINUTE = 100_000;

/**
 * A rate limit: calls per minute, as a token bucket, for a client, a server or agent, a tool of it, or
 * any mix (null matches every one). A limit is one bucket: a limit without a client is shared by all
 * clients together, not one bucket each.
 */
export interface RateLimitView {
  id: number;
  client: string | null;
  /** A server or an agent. */
  server: string | null;
  /** The server's own tool name (`send_message` for an agent); only with a server. */
  tool: string | null;
  perMinute: number;
  createdAt: string;
}

/** What `limit set` and the Consent page send; the same scope again replaces its number. */
export const RateLimitInputSchema = z
  .object({
    client: NameSchema.optional(),
    server: NameSchema.optional(),
    tool: z.string().min(1).max(256).optional(),
    perMinute: z.number().int().min(1).max(MAX_PER_MINUTE),
    /** Set it for a client, server or tool that does not exist (yet). */
    force: z.boolean().optional(),
  })
  .strict();
export type RateLimitInput = z.input<typeof RateLimitInputSchema>;

/** The limit in words, for the CLI, the page and the sentence a refused call gets. */
export function describeLimit(limit: Pick<RateLimitView, 'client' | 'server' | 'tool' | 'perMinute'>): string {
  const who = limit.client === null ? 'all clients together' : `client "${limit.client}"`;
  const calls = limit.perMinute === 1 ? '1 call' : `${limit.perMinute} calls`;
  const to = limit.server === null ? ' in all' : limit.tool === null ? ` to "${limit.server}"` : ` to "${limit.tool}" of "${limit.server}"`;
  return `${who} may make ${calls} a minute${to}`;
}
