import type { ClientCapabilities, InputRequest, ServerContext } from '@modelcontextprotocol/server';
import { inputRequired } from '@modelcontextprotocol/server';

/**
 * Between the gateway's requests of a client (elicitation, sampling, roots: what servers and the
 * consent service ask through a CallChannel) and MCP 2026-07-28, where they travel as the input
 * requests of an `input_required` result and notifications ride the stream of the request they belong to.
 */

const LEVELS = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);

/**
 * A notification for the client on the stream of one of its requests. Progress carries that request's
 * own token (each round of a call has its own); log messages go out only at or above the request's
 * logLevel, and not at all without one, as 2026-07-28 says.
 */
export async function sendOnStream(ctx: ServerContext, n: { method: string; params?: unknown }): Promise<void> {
  const params = (n.params ?? {}) as Record<string, unknown>;
  if (n.method === 'notifications/progress') {
    const token = ctx.mcpReq._meta?.progressToken;
    if (token !== undefined) await ctx.mcpReq.notify({ method: n.method, params: { ...params, progressToken: token } } as never);
    return;
  }
  if (n.method === 'notifications/message') {
    const level = String(params.level);
    if (LEVELS.has(level)) await ctx.mcpReq.log(level as never, params.data, params.logger as string | undefined);
    return;
  }
  await ctx.mcpReq.notify(n as never);
}

/** Whether declared capabilities cover a request (the SDK's rule for embedded input requests). */
export function covers(caps: ClientCapabilities, request: { method: string; params?: unknown }): boolean {
  const params = (request.params ?? {}) as Record<string, unknown>;
  switch (request.method) {
    case 'elicitation/create': {
      const e = caps.elicitation as Record<string, unknown> | undefined;
      if (e === undefined) return false;
      if (params.mode === 'url') return e.url !== undefined;
      return e.form !== undefined || e.url === undefined;
    }
    case 'sampling/createMessage':
      return caps.sampling !== undefined && (params.tools === undefined && params.toolChoice === undefined ? true : (caps.sampling as Record<string, unknown>).tools !== undefined);
    case 'roots/list':
      return caps.roots !== undefined;
    default:
      return false;
  }
}

/** A server's request of the client, as an input request of 2026-07-28 (built with the SDK's builders). */
export function toInputRequest(request: { method: string; params?: unknown }): InputRequest {
  const { _meta: _, ...params } = (request.params ?? {}) as Record<string, unknown>;
  switch (request.method) {
    case 'roots/list':
      return inputRequired.listRoots();
    case 'sampling/createMessage':
      return inputRequired.createMessage(params as never);
    case 'elicitation/create': {
      // URL mode carries no elicitationId in 2026-07-28: the parked call is what correlates the answer.
      if (params.mode === 'url') {
        const { elicitationId: _id, mode: _mode, ...url } = params;
        return inputRequired.elicitUrl(url as never);
      }
      return inputRequired.elicit(params as never);
    }
    default:
      return { method: request.method, params } as InputRequest;
  }
}
