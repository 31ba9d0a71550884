import { McpError, ErrorCode, type CallToolResult, type LoggingLevel, type Notification, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ServerConfig, ServerStatusView } from '../../../shared/config.js';
import type { ConsentGate } from '../consent/consent-gate.js';
import { noServerSecrets, type ServerSecretsResolver } from '../secrets/server-secrets.js';
import type { CatalogCacheRepo } from '../store/catalog-cache-repo.js';
import type { RequestKind, ToolCallsRepo } from '../store/tool-calls-repo.js';
import { ProcessRegistry } from '../upstream/process-registry.js';
import { Upstream, type ServerRequest, type UpstreamDeps } from '../upstream/upstream.js';
import type { UpstreamCatalog } from '../upstream/upstream-catalog.js';
import { Catalog, fingerprintOf } from './catalog.js';
import type { UpstreamConfig } from '../upstream/upstream-config.js';
import { CallRecord } from './call-record.js';
import { AnyResult, InFlightRequests, relay, type Extra, type InFlight, type Session } from './in-flight.js';
import { RootsOwners } from './roots-owners.js';
import { callTool, type ToolCallContext } from './tool-call.js';
import { isConnectionError, signInProblem, stripMcpPrefix } from './upstream-errors.js';

export { AnyResult, type Session } from './in-flight.js';
export { stripMcpPrefix } from './upstream-errors.js';

/** Servers booting at the same time; more only slow each other (and the hub) down on a laptop. */
const START_CONCURRENCY = 4;

/**
 * How long a list request waits for servers that have never listed (no saved catalog) to connect or
 * fail: a client that lists once right after the first start sees every healthy server's tools, and a
 * slow or dead one delays the list by this much at most.
 */
export const FIRST_LIST_WAIT_MS = 5_000;

/** A server asking for roots while no call of the owner is in flight: the client answers on its own stream, or not at all. */
const ROOTS_OUTSIDE_CALL_TIMEOUT_MS = 5_000;

const LEVELS: LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const wantsLog = (session: Session, level: LoggingLevel) =>
  session.logLevel === undefined || LEVELS.indexOf(level) >= LEVELS.indexOf(session.logLevel);

/** A request other than tools/call that goes to one server: what it is, for the record. */
export interface ForwardedRequest {
  kind: Exclude<RequestKind, 'tool'>;
  /** The resource URI, the prompt's own name, or what is completed. */
  name: string;
}

export interface GatewayOptions {
  version: string;
  logDir?: string;
  consent: ConsentGate;
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
}

/**
 * The router between client sessions and upstream servers: keeps one Upstream per enabled server,
 * the published catalog, and the live sessions; routes every request and forwards notifications and
 * server→client requests both ways.
 */
export class Gateway {
  readonly catalog = new Catalog();
  readonly upstreams = new Map<string, Upstream>();
  readonly sessions = new Map<string, Session>();
  private readonly registry = new ProcessRegistry();
  private readonly cached: Map<string, UpstreamCatalog>;
  private readonly inFlight = new InFlightRequests();
  private readonly roots = new RootsOwners();
  private readonly deps: UpstreamDeps;
  private readonly callContext: ToolCallContext;
  private stateListeners = new Set<(u: Upstream) => void>();
  private logLevel: LoggingLevel | undefined;

  constructor(private readonly options: GatewayOptions) {
    this.startAfter = Date.now() + (options.startDelayMs ?? 1000);
    this.cached = options.catalogCache?.load() ?? new Map();
    this.deps = {
      registry: this.registry,
      logDir: options.logDir,
      clientVersion: options.version,
      backoff: options.backoff ?? { baseMs: 1000, maxMs: 30_000, maxAttempts: 8 },
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
      resolveSecrets: options.resolveSecrets ?? noServerSecrets,
      ...(options.authProvider ? { authProvider: options.authProvider } : {}),
      ...(options.openA2A ? { openA2A: options.openA2A } : {}),
      onServerRequest: (u, req, signal) => this.serverRequest(u, req, signal),
      onNotification: (u, n) => this.serverNotification(u, n),
      onRunning: (u) => this.resubscribe(u),
      onCatalog: (u) => {
        if (this.logLevel && u.client && u.capabilities?.logging) void u.client.setLoggingLevel(this.logLevel).catch(() => {});
        const catalog = u.catalog;
        const previous = this.cached.get(u.name);
        if (catalog && previous !== catalog) {
          this.cached.set(u.name, catalog);
          options.observeTools?.(u.name, catalog.tools);
          if (previous && sameCatalog(previous, catalog)) return this.schedulePublish();
          setImmediate(() => {
            try {
              if (this.upstreams.has(u.name)) options.catalogCache?.save(u.name, catalog);
            } catch {
              // The cache only speeds up the next start; a failed write must not break this one.
            }
          });
        }
        this.schedulePublish();
      },
      onState: (u) => {
        // A (re)starting server knows no roots yet. Reset as it starts, not once it runs: a server asks for
        // roots right after the handshake, while the hub still lists its tools, and that request is what
        // marks it as a roots user (a reset after it would keep every client's roots from ever reaching it).
        if (u.state === 'starting') this.roots.reset(u.name);
        if (u.state !== 'starting' && this.startQueue.length) setImmediate(() => this.drainStarts());
        this.stateListeners.forEach((l) => l(u));
      },
    };
    this.callContext = {
      catalog: this.catalog,
      upstreams: this.upstreams,
      inFlight: this.inFlight,
      roots: this.roots,
      consent: options.consent,
      toolCalls: options.toolCalls,
      callTimeoutMs: options.callTimeoutMs ?? 300_000,
      ready: (u) => this.ready(u),
      recorded: () => this.callListeners.forEach((l) => l()),
      firstListing: () => this.firstListing(),
    };
  }

  private callListeners = new Set<() => void>();

  /** Told whenever a call is recorded or completed (the timeline refreshes). */
  onCall(listener: () => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  onUpstreamState(listener: (u: Upstream) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private publishScheduled = false;
  private readonly startAfter: number;
  private startQueue: Upstream[] = [];

  /** Coalesces the many catalog reports of a start-up into one rebuild per turn of the event loop. */
  schedulePublish(): void {
    if (this.publishScheduled) return;
    this.publishScheduled = true;
    setImmediate(() => {
      this.publishScheduled = false;
      this.publish();
    });
  }

  /**
   * Starts servers one per turn of the event loop: spawning is synchronous, and thirty at once would
   * keep the endpoint from answering (from the saved catalog) while they start.
   */
  private queueStart(upstream: Upstream): void {
    this.startQueue.push(upstream);
    // Right after the hub starts, clients connect and list tools (answered from the saved catalog);
    // spawning is synchronous and CPU-hungry, so servers wait a moment unless a call needs one sooner.
    const wait = Math.max(0, this.startAfter - Date.now());
    if (wait > 0) setTimeout(() => this.drainStarts(), wait).unref();
    else setImmediate(() => this.drainStarts());
  }

  /** A call for a server still queued starts it now, ahead of the others. */
  private startNow(upstream: Upstream): void {
    const i = this.startQueue.indexOf(upstream);
    if (i === -1) return;
    this.startQueue.splice(i, 1);
    upstream.start();
  }

  /** At most START_CONCURRENCY servers boot at once, one spawn per turn, so the hub stays responsive. */
  private drainStarts(): void {
    const booting = [...this.upstreams.values()].filter((u) => u.state === 'starting').length;
    if (booting >= START_CONCURRENCY) return;
    const next = this.startQueue.shift();
    if (!next) return;
    if (this.upstreams.get(next.name) === next) next.start();
    if (this.startQueue.length) setImmediate(() => this.drainStarts());
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
      this.queueStart(upstream);
    }
    for (const name of this.cached.keys()) if (!wanted.has(name)) this.cached.delete(name);
    // A server waiting for a sign-in tries again once there are tokens (the CLI or the UI signed in).
    for (const u of this.upstreams.values()) {
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
    const changes = this.catalog.rebuild(sources);
    for (const session of this.sessions.values()) {
      if (changes.tools) void session.server.sendToolListChanged().catch(() => {});
      if (changes.resources) void session.server.sendResourceListChanged().catch(() => {});
      if (changes.prompts) void session.server.sendPromptListChanged().catch(() => {});
    }
  }

  callTool(session: Session, params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> }, extra: Extra): Promise<CallToolResult> {
    return callTool(this.callContext, session, params, extra);
  }

  /**
   * A request for the server that serves a resource, prompt or completion. It is recorded like a tool
   * call; a rule that denies the whole server to this client refuses it (these never prompt).
   */
  async forward(
    session: Session,
    server: string | undefined,
    method: string,
    params: Record<string, unknown>,
    extra: Extra,
    /** What goes on the record; null for bookkeeping requests (subscriptions) that are not recorded. */
    what: ForwardedRequest | null,
    notFound: () => McpError,
  ): Promise<Record<string, unknown>> {
    const upstream = server === undefined ? undefined : this.upstreams.get(server);
    if (!upstream) throw notFound();
    const started = performance.now();
    const { _meta: _, ...args } = params;
    const record =
      what &&
      new CallRecord(
        this.options.toolCalls,
        { kind: what.kind, client: session.client, server: upstream.name, name: what.name, arguments: args },
        this.callContext.recorded,
        (line) => upstream.log.note(line),
      );
    const finish = (status: 'ok' | 'error' | 'denied' | 'cancelled', error?: string) => record?.finish(status, performance.now() - started, error);
    // Recorded requests fail closed, like tool calls (see CallRecord).
    await record?.open().catch((e: Error) => {
      throw new McpError(ErrorCode.InternalError, `Agent Hub could not record this request, so it was not made: ${e.message}`);
    });
    const denied = this.options.consent.deniesServer?.(session.client, session.id, upstream.name);
    if (denied) {
      record?.decided(denied.by);
      finish('denied', denied.message);
      throw new McpError(ErrorCode.InvalidRequest, denied.message);
    }
    const client = await this.ready(upstream).catch((e: Error) => {
      finish('error', e.message);
      throw new McpError(ErrorCode.InternalError, e.message);
    });
    const flight: InFlight = { session, extra, relayed: Promise.resolve() };
    this.inFlight.add(upstream.name, flight);
    try {
      await this.roots.claim(upstream.name, session, () => client.sendRootsListChanged());
      const result = await client.request({ method, params } as never, AnyResult, { signal: extra.signal });
      await flight.relayed;
      finish('ok');
      return result;
    } catch (e) {
      if (extra.signal.aborted) {
        finish('cancelled');
        throw e;
      }
      const signIn = signInProblem(upstream, e);
      finish('error', signIn ?? stripMcpPrefix((e as Error).message));
      if (signIn) throw new McpError(ErrorCode.InternalError, signIn);
      if (isConnectionError(e)) upstream.connectionLost((e as Error).message);
      if (e instanceof McpError) throw new McpError(e.code, stripMcpPrefix(e.message), e.data);
      throw e;
    } finally {
      this.inFlight.delete(upstream.name, flight);
    }
  }

  /**
   * Before a list is answered: servers that have never listed (no catalog, live or saved) are started
   * now and waited for until each has listed or failed, FIRST_LIST_WAIT_MS at most. Returns at once
   * (synchronously undefined) when there is nothing to wait for, which is every list after the first.
   */
  firstListing(): Promise<void> | undefined {
    const unlisted = [...this.upstreams.values()].filter((u) => !u.catalog && !this.cached.has(u.name) && (u.state === 'starting' || u.state === 'stopped'));
    if (unlisted.length === 0) return undefined;
    unlisted.forEach((u) => this.startNow(u));
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

  /** Starts a server now if it waits its turn, and resolves once it is connected. */
  private ready(upstream: Upstream): Promise<Client> {
    this.startNow(upstream);
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
        logTail: u?.log.tail(40) ?? [],
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
    this.sessions.set(session.id, session);
  }

  removeSession(id: string): void {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    if (!session) return;
    this.roots.forget(session);
    for (const uri of session.subscriptions) this.maybeUnsubscribe(uri);
  }

  async subscribe(session: Session, uri: string, extra: Extra): Promise<void> {
    const server = this.catalog.resourceServer(uri);
    const denied = server && this.options.consent.deniesServer?.(session.client, session.id, server);
    if (denied) throw new McpError(ErrorCode.InvalidRequest, denied.message);
    const first = ![...this.sessions.values()].some((s) => s.subscriptions.has(uri));
    const upstream = server ? this.upstreams.get(server) : undefined;
    if (first && upstream?.capabilities?.resources?.subscribe) {
      await this.forward(session, server, 'resources/subscribe', { uri }, extra, null, () => new McpError(-32002, `Resource ${uri} not found`));
    }
    session.subscriptions.add(uri);
  }

  /** A restarted server has forgotten its subscriptions: renew the ones clients still hold. */
  private resubscribe(upstream: Upstream): void {
    if (!upstream.client || !upstream.capabilities?.resources?.subscribe) return;
    const uris = new Set([...this.sessions.values()].flatMap((s) => [...s.subscriptions]));
    for (const uri of uris) {
      if (this.catalog.resourceServer(uri) !== upstream.name) continue;
      void upstream.client.request({ method: 'resources/subscribe', params: { uri } } as never, AnyResult).catch(() => {});
    }
  }

  async unsubscribe(session: Session, uri: string): Promise<void> {
    session.subscriptions.delete(uri);
    this.maybeUnsubscribe(uri);
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...this.upstreams.values()].map((u) => u.stop()));
    this.upstreams.clear();
    this.registry.close();
  }

  private maybeUnsubscribe(uri: string): void {
    if ([...this.sessions.values()].some((s) => s.subscriptions.has(uri))) return;
    const server = this.catalog.resourceServer(uri);
    const upstream = server ? this.upstreams.get(server) : undefined;
    if (upstream?.client && upstream.capabilities?.resources?.subscribe) {
      void upstream.client.request({ method: 'resources/unsubscribe', params: { uri } } as never, AnyResult).catch(() => {});
    }
  }

  /**
   * Requests from a server to its client. roots/list is answered for the server's roots owner (the
   * session of its latest request; see roots-owners.ts): through that request's own stream while it is
   * in flight, else through the session's stream. Sampling and elicitation go to the session whose call
   * is in flight on that server, and only if that session declared the capability; with calls from
   * several clients in flight, stdio gives no way to tell which call the request belongs to, and the
   * hub refuses rather than show one client's data to another (the documented limit).
   */
  private async serverRequest(upstream: Upstream, request: ServerRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    const flights = this.inFlight.of(upstream.name);
    if (request.method === 'roots/list') return this.rootsFor(upstream, flights, signal);
    const flight = flights.at(-1);
    if (!flight) {
      throw new McpError(ErrorCode.InvalidRequest, `Agent Hub can only pass ${request.method} to a client during one of its calls to "${upstream.name}".`);
    }
    if (flights.some((f) => f.session !== flight.session)) {
      throw new McpError(ErrorCode.InvalidRequest, `Agent Hub cannot tell which client's call this ${request.method} belongs to (several clients are calling "${upstream.name}").`);
    }
    const caps = flight.session.server.getClientCapabilities() ?? {};
    const capability = { 'sampling/createMessage': caps.sampling, 'elicitation/create': caps.elicitation }[request.method];
    if (!capability) {
      throw new McpError(ErrorCode.MethodNotFound, `The calling client does not support ${request.method}.`);
    }
    return flight.extra.sendRequest({ method: request.method, params: request.params }, AnyResult, { signal });
  }

  /** The roots of the server's owner session; a session without roots has none (an empty list). */
  private async rootsFor(upstream: Upstream, flights: readonly InFlight[], signal: AbortSignal): Promise<Record<string, unknown>> {
    const owner = this.roots.ownerOf(upstream.name);
    if (!owner) throw new McpError(ErrorCode.InvalidRequest, `Agent Hub passes roots/list to a client only once it calls "${upstream.name}".`);
    try {
      if (!owner.server.getClientCapabilities()?.roots) return { roots: [] };
      const flight = flights.findLast((f) => f.session === owner);
      if (flight) return await flight.extra.sendRequest({ method: 'roots/list' }, AnyResult, { signal });
      return await owner.server.request({ method: 'roots/list' }, AnyResult, { signal, timeout: ROOTS_OUTSIDE_CALL_TIMEOUT_MS });
    } finally {
      // After the answer has gone back to the server: the request waiting for it may go now.
      setImmediate(() => this.roots.answered(upstream.name));
    }
  }

  /** The client's roots changed: the servers holding its roots hear so and ask again. */
  clientRootsChanged(session: Session): void {
    for (const name of this.roots.changed(session)) void this.upstreams.get(name)?.client?.sendRootsListChanged().catch(() => {});
  }

  private serverNotification(upstream: Upstream, notification: Notification): void {
    if (notification.method === 'notifications/resources/updated') {
      const uri = (notification.params as { uri?: string } | undefined)?.uri;
      for (const s of this.sessions.values()) {
        if (uri && s.subscriptions.has(uri)) void s.server.notification(notification as never).catch(() => {});
      }
      return;
    }
    if (notification.method === 'notifications/message') {
      // A log message while calls are in flight belongs to them; otherwise every session may see it.
      const level = (notification.params as { level: LoggingLevel }).level;
      const flights = this.inFlight.of(upstream.name);
      if (flights.length) {
        // During calls the message belongs to one of them; with several clients calling, it is not
        // known whose, and it is dropped rather than shown to the wrong client.
        const sessions = new Set(flights.map((f) => f.session));
        if (sessions.size > 1) return;
        for (const f of flights) if (wantsLog(f.session, level)) relay(f, notification);
        return;
      }
      for (const s of this.sessions.values()) {
        if (wantsLog(s, level)) void s.server.notification(notification as never).catch(() => {});
      }
    }
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
