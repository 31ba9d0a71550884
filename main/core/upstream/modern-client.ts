import type { Client as ModernClient } from '@modelcontextprotocol/client';
import { ErrorCode, McpError, type Notification } from '@modelcontextprotocol/sdk/types.js';
import { PROBE_TIMEOUT_MS, type PriorEra } from './era.js';

export type { ModernClient };

/** What the hub can pass on to its own clients: the same capabilities its v1 client declares. */
export const HUB_CLIENT_CAPABILITIES = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };

/**
 * The hub's v2 SDK client to one 2026-07-28 server. It speaks only the modern era (a legacy server is
 * the v1 client's): a probe that finds no modern evidence fails, and the hub connects its v1 client
 * instead. input_required comes back to the hub (manual mode) to be put to the calling client. The v2
 * packages are loaded on first use: a hub of legacy servers never pays for them.
 */
export async function createModernClient(
  version: string,
  hooks: {
    onClose(): void;
    onListChanged(kind: 'tools' | 'resources' | 'prompts'): void;
    onResourceUpdated(notification: Notification): void;
  },
): Promise<ModernClient> {
  const { Client, SUPPORTED_PROTOCOL_VERSIONS } = await import('@modelcontextprotocol/client');
  const client = new Client(
    { name: 'agent-hub', version },
    {
      capabilities: HUB_CLIENT_CAPABILITIES,
      versionNegotiation: { mode: 'auto', probe: { timeoutMs: PROBE_TIMEOUT_MS } },
      supportedProtocolVersions: SUPPORTED_PROTOCOL_VERSIONS.filter((v) => v >= '2026-07-28'),
      inputRequired: { autoFulfill: false },
      listMaxPages: 1000,
    },
  );
  client.onclose = () => hooks.onClose();
  client.setNotificationHandler('notifications/tools/list_changed', () => hooks.onListChanged('tools'));
  client.setNotificationHandler('notifications/resources/list_changed', () => hooks.onListChanged('resources'));
  client.setNotificationHandler('notifications/prompts/list_changed', () => hooks.onListChanged('prompts'));
  client.setNotificationHandler('notifications/resources/updated', (n) => {
    // The listen stream's id is the hub's business, not its clients'.
    const { _meta: _, ...params } = (n.params ?? {}) as Record<string, unknown>;
    hooks.onResourceUpdated({ method: n.method, params } as Notification);
  });
  return client;
}

/**
 * Connects `client` on `transport`: with a remembered verdict, at once (no probe); without, it probes
 * with server/discover on this very transport (the hub's own process or HTTP connection, never a
 * sibling process). A probe that fails leaves the transport open: after a legacy verdict the v1 client
 * speaks to the same process, and it is the hub that decides when a process is stopped.
 */
export async function connectModern(client: ModernClient, transport: object, prior: PriorEra | undefined): Promise<void> {
  const t = transport as Parameters<ModernClient['connect']>[0];
  if (prior) return client.connect(t, { prior: prior as never });
  const own = Object.getOwnPropertyDescriptor(t, 'close');
  t.close = async () => {};
  try {
    await client.connect(t);
  } finally {
    if (own) Object.defineProperty(t, 'close', own);
    else delete (t as { close?: unknown }).close;
  }
}

/**
 * A v2 SDK error in the v1 terms the gateway knows: a JSON-RPC error (also one carried in an HTTP
 * 400/404 body) becomes McpError with its code and data, so a server's -32021 or -32602 reaches the
 * caller as the server said it; a closed connection and a timeout take the v1 codes; an HTTP failure
 * keeps its status as `code` (401: an UnauthorizedError, as the v1 transport says it).
 */
export function toMcpError(e: unknown): Error {
  if (e instanceof McpError) return e;
  const err = (e ?? {}) as { name?: unknown; code?: unknown; message?: unknown; data?: unknown };
  const message = typeof err.message === 'string' ? err.message : String(e);
  if (typeof err.code === 'number') return new McpError(err.code, message, err.data);
  if (err.name === 'SdkHttpError') {
    const { status, text } = (err.data ?? {}) as { status?: number; text?: string };
    const rpc = jsonRpcError(text);
    if (rpc) return new McpError(rpc.code, rpc.message, rpc.data);
    const http = Object.assign(new Error(message), { code: status });
    if (status === 401) http.name = 'UnauthorizedError';
    return http;
  }
  if (err.code === 'CONNECTION_CLOSED') return new McpError(ErrorCode.ConnectionClosed, 'Connection closed');
  if (err.code === 'REQUEST_TIMEOUT') return new McpError(ErrorCode.RequestTimeout, message);
  return e instanceof Error ? e : new Error(message);
}

function jsonRpcError(text: string | undefined): { code: number; message: string; data?: unknown } | undefined {
  if (!text) return undefined;
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown; data?: unknown } }).error;
    return typeof error?.code === 'number' ? { code: error.code, message: String(error.message ?? ''), data: error.data } : undefined;
  } catch {
    return undefined;
  }
}

/** The HTTP status of a failed probe or request (401/403: an auth wall, which is never an era verdict). */
export function httpStatus(e: unknown): number | undefined {
  const err = (e ?? {}) as { name?: unknown; data?: { status?: unknown }; code?: unknown };
  if (err.name === 'UnauthorizedError') return 401;
  const status = err.data?.status;
  return typeof status === 'number' ? status : undefined;
}
