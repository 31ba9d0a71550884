import type { ChildProcess } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Notification, ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import path from 'node:path';
import type { ServerConfig } from '../../../shared/config.js';
import type { UpstreamConfig } from './upstream-config.js';
import type { HubOAuthProvider } from '../auth/oauth-provider.js';
import { stopProcess, type LaunchSpec } from './child-process.js';
import { fetchCatalog, withTimeout } from './connect-helpers.js';
import { connectServer, type ConnectContext } from './connect-server.js';
import { startServerProcess, type ProcessExit } from './server-process.js';
import { describeNetworkError } from './network-errors.js';
import { ServerLog } from '../log-file.js';
import type { LastWords } from './last-words.js';
import { createUpstreamClient } from './upstream-client.js';
import { InterceptingTransport } from './intercepting-transport.js';
import { toolByName, type UpstreamCatalog } from './upstream-catalog.js';
import type { UpstreamDeps as Deps, UpstreamState } from './upstream-deps.js';

export type { ServerRequest, UpstreamState } from './upstream-deps.js';
export type UpstreamDeps = Deps<Upstream>;

/** The keychain would not give a server's secrets. */
class KeychainProblem extends Error {}

/**
 * One configured MCP server and its connection: starts it (spawning a process for stdio and local
 * HTTP servers), keeps its catalog current, restarts it with backoff when it dies, and stops it.
 */
export class Upstream {
  private _state: UpstreamState = 'stopped';
  private _lastError: string | undefined;
  private _catalog: UpstreamCatalog | undefined;
  private _client: Client | undefined;
  private _capabilities: ServerCapabilities | undefined;
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
  private exit: ProcessExit | undefined;
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

  get state(): UpstreamState {
    return this._state;
  }

  /** Why it last failed, in one sentence (undefined once it runs). */
  get lastError(): string | undefined {
    return this._lastError;
  }

  /** The server's own catalog; undefined until the first listing (the hub may serve a cached one meanwhile). */
  get catalog(): UpstreamCatalog | undefined {
    return this._catalog;
  }

  /** The connected client while running. */
  get client(): Client | undefined {
    return this._client;
  }

  get capabilities(): ServerCapabilities | undefined {
    return this._capabilities;
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
    this._client = this.pending = this.process = undefined;
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
    let connecting: Promise<Client> | undefined;
    try {
      connecting = (this.deps.connect ?? connectServer)(this.connectContext(current));
      client = await withTimeout(connecting, this.deps.startTimeoutMs, `did not start within ${this.deps.startTimeoutMs / 1000} s`);
      if (!current()) return void client.close();
      this._capabilities = client.getServerCapabilities();
      this._catalog = await withTimeout(fetchCatalog(client, this.capabilities), this.deps.startTimeoutMs, 'did not list its tools in time');
      if (!current()) return void client.close();
      this._client = client;
      this.pending = undefined;
      this._lastError = undefined;
      // The server took our tokens: whatever sign-in it wanted before is done.
      this.auth?.signInDone();
      this.setState('running');
      this.log.note(`running (${this._catalog.tools.length} tools)`);
      // A server that stays up for a minute has recovered: the next crash starts the backoff afresh.
      this.stableTimer = setTimeout(() => (this.attempts = 0), 60_000);
      this.stableTimer.unref();
      this.deps.onCatalog(this);
      this.deps.onRunning?.(this);
      this.waiters.splice(0).forEach((w) => w.resolve(client!));
    } catch (e) {
      // A start given up on (its time ran out) may still connect later: nobody would use that client.
      if (!client) void connecting?.then((late) => late.close(), () => {});
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
    this._client = this.pending = undefined;
    void client?.close();
    const scope = this.auth?.signInNeeded?.scope;
    this._lastError = `sign-in needed${scope ? ` (the server asks for: ${scope})` : ''}`;
    this.log.note(this._lastError);
    this.setState('sign-in-needed');
    this.rejectWaiters(new Error(this.unavailableReason()));
  }

  /** The keychain would not give its secrets: a state the user resolves, not a loop that asks the keyring again and again. */
  private keychainLocked(reason: string): void {
    this.generation++;
    clearTimeout(this.timer);
    void this.pending?.close();
    this.pending = undefined;
    this._lastError = reason;
    this.log.note(`cannot start: ${reason}`);
    this.setState('keychain-locked');
    this.rejectWaiters(new Error(this.unavailableReason()));
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

  private spawn(spec: LaunchSpec, stdin: 'pipe' | 'ignore'): ChildProcess {
    const generation = this.generation;
    const started = startServerProcess(spec, stdin, this.deps.registry, this.log, {
      onSpawnFailed: (reason, final) => {
        if (generation !== this.generation) return;
        this.spawnFailed = final;
        this.failed(reason, { final });
      },
      onExitNoted: (how) => generation === this.generation && this.log.note(`exited (${how})`),
    });
    this.process = started.child;
    this.lastWords = started.words;
    this.exit = started.exit;
    this.spawnFailed = false;
    void started.exit.reason.then((reason) => generation === this.generation && this.failed(reason));
    return started.child;
  }

  /** What connecting needs from this upstream: its config and log, and the hooks that keep its state. */
  private connectContext(current: () => boolean): ConnectContext {
    return {
      config: this.config,
      current,
      log: this.log,
      auth: this.auth,
      openA2A: this.deps.openA2A,
      secrets: (config) => this.secrets(config, current),
      spawn: (spec, stdin) => this.spawn(spec, stdin),
      newClient: () => this.newClient(current),
      intercept: (transport) => this.intercepted(transport),
      onJunk: (line) => {
        this.log.write(`[stdout, not MCP] ${line}\n`);
        this.lastWords?.write(`${line}\n`);
      },
      onTooLarge: (reason) => this.failed(reason),
    };
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

  /** A client of the start `current` tells of: an overtaken start's late client is neither pending nor live. */
  private newClient(current: () => boolean): Client {
    const client = createUpstreamClient(this.deps.clientVersion, {
      onClose: () => current() && this.connectionLost('the connection closed'),
      onRequest: (method, params, signal) => this.deps.onServerRequest(this, { method, params }, signal),
      onListChanged: (kind) => void this.refresh(kind),
      onResourceUpdated: (n) => this.deps.onNotification(this, n),
    });
    if (current()) this.pending = client;
    return client;
  }

  /** The server said a list changed: read it again, into a new catalog object (so the gateway sees the change). */
  private async refresh(kind: 'tools' | 'resources' | 'prompts'): Promise<void> {
    if (!this.client || !this.catalog) return;
    try {
      this._catalog = { ...this.catalog, ...(await fetchCatalog(this.client, this.capabilities, kind)) };
      this.deps.onCatalog(this);
    } catch (e) {
      this.log.note(`could not refresh ${kind}: ${(e as Error).message}`);
    }
  }

  /** `final`: retrying cannot help (the command does not exist): crashed at once, with the reason. */
  private failed(reason: string, { final = false } = {}): void {
    if (this.state === 'stopped' || this.state === 'crashed' || this.state === 'backoff') return;
    this.generation++;
    clearTimeout(this.stableTimer);
    this._lastError = reason;
    const client = this.client;
    const child = this.process;
    void this.pending?.close();
    this._client = this.pending = this.process = undefined;
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
    this._state = state;
    this.deps.onState(this);
  }

  private rejectWaiters(e: Error): void {
    this.waiters.splice(0).forEach((w) => w.reject(e));
  }
}
