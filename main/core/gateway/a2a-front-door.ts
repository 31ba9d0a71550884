// The hub's A2A front door: each enabled agent, published as an A2A v1.0 agent on 127.0.0.1 for other
// agents and programs. The JSON-RPC binding is @a2a-js/sdk's own (JsonRpcTransportHandler) over the
// pass-through handler in a2a/front-handler.ts; this module is the HTTP around it and the gate in front
// of it: a client token (the caller's token never reaches the agent: the hub calls it with its own
// credential), the rate limits, and consent for every message, as for a tool call (the agent as the
// server, `send_message` as the tool, the same rules, prompts and surfaces). Every request is recorded
// on the timeline with the calling client (kind 'a2a', the A2A method as the name).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AgentCard } from '@a2a-js/sdk';
import { JsonRpcTransportHandler, ServerCallContext, validateVersion, type A2ARequestHandler } from '@a2a-js/sdk/server';
import type { Client } from '@a2a-js/sdk/client';
import type { A2AService } from '../a2a/a2a-service.js';
import { sendTool } from '../a2a/agent-tool-definition.js';
import { frontHandler, HubCaller } from '../a2a/front-handler.js';
import { publishedCard } from '../a2a/published-card.js';
import type { ConsentGate } from '../consent/consent-gate.js';
import { WITHDRAWN } from '../consent/consent-gate.js';
import { headerValue, readBody, sendJson } from '../http-helpers.js';
import type { CallLimiter } from '../limits/rate-limiter.js';
import type { A2ATasksRepo } from '../store/a2a-tasks-repo.js';
import type { ToolCallsRepo } from '../store/tool-calls-repo.js';
import type { AgentConfig } from '../../../shared/config.js';
import { CallRecord } from './call-record.js';
import { authenticateClient, BEARER_CHALLENGE, NEEDS_CLIENT_TOKEN } from './client-token.js';
import type { ClientsRepo } from '../store/clients-repo.js';

/** Messages may carry files inline (base64): room for a few MB, as on /mcp. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const SEND_METHODS = new Set(['SendMessage', 'SendStreamingMessage']);
/** A JSON-RPC server error the A2A spec leaves free: a refusal by the hub (consent, limits, the agent's state). */
const REFUSED = -32000;

export const A2A_PREFIX = '/a2a/';
export const CATALOG_PATH = '/.well-known/agent-hub.json';

export interface A2AFrontDoorDeps {
  clients: Pick<ClientsRepo, 'authenticate'>;
  /** The agent's config when it exists and is enabled. */
  enabledAgent(name: string): AgentConfig | undefined;
  enabledAgents(): AgentConfig[];
  /** Whether the client's profile lets it see the agent (one outside it is, for that client, no agent). */
  sees(client: string, agent: string): boolean;
  service(): Promise<A2AService>;
  /** Starts the agent now if it waits its turn; resolves once it is connected (rejects with why not). */
  connected(name: string): Promise<void>;
  /** The agent's secret values held now (Upstream.secretNeedles), kept out of the request's record. */
  secretsOf(name: string): readonly string[];
  consent: ConsentGate;
  limiter: CallLimiter;
  toolCalls: ToolCallsRepo;
  tasks: A2ATasksRepo;
  /** A record was written (the timeline refreshes). */
  recorded(): void;
  tasksChanged(): void;
  note(agent: string, line: string): void;
  /** http://127.0.0.1:PORT */
  baseUrl(): string;
  version: string;
}

export interface A2AFrontDoor {
  /** Requests under /a2a/. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** GET /.well-known/agent-hub.json: what this hub publishes, for a client with a token. */
  catalog(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export function createA2AFrontDoor(deps: A2AFrontDoorDeps): A2AFrontDoor {
  const handlers = new Map<string, { handler: A2ARequestHandler; rpc: JsonRpcTransportHandler }>();
  const agentUrl = (name: string) => `${deps.baseUrl()}${A2A_PREFIX}${name}`;

  /** The approved card as published, or undefined when the agent has none (never connected yet). */
  async function cardOf(name: string): Promise<{ card: AgentCard; json: Record<string, unknown>; tool: ReturnType<typeof sendTool> } | undefined> {
    const approved = (await deps.service()).approvedCard(name);
    if (!approved) return undefined;
    const json = publishedCard(approved.card, agentUrl(name));
    return { card: AgentCard.fromJSON(json), json, tool: sendTool(approved.card) };
  }

  /** The hub's SDK client for the agent: connected, on the approved card, with what it needs. */
  async function agentClient(name: string): Promise<Client> {
    await deps.connected(name);
    const service = await deps.service();
    const connection = service.connections.get(name);
    if (!connection?.client) throw new Error(`Agent "${name}" is not connected now.`);
    await service.recheck(connection);
    const blocked = await service.blocked(connection);
    if (blocked) throw new Error(blocked);
    return connection.client.sdk;
  }

  function handlerFor(name: string, card: AgentCard) {
    let entry = handlers.get(name);
    if (!entry) {
      const handler = frontHandler({
        agent: name,
        card: () => card,
        client: () => agentClient(name),
        tasks: deps.tasks,
        onTasksChanged: deps.tasksChanged,
        note: (line) => deps.note(name, line),
      });
      entry = { handler, rpc: new JsonRpcTransportHandler(handler) };
      handlers.set(name, entry);
    }
    return entry;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = (req.url ?? '/').split('?')[0]!;
    // /a2a/NAME (or NAME/) is the JSON-RPC binding; the card is under it. @a2a-js/sdk resolves
    // `.well-known/agent-card.json` relative to the URL it is given, so a base URL with a trailing slash
    // and the card's own URL both find the card (the latter as …/.well-known/.well-known/agent-card.json).
    const match = /^\/a2a\/([a-z0-9-]+)(\/.*)?$/.exec(pathname);
    const name = match?.[1];
    const rest = match?.[2] ?? '';
    const isCard = /\/\.well-known\/agent-card\.json$/.test(rest);
    const config = name && (isCard || rest === '' || rest === '/') ? deps.enabledAgent(name) : undefined;
    if (!name || !config) {
      const hint = pathname === '/a2a/.well-known/agent-card.json' ? ' (an agent\'s base URL ends with a slash: /a2a/NAME/)' : '';
      return rpcError(res, 404, null, REFUSED, `No agent is published at ${pathname}${hint}; ${CATALOG_PATH} lists the ones that are.`);
    }
    const published = await cardOf(name);
    if (!published) return rpcError(res, 404, null, REFUSED, `Agent "${name}" has no approved card yet; it is published once the hub has connected to it.`);

    // The card is discovery: like any agent's, it is readable without a token (it names the scheme to use).
    if (isCard) {
      if (req.method !== 'GET') return rpcError(res, 405, null, REFUSED, 'The agent card is read with GET.', { allow: 'GET' });
      return sendJson(res, 200, published.json);
    }
    if (req.method !== 'POST') return rpcError(res, 405, null, REFUSED, `A2A requests to ${pathname} are JSON-RPC: POST them.`, { allow: 'POST' });

    const client = authenticateClient(req, deps.clients);
    if (!client) return rpcError(res, 401, null, REFUSED, NEEDS_CLIENT_TOKEN, { 'www-authenticate': BEARER_CHALLENGE });
    if (!deps.sees(client, name)) return rpcError(res, 404, null, REFUSED, `No agent is published at ${pathname}; ${CATALOG_PATH} lists the ones that are.`);
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(headerValue(req, 'content-type') ?? '')) {
      return rpcError(res, 415, null, REFUSED, 'A2A JSON-RPC requests need Content-Type: application/json.');
    }
    const read = await readBody(req, MAX_BODY_BYTES);
    if (read === 'too-large') return rpcError(res, 413, null, REFUSED, `The request body is larger than ${MAX_BODY_BYTES} bytes.`, { connection: 'close' });
    let body: unknown;
    try {
      body = JSON.parse(read.toString('utf8'));
    } catch {
      return rpcError(res, 400, null, -32700, 'The request body is not JSON.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return rpcError(res, 400, null, -32600, 'An A2A request is one JSON-RPC object (batches are not part of A2A).');
    }
    const rpc = body as { id?: unknown; method?: unknown; params?: { message?: { contextId?: unknown } } };
    const id = typeof rpc.id === 'string' || typeof rpc.id === 'number' ? rpc.id : null;
    const method = typeof rpc.method === 'string' ? rpc.method.slice(0, 64) : '(none)';

    const started = performance.now();
    const record = new CallRecord(deps.toolCalls, { kind: 'a2a', client, server: name, name: method, arguments: rpc.params ?? {}, secrets: deps.secretsOf(name) }, deps.recorded, (line) => deps.note(name, line));
    try {
      await record.open();
    } catch (e) {
      return rpcError(res, 503, id, REFUSED, `Agent Hub could not record this request, so it was not made: ${(e as Error).message}`);
    }
    const finish = (status: 'ok' | 'error' | 'denied' | 'cancelled' | 'rate-limited', error?: string) => record.finish(status, performance.now() - started, error);

    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort(WITHDRAWN.disconnected);
    });
    const context = new ServerCallContext({
      user: new HubCaller(client, record.recordId, abort.signal),
      ...(headerValue(req, 'a2a-version') ? { requestedVersion: headerValue(req, 'a2a-version')! } : {}),
    });
    try {
      validateVersion(context.requestedVersion, published.card, 'JSONRPC');
    } catch (e) {
      finish('error', (e as Error).message);
      return sendJson(res, 200, { jsonrpc: '2.0', id, error: JsonRpcTransportHandler.mapToJSONRPCError(e) });
    }

    if (SEND_METHODS.has(method)) {
      const limited = deps.limiter.take({ client, server: name, tool: 'send_message' });
      if (!limited.ok) {
        finish('rate-limited', limited.message);
        return rpcError(res, 429, id, REFUSED, limited.message, { 'retry-after': String(limited.retryAfterSeconds) });
      }
      try {
        await agentClient(name);
      } catch (e) {
        const message = (e as Error).message;
        finish('error', message);
        return rpcError(res, 503, id, REFUSED, `${message.replace(/\.$/, '')}; the message was not sent.`);
      }
      const contextId = rpc.params?.message?.contextId;
      const decision = await deps.consent.decide({
        callId: record.recordId,
        client,
        // "Allow for this session" holds for one A2A conversation (its contextId) while the hub runs.
        sessionId: typeof contextId === 'string' && contextId ? `a2a:${name}:${contextId}` : `a2a:${randomUUID()}`,
        server: name,
        tool: 'send_message',
        definition: published.tool,
        arguments: rpc.params?.message ?? {},
        signal: abort.signal,
      });
      record.decided(decision.by);
      if (!decision.allow) {
        finish(abort.signal.aborted ? 'cancelled' : 'denied', decision.message);
        return rpcError(res, 403, id, REFUSED, decision.message);
      }
    }

    const { rpc: transport } = handlerFor(name, published.card);
    const answer = await transport.handle(body as Record<string, unknown>, context);
    if (!isAsyncIterable(answer)) {
      const error = (answer as { error?: { message?: string } }).error;
      finish(error ? 'error' : 'ok', error?.message);
      return sendJson(res, 200, answer);
    }
    await stream(res, answer, id, abort.signal, finish);
  }

  async function catalog(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = authenticateClient(req, deps.clients);
    if (!client) {
      return sendJson(res, 401, { error: { code: 'unauthorized', message: NEEDS_CLIENT_TOKEN } }, { 'www-authenticate': BEARER_CHALLENGE });
    }
    const agents = [];
    for (const agent of deps.enabledAgents()) {
      if (!deps.sees(client, agent.name)) continue;
      const published = await cardOf(agent.name);
      if (!published) continue;
      agents.push({
        name: agent.name,
        description: published.card.description,
        url: agentUrl(agent.name),
        cardUrl: `${agentUrl(agent.name)}/.well-known/agent-card.json`,
      });
    }
    sendJson(res, 200, { name: 'Agent Hub', version: deps.version, mcp: { url: `${deps.baseUrl()}/mcp` }, agents });
  }

  return { handle, catalog };
}

/**
 * A streaming answer as Server-Sent Events, each `data:` one JSON-RPC response (as @a2a-js/sdk's own
 * server writes them). A failure before the first event is a plain JSON-RPC error; one after it, an
 * `error` event. The caller going away stops the stream (and with it the request to the agent).
 */
async function stream(
  res: ServerResponse,
  events: AsyncGenerator<unknown>,
  id: string | number | null,
  signal: AbortSignal,
  finish: (status: 'ok' | 'error' | 'cancelled', error?: string) => void,
): Promise<void> {
  const iterator = events[Symbol.asyncIterator]();
  let first: IteratorResult<unknown>;
  try {
    first = await iterator.next();
  } catch (e) {
    finish('error', (e as Error).message);
    return sendJson(res, 200, { jsonrpc: '2.0', id, error: JsonRpcTransportHandler.mapToJSONRPCError(e) });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  try {
    for (let next = first; !next.done; next = await iterator.next()) {
      if (signal.aborted) break;
      res.write(`data: ${JSON.stringify(next.value)}\n\n`);
    }
    if (signal.aborted) {
      await iterator.return(undefined);
      finish('cancelled');
    } else finish('ok');
  } catch (e) {
    if (signal.aborted) finish('cancelled');
    else {
      finish('error', (e as Error).message);
      res.write(`event: error\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, error: JsonRpcTransportHandler.mapToJSONRPCError(e) })}\n\n`);
    }
  } finally {
    if (!res.writableEnded) res.end();
  }
}

function rpcError(res: ServerResponse, status: number, id: string | number | null, code: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { jsonrpc: '2.0', id, error: { code, message } }, headers);
}

function isAsyncIterable(value: unknown): value is AsyncGenerator<unknown> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] === 'function';
}
