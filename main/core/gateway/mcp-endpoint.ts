import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { WITHDRAWN } from '../consent/consent-gate.js';
import { headerValue, readBody } from '../http-helpers.js';
import { authenticateClient, BEARER_CHALLENGE, NEEDS_CLIENT_TOKEN } from './client-token.js';
import type { ClientsRepo } from '../store/clients-repo.js';
import type { Gateway } from './gateway.js';
import { createSessionServer } from './mcp-session.js';
import { fastPathAllowed, newFastCallState, takeFastMessages, tryFastCall, type FastCallState } from './fast-call.js';
import type { Session } from './gateway.js';
import { createModernEndpoint, isModernRequest } from './modern-endpoint.js';
import type { Logger } from '../hub-log.js';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

interface Entry {
  transport: StreamableHTTPServerTransport;
  client: string;
  session: Session;
  fast: FastCallState;
  lastSeen: number;
  /** Open GET (server-to-client) streams: a session with one is alive however quiet it is. */
  streams: number;
}

/** A session with no request and no open stream for this long is closed (its client went away). */
export const SESSION_IDLE_MS = 30 * 60 * 1000;

/**
 * POST/GET/DELETE /mcp: the Streamable HTTP endpoint every client uses, for both protocol eras. Before
 * either sees a request, it must carry a valid client token (401), fit the size limit (413) and be
 * JSON (-32700). Then the era is decided per request (isModernRequest: the body's _meta protocol
 * version claim):
 * - MCP 2026-07-28 requests go to the v2 SDK's per-request handler (modern-endpoint.ts);
 * - everything else (2025-11-25 and older: initialize, a session's requests, GET/DELETE) goes to the v1
 *   SDK's sessionful transport and the fast path, exactly as before the 2026 revision existed. That path
 *   stays on v1 because it is the hub's hot path and proven: the fast path answers tools/call and
 *   tools/list on plain node:http (~120 µs less per call), the parity and 2025 conformance suites pin
 *   its behaviour, and a v2 session would cost more per call (design memo §2.7).
 * A session belongs to the client that opened it, and another client's token cannot use it.
 */
export interface McpEndpointOptions {
  maxBodyBytes?: number;
  /**
   * tools/call and tools/list on plain node:http (fast-call.ts) rather than the SDK transport: about
   * 120 µs less per call (bench section latency). Off in the parity tests, which run every tools/call
   * case through both paths.
   */
  fastPath?: boolean;
  /** Where failures nobody waits for go (the hub's log). */
  logger?: Logger;
}

export function createMcpEndpoint(gateway: Gateway, clients: ClientsRepo, version: string, { maxBodyBytes = MAX_BODY_BYTES, fastPath = true, logger }: McpEndpointOptions = {}) {
  const entries = new Map<string, Entry>();
  const modern = createModernEndpoint(gateway, version, logger);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = authenticateClient(req, clients);
    if (!client) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': BEARER_CHALLENGE });
      res.end(rpcError(-32001, NEEDS_CLIENT_TOKEN));
      return;
    }

    const sessionId = headerValue(req, 'mcp-session-id');
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readBody(req, maxBodyBytes);
      if (read === 'too-large') {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(rpcError(-32600, `The request body is larger than ${maxBodyBytes} bytes.`));
        return;
      }
      try {
        body = JSON.parse(read.toString('utf8'));
      } catch (e) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(rpcError(-32700, `Parse error: ${(e as Error).message}`));
        return;
      }
    } else if (req.method !== 'GET' && req.method !== 'DELETE') {
      res.writeHead(405, { allow: 'GET, POST, DELETE', 'content-type': 'application/json' });
      res.end(rpcError(-32000, `Method ${req.method} is not allowed.`));
      return;
    }

    if (req.method === 'POST' && isModernRequest(req, body)) return modern.handle(req, res, client, body);

    if (sessionId) {
      const entry = entries.get(sessionId);
      // Another client's session is reported exactly like an unknown one.
      if (!entry || entry.client !== client) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(rpcError(-32001, 'Session not found; start a new one with initialize.'));
        return;
      }
      entry.lastSeen = Date.now();
      if (req.method === 'GET') {
        entry.streams++;
        res.once('close', () => entry.streams--);
      }
      if (req.method === 'POST') {
        if (fastPath && isPlainToolsList(body) && fastPathAllowed(req)) {
          await gateway.firstListing();
          return answerToolsList(res, entry.client, body.id);
        }
        if (fastPath && tryFastCall(gateway, entry.session, entry.fast, req, res, body)) return;
        // Answers to the fast path's requests and cancellations of its calls never reach the SDK
        // transport, which would not know them (a batched one would be dropped, leaving a call hanging).
        const rest = takeFastMessages(entry.fast, body);
        if (rest === undefined) {
          res.writeHead(202).end();
          return;
        }
        body = rest;
      }
      await entry.transport.handleRequest(req, res, body);
      return;
    }

    if (req.method === 'POST' && isInitializeRequest(body)) {
      const { server, session } = createSessionServer(gateway, client, version);
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          session.id = id;
          entries.set(id, { transport, client, session, fast: newFastCallState(), lastSeen: Date.now(), streams: 0 });
          gateway.addSession(session);
        },
      });
      transport.onclose = () => {
        if (!session.id) return;
        const fast = entries.get(session.id)?.fast;
        fast?.calls.forEach((c) => c.abort(WITHDRAWN.sessionEnded));
        fast?.requests.forEach((r) => r.reject(new Error('The session ended.')));
        entries.delete(session.id);
        gateway.removeSession(session.id);
      };
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
      return;
    }

    if (req.method !== 'POST' && (headerValue(req, 'mcp-protocol-version') ?? '') >= '2026-07-28') {
      // 2026-07-28 has no GET stream and no sessions to delete: listen with subscriptions/listen.
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      res.end(rpcError(-32000, 'Method not allowed: MCP 2026-07-28 has no GET stream or sessions; use POST (subscriptions/listen for notifications).'));
      return;
    }
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(rpcError(-32000, 'Bad Request: send initialize first, then the Mcp-Session-Id it returns on every request.'));
  }

  /**
   * tools/list without a cursor is answered here, with the catalog's pre-encoded JSON: for thousands of
   * tools that is a copy instead of a JSON.stringify and an SSE frame per request. Anything unusual
   * (a bad protocol version, Accept or Content-Type header) is left to the SDK transport, which rejects it properly.
   */
  function answerToolsList(res: ServerResponse, client: string, id: string | number): void {
    const head = Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"tools":`);
    const tools = gateway.views.of(client).toolsJson();
    const tail = Buffer.from('}}');
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': head.length + tools.length + tail.length });
    res.cork();
    res.write(head);
    res.write(tools);
    res.end(tail);
  }

  /** Closes sessions whose client was removed, and sessions left idle by clients that went away; a removed client's modern requests end too. */
  function prune(clientExists: (name: string) => boolean, now = Date.now()): void {
    for (const entry of entries.values()) {
      const idle = entry.streams === 0 && now - entry.lastSeen > SESSION_IDLE_MS;
      if (idle || !clientExists(entry.client)) void entry.transport.close();
    }
    void modern.prune(clientExists);
  }

  async function closeAll(): Promise<void> {
    await Promise.allSettled([...entries.values()].map((e) => e.transport.close()));
    entries.clear();
    await modern.closeAll();
  }

  return { handle, prune, closeAll };
}

function isPlainToolsList(body: unknown): body is { id: string | number } {
  const b = body as { jsonrpc?: unknown; method?: unknown; id?: unknown; params?: { cursor?: unknown } } | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    b.jsonrpc === '2.0' &&
    b.method === 'tools/list' &&
    (typeof b.id === 'string' || typeof b.id === 'number') &&
    b.params?.cursor === undefined
  );
}

function rpcError(code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } });
}
