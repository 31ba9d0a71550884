import type { ChildProcess } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ServerConfig } from '../../../shared/config.js';
import type { HubOAuthProvider } from '../auth/oauth-provider.js';
import type { LaunchSpec } from './child-process.js';
import { waitForUrl } from './connect-helpers.js';
import { closedDuringProbe, noModernEvidence, type PriorEra } from './era.js';
import type { ServerLog } from '../log-file.js';
import { connectModern, httpStatus } from './modern-client.js';
import type { ModernConnection } from './modern-connection.js';
import { ChildStdioTransport } from './stdio-transport.js';
import { agentCardUrl, type A2AUpstreamConfig, type UpstreamConfig } from './upstream-config.js';
import { LegacyConnection, type UpstreamConnection } from './upstream-connection.js';

/** What reaching a server needs from its Upstream: its config and log, and the hooks that keep the Upstream's state. */
export interface ConnectContext {
  config: UpstreamConfig;
  /** False once the start was overtaken by a stop or another start. */
  current(): boolean;
  log: ServerLog;
  auth: HubOAuthProvider | undefined;
  openA2A: ((config: A2AUpstreamConfig) => Promise<Server>) | undefined;
  secrets(config: ServerConfig): Promise<{ env: Record<string, string>; headers: Record<string, string> }>;
  /** A process of this server; during a start its exit is not a failure by itself (the start's own error says what happened). */
  spawn(spec: LaunchSpec, stdin: 'pipe' | 'ignore'): ChildProcess;
  /** A v1 client wired to the Upstream (its request handlers, its close): for legacy servers. */
  newClient(): Client;
  /** A v2 client wired to the Upstream, in its connection (not connected yet): for 2026-07-28 servers. */
  newModern(): Promise<ModernConnection>;
  /** The transport with the Upstream's progress and log interception. */
  intercept(transport: Transport): Transport;
  /** The era remembered for this config: connect with it and send no probe. Undefined: find it. */
  prior: PriorEra | undefined;
  /** This start found the server's era by a probe: remember it with the config. */
  remember(connection: UpstreamConnection): void;
  /** A stdout line that is not MCP; a message past the size limit. */
  onJunk(line: string): void;
  onTooLarge(reason: string): void;
}

/**
 * Spawns (if local) and connects; resolves with a connection that has done its handshake (legacy) or
 * knows the server's discover result (modern). A v1 Client is accepted from the seam (tests) too.
 */
export async function connectServer(ctx: ConnectContext): Promise<UpstreamConnection | Client> {
  const c = ctx.config;
  if (c.transport === 'a2a') return connectA2A(ctx, c);
  const secrets = await ctx.secrets(c);
  const spec = { command: c.command, args: c.args, env: { ...c.env, ...secrets.env }, cwd: c.cwd };
  if (c.transport === 'stdio') return connectStdio(ctx, spec as LaunchSpec);
  if (c.command) {
    const child = ctx.spawn(spec as LaunchSpec, 'ignore');
    child.stdout!.on('data', (d: Buffer) => ctx.log.write(d));
    await waitForUrl(c.url, child, ctx.current);
  }
  return connectHttp(ctx, c.url, { ...c.headers, ...secrets.headers });
}

/**
 * A stdio server: one process, and the era probed on it in place (server/discover, then initialize if
 * it gave no modern evidence). A server that exits on the probe, as servers built on some SDKs do on
 * any request before initialize, is started once more and spoken to as a legacy server.
 */
async function connectStdio(ctx: ConnectContext, spec: LaunchSpec): Promise<UpstreamConnection> {
  const open = () => {
    const child = ctx.spawn(spec, 'pipe');
    return { child, transport: ctx.intercept(new ChildStdioTransport(child, ctx.onJunk, ctx.onTooLarge)) };
  };
  const first = open();
  if (ctx.prior?.kind === 'legacy') return connectLegacy(ctx, first.transport);
  if (ctx.prior) return connectModernOn(ctx, first.transport, ctx.prior);
  try {
    const modern = await connectModernOn(ctx, first.transport, undefined);
    ctx.remember(modern);
    return modern;
  } catch (e) {
    if (!noModernEvidence(e) && !closedDuringProbe(e)) throw e;
  }
  if (!exited(first.child)) {
    try {
      const legacy = await connectLegacy(ctx, first.transport);
      ctx.remember(legacy);
      return legacy;
    } catch (e) {
      if (!exited(first.child)) throw e;
    }
  }
  ctx.log.note('it exited on the protocol probe (server/discover); starting it again as a 2025-era server');
  const legacy = await connectLegacy(ctx, open().transport);
  ctx.remember(legacy);
  return legacy;
}

type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function connectLegacy(ctx: ConnectContext, transport: Transport): Promise<LegacyConnection> {
  // The probe may have left its handlers: the v1 client sets its own (it would chain to the old ones).
  transport.onmessage = transport.onclose = transport.onerror = undefined;
  const client = ctx.newClient();
  await client.connect(transport);
  return new LegacyConnection(client);
}

async function connectModernOn(ctx: ConnectContext, transport: Transport, prior: PriorEra | undefined): Promise<ModernConnection> {
  const connection = await ctx.newModern();
  await connectModern(connection.sdk, transport, prior);
  return connection;
}

/**
 * An A2A agent: a local one is started like a local HTTP server and waited for (its card URL must
 * answer); then the agent's in-process MCP server is linked to a client in memory.
 */
async function connectA2A(ctx: ConnectContext, c: A2AUpstreamConfig): Promise<Client> {
  const agent = c.agent;
  if (agent?.command) {
    const child = ctx.spawn({ command: agent.command, args: agent.args, env: agent.env, cwd: agent.cwd }, 'ignore');
    child.stdout!.on('data', (d: Buffer) => ctx.log.write(d));
    await waitForUrl(agentCardUrl(agent.url), child, ctx.current);
  }
  if (!ctx.openA2A) throw new Error('A2A agents are not available in this hub');
  const [{ InMemoryTransport }, server] = await Promise.all([import('@modelcontextprotocol/sdk/inMemory.js'), ctx.openA2A(c)]);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = ctx.newClient();
  await client.connect(ctx.intercept(clientSide));
  return client;
}

/**
 * An HTTP server: with a remembered era, straight to it; otherwise the probe goes in the connection
 * (server/discover; a legacy server answers 400) and decides. An auth wall is never an era verdict:
 * the v1 client then signs in as it always has, and the era is found at the next start. `fetchFn`
 * replaces the network (unit tests reach in-memory servers with it).
 */
export async function connectHttp(ctx: ConnectContext, url: string, headers: Record<string, string>, fetchFn?: FetchLike): Promise<UpstreamConnection> {
  if (ctx.prior?.kind === 'legacy') return connectLegacyHttp(ctx, url, headers, fetchFn);
  if (ctx.prior) return connectModernHttp(ctx, url, headers, ctx.prior, fetchFn);
  let found: ModernConnection;
  try {
    found = await connectModernHttp(ctx, url, headers, undefined, fetchFn);
  } catch (e) {
    const status = httpStatus(e);
    if (!noModernEvidence(e) && status !== 401 && status !== 403) throw e;
    const legacy = await connectLegacyHttp(ctx, url, headers, fetchFn);
    if (status === undefined) ctx.remember(legacy);
    return legacy;
  }
  ctx.remember(found);
  if (!ctx.auth) return found;
  // The probe carried the current token only; the session's transport keeps it fresh (the provider).
  void found.close();
  return connectModernHttp(ctx, url, headers, { kind: 'modern', discover: found.discover ?? {} }, fetchFn);
}

async function connectModernHttp(ctx: ConnectContext, url: string, headers: Record<string, string>, prior: PriorEra | undefined, fetchFn?: FetchLike): Promise<ModernConnection> {
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  const auth = ctx.auth;
  // Only this server's own tokens go with its requests: a client's token to the hub never does.
  const signing = auth && (prior ? { authProvider: auth as never, fetch: fetchFn ?? auth.fetch } : { fetch: withBearer(auth, fetchFn ?? auth.fetch) });
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, ...(fetchFn ? { fetch: fetchFn } : {}), ...(signing ?? {}) });
  return connectModernOn(ctx, ctx.intercept(transport as unknown as Transport), prior);
}

/** The probe signs with the tokens the server has now, and never starts a sign-in of its own. */
function withBearer(auth: HubOAuthProvider, fetchFn: FetchLike): FetchLike {
  return async (input, init) => {
    const tokens = await auth.tokens().catch(() => undefined);
    const headers = new Headers(init?.headers);
    if (tokens?.access_token) headers.set('authorization', `Bearer ${tokens.access_token}`);
    return fetchFn(input as string | URL, { ...init, headers });
  };
}

/** Streamable HTTP first; a 400, 404 or 405 to initialize means a legacy HTTP+SSE server. */
async function connectLegacyHttp(ctx: ConnectContext, url: string, headers: Record<string, string>, fetchFn?: FetchLike): Promise<LegacyConnection> {
  // Loaded on first use: a hub of stdio servers never pays for the HTTP client stack at start-up.
  const [{ StreamableHTTPClientTransport }, { SSEClientTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/client/sse.js'),
  ]);
  const auth = ctx.auth ? { authProvider: ctx.auth, fetch: ctx.auth.fetch } : fetchFn ? { fetch: fetchFn } : {};
  const client = ctx.newClient();
  try {
    await client.connect(ctx.intercept(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, ...auth })));
    return new LegacyConnection(client);
  } catch (e) {
    const code = (e as { code?: number }).code;
    if ((code !== 400 && code !== 404 && code !== 405) || ctx.auth?.signInNeeded) throw e;
    ctx.log.note(`Streamable HTTP refused (${code}); trying the legacy HTTP+SSE transport`);
    void client.close();
    const legacy = ctx.newClient();
    await legacy.connect(ctx.intercept(new SSEClientTransport(new URL(url), { requestInit: { headers }, ...auth }) as Transport));
    return new LegacyConnection(legacy);
  }
}
