import { z } from 'zod';

export const CallStatuses = ['running', 'ok', 'error', 'denied', 'cancelled', 'interrupted', 'rate-limited'] as const;
export type CallStatus = (typeof CallStatuses)[number];
export type CallKind = 'tool' | 'resource' | 'prompt' | 'completion' | 'a2a';

/** One tool call on the timeline: requested → consent → upstream → result. */
export interface ToolCallView {
  id: number;
  /**
   * A tool call, or a resource read, prompt get or completion (their name/URI is in `tool`), or a
   * request to an agent through the hub's A2A front door (the agent in `server`, the method in `tool`).
   */
  kind: CallKind;
  client: string;
  server: string;
  tool: string;
  arguments: string;
  status: CallStatus;
  startedAt: string;
  durationMs: number | null;
  error: string | null;
  decision: string | null;
}

export const ToolCallFilterSchema = z
  .object({
    client: z.string().max(64).optional(),
    server: z.string().max(64).optional(),
    status: z.enum(CallStatuses).optional(),
    /** ISO time: only calls started at or after it. */
    since: z.string().datetime().optional(),
    limit: z.number().int().min(1).max(50_000).default(10_000),
  })
  .strict();
export type ToolCallFilter = z.input<typeof ToolCallFilterSchema>;
