import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, McpError, SUPPORTED_PROTOCOL_VERSIONS as LEGACY_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { classifyInboundRequest, createMcpHandler, createRequestStateCodec, type McpHttpHandler, type ServerContext } from '@modelcontextprotocol/server';
import { silentLogger, type Logger } from '../hub-log.js';
import type { CatalogChanges } from './catalog.js';
import type { Gateway } from './gateway.js';
import type { CallChannel } from './in-flight.js';
import { createModernServer, envelopeCapabilities, modernSession, type ModernCaller } from './modern-session.js';
import { ParkedCalls, type ParkedState } from './parked-calls.js';
import type { ListenFanout } from './session-relay.js';
import { toWebRequest, writeWebResponse } from './web-http.js';

const PROTOCOL_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
/** The first modern revision; later ones sort after it (the SDK's rule, isModernProtocolVersion). */
const FIRST_MODERN_VERSION = '2026-07-28';
/** A call parked for the client's input waits this long for the retry (also the requestState's lifetime). */
export const PARKED_TTL_S = 600;
export const MAX_PARKED_PER_CLIENT = 32;
/** Open subscriptions/listen streams per client. */
export const MAX_LISTEN_PER_CLIENT = 32;

/**
 * Whether a request is for the 2026-07-28 path: the era is decided per request, by the body's
 * `_meta["io.modelcontextprotocol/protocolVersion"]` claim (the SDK's classifyInboundRequest, the rule
 * behind isLegacyRequest; the MCP-Protocol-Version header only cross-checks). A request with no claim
 * and no modern header is 2025 traffic and takes the session path exactly as before, without a look
 * from the classifier; one the classifier rejects (a bad envelope, a header mismatch, a batch with a
 * modern element) goes to the modern handler, which answers it with the spec's error.
 */
export function isModernRequest(req: IncomingMessage, body: unknown): boolean {
  if (req.method !== 'POST') return false;
  const header = req.headers['mcp-protocol-version'];
  const modernHeader = typeof header === 'string' && header.trim() >= FIRST_MODERN_VERSION;
  const claim = hasClaim(body);
  if (!modernHeader && !claim) return false;
  // A request with a claim is served or refused by the modern handler, whatever the classifier would
  // add; only initialize with a claim may still be a 2025 handshake (the classifier's precedence rule).
  if (claim && !Array.isArray(body) && (body as { method?: unknown }).method !== 'initialize') return true;
  const name = req.headers['mcp-name'];
  const method = req.headers['mcp-method'];
  const outcome = classifyInboundRequest({
    httpMethod: 'POST',
    ...(typeof header === 'string' ? { protocolVersionHeader: header } : {}),
    ...(typeof method === 'string' ? { mcpMethodHeader: method } : {}),
    ...(typeof name === 'string' ? { mcpNameHeader: name } : {}),
    body,
  });
  return outcome.kind !== 'legacy';
}

function hasClaim(body: unknown): boolean {
  if (Array.isArray(body)) return body.some(hasClaim);
  const meta = (body as { params?: { _meta?: unknown } } | null)?.params?._meta;
  return typeof meta === 'object' && meta !== null && PROTOCOL_VERSION_KEY in meta;
}

/**
 * The 2026-07-28 side of /mcp: one SDK handler (createMcpHandler with legacy 'reject') per client, each
 * request served by a fresh low-level Server built for that client (modern-session.ts). The handler
 * does the revision's protocol work: server/discover, the _meta envelope, header validation (400
 * -32020), resultType, ttlMs/cacheScope, subscriptions/listen. The hub's own checks (Host/Origin, the
 * client token, the body limit) ran before, as for 2025 traffic. One handler per client, so a list
 * change of one client's profile reaches only that client's listen streams.
 */
export function createModernEndpoint(gateway: Gateway, version: string, log: Logger = silentLogger) {
  // One key per hub process: requestState does not outlive the calls it names, which live in memory.
  const codec = createRequestStateCodec<ParkedState>({
    key: randomBytes(32),
    ttlSeconds: PARKED_TTL_S,
    bind: (ctx) => `${ctx.mcpReq.method}\0${ctx.http?.authInfo?.clientId ?? ''}`,
  });
  const roots = new Map<string, unknown[]>();
  const parked = new ParkedCalls({
    ttlMs: PARKED_TTL_S * 1000,
    maxPerClient: MAX_PARKED_PER_CLIENT,
    mint: (payload, ctx) => codec.mint(payload, ctx),
    rootsAnswered: (sessionId, list) => roots.set(sessionId, list),
  });
  const deps = { gateway, version, parked, verify: (state: string, ctx: ServerContext) => codec.verify(state, ctx), rootsOf: (id: string) => roots.get(id) };
  const handlers = new Map<string, McpHttpHandler>();
  /** Per client: resource URIs its listen streams hold (counts), and how many streams it has open. */
  const holds = new Map<string, Map<string, number>>();
  const listening = new Map<string, number>();
  /** A client token stands for a session: "allow for this session" and roots ownership hold per token. */
  const sessionIds = new Map<string, string>();

  function handlerFor(client: string): McpHttpHandler {
    let handler = handlers.get(client);
    if (!handler) {
      handler = createMcpHandler((ctx) => createModernServer(deps, callerOf(ctx.authInfo?.extra)), {
        legacy: 'reject',
        maxSubscriptions: MAX_LISTEN_PER_CLIENT,
        // Rejections (a header mismatch, an unsupported version) are the client's error, answered to it.
        onerror: (e) => !/^(Rejected|Unsupported protocol version|Missing required client)/.test(e.message) && log.warn('serving a 2026-07-28 request', e),
      });
      handlers.set(client, handler);
    }
    return handler;
  }

  function sessionIdOf(client: string, req: IncomingMessage): string {
    const token = req.headers.authorization?.slice(7).trim() ?? '';
    let id = sessionIds.get(token);
    if (!id) sessionIds.set(token, (id = `modern:${client}:${randomUUID().slice(0, 8)}`));
    return id;
  }

  /** Serves one 2026-07-28 request of an authenticated client (body already read and parsed). */
  async function handle(req: IncomingMessage, res: ServerResponse, client: string, body: unknown): Promise<void> {
    const caller: ModernCaller = { client, sessionId: sessionIdOf(client, req) };
    let parsed = body;
    if (isListen(body)) {
      listening.set(client, (listening.get(client) ?? 0) + 1);
      res.once('close', () => {
        const n = (listening.get(client) ?? 1) - 1;
        if (n > 0) listening.set(client, n);
        else listening.delete(client);
      });
      parsed = await holdSubscriptions(caller, body, res);
    }
    const request = toWebRequest(req, res);
    const authInfo = { token: '', clientId: client, scopes: [], extra: { ...caller } };
    let response = await handlerFor(client).fetch(request, { authInfo, parsedBody: parsed });
    if (response.status === 400) response = await withBothEras(response);
    await writeWebResponse(res, response);
  }

  /**
   * The SDK keeps a listen stream's filter to itself, so the hub reads the resource subscriptions from
   * the body: each URI the client may see is subscribed upstream (shared with 2025 sessions, counted)
   * and released when the stream closes. URIs it may not see, or that the server refused, are left out
   * of the filter, so the acknowledgement shows they are not honored.
   */
  async function holdSubscriptions(caller: ModernCaller, body: ListenBody, res: ServerResponse): Promise<unknown> {
    const filter = body.params!.notifications!;
    const wanted = [...new Set((filter.resourceSubscriptions ?? []).filter((u): u is string => typeof u === 'string'))];
    if (wanted.length === 0) return body;
    const session = modernSession(caller, envelopeCapabilities(body.params?._meta), deps.rootsOf);
    const abort = new AbortController();
    const channel: CallChannel = {
      signal: abort.signal,
      requestId: typeof body.id === 'string' || typeof body.id === 'number' ? body.id : 0,
      sessionId: caller.sessionId,
      sendNotification: async () => {},
      sendRequest: async (r) => {
        if (r.method === 'roots/list') return { roots: roots.get(caller.sessionId) ?? [] };
        throw new McpError(ErrorCode.InvalidRequest, `Agent Hub cannot pass ${r.method} to a 2026-07-28 client while it subscribes.`);
      },
    };
    const held: string[] = [];
    let closed = false;
    res.once('close', () => {
      closed = true;
      abort.abort();
      for (const uri of held.splice(0)) release(caller.client, uri);
    });
    await Promise.all(
      wanted.map((uri) =>
        gateway.subscribeListen(session, uri, channel).then(
          () => {
            const mine = holds.get(caller.client) ?? new Map<string, number>();
            holds.set(caller.client, mine.set(uri, (mine.get(uri) ?? 0) + 1));
            if (closed) release(caller.client, uri);
            else held.push(uri);
          },
          () => {},
        ),
      ),
    );
    return { ...body, params: { ...body.params, notifications: { ...filter, resourceSubscriptions: [...held] } } };
  }

  function release(client: string, uri: string): void {
    const mine = holds.get(client);
    const n = (mine?.get(uri) ?? 1) - 1;
    if (n > 0) mine!.set(uri, n);
    else mine?.delete(uri);
    if (mine?.size === 0) holds.delete(client);
    gateway.releaseListen(uri);
  }

  const fanout: ListenFanout = {
    clients: () => listening.keys(),
    listsChanged(client: string | undefined, changes: CatalogChanges) {
      for (const [name, handler] of handlers) {
        if (client !== undefined && name !== client) continue;
        if (changes.tools) handler.notify.toolsChanged();
        if (changes.resources) handler.notify.resourcesChanged();
        if (changes.prompts) handler.notify.promptsChanged();
      }
    },
    resourceUpdated(uri: string, params: Record<string, unknown>) {
      for (const [client, mine] of holds) if (mine.has(uri)) handlers.get(client)?.bus.publish({ kind: 'resource_updated', uri, params: { ...params, uri } });
    },
  };
  gateway.setListenFanout(fanout);

  /** A removed client: its parked calls are cancelled and its listen streams and requests end. */
  async function prune(clientExists: (name: string) => boolean): Promise<void> {
    parked.cancel((client) => !clientExists(client));
    const gone = [...handlers.keys()].filter((c) => !clientExists(c));
    for (const c of gone) {
      const handler = handlers.get(c)!;
      handlers.delete(c);
      await handler.close().catch(() => {});
    }
    for (const [token, id] of sessionIds) if (gone.some((c) => id.startsWith(`modern:${c}:`))) sessionIds.delete(token);
  }

  async function closeAll(): Promise<void> {
    gateway.setListenFanout(undefined);
    parked.cancel();
    await Promise.allSettled([...handlers.values()].map((h) => h.close()));
    handlers.clear();
  }

  return { handle, prune, closeAll, parkedCount: () => parked.size };
}

interface ListenBody {
  id?: unknown;
  params?: { _meta?: Record<string, unknown>; notifications?: { resourceSubscriptions?: unknown[] } };
}

function isListen(body: unknown): body is ListenBody {
  const b = body as { method?: unknown; params?: { notifications?: unknown } } | null;
  return typeof b === 'object' && b !== null && b.method === 'subscriptions/listen' && typeof b.params?.notifications === 'object' && b.params.notifications !== null;
}

/**
 * The SDK's unsupported-version error names the modern revisions it serves; this endpoint also serves
 * the 2025 ones (through initialize), so the list names both, as the spec's example does.
 */
async function withBothEras(response: Response): Promise<Response> {
  const text = await response.text();
  try {
    const message = JSON.parse(text) as { error?: { code?: number; message?: string; data?: { supported?: string[] } } };
    const error = message.error;
    if (error?.code === -32022 && Array.isArray(error.data?.supported)) {
      const modern = error.data.supported;
      error.data.supported = [...modern, ...LEGACY_VERSIONS.filter((v) => !modern.includes(v))];
      error.message = `${error.message}. Agent Hub serves ${modern.join(', ')} per request, and ${LEGACY_VERSIONS.join(', ')} through initialize.`;
      return Response.json(message, { status: 400 });
    }
  } catch {
    // Not JSON: passed on as it came.
  }
  return new Response(text, { status: response.status, headers: response.headers });
}

function callerOf(extra: Record<string, unknown> | undefined): ModernCaller {
  return { client: String(extra?.client), sessionId: String(extra?.sessionId) };
}
