import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { ServerConfigSchema } from '../../../shared/config.js';
import type { StoredEra } from '../../../main/core/store/catalog-cache-repo.js';
import { connectHttp } from '../../../main/core/upstream/connect-server.js';
import type { EraStore } from '../../../main/core/upstream/era.js';
import { ProcessRegistry } from '../../../main/core/upstream/process-registry.js';
import { Upstream, type UpstreamDeps } from '../../../main/core/upstream/upstream.js';
import { buildServer, state } from '../../fixtures/modern/modern-tools.mjs';

/*
 * Servers of both eras in memory, reached over Streamable HTTP through an injected fetch (no sockets):
 * the v2 SDK's InMemoryTransport speaks only the legacy era, so modern paths are tested like this.
 */

export const URL_ = 'http://servers.test/mcp';

type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** The modern-only fixture server (test/fixtures/modern/modern-tools.mjs) behind createMcpHandler(…, { legacy: 'reject' }). */
export function modernServer(): { handler: McpHttpHandler; fetch: Fetch } {
  state.extraTool = false;
  state.note = 'first note';
  const handler: McpHttpHandler = createMcpHandler((ctx) => buildServer(ctx, handler.notify), { legacy: 'reject' });
  return { handler, fetch: (url, init) => handler.fetch(new Request(url, init)) };
}

/** A 2025 server (v1 SDK, stateless Streamable HTTP): one tool, `which`. */
export function legacyServer(): { fetch: Fetch } {
  return {
    fetch: async (url, init) => {
      const server = new Server({ name: 'legacy', version: '1.0.0' }, { capabilities: { tools: {} } });
      server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [{ name: 'which', inputSchema: { type: 'object' } }] }));
      server.setRequestHandler(CallToolRequestSchema, () => ({ content: [{ type: 'text', text: 'legacy server' }] }));
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      return transport.handleRequest(new Request(url, init));
    },
  };
}

/** A fetch that counts requests by JSON-RPC method and goes wherever `target` points now. */
export function switchable(initial: { fetch: Fetch }) {
  const counts = new Map<string, number>();
  const sw = {
    target: initial,
    count: (method: string) => counts.get(method) ?? 0,
    fetch: (async (url: string | URL, init?: RequestInit) => {
      if (typeof init?.body === 'string') {
        try {
          const m = JSON.parse(init.body) as { method?: string; id?: unknown };
          if (m.method && m.id !== undefined) counts.set(m.method, (counts.get(m.method) ?? 0) + 1);
        } catch {
          // not JSON
        }
      }
      return sw.target.fetch(url, init);
    }) as Fetch,
  };
  return sw;
}

/** Era verdicts in memory, as hub.db keeps them. */
export function memoryEras(): EraStore & { all: Map<string, StoredEra> } {
  const all = new Map<string, StoredEra>();
  return { all, era: (s) => all.get(s), saveEra: (s, e) => void all.set(s, e), forgetEra: (s) => void all.delete(s) };
}

/** An Upstream named "web" at URL_ reaching `fetch`, with its reports in `events` and `notes`. */
export function httpUpstream(fetch: Fetch, eras: EraStore, overrides: Partial<UpstreamDeps> = {}) {
  const events: string[] = [];
  const notifications: { method: string; params?: unknown }[] = [];
  const deps: UpstreamDeps = {
    registry: new ProcessRegistry(),
    clientVersion: 'test',
    backoff: { baseMs: 50, maxMs: 50, maxAttempts: 3 },
    startTimeoutMs: 10_000,
    onServerRequest: async (_u, request) => {
      throw new Error(`unexpected server request ${request.method}`);
    },
    onNotification: (_u, n) => void notifications.push(n),
    onCatalog: (u) => events.push(`catalog:${u.catalog?.tools.map((t) => t.name).join(',')}`),
    onState: (u) => events.push(u.state),
    resolveSecrets: async () => ({ env: {}, headers: {} }),
    connect: (ctx) => connectHttp(ctx, URL_, {}, fetch),
    eras,
    ...overrides,
  };
  const upstream = new Upstream(ServerConfigSchema.parse({ name: 'web', transport: 'http', url: URL_ }), deps);
  return { upstream, events, notifications, deps };
}
