import type { CallToolResult, LoggingLevel, McpError, Tool } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { ServerConfig, ServerStatusView } from '../../../shared/config.js';
import type { ConsentGate } from '../consent/consent-gate.js';
import { noRateLimits, type CallLimiter } from '../limits/rate-limiter.js';
import { noServerSecrets, type ServerSecretsResolver } from '../secrets/server-secrets.js';
import type { CatalogCacheRepo } from '../store/catalog-cache-repo.js';
import type { ToolCallsRepo } from '../store/tool-calls-repo.js';
import { ProcessRegistry } from '../upstream/process-registry.js';
import { Upstream, type UpstreamConnection, type UpstreamDeps } from '../upstream/upstream.js';
import type { UpstreamCatalog } from '../upstream/upstream-catalog.js';
import type { UpstreamConfig } from '../upstream/upstream-config.js';
import { Catalog, fingerprintOf } from './catalog.js';
import { ClientViews } from './client-views.js';
import { callHubTool } from './hub-tool-call.js';
import { isHubTool } from './hub-tools.js';
import { ToolSearch } from './tool-search.js';
import { DEFAULT_PROFILE, type ClientProfile } from '../../../shared/client-profile.js';
import type { GatewayContext } from './context.js';
import { forwardRequest, type ForwardedRequest } from './forward.js';
import { InFlightRequests, type CallChannel, type Session } from './in-flight.js';
import { RootsOwners } from './roots-owners.js';
import { SessionRelay, type ListenFanout } from './session-relay.js';
import { StartQueue } from './start-queue.js';
import { callTool } from './tool-call.js';
import { silentLogger, type Logger } from '../hub-log.js';

export { AnyResult, type Session } from './in-flight.js';
export { stripMcpPrefix } from './upstream-errors.js';
export type { ForwardedRequest } from './forward.js';

/**
 * How long a list request waits for servers that have never listed (no saved catalog) to connect or
 * fail: a client that lists once right after the first start sees every healthy server's tools, and a
 * slow or dead one delays the list by this much at most.
 */
export const FIRST_LIST_WAIT_MS = 5_000;

export interface GatewayOptions {
  version: string;
  /** Where failures nobody waits for go (the hub's log). */
  logger?: Logger;
  logDir?: string;
  consent: ConsentGate;
  /** Each client's profile (which servers and tools it sees, flat or search); everything, flat, by default. */
  profileOf?: (client: string) => ClientProfile;
  /** Rate limits of tool calls (see limits/rate-limiter.ts); none by default. */
  limiter?: CallLimiter;
  toolCalls: ToolCallsRepo;
  catalogCache?: CatalogCacheRepo;
  backoff?: UpstreamDeps['backoff'];
  startTimeoutMs?: number;
  /** How long a call waits for its server to finish starting. */
  readyTimeoutMs?: number;
  callTimeoutMs?: number;
  /** Servers start this long after the gateway is created (see queueStart). */
  startDelayMs?: number;
  /** Told each server's tools whenever they change (consent marks changed approved tools). */
  observeTools?: (server: string, tools: Tool[]) => void;
  /** Secret env values and headers of servers (the keychain); without it, a server that has secrets cannot start. */
  resolveSecrets?: ServerSecretsResolver;
  /** The OAuth provider of an HTTP server (see AuthManager). */
  authProvider?: UpstreamDeps['authProvider'];
  /** The in-process server of an A2A agent (see A2AService). */
  openA2A?: UpstreamDeps['openA2A'];
  /** An agent's credential and tokens, as held now (see A2AService.heldSecretValues). */
  heldSecrets?: UpstreamDeps['heldSecrets'];
  /** How every upstream is reached (default: connectServer); unit tests pass in-memory servers. */
  connect?: UpstreamDeps['connect'];
}

/**
 * The router between client sessions and upstream servers: keeps one Upstream per enabled server (and
 * starts them through the start queue), publishes their catalog, and hands each request to its
 * pipeline (tool-call.ts, forward.ts); the session relay routes what servers send back.
 */
export class Gateway {
  readonly catalog = new Catalog();
  readonly views: ClientViews;
  private readonly search = new ToolSearch(this.catalog);
  readonly upstreams = new Map<string, Upstream>();
  private readonly registry = new ProcessRegistry();
  private readonly cached: Map<string, UpstreamCatalog>;
  private readonly roots = new RootsOwners();
  private readonly deps: UpstreamDeps;
  private readonly context: GatewayContext;
  private readonly relay: SessionRelay;
  private readonly starts: StartQueue;
  private readonly stateListeners = new Set<(u: Upstream) => void>();
  private readonly callListeners = new Set<() => void>();
  private logLevel: LoggingLevel | undefined;
  private publishScheduled = false;
  private readonly log: Logger;

  constructor(private readonly options: GatewayOptions) {
    this.log = options.logger ?? silentLogger;
    this.cached = options.catalogCache?.load() ?? new Map();
    this.starts = new StartQueue(
      Date.now() + (options.startDelayMs ?? 1000),
      () => [...this.upstreams.values()].filter((u) => u.state === 'starting').length,
      (u) => this.upstreams.get(u.name) === u,
    );
    this.views = new ClientViews(this.catalog, options.profileOf ?? (() => DEFAULT_PROFILE));
    this.context = {
      catalog: this.catalog,
      views: this.views,
      upstreams: this.upstreams,
      inFlight: new InFlightRequests(),
      roots: this.roots,
      consent: options.consent,
      limiter: options.limiter ?? noRateLimits,
      toolCalls: options.toolCalls,
      log: this.log,
      callTimeoutMs: options.callTimeoutMs ?? 300_000,
      ready: (u) => this.ready(u),
      recorded: () => this.callListeners.forEach((l) => l()),
      firstListing: () => this.firstListing(),
    };
    this.relay = new SessionRelay(this.context);
    this.deps = {
      registry: this.registry,
      logDir: options.logDir,
      clientVersion: options.version,
      backoff: options.backoff ?? { baseMs: 1000, maxMs: 30_000, maxAttempts: 8 },
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
      resolveSecrets: options.resolveSecrets ?? noServerSecrets,
      ...(options.authProvider ? { authProvider: options.authProvider } : {}),
      ...(options.openA2A ? { openA2A: options.openA2A } : {}),
      ...(options.heldSecrets ? { heldSecrets: options.heldSecrets } : {}),
      ...(options.connect ? { connect: options.connect } : {}),
      ...(options.catalogCache ? { eras: options.catalogCache } : {}),
      onServerRequest: (u, req, signal) => this.relay.serverRequest(u, req, signal),
      onNotification: (u, n) => this.relay.serverNotification(u, n),
      onRunning: (u) => this.relay.resubscribe(u),
      onCatalog: (u) => this.catalogReported(u),
      onState: (u) => {
        // A (re)starting server knows no roots yet. Reset as it starts, not once it runs: a server asks for
        // roots right after the handshake, while the hub still lists its tools, and that request is what
        // marks it as a roots user (a reset after it would keep every client's roots from ever reaching it).
        if (u.state === 'starting') this.roots.reset(u.name);
        if (u.state !== 'starting' && this.starts.length) setImmediate(() => this.starts.drain());
        this.stateListeners.forEach((l) => l(u));
      },
    };
  }

  /** The live client sessions. */
  get sessions(): ReadonlyMap<string, Session> {
    return this.relay.sessions;
  }

  /** Told whenever a call is recorded or completed (the timeline refreshes). */
  onCall(listener: () => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  onUpstreamState(listener: (u: Upstream) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** A server listed its catalog: keep it for the next start (when it changed) and publish. */
  private catalogReported(u: Upstream): void {
    if (this.logLevel && u.client && u.capabilities?.logging) void u.client.setLoggingLevel(this.logLevel).catch((e: unknown) => this.log.warn(`passing the log level to "${u.name}"`, e));
    const catalog = u.catalog;
    const previous = this.cached.get(u.name);
    if (catalog && previous !== catalog) {
      this.cached.set(u.name, catalog);
      this.options.observeTools?.(u.name, catalog.tools);
      if (previous && sameCatalog(previous, catalog)) return this.schedulePublish();
      setImmediate(() => {
        try {
          if (this.upstreams.has(u.name)) this.options.catalogCache?.save(u.name, catalog);
        } catch (e) {
          // The cache only speeds up the next start; a failed write must not break this one.
          this.log.warn(`saving the catalog of "${u.name}"`, e);
        }
      });
    }
    this.schedulePublish();
  }

  /** Coalesces the many catalog reports of a start-up into one rebuild per turn of the event loop. */
  schedulePublish(): void {
    if (this.publishScheduled) return;
    this.publishScheduled = true;
    setImmediate(() => {
      this.publishScheduled = false;
      this.publish();
    });
  }

  /** Brings the running upstreams in line with the configuration: start, restart or stop as needed. */
  async reconcile(configs: readonly UpstreamConfig[]): Promise<void> {
    const wanted = new Map(configs.filter((c) => c.enabled).map((c) => [c.name, c]));
    const stops: Promise<void>[] = [];
    for (const [name, upstream] of this.upstreams) {
      const next = wanted.get(name);
      if (next && sameLaunch(next, upstream.config)) {
        if (JSON.stringify(next) !== JSON.stringify(upstream.config)) Object.assign(upstream.config, next);
        continue;
      }
      this.upstreams.delete(name);
      stops.push(upstream.stop());
    }
    for (const [name, config] of wanted) {
      if (this.upstreams.has(name)) continue;
      const upstream = new Upstream(structuredClone(config), this.deps);
      this.upstreams.set(name, upstream);
      this.starts.add(upstream);
    }
    for (const name of this.cached.keys()) if (!wanted.has(name)) this.cached.delete(name);
    for (const u of this.upstreams.values()) {
      // A server waiting for a sign-in tries again once there are tokens (the CLI or the UI signed in).
      if (u.state === 'sign-in-needed') void u.auth?.signedIn().then((yes) => yes && this.upstreams.get(u.name) === u && u.start(), () => {});
      // The user did something (a reload follows every change): the keychain may be unlocked now.
      if (u.state === 'keychain-locked') u.start();
    }
    this.publish();
    await Promise.all(stops);
  }

  /** Rebuilds the published catalog and tells every session what changed. */
  publish(): void {
    const sources = [...this.upstreams.values()].flatMap((u) => {
      const catalog = u.catalog ?? this.cached.get(u.name);
      return catalog ? [{ config: u.config, catalog }] : [];
    });
    this.relay.listsChanged(this.catalog.rebuild(sources));
  }

  /**
   * Before a list is answered: servers that have never listed (no catalog, live or saved) are started
   * now and waited for until each has listed or failed, FIRST_LIST_WAIT_MS at most. Returns at once
   * (synchronously undefined) when there is nothing to wait for, which is every list after the first.
   */
  firstListing(): Promise<void> | undefined {
    const unlisted = [...this.upstreams.values()].filter((u) => !u.catalog && !this.cached.has(u.name) && (u.state === 'starting' || u.state === 'stopped'));
    if (unlisted.length === 0) return undefined;
    unlisted.forEach((u) => this.starts.startNow(u));
    const settled = (u: Upstream) => u.catalog !== undefined || (u.state !== 'starting' && u.state !== 'stopped') || this.upstreams.get(u.name) !== u;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop();
        // The catalogs arrived a moment ago; publish them now rather than on the next turn.
        this.publish();
        resolve();
      };
      const timer = setTimeout(done, FIRST_LIST_WAIT_MS);
      const stop = this.onUpstreamState(() => unlisted.every(settled) && done());
      if (unlisted.every(settled)) done();
    });
  }

  callTool(session: Session, params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> }, channel: CallChannel): Promise<CallToolResult> {
    if (isHubTool(params.name) && this.views.of(session.client).mode === 'search') return callHubTool(this.context, this.search, session, params, channel);
    return callTool(this.context, session, params, channel);
  }

  /** Clients' profiles may have changed: sessions and listen streams whose lists changed (or their mode) hear list_changed. */
  reloadProfiles(): void {
    this.relay.profilesChanged();
  }

  /** Where list changes and resource updates for 2026-07-28 clients go (their subscriptions/listen streams). */
  setListenFanout(fanout: ListenFanout | undefined): void {
    this.relay.listeners = fanout;
  }

  /** A listen stream's resource subscription: checked and forwarded like resources/subscribe, held until releaseListen. */
  subscribeListen(session: Session, uri: string, channel: CallChannel): Promise<void> {
    return this.relay.subscribeListen(session, uri, channel);
  }

  releaseListen(uri: string): void {
    this.relay.releaseListen(uri);
  }

  /** A resource read, prompt get or completion for the server that owns it (see forward.ts). */
  forward(
    session: Session,
    server: string | undefined,
    method: string,
    params: Record<string, unknown>,
    channel: CallChannel,
    what: ForwardedRequest,
    notFound: () => McpError,
  ): Promise<Record<string, unknown>> {
    return forwardRequest(this.context, session, server, method, params, channel, what, notFound);
  }

  /** Starts the named server or agent now if it waits its turn; resolves once it is connected. */
  async connected(name: string): Promise<void> {
    const upstream = this.upstreams.get(name);
    if (!upstream) throw new HubError(ErrorCodes.notFound, `"${name}" is not enabled at this hub.`);
    await this.ready(upstream);
  }

  /** Starts a server now if it waits its turn, and resolves once it is connected. */
  private ready(upstream: Upstream): Promise<UpstreamConnection> {
    this.starts.startNow(upstream);
    return upstream.whenReady(this.options.readyTimeoutMs ?? 30_000);
  }

  /** Each configured server's state for the UI; disabled servers have no upstream. */
  status(configs: readonly ServerConfig[]): ServerStatusView[] {
    const counts = new Map<string, number>();
    for (const t of this.catalog.tools) {
      const server = this.catalog.tool(t.name)?.server;
      if (server) counts.set(server, (counts.get(server) ?? 0) + 1);
    }
    return configs.map((c) => {
      const u = this.upstreams.get(c.name);
      return {
        name: c.name,
        enabled: c.enabled,
        state: !c.enabled ? 'disabled' : (u?.state ?? 'stopped'),
        lastError: u?.lastError ?? null,
        toolCount: counts.get(c.name) ?? 0,
        ...(u?.protocol ? { protocol: u.protocol } : {}),
        logTail: u?.log.tail(40) ?? [],
        ...(u ? { restart: restartOf(u.restarts) } : {}),
      };
    });
  }

  /** A server's tools as it last reported them (live, or the saved catalog while it starts). */
  serverTools(name: string): Tool[] | undefined {
    return (this.upstreams.get(name)?.catalog ?? this.cached.get(name))?.tools;
  }

  /** Stops a server; the next reconcile starts it afresh (with its restart count reset). */
  async restart(name: string): Promise<void> {
    const u = this.upstreams.get(name);
    if (!u) return;
    this.upstreams.delete(name);
    await u.stop();
  }

  /** Passes a client's logging level to every running server that logs. */
  async setLogLevel(level: LoggingLevel): Promise<void> {
    this.logLevel = level;
    await Promise.allSettled(
      [...this.upstreams.values()].filter((u) => u.client && u.capabilities?.logging).map((u) => u.client!.setLoggingLevel(level)),
    );
  }

  addSession(session: Session): void {
    this.relay.add(session);
  }

  removeSession(id: string): void {
    this.relay.remove(id);
  }

  subscribe(session: Session, uri: string, channel: CallChannel): Promise<void> {
    return this.relay.subscribe(session, uri, channel);
  }

  unsubscribe(session: Session, uri: string): void {
    this.relay.unsubscribe(session, uri);
  }

  /** The client's roots changed (see SessionRelay.clientRootsChanged). */
  clientRootsChanged(session: Session): void {
    this.relay.clientRootsChanged(session);
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...this.upstreams.values()].map((u) => u.stop()));
    this.upstreams.clear();
    this.registry.close();
  }
}

function sameCatalog(a: UpstreamCatalog, b: UpstreamCatalog): boolean {
  const fa = fingerprintOf(a);
  const fb = fingerprintOf(b);
  return fa.tools === fb.tools && fa.resources === fb.resources && fa.prompts === fb.prompts;
}

/** A change to anything but the name filter and prefixing needs a restart of the server. */
function sameLaunch(a: UpstreamConfig, b: UpstreamConfig): boolean {
  const strip = (c: UpstreamConfig) => ({ ...c, tools: undefined, prefixTools: undefined });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** An upstream's restarts for the UI, the next start as an ISO time. */
function restartOf(r: { attempts: number; maxAttempts: number; nextAt: number | undefined }): NonNullable<ServerStatusView['restart']> {
  return { attempts: r.attempts, maxAttempts: r.maxAttempts, nextAt: r.nextAt === undefined ? null : new Date(r.nextAt).toISOString() };
}
