import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ClientCapabilities, LoggingLevel, ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/** 'legacy': MCP up to 2025-11-25 (initialize, sessions); 'modern': 2026-07-28 (server/discover, no sessions). */
export type ProtocolEra = 'legacy' | 'modern';

/** Results pass through as the server sent them (the gateway's AnyResult has the same shape). */
export const LooseResult = z.looseObject({});
export type LooseResultSchema = typeof LooseResult;

/**
 * The client a request is made for. A modern server's request carries that client's capabilities in
 * its envelope (so the server asks only for what the client can answer, or says -32021), and its
 * `input_required` requests are put to that client through `ask`. A legacy server is not told who
 * calls; its own server→client requests reach the client through the gateway's session relay.
 */
export interface UpstreamCaller {
  capabilities: ClientCapabilities | undefined;
  /** The client's logging level (logging/setLevel): a modern server logs at or above it for this request. */
  logLevel: LoggingLevel | undefined;
  /** One request to the calling client (elicitation/create, sampling/createMessage, roots/list), answered by it. */
  ask(request: { method: string; params?: Record<string, unknown> }, signal: AbortSignal): Promise<Record<string, unknown>>;
}

export interface UpstreamRequestOptions {
  signal?: AbortSignal;
  timeout?: number;
  /** Who the request is for (tools/call, prompts/get, resources/read, completions); none for the hub's own requests. */
  caller?: UpstreamCaller;
}

/** The lists a server's catalog is made of. */
export type CatalogList = 'tools' | 'resources' | 'resourceTemplates' | 'prompts';

/**
 * The hub's connection to one running server, the same for both eras: the gateway sends requests
 * through it and never asks which era it speaks. A legacy server is spoken to by the v1 SDK Client
 * (LegacyConnection), a 2026-07-28 server by the v2 Client (ModernConnection, which maps what the
 * era changed: input_required rounds, the per-request envelope, listen streams for change
 * notifications and resource subscriptions, no logging/setLevel or roots notifications).
 */
export interface UpstreamConnection {
  readonly era: ProtocolEra;
  /** The protocol version spoken, e.g. 2026-07-28 or 2025-11-25 (undefined only before it is known). */
  readonly protocolVersion: string | undefined;
  getServerCapabilities(): ServerCapabilities | undefined;
  /** One request; resources/subscribe and resources/unsubscribe are mapped to the era's way of subscribing. */
  request(request: { method: string; params?: Record<string, unknown> }, resultSchema: LooseResultSchema, options?: UpstreamRequestOptions): Promise<Record<string, unknown>>;
  /** Every item of one list (all pages). */
  list(what: CatalogList): Promise<unknown[]>;
  /** The roots of the server's caller changed (a modern server asks for roots in each request instead). */
  sendRootsListChanged(): Promise<void>;
  /** The level for logs the server sends outside a client's own level (modern: the default per-request level). */
  setLoggingLevel(level: LoggingLevel): Promise<void>;
  /** From now on, deliver change notifications (a modern server: opens its listen stream). */
  listen(): Promise<void>;
  close(): Promise<void>;
}

/** A legacy (≤ 2025-11-25) server, through the v1 SDK Client: the requests go as they are. */
export class LegacyConnection implements UpstreamConnection {
  readonly era = 'legacy';

  constructor(readonly sdk: Client) {}

  get protocolVersion(): string | undefined {
    // Recorded by the transport when the client set it after initialize (see InterceptingTransport).
    return (this.sdk.transport as { protocolVersion?: string } | undefined)?.protocolVersion;
  }

  getServerCapabilities(): ServerCapabilities | undefined {
    return this.sdk.getServerCapabilities();
  }

  request(request: { method: string; params?: Record<string, unknown> }, resultSchema: LooseResultSchema, options: UpstreamRequestOptions = {}): Promise<Record<string, unknown>> {
    return this.sdk.request(request as never, resultSchema, { signal: options.signal, timeout: options.timeout });
  }

  async list(what: CatalogList): Promise<unknown[]> {
    const c = this.sdk;
    if (what === 'tools') return allPages((cursor) => c.listTools({ cursor }), (r) => r.tools);
    if (what === 'resources') return allPages((cursor) => c.listResources({ cursor }), (r) => r.resources);
    if (what === 'resourceTemplates') return allPages((cursor) => c.listResourceTemplates({ cursor }), (r) => r.resourceTemplates);
    return allPages((cursor) => c.listPrompts({ cursor }), (r) => r.prompts);
  }

  async sendRootsListChanged(): Promise<void> {
    await this.sdk.sendRootsListChanged();
  }

  async setLoggingLevel(level: LoggingLevel): Promise<void> {
    await this.sdk.setLoggingLevel(level);
  }

  /** Legacy servers send change notifications unasked (resources/subscribe goes as a request). */
  async listen(): Promise<void> {}

  close(): Promise<void> {
    return this.sdk.close();
  }
}

/** The seam may hand back a v1 Client (tests, A2A agents): a legacy connection. */
export function asConnection(c: UpstreamConnection | Client): UpstreamConnection {
  return 'era' in c ? c : new LegacyConnection(c);
}

async function allPages<R extends { nextCursor?: string }, T>(page: (cursor?: string) => Promise<R>, items: (r: R) => T[]): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const r = await page(cursor);
    out.push(...items(r));
    cursor = r.nextCursor;
    if (!cursor) break;
  }
  return out;
}
