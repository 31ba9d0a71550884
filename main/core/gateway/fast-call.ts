import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, McpError, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { WITHDRAWN } from '../consent/consent-gate.js';
import { stripMcpPrefix, type Gateway, type Session } from './gateway.js';

type Id = string | number;

/** Per-session state of the calls answered here rather than by the SDK transport. */
export interface FastCallState {
  /** tools/call requests in flight, by the client's request id. */
  calls: Map<Id, AbortController>;
  /** Requests we sent the client during a call (sampling, elicitation, roots), by our id. */
  requests: Map<Id, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>;
}

export const newFastCallState = (): FastCallState => ({ calls: new Map(), requests: new Map() });

let requestSeq = 0;

/**
 * tools/call on plain node:http: the hot path of the hub. The SDK's Streamable HTTP transport converts
 * every request to a Web Request and every answer to a Web stream; here a call costs a JSON.parse and
 * one write. The answer is plain JSON unless something must reach the client before the result
 * (progress, a log message, a sampling or elicitation request): then the same response turns into an
 * SSE stream, as the spec allows. The client's answers to our requests and its cancellations come back
 * as POSTs (alone or in a batch), which takeFastMessages picks out before the SDK transport sees them.
 *
 * Returns false, having written nothing, for anything it does not handle; the SDK transport takes it.
 */
export function tryFastCall(gateway: Gateway, session: Session, state: FastCallState, req: IncomingMessage, res: ServerResponse, body: unknown): boolean {
  if (!isToolsCall(body) || !fastPathAllowed(req)) return false;

  const id = body.id;
  const abort = new AbortController();
  state.calls.set(id, abort);
  // The answer can only go back on this response: a client that went away (without a DELETE or a
  // cancel) cannot get it, so the call ends here, and a prompt for it is withdrawn.
  res.once('close', () => {
    if (!res.writableFinished) abort.abort(WITHDRAWN.disconnected);
  });
  let streaming = false;
  const event = (message: unknown) => {
    if (!streaming) {
      streaming = true;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    }
    res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  };
  const answer = (message: unknown) => {
    state.calls.delete(id);
    if (res.writableEnded) return;
    if (abort.signal.aborted) {
      // A cancelled request gets no JSON-RPC response, but its HTTP response must still end (an empty
      // event stream: without a priming event the client does not try to resume it).
      if (!streaming) res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end();
      return;
    }
    if (streaming) {
      event(message);
      res.end();
      return;
    }
    const text = JSON.stringify(message);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const extra = {
    signal: abort.signal,
    requestId: id,
    sessionId: session.id,
    sendNotification: async (n: { method: string; params?: unknown }) => {
      if (!res.writableEnded) event({ jsonrpc: '2.0', ...n });
    },
    sendRequest: (r: { method: string; params?: unknown }, _schema: unknown, options?: { signal?: AbortSignal }) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const rid = `agent-hub-${++requestSeq}`;
        state.requests.set(rid, { resolve, reject });
        options?.signal?.addEventListener('abort', () => {
          if (!state.requests.delete(rid)) return;
          // The client must hear it too: an elicitation answered elsewhere is withdrawn from its screen.
          if (!res.writableEnded) event({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: rid, reason: 'answered elsewhere or no longer needed' } });
          reject(new McpError(ErrorCode.RequestTimeout, 'The request was cancelled.'));
        });
        event({ jsonrpc: '2.0', id: rid, method: r.method, params: r.params });
      }),
  };

  gateway.callTool(session, body.params, extra as never).then(
    (result) => answer({ jsonrpc: '2.0', id, result }),
    (e: unknown) => {
      const err = e instanceof McpError ? e : new McpError(ErrorCode.InternalError, (e as Error).message);
      answer({ jsonrpc: '2.0', id, error: { code: err.code, message: stripMcpPrefix(err.message), ...(err.data === undefined ? {} : { data: err.data }) } });
    },
  );
  return true;
}

/**
 * Whether a request may take a fast path at all: it must pass every check the SDK transport makes
 * (Accept with both JSON and SSE, a JSON Content-Type, a protocol version it knows); otherwise the
 * SDK transport takes it and answers 406, 415 or 400 as the spec says.
 */
export function fastPathAllowed(req: IncomingMessage): boolean {
  const version = req.headers['mcp-protocol-version'];
  if (typeof version === 'string' && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return false;
  const accept = req.headers.accept ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) return false;
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');
}

/**
 * Takes out of a POST's body the messages that belong to fast calls — the client's answers to our
 * requests, its cancellations of our calls — alone or inside a batch, and returns what is left for
 * the SDK transport (undefined when nothing is).
 */
export function takeFastMessages(state: FastCallState, body: unknown): unknown {
  if (!Array.isArray(body)) return consumeFastMessage(state, body) ? undefined : body;
  const rest = body.filter((m) => !consumeFastMessage(state, m));
  return rest.length === 0 ? undefined : rest;
}

/** One message that belongs to a fast call, acted on; false for anything else. */
function consumeFastMessage(state: FastCallState, body: unknown): boolean {
  const m = body as { id?: Id; method?: string; result?: Record<string, unknown>; error?: { code: number; message: string }; params?: { requestId?: Id } } | null;
  if (typeof m !== 'object' || m === null) return false;
  if (m.method === undefined && m.id !== undefined && state.requests.has(m.id)) {
    const pending = state.requests.get(m.id)!;
    state.requests.delete(m.id);
    if (m.error) pending.reject(new McpError(m.error.code, m.error.message));
    else pending.resolve(m.result ?? {});
  } else if (m.method === 'notifications/cancelled' && m.params?.requestId !== undefined && state.calls.has(m.params.requestId)) {
    state.calls.get(m.params.requestId)!.abort(WITHDRAWN.cancelled);
    state.calls.delete(m.params.requestId);
  } else {
    return false;
  }
  return true;
}

function isToolsCall(body: unknown): body is { id: Id; params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> } } {
  const b = body as { jsonrpc?: unknown; method?: unknown; id?: unknown; params?: { name?: unknown; arguments?: unknown; task?: unknown } } | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    b.jsonrpc === '2.0' &&
    b.method === 'tools/call' &&
    (typeof b.id === 'string' || typeof b.id === 'number') &&
    typeof b.params?.name === 'string' &&
    (b.params.arguments === undefined || (typeof b.params.arguments === 'object' && b.params.arguments !== null && !Array.isArray(b.params.arguments))) &&
    b.params.task === undefined
  );
}
