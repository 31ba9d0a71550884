import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolRequest,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../shared/config.js';
import type { ConnectContext } from '../../main/core/upstream/connect-server.js';

/**
 * In-memory MCP servers behind the Upstream's `connect` seam (UpstreamDeps.connect): no process, no
 * network, and every start does what the test planned. The Upstream's own client wiring (newClient,
 * intercept) is what talks to them, so its handlers are what a test exercises.
 */

/** A promise the test settles by hand. */
export class Gate<T = void> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: Error) => void;
  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

/**
 * What one start does: 'ok' connects; an Error fails it (after the secrets were read, like the real
 * connect); 'hang' never answers; a Gate waits for the test (resolved: connects; rejected: fails).
 */
export type Outcome = 'ok' | 'hang' | Error | Gate;

export interface FakeServer {
  name: string;
  server: Server;
  /** Set once the server's side of the connection closed (the hub closed its client, or the test crashed it). */
  closed: boolean;
  /** Drops the connection from the server's side, as a crash would. */
  crash(): Promise<void>;
}

export interface Attempt {
  name: string;
  /** Date.now() when the start called connect (the fake clock's time under vi.useFakeTimers). */
  at: number;
}

type CallHandler = (request: CallToolRequest, extra: RequestHandlerExtra<ServerRequest, ServerNotification>, server: FakeServer) => Promise<CallToolResult>;

export const tool = (name: string): Tool => ({ name, inputSchema: { type: 'object' } });

export class FakeServers {
  readonly attempts: Attempt[] = [];
  readonly servers: FakeServer[] = [];
  /** The tools each server lists (by server name); `echo` when not set. A promise delays the listing. */
  tools: (name: string) => Tool[] | Promise<Tool[]> = () => [tool('echo')];
  /** How each server answers tools/call; echoes the arguments when not set. */
  onCall: CallHandler = async (request) => ({ content: [{ type: 'text', text: JSON.stringify(request.params.arguments ?? {}) }] });
  private readonly plans = new Map<string, Outcome[]>();

  /** Plans the next starts of `name` ('*': of any server without a plan of its own). Unplanned starts are 'ok'. */
  plan(name: string, ...outcomes: Outcome[]): this {
    this.plans.set(name, [...(this.plans.get(name) ?? []), ...outcomes]);
    return this;
  }

  /** How many times a server (or any, without a name) was started. */
  count(name?: string): number {
    return this.attempts.filter((a) => name === undefined || a.name === name).length;
  }

  /** The server the latest successful start of `name` connected to. */
  latest(name: string): FakeServer {
    const s = this.servers.findLast((x) => x.name === name);
    if (!s) throw new Error(`no start of "${name}" has connected (attempts: ${this.count(name)})`);
    return s;
  }

  readonly connect = async (ctx: ConnectContext): Promise<Client> => {
    const name = ctx.config.name;
    this.attempts.push({ name, at: Date.now() });
    const outcome = this.take(name);
    // As the real connect does: the keychain is read before anything is started.
    await ctx.secrets(ctx.config as ServerConfig);
    if (outcome instanceof Error) throw outcome;
    if (outcome === 'hang') return new Promise<Client>(() => {});
    if (outcome instanceof Gate) await outcome.promise;

    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = new Server({ name, version: '1.0.0' }, { capabilities: { tools: { listChanged: true }, logging: {} } });
    const fake: FakeServer = { name, server, closed: false, crash: () => server.close() };
    server.onclose = () => (fake.closed = true);
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await this.tools(name) }));
    server.setRequestHandler(CallToolRequestSchema, (request, extra) => this.onCall(request, extra, fake));
    await server.connect(serverSide);
    this.servers.push(fake);
    const client = ctx.newClient();
    await client.connect(ctx.intercept(clientSide));
    return client;
  };

  private take(name: string): Outcome {
    const own = this.plans.get(name);
    if (own?.length) return own.shift()!;
    return this.plans.get('*')?.shift() ?? 'ok';
  }
}

/** A promise's outcome, readable at any moment without awaiting it (and never an unhandled rejection). */
export function observe<T>(p: Promise<T>): { readonly state: 'pending' | 'resolved' | 'rejected'; readonly value?: T; readonly error?: Error } {
  const seen: { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: Error } = { state: 'pending' };
  p.then(
    (value) => Object.assign(seen, { state: 'resolved', value }),
    (error: Error) => Object.assign(seen, { state: 'rejected', error }),
  );
  return seen;
}
