import { ErrorCode, McpError, type LoggingLevel, type Notification } from '@modelcontextprotocol/sdk/types.js';
import type { ServerRequest, Upstream } from '../upstream/upstream.js';
import type { CatalogChanges } from './catalog.js';
import type { GatewayContext } from './context.js';
import { forwardRequest } from './forward.js';
import { AnyResult, relay, type CallChannel, type InFlight, type Session } from './in-flight.js';

/** A server asking for roots while no call of the owner is in flight: the client answers on its own stream, or not at all. */
const ROOTS_OUTSIDE_CALL_TIMEOUT_MS = 5_000;

const LEVELS: LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const wantsLog = (session: Session, level: LoggingLevel) =>
  session.logLevel === undefined || LEVELS.indexOf(level) >= LEVELS.indexOf(session.logLevel);

/**
 * Where notifications for 2026-07-28 clients go: their open subscriptions/listen streams (they have no
 * session to send them on). See modern-endpoint.ts.
 */
export interface ListenFanout {
  /** Clients with a listen stream open (their views are kept fresh, so a profile change reaches them). */
  clients(): Iterable<string>;
  /** Lists changed for one client (its profile), or for every client (the catalog). */
  listsChanged(client: string | undefined, changes: CatalogChanges): void;
  /** A server said a resource changed: the clients listening to it hear so. */
  resourceUpdated(uri: string, params: Record<string, unknown>): void;
}

/**
 * The live client sessions, and everything that goes from a server back to them: requests (sampling,
 * elicitation, roots), log messages and resource updates, and the resource subscriptions that decide
 * who gets the latter. One registry, one owner of that routing. Sessions are told apart by id: the
 * requests of a 2026-07-28 client are each served with their own Session object of one id.
 */
export class SessionRelay {
  readonly sessions = new Map<string, Session>();
  /** The listen streams of 2026-07-28 clients, when the endpoint serves them. */
  listeners: ListenFanout | undefined;
  /** Resource subscriptions held by listen streams, by URI (a count: streams may share one). */
  private readonly listenHolds = new Map<string, number>();

  constructor(private readonly ctx: GatewayContext) {}

  add(session: Session): void {
    this.sessions.set(session.id, session);
  }

  remove(id: string): void {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    if (!session) return;
    this.ctx.roots.forget(session);
    for (const uri of session.subscriptions) this.maybeUnsubscribe(uri);
  }

  /**
   * Requests from a server to its client. roots/list is answered for the server's roots owner (the
   * session of its latest request; see roots-owners.ts): through that request's own channel while it is
   * in flight, else through the session's stream. Sampling and elicitation go to the session whose call
   * is in flight on that server, and only if that session declared the capability; with calls from
   * several clients in flight, stdio gives no way to tell which call the request belongs to, and the
   * hub refuses rather than show one client's data to another (the documented limit).
   */
  async serverRequest(upstream: Upstream, request: ServerRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    const flights = this.ctx.inFlight.of(upstream.name);
    if (request.method === 'roots/list') return this.rootsFor(upstream, flights, signal);
    const flight = flights.at(-1);
    if (!flight) {
      throw new McpError(ErrorCode.InvalidRequest, `Agent Hub can only pass ${request.method} to a client during one of its calls to "${upstream.name}".`);
    }
    if (flights.some((f) => f.session.id !== flight.session.id)) {
      throw new McpError(ErrorCode.InvalidRequest, `Agent Hub cannot tell which client's call this ${request.method} belongs to (several clients are calling "${upstream.name}").`);
    }
    const caps = flight.session.server.getClientCapabilities() ?? {};
    const capability = { 'sampling/createMessage': caps.sampling, 'elicitation/create': caps.elicitation }[request.method];
    if (!capability) throw new McpError(ErrorCode.MethodNotFound, `The calling client does not support ${request.method}.`);
    return flight.channel.sendRequest({ method: request.method, params: request.params }, AnyResult, { signal });
  }

  /** The roots of the server's owner session; a session without roots has none (an empty list). */
  private async rootsFor(upstream: Upstream, flights: readonly InFlight[], signal: AbortSignal): Promise<Record<string, unknown>> {
    const owner = this.ctx.roots.ownerOf(upstream.name);
    if (!owner) throw new McpError(ErrorCode.InvalidRequest, `Agent Hub passes roots/list to a client only once it calls "${upstream.name}".`);
    try {
      if (!owner.server.getClientCapabilities()?.roots) return { roots: [] };
      const flight = flights.findLast((f) => f.session.id === owner.id);
      if (flight) return await flight.channel.sendRequest({ method: 'roots/list' }, AnyResult, { signal });
      return await owner.server.request({ method: 'roots/list' }, AnyResult, { signal, timeout: ROOTS_OUTSIDE_CALL_TIMEOUT_MS });
    } finally {
      // After the answer has gone back to the server: the request waiting for it may go now.
      setImmediate(() => this.ctx.roots.answered(upstream.name));
    }
  }

  /** The client's roots changed: the servers holding its roots hear so and ask again before its next request. */
  clientRootsChanged(session: Session): void {
    for (const name of this.ctx.roots.changed(session)) void this.ctx.upstreams.get(name)?.client?.sendRootsListChanged().catch((e: unknown) => this.ctx.log.warn(`telling "${name}" the roots changed`, e));
  }

  serverNotification(upstream: Upstream, notification: Notification): void {
    if (notification.method === 'notifications/resources/updated') {
      const uri = (notification.params as { uri?: string } | undefined)?.uri;
      for (const s of this.sessions.values()) {
        if (uri && s.subscriptions.has(uri)) void s.server.notification(notification as never).catch(() => {});
      }
      if (uri && this.listenHolds.has(uri)) this.listeners?.resourceUpdated(uri, (notification.params ?? {}) as Record<string, unknown>);
      return;
    }
    if (notification.method === 'notifications/message') {
      // A log message while calls are in flight belongs to them; otherwise every session may see it.
      const level = (notification.params as { level: LoggingLevel }).level;
      const flights = this.ctx.inFlight.of(upstream.name);
      if (flights.length) {
        // During calls the message belongs to one of them; with several clients calling, it is not
        // known whose, and it is dropped rather than shown to the wrong client.
        const sessions = new Set(flights.map((f) => f.session.id));
        if (sessions.size > 1) return;
        for (const f of flights) if (wantsLog(f.session, level)) relay(f, notification);
        return;
      }
      for (const s of this.sessions.values()) {
        if (wantsLog(s, level)) void s.server.notification(notification as never).catch(() => {});
      }
    }
  }

  /** Tells every session and every listen stream which lists changed. */
  listsChanged(changes: CatalogChanges): void {
    for (const session of this.sessions.values()) this.listsChangedFor(session, changes);
    if (changes.tools || changes.resources || changes.prompts) this.listeners?.listsChanged(undefined, changes);
  }

  /** Clients' profiles may have changed: the sessions and listen streams of clients whose lists changed hear list_changed. */
  profilesChanged(): void {
    const clients = [...this.sessions.values()].map((s) => s.client);
    const changed = this.ctx.views.reload([...clients, ...(this.listeners?.clients() ?? [])]);
    for (const session of this.sessions.values()) {
      const changes = changed.get(session.client);
      if (changes) this.listsChangedFor(session, changes);
    }
    for (const [client, changes] of changed) this.listeners?.listsChanged(client, changes);
  }

  listsChangedFor(session: Session, changes: { tools: boolean; resources: boolean; prompts: boolean }): void {
    if (changes.tools) void session.server.sendToolListChanged().catch(() => {});
    if (changes.resources) void session.server.sendResourceListChanged().catch(() => {});
    if (changes.prompts) void session.server.sendPromptListChanged().catch(() => {});
  }

  async subscribe(session: Session, uri: string, channel: CallChannel): Promise<void> {
    await this.subscribeUpstream(session, uri, channel);
    session.subscriptions.add(uri);
  }

  /**
   * A listen stream of a 2026-07-28 client subscribes to a resource: the same checks and upstream
   * subscription as a session's resources/subscribe, held until releaseListen.
   */
  async subscribeListen(session: Session, uri: string, channel: CallChannel): Promise<void> {
    await this.subscribeUpstream(session, uri, channel);
    this.listenHolds.set(uri, (this.listenHolds.get(uri) ?? 0) + 1);
  }

  releaseListen(uri: string): void {
    const n = (this.listenHolds.get(uri) ?? 0) - 1;
    if (n > 0) this.listenHolds.set(uri, n);
    else this.listenHolds.delete(uri);
    this.maybeUnsubscribe(uri);
  }

  private async subscribeUpstream(session: Session, uri: string, channel: CallChannel): Promise<void> {
    const server = this.ctx.catalog.resourceServer(uri);
    // A resource of a server outside the client's profile is unknown to it (and its updates never reach it).
    if (server !== undefined && !this.ctx.views.of(session.client).sees(server)) throw new McpError(-32002, `Resource ${uri} not found`, { uri });
    const denied = server && this.ctx.consent.deniesServer?.(session.client, session.id, server);
    if (denied) throw new McpError(ErrorCode.InvalidRequest, denied.message);
    const upstream = server ? this.ctx.upstreams.get(server) : undefined;
    if (!this.held(uri) && upstream?.capabilities?.resources?.subscribe) {
      await forwardRequest(this.ctx, session, server, 'resources/subscribe', { uri }, channel, null, () => new McpError(-32002, `Resource ${uri} not found`));
    }
  }

  private held(uri: string): boolean {
    return this.listenHolds.has(uri) || [...this.sessions.values()].some((s) => s.subscriptions.has(uri));
  }

  unsubscribe(session: Session, uri: string): void {
    session.subscriptions.delete(uri);
    this.maybeUnsubscribe(uri);
  }

  /** A restarted server has forgotten its subscriptions: renew the ones clients still hold. */
  resubscribe(upstream: Upstream): void {
    if (!upstream.client || !upstream.capabilities?.resources?.subscribe) return;
    const uris = new Set([...this.sessions.values()].flatMap((s) => [...s.subscriptions]).concat([...this.listenHolds.keys()]));
    for (const uri of uris) {
      if (this.ctx.catalog.resourceServer(uri) !== upstream.name) continue;
      void upstream.client.request({ method: 'resources/subscribe', params: { uri } } as never, AnyResult).catch((e: unknown) => this.ctx.log.warn(`renewing the subscription to ${uri} at "${upstream.name}"`, e));
    }
  }

  private maybeUnsubscribe(uri: string): void {
    if (this.held(uri)) return;
    const server = this.ctx.catalog.resourceServer(uri);
    const upstream = server ? this.ctx.upstreams.get(server) : undefined;
    if (upstream?.client && upstream.capabilities?.resources?.subscribe) {
      void upstream.client.request({ method: 'resources/unsubscribe', params: { uri } } as never, AnyResult).catch((e: unknown) => this.ctx.log.warn(`unsubscribing from ${uri} at "${server}"`, e));
    }
  }
}
