import type { ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
  type Notification,
  type ServerCapabilities,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import path from 'node:path';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ServerConfig } from '../../../shared/config.js';
import type { A2AUpstreamConfig, UpstreamConfig } from './upstream-config.js';
import type { HubOAuthProvider } from '../auth/oauth-provider.js';
import type { ServerSecretsResolver } from '../secrets/server-secrets.js';
import { launch, stopProcess } from './child-process.js';
import type { ProcessRegistry } from './process-registry.js';
import { describeNetworkError } from './network-errors.js';
import { LastWords, ServerLog } from './server-log.js';
import { ChildStdioTransport } from './stdio-transport.js';
import { InterceptingTransport } from './intercepting-transport.js';
import { emptyCatalog, toolByName, type UpstreamCatalog } from './upstream-catalog.js';

/**
 * 'sign-in-needed': an OAuth server that needs the user (no retries until a sign-in or a reload).
 * 'keychain-locked': its secrets cannot be read (the keychain is locked or missing): no retries either,
 * which would only prompt the keyring again and again, until the user acts (a reload: restart, enable,
 * set-secret, any change) — see Gateway.reconcile.
 */
export type UpstreamState = 'stopped' | 'starting' | 'running' | 'backoff' | 'crashed' | 'sign-in-needed' | 'keychain-locked';

/** The keychain would not give a server's secrets. */
class KeychainProblem extends Error {}

/** A request an upstream server sends its client (sampling, elicitation, roots). */
export interface ServerRequest {
  method: string;
  params?: Record<string, unknown>;
}

export interface UpstreamDeps {
  registry: ProcessRegistry;
  logDir?: string;
  clientVersion: string;
  /** Restart delays: base × 2^attempt, capped; after maxAttempts failures in a row the server stays crashed. */
  backoff: { baseMs: number; maxMs: number; maxAttempts: number };
  /** How long a start (spawn + initialize + listing) may take before it counts as failed. */
  startTimeoutMs: number;
  onServerRequest(upstream: Upstream, request: ServerRequest, signal: AbortSignal): Promise<Record<string, unknown>>;
  onNotification(upstream: Upstream, notification: Notification): void;
  onCatalog(upstream: Upstream): void;
  /** Called each time the server (re)starts and is ready. */
  onRunning?(upstream: Upstream): void;
  onState(upstream: Upstream): void;
  /** The values of the server's secret env keys and headers (from the keychain), read before each start. */
  resolveSecrets: ServerSecretsResolver;
  /** Signs an HTTP server's requests with OAuth tokens (undefined: no OAuth for this server). */
  authProvider?(config: ServerConfig): HubOAuthProvider | undefined;
  /** The in-process MCP server of an A2A agent (or of the hub's `a2a` tools); see a2a/a2a-service.ts. */
  openA2A?(config: A2AUpstreamConfig): Promise<Server>;
}

/**
 * One configured MCP server and its connection: starts it (spawning a process for stdio and local
 * HTTP servers), keeps its catalog current, restarts it with backoff when it dies, and stops it.
 */
export class Upstream {
  state: UpstreamState = 'stopped';
  lastError: string | undefined;
  /** The server's own catalog; undefined until the first listing (the hub may serve a cached one meanwhile). */
  catalog: UpstreamCatalog | undefined;
  client: Client | undefined;
  capabilities: ServerCapabilities | undefined;
  readonly log: ServerLog;
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private process: ChildProcess | undefined;
  /** The client of a start in progress, closed if the start is abandoned. */
  private pending: Client | undefined;
  /** Bumped on every stop, so a start that was overtaken by a stop never installs itself. */
  private generation = 0;
  /** What the current process last wrote, and how it exited (see spawn). */
  private lastWords: LastWords | undefined;
  private exit: { done: boolean; reason: Promise<string> } | undefined;
  private spawnFailed = false;
  private waiters: { resolve: (c: Client) => void; reject: (e: Error) => void }[] = [];
  /** Progress callbacks of calls in flight, by the progress token the hub gave the server. */
  private readonly progress = new Map<string, (params: { progress: number; total?: number; message?: string }) => void>();
  private progressSeq = 0;

  constructor(
    readonly config: UpstreamConfig,
    private readonly deps: UpstreamDeps,
  ) {
    this.log = new ServerLog(deps.logDir && path.join(deps.logDir, `${config.name}.log`));
  }

  get name(): string {
    return this.config.name;
  }

  /** The server's own definition of a tool, as it publishes it now (undefined before its first listing). */
  tool(name: string): Tool | undefined {
    return this.catalog && toolByName(this.catalog, name);
  }

  /** A progress token for one call to this server (the client's own token never reaches the server). */
  nextProgressToken(): string {
    return `agent-hub-${++this.progressSeq}`;
  }

  /** Calls `listener` with each progress notification the server sends for `token`, until the returned function is called. */
  watchProgress(token: string, listener: (params: { progress: number; total?: number; message?: string }) => void): () => void {
    this.progress.set(token, listener);
    return () => this.progress.delete(token);
  }

  start(): void {
    if (this.state === 'starting' || this.state === 'running') return;
    this.attempts = 0;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.generation++;
    clearTimeout(this.timer);
    clearTimeout(this.stableTimer);
    const client = this.client;
    const child = this.process;
    void this.pending?.close();
    this.client = this.pending = this.process = undefined;
    this.setState('stopped');
    this.rejectWaiters(new Error(`Server "${this.name}" was stopped.`));
    await Promise.allSettled([client?.close(), child && stopProcess(child)]);
    this.log.note('stopped');
    this.log.close();
  }

  /** The connected client, waiting up to `timeoutMs` while the server starts. */
  whenReady(timeoutMs: number): Promise<Client> {
    if (this.state === 'running' && this.client) return Promise.resolve(this.client);
    if (this.state === 'stopped' || this.state === 'crashed' || this.state === 'sign-in-needed' || this.state === 'keychain-locked') {
      return Promise.reject(new Error(this.unavailableReason()));
    }
    return new Promise<Client>((resolve, reject) => {
      const waiter = {
        resolve: (c: Client) => {
          clearTimeout(t);
          resolve(c);
        },
        reject: (e: Error) => {
          clearTimeout(t);
          reject(e);
        },
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const why = this.lastError ? `: ${this.lastError}` : '';
        reject(new Error(`Server "${this.name}" did not become ready within ${Math.round(timeoutMs / 1000)} s (${this.state === 'backoff' ? 'waiting to restart' : this.state}${why})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /**
   * A call found the connection dead (a remote server restarted, the network went away, the process
   * exited): reconnect. A process that exited says why (see spawn), which beats "connection closed".
   */
  connectionLost(reason: string): void {
    if (this.state !== 'running') return;
    const exit = this.exit;
    if (!exit?.done) return this.failed(reason);
    const generation = this.generation;
    void exit.reason.then((r) => generation === this.generation && this.failed(r));
  }

  unavailableReason(): string {
    const why = this.lastError ? `: ${this.lastError}` : '';
    if (this.state === 'sign-in-needed') return `Server "${this.name}" needs you to sign in: run "agent-hub login ${this.name}" or press Sign in on the Servers page.`;
    if (this.state === 'keychain-locked') return `Server "${this.name}" cannot start: ${this.lastError}; then restart it on the Servers page (or: agent-hub server disable, then enable).`;
    if (this.state === 'crashed') return `Server "${this.name}" has crashed and was not restarted${why}.`;
    if (this.state === 'stopped') return `Server "${this.name}" is not running.`;
    return `Server "${this.name}" is ${this.state === 'backoff' ? 'waiting to restart' : 'starting'}${why}.`;
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.setState('starting');
    this.log.note(`starting (attempt ${this.attempts + 1})`);
    let client: Client | undefined;
    try {
      const started = await withTimeout(this.open(current), this.deps.startTimeoutMs, `did not start within ${this.deps.startTimeoutMs / 1000} s`);
      client = started;
      if (!current()) return void client.close();
      this.capabilities = client.getServerCapabilities();
      this.catalog = await withTimeout(fetchCatalog(client, this.capabilities), this.deps.startTimeoutMs, 'did not list its tools in time');
      if (!current()) return void client.close();
      this.client = client;
      this.pending = undefined;
      this.lastError = undefined;
      // The server took our tokens: whatever sign-in it wanted before is done.
      if (this.auth) this.auth.signInNeeded = undefined;
      this.setState('running');
      this.log.note(`running (${this.catalog.tools.length} tools)`);
      // A server that stays up for a minute has recovered: the next crash starts the backoff afresh.
      this.stableTimer = setTimeout(() => (this.attempts = 0), 60_000);
      this.stableTimer.unref();
      this.deps.onCatalog(this);
      this.deps.onRunning?.(this);
      this.waiters.splice(0).forEach((w) => w.resolve(client!));
    } catch (e) {
      if (!current()) return;
      void client?.close();
      if (this.auth?.signInNeeded) return this.signInRequired();
      if (e instanceof KeychainProblem) return this.keychainLocked(e.message);
      // A process that exited says why better than the closed connection does; a network failure is
      // named by its cause rather than "fetch failed".
      const exit = this.exit;
      const url = this.config.transport === 'http' ? this.config.url : undefined;
      const reason = exit?.done ? await exit.reason : ((url && describeNetworkError(e, url)) ?? (e as Error).message);
      if (current()) this.failed(reason, { final: this.spawnFailed });
    }
  }

  /** The OAuth provider of this server, if it uses one. */
  get auth(): HubOAuthProvider | undefined {
    return this.config.transport === 'a2a' ? undefined : this.deps.authProvider?.(this.config);
  }

  /**
   * The server wants the user to sign in (no tokens, a refused refresh, a revoked grant, a step-up).
   * No retries: they would fail the same way. A sign-in or a reload starts it again.
   */
  signInRequired(): void {
    if (this.state === 'stopped' || this.state === 'sign-in-needed') return;
    this.generation++;
    clearTimeout(this.timer);
    const client = this.client;
    void this.pending?.close();
    this.client = this.pending = undefined;
    void client?.close();
    const scope = this.auth?.signInNeeded?.scope;
    this.lastError = `sign-in needed${scope ? ` (the server asks for: ${scope})` : ''}`;
    this.log.note(this.lastError);
    this.setState('sign-in-needed');
    this.rejectWaiters(new Error(this.unavailableReason()));
  }

  /** The keychain would not give its secrets: a state the user resolves, not a loop that asks the keyring again and again. */
  private keychainLocked(reason: string): void {
    this.generation++;
    clearTimeout(this.timer);
    void this.pending?.close();
    this.pending = undefined;
    this.lastError = reason;
    this.log.note(`cannot start: ${reason}`);
    this.setState('keychain-locked');
    this.rejectWaiters(new Error(this.unavailableReason()));
  }

  /** Spawns (if local) and connects; resolves with an initialized client. */
  private async open(current: () => boolean): Promise<Client> {
    const c = this.config;
    if (c.transport === 'a2a') return this.openA2A(c, current);
    const secrets = await this.secrets(c, current);
    if (c.transport === 'stdio') {
      const child = this.spawn({ command: c.command, args: c.args, env: { ...c.env, ...secrets.env }, cwd: c.cwd }, 'pipe');
      const client = this.newClient();
      await client.connect(
        this.intercepted(
          new ChildStdioTransport(
            child,
            (line) => {
              this.log.write(`[stdout, not MCP] ${line}\n`);
              this.lastWords?.write(`${line}\n`);
            },
            (reason) => this.failed(reason),
          ),
        ),
      );
      return client;
    }
    if (c.command) {
      const child = this.spawn({ command: c.command, args: c.args, env: { ...c.env, ...secrets.env }, cwd: c.cwd }, 'ignore');
      child.stdout!.on('data', (d: Buffer) => this.log.write(d));
      await waitForUrl(c.url, child, current);
    }
    return this.connectHttp(c.url, { ...c.headers, ...secrets.headers });
  }

  /**
   * An A2A agent: a local one is started like a local HTTP server and waited for (its card URL must
   * answer); then the agent's in-process MCP server is linked to a client in memory.
   */
  private async openA2A(c: A2AUpstreamConfig, current: () => boolean): Promise<Client> {
    const agent = c.agent;
    if (agent?.command) {
      const child = this.spawn({ command: agent.command, args: agent.args, env: agent.env, cwd: agent.cwd }, 'ignore');
      child.stdout!.on('data', (d: Buffer) => this.log.write(d));
      const { agentCardUrl } = await import('../a2a/card-fetch.js');
      await waitForUrl(agentCardUrl(agent.url), child, current);
    }
    if (!this.deps.openA2A) throw new Error('A2A agents are not available in this hub');
    const [{ InMemoryTransport }, server] = await Promise.all([import('@modelcontextprotocol/sdk/inMemory.js'), this.deps.openA2A(c)]);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = this.newClient();
    await client.connect(this.intercepted(clientSide));
    return client;
  }

  /**
   * The secret env values and headers, from the keychain. A keychain failure fails this start with its
   * sentence (as lastError; a value itself never reaches the log). A stop during the read leaves
   * nothing to start.
   */
  private async secrets(config: ServerConfig, current: () => boolean): Promise<{ env: Record<string, string>; headers: Record<string, string> }> {
    const secrets = await this.deps.resolveSecrets(config).catch((e: Error) => {
      throw new KeychainProblem(e.message.replace(/\.$/, ''));
    });
    if (!current()) throw new Error('stopped while reading its secrets');
    return secrets;
  }

  private spawn(spec: { command: string; args: string[]; env: Record<string, string>; cwd?: string }, stdin: 'pipe' | 'ignore'): ChildProcess {
    const child = launch(spec, this.deps.registry, stdin);
    this.process = child;
    const words = (this.lastWords = new LastWords());
    child.stderr!.on('data', (d: Buffer) => {
      this.log.write(d);
      words.write(d);
    });
    const generation = this.generation;
    this.spawnFailed = false;
    child.once('error', (e: NodeJS.ErrnoException) => {
      if (generation !== this.generation) return;
      // A command that does not exist will not exist on the next attempt either: no backoff loop.
      this.spawnFailed = e.code === 'ENOENT' || e.code === 'EACCES';
      this.failed(describeSpawnError(e, spec.command), { final: this.spawnFailed });
    });
    const exit: { done: boolean; reason: Promise<string> } = { done: false, reason: Promise.resolve('') };
    this.exit = exit;
    exit.reason = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => {
        exit.done = true;
        const how = signal ?? `code ${code}`;
        if (generation === this.generation) this.log.note(`exited (${how})`);
        // The last of stderr may still be in the pipe when 'exit' comes.
        const said = () => {
          const last = words.toString();
          resolve(`the process exited (${how})${last ? `: ${last}` : ''}${this.log.path ? ` (its log: ${this.log.path})` : ''}`);
        };
        if (child.stderr!.readableEnded) said();
        else {
          child.stderr!.once('end', said);
          setTimeout(said, 200).unref();
        }
      }),
    );
    void exit.reason.then((reason) => generation === this.generation && this.failed(reason));
    return child;
  }

  /** Streamable HTTP first; a 400, 404 or 405 to initialize means a legacy HTTP+SSE server. */
  private async connectHttp(url: string, headers: Record<string, string>): Promise<Client> {
    // Loaded on first use: a hub of stdio servers never pays for the HTTP client stack at start-up.
    const [{ StreamableHTTPClientTransport }, { SSEClientTransport }] = await Promise.all([
      import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
      import('@modelcontextprotocol/sdk/client/sse.js'),
    ]);
    const client = this.newClient();
    try {
      await client.connect(this.intercepted(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, ...this.authOption() })));
      return client;
    } catch (e) {
      const code = (e as { code?: number }).code;
      if ((code !== 400 && code !== 404 && code !== 405) || this.auth?.signInNeeded) throw e;
      this.log.note(`Streamable HTTP refused (${code}); trying the legacy HTTP+SSE transport`);
      void client.close();
      const legacy = this.newClient();
      await legacy.connect(this.intercepted(new SSEClientTransport(new URL(url), { requestInit: { headers }, ...this.authOption() }) as Transport));
      return legacy;
    }
  }

  /** Only this server's own tokens go with its requests: a client's token to the hub never does. */
  private authOption(): { authProvider?: HubOAuthProvider; fetch?: HubOAuthProvider['fetch'] } {
    const provider = this.auth;
    return provider ? { authProvider: provider, fetch: provider.fetch } : {};
  }

  /** Progress and log notifications are handled here, in arrival order (see InterceptingTransport). */
  private intercepted(transport: Transport): Transport {
    return new InterceptingTransport(transport, (m) => {
      if (!('method' in m) || 'id' in m) return false;
      if (m.method === 'notifications/progress') {
        const { progressToken, ...rest } = (m.params ?? {}) as { progressToken?: string | number; progress: number };
        this.progress.get(String(progressToken))?.(rest);
        return true;
      }
      if (m.method === 'notifications/message') {
        this.deps.onNotification(this, m as Notification);
        return true;
      }
      return false;
    });
  }

  private newClient(): Client {
    const client = (this.pending = new Client(
      { name: 'agent-hub', version: this.deps.clientVersion },
      { capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } } },
    ));
    const generation = this.generation;
    client.onclose = () => {
      if (generation === this.generation) this.connectionLost('the connection closed');
    };
    const forward = (method: string) => async (request: { params?: Record<string, unknown> }, extra: { signal: AbortSignal }) =>
      this.deps.onServerRequest(this, { method, params: request.params }, extra.signal);
    client.setRequestHandler(CreateMessageRequestSchema, forward('sampling/createMessage') as never);
    client.setRequestHandler(ElicitRequestSchema, forward('elicitation/create') as never);
    client.setRequestHandler(ListRootsRequestSchema, forward('roots/list') as never);

    const refresh = (kind: 'tools' | 'resources' | 'prompts') => async () => {
      if (!this.client || !this.catalog) return;
      try {
        // A new object, so the gateway sees that this catalog changed.
        this.catalog = { ...this.catalog, ...(await fetchCatalog(this.client, this.capabilities, kind)) };
        this.deps.onCatalog(this);
      } catch (e) {
        this.log.note(`could not refresh ${kind}: ${(e as Error).message}`);
      }
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, refresh('tools'));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, refresh('resources'));
    client.setNotificationHandler(PromptListChangedNotificationSchema, refresh('prompts'));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => this.deps.onNotification(this, n));
    return client;
  }

  /** `final`: retrying cannot help (the command does not exist): crashed at once, with the reason. */
  private failed(reason: string, { final = false } = {}): void {
    if (this.state === 'stopped' || this.state === 'crashed' || this.state === 'backoff') return;
    this.generation++;
    clearTimeout(this.stableTimer);
    this.lastError = reason;
    const client = this.client;
    const child = this.process;
    void this.pending?.close();
    this.client = this.pending = this.process = undefined;
    void client?.close();
    if (child) void stopProcess(child, 500);

    const { baseMs, maxMs, maxAttempts } = this.deps.backoff;
    this.attempts++;
    if (this.attempts >= maxAttempts || final) {
      this.log.note(final ? `crashed: ${reason}` : `crashed: ${reason}; gave up after ${this.attempts} attempts`);
      this.setState('crashed');
      this.rejectWaiters(new Error(this.unavailableReason()));
      return;
    }
    const delay = Math.min(maxMs, baseMs * 2 ** (this.attempts - 1));
    this.log.note(`${reason}; restarting in ${delay} ms`);
    this.setState('backoff');
    // A call waits for one start, not for a server that keeps failing: it gets this attempt's reason.
    this.rejectWaiters(new Error(this.unavailableReason()));
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }

  private setState(state: UpstreamState): void {
    if (this.state === state) return;
    this.state = state;
    this.deps.onState(this);
  }

  private rejectWaiters(e: Error): void {
    this.waiters.splice(0).forEach((w) => w.reject(e));
  }
}

/** Every page of every list the server's capabilities promise (or only `only`). */
async function fetchCatalog(client: Client, caps: ServerCapabilities | undefined, only?: 'tools' | 'resources' | 'prompts'): Promise<Partial<UpstreamCatalog> & UpstreamCatalog> {
  const out = emptyCatalog();
  const want = (k: 'tools' | 'resources' | 'prompts') => (only === undefined || only === k) && caps?.[k] !== undefined;
  if (want('tools')) out.tools = await allPages((cursor) => client.listTools({ cursor }), (r) => r.tools);
  if (want('resources')) {
    out.resources = await allPages((cursor) => client.listResources({ cursor }), (r) => r.resources);
    out.resourceTemplates = await allPages((cursor) => client.listResourceTemplates({ cursor }), (r) => r.resourceTemplates).catch(() => []);
  }
  if (want('prompts')) out.prompts = await allPages((cursor) => client.listPrompts({ cursor }), (r) => r.prompts);
  if (only === 'tools') return { tools: out.tools } as UpstreamCatalog;
  if (only === 'resources') return { resources: out.resources, resourceTemplates: out.resourceTemplates } as UpstreamCatalog;
  if (only === 'prompts') return { prompts: out.prompts } as UpstreamCatalog;
  return out;
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

/** Polls a local HTTP server's URL until anything answers, the process dies, or the start is abandoned. */
async function waitForUrl(url: string, child: ChildProcess, current: () => boolean): Promise<void> {
  for (let delay = 50; current(); delay = Math.min(delay * 2, 500)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the process exited before its URL answered');
    try {
      const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(2000) });
      void res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(message)), ms).unref()))]).finally(() =>
    clearTimeout(t),
  );
}

function describeSpawnError(e: NodeJS.ErrnoException, command: string): string {
  if (e.code === 'ENOENT') return `the command "${command}" was not found (check the command and PATH)`;
  if (e.code === 'EACCES') return `the command "${command}" is not executable`;
  return `could not start "${command}" (${e.code ?? e.message})`;
}
