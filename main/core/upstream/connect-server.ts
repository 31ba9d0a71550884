import type { ChildProcess } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ServerConfig } from '../../../shared/config.js';
import type { HubOAuthProvider } from '../auth/oauth-provider.js';
import type { LaunchSpec } from './child-process.js';
import { waitForUrl } from './connect-helpers.js';
import type { ServerLog } from '../log-file.js';
import { ChildStdioTransport } from './stdio-transport.js';
import { agentCardUrl, type A2AUpstreamConfig, type UpstreamConfig } from './upstream-config.js';

/** What reaching a server needs from its Upstream: its config and log, and the hooks that keep the Upstream's state. */
export interface ConnectContext {
  config: UpstreamConfig;
  /** False once the start was overtaken by a stop or another start. */
  current(): boolean;
  log: ServerLog;
  auth: HubOAuthProvider | undefined;
  openA2A: ((config: A2AUpstreamConfig) => Promise<Server>) | undefined;
  secrets(config: ServerConfig): Promise<{ env: Record<string, string>; headers: Record<string, string> }>;
  spawn(spec: LaunchSpec, stdin: 'pipe' | 'ignore'): ChildProcess;
  /** A client wired to the Upstream (its request handlers, its close). */
  newClient(): Client;
  /** The transport with the Upstream's progress and log interception. */
  intercept(transport: Transport): Transport;
  /** A stdout line that is not MCP; a message past the size limit. */
  onJunk(line: string): void;
  onTooLarge(reason: string): void;
}

/** Spawns (if local) and connects; resolves with an initialized client. */
export async function connectServer(ctx: ConnectContext): Promise<Client> {
  const c = ctx.config;
  if (c.transport === 'a2a') return connectA2A(ctx, c);
  const secrets = await ctx.secrets(c);
  if (c.transport === 'stdio') {
    const child = ctx.spawn({ command: c.command, args: c.args, env: { ...c.env, ...secrets.env }, cwd: c.cwd }, 'pipe');
    const client = ctx.newClient();
    await client.connect(ctx.intercept(new ChildStdioTransport(child, ctx.onJunk, ctx.onTooLarge)));
    return client;
  }
  if (c.command) {
    const child = ctx.spawn({ command: c.command, args: c.args, env: { ...c.env, ...secrets.env }, cwd: c.cwd }, 'ignore');
    child.stdout!.on('data', (d: Buffer) => ctx.log.write(d));
    await waitForUrl(c.url, child, ctx.current);
  }
  return connectHttp(ctx, c.url, { ...c.headers, ...secrets.headers });
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

/** Streamable HTTP first; a 400, 404 or 405 to initialize means a legacy HTTP+SSE server. */
async function connectHttp(ctx: ConnectContext, url: string, headers: Record<string, string>): Promise<Client> {
  // Loaded on first use: a hub of stdio servers never pays for the HTTP client stack at start-up.
  const [{ StreamableHTTPClientTransport }, { SSEClientTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/client/sse.js'),
  ]);
  // Only this server's own tokens go with its requests: a client's token to the hub never does.
  const auth = ctx.auth ? { authProvider: ctx.auth, fetch: ctx.auth.fetch } : {};
  const client = ctx.newClient();
  try {
    await client.connect(ctx.intercept(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, ...auth })));
    return client;
  } catch (e) {
    const code = (e as { code?: number }).code;
    if ((code !== 400 && code !== 404 && code !== 405) || ctx.auth?.signInNeeded) throw e;
    ctx.log.note(`Streamable HTTP refused (${code}); trying the legacy HTTP+SSE transport`);
    void client.close();
    const legacy = ctx.newClient();
    await legacy.connect(ctx.intercept(new SSEClientTransport(new URL(url), { requestInit: { headers }, ...auth }) as Transport));
    return legacy;
  }
}
