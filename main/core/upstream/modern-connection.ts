import type { McpSubscription } from '@modelcontextprotocol/client';
import type { LoggingLevel, ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import { answersAnotherEra } from './era.js';
import { envelope, ROUND_METHODS, withInputRounds } from './input-rounds.js';
import { toMcpError, type ModernClient } from './modern-client.js';
import type { CatalogList, LooseResultSchema, UpstreamConnection, UpstreamRequestOptions } from './upstream-connection.js';

/** What a modern connection needs from its Upstream. */
export interface ModernHooks {
  server: string;
  /** The server's own definition of a tool (the v2 client mirrors Mcp-Param headers from it over HTTP). */
  tool(name: string): Tool | undefined;
  note(line: string): void;
  /** The listen stream is gone and could not be opened again: the connection is lost. */
  lost(reason: string): void;
  /** The listen stream was opened again after a gap: what changed meanwhile was not heard. */
  relist(): void;
}

const SERVER_INFO_KEY = 'io.modelcontextprotocol/serverInfo';
const REOPEN_DELAY_MS = 1_000;

/**
 * A 2026-07-28 server, through the v2 SDK Client, behind the era-neutral UpstreamConnection:
 * - each request carries the caller's capabilities and logging level in its envelope, and its
 *   input_required rounds are put to the caller (input-rounds.ts);
 * - change notifications and resource updates come on one subscriptions/listen stream, opened once
 *   the server runs and opened again (new first, then the old one closed) whenever the set of
 *   subscribed resources changes: resources/subscribe and resources/unsubscribe map to that;
 * - logging/setLevel sets the level sent with requests that carry no client's own; a server asks for
 *   roots in each request, so there is no roots notification to send.
 * Progress and log notifications are read off the transport by the Upstream, as for legacy servers.
 */
export class ModernConnection implements UpstreamConnection {
  readonly era = 'modern';
  private readonly subscribed = new Set<string>();
  private subscription: McpSubscription | undefined;
  private listening = false;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  private level: LoggingLevel | undefined;

  constructor(
    readonly sdk: ModernClient,
    private readonly hooks: ModernHooks,
  ) {}

  get protocolVersion(): string | undefined {
    return this.sdk.getNegotiatedProtocolVersion();
  }

  /** The server/discover result the connection was made with (what the hub remembers). */
  get discover(): Record<string, unknown> | undefined {
    return this.sdk.getDiscoverResult() as Record<string, unknown> | undefined;
  }

  getServerCapabilities(): ServerCapabilities | undefined {
    return this.sdk.getServerCapabilities() as ServerCapabilities | undefined;
  }

  async request(request: { method: string; params?: Record<string, unknown> }, resultSchema: LooseResultSchema, options: UpstreamRequestOptions = {}): Promise<Record<string, unknown>> {
    const params = request.params ?? {};
    switch (request.method) {
      case 'resources/subscribe':
        return this.subscribe(String(params.uri), true);
      case 'resources/unsubscribe':
        return this.subscribe(String(params.uri), false);
      case 'logging/setLevel':
        this.level = params.level as LoggingLevel;
        return {};
      case 'ping':
        // Gone in 2026-07-28; the connection is stateless, so there is nothing a ping would keep alive.
        return {};
    }
    const first = { ...params, _meta: envelope(params._meta, options.caller, this.level) };
    const send = (p: Record<string, unknown>) => this.send(request.method, p, resultSchema, options);
    const result = ROUND_METHODS.has(request.method) ? await withInputRounds(this.hooks.server, request.method, first, send, options.caller, options.signal) : await send(first);
    return withoutServerInfo(result);
  }

  private async send(method: string, params: Record<string, unknown>, schema: LooseResultSchema, options: UpstreamRequestOptions): Promise<Record<string, unknown>> {
    const o = { signal: options.signal, timeout: options.timeout, allowInputRequired: ROUND_METHODS.has(method) };
    try {
      if (method === 'tools/call') {
        // callTool, not request: over HTTP it sends the Mcp-Param-* headers the tool's schema asks for.
        // Its output is passed through as the server sent it (no outputSchema: no validation), as for legacy servers.
        const name = String(params.name);
        const { outputSchema: _, ...definition } = this.hooks.tool(name) ?? { name, inputSchema: { type: 'object' } };
        return (await this.sdk.callTool(params as never, { ...o, toolDefinition: definition as never })) as Record<string, unknown>;
      }
      return (await this.sdk.request({ method, params } as never, schema, o)) as Record<string, unknown>;
    } catch (e) {
      // A server replaced by one of another era (an HTTP server upgraded in place) is reconnected, and its era checked again.
      if (answersAnotherEra(e)) this.hooks.lost(`it no longer answers as a 2026-07-28 server (${(e as Error).message})`);
      throw toMcpError(e);
    }
  }

  async list(what: CatalogList): Promise<unknown[]> {
    // All pages, fresh (the SDK caches lists; the hub keeps its own catalog).
    const o = { cacheMode: 'refresh' as const };
    try {
      if (what === 'tools') return (await this.sdk.listTools(undefined, o)).tools;
      if (what === 'resources') return (await this.sdk.listResources(undefined, o)).resources;
      if (what === 'resourceTemplates') return (await this.sdk.listResourceTemplates(undefined, o)).resourceTemplates;
      return (await this.sdk.listPrompts(undefined, o)).prompts;
    } catch (e) {
      throw toMcpError(e);
    }
  }

  async sendRootsListChanged(): Promise<void> {}

  async setLoggingLevel(level: LoggingLevel): Promise<void> {
    this.level = level;
  }

  async listen(): Promise<void> {
    this.listening = true;
    await this.reopen();
  }

  async close(): Promise<void> {
    this.closed = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close().catch(() => {});
    await this.sdk.close();
  }

  private async subscribe(uri: string, on: boolean): Promise<Record<string, unknown>> {
    if (on === this.subscribed.has(uri)) return {};
    if (on) this.subscribed.add(uri);
    else this.subscribed.delete(uri);
    if (!this.listening) return {};
    try {
      await this.reopen();
    } catch (e) {
      if (on) this.subscribed.delete(uri);
      throw toMcpError(e);
    }
    return {};
  }

  /** What the listen stream asks for: the lists the server says change, and the subscribed resources. */
  private filter(): Record<string, unknown> | undefined {
    const caps = this.getServerCapabilities();
    const filter = {
      ...(caps?.tools?.listChanged ? { toolsListChanged: true } : {}),
      ...(caps?.prompts?.listChanged ? { promptsListChanged: true } : {}),
      ...(caps?.resources?.listChanged ? { resourcesListChanged: true } : {}),
      ...(this.subscribed.size && caps?.resources?.subscribe ? { resourceSubscriptions: [...this.subscribed] } : {}),
    };
    return Object.keys(filter).length ? filter : undefined;
  }

  /** One stream at a time, with the current filter; changes are serialized, the new stream acknowledged before the old closes. */
  private reopen(): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.closed || !this.listening) return;
      const filter = this.filter();
      const old = this.subscription;
      this.subscription = filter ? await this.sdk.listen(filter as never) : undefined;
      if (this.subscription) this.watch(this.subscription);
      await old?.close().catch(() => {});
    });
    this.queue = next.catch(() => {});
    return next;
  }

  /** A stream the server ended (it restarted, or drops idle streams) is opened again; if that fails, the connection is lost. */
  private watch(subscription: McpSubscription): void {
    void subscription.closed.then((how) => {
      if (how === 'local' || this.closed || this.subscription !== subscription) return;
      this.subscription = undefined;
      this.hooks.note(`its subscriptions/listen stream ended (${how}); opening it again`);
      setTimeout(() => {
        this.reopen().then(
          () => this.hooks.relist(),
          (e: unknown) => this.hooks.lost(`its subscriptions/listen stream ended and could not be opened again: ${(e as Error).message}`),
        );
      }, REOPEN_DELAY_MS).unref();
    });
  }
}

/** The server's info rides on every 2026 result; the hub's clients have their own server (the hub). */
function withoutServerInfo(result: Record<string, unknown>): Record<string, unknown> {
  const meta = result._meta as Record<string, unknown> | undefined;
  if (!meta || !(SERVER_INFO_KEY in meta)) return result;
  const { [SERVER_INFO_KEY]: _, ...rest } = meta;
  const { _meta: __, ...out } = result;
  return Object.keys(rest).length ? { ...out, _meta: rest } : out;
}
