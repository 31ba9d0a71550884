import { McpError, ErrorCode, type CallToolResult, type LoggingLevel, type Notification, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { z } from 'zod';
import type { ServerConfig, ServerStatusView } from '../../../shared/config.js';
import type { ConsentGate } from '../consent/consent-gate.js';
import { noSecretEnv, type SecretEnvResolver } from '../secrets/secret-env.js';
import type { CatalogCacheRepo } from '../store/catalog-cache-repo.js';
import type { ToolCallsRepo } from '../store/tool-calls-repo.js';
import { ProcessRegistry } from '../upstream/process-registry.js';
import { Upstream, type ServerRequest, type UpstreamDeps } from '../upstream/upstream.js';
import type { UpstreamCatalog } from '../upstream/upstream-catalog.js';
import { Catalog, fingerprintOf } from './catalog.js';
import type { UpstreamConfig } from '../upstream/upstream-config.js';
import { CALLER_META, CALL_ID_META } from '../a2a/call-meta.js';

/** Servers booting at the same time; more only slow each other (and the hub) down on a laptop. */
const START_CONCURRENCY = 4;

/** A call may run this long in all, however much progress it reports. */
const MAX_CALL_MS = 3_600_000;

/** Results are passed through as the server sent them: validating every one would only add latency. */
export const AnyResult = z.looseObject({});

type Extra = RequestHandlerExtra<never, never> & {
  sendRequest: (req: { method: string; params?: unknown }, schema: typeof AnyResult, options?: { signal?: AbortSignal }) => Promise<Record<string, unknown>>;
  sendNotification: (n: { method: string; params?: unknown }) => Promise<void>;
};

/** One connected MCP client session. */
export interface Session {
  id: string;
  client: string;
  server: Server;
  subscriptions: Set<string>;
  /** Set by logging/setLevel; messages below it are not sent to this session. */
  logLevel: LoggingLevel | undefined;
}

const LEVELS: LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const wantsLog = (session: Session, level: LoggingLevel) =>
  session.logLevel === undefined || LEVELS.indexOf(level) >= LEVELS.indexOf(session.logLevel);

interface InFlight {
  session: Session;
  extra: Extra;
  /** Notifications relayed for this call, in order; the result waits for them so it cannot overtake them. */
  relayed: Promise<void>;
}

function relay(flight: InFlight, notification: { method: string; params?: unknown }): void {
  flight.relayed = flight.relayed.then(() => flight.extra.sendNotification(notification)).catch(() => {});
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
  /** Secret env values of servers (the keychain); without it, a server that has secret env cannot start. */
  resolveSecretEnv?: SecretEnvResolver;
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
  private readonly inFlight = new Map<string, InFlight[]>();
  private readonly deps: UpstreamDeps;
  private stateListeners = new Set<(u: Upstream) => void>();
  private logLevel: LoggingLevel | undefined;
  private progressSeq = 0;

  constructor(private readonly options: GatewayOptions) {
    this.startAfter = Date.now() + (options.startDelayMs ?? 1000);
    this.cached = options.catalogCache?.load() ?? new Map();
    this.deps = {
      registry: this.registry,
      logDir: options.logDir,
      clientVersion: options.version,
      backoff: options.backoff ?? { baseMs: 1000, maxMs: 30_000, maxAttempts: 8 },
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
      resolveSecretEnv: options.resolveSecretEnv ?? noSecretEnv,
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
        if (u.state !== 'starting' && this.startQueue.length) setImmediate(() => this.drainStarts());
        this.stateListeners.forEach((l) => l(u));
      },
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

  async callTool(session: Session, params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> }, extra: Extra): Promise<CallToolResult> {
    const route = this.catalog.tool(params.name);
    // Hidden and unknown tools take this same path, so a guessed name learns nothing.
    if (!route) throw new McpError(ErrorCode.InvalidParams, `Tool ${params.name} not found`);
    const upstream = this.upstreams.get(route.server);
    if (!upstream) throw new McpError(ErrorCode.InvalidParams, `Tool ${params.name} not found`);

    const started = performance.now();
    // The record is written when the call is under way upstream, and completed after the answer has
    // gone out, so both SQLite writes overlap the server's work instead of adding to the latency.
    // A timeline write that fails (full disk) must not fail the call or crash the hub: the server log says so.
    let callId: number | undefined;
    // Known once consent has answered; a record made after that carries it from the start.
    const decided: { by?: string } = {};
    const record = () => {
      if (callId === undefined) {
        try {
          callId = this.options.toolCalls.start(session.client, route.server, route.original, params.arguments, decided.by);
          this.callListeners.forEach((l) => l());
        } catch (e) {
          callId = -1;
          upstream.log.note(`could not record a call to ${route.original}: ${(e as Error).message}`);
        }
      }
      return callId;
    };
    const decision = await this.options.consent.decide({
      record,
      client: session.client,
      sessionId: session.id,
      server: route.server,
      tool: route.original,
      definition: route.tool,
      arguments: params.arguments,
      signal: extra.signal,
    });
    decided.by = decision.by;
    // A prompt put the call on the timeline before the answer: the answer goes on it now, not at the end.
    if (decision.allow && callId !== undefined && callId !== -1) {
      const id = callId;
      setImmediate(() => {
        try {
          this.options.toolCalls.decided(id, decision.by);
          this.callListeners.forEach((l) => l());
        } catch {
          // Only the timeline's "consent" column waits for the end of the call then.
        }
      });
    }
    const finish = (status: 'ok' | 'error' | 'denied' | 'cancelled', error?: string) => {
      const ms = performance.now() - started;
      const id = record();
      if (id === -1) return;
      setImmediate(() => {
        try {
          this.options.toolCalls.finish(id, status, ms, error, decision.by);
          this.callListeners.forEach((l) => l());
        } catch (e) {
          upstream.log.note(`could not complete the record of call ${id}: ${(e as Error).message}`);
        }
      });
    };
    if (!decision.allow) {
      finish(extra.signal.aborted ? 'cancelled' : 'denied', decision.message);
      return { content: [{ type: 'text', text: decision.message }], isError: true };
    }

    let client;
    try {
      this.startNow(upstream);
      client = await upstream.whenReady(this.options.readyTimeoutMs ?? 30_000);
    } catch (e) {
      const message = (e as Error).message;
      finish('error', message);
      return { content: [{ type: 'text', text: `${message.replace(/\.$/, '')}; the call was not made.` }], isError: true };
    }

    // The server gets a progress token of ours (see Upstream.progress); progress also keeps the call alive.
    const clientToken = params._meta?.progressToken;
    const token = `agent-hub-${++this.progressSeq}`;
    const idle = this.options.callTimeoutMs ?? 300_000;
    const stalled = new AbortController();
    const timer = setTimeout(() => stalled.abort(), idle);
    const flight: InFlight = { session, extra, relayed: Promise.resolve() };
    upstream.progress.set(token, (p) => {
      timer.refresh();
      if (clientToken !== undefined) relay(flight, { method: 'notifications/progress', params: { ...p, progressToken: clientToken } });
    });
    this.track(route.server, flight);
    // The hub's own A2A servers learn who calls (tasks belong to the client that started them); set
    // after the client's _meta, so a client cannot claim to be another.
    const caller = upstream.config.transport === 'a2a' ? { [CALLER_META]: session.client, [CALL_ID_META]: record() } : {};
    try {
      const pending = client.request(
        { method: 'tools/call', params: { name: route.original, arguments: params.arguments, _meta: { ...params._meta, progressToken: token, ...caller } } },
        AnyResult,
        { signal: AbortSignal.any([extra.signal, stalled.signal]), timeout: MAX_CALL_MS },
      );
      record();
      const result = await pending;
      await flight.relayed;
      finish(result.isError ? 'error' : 'ok', result.isError ? firstText(result) : undefined);
      return result as CallToolResult;
    } catch (e) {
      if (extra.signal.aborted) {
        finish('cancelled');
        throw e;
      }
      const message = stalled.signal.aborted ? `no answer and no progress for ${Math.round(idle / 1000)} s` : stripMcpPrefix((e as Error).message);
      const signIn = signInProblem(upstream, e);
      if (signIn) {
        finish('error', signIn);
        return { content: [{ type: 'text', text: signIn }], isError: true };
      }
      finish('error', message);
      // An error the server itself returned goes back as it came; a lost connection becomes a tool error.
      if (!stalled.signal.aborted && e instanceof McpError && e.code !== ErrorCode.ConnectionClosed && e.code !== ErrorCode.RequestTimeout) {
        throw new McpError(e.code, message, e.data);
      }
      if (isConnectionError(e)) upstream.connectionLost(message);
      return { content: [{ type: 'text', text: `Server "${route.server}" failed during the call: ${message}` }], isError: true };
    } finally {
      clearTimeout(timer);
      upstream.progress.delete(token);
      this.untrack(route.server, flight);
    }
  }

  /** A request for the upstream that serves a resource, prompt or completion. */
  async forward(server: string | undefined, method: string, params: Record<string, unknown>, extra: Extra, notFound: () => McpError): Promise<Record<string, unknown>> {
    const upstream = server === undefined ? undefined : this.upstreams.get(server);
    if (!upstream) throw notFound();
    this.startNow(upstream);
    const client = await upstream.whenReady(this.options.readyTimeoutMs ?? 30_000).catch((e: Error) => {
      throw new McpError(ErrorCode.InternalError, e.message);
    });
    const flight: InFlight = { session: this.sessionOf(extra)!, extra, relayed: Promise.resolve() };
    if (flight.session) this.track(upstream.name, flight);
    try {
      const result = await client.request({ method, params } as never, AnyResult, { signal: extra.signal });
      await flight.relayed;
      return result;
    } catch (e) {
      const signIn = signInProblem(upstream, e);
      if (signIn) throw new McpError(ErrorCode.InternalError, signIn);
      if (isConnectionError(e)) upstream.connectionLost((e as Error).message);
      if (e instanceof McpError) throw new McpError(e.code, stripMcpPrefix(e.message), e.data);
      throw e;
    } finally {
      if (flight.session) this.untrack(upstream.name, flight);
    }
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
    for (const uri of session.subscriptions) this.maybeUnsubscribe(uri);
  }

  async subscribe(session: Session, uri: string, extra: Extra): Promise<void> {
    const server = this.catalog.resourceServer(uri);
    const first = ![...this.sessions.values()].some((s) => s.subscriptions.has(uri));
    const upstream = server ? this.upstreams.get(server) : undefined;
    if (first && upstream?.capabilities?.resources?.subscribe) {
      await this.forward(server, 'resources/subscribe', { uri }, extra, () => new McpError(-32002, `Resource ${uri} not found`));
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

  private sessionOf(extra: Extra): Session | undefined {
    return extra.sessionId ? this.sessions.get(extra.sessionId) : undefined;
  }

  private track(server: string, flight: InFlight): void {
    const list = this.inFlight.get(server);
    if (list) list.push(flight);
    else this.inFlight.set(server, [flight]);
  }

  private untrack(server: string, flight: InFlight): void {
    const list = this.inFlight.get(server);
    if (!list) return;
    const i = list.indexOf(flight);
    if (i !== -1) list.splice(i, 1);
    if (list.length === 0) this.inFlight.delete(server);
  }

  /**
   * Sampling, elicitation and roots requests from a server go to the session whose call is in flight on
   * that server (the most recent one if several are), and only if that session declared the capability.
   * Stdio gives no way to tell which call a request belongs to; that is the documented limit.
   */
  private async serverRequest(upstream: Upstream, request: ServerRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    const flights = this.inFlight.get(upstream.name) ?? [];
    const flight = flights.at(-1);
    if (!flight) {
      throw new McpError(ErrorCode.InvalidRequest, `Agent Hub can only pass ${request.method} to a client during one of its calls to "${upstream.name}".`);
    }
    // With calls from several clients in flight, the request could belong to any of them: asking the
    // wrong one would show one client's data to another, so refuse instead.
    if (flights.some((f) => f.session !== flight.session)) {
      throw new McpError(ErrorCode.InvalidRequest, `Agent Hub cannot tell which client's call this ${request.method} belongs to (several clients are calling "${upstream.name}").`);
    }
    const caps = flight.session.server.getClientCapabilities() ?? {};
    const capability = { 'sampling/createMessage': caps.sampling, 'elicitation/create': caps.elicitation, 'roots/list': caps.roots }[request.method];
    if (!capability) {
      throw new McpError(ErrorCode.MethodNotFound, `The calling client does not support ${request.method}.`);
    }
    return flight.extra.sendRequest({ method: request.method, params: request.params }, AnyResult, { signal });
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
      const flights = this.inFlight.get(upstream.name);
      if (flights?.length) {
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

/** The SDK prefixes "MCP error N: " to every error it receives; passing one on must not stack them. */
export function stripMcpPrefix(message: string): string {
  return message.replace(/^(MCP error -?\d+: )+/, '');
}

/** The connection to an HTTP server is gone (it restarted and forgot our session, or is unreachable). */
/**
 * A call that failed for want of a sign-in, as one sentence for the client; undefined otherwise. A
 * lost or refused grant (401) puts the server in sign-in-needed; a 403 for more scopes concerns only
 * what was called, so the server keeps running for everything else.
 */
function signInProblem(upstream: Upstream, e: unknown): string | undefined {
  const auth = upstream.auth;
  if (!auth) return undefined;
  const code = (e as { code?: unknown }).code;
  const unauthorized = (e as Error).name === 'UnauthorizedError' || code === 401;
  if (auth.stepUp && (code === 403 || unauthorized)) {
    const scope = auth.stepUp.scope ? ` (${auth.stepUp.scope})` : '';
    return `Server "${upstream.name}" needs more permissions for this${scope}: run "agent-hub login ${upstream.name}" or press Sign in on the Servers page, then try again.`;
  }
  if (!auth.signInNeeded || !(unauthorized || /needs you to sign in/.test((e as Error).message))) return undefined;
  upstream.signInRequired();
  return upstream.unavailableReason();
}

function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return (e instanceof TypeError && /fetch/i.test(e.message)) || code === 404 || code === ErrorCode.ConnectionClosed;
}

function firstText(result: Record<string, unknown>): string | undefined {
  const content = result.content as { type: string; text?: string }[] | undefined;
  return content?.find((c) => c.type === 'text')?.text?.slice(0, 500);
}
