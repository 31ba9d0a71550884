import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** Everything the consent decision may look at for one tools/call. */
export interface ToolCallRequest {
  /** Writes the call's timeline record now (if not yet written) and returns its id. */
  record(): number;
  client: string;
  sessionId: string;
  server: string;
  /** The server's own tool name. */
  tool: string;
  definition: Tool;
  arguments: unknown;
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
}

export type ConsentDecision = { allow: true; by: string } | { allow: false; by: string; message: string };

/**
 * The one hook between routing and the upstream call. The gateway calls decide() for every tools/call
 * and forwards the call only on { allow: true }; a denial becomes an isError tool result carrying
 * `message`, which the model can act on.
 */
export interface ConsentGate {
  decide(request: ToolCallRequest): ConsentDecision | Promise<ConsentDecision>;
}
