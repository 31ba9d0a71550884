import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Upstream } from '../upstream/upstream.js';

/** The SDK prefixes "MCP error N: " to every error it receives; passing one on must not stack them. */
export function stripMcpPrefix(message: string): string {
  return message.replace(/^(MCP error -?\d+: )+/, '');
}

/**
 * A request that failed for want of a sign-in, as one sentence for the client; undefined otherwise. A
 * lost or refused grant (401) puts the server in sign-in-needed; a 403 for more scopes concerns only
 * what was called, so the server keeps running for everything else.
 */
export function signInProblem(upstream: Upstream, e: unknown): string | undefined {
  const auth = upstream.auth;
  if (!auth) return undefined;
  const code = (e as { code?: unknown }).code;
  const unauthorized = (e as Error).name === 'UnauthorizedError' || code === 401;
  if (auth.stepUp && (code === 403 || unauthorized)) {
    const scope = auth.stepUp.scope ? ` (${auth.stepUp.scope})` : '';
    return `Server "${upstream.name}" needs more permissions for this${scope}: run "agent-hub login ${upstream.name}" or press Sign in on the Servers page, then try again.`;
  }
  if (!auth.signInNeeded || !(unauthorized || /needs you to sign in/.test((e as Error).message))) return undefined;
  upstream.signInRequired();
  return upstream.unavailableReason();
}

/** The connection to an HTTP server is gone (it restarted and forgot our session, or is unreachable). */
export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return (e instanceof TypeError && /fetch/i.test(e.message)) || code === 404 || code === ErrorCode.ConnectionClosed;
}
