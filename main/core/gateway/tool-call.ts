import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ElicitationAnswer } from '../consent/consent-gate.js';
import { CALLER_META, CALL_ID_META } from '../a2a/call-meta.js';
import { CallRecord } from './call-record.js';
import type { GatewayContext } from './context.js';
import { AnyResult, ProgressRelay, type CallChannel, type InFlight, type Session } from './in-flight.js';
import { isConnectionError, signInProblem, stripMcpPrefix } from './upstream-errors.js';
import type { UpstreamConnection } from '../upstream/upstream.js';
import { upstreamCaller } from './forward.js';

/** A call may run this long in all, however much progress it reports. */
const MAX_CALL_MS = 3_600_000;

type CallParams = { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> };

/**
 * One tools/call, top to bottom: route → rate limits → the server, up → consent on its live definition → forward
 * (progress and cancellation both ways, roots of the calling client) → result, recorded throughout.
 * Hidden and unknown tools take the same path out, so a guessed name learns nothing.
 */
export async function callTool(ctx: GatewayContext, session: Session, params: CallParams, channel: CallChannel): Promise<CallToolResult> {
  // A client may call a tool it knows before it listed (right after the first start): wait for the list.
  // A tool outside the client's profile is, for this client, an unknown tool (see client-views.ts).
  if (!ctx.views.of(session.client).tool(params.name)) await ctx.firstListing();
  const route = ctx.views.of(session.client).tool(params.name);
  const upstream = route && ctx.upstreams.get(route.server);
  if (!route || !upstream) throw new McpError(ErrorCode.InvalidParams, `Tool ${params.name} not found`);

  const started = performance.now();
  const record = new CallRecord(
    ctx.toolCalls,
    { kind: 'tool', client: session.client, server: route.server, name: route.original, arguments: params.arguments, secrets: upstream.secretNeedles.list() },
    ctx.recorded,
    (line) => upstream.log.note(line),
  );
  const finish = (status: 'ok' | 'error' | 'denied' | 'cancelled' | 'rate-limited', error?: string, result?: unknown) => record.finish(status, performance.now() - started, error, result);
  const flight: InFlight = { session, channel, relayed: Promise.resolve() };
  const progress = new ProgressRelay(flight, progressToken(params._meta));

  // No record, no call: the audit trail fails closed (a full disk, a lock held past the retries).
  try {
    await record.open();
  } catch (e) {
    return errorResult(`Agent Hub could not record this call, so it was not made: ${(e as Error).message}`);
  }
  channel.recorded?.(record.recordId);

  // Before the server and consent: a limited call neither waits for a start nor prompts the user.
  const limited = ctx.limiter.take({ client: session.client, server: route.server, tool: route.original });
  if (!limited.ok) {
    finish('rate-limited', limited.message);
    return errorResult(limited.message);
  }

  // The server first: consent is decided on the definition the server publishes now, never on the
  // catalog saved at the last run (a tool changed while the hub was down must not run unasked).
  let client: UpstreamConnection;
  const waitedFrom = performance.now();
  try {
    client = await ctx.ready(upstream);
    record.phase('serverMs', performance.now() - waitedFrom);
  } catch (e) {
    record.phase('serverMs', performance.now() - waitedFrom);
    const message = (e as Error).message;
    finish('error', message);
    return errorResult(`${message.replace(/\.$/, '')}; the call was not made.`);
  }
  const tool = upstream.tool(route.original);
  if (!tool) {
    finish('error', `server "${route.server}" no longer offers this tool`);
    throw new McpError(ErrorCode.InvalidParams, `Tool ${params.name} not found`);
  }

  const asked = performance.now();
  const decision = await ctx.consent.decide({
    callId: record.recordId,
    client: session.client,
    sessionId: session.id,
    server: route.server,
    tool: route.original,
    definition: tool,
    arguments: params.arguments,
    signal: channel.signal,
    waiting: (message) => progress.send({ progress: 0, message }),
    ...(canElicitForm(session)
      ? { askClient: async (elicitation, signal) => (await channel.sendRequest({ method: 'elicitation/create', params: elicitation }, AnyResult, { signal })) as unknown as ElicitationAnswer }
      : {}),
  });
  record.phase('consentMs', performance.now() - asked);
  record.decided(decision.by);
  if (!decision.allow) {
    finish(channel.signal.aborted ? 'cancelled' : 'denied', decision.message);
    return errorResult(decision.message);
  }

  // Progress keeps the call alive; the server gets a token of ours, mapped back to the client's.
  const idle = ctx.callTimeoutMs;
  const stop = new AbortController();
  let stalled = false;
  const timer = setTimeout(() => {
    stalled = true;
    stop.abort();
  }, idle);
  // One listener, removed at the end: AbortSignal.any would keep every call's signals alive.
  const onCancel = () => stop.abort(channel.signal.reason);
  channel.signal.addEventListener('abort', onCancel, { once: true });
  const token = upstream.nextProgressToken();
  const unwatch = upstream.watchProgress(token, (p) => {
    timer.refresh();
    progress.send(p);
  });
  ctx.inFlight.add(route.server, flight);
  try {
    // A server that uses roots gets the calling client's (see roots-owners.ts).
    await ctx.roots.claim(upstream.name, session, () => client.sendRootsListChanged());
    // The hub's own A2A servers learn who calls (tasks belong to the client that started them); set
    // after the client's _meta, so a client cannot claim to be another.
    const caller = upstream.config.transport === 'a2a' ? { [CALLER_META]: session.client, [CALL_ID_META]: record.recordId } : {};
    const sent = performance.now();
    const pending = client.request(
      { method: 'tools/call', params: { name: route.original, arguments: params.arguments, _meta: { ...params._meta, progressToken: token, ...caller } } },
      AnyResult,
      // A 2026-07-28 server learns the caller's capabilities and log level, and asks it for input through it.
      { signal: stop.signal, timeout: MAX_CALL_MS, caller: upstreamCaller(session, channel) },
    );
    const result = await pending.finally(() => record.phase('upstreamMs', performance.now() - sent));
    await flight.relayed;
    finish(result.isError ? 'error' : 'ok', result.isError ? firstText(result) : undefined, result);
    return result as CallToolResult;
  } catch (e) {
    if (channel.signal.aborted) {
      finish('cancelled');
      throw e;
    }
    const message = stalled ? `no answer and no progress for ${Math.round(idle / 1000)} s` : stripMcpPrefix((e as Error).message);
    const signIn = signInProblem(upstream, e);
    if (signIn) {
      finish('error', signIn);
      return errorResult(signIn);
    }
    finish('error', message);
    // An error the server itself returned goes back as it came; a lost connection becomes a tool error.
    if (!stalled && e instanceof McpError && e.code !== ErrorCode.ConnectionClosed && e.code !== ErrorCode.RequestTimeout) {
      throw new McpError(e.code, message, e.data);
    }
    if (isConnectionError(e)) upstream.connectionLost(message);
    return errorResult(`Server "${route.server}" failed during the call: ${message}`);
  } finally {
    clearTimeout(timer);
    channel.signal.removeEventListener('abort', onCancel);
    unwatch();
    ctx.inFlight.delete(route.server, flight);
  }
}

/** Whether a session can be asked a form-mode elicitation: `elicitation: {}` means form (2025-06-18). */
export function canElicitForm(session: Session): boolean {
  const elicitation = session.server.getClientCapabilities()?.elicitation as Record<string, unknown> | undefined;
  return elicitation !== undefined && (elicitation.form !== undefined || Object.keys(elicitation).length === 0);
}

function progressToken(meta: Record<string, unknown> | undefined): string | number | undefined {
  const token = meta?.progressToken;
  return typeof token === 'string' || typeof token === 'number' ? token : undefined;
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function firstText(result: Record<string, unknown>): string | undefined {
  const content = result.content as { type: string; text?: string }[] | undefined;
  return content?.find((c) => c.type === 'text')?.text?.slice(0, 500);
}
