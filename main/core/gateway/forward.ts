import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamCaller } from '../upstream/upstream.js';
import type { RequestKind } from '../store/tool-calls-repo.js';
import { CallRecord } from './call-record.js';
import type { GatewayContext } from './context.js';
import { AnyResult, type CallChannel, type InFlight, type Session } from './in-flight.js';
import { isConnectionError, signInProblem, stripMcpPrefix } from './upstream-errors.js';

/** A request other than tools/call that goes to one server: what it is, for the record. */
export interface ForwardedRequest {
  kind: Exclude<RequestKind, 'tool'>;
  /** The resource URI, the prompt's own name, or what is completed. */
  name: string;
}

/**
 * A request for the server that serves a resource, prompt or completion, top to bottom: record (fails
 * closed, like a tool call) → a rule that denies the whole server to this client → the server, up →
 * the calling client's roots → forward → outcome recorded. These never prompt. `what` null: a
 * bookkeeping request (a subscription) that is not recorded.
 */
export async function forwardRequest(
  ctx: GatewayContext,
  session: Session,
  server: string | undefined,
  method: string,
  params: Record<string, unknown>,
  channel: CallChannel,
  what: ForwardedRequest | null,
  notFound: () => McpError,
): Promise<Record<string, unknown>> {
  const upstream = server === undefined ? undefined : ctx.upstreams.get(server);
  if (!upstream) throw notFound();
  const started = performance.now();
  const { _meta: _, ...args } = params;
  const record =
    what &&
    new CallRecord(ctx.toolCalls, { kind: what.kind, client: session.client, server: upstream.name, name: what.name, arguments: args, secrets: upstream.secretNeedles.list() }, ctx.recorded, (line) =>
      upstream.log.note(line),
    );
  const finish = (status: 'ok' | 'error' | 'denied' | 'cancelled', error?: string, result?: unknown) => record?.finish(status, performance.now() - started, error, result);
  await record?.open().catch((e: Error) => {
    throw new McpError(ErrorCode.InternalError, `Agent Hub could not record this request, so it was not made: ${e.message}`);
  });
  if (record) channel.recorded?.(record.recordId);
  const denied = ctx.consent.deniesServer?.(session.client, session.id, upstream.name);
  if (denied) {
    record?.decided(denied.by);
    finish('denied', denied.message);
    throw new McpError(ErrorCode.InvalidRequest, denied.message);
  }
  const waitedFrom = performance.now();
  const client = await ctx.ready(upstream).then(
    (c) => {
      record?.phase('serverMs', performance.now() - waitedFrom);
      return c;
    },
    (e: Error) => {
      record?.phase('serverMs', performance.now() - waitedFrom);
      finish('error', e.message);
      throw new McpError(ErrorCode.InternalError, e.message);
    },
  );
  const flight: InFlight = { session, channel, relayed: Promise.resolve() };
  ctx.inFlight.add(upstream.name, flight);
  try {
    await ctx.roots.claim(upstream.name, session, () => client.sendRootsListChanged());
    const sent = performance.now();
    const result = await client.request({ method, params } as never, AnyResult, { signal: channel.signal, caller: upstreamCaller(session, channel) }).finally(() => record?.phase('upstreamMs', performance.now() - sent));
    await flight.relayed;
    finish('ok', undefined, result);
    return result;
  } catch (e) {
    if (channel.signal.aborted) {
      finish('cancelled');
      throw e;
    }
    const signIn = signInProblem(upstream, e);
    finish('error', signIn ?? stripMcpPrefix((e as Error).message));
    if (signIn) throw new McpError(ErrorCode.InternalError, signIn);
    if (isConnectionError(e)) upstream.connectionLost((e as Error).message);
    if (e instanceof McpError) throw new McpError(e.code, stripMcpPrefix(e.message), e.data);
    throw e;
  } finally {
    ctx.inFlight.delete(upstream.name, flight);
  }
}

/**
 * The calling client as an upstream sees it: its capabilities and log level, which a 2026-07-28 server
 * gets in each request's envelope, and the way to ask it for input (a server's input_required round):
 * through the request's own channel, so a 2025 client gets a real server-initiated request and a
 * 2026-07-28 client an input_required result of the hub's own.
 */
export function upstreamCaller(session: Session, channel: CallChannel): UpstreamCaller {
  return {
    capabilities: session.server.getClientCapabilities(),
    logLevel: session.logLevel,
    ask: (request, signal) => channel.sendRequest(request, AnyResult, { signal }),
  };
}
