import { ErrorCode, McpError, type ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { ProtocolError, Server, type Result, type ServerContext, type ServerOptions } from '@modelcontextprotocol/server';
import type { Gateway } from './gateway.js';
import type { CallChannel, Session, SessionPeer } from './in-flight.js';
import { sendOnStream } from './input-requests.js';
import type { ParkedCalls } from './parked-calls.js';
import { stripMcpPrefix } from './upstream-errors.js';

const RESOURCE_NOT_FOUND = -32002;
const CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';

/**
 * Lists vary per client (its profile), so they are private to it; they are short-lived because a
 * client without an open subscriptions/listen stream hears of no change. Reads are never cached.
 */
const CACHE_HINTS: ServerOptions['cacheHints'] = {
  'tools/list': { ttlMs: 2_000, cacheScope: 'private' },
  'prompts/list': { ttlMs: 2_000, cacheScope: 'private' },
  'resources/list': { ttlMs: 2_000, cacheScope: 'private' },
  'resources/templates/list': { ttlMs: 2_000, cacheScope: 'private' },
  'resources/read': { ttlMs: 0, cacheScope: 'private' },
  'server/discover': { ttlMs: 60_000, cacheScope: 'private' },
};

export interface ModernSessionDeps {
  gateway: Gateway;
  version: string;
  parked: ParkedCalls;
  /** Verifies the hub's requestState (createRequestStateCodec's verify: signed, bound to method and client). */
  verify: (state: string, ctx: ServerContext) => Promise<unknown>;
  /** The roots this client sent last (answers a server that asks outside the client's calls). */
  rootsOf: (sessionId: string) => unknown[] | undefined;
}

/** Who a modern request comes from: its client, and the "session" its client token stands for (see modern-endpoint.ts). */
export interface ModernCaller {
  client: string;
  sessionId: string;
}

/**
 * The MCP server one 2026-07-28 request is served by (the v2 SDK's low-level Server, built per request
 * by createMcpHandler). It answers exactly what createSessionServer answers a 2025 session, from the
 * same gateway functions: lists from the client's view of the catalog, calls through the one tool-call
 * pipeline (consent, limits, record), the rest routed to the server that owns the name or URI. What
 * the pipeline asks of the client goes back as an `input_required` result (see parked-calls.ts).
 */
export function createModernServer(deps: ModernSessionDeps, caller: ModernCaller): Server {
  const { gateway, parked } = deps;
  const server = new Server(
    { name: 'agent-hub', title: 'Agent Hub', version: deps.version },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { listChanged: true, subscribe: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
      instructions: 'Agent Hub publishes the tools of several MCP servers; a tool named "server__tool" belongs to that server.',
      cacheHints: CACHE_HINTS,
      requestState: { verify: deps.verify },
    },
  );
  const view = () => gateway.views.of(caller.client);
  const session = (ctx: ServerContext) => modernSession(caller, envelopeCapabilities(ctx.mcpReq.envelope), deps.rootsOf);

  server.setRequestHandler('tools/list', async () => {
    await gateway.firstListing();
    return { tools: view().tools } as never;
  });
  server.setRequestHandler('tools/call', (req, ctx) => {
    const { name, arguments: args } = req.params;
    return parked.serve(ctx, caller, 'tools/call', name, (channel) =>
      gateway.callTool(session(ctx), { name, ...(args ? { arguments: args } : {}), ...(ctx.mcpReq._meta ? { _meta: ctx.mcpReq._meta } : {}) }, channel),
    ) as never;
  });

  server.setRequestHandler('prompts/list', async () => {
    await gateway.firstListing();
    return { prompts: view().prompts } as never;
  });
  server.setRequestHandler('prompts/get', (req, ctx) => {
    const name = req.params.name;
    return parked.serve(ctx, caller, 'prompts/get', name, async (channel) => {
      await gateway.firstListing();
      const route = gateway.catalog.prompt(name);
      const seen = route && view().sees(route.server) ? route : undefined;
      const notFound = () => new McpError(ErrorCode.InvalidParams, `Prompt ${name} not found`);
      const params = { ...req.params, name: seen?.original, ...meta(ctx) };
      return gateway.forward(session(ctx), seen?.server, 'prompts/get', params, channel, { kind: 'prompt', name: seen?.original ?? name }, notFound);
    }) as never;
  });

  server.setRequestHandler('resources/list', async () => {
    await gateway.firstListing();
    return { resources: view().resources } as never;
  });
  server.setRequestHandler('resources/templates/list', async () => {
    await gateway.firstListing();
    return { resourceTemplates: view().resourceTemplates } as never;
  });
  server.setRequestHandler('resources/read', (req, ctx) => {
    const uri = req.params.uri;
    return parked.serve(ctx, caller, 'resources/read', uri, async (channel) => {
      await gateway.firstListing();
      const notFound = () => new McpError(RESOURCE_NOT_FOUND, `Resource ${uri} not found`, { uri });
      const owner = gateway.catalog.resourceServer(uri);
      const target = owner !== undefined && view().sees(owner) ? owner : undefined;
      return gateway.forward(session(ctx), target, 'resources/read', { ...req.params, ...meta(ctx) }, channel, { kind: 'resource', name: uri }, notFound);
    }) as never;
  });

  // completion/complete cannot return input_required: what a server asks meanwhile is refused (roots aside).
  server.setRequestHandler('completion/complete', async (req, ctx) => {
    const ref = req.params.ref;
    let target: string | undefined;
    let params: Record<string, unknown> = { ...req.params, ...meta(ctx) };
    if (ref.type === 'ref/prompt') {
      const route = gateway.catalog.prompt(ref.name);
      const seen = route && view().sees(route.server) ? route : undefined;
      target = seen?.server;
      params = { ...params, ref: { ...ref, name: seen?.original } };
    } else {
      const owner = gateway.catalog.templateServer(ref.uri) ?? gateway.catalog.resourceServer(ref.uri);
      target = owner !== undefined && view().sees(owner) ? owner : undefined;
    }
    const label = ref.type === 'ref/prompt' ? ((params.ref as { name?: string }).name ?? ref.name) : ref.uri;
    const notFound = () => new McpError(ErrorCode.InvalidParams, `Nothing to complete for ${ref.type === 'ref/prompt' ? ref.name : ref.uri}`);
    return (await wireErrors(() =>
      gateway.forward(session(ctx), target, 'completion/complete', params, directChannel(ctx, caller, deps.rootsOf), { kind: 'completion', name: `${label} ${req.params.argument.name}` }, notFound),
    )) as never;
  });

  return server;
}

/**
 * The gateway's view of one modern request's client. It has no session: its id stands for the client
 * token the request came with (see modern-endpoint.ts), so consent "for this session" and roots
 * ownership hold across that token's requests. Capabilities are this request's own (its _meta).
 */
export function modernSession(caller: ModernCaller, capabilities: ClientCapabilities, rootsOf: (sessionId: string) => unknown[] | undefined): Session {
  const peer: SessionPeer = {
    getClientCapabilities: () => capabilities,
    // Outside a call only roots/list is ever asked of a client: answered with what it sent last.
    request: (async (req: { method: string }) => {
      if (req.method === 'roots/list') return { roots: rootsOf(caller.sessionId) ?? [] };
      throw new McpError(ErrorCode.InvalidRequest, `Agent Hub can pass ${req.method} to a 2026-07-28 client only during one of its requests.`);
    }) as SessionPeer['request'],
    // A modern client hears of changes only on its subscriptions/listen streams (modern-endpoint.ts).
    notification: async () => {},
    sendToolListChanged: async () => {},
    sendResourceListChanged: async () => {},
    sendPromptListChanged: async () => {},
  };
  return { id: caller.sessionId, client: caller.client, server: peer, subscriptions: new Set(), logLevel: undefined };
}

/**
 * The channel of a request that cannot return input_required (completion/complete, a subscription): its
 * own stream for notifications, cancellation by closing it, and roots from the client's last answer.
 */
export function directChannel(ctx: ServerContext, caller: ModernCaller, rootsOf: (sessionId: string) => unknown[] | undefined): CallChannel {
  return {
    signal: ctx.mcpReq.signal,
    requestId: ctx.mcpReq.id,
    sessionId: caller.sessionId,
    sendNotification: (n) => sendOnStream(ctx, n),
    sendRequest: async (req) => {
      if (req.method === 'roots/list') return { roots: rootsOf(caller.sessionId) ?? [] };
      throw new McpError(ErrorCode.InvalidRequest, `Agent Hub cannot pass ${req.method} to a 2026-07-28 client during ${ctx.mcpReq.method}.`);
    },
  };
}

/** The client capabilities a request's _meta envelope declares (none: an empty set). */
export function envelopeCapabilities(meta: Record<string, unknown> | undefined): ClientCapabilities {
  const caps = meta?.[CAPABILITIES_KEY];
  return typeof caps === 'object' && caps !== null ? (caps as ClientCapabilities) : {};
}

/** The request's own _meta (progress token, extension keys), without the envelope the SDK lifted out. */
function meta(ctx: ServerContext): { _meta?: Record<string, unknown> } {
  return ctx.mcpReq._meta ? { _meta: ctx.mcpReq._meta as Record<string, unknown> } : {};
}

async function wireErrors(run: () => Promise<Record<string, unknown>>): Promise<Result> {
  try {
    return (await run()) as Result;
  } catch (e) {
    if (e instanceof McpError) throw new ProtocolError(e.code, stripMcpPrefix(e.message), e.data);
    throw e;
  }
}
