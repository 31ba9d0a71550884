import type { ChildProcess } from 'node:child_process';
import type { ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import path from 'node:path';
import type { UpstreamConfig } from './upstream-config.js';
import type { HubOAuthProvider } from '../auth/oauth-provider.js';
import { stopProcess, type LaunchSpec } from './child-process.js';
import { fetchCatalog, KeychainProblem, readSecrets, withTimeout } from './connect-helpers.js';
import { connectServer, type ConnectContext } from './connect-server.js';
import { startServerProcess, type ProcessExit } from './server-process.js';
import { describeNetworkError } from './network-errors.js';
import { ServerLog } from '../log-file.js';
import { SecretNeedles } from '../secrets/redact.js';
import type { LastWords } from './last-words.js';
import { ProgressRoutes, type ProgressListener } from './progress-routes.js';
import { ReadyWaiters } from './ready-waiters.js';
import { EraMemory, suggestsEraChange, type PriorEra } from './era.js';
import { intercepted, legacyClient, modernConnection, type UpstreamWires } from './upstream-wiring.js';
import { asConnection, type UpstreamConnection } from './upstream-connection.js';
import { toolByName, type UpstreamCatalog } from './upstream-catalog.js';
import { unavailableSentence, type UpstreamDeps as Deps, type UpstreamState } from './upstream-deps.js';

export type { ServerRequest, UpstreamState } from './upstream-deps.js';
export type { UpstreamConnection, UpstreamCaller } from './upstream-connection.js';
export type UpstreamDeps = Deps<Upstream>;

interface Started {
  connection: UpstreamConnection;
  catalog: UpstreamCatalog;
}

/**
 * One configured MCP server and its connection: starts it (spawning a process for stdio and local
 * HTTP servers), keeps its catalog current, restarts it with backoff when it dies, and stops it.
 */
export class Upstream {
  private _state: UpstreamState = 'stopped';
  private _lastError: string | undefined;
  private _catalog: UpstreamCatalog | undefined;
  private _client: UpstreamConnection | undefined;
  private _capabilities: ServerCapabilities | undefined;
  readonly log: ServerLog;
  /** What its call records must not keep: its secret values, and the OAuth tokens or agent credential held for it now. */
  readonly secretNeedles = new SecretNeedles(() => [...(this.auth?.heldTokenValues() ?? []), ...(this.deps.heldSecrets?.(this.name) ?? [])]);
  private attempts = 0;
  /** When the next start is due while waiting to restart (ms since the epoch). */
  private nextStartAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private process: ChildProcess | undefined;
  /** The client of a start in progress, closed if the start is abandoned. */
  private pending: { close(): Promise<void> } | undefined;
  /** Bumped on every stop, so a start that was overtaken by a stop never installs itself. */
  private generation = 0;
  /** What the current process last wrote, and how it exited (see spawn). */
  private lastWords: LastWords | undefined;
  private exit: ProcessExit | undefined;
  private spawnFailed = false;
  private readonly waiters = new ReadyWaiters<UpstreamConnection>();
  /** The protocol era this server's config was found to speak (see era.ts). */
  private readonly era: EraMemory;
  private readonly progress = new ProgressRoutes();

  constructor(
    readonly config: UpstreamConfig,
    private readonly deps: UpstreamDeps,
  ) {
    this.log = new ServerLog(deps.logDir && path.join(deps.logDir, `${config.name}.log`));
    this.era = new EraMemory(deps.eras, config, (what, e) => this.log.note(`${what} this server failed: ${(e as Error).message}`));
  }

  get name(): string {
    return this.config.name;
  }

  get state(): UpstreamState {
    return this._state;
  }

  /**
   * Failed starts in a row (reset after a minute up), after how many it gives up, and while it waits to
   * restart (state 'backoff') when the next start is due: for the UI's countdown.
   */
  get restarts(): { attempts: number; maxAttempts: number; nextAt: number | undefined } {
    return { attempts: this.attempts, maxAttempts: this.deps.backoff.maxAttempts, nextAt: this.state === 'backoff' ? this.nextStartAt : undefined };
  }

  /** Why it last failed, in one sentence (undefined once it runs). */
  get lastError(): string | undefined {
    return this._lastError;
  }

  /** The server's own catalog; undefined until the first listing (the hub may serve a cached one meanwhile). */
  get catalog(): UpstreamCatalog | undefined {
    return this._catalog;
  }

  /** The connection while running: the same requests whichever era the server speaks (see upstream-connection.ts). */
  get client(): UpstreamConnection | undefined {
    return this._client;
  }

  /** The protocol version it speaks (2026-07-28, 2025-11-25 …): live while connected, else as remembered. */
  get protocol(): string | undefined {
    return this._client?.protocolVersion ?? this.era.verdict?.protocolVersion ?? undefined;
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
    return this.progress.next();
  }

  /** Calls `listener` with each progress notification the server sends for `token`, until the returned function is called. */
  watchProgress(token: string, listener: ProgressListener): () => void {
    return this.progress.watch(token, listener);
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

  /** The connection, waiting up to `timeoutMs` while the server starts. */
  whenReady(timeoutMs: number): Promise<UpstreamConnection> {
    if (this.state === 'running' && this.client) return Promise.resolve(this.client);
    if (this.state === 'stopped' || this.state === 'crashed' || this.state === 'sign-in-needed' || this.state === 'keychain-locked') {
      return Promise.reject(new Error(this.unavailableReason()));
    }
    return this.waiters.wait(timeoutMs, () => {
      const why = this.lastError ? `: ${this.lastError}` : '';
      return new Error(`Server "${this.name}" did not become ready within ${Math.round(timeoutMs / 1000)} s (${this.state === 'backoff' ? 'waiting to restart' : this.state}${why})`);
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
    return unavailableSentence(this.name, this.state, this.lastError);
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.setState('starting');
    this.log.note(`starting (attempt ${this.attempts + 1})`);
    try {
      const prior = this.era.prior();
      let started: Started | undefined;
      try {
        started = await this.attempt(current, prior);
      } catch (e) {
        // A remembered era that no longer holds (the server was upgraded, or replaced): find it again, once.
        if (!prior || !current() || this.auth?.signInNeeded || e instanceof KeychainProblem || !suggestsEraChange(e)) throw e;
        this.log.note(`it did not answer as a ${prior.kind === 'modern' ? '2026-07-28' : '2025-era'} server (${(e as Error).message}); checking its protocol again`);
        this.era.forget();
        this.retire();
        started = await this.attempt(current, undefined);
      }
      if (!started) return;
      const { connection, catalog } = started;
      this._capabilities = connection.getServerCapabilities();
      this._catalog = catalog;
      this._client = connection;
      this.pending = undefined;
      this._lastError = undefined;
      // The server took our tokens: whatever sign-in it wanted before is done.
      this.auth?.signInDone();
      this.setState('running');
      this.log.note(`running (${catalog.tools.length} tools, protocol ${connection.protocolVersion ?? 'unknown'})`);
      // During a start a process's exit only fails the start; one that ended just before it ran fails now.
      if (this.exit?.done) void this.exit.reason.then((r) => current() && this.failed(r));
      // A server that stays up for a minute has recovered: the next crash starts the backoff afresh.
      this.stableTimer = setTimeout(() => (this.attempts = 0), 60_000);
      this.stableTimer.unref();
      this.deps.onCatalog(this);
      this.deps.onRunning?.(this);
      this.waiters.resolveAll(connection);
    } catch (e) {
      if (!current()) return;
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

  /**
   * One connect (with `prior`, or finding the era) and the first listing, which is also the first
   * request a remembered era must survive; the server then hears that it may send change
   * notifications. Undefined when a stop or another start overtook it.
   */
  private async attempt(current: () => boolean, prior: PriorEra | undefined): Promise<Started | undefined> {
    const connecting = (this.deps.connect ?? connectServer)(this.connectContext(current, prior)).then(asConnection);
    let connection: UpstreamConnection | undefined;
    try {
      connection = await withTimeout(connecting, this.deps.startTimeoutMs, `did not start within ${this.deps.startTimeoutMs / 1000} s`);
      if (!current()) return void connection.close();
      const catalog = await withTimeout(fetchCatalog(connection, connection.getServerCapabilities()), this.deps.startTimeoutMs, 'did not list its tools in time');
      await connection.listen().catch((e: Error) => this.log.note(`it will not tell of changes: ${e.message}`));
      if (!current()) return void connection.close();
      return { connection, catalog };
    } catch (e) {
      // A start given up on (its time ran out) may still connect later: nobody would use that connection.
      if (connection) void connection.close();
      else void connecting.then((late) => late.close(), () => {});
      throw e;
    }
  }

  /** The process and client of a start that is given up for another (its exit is no failure: it is no longer this.process). */
  private retire(): void {
    const child = this.process;
    void this.pending?.close();
    this.pending = this.process = undefined;
    if (child) void stopProcess(child, 500);
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
    // While it starts, the start's own error says what went wrong (and a process that exits on the era
    // probe is started again); once it runs, its exit is a failure.
    void started.exit.reason.then((reason) => generation === this.generation && this.process === started.child && this.state === 'running' && this.failed(reason));
    return started.child;
  }

  /** What connecting needs from this upstream: its config and log, and the hooks that keep its state. */
  private connectContext(current: () => boolean, prior: PriorEra | undefined): ConnectContext {
    // An overtaken start's late client is neither pending nor live, and what it reports is dropped.
    const wires: UpstreamWires = {
      name: this.name,
      clientVersion: this.deps.clientVersion,
      progress: this.progress,
      lost: (reason) => current() && this.connectionLost(reason),
      changed: (kind) => void this.refresh(kind),
      notify: (n) => this.deps.onNotification(this, n),
      request: (method, params, signal) => this.deps.onServerRequest(this, { method, params }, signal),
      tool: (name) => this.tool(name),
      note: (line) => this.log.note(line),
      pending: (client) => current() && (this.pending = client),
    };
    return {
      config: this.config,
      current,
      log: this.log,
      auth: this.auth,
      openA2A: this.deps.openA2A,
      secrets: (config) => readSecrets(this.deps.resolveSecrets, config, current).then((values) => (this.secretNeedles.configure(values), values)),
      spawn: (spec, stdin) => this.spawn(spec, stdin),
      newClient: () => legacyClient(wires),
      newModern: () => modernConnection(wires),
      intercept: (transport) => intercepted(wires, transport),
      prior,
      remember: (connection) => current() && this.era.remember(connection),
      onJunk: (line) => {
        this.log.write(`[stdout, not MCP] ${line}\n`);
        this.lastWords?.write(`${line}\n`);
      },
      onTooLarge: (reason) => this.failed(reason),
    };
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
    this.nextStartAt = Date.now() + delay;
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }

  private setState(state: UpstreamState): void {
    if (this.state === state) return;
    this._state = state;
    this.deps.onState(this);
  }

  private rejectWaiters(e: Error): void {
    this.waiters.rejectAll(e);
  }
}
